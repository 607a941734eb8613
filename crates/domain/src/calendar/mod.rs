//! The working-day calendar (工作日) behind every statutory clock (DOMAIN §3).
//!
//! A date is a **day off** if it is listed as a holiday, or it is a Saturday or Sunday not
//! listed as a make-up working day (调休上班); every other date is a **working day**.
//! Holidays and make-up days are announced each year by 国务院办公厅, so the calendar is
//! data: one [`YearSchedule`] per year, merged into a [`WorkCalendar`]. The years 2018 to
//! 2026 are built in ([`WorkCalendar::builtin`]); administrators load later years at run
//! time with [`YearSchedule::from_json`] (or [`YearSchedule::from_holiday_cn`]) and
//! [`WorkCalendar::insert`], without a new release.
//!
//! # Counting (民法典 Art. 201)
//! "期间开始的当日不计入": [`WorkCalendar::add_workdays`]`(start, n)` never counts `start`;
//! it returns the `n`-th working day after it. [`WorkCalendar::workdays_between`] counts
//! the half-open range `(from, to]`, so the two agree:
//! `workdays_between(d, add_workdays(d, n).date) == n`.
//!
//! A year with no schedule loaded is still counted, with weekends as the only days off;
//! a [`Reckoning`] that crossed such a year is marked `provisional`. Note that the notice
//! for year *Y* + 1 may also change late December of *Y* (the notice for 2019 made
//! 2018-12-29 a working day and 2018-12-31 a holiday), so late-December results are final
//! only once the next year's notice is loaded too; [`WorkCalendar::is_confirmed`] looks
//! at the date's own year only.
//!
//! # The JSON format of a year's schedule
//! One file per year (`crates/domain/calendar/YYYY.json` for the built-in years):
//!
//! ```json
//! {
//!   "year": 2026,
//!   "notices": [
//!     {
//!       "title": "国务院办公厅关于2026年部分节假日安排的通知",
//!       "number": "国办发明电〔2025〕7号",
//!       "url": "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm",
//!       "issued_on": "2025-11-04"
//!     }
//!   ],
//!   "days": [
//!     { "date": "2026-01-01", "name": "元旦", "off": true },
//!     { "date": "2026-01-04", "name": "元旦", "off": false }
//!   ]
//! }
//! ```
//!
//! - `year`: the year the notices are for, 1990 to 2100.
//! - `notices`: every notice that set the year's days, the yearly notice first and then
//!   any that adjusted it (2019's Labour Day, 2020's Spring Festival extension). `title`,
//!   `number` (文号) and `url` are strings, empty when unknown; `issued_on` is the date the
//!   notice bears (成文日期, which can precede its publication on gov.cn), `"YYYY-MM-DD"`
//!   or `null` when unknown. The list may be empty (or the field left out).
//! - `days`: only the exceptions to the weekly rule. `"off": true` is a holiday — every
//!   day of a block the notice gives off ("…至…放假调休，共N天"), including the Saturdays
//!   and Sundays inside it; `"off": false` is a make-up working day, which must be a
//!   Saturday or Sunday. A weekend that a notice only says a holiday "与周末连休" (joins)
//!   is an ordinary weekend and is not listed. `name` is the festival as the notice
//!   names it ("春节", "国庆节、中秋节"). Dates are `"YYYY-MM-DD"`, from 1 December of the
//!   year before (a New Year block announced with the year) to 31 December, each at most
//!   once, in any order ([`YearSchedule::to_json`] writes them sorted).
//!
//! When two loaded schedules list the same December date, the later year's schedule wins:
//! its notice is the newer one.

mod error;
mod notice;
mod schedule;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, Days};
use serde::{Deserialize, Serialize};

pub use chrono::NaiveDate;
pub use error::CalendarError;
pub use notice::{HolidayNotice, NoticeError};
pub use schedule::YearSchedule;

/// The earliest year a schedule may be for.
pub const MIN_YEAR: i32 = 1990;
/// The latest year a schedule may be for.
pub const MAX_YEAR: i32 = 2100;

/// The built-in data files, `(year, JSON text)`, ascending by year.
pub const BUILTIN_DATA: [(i32, &str); 9] = [
    (2018, include_str!("../../calendar/2018.json")),
    (2019, include_str!("../../calendar/2019.json")),
    (2020, include_str!("../../calendar/2020.json")),
    (2021, include_str!("../../calendar/2021.json")),
    (2022, include_str!("../../calendar/2022.json")),
    (2023, include_str!("../../calendar/2023.json")),
    (2024, include_str!("../../calendar/2024.json")),
    (2025, include_str!("../../calendar/2025.json")),
    (2026, include_str!("../../calendar/2026.json")),
];

/// A notice of 国务院办公厅 that set a year's holidays and make-up working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Title, e.g. "国务院办公厅关于2026年部分节假日安排的通知"; empty when unknown.
    pub title: String,
    /// Document number (文号), e.g. "国办发明电〔2025〕7号"; empty when unknown.
    pub number: String,
    /// Address of the notice on www.gov.cn; empty when unknown.
    pub url: String,
    /// The date the notice bears (成文日期), when known.
    pub issued_on: Option<NaiveDate>,
}

/// What a listed day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayKind {
    /// A day off (放假), whatever day of the week it falls on.
    Holiday,
    /// A Saturday or Sunday that is a working day (调休上班).
    MakeUpWorkday,
}

/// A day listed in a year's schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    /// The date.
    pub date: NaiveDate,
    /// The festival, as the notice names it ("春节", "国庆节、中秋节").
    pub name: String,
    /// Day off or make-up working day.
    pub kind: DayKind,
}

/// The result of [`WorkCalendar::add_workdays`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reckoning {
    /// The due date.
    pub date: NaiveDate,
    /// Some day counted lies in a year with no schedule loaded, where only weekends were
    /// taken as days off: the date may move once that year's notice is loaded.
    pub provisional: bool,
}

/// One entry of the merged, date-sorted view of all loaded schedules.
#[derive(Debug, Clone, Copy)]
struct Merged {
    date: NaiveDate,
    kind: DayKind,
    /// The schedule (by year) and position in its `days` the entry came from.
    year: i32,
    index: usize,
}

/// The loaded schedules and the merged list of their special days.
///
/// Look-ups are a binary search over the merged list (a few hundred entries for the
/// built-in years); [`WorkCalendar::add_workdays`] and [`WorkCalendar::workdays_between`]
/// count ordinary weeks arithmetically and visit only the special days in range, so they
/// cost O(log k + special days in range), allocate nothing, and terminate for any input.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearSchedule>,
    merged: Vec<Merged>,
}

impl WorkCalendar {
    /// The built-in schedules for 2018 to 2026, from the data files in
    /// `crates/domain/calendar/` (parsed once per process, then cloned).
    ///
    /// # Panics
    /// Never for the shipped data, which the tests load; a broken data file would panic
    /// here on first use.
    #[must_use]
    pub fn builtin() -> Self {
        static BUILTIN: OnceLock<WorkCalendar> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut calendar = WorkCalendar::empty();
                for (year, text) in BUILTIN_DATA {
                    let schedule = YearSchedule::from_json(text)
                        .unwrap_or_else(|e| panic!("built-in calendar data for {year}: {e}"));
                    assert_eq!(schedule.year, year, "built-in calendar file {year}.json");
                    calendar.insert(schedule);
                }
                calendar
            })
            .clone()
    }

    /// A calendar with no schedules: only weekends are days off, and every reckoning is
    /// provisional.
    #[must_use]
    pub fn empty() -> Self {
        Self::default()
    }

    /// Loads a year's schedule, replacing (and returning) one already loaded for that year.
    pub fn insert(&mut self, schedule: YearSchedule) -> Option<YearSchedule> {
        let old = self.years.insert(schedule.year, schedule);
        self.rebuild();
        old
    }

    /// Unloads a year's schedule, returning it.
    pub fn remove(&mut self, year: i32) -> Option<YearSchedule> {
        let old = self.years.remove(&year);
        if old.is_some() {
            self.rebuild();
        }
        old
    }

    /// The loaded schedules, ascending by year.
    pub fn schedules(&self) -> impl Iterator<Item = &YearSchedule> {
        self.years.values()
    }

    /// The schedule loaded for `year`.
    #[must_use]
    pub fn schedule(&self, year: i32) -> Option<&YearSchedule> {
        self.years.get(&year)
    }

    /// Whether a schedule is loaded for `year`.
    #[must_use]
    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Whether `date` is a working day: a listed make-up working day, or a Monday to
    /// Friday that is not a listed holiday.
    #[must_use]
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        match self.lookup(date) {
            Some(m) => m.kind == DayKind::MakeUpWorkday,
            None => is_weekday(date),
        }
    }

    /// The listed day on `date` in the loaded schedules, if any.
    #[must_use]
    pub fn special_day(&self, date: NaiveDate) -> Option<&SpecialDay> {
        let m = self.lookup(date)?;
        self.years.get(&m.year)?.days.get(m.index)
    }

    /// Whether the year of `date` has a loaded schedule. (Late December can also be
    /// changed by the next year's notice; see the [module documentation](self).)
    #[must_use]
    pub fn is_confirmed(&self, date: NaiveDate) -> bool {
        self.has_year(date.year())
    }

    /// Whether a date reckoned in working days from `start` to `end` may still move: some
    /// year between them has no schedule loaded.
    #[must_use]
    pub fn is_provisional(&self, start: NaiveDate, end: NaiveDate) -> bool {
        (start.year().min(end.year())..=end.year().max(start.year())).any(|y| !self.has_year(y))
    }

    /// The year whose notice staff should load now, if any: this year when it is
    /// missing, or next year from 1 November (the notice usually comes out in
    /// November, and deadlines set in late November already run into January).
    #[must_use]
    pub fn year_to_load(&self, today: NaiveDate) -> Option<i32> {
        let year = today.year();
        if !self.has_year(year) {
            Some(year)
        } else if today.month() >= 11 && !self.has_year(year + 1) {
            Some(year + 1)
        } else {
            None
        }
    }

    /// The date `n` working days after `start`: the start day itself is never counted
    /// (民法典 Art.201: 期间开始的当日不计入), counting begins the next day; `n == 0`
    /// returns `start` (not provisional).
    ///
    /// `provisional` is set when a day in `(start, date]` lies in a year with no schedule
    /// loaded. Any `n` terminates: a result past the last representable date saturates at
    /// [`NaiveDate::MAX`] and is provisional.
    #[must_use]
    pub fn add_workdays(&self, start: NaiveDate, n: u32) -> Reckoning {
        if n == 0 {
            return Reckoning {
                date: start,
                provisional: false,
            };
        }
        let mut remaining = u64::from(n);
        let mut cur = start;
        let mut i = self.merged.partition_point(|m| m.date <= start);
        let found = loop {
            let Some(m) = self.merged.get(i) else {
                break nth_weekday_after(cur, remaining);
            };
            // Ordinary working days strictly between `cur` and the next listed day.
            let plain = weekdays_in(cur, m.date) - u64::from(is_weekday(m.date));
            if plain >= remaining {
                break nth_weekday_after(cur, remaining);
            }
            remaining -= plain;
            cur = m.date;
            if m.kind == DayKind::MakeUpWorkday {
                remaining -= 1;
                if remaining == 0 {
                    break Some(cur);
                }
            }
            i += 1;
        };
        match found {
            Some(date) => Reckoning {
                date,
                provisional: self.any_year_missing(start, date),
            },
            None => Reckoning {
                date: NaiveDate::MAX,
                provisional: true,
            },
        }
    }

    /// Number of working days in the half-open range `(from, to]`; 0 if `to <= from`.
    #[must_use]
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        let lo = self.merged.partition_point(|m| m.date <= from);
        let hi = self.merged.partition_point(|m| m.date <= to);
        let mut count = i64::try_from(weekdays_in(from, to)).unwrap_or(i64::MAX);
        for m in &self.merged[lo..hi] {
            match (m.kind, is_weekday(m.date)) {
                (DayKind::Holiday, true) => count -= 1,
                (DayKind::MakeUpWorkday, false) => count += 1,
                _ => {}
            }
        }
        u32::try_from(count.max(0)).unwrap_or(u32::MAX)
    }

    /// The first working day on or after `date` (`date` itself if it is one). Saturates
    /// at [`NaiveDate::MAX`].
    #[must_use]
    pub fn next_workday_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        // Runs of days off are short (the longest holiday block plus a weekend), and past
        // the last listed day every Monday is a working day, so this ends quickly.
        while !self.is_workday(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
        }
        d
    }

    fn lookup(&self, date: NaiveDate) -> Option<&Merged> {
        self.merged
            .binary_search_by_key(&date, |m| m.date)
            .ok()
            .map(|i| &self.merged[i])
    }

    /// Whether some day in `(start, end]` lies in a year with no schedule loaded.
    fn any_year_missing(&self, start: NaiveDate, end: NaiveDate) -> bool {
        let Some(first) = start.succ_opt() else {
            return false;
        };
        if end < first {
            return false;
        }
        let (y0, y1) = (first.year(), end.year());
        let span = i64::from(y1) - i64::from(y0) + 1;
        if span > i64::try_from(self.years.len()).unwrap_or(i64::MAX) {
            return true;
        }
        (y0..=y1).any(|y| !self.years.contains_key(&y))
    }

    fn rebuild(&mut self) {
        // Later years overwrite earlier ones on a shared (December) date.
        let mut by_date: BTreeMap<NaiveDate, Merged> = BTreeMap::new();
        for (&year, schedule) in &self.years {
            for (index, day) in schedule.days.iter().enumerate() {
                by_date.insert(
                    day.date,
                    Merged {
                        date: day.date,
                        kind: day.kind,
                        year,
                        index,
                    },
                );
            }
        }
        self.merged = by_date.into_values().collect();
    }
}

/// Monday to Friday.
pub(crate) fn is_weekday(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() < 5
}

/// The day of the week in Chinese (周一 … 周日).
pub fn weekday_name(date: NaiveDate) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        [date.weekday().num_days_from_monday() as usize]
}

/// Number of Mondays to Fridays in `(a, b]`; 0 if `b <= a`.
fn weekdays_in(a: NaiveDate, b: NaiveDate) -> u64 {
    let total = u64::try_from((b - a).num_days()).unwrap_or(0);
    let (weeks, rest) = (total / 7, total % 7);
    let start = u64::from(a.weekday().num_days_from_monday());
    // The `rest` days after the last full week follow `a`'s weekday cyclically.
    let tail = (1..=rest).filter(|j| (start + j) % 7 < 5).count() as u64;
    weeks * 5 + tail
}

/// The `k`-th Monday-to-Friday strictly after `d` (`k >= 1`); `None` past the last
/// representable date.
fn nth_weekday_after(d: NaiveDate, k: u64) -> Option<NaiveDate> {
    debug_assert!(k >= 1);
    let w = u64::from(d.weekday().num_days_from_monday());
    // From a weekend, count as from the Friday before: the next weekday is the same.
    let (base, w) = if w >= 5 {
        (d.checked_sub_days(Days::new(w - 4))?, 4)
    } else {
        (d, w)
    };
    let k1 = k - 1;
    let (weeks, r) = (k1 / 5, k1 % 5 + 1);
    let within = if w + r <= 4 { r } else { r + 2 };
    let offset = weeks.checked_mul(7)?.checked_add(within)?;
    base.checked_add_days(Days::new(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekday_arithmetic_matches_a_walk() {
        let start = d(2025, 12, 20);
        for offset in 0..21 {
            let a = start + Days::new(offset);
            let mut walked = 0;
            let mut cur = a;
            for len in 0..40u64 {
                let b = a + Days::new(len);
                if len > 0 {
                    cur = cur.succ_opt().unwrap();
                    if is_weekday(cur) {
                        walked += 1;
                    }
                }
                assert_eq!(weekdays_in(a, b), walked, "({a}, {b}]");
            }
            let mut cur = a;
            for k in 1..30u64 {
                cur = cur.succ_opt().unwrap();
                while !is_weekday(cur) {
                    cur = cur.succ_opt().unwrap();
                }
                assert_eq!(nth_weekday_after(a, k), Some(cur), "{k} after {a}");
            }
        }
    }

    #[test]
    fn extremes_saturate() {
        assert_eq!(nth_weekday_after(NaiveDate::MAX, 1), None);
        assert_eq!(nth_weekday_after(d(2026, 1, 1), u64::MAX), None);
        assert_eq!(weekdays_in(d(2026, 1, 2), d(2026, 1, 1)), 0);
    }
}
