//! Errors raised while reading a year's schedule.

use chrono::NaiveDate;

use super::{MAX_YEAR, MIN_YEAR};

/// Why a year's schedule was rejected. Messages are in Simplified Chinese for the
/// administrators who load a new year's notice; each names the offending entry.
///
/// Entries of `days` are numbered from 1 in the order they appear in the input; so are
/// the entries of `notices`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The text is not JSON, or its structure does not match the format (a field is
    /// missing, has the wrong type, or is unknown).
    #[error("日历数据不是有效的 JSON，或结构不符合格式要求：{0}")]
    Json(#[from] serde_json::Error),

    /// `year` lies outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    #[error("年份 {year} 超出允许范围（{MIN_YEAR}–{MAX_YEAR}）")]
    YearOutOfRange {
        /// The year as written.
        year: i64,
    },

    /// A day's `date` is not a real calendar date written as `YYYY-MM-DD`.
    #[error("第{index}项日期“{value}”无法识别，应为 YYYY-MM-DD 格式的有效日期")]
    BadDate {
        /// 1-based position in `days`.
        index: usize,
        /// The text as written.
        value: String,
    },

    /// A day lies outside the window a year's file may cover: 1 December of the year
    /// before through 31 December of the year.
    #[error(
        "第{index}项日期“{date}”不在 {year} 年数据的允许范围内（{prev}-12-01 至 {year}-12-31）",
        prev = .year - 1
    )]
    DayOutOfRange {
        /// 1-based position in `days`.
        index: usize,
        /// The date.
        date: NaiveDate,
        /// The schedule's year.
        year: i32,
    },

    /// The same date is listed twice.
    #[error("第{index}项日期“{date}”重复出现（第{first}项已列出该日期）")]
    DuplicateDate {
        /// 1-based position of the repeated entry in `days`.
        index: usize,
        /// 1-based position of the first entry with this date.
        first: usize,
        /// The date.
        date: NaiveDate,
    },

    /// A make-up working day (`"off": false`) falls on Monday to Friday. Weekdays are
    /// working days anyway, so such an entry is always a mistake.
    #[error("第{index}项日期“{date}”是{weekday}，调休上班日只能是周六或周日")]
    MakeUpOnWeekday {
        /// 1-based position in `days`.
        index: usize,
        /// The date.
        date: NaiveDate,
        /// The day of the week, in Chinese (周一 … 周五).
        weekday: &'static str,
    },

    /// A day has an empty `name`.
    #[error("第{index}项日期“{date}”缺少节日名称")]
    MissingName {
        /// 1-based position in `days`.
        index: usize,
        /// The date.
        date: NaiveDate,
    },

    /// A notice's `issued_on` is not a real calendar date written as `YYYY-MM-DD`.
    #[error("第{index}份通知的发布日期“{value}”无法识别，应为 YYYY-MM-DD 格式的有效日期")]
    BadNoticeDate {
        /// 1-based position in `notices`.
        index: usize,
        /// The text as written.
        value: String,
    },
}
