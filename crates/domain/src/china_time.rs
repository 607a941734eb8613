//! Dates with legal meaning are calendar dates in China time (Asia/Shanghai, UTC+8 with
//! no daylight saving since 1991); instants are kept in UTC.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::invalid::Invalid;

pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar date in China at instant `now`.
pub fn china_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&china_offset()).date_naive()
}

/// Parses a date field entered as `YYYY-MM-DD` (also accepting `YYYY/MM/DD` and
/// `YYYY年M月D日`, as officers type them).
pub fn parse_date(field: &'static str, label: &str, value: &str) -> Result<NaiveDate, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid::new(field, format!("请填写{label}")));
    }
    let normalised: String = v
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    NaiveDate::parse_from_str(normalised.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1949..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| {
            Invalid::new(
                field,
                format!("{label}“{v}”不是有效日期，请按“2026-01-31”的格式填写"),
            )
        })
}
