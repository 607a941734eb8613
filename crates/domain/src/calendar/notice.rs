//! Reading the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的
//! 通知) as it is published, to derive the year's holidays and make-up working days;
//! and the notices that later adjust a year (调整2019年劳动节假期, 延长2020年春节假期).
//!
//! The notices have kept one form since 2014: numbered items "一、元旦：…", each with
//! sentences "A至B放假调休，共N天。" (a block of days off, weekends inside included),
//! "A放假，与周末连休。" (one day off) and "C、D上班。" (make-up working days), dates
//! written "1月1日" with the year only where it differs, and the weekday in brackets.
//! Text pasted from a web page may have lost its line breaks or used half-width
//! punctuation; both are read.

use chrono::{Datelike, Days, NaiveDate};

use super::{CalendarError, DayKind, Notice, SpecialDay, YearSchedule};

/// The festivals a notice names.
const FESTIVALS: [&str; 7] = [
    "元旦",
    "春节",
    "清明节",
    "劳动节",
    "端午节",
    "中秋节",
    "国庆节",
];

/// Why a notice's text could not be read. Messages are in Chinese for the
/// administrator who pasted it, and name the item at fault.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    #[error(
        "未能识别通知的年度：标题应为“国务院办公厅关于YYYY年部分节假日安排的通知”或正文含“现将YYYY年……”"
    )]
    NoYear,
    #[error("未找到放假安排：正文应有“一、元旦：……放假……”这样的分项")]
    NoItems,
    #[error("“{item}”中的日期“{text}”无法识别")]
    BadDate { item: String, text: String },
    #[error("“{item}”写明共{stated}天，但{from}至{to}为{actual}天")]
    CountMismatch {
        item: String,
        stated: u32,
        actual: u32,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("这是一份调整通知（{title}），须在{year}年的节假日安排已载入后适用")]
    AdjustsNothing { title: String, year: i32 },
    #[error("调整通知所涉“{festival}”在{year}年的安排中不存在")]
    NoSuchFestival { festival: String, year: i32 },
    #[error("按通知得出的安排有误：{0}")]
    Schedule(#[from] CalendarError),
}

/// What one sentence of an item says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// Days off from the first date to the second, inclusive.
    Off(NaiveDate, NaiveDate),
    /// A make-up working day.
    Work(NaiveDate),
    /// "延长…假期至D": the festival's days off run on to D; make-up days before D lapse.
    ExtendTo(NaiveDate),
}

/// A festival's changes, as one numbered item states them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    name: String,
    changes: Vec<Change>,
}

/// A holiday notice, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayNotice {
    /// Title, 文号 and date as the text gives them (the address is left empty).
    pub notice: Notice,
    /// The year the notice is for.
    pub year: i32,
    /// A notice that changes a year already announced rather than announcing it.
    pub adjusts: bool,
    items: Vec<Item>,
}

/// Folds what pasting does to the text: full-width digits, half-width punctuation,
/// spaces inside lines; and puts each numbered item on a line of its own.
fn normalise(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\r'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            ';' => '；',
            '[' => '〔',
            ']' => '〕',
            _ => c,
        })
        .collect();
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        let starts_item = is_numeral(c)
            && matches!(i.checked_sub(1).map(|p| chars[p]), Some('。' | '：' | '，'))
            && chars[i..]
                .iter()
                .find(|c| !is_numeral(**c))
                .is_some_and(|n| *n == '、');
        if starts_item {
            out.push('\n');
        }
        out.push(c);
    }
    out
}

fn is_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// Removes bracketed notes: weekdays, lunar dates ("（农历腊月二十八、周日）").
fn without_notes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A date as written: "2018年12月30日", "2月4日", "7日" (month and year from context).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    year: Option<i32>,
    month: Option<u32>,
    day: u32,
}

fn written(s: &str) -> Option<Written> {
    let s = s.trim_start_matches(|c: char| !c.is_ascii_digit());
    let (year, rest) = match s.split_once('年') {
        Some((y, r)) => (Some(y.parse().ok()?), r),
        None => (None, s),
    };
    let (month, rest) = match rest.split_once('月') {
        Some((m, r)) => (Some(m.parse().ok()?), r),
        None => (None, rest),
    };
    let day = rest.strip_suffix('日')?.parse().ok()?;
    Some(Written { year, month, day })
}

/// Resolves a written date: an absent month is `month`'s; an absent year is the
/// notice's year, or the year before for December in a 元旦 item (the New Year block
/// announced with the year starts in the old one).
fn resolve(w: Written, year: i32, month: Option<u32>, new_year: bool) -> Option<NaiveDate> {
    let m = w.month.or(month)?;
    let y = w
        .year
        .unwrap_or(if new_year && m == 12 { year - 1 } else { year });
    NaiveDate::from_ymd_opt(y, m, w.day)
}

impl HolidayNotice {
    /// Reads a notice's text (title and 文号 lines included, as published).
    pub fn parse(text: &str) -> Result<Self, NoticeError> {
        let text = normalise(text);
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let title = lines
            .iter()
            .find(|l| l.starts_with("国务院办公厅关于") && l.ends_with("通知"))
            .map_or_else(String::new, |l| (*l).to_owned());
        let number = lines
            .iter()
            .find(|l| l.contains('〔') && l.ends_with('号') && l.chars().count() <= 24)
            .map_or_else(String::new, |l| (*l).to_owned());
        let issued_on = lines.iter().rev().find_map(|l| {
            let w = written(l).filter(|_| l.ends_with('日') && l.chars().count() <= 12)?;
            NaiveDate::from_ymd_opt(w.year?, w.month?, w.day)
        });
        let year = year_of(&title)
            .or_else(|| {
                lines
                    .iter()
                    .find_map(|l| l.split_once("现将").and_then(|(_, r)| year_of(r)))
            })
            .ok_or(NoticeError::NoYear)?;
        let adjusts = title.contains("调整") || title.contains("延长");
        let title_festival = FESTIVALS
            .iter()
            .find(|f| title.contains(*f))
            .map(|f| (*f).to_owned());

        let mut items = Vec::new();
        for line in &lines {
            let Some(body) = item_body(line) else {
                continue;
            };
            let (name, rest) = match body.split_once('：') {
                Some((n, r))
                    if !n.chars().any(|c| c.is_ascii_digit()) && n.chars().count() <= 12 =>
                {
                    (n.to_owned(), r)
                }
                _ => match &title_festival {
                    Some(f) => (f.clone(), body),
                    None => continue,
                },
            };
            let changes = changes_of(&name, rest, year)?;
            if !changes.is_empty() {
                items.push(Item { name, changes });
            }
        }
        if items.is_empty() {
            return Err(NoticeError::NoItems);
        }
        Ok(Self {
            notice: Notice {
                title,
                number,
                url: String::new(),
                issued_on,
            },
            year,
            adjusts,
            items,
        })
    }

    /// The year's schedule by this notice: on its own for a yearly notice, or applied
    /// to `base` (the year as announced so far) for a notice that adjusts it.
    pub fn schedule(&self, base: Option<&YearSchedule>) -> Result<YearSchedule, NoticeError> {
        let (mut notices, mut days) = match (self.adjusts, base) {
            (false, _) => (Vec::new(), Vec::new()),
            (true, Some(b)) => (b.notices.clone(), b.days.clone()),
            (true, None) => {
                return Err(NoticeError::AdjustsNothing {
                    title: self.notice.title.clone(),
                    year: self.year,
                });
            }
        };
        notices.push(self.notice.clone());
        for item in &self.items {
            let extends = item
                .changes
                .iter()
                .any(|c| matches!(c, Change::ExtendTo(_)));
            if self.adjusts && !extends {
                // A restated festival replaces what the year had for it.
                days.retain(|d| d.name != item.name);
            }
            for change in &item.changes {
                match *change {
                    Change::Off(from, to) => {
                        for date in from.iter_days().take_while(|d| *d <= to) {
                            set(&mut days, date, &item.name, DayKind::Holiday);
                        }
                    }
                    Change::Work(date) => set(&mut days, date, &item.name, DayKind::MakeUpWorkday),
                    Change::ExtendTo(until) => {
                        let last = days
                            .iter()
                            .filter(|d| d.name == item.name && d.kind == DayKind::Holiday)
                            .map(|d| d.date)
                            .max()
                            .ok_or_else(|| NoticeError::NoSuchFestival {
                                festival: item.name.clone(),
                                year: self.year,
                            })?;
                        for date in last.iter_days().skip(1).take_while(|d| *d <= until) {
                            set(&mut days, date, &item.name, DayKind::Holiday);
                        }
                    }
                }
            }
        }
        Ok(YearSchedule::new(self.year, notices, days)?)
    }
}

/// Lists `date` once, as `kind` of festival `name`.
fn set(days: &mut Vec<SpecialDay>, date: NaiveDate, name: &str, kind: DayKind) {
    days.retain(|d| d.date != date);
    days.push(SpecialDay {
        date,
        name: name.to_owned(),
        kind,
    });
}

/// "…2026年…" → 2026 (the first four-digit year).
fn year_of(s: &str) -> Option<i32> {
    let i = s.find('年')?;
    let digits: String = s[..i]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten()
}

/// The text of a numbered item ("二、春节：…" → "春节：…").
fn item_body(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(is_numeral);
    (rest.len() < line.len()).then_some(())?;
    rest.strip_prefix('、')
}

/// The changes an item's sentences state.
fn changes_of(name: &str, text: &str, year: i32) -> Result<Vec<Change>, NoticeError> {
    let new_year = name.contains("元旦");
    let bad = |t: &str| NoticeError::BadDate {
        item: name.to_owned(),
        text: t.to_owned(),
    };
    let mut out = Vec::new();
    for sentence in without_notes(text).split(['。', '；']) {
        if let Some((_, rest)) = sentence.split_once("假期至") {
            let until = rest.split('，').next().unwrap_or_default();
            let w = written(until).ok_or_else(|| bad(until))?;
            let date = resolve(w, year, None, false).ok_or_else(|| bad(until))?;
            out.push(Change::ExtendTo(date));
        } else if let Some((dates, after)) = sentence.split_once("放假") {
            let (from, to) = match dates.split_once('至') {
                Some((a, b)) => (a, b),
                None => (dates, dates),
            };
            let wa = written(from).ok_or_else(|| bad(dates))?;
            let wb = written(to).ok_or_else(|| bad(dates))?;
            let a = resolve(wa, year, None, new_year).ok_or_else(|| bad(dates))?;
            let b = match wb.year {
                Some(_) => resolve(wb, year, None, false),
                // "12月30日至1月1日": the block runs into the next year.
                None => resolve(
                    Written {
                        year: Some(if wb.month.is_some_and(|m| m < a.month()) {
                            a.year() + 1
                        } else {
                            a.year()
                        }),
                        ..wb
                    },
                    year,
                    Some(a.month()),
                    false,
                ),
            }
            .ok_or_else(|| bad(dates))?;
            if b < a || b > a.checked_add_days(Days::new(31)).unwrap_or(a) {
                return Err(bad(dates));
            }
            if let Some(stated) = stated_days(after) {
                let actual = (b - a).num_days() as u32 + 1;
                if stated != actual {
                    return Err(NoticeError::CountMismatch {
                        item: name.to_owned(),
                        stated,
                        actual,
                        from: a,
                        to: b,
                    });
                }
            }
            out.push(Change::Off(a, b));
        } else if let Some(dates) = sentence.strip_suffix("上班")
            && !dates.ends_with("起正常")
        {
            for d in dates.split('、') {
                let w = written(d).ok_or_else(|| bad(d))?;
                out.push(Change::Work(
                    resolve(w, year, None, new_year).ok_or_else(|| bad(d))?,
                ));
            }
        }
    }
    Ok(out)
}

/// "调休，共7天" → 7; "1天，不调休" (2025's 元旦: "放假1天") → 1.
fn stated_days(after: &str) -> Option<u32> {
    let i = after.find('天')?;
    let digits: String = after[..i]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn pasted_without_line_breaks_and_with_half_width_punctuation() {
        let text = "国务院办公厅关于2030年部分节假日安排的通知 国办发明电〔2029〕9号 各省、自治区、直辖市人民政府：经国务院批准，现将2030年元旦、春节放假调休日期的具体安排通知如下。一、元旦:1月1日(周二)放假1天,不调休。二、春节:2月2日(周六)至8日(周五)放假调休,共7天。1月27日(周日)、2月9日(周六)上班。 国务院办公厅 2029年11月5日";
        let n = HolidayNotice::parse(text).unwrap();
        assert_eq!(n.year, 2030);
        assert_eq!(n.notice.number, "");
        let s = n.schedule(None).unwrap();
        let off: Vec<_> = s
            .days
            .iter()
            .filter(|x| x.kind == DayKind::Holiday)
            .map(|x| x.date)
            .collect();
        assert_eq!(off.len(), 8);
        assert!(off.contains(&d("2030-01-01")) && off.contains(&d("2030-02-08")));
        assert!(
            s.days
                .iter()
                .any(|x| x.date == d("2030-01-27") && x.kind == DayKind::MakeUpWorkday)
        );
    }

    #[test]
    fn a_count_that_disagrees_with_the_dates_is_refused() {
        let text =
            "国务院办公厅关于2030年部分节假日安排的通知\n一、春节：2月2日至8日放假调休，共8天。";
        assert!(matches!(
            HolidayNotice::parse(text),
            Err(NoticeError::CountMismatch {
                stated: 8,
                actual: 7,
                ..
            })
        ));
    }

    #[test]
    fn text_without_a_year_or_items_says_what_is_missing() {
        assert!(matches!(
            HolidayNotice::parse("通知如下。"),
            Err(NoticeError::NoYear)
        ));
        assert!(matches!(
            HolidayNotice::parse("国务院办公厅关于2030年部分节假日安排的通知\n请各地遵照执行。"),
            Err(NoticeError::NoItems)
        ));
        let e = HolidayNotice::parse(
            "国务院办公厅关于2030年部分节假日安排的通知\n一、春节：2月30日放假。",
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "“春节”中的日期“2月30日”无法识别");
    }

    #[test]
    fn a_make_up_day_on_a_weekday_is_refused() {
        let n = HolidayNotice::parse(
            "国务院办公厅关于2030年部分节假日安排的通知\n一、春节：2月2日至8日放假调休，共7天。2月11日上班。",
        )
        .unwrap();
        assert!(matches!(n.schedule(None), Err(NoticeError::Schedule(_))));
    }
}
