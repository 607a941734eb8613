//! Roles a user holds in an organisation. Who may do what is decided in one place:
//! [`crate::workflow::Action::required_roles`] for documents, and the helpers here for
//! administration.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::invalid::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 起草/录入: enters documents and proposes their attribute.
    Drafter,
    /// 审核: confirms (or corrects) the proposed attribute.
    Reviewer,
    /// 保密审查.
    SecrecyReviewer,
    /// 签发: the approving leader.
    Approver,
    /// 政府信息公开工作机构: corrections after publication, validity, withdrawal, yearly re-review.
    DisclosureOfficer,
    /// 政府信息公开工作机构负责人: approves extensions of the reply clock (条例 Art.33).
    DisclosureHead,
    /// Manages the organisation's data and users, and those of its subtree.
    OrgAdmin,
    /// 政务公开办: sees clocks and status across the subtree; read-only on documents.
    Supervisor,
    /// Everything, everywhere. Held without an organisation.
    PlatformAdmin,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Self::Drafter,
        Self::Reviewer,
        Self::SecrecyReviewer,
        Self::Approver,
        Self::DisclosureOfficer,
        Self::DisclosureHead,
        Self::OrgAdmin,
        Self::Supervisor,
        Self::PlatformAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Drafter => "drafter",
            Self::Reviewer => "reviewer",
            Self::SecrecyReviewer => "secrecy_reviewer",
            Self::Approver => "approver",
            Self::DisclosureOfficer => "disclosure_officer",
            Self::DisclosureHead => "disclosure_head",
            Self::OrgAdmin => "org_admin",
            Self::Supervisor => "supervisor",
            Self::PlatformAdmin => "platform_admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Drafter => "起草人",
            Self::Reviewer => "审核人",
            Self::SecrecyReviewer => "保密审查人",
            Self::Approver => "签发人",
            Self::DisclosureOfficer => "信息公开专员",
            Self::DisclosureHead => "信息公开机构负责人",
            Self::OrgAdmin => "单位管理员",
            Self::Supervisor => "政务公开办（监督）",
            Self::PlatformAdmin => "平台管理员",
        }
    }

    /// Roles whose grant on an organisation also covers every organisation below it.
    /// The others act only in the organisation they were granted in, because signing
    /// off a document is a personal responsibility of that unit ("谁审查、谁认定").
    pub fn covers_subtree(self) -> bool {
        matches!(
            self,
            Self::OrgAdmin | Self::Supervisor | Self::PlatformAdmin
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|r| r.as_str()).collect();
                Invalid::new("role", format!("未知角色“{s}”，可选：{}", known.join("、")))
            })
    }
}
