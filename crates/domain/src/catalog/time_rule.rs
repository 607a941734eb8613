//! 公开时限 as written in catalogs, read into rules the platform can check when each
//! clause has one of the recurring forms (DOMAIN §9), and kept as text otherwise.
//!
//! A cell may hold several clauses ("拟征收土地现状调查结束后5个工作日内，在村公示栏公开。
//! 收到征地批准文件之日起10个工作日内，在政府网站公开。"), stray spaces, full-width digits
//! and a trailing legal reservation ("法律、法规对政府信息公开的期限另有规定的，从其规定"),
//! which restates Art.26 and sets no period of its own.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;

/// What starts a "within N days" clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// 信息形成或变更之日 (产生, 更新).
    FormedOrChanged,
    /// 制定或获取信息之日 (制作, 作出, 收到, 批准).
    MadeOrObtained,
    /// The end of a 公示 with no objection: "经公示无异议后", "公示结束之日起". A
    /// publication deadline after the window, not a window itself.
    PublicityEnded,
    /// Another event the table names ("现状调查结束后"); checked from the content's
    /// 成文日期 like the others.
    Event,
    /// No start written ("20个工作日内"): Art.26's, the day the information is formed.
    Unstated,
}

impl Trigger {
    fn label(self) -> &'static str {
        match self {
            Trigger::FormedOrChanged => "信息形成或变更之日起",
            Trigger::MadeOrObtained => "制定或获取信息之日起",
            Trigger::PublicityEnded => "公示结束（无异议）之日起",
            Trigger::Event => "相关事项发生之日起",
            Trigger::Unstated => "（未写明起算日，按信息形成之日）",
        }
    }
}

/// Working days (工作日), or calendar days (日, 天).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    #[default]
    Working,
    Calendar,
}

impl DayUnit {
    pub fn label(self) -> &'static str {
        match self {
            DayUnit::Working => "个工作日",
            DayUnit::Calendar => "日",
        }
    }

    /// The day `n` of these units after `from` (民法典 Art.201: `from` is not counted).
    pub fn add(self, calendar: &WorkCalendar, from: NaiveDate, n: u32) -> NaiveDate {
        match self {
            DayUnit::Working => calendar.add_workdays(from, n).date,
            DayUnit::Calendar => from
                .checked_add_days(Days::new(u64::from(n)))
                .unwrap_or(from),
        }
    }

    /// How many of these units lie in `(from, to]`.
    pub fn between(self, calendar: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> u32 {
        match self {
            DayUnit::Working => calendar.workdays_between(from, to),
            DayUnit::Calendar => u32::try_from((to - from).num_days().max(0)).unwrap_or(0),
        }
    }
}

/// A checkable time limit: one clause of a 公开时限.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeRule {
    /// Published within `days` of the trigger; then, if `publicise` is set, shown for that
    /// many working days (公示).
    Within {
        trigger: Trigger,
        days: u32,
        #[serde(default)]
        unit: DayUnit,
        publicise: Option<u32>,
    },
    /// 公示N个工作日 on its own: a publication window with no start clock.
    Publicise {
        days: u32,
        #[serde(default)]
        unit: DayUnit,
    },
    /// 实时公开: published the day it is formed.
    RealTime,
    /// 长期公开: kept published; checked as "exists".
    LongTerm,
    /// 每年M月D日前 (月底前 = the month's last day).
    Yearly { month: u32, day: u32 },
}

/// Where a clause says the content goes, when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// 政府网站: the portal, which the compliance check looks at.
    Website,
    /// 村（社区）公示栏, 公开栏.
    NoticeBoard,
}

/// One clause of a 公开时限, as written and as understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clause {
    pub text: String,
    pub rule: Option<TimeRule>,
    pub place: Option<Place>,
}

/// A whole 公开时限 cell: its clauses in order, the legal reservation left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeLimit {
    pub clauses: Vec<Clause>,
}

/// Full-width digits, letters and brackets as ASCII; every kind of space removed (line
/// breaks included): how headings and time limits are compared.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Reads a number written in digits or in Chinese numerals up to 99.
fn number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['两'] => Some(2),
        [d] => digit(*d),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "零一二三四五六七八九十两".contains(c)
}

/// A number and its unit at the start of `s` ("7个工作日…", "十五天…"), and the length read.
fn amount(s: &str) -> Option<(u32, DayUnit, usize)> {
    let digits: String = s.chars().take_while(|c| is_numeral(*c)).collect();
    let n = number(&digits)?;
    let rest = &s[digits.len()..];
    for (unit, u) in [
        ("个工作日", DayUnit::Working),
        ("工作日", DayUnit::Working),
        ("个自然日", DayUnit::Calendar),
        ("自然日", DayUnit::Calendar),
        ("天", DayUnit::Calendar),
        ("日", DayUnit::Calendar),
    ] {
        if rest.starts_with(unit) {
            return Some((n, u, digits.len() + unit.len()));
        }
    }
    None
}

/// Every "N个工作日" (or 日, 天) in `t`, with its byte offset.
fn amounts(t: &str) -> Vec<(usize, u32, DayUnit)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let rest = &t[i..];
        let c = rest.chars().next().unwrap_or(' ');
        let starts_number = is_numeral(c) && !t[..i].chars().next_back().is_some_and(is_numeral);
        if starts_number && let Some((n, u, len)) = amount(rest) {
            out.push((i, n, u));
            i += len;
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// Words that end a 公示 and start a publication deadline after it.
const AFTER_PUBLICITY: [&str; 6] = [
    "公示无异议",
    "公示结束",
    "公示期满",
    "公示期结束",
    "公告期满",
    "公示后",
];

/// The 公示 window a clause sets ("公示7个工作日", "公示期不少于7天", "公告期限为5个工作日"),
/// and the offset of its number.
fn window(t: &str) -> Option<(u32, DayUnit, usize)> {
    for word in ["公示", "公告"] {
        let mut from = 0;
        while let Some(p) = t[from..].find(word) {
            let at = from + p + word.len();
            let mut rest = &t[at..];
            for prefix in [
                "期限为",
                "期限",
                "时间为",
                "时间",
                "期为",
                "期",
                "不少于",
                "不得少于",
                "至少",
                "为",
            ] {
                rest = rest.strip_prefix(prefix).unwrap_or(rest);
            }
            for prefix in ["不少于", "不得少于", "至少"] {
                rest = rest.strip_prefix(prefix).unwrap_or(rest);
            }
            if let Some((n, u, _)) = amount(rest) {
                return Some((n, u, t.len() - rest.len()));
            }
            from = at;
        }
    }
    None
}

fn trigger_of(before: &str) -> Trigger {
    if AFTER_PUBLICITY.iter().any(|w| before.contains(w)) {
        Trigger::PublicityEnded
    } else if ["形成", "变更", "产生", "更新"]
        .iter()
        .any(|w| before.contains(w))
    {
        Trigger::FormedOrChanged
    } else if [
        "制定", "获取", "制作", "作出", "收到", "批准", "印发", "下达",
    ]
    .iter()
    .any(|w| before.contains(w))
    {
        Trigger::MadeOrObtained
    } else if before.contains("之日") || before.ends_with('后') || before.contains("结束") {
        Trigger::Event
    } else {
        Trigger::Unstated
    }
}

impl TimeRule {
    /// Reads one clause; `None` when it has none of the recurring forms.
    pub fn parse(text: &str) -> Option<TimeRule> {
        let t = fold(text);
        if t.is_empty() {
            return None;
        }
        if let Some(rest) = t.strip_prefix("每年") {
            return yearly(rest);
        }
        let win = window(&t);
        // A deadline: the first "N个工作日" that is not the window's own number and is
        // followed by 内 (or stands at the clause's end, as "20工作日" does).
        let deadline = amounts(&t).into_iter().find(|(at, _, _)| {
            win.is_none_or(|(_, _, w)| *at != w) && {
                let rest = &t[*at..];
                let len = amount(rest).map_or(0, |(_, _, l)| l);
                let after = &rest[len..];
                after.starts_with('内') || after.is_empty() || after.starts_with("公开")
            }
        });
        if let Some((at, days, unit)) = deadline {
            let trigger = trigger_of(&t[..at]);
            // "公示结束之日起5个工作日内公开结果" names 公示 but sets no window.
            let publicise = win
                .filter(|(_, _, w)| *w > at)
                .filter(|(_, u, _)| *u == DayUnit::Working)
                .map(|(n, _, _)| n);
            return Some(TimeRule::Within {
                trigger,
                days,
                unit,
                publicise,
            });
        }
        if let Some((days, unit, _)) = win {
            return Some(TimeRule::Publicise { days, unit });
        }
        if t.starts_with("实时") || t.starts_with("即时") {
            return Some(TimeRule::RealTime);
        }
        if t.starts_with("长期") || t.starts_with("常态") || t.starts_with("保持长期") {
            return Some(TimeRule::LongTerm);
        }
        None
    }

    /// The rule in words, as the compliance table shows it.
    pub fn describe(&self) -> String {
        match *self {
            TimeRule::Within {
                trigger,
                days,
                unit,
                publicise,
            } => {
                let from = trigger.label();
                match publicise {
                    Some(p) => format!("{from}{days}{}内公开，公示{p}个工作日", unit.label()),
                    None => format!("{from}{days}{}内公开", unit.label()),
                }
            }
            TimeRule::Publicise { days, unit } => format!("公示{days}{}", unit.label()),
            TimeRule::RealTime => "实时公开".into(),
            TimeRule::LongTerm => "长期公开".into(),
            TimeRule::Yearly { month, day } => format!("每年{month}月{day}日前"),
        }
    }

    /// The last day to publish content formed on `formed`; for yearly rules, the date
    /// in `formed`'s year. `None` for rules without a start clock.
    pub fn deadline(&self, calendar: &WorkCalendar, formed: NaiveDate) -> Option<NaiveDate> {
        match *self {
            TimeRule::Within { days, unit, .. } => Some(unit.add(calendar, formed, days)),
            TimeRule::RealTime => Some(formed),
            TimeRule::Yearly { month, day } => last_valid(formed.year(), month, day),
            TimeRule::Publicise { .. } | TimeRule::LongTerm => None,
        }
    }

    /// The days content must stay up, when the rule sets a window.
    pub fn window(&self) -> Option<(u32, DayUnit)> {
        match *self {
            TimeRule::Within { publicise, .. } => publicise.map(|p| (p, DayUnit::Working)),
            TimeRule::Publicise { days, unit } => Some((days, unit)),
            _ => None,
        }
    }
}

/// The legal reservation that restates Art.26 ("…另有规定的，从其规定").
fn is_reservation(clause: &str) -> bool {
    clause.contains("另有规定") && clause.contains("从其规定")
}

/// Removes bracketed asides that hold the reservation: "（相关政策法规另有规定的应从其规定）".
fn without_reserved_asides(t: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    // Folded text has ASCII brackets only.
    while let Some(open) = rest.find('(') {
        let after = &rest[open..];
        match after.find(')').map(|c| c + 1) {
            Some(end) if is_reservation(&after[..end]) => {
                out.push_str(&rest[..open]);
                rest = &after[end..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl TimeLimit {
    /// Splits a cell into clauses (at line breaks, 。 and ；) and reads each.
    pub fn parse(text: &str) -> TimeLimit {
        let folded: String = text.lines().map(fold).collect::<Vec<_>>().join("\n");
        let cleaned = without_reserved_asides(&folded);
        let clauses = cleaned
            .split(['\n', '。', '；', ';'])
            .map(|c| c.trim_matches([',', '，', '、', '.']))
            .filter(|c| !c.is_empty() && !is_reservation(c))
            .map(|c| Clause {
                text: c.to_owned(),
                rule: TimeRule::parse(c),
                place: if c.contains("网站") {
                    Some(Place::Website)
                } else if c.contains("公示栏") || c.contains("公开栏") || c.contains("公示牌")
                {
                    Some(Place::NoticeBoard)
                } else {
                    None
                },
            })
            .collect();
        TimeLimit { clauses }
    }

    /// Every clause was understood (and there is at least one).
    pub fn understood(&self) -> bool {
        !self.clauses.is_empty() && self.clauses.iter().all(|c| c.rule.is_some())
    }

    /// The rule the portal's content is checked against: the clause for the government
    /// website when clauses name their channels, else the first clause that is understood.
    pub fn portal_rule(&self) -> Option<TimeRule> {
        let understood = || self.clauses.iter().filter(|c| c.rule.is_some());
        understood()
            .find(|c| c.place == Some(Place::Website))
            .or_else(|| understood().find(|c| c.place.is_none()))
            .or_else(|| understood().next())
            .and_then(|c| c.rule)
    }

    /// The understood clauses in words, "；"-separated.
    pub fn describe(&self) -> String {
        self.clauses
            .iter()
            .map(|c| c.rule.map_or_else(|| c.text.clone(), |r| r.describe()))
            .collect::<Vec<_>>()
            .join("；")
    }
}

/// "3月底前", "1月31日前", "十二月十五日前": the date of a yearly deadline.
fn yearly(rest: &str) -> Option<TimeRule> {
    let m = rest.find('月')?;
    let month = number(&rest[..m])?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let after = &rest[m + '月'.len_utf8()..];
    let day = if after.starts_with("底") {
        31
    } else {
        let d = after.find('日')?;
        number(&after[..d])?
    };
    if !(1..=31).contains(&day) {
        return None;
    }
    Some(TimeRule::Yearly { month, day })
}

/// `year-month-day`, or the month's last day when `day` is past it (月底 = 31).
fn last_valid(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    (1..=day)
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
}
