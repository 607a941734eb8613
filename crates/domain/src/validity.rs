//! Validity of a document (有效性) and the relations that explain a change of it.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::invalid::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    Valid,
    Amended,
    Repealed,
    Expired,
}

impl Validity {
    pub const ALL: [Validity; 4] = [Self::Valid, Self::Amended, Self::Repealed, Self::Expired];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Amended => "amended",
            Self::Repealed => "repealed",
            Self::Expired => "expired",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Valid => "有效",
            Self::Amended => "已修改",
            Self::Repealed => "已废止",
            Self::Expired => "已失效",
        }
    }
    /// Amendment and repeal are done by another document, which must be named; a
    /// document lapses (失效) by its own terms.
    pub fn needs_successor(self) -> bool {
        matches!(self, Self::Amended | Self::Repealed)
    }
}

impl FromStr for Validity {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Invalid::new("validity", format!("未知的有效性“{s}”")))
    }
}

/// How two documents relate. Stored from the newer document to the older one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Amends,
    Repeals,
    Interprets,
    Related,
}

impl Relation {
    pub const ALL: [Relation; 4] = [Self::Amends, Self::Repeals, Self::Interprets, Self::Related];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Amends => "amends",
            Self::Repeals => "repeals",
            Self::Interprets => "interprets",
            Self::Related => "related",
        }
    }
    /// Read from the newer document: "本文件修改了…".
    pub fn label_forward(self) -> &'static str {
        match self {
            Self::Amends => "修改",
            Self::Repeals => "废止",
            Self::Interprets => "解读",
            Self::Related => "相关文件",
        }
    }
    /// Read from the older document: "本文件已被…修改".
    pub fn label_backward(self) -> &'static str {
        match self {
            Self::Amends => "被修改",
            Self::Repeals => "被废止",
            Self::Interprets => "政策解读",
            Self::Related => "相关文件",
        }
    }
}

impl FromStr for Relation {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Invalid::new("relation", format!("未知的关联类型“{s}”")))
    }
}
