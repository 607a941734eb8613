//! 公开时限 as written in catalogs, parsed into a rule the platform can check when it has
//! one of the recurring forms (DOMAIN §9), and kept as text otherwise.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;

/// What starts a "within N working days" clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// 信息形成或变更之日
    FormedOrChanged,
    /// 制定或获取信息之日
    MadeOrObtained,
}

/// A checkable time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeRule {
    /// Published within `days` working days of the trigger; then, if `publicise` is set,
    /// shown for that many working days (公示).
    Within {
        trigger: Trigger,
        days: u32,
        publicise: Option<u32>,
    },
    /// 公示N个工作日 on its own: a publication window with no start clock.
    Publicise { days: u32 },
    /// 实时公开: published the day it is formed.
    RealTime,
    /// 长期公开: kept published; checked as "exists".
    LongTerm,
    /// 每年M月D日前 (月底前 = the month's last day).
    Yearly { month: u32, day: u32 },
}

/// Reads a number written in digits (full-width too) or in Chinese numerals up to 99.
fn number(s: &str) -> Option<u32> {
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if let Ok(n) = ascii.parse() {
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

/// The number written just before `suffix` in `text` (e.g. "20" before "个工作日").
fn number_before(text: &str, suffix: &str) -> Option<u32> {
    let i = text.find(suffix)?;
    let head = &text[..i];
    let digits: String = head
        .chars()
        .rev()
        .take_while(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(c)
                || "零一二三四五六七八九十两".contains(*c)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    number(&digits)
}

impl TimeRule {
    /// Parses a catalog's 公开时限; `None` when it has none of the recurring forms.
    pub fn parse(text: &str) -> Option<TimeRule> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return None;
        }
        let publicise = t.find("公示").and_then(|i| {
            number_before(&t[i..], "个工作日").or_else(|| number_before(&t[i..], "工作日"))
        });
        let trigger = if t.contains("形成") || t.contains("变更") {
            Some(Trigger::FormedOrChanged)
        } else if t.contains("制定")
            || t.contains("获取")
            || t.contains("作出")
            || t.contains("产生")
        {
            Some(Trigger::MadeOrObtained)
        } else {
            None
        };
        // "…之日起N个工作日内": the first "个工作日内".
        let within = t.find("日起").and_then(|i| {
            number_before(&t[i..], "个工作日内").or_else(|| number_before(&t[i..], "工作日内"))
        });
        if let (Some(trigger), Some(days)) = (trigger, within) {
            return Some(TimeRule::Within {
                trigger,
                days,
                publicise,
            });
        }
        if let Some(days) = publicise {
            return Some(TimeRule::Publicise { days });
        }
        if t.starts_with("实时") || t == "即时公开" || t.starts_with("即时") {
            return Some(TimeRule::RealTime);
        }
        if t.starts_with("长期") || t.starts_with("常态") {
            return Some(TimeRule::LongTerm);
        }
        if let Some(rest) = t.strip_prefix("每年") {
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
            return Some(TimeRule::Yearly { month, day });
        }
        None
    }

    /// The rule in words, as the compliance table shows it.
    pub fn describe(&self) -> String {
        match *self {
            TimeRule::Within {
                trigger,
                days,
                publicise,
            } => {
                let from = match trigger {
                    Trigger::FormedOrChanged => "信息形成或变更之日",
                    Trigger::MadeOrObtained => "制定或获取信息之日",
                };
                match publicise {
                    Some(p) => format!("{from}起{days}个工作日内公开，公示{p}个工作日"),
                    None => format!("{from}起{days}个工作日内公开"),
                }
            }
            TimeRule::Publicise { days } => format!("公示{days}个工作日"),
            TimeRule::RealTime => "实时公开".into(),
            TimeRule::LongTerm => "长期公开".into(),
            TimeRule::Yearly { month, day } => format!("每年{month}月{day}日前"),
        }
    }

    /// The last day to publish content formed on `formed`; for yearly rules, the date
    /// in `formed`'s year. `None` for rules without a start clock.
    pub fn deadline(&self, calendar: &WorkCalendar, formed: NaiveDate) -> Option<NaiveDate> {
        match *self {
            TimeRule::Within { days, .. } => Some(calendar.add_workdays(formed, days).date),
            TimeRule::RealTime => Some(formed),
            TimeRule::Yearly { month, day } => last_valid(formed.year(), month, day),
            TimeRule::Publicise { .. } | TimeRule::LongTerm => None,
        }
    }

    /// The working days content must stay up, when the rule sets a window.
    pub fn window(&self) -> Option<u32> {
        match *self {
            TimeRule::Within { publicise, .. } => publicise,
            TimeRule::Publicise { days } => Some(days),
            _ => None,
        }
    }
}

/// `year-month-day`, or the month's last day when `day` is past it (月底 = 31).
fn last_valid(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    (1..=day)
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
}
