//! One item of a standard catalog, with every column of DOMAIN §9, checked from the
//! cells of a table row.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Audience, Channel, Level, Method, TimeRule};

/// A checked catalog item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    /// 公开领域 (one of the 26, or a deployment's own).
    pub domain: String,
    /// 一级事项
    pub first: String,
    /// 二级事项 (may be empty when the first level is the item).
    pub second: String,
    /// 公开内容（要素）
    pub content: String,
    /// 公开依据 ("—" where a table says there is none).
    pub basis: String,
    /// 公开时限 as written.
    pub time_limit: String,
    /// 公开主体
    pub subject: String,
    pub channels: BTreeSet<Channel>,
    /// Channels written out beyond the tick list.
    pub other_channels: String,
    pub audience: Audience,
    pub method: Method,
    pub levels: BTreeSet<Level>,
}

impl CatalogItem {
    /// The parsed time rule; `None` when the text is not one of the checkable forms.
    pub fn rule(&self) -> Option<TimeRule> {
        TimeRule::parse(&self.time_limit)
    }

    /// The key that identifies an item within a catalog and across versions.
    pub fn key(&self) -> (String, String, String) {
        (self.domain.clone(), self.first.clone(), self.second.clone())
    }
}

/// The cells of one table row, as text, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawItem {
    pub domain: String,
    pub first: String,
    pub second: String,
    pub content: String,
    pub basis: String,
    pub time_limit: String,
    pub subject: String,
    /// Channel names, from ticked columns or a text cell split on 、，,；; and spaces.
    pub channels: Vec<String>,
    /// Channels written out in an "其他" cell, kept as text whatever they say.
    pub other_channels: Vec<String>,
    pub audience: String,
    pub method: String,
    pub levels: Vec<String>,
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl RawItem {
    /// Checks the row; `known_domain` says whether a domain name is accepted. Returns
    /// every problem, in Chinese, so a row-by-row report can list them all.
    pub fn parse(&self, known_domain: impl Fn(&str) -> bool) -> Result<CatalogItem, Vec<String>> {
        let mut problems = Vec::new();
        let domain = clean(&self.domain);
        if domain.is_empty() {
            problems.push("缺少公开领域".to_owned());
        } else if !known_domain(&domain) {
            problems.push(format!("未知的公开领域“{domain}”"));
        }
        let required = [
            (&self.first, "一级事项"),
            (&self.content, "公开内容（要素）"),
            (&self.basis, "公开依据"),
            (&self.time_limit, "公开时限"),
            (&self.subject, "公开主体"),
        ];
        for (v, label) in required {
            if clean(v).is_empty() {
                problems.push(format!("缺少{label}"));
            }
        }
        let mut channels = BTreeSet::new();
        let mut other = Vec::new();
        for c in &self.channels {
            for part in c
                .split(['、', '，', ',', '；', ';', '\n'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                match Channel::recognise(part) {
                    Some(ch) => {
                        channels.insert(ch);
                    }
                    None => other.push(part.to_owned()),
                }
            }
        }
        other.extend(
            self.other_channels
                .iter()
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty()),
        );
        if !other.is_empty() {
            channels.insert(Channel::OtherChannel);
        }
        if channels.is_empty() {
            problems.push("缺少公开渠道和载体".to_owned());
        }
        let audience = Audience::recognise(&self.audience);
        if audience.is_none() {
            problems.push(if self.audience.trim().is_empty() {
                "缺少公开对象（全社会或特定群体）".to_owned()
            } else {
                format!(
                    "公开对象“{}”无法识别，应为全社会或特定群体",
                    self.audience.trim()
                )
            });
        }
        let method = Method::recognise(&self.method);
        if method.is_none() {
            problems.push(if self.method.trim().is_empty() {
                "缺少公开方式（主动或依申请）".to_owned()
            } else {
                format!("公开方式“{}”无法识别，应为主动或依申请", self.method.trim())
            });
        }
        let mut levels = BTreeSet::new();
        for l in self
            .levels
            .iter()
            .flat_map(|l| l.split(['、', '，', ',', ' ']))
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            match Level::ALL
                .iter()
                .find(|x| x.label() == l || l.starts_with(&x.label()[..3]))
            {
                Some(x) => {
                    levels.insert(*x);
                }
                None => problems.push(format!("公开层级“{l}”无法识别，应为县级、乡级或村级")),
            }
        }
        let (Some(audience), Some(method)) = (audience, method) else {
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CatalogItem {
            domain,
            first: clean(&self.first),
            second: clean(&self.second),
            content: self.content.trim().to_owned(),
            basis: self.basis.trim().to_owned(),
            time_limit: clean(&self.time_limit),
            subject: clean(&self.subject),
            channels,
            other_channels: other.join("、"),
            audience,
            method,
            levels,
        })
    }
}
