//! The rules, each naming the page it found something on.

use std::fmt;
use std::str::FromStr;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::interaction::message::VETO_MONTHS;
use crate::invalid::Invalid;

/// What an inspection checks. The first five are the 19号 single-veto items software
/// can see; the rest are deductions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// 首页不更新: nothing new on the unit's pages for two weeks.
    HomepageStale,
    /// 栏目不更新: a column past the update cycle of its kind.
    ColumnStale,
    /// 栏目长期未更新: a column with nothing new for a year.
    ColumnLongStale,
    /// 空白栏目.
    ColumnEmpty,
    /// 互动回应差: a 政务咨询 received in the past year left unanswered for over 3 months.
    ConsultUnanswered,
    /// A policy document (法规文件) published without its 文号.
    MissingDocNumber,
    /// The annual report not published by its statutory date (条例 Art.49, Art.50).
    ReportLate,
    /// A proactive document past its 20 working days (条例 Art.26) and still unpublished.
    PublicationOverdue,
    /// An application past its reply date (条例 Art.33) and still unanswered.
    ApplicationOverdue,
    /// A message past the deployment's reply time and still unanswered.
    MessageOverdue,
    /// A link on the unit's pages that leads nowhere.
    BrokenLink,
    /// A 政务新媒体 account of the unit with nothing posted for two weeks.
    MediaStale,
    /// Items of a published standard catalog with nothing published under them.
    CatalogEmpty,
    /// Items of a published standard catalog whose content missed its 公开时限.
    CatalogLate,
}

impl Rule {
    pub const ALL: [Rule; 14] = [
        Self::HomepageStale,
        Self::ColumnStale,
        Self::ColumnLongStale,
        Self::ColumnEmpty,
        Self::ConsultUnanswered,
        Self::MissingDocNumber,
        Self::ReportLate,
        Self::PublicationOverdue,
        Self::ApplicationOverdue,
        Self::MessageOverdue,
        Self::BrokenLink,
        Self::MediaStale,
        Self::CatalogEmpty,
        Self::CatalogLate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::HomepageStale => "homepage_stale",
            Self::ColumnStale => "column_stale",
            Self::ColumnLongStale => "column_long_stale",
            Self::ColumnEmpty => "column_empty",
            Self::ConsultUnanswered => "consult_unanswered",
            Self::MissingDocNumber => "missing_doc_number",
            Self::ReportLate => "report_late",
            Self::PublicationOverdue => "publication_overdue",
            Self::ApplicationOverdue => "application_overdue",
            Self::MessageOverdue => "message_overdue",
            Self::BrokenLink => "broken_link",
            Self::MediaStale => "media_stale",
            Self::CatalogEmpty => "catalog_empty",
            Self::CatalogLate => "catalog_late",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::HomepageStale => "首页两周未更新",
            Self::ColumnStale => "栏目未按周期更新",
            Self::ColumnLongStale => "栏目长期未更新",
            Self::ColumnEmpty => "空白栏目",
            Self::ConsultUnanswered => "政务咨询超过3个月未答复",
            Self::MissingDocNumber => "政策文件缺少文号",
            Self::ReportLate => "年度报告未按时公开",
            Self::PublicationOverdue => "文件超过20个工作日未公开",
            Self::ApplicationOverdue => "依申请公开超期未答复",
            Self::MessageOverdue => "留言超期未答复",
            Self::BrokenLink => "链接不可用",
            Self::MediaStale => "政务新媒体两周未更新",
            Self::CatalogEmpty => "标准目录事项无公开内容",
            Self::CatalogLate => "标准目录事项未按时限公开",
        }
    }

    /// How many findings of this rule veto the site (19号 单项否决); None for a
    /// deduction only.
    pub fn veto_at(self, t: &Thresholds) -> Option<usize> {
        match self {
            Self::HomepageStale | Self::ConsultUnanswered => Some(1),
            Self::ColumnStale => Some(t.stale_columns),
            Self::ColumnLongStale => Some(t.long_stale_columns),
            Self::ColumnEmpty => Some(t.empty_columns),
            _ => None,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Rule {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == s.trim())
            .ok_or_else(|| Invalid::new("rule", format!("没有“{}”这一检查项", s.trim())))
    }
}

/// The 19号 counts at which column findings veto the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// 动态要闻 over 2 weeks and 通知公告/政策文件 over 6 months, together: 5.
    pub stale_columns: usize,
    /// Columns long not updated: 10.
    pub long_stale_columns: usize,
    /// Empty columns: 5.
    pub empty_columns: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            stale_columns: 5,
            long_stale_columns: 10,
            empty_columns: 5,
        }
    }
}

/// 19号 names no period for "long not updated"; a year is how provincial inspectors
/// commonly read it, and columns with an update cycle of their own are counted by
/// that cycle instead.
pub const LONG_STALE_DAYS: i64 = 365;

/// A column's kind, which sets how stale it may become (a deployment setting per
/// column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// 动态、要闻: two weeks.
    News,
    /// 通知公告: six months.
    Notice,
    /// 政策文件: six months.
    Policy,
    /// No update cycle of its own: only "long not updated" and "empty" apply.
    Other,
}

impl ColumnKind {
    pub const ALL: [ColumnKind; 4] = [Self::News, Self::Notice, Self::Policy, Self::Other];

    pub fn code(self) -> &'static str {
        match self {
            Self::News => "news",
            Self::Notice => "notice",
            Self::Policy => "policy",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::News => "动态要闻类（2周）",
            Self::Notice => "通知公告类（6个月）",
            Self::Policy => "政策文件类（6个月）",
            Self::Other => "其他（不设更新周期）",
        }
    }

    /// The kind a 公开类别 column has until set otherwise: 法规文件 are policy
    /// documents; the other statutory columns change when their subject does.
    pub fn default_for(category_code: &str) -> ColumnKind {
        match category_code {
            "a20-01" => Self::Policy,
            _ => Self::Other,
        }
    }

    /// The last day an update keeps the column fresh on `today`, if it has a cycle.
    fn fresh_since(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::News => Some(today - chrono::Duration::days(14)),
            Self::Notice | Self::Policy => today.checked_sub_months(Months::new(6)),
            Self::Other => None,
        }
    }
}

/// The kinds a deployment gave its columns, written as lines of `category-code kind`
/// (`a20-01 policy`); columns not named keep [`ColumnKind::default_for`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnKinds(std::collections::BTreeMap<String, ColumnKind>);

impl ColumnKinds {
    pub fn parse(text: &str) -> Result<ColumnKinds, Invalid> {
        let mut out = std::collections::BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let bad = |m: String| Invalid::new("kinds", format!("第{}行：{m}", n + 1));
            let Some((code, kind)) = line.split_once(char::is_whitespace) else {
                return Err(bad("应为“栏目代码 类型”两项".into()));
            };
            if crate::category::Category::by_code(code).is_none() {
                return Err(bad(format!("没有“{code}”这一栏目")));
            }
            let kind: ColumnKind = kind.parse().map_err(|e: Invalid| bad(e.message))?;
            out.insert(code.to_owned(), kind);
        }
        Ok(ColumnKinds(out))
    }

    /// Sets one column's kind; its default kind is not written down.
    pub fn set(&mut self, code: &str, kind: ColumnKind) {
        if kind == ColumnKind::default_for(code) {
            self.0.remove(code);
        } else {
            self.0.insert(code.to_owned(), kind);
        }
    }

    pub fn of(&self, code: &str) -> ColumnKind {
        self.0
            .get(code)
            .copied()
            .unwrap_or_else(|| ColumnKind::default_for(code))
    }

    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|(c, k)| format!("{c} {}\n", k.code()))
            .collect()
    }
}

impl FromStr for ColumnKind {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or_else(|| Invalid::new("kind", format!("没有“{}”这一栏目类型", s.trim())))
    }
}

/// One column of a unit's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: String,
    pub page: String,
    pub kind: ColumnKind,
    pub items: u32,
    /// The newest item's date; items without one count as not updated (19号).
    pub last_update: Option<NaiveDate>,
}

/// A 政务咨询 taken up by the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consultation {
    pub number: String,
    pub page: String,
    pub received_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
}

/// Something the records already found wanting (a late clock, a missing 文号, a dead
/// link): the rule applies as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub page: String,
    pub detail: String,
}

/// A link on the portal that answered with an error, as the link check found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// The page the link is on.
    pub page: String,
    pub target: String,
    pub status: u16,
}

/// What one unit's pages show, as the app reads it from the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub today: NaiveDate,
    /// The unit's home page.
    pub homepage: String,
    /// The newest item anywhere on the unit's pages.
    pub last_update: Option<NaiveDate>,
    pub columns: Vec<Column>,
    pub consultations: Vec<Consultation>,
    /// Found by other parts of the platform, by rule.
    pub items: Vec<(Rule, Item)>,
}

/// One finding: the rule, the page, what was seen, and whether it vetoes the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub veto: bool,
    pub page: String,
    pub detail: String,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Applies every rule to one unit's facts.
pub fn inspect(f: &Facts, t: &Thresholds) -> Vec<Finding> {
    let mut found: Vec<(Rule, String, String)> = Vec::new();
    let two_weeks = f.today - chrono::Duration::days(14);
    if f.last_update.is_none_or(|d| d < two_weeks) {
        found.push((
            Rule::HomepageStale,
            f.homepage.clone(),
            match f.last_update {
                Some(d) => format!("最近一次更新在{}，已超过2周", day(d)),
                None => "从未发布内容".into(),
            },
        ));
    }
    let long_since = f.today - chrono::Duration::days(LONG_STALE_DAYS);
    for c in &f.columns {
        if c.items == 0 {
            found.push((
                Rule::ColumnEmpty,
                c.page.clone(),
                format!("“{}”栏目没有内容", c.title),
            ));
            continue;
        }
        let last = c.last_update;
        if let Some(fresh) = c.kind.fresh_since(f.today) {
            if last.is_none_or(|d| d < fresh) {
                found.push((
                    Rule::ColumnStale,
                    c.page.clone(),
                    format!(
                        "“{}”栏目（{}）最近更新于{}",
                        c.title,
                        c.kind.label(),
                        last.map_or("（无日期）".into(), day)
                    ),
                ));
            }
        } else if last.is_none_or(|d| d < long_since) {
            found.push((
                Rule::ColumnLongStale,
                c.page.clone(),
                format!(
                    "“{}”栏目最近更新于{}，超过一年",
                    c.title,
                    last.map_or("（无日期）".into(), day)
                ),
            ));
        }
    }
    let year_ago = f
        .today
        .checked_sub_months(Months::new(12))
        .unwrap_or(f.today);
    for m in &f.consultations {
        let limit = m
            .received_on
            .checked_add_months(Months::new(VETO_MONTHS))
            .unwrap_or(NaiveDate::MAX);
        let answered_late = m.answered_on.is_some_and(|a| a > limit);
        let still_open = m.answered_on.is_none() && f.today > limit;
        // "In the past year": received within it, or still waiting within it.
        let in_year = m.received_on >= year_ago || m.answered_on.is_none_or(|a| a >= year_ago);
        if in_year && (answered_late || still_open) {
            found.push((
                Rule::ConsultUnanswered,
                m.page.clone(),
                match m.answered_on {
                    Some(a) => {
                        format!("{}于{}收到，{}才答复", m.number, day(m.received_on), day(a))
                    }
                    None => format!("{}于{}收到，至今未答复", m.number, day(m.received_on)),
                },
            ));
        }
    }
    for (rule, item) in &f.items {
        found.push((*rule, item.page.clone(), item.detail.clone()));
    }
    let count = |r: Rule| found.iter().filter(|(x, _, _)| *x == r).count();
    found
        .iter()
        .map(|(rule, page, detail)| Finding {
            rule: *rule,
            veto: rule.veto_at(t).is_some_and(|n| count(*rule) >= n),
            page: page.clone(),
            detail: detail.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn column(kind: ColumnKind, last: Option<&str>, items: u32) -> Column {
        Column {
            title: "栏目".into(),
            page: "/yunxi/xxgk/fdzdgknr/a20-01".into(),
            kind,
            items,
            last_update: last.map(d),
        }
    }

    fn facts(today: &str) -> Facts {
        Facts {
            today: d(today),
            homepage: "/yunxi/".into(),
            last_update: Some(d(today)),
            columns: Vec::new(),
            consultations: Vec::new(),
            items: Vec::new(),
        }
    }

    fn rules(f: &Facts) -> Vec<(Rule, bool)> {
        inspect(f, &Thresholds::default())
            .into_iter()
            .map(|x| (x.rule, x.veto))
            .collect()
    }

    #[test]
    fn the_homepage_may_rest_two_weeks_to_the_day() {
        // Over the Spring Festival (2026-02-15..23 off) the calendar days still count.
        let mut f = facts("2026-02-24");
        f.last_update = Some(d("2026-02-10"));
        assert!(rules(&f).is_empty());
        f.last_update = Some(d("2026-02-09"));
        assert_eq!(rules(&f), [(Rule::HomepageStale, true)]);
        f.last_update = None;
        assert_eq!(rules(&f), [(Rule::HomepageStale, true)]);
    }

    #[test]
    fn columns_go_stale_by_their_kind() {
        let mut f = facts("2026-08-31");
        f.columns = vec![
            column(ColumnKind::News, Some("2026-08-17"), 3),
            column(ColumnKind::News, Some("2026-08-16"), 3),
            // Six months back from 31 August is 28 February (no 31 February).
            column(ColumnKind::Notice, Some("2026-02-28"), 3),
            column(ColumnKind::Policy, Some("2026-02-27"), 3),
            column(ColumnKind::Other, Some("2025-08-31"), 3),
            column(ColumnKind::Other, Some("2025-08-30"), 3),
            column(ColumnKind::Other, None, 0),
        ];
        assert_eq!(
            rules(&f),
            [
                (Rule::ColumnStale, false),
                (Rule::ColumnStale, false),
                (Rule::ColumnLongStale, false),
                (Rule::ColumnEmpty, false),
            ]
        );
        let found = inspect(&f, &Thresholds::default());
        assert!(
            found[0].detail.contains("2026-08-16"),
            "{}",
            found[0].detail
        );
        assert!(found[1].detail.contains("政策文件类"));
    }

    #[test]
    fn five_stale_or_empty_columns_or_ten_long_stale_veto() {
        let mut f = facts("2026-06-01");
        f.columns = vec![column(ColumnKind::News, Some("2026-01-01"), 1); 4];
        assert!(rules(&f).iter().all(|(_, veto)| !veto));
        f.columns
            .push(column(ColumnKind::Policy, Some("2025-01-01"), 1));
        assert!(
            rules(&f)
                .iter()
                .all(|(r, veto)| *r == Rule::ColumnStale && *veto)
        );
        f.columns = vec![column(ColumnKind::Other, None, 0); 5];
        assert!(
            rules(&f)
                .iter()
                .all(|(r, veto)| *r == Rule::ColumnEmpty && *veto)
        );
        f.columns = vec![column(ColumnKind::Other, Some("2024-01-01"), 2); 9];
        assert!(rules(&f).iter().all(|(_, veto)| !veto));
        f.columns.push(column(ColumnKind::Other, None, 2));
        assert_eq!(rules(&f).len(), 10);
        assert!(
            rules(&f)
                .iter()
                .all(|(r, veto)| *r == Rule::ColumnLongStale && *veto)
        );
    }

    #[test]
    fn a_consultation_vetoes_after_three_months_unanswered() {
        let m = |received: &str, answered: Option<&str>| Consultation {
            number: "ZX-2026-00001".into(),
            page: "/admin/messages/ZX-2026-00001".into(),
            received_on: d(received),
            answered_on: answered.map(d),
        };
        let mut f = facts("2026-05-01");
        // Received 31 January: three months end on 30 April (no 31 April).
        f.consultations = vec![m("2026-01-31", None)];
        assert_eq!(rules(&f), [(Rule::ConsultUnanswered, true)]);
        f.today = d("2026-04-30");
        f.last_update = Some(f.today);
        assert!(rules(&f).is_empty());
        // Answered on the last day: fine; a day later: a veto, even answered.
        f.today = d("2026-06-01");
        f.last_update = Some(f.today);
        f.consultations = vec![m("2026-01-31", Some("2026-04-30"))];
        assert!(rules(&f).is_empty());
        f.consultations = vec![m("2026-01-31", Some("2026-05-01"))];
        assert_eq!(rules(&f), [(Rule::ConsultUnanswered, true)]);
        // Answered late more than a year ago: outside the inspected year.
        f.today = d("2027-05-02");
        f.last_update = Some(f.today);
        assert!(rules(&f).is_empty());
    }

    #[test]
    fn column_kinds_are_a_setting() {
        let k = ColumnKinds::parse("a20-07 news\n\n a20-03  notice ").unwrap();
        assert_eq!(k.of("a20-07"), ColumnKind::News);
        assert_eq!(k.of("a20-03"), ColumnKind::Notice);
        assert_eq!(k.of("a20-01"), ColumnKind::Policy, "the default");
        assert_eq!(ColumnKinds::parse(&k.to_text()).unwrap(), k);
        let mut k = k;
        k.set("a20-07", ColumnKind::Other);
        assert_eq!(k.to_text(), "a20-03 notice\n");
        for (text, words) in [
            ("a99-01 news", "没有“a99-01”"),
            ("a20-01 weekly", "没有“weekly”"),
            ("a20-01", "两项"),
        ] {
            let e = ColumnKinds::parse(text).unwrap_err();
            assert!(
                e.message.contains(words) && e.message.starts_with("第1行"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn found_items_are_deductions_only() {
        let mut f = facts("2026-05-01");
        f.items = vec![(
            Rule::ApplicationOverdue,
            Item {
                page: "/admin/applications/1".into(),
                detail: "应于2026-04-28答复".into(),
            },
        )];
        assert_eq!(rules(&f), [(Rule::ApplicationOverdue, false)]);
        for r in Rule::ALL {
            assert_eq!(r.code().parse::<Rule>().unwrap(), r);
        }
    }
}
