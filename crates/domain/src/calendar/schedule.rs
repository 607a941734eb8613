//! One year's schedule of holidays and make-up working days, and its two text formats.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{CalendarError, DayKind, MAX_YEAR, MIN_YEAR, Notice, SpecialDay, weekday_name};

/// The holidays and make-up working days announced for one year, with the notices that
/// announced them. See the [module documentation](super) for the JSON format.
///
/// Built through [`YearSchedule::new`], [`YearSchedule::from_json`] or
/// [`YearSchedule::from_holiday_cn`], a schedule is validated and its `days` are sorted
/// by date. The fields are public for reading; a schedule assembled by hand is still
/// accepted by [`WorkCalendar::insert`](super::WorkCalendar::insert), which does not
/// depend on the order of `days`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    /// The year the notices are for.
    pub year: i32,
    /// The notices, in the order given (the yearly notice first, then any that adjusted it).
    pub notices: Vec<Notice>,
    /// Holidays and make-up working days, sorted by date. May include days of December of
    /// the year before (e.g. 2018-12-29 to 2018-12-31 in the schedule for 2019).
    pub days: Vec<SpecialDay>,
}

impl YearSchedule {
    /// Validates and assembles a schedule; `days` may come in any order and are sorted.
    ///
    /// Checks: `year` in [`MIN_YEAR`]..=[`MAX_YEAR`]; every day between 1 December of the
    /// year before and 31 December of the year; no date listed twice; every name non-empty;
    /// every make-up working day a Saturday or Sunday. A schedule with no notices is
    /// allowed (its `notices` is then empty).
    ///
    /// # Errors
    /// The first problem found, as a [`CalendarError`] naming the 1-based position of the
    /// offending entry of `days`.
    pub fn new(
        year: i32,
        notices: Vec<Notice>,
        mut days: Vec<SpecialDay>,
    ) -> Result<Self, CalendarError> {
        check_year(i64::from(year))?;
        let first_allowed = NaiveDate::from_ymd_opt(year - 1, 12, 1)
            .ok_or(CalendarError::YearOutOfRange { year: year.into() })?;
        let last_allowed = NaiveDate::from_ymd_opt(year, 12, 31)
            .ok_or(CalendarError::YearOutOfRange { year: year.into() })?;

        let mut seen: HashMap<NaiveDate, usize> = HashMap::with_capacity(days.len());
        for (i, day) in days.iter().enumerate() {
            let index = i + 1;
            if day.date < first_allowed || day.date > last_allowed {
                return Err(CalendarError::DayOutOfRange {
                    index,
                    date: day.date,
                    year,
                });
            }
            if let Some(&first) = seen.get(&day.date) {
                return Err(CalendarError::DuplicateDate {
                    index,
                    first,
                    date: day.date,
                });
            }
            seen.insert(day.date, index);
            if day.name.trim().is_empty() {
                return Err(CalendarError::MissingName {
                    index,
                    date: day.date,
                });
            }
            if day.kind == DayKind::MakeUpWorkday && super::is_weekday(day.date) {
                return Err(CalendarError::MakeUpOnWeekday {
                    index,
                    date: day.date,
                    weekday: weekday_name(day.date),
                });
            }
        }
        days.sort_by_key(|d| d.date);
        Ok(Self {
            year,
            notices,
            days,
        })
    }

    /// Reads a schedule in this crate's JSON format (see the [module documentation](super)).
    /// A leading byte-order mark is ignored. Unknown fields are rejected so that a typo
    /// (`"of": true`) is not silently dropped.
    ///
    /// # Errors
    /// [`CalendarError::Json`] when the text does not have the format's structure, otherwise
    /// the first failed check of [`YearSchedule::new`], or [`CalendarError::BadDate`] /
    /// [`CalendarError::BadNoticeDate`] for an unreadable date.
    pub fn from_json(text: &str) -> Result<Self, CalendarError> {
        let raw: RawSchedule = serde_json::from_str(strip_bom(text))?;
        check_year(raw.year)?;
        let notices = raw
            .notices
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                let issued_on = match n.issued_on {
                    None => None,
                    Some(s) if s.trim().is_empty() => None,
                    Some(s) => Some(parse_date(&s).ok_or(CalendarError::BadNoticeDate {
                        index: i + 1,
                        value: s,
                    })?),
                };
                Ok(Notice {
                    title: n.title,
                    number: n.number,
                    url: n.url,
                    issued_on,
                })
            })
            .collect::<Result<Vec<_>, CalendarError>>()?;
        let days = raw
            .days
            .into_iter()
            .enumerate()
            .map(|(i, d)| special_day(i + 1, &d.date, d.name, d.off))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(narrow_year(raw.year)?, notices, days)
    }

    /// Reads one year's file of the `holiday-cn` data set
    /// (`{"year": 2026, "papers": [url, …], "days": [{"name", "date", "isOffDay"}, …]}`).
    ///
    /// Each address in `papers` becomes a [`Notice`] with that `url` and an empty `title`
    /// and `number` and no `issued_on`: the data set records only the address, and the
    /// title and number cannot be derived from it reliably (a year may have an adjusting
    /// notice, and the date in a gov.cn address is the day of publication, not the date
    /// the notice bears). Fill them in before saving with [`YearSchedule::to_json`].
    /// Other top-level fields (`$schema`, `$id`) are ignored.
    ///
    /// # Errors
    /// As for [`YearSchedule::from_json`].
    pub fn from_holiday_cn(text: &str) -> Result<Self, CalendarError> {
        let raw: RawHolidayCn = serde_json::from_str(strip_bom(text))?;
        check_year(raw.year)?;
        let notices = raw
            .papers
            .into_iter()
            .map(|url| Notice {
                title: String::new(),
                number: String::new(),
                url,
                issued_on: None,
            })
            .collect();
        let days = raw
            .days
            .into_iter()
            .enumerate()
            .map(|(i, d)| special_day(i + 1, &d.date, d.name, d.is_off_day))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(narrow_year(raw.year)?, notices, days)
    }

    /// Writes the schedule in this crate's JSON format: pretty-printed with two-space
    /// indentation, days in date order, a final newline. [`YearSchedule::from_json`] reads
    /// it back to an equal schedule, and the built-in data files are exactly this output.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut days: Vec<&SpecialDay> = self.days.iter().collect();
        days.sort_by_key(|d| d.date);
        let out = OutSchedule {
            year: self.year,
            notices: self
                .notices
                .iter()
                .map(|n| OutNotice {
                    title: &n.title,
                    number: &n.number,
                    url: &n.url,
                    issued_on: n.issued_on,
                })
                .collect(),
            days: days
                .into_iter()
                .map(|d| OutDay {
                    date: d.date,
                    name: &d.name,
                    off: d.kind == DayKind::Holiday,
                })
                .collect(),
        };
        // Plain structs of strings, numbers and booleans always serialise.
        let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The listed day on `date`, if any.
    #[must_use]
    pub fn day(&self, date: NaiveDate) -> Option<&SpecialDay> {
        self.days.iter().find(|d| d.date == date)
    }
}

fn check_year(year: i64) -> Result<(), CalendarError> {
    if (i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)).contains(&year) {
        Ok(())
    } else {
        Err(CalendarError::YearOutOfRange { year })
    }
}

fn narrow_year(year: i64) -> Result<i32, CalendarError> {
    i32::try_from(year).map_err(|_| CalendarError::YearOutOfRange { year })
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn special_day(
    index: usize,
    date: &str,
    name: String,
    off: bool,
) -> Result<SpecialDay, CalendarError> {
    let date = parse_date(date).ok_or_else(|| CalendarError::BadDate {
        index,
        value: date.to_owned(),
    })?;
    Ok(SpecialDay {
        date,
        name,
        kind: if off {
            DayKind::Holiday
        } else {
            DayKind::MakeUpWorkday
        },
    })
}

/// Parses exactly `YYYY-MM-DD` (four-digit year, zero-padded month and day).
fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let year: i32 = text[0..4].parse().ok()?;
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..10].parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    debug_assert_eq!(date.year(), year);
    Some(date)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    year: i64,
    #[serde(default)]
    notices: Vec<RawNotice>,
    days: Vec<RawDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    #[serde(default)]
    title: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    issued_on: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    date: String,
    #[serde(default)]
    name: String,
    off: bool,
}

#[derive(Deserialize)]
struct RawHolidayCn {
    year: i64,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<RawHolidayCnDay>,
}

#[derive(Deserialize)]
struct RawHolidayCnDay {
    #[serde(default)]
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

#[derive(Serialize)]
struct OutSchedule<'a> {
    year: i32,
    notices: Vec<OutNotice<'a>>,
    days: Vec<OutDay<'a>>,
}

#[derive(Serialize)]
struct OutNotice<'a> {
    title: &'a str,
    number: &'a str,
    url: &'a str,
    issued_on: Option<NaiveDate>,
}

#[derive(Serialize)]
struct OutDay<'a> {
    date: NaiveDate,
    name: &'a str,
    off: bool,
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_must_be_strict_iso() {
        assert!(parse_date("2026-02-14").is_some());
        for bad in [
            "2026-2-14",
            "2026-02-30",
            "26-02-14",
            "+2026-02-1",
            "2026/02/14",
            "2026-02-14 ",
            "",
            "２０２６-02-14",
        ] {
            assert!(parse_date(bad).is_none(), "{bad:?}");
        }
    }
}
