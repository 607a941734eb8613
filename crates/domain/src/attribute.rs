//! The disclosure attribute decided at the source (源头认定, DOMAIN §2).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::invalid::{Invalid, multi_line};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// 主动公开
    Proactive,
    /// 依申请公开
    OnRequest,
    /// 不予公开
    NotDisclosed,
}

impl Attribute {
    pub const ALL: [Attribute; 3] = [Self::Proactive, Self::OnRequest, Self::NotDisclosed];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proactive => "proactive",
            Self::OnRequest => "on_request",
            Self::NotDisclosed => "not_disclosed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Proactive => "主动公开",
            Self::OnRequest => "依申请公开",
            Self::NotDisclosed => "不予公开",
        }
    }
    pub fn is_public(self) -> bool {
        self == Self::Proactive
    }
}

impl FromStr for Attribute {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| Invalid::new("attribute", format!("未知的公开属性“{s}”")))
    }
}

/// Legal grounds for not disclosing proactively (条例 2019, 国务院令第711号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalGround {
    /// Art.14: 国家秘密
    StateSecret,
    /// Art.14: 法律、行政法规禁止公开
    ForbiddenByLaw,
    /// Art.14: 危及国家安全、公共安全、经济安全、社会稳定
    EndangersSecurity,
    /// Art.15: 商业秘密
    TradeSecret,
    /// Art.15: 个人隐私
    PersonalPrivacy,
    /// Art.16: 内部事务信息
    InternalAffairs,
    /// Art.16: 过程性信息
    ProcessInformation,
    /// Art.16: 行政执法案卷
    EnforcementFile,
    /// Art.27: outside the proactive scope, provided on application.
    OutsideProactiveScope,
}

impl LegalGround {
    pub const ALL: [LegalGround; 9] = [
        Self::StateSecret,
        Self::ForbiddenByLaw,
        Self::EndangersSecurity,
        Self::TradeSecret,
        Self::PersonalPrivacy,
        Self::InternalAffairs,
        Self::ProcessInformation,
        Self::EnforcementFile,
        Self::OutsideProactiveScope,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::StateSecret => "state_secret",
            Self::ForbiddenByLaw => "forbidden_by_law",
            Self::EndangersSecurity => "endangers_security",
            Self::TradeSecret => "trade_secret",
            Self::PersonalPrivacy => "personal_privacy",
            Self::InternalAffairs => "internal_affairs",
            Self::ProcessInformation => "process_information",
            Self::EnforcementFile => "enforcement_file",
            Self::OutsideProactiveScope => "outside_proactive_scope",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::StateSecret => "属于国家秘密（条例第十四条）",
            Self::ForbiddenByLaw => "法律、行政法规禁止公开（条例第十四条）",
            Self::EndangersSecurity => {
                "公开后可能危及国家安全、公共安全、经济安全、社会稳定（条例第十四条）"
            }
            Self::TradeSecret => "涉及商业秘密（条例第十五条）",
            Self::PersonalPrivacy => "涉及个人隐私（条例第十五条）",
            Self::InternalAffairs => "属于内部事务信息（条例第十六条第一款）",
            Self::ProcessInformation => "属于过程性信息（条例第十六条第二款）",
            Self::EnforcementFile => "属于行政执法案卷信息（条例第十六条第二款）",
            Self::OutsideProactiveScope => "不属于主动公开范围，可依申请提供（条例第二十七条）",
        }
    }

    /// Whether this ground can justify the given attribute. Every ground that allows
    /// withholding also allows providing on application after case-by-case review;
    /// Art.27 alone does not justify withholding outright.
    pub fn allows(self, attribute: Attribute) -> bool {
        match attribute {
            Attribute::Proactive => false,
            Attribute::OnRequest => true,
            Attribute::NotDisclosed => self != Self::OutsideProactiveScope,
        }
    }
}

impl FromStr for LegalGround {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| Invalid::new("legal_ground", format!("未知的法律依据“{s}”")))
    }
}

/// An attribute with what it needs: a legal ground and a reason for the two non-public ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeDecision {
    pub attribute: Attribute,
    pub ground: Option<LegalGround>,
    pub reason: String,
}

impl AttributeDecision {
    pub fn proactive() -> Self {
        Self {
            attribute: Attribute::Proactive,
            ground: None,
            reason: String::new(),
        }
    }

    /// Parses the three form/API fields together. A 主动公开 decision drops any ground
    /// or reason sent along (a form may keep stale values in hidden inputs).
    pub fn parse(
        attribute: &str,
        ground: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Self, Invalid> {
        let attribute: Attribute = attribute.trim().parse()?;
        if attribute == Attribute::Proactive {
            return Ok(Self::proactive());
        }
        let ground = match ground.map(str::trim).filter(|g| !g.is_empty()) {
            None => {
                return Err(Invalid::new(
                    "legal_ground",
                    format!("公开属性为“{}”时须选择法律依据", attribute.label()),
                ));
            }
            Some(g) => g.parse::<LegalGround>()?,
        };
        if !ground.allows(attribute) {
            return Err(Invalid::new(
                "legal_ground",
                format!("“{}”不能作为{}的依据", ground.label(), attribute.label()),
            ));
        }
        let reason = multi_line(
            "attribute_reason",
            "理由",
            reason.unwrap_or(""),
            false,
            1000,
        )?;
        if reason.is_empty() {
            return Err(Invalid::new(
                "attribute_reason",
                format!("公开属性为“{}”时须说明理由", attribute.label()),
            ));
        }
        Ok(Self {
            attribute,
            ground: Some(ground),
            reason,
        })
    }
}
