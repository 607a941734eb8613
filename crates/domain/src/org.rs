//! Organisations: the tree of governments, departments and villages one deployment hosts.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::invalid::Invalid;

/// The level of an organisation (DOMAIN §1). Townships and county departments publish
/// through pages of the county portal rather than sites of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgLevel {
    Province,
    City,
    County,
    Township,
    Village,
    Department,
}

impl OrgLevel {
    pub const ALL: [OrgLevel; 6] = [
        Self::Province,
        Self::City,
        Self::County,
        Self::Township,
        Self::Village,
        Self::Department,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
            Self::Township => "township",
            Self::Village => "village",
            Self::Department => "department",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Province => "省",
            Self::City => "市",
            Self::County => "县（市、区）",
            Self::Township => "乡镇（街道）",
            Self::Village => "村（社区）",
            Self::Department => "部门",
        }
    }

    /// Whether an organisation of this level may sit under `parent`.
    /// Governments nest downwards; departments hang off any government; villages
    /// only under townships.
    pub fn may_sit_under(self, parent: OrgLevel) -> bool {
        use OrgLevel::*;
        match self {
            Province => false,
            City => parent == Province,
            County => matches!(parent, Province | City),
            Township => parent == County,
            Village => parent == Township,
            Department => matches!(parent, Province | City | County | Township),
        }
    }

    /// Governments (as opposed to departments and villages) publish the Art.20/21 lists
    /// in their own name.
    pub fn is_government(self) -> bool {
        matches!(
            self,
            Self::Province | Self::City | Self::County | Self::Township
        )
    }
}

impl fmt::Display for OrgLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgLevel {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| Invalid::new("level", format!("未知的机构层级“{s}”")))
    }
}

/// Path segments the portal and back office use for themselves; no organisation may take them.
const RESERVED_SLUGS: &[&str] = &[
    "admin",
    "api",
    "static",
    "assets",
    "healthz",
    "metrics",
    "a11y",
    "search",
    "login",
    "logout",
    "xxgk",
    "robots.txt",
    "favicon.ico",
    "sitemap.xml",
    "sitemap",
    "contact",
    "site",
    "hdjl",
];

/// The URL slug of an organisation: `/{slug}/xxgk/…`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if s.len() < 2 || s.len() > 40 || !ok_chars || s.starts_with('-') || s.ends_with('-') {
            return Err(Invalid::new(
                "slug",
                "网址标识须为2至40位小写字母、数字或连字符，且不以连字符开头或结尾",
            ));
        }
        if RESERVED_SLUGS.contains(&s) {
            return Err(Invalid::new(
                "slug",
                format!("网址标识“{s}”为系统保留，请换一个"),
            ));
        }
        Ok(Self(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}
impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}
impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The organisation code at the head of its 索引号 (often its 统一社会信用代码).
/// Upper-case letters and digits only, so that a 索引号 can be split unambiguously.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IndexCode(String);

impl IndexCode {
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let s = s.trim().to_ascii_uppercase();
        if s.is_empty()
            || s.len() > 18
            || !s
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(Invalid::new(
                "index_code",
                "索引号机构代码须为1至18位数字或大写字母（通常为统一社会信用代码）",
            ));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IndexCode {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}
impl From<IndexCode> for String {
    fn from(s: IndexCode) -> String {
        s.0
    }
}
impl fmt::Display for IndexCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Contact data that the 政府信息公开指南 must state (条例 Art.12).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Name of the disclosure office (政府信息公开工作机构).
    pub office: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub postcode: String,
}

impl Contact {
    /// Validates every field; all are optional but bounded, and the e-mail and post code
    /// must look like one when given.
    pub fn validated(self) -> Result<Self, Invalid> {
        use crate::invalid::{email, postcode, single_line};
        let email = email("email", &self.email, false)?;
        let postcode = postcode("postcode", &self.postcode, false)?;
        Ok(Self {
            office: single_line("office", "工作机构名称", &self.office, false, 100)?,
            address: single_line("address", "办公地址", &self.address, false, 200)?,
            hours: single_line("hours", "办公时间", &self.hours, false, 200)?,
            phone: single_line("phone", "联系电话", &self.phone, false, 60)?,
            fax: single_line("fax", "传真", &self.fax, false, 60)?,
            email,
            postcode,
        })
    }
}
