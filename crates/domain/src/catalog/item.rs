//! One item of a standard catalog, with every column of DOMAIN §9, checked from the
//! cells of a table row.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize};

use super::{Audience, Channel, Level, Method, TimeLimit, TimeRule};

/// A checked catalog item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    /// Names the item within its catalog, across the catalog's versions and in the
    /// catalogs derived from it: given once, when the item is first made (see
    /// [`assign_ids`]), and kept through every edit. Records made before ids existed
    /// get theirs when read.
    #[serde(default)]
    pub id: String,
    /// 公开领域 (one of the 26, or a deployment's own).
    pub domain: String,
    /// 一级事项
    pub first: String,
    /// 二级事项 (may be empty when the first level is the item).
    pub second: String,
    /// 三级事项, in the tables that have one.
    #[serde(default)]
    pub third: String,
    /// 公开内容（要素）
    pub content: String,
    /// 公开依据 ("—" where a table says there is none).
    pub basis: String,
    /// 公开时限 as written (clauses on their own lines).
    pub time_limit: String,
    /// 公开主体
    pub subject: String,
    pub channels: BTreeSet<Channel>,
    /// Channels written out beyond the tick list.
    pub other_channels: String,
    /// 公开对象: one or both.
    #[serde(deserialize_with = "one_or_many")]
    pub audience: BTreeSet<Audience>,
    /// 公开方式: one or both.
    #[serde(deserialize_with = "one_or_many")]
    pub method: BTreeSet<Method>,
    pub levels: BTreeSet<Level>,
    /// Text a table wrote in a tick column instead of a tick ("参建单位及相关职能部门"
    /// under 特定群体), by the column's heading; the column counts as ticked.
    #[serde(default)]
    pub tick_notes: BTreeMap<String, String>,
}

/// Reads a set written as one value (records made when an item had one audience and
/// one method) or as a list.
fn one_or_many<'de, D, T>(d: D) -> Result<BTreeSet<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Ord,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        One(T),
        Many(Vec<T>),
    }
    Ok(match OneOrMany::<T>::deserialize(d)? {
        OneOrMany::One(v) => BTreeSet::from([v]),
        OneOrMany::Many(v) => v.into_iter().collect(),
    })
}

fn labels<T: Copy>(set: &BTreeSet<T>, label: fn(T) -> &'static str) -> String {
    set.iter().map(|v| label(*v)).collect::<Vec<_>>().join("、")
}

impl CatalogItem {
    /// The 公开时限 read clause by clause.
    pub fn time_limit_rules(&self) -> TimeLimit {
        TimeLimit::parse(&self.time_limit)
    }

    /// The rule the portal's content is checked against; `None` when the text has none
    /// of the checkable forms.
    pub fn rule(&self) -> Option<TimeRule> {
        self.time_limit_rules().portal_rule()
    }

    /// 一级 / 二级 / 三级, the empty levels left out.
    pub fn path(&self) -> String {
        [&self.first, &self.second, &self.third]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// The item's name, followed by the start of its content when other items share
    /// the same path (最低生活保障 four times: policy, procedure, list, supervision).
    pub fn label_among(&self, items: &[CatalogItem]) -> String {
        let shared = items
            .iter()
            .filter(|i| i.same_path(self) && i.id != self.id)
            .count()
            > 0;
        if shared {
            let head: String = self.content.chars().take(16).collect();
            let more = if self.content.chars().count() > 16 {
                "…"
            } else {
                ""
            };
            format!("{}（{head}{more}）", self.path())
        } else {
            self.path()
        }
    }

    pub fn same_path(&self, other: &CatalogItem) -> bool {
        self.first == other.first && self.second == other.second && self.third == other.third
    }

    /// The ticked channels by their labels; 其他 by what the table wrote for it.
    pub fn channels_label(&self) -> String {
        self.channels
            .iter()
            .map(|c| match c {
                Channel::OtherChannel if !self.other_channels.is_empty() => {
                    self.other_channels.as_str()
                }
                c => c.label(),
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    pub fn audience_label(&self) -> String {
        labels(&self.audience, Audience::label)
    }

    pub fn method_label(&self) -> String {
        labels(&self.method, Method::label)
    }

    pub fn levels_label(&self) -> String {
        labels(&self.levels, Level::label)
    }

    /// The natural key an item is first named by: "一级/二级", with "/三级" when it has one.
    fn natural_id(&self) -> String {
        let mut id = format!("{}/{}", self.first, self.second);
        if !self.third.is_empty() {
            id.push('/');
            id.push_str(&self.third);
        }
        id
    }
}

/// Gives every item without an id one that no other item in the list has: its natural
/// key, then "#2", "#3" … for items sharing it. Items that have an id keep it.
pub fn assign_ids(items: &mut [CatalogItem]) {
    assign_ids_avoiding(items, &[]);
}

/// [`assign_ids`], also avoiding `reserved` — the ids of a derived catalog's reference,
/// which name the reference's items and must not name a local one.
pub fn assign_ids_avoiding(items: &mut [CatalogItem], reserved: &[String]) {
    let mut taken: BTreeSet<String> = items
        .iter()
        .filter(|i| !i.id.is_empty())
        .map(|i| i.id.clone())
        .chain(reserved.iter().cloned())
        .collect();
    for i in items.iter_mut().filter(|i| i.id.is_empty()) {
        let base = i.natural_id();
        let mut id = base.clone();
        let mut n = 1;
        while taken.contains(&id) {
            n += 1;
            id = format!("{base}#{n}");
        }
        taken.insert(id.clone());
        i.id = id;
    }
}

/// The cells of one table row, as text, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawItem {
    /// The area (领域) as the table names it; mapped to a domain on import.
    pub domain: String,
    pub first: String,
    pub second: String,
    pub third: String,
    pub content: String,
    pub basis: String,
    pub time_limit: String,
    pub subject: String,
    /// Channel names, from ticked columns or a text cell split on 、，,；; and spaces.
    pub channels: Vec<String>,
    /// Channels written out in an "其他" cell, kept as text whatever they say.
    pub other_channels: Vec<String>,
    /// 公开对象 and 公开方式 as text: "全社会", "特定群体", "主动、依申请" …
    pub audience: String,
    pub method: String,
    pub levels: Vec<String>,
    /// Text found in tick columns, by the column's heading.
    pub tick_notes: BTreeMap<String, String>,
}

/// A checked row and what it lacks that a catalog should have (reported, not refused:
/// real tables leave 公开依据 blank or write "—").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub item: CatalogItem,
    pub warnings: Vec<String>,
}

/// Text of a name cell on one line: whitespace inside Chinese text is a line break of
/// the cell ("最低生活\n保障"), dropped; between Latin words it becomes one space.
pub fn clean_name(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if part.is_empty() {
            continue;
        }
        let joins_words = out
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && part
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if joins_words {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Text of a long cell: each line trimmed (full-width spaces too), blank lines dropped.
pub fn clean_text(s: &str) -> String {
    s.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}'))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn parts(s: &str) -> impl Iterator<Item = &str> {
    s.split(['、', '，', ',', '；', ';', '\n', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

impl Level {
    /// The levels a heading or cell names: "县级", "区级", "东阳市级" (county);
    /// "乡级", "镇级", "镇街乡", "街道" (township); "村级", "村", "社区" (village);
    /// "乡、村级" and "乡（镇）村级" name two.
    pub fn recognise(text: &str) -> BTreeSet<Level> {
        let t = text.replace("社区", "村");
        let mut out = BTreeSet::new();
        if ["县", "区", "市", "省"].iter().any(|w| t.contains(w)) {
            out.insert(Level::County);
        }
        if ["乡", "镇", "街"].iter().any(|w| t.contains(w)) {
            out.insert(Level::Township);
        }
        if t.contains('村') {
            out.insert(Level::Village);
        }
        out
    }
}

impl RawItem {
    /// Checks the row; `known_domain` says whether a domain name is accepted. Returns
    /// the item with what it lacks, or every problem that keeps it from being an item.
    pub fn parse(&self, known_domain: impl Fn(&str) -> bool) -> Result<Parsed, Vec<String>> {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let domain = clean_name(&self.domain);
        if domain.is_empty() {
            problems.push("缺少公开领域".to_owned());
        } else if !known_domain(&domain) {
            problems.push(format!("未知的公开领域“{domain}”"));
        }
        let first = clean_name(&self.first);
        let second = clean_name(&self.second);
        let third = clean_name(&self.third);
        if first.is_empty() && second.is_empty() {
            problems.push("缺少公开事项（一级事项、二级事项均为空）".to_owned());
        }
        let content = clean_text(&self.content);
        if content.is_empty() {
            problems.push("缺少公开内容（要素）".to_owned());
        }
        let basis = clean_text(&self.basis);
        let time_limit = clean_text(&self.time_limit);
        let subject = clean_name(&self.subject);
        for (v, label) in [
            (&basis, "公开依据"),
            (&time_limit, "公开时限"),
            (&subject, "公开主体"),
        ] {
            if v.is_empty() {
                warnings.push(format!("缺少{label}"));
            }
        }
        let mut channels = BTreeSet::new();
        let mut other = Vec::new();
        for part in self.channels.iter().flat_map(|c| parts(c)) {
            match Channel::recognise(part) {
                Some(ch) => {
                    channels.insert(ch);
                }
                None => other.push(part.to_owned()),
            }
        }
        other.extend(
            self.other_channels
                .iter()
                .map(|o| clean_text(o))
                .filter(|o| !o.is_empty()),
        );
        if !other.is_empty() {
            channels.insert(Channel::OtherChannel);
        }
        if channels.is_empty() {
            warnings.push("缺少公开渠道和载体".to_owned());
        }
        let audience: BTreeSet<Audience> = parts(&self.audience)
            .filter_map(Audience::recognise)
            .collect();
        if audience.is_empty() {
            warnings.push(if self.audience.trim().is_empty() {
                "缺少公开对象（全社会或特定群体）".to_owned()
            } else {
                format!(
                    "公开对象“{}”无法识别，应为全社会或特定群体",
                    self.audience.trim()
                )
            });
        }
        let method: BTreeSet<Method> = parts(&self.method).filter_map(Method::recognise).collect();
        if method.is_empty() {
            warnings.push(if self.method.trim().is_empty() {
                "缺少公开方式（主动或依申请）".to_owned()
            } else {
                format!("公开方式“{}”无法识别，应为主动或依申请", self.method.trim())
            });
        }
        let mut levels = BTreeSet::new();
        for l in self.levels.iter().flat_map(|l| parts(l)) {
            let found = Level::recognise(l);
            if found.is_empty() {
                warnings.push(format!("公开层级“{l}”无法识别，应为县级、乡级或村级"));
            }
            levels.extend(found);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Parsed {
            item: CatalogItem {
                id: String::new(),
                domain,
                first,
                second,
                third,
                content,
                basis,
                time_limit,
                subject,
                channels,
                other_channels: other.join("、"),
                audience,
                method,
                levels,
                tick_notes: self
                    .tick_notes
                    .iter()
                    .map(|(k, v)| (k.clone(), clean_text(v)))
                    .filter(|(_, v)| !v.is_empty())
                    .collect(),
            },
            warnings,
        })
    }

    /// [`RawItem::parse`] for a form an officer fills in: what a table may lack, a form
    /// must give.
    pub fn parse_complete(
        &self,
        known_domain: impl Fn(&str) -> bool,
    ) -> Result<CatalogItem, Vec<String>> {
        let p = self.parse(known_domain)?;
        if p.warnings.is_empty() {
            Ok(p.item)
        } else {
            Err(p.warnings)
        }
    }
}
