//! The publication clock of proactive documents.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::WorkCalendar;

/// 条例 Art.26: proactive information is published within 20 working days of being
/// formed or changed; seed 002 item 4 repeats it for documents ("印发实施后20个工作日内上网发布").
pub const PUBLISH_WITHIN_WORKDAYS: u32 = 20;

/// Dashboards flag documents due within this many working days (a working habit, not law).
pub const DUE_SOON_WORKDAYS: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    /// Due date passed and still unpublished.
    Overdue,
    /// Due within [`DUE_SOON_WORKDAYS`] working days (today included).
    DueSoon,
    OnTime,
}

impl ClockStatus {
    /// The stable code the API uses.
    pub fn code(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::DueSoon => "due_soon",
            Self::OnTime => "on_time",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Overdue => "已超期",
            Self::DueSoon => "即将到期",
            Self::OnTime => "正常",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PublicationClock {
    pub due_on: NaiveDate,
    /// Due date computed with a year whose holiday notice is not loaded.
    pub provisional: bool,
    pub status: ClockStatus,
    /// Working days left until the due date (0 on the due date), or, when overdue,
    /// negative: working days past it.
    pub workdays_left: i64,
}

/// The day the 20 working days of Art.26 count from: the day the information was formed
/// (the 成文日期), or the later day it became 主动公开 — a yearly re-review that converts
/// a document is a change (变更) of the information's disclosure, and it cannot have been
/// late before it was public at all.
pub fn clock_start(written_on: NaiveDate, proactive_since: Option<NaiveDate>) -> NaiveDate {
    proactive_since.map_or(written_on, |p| p.max(written_on))
}

/// The last day to publish a proactive document whose clock starts on `start`.
pub fn publication_due(calendar: &WorkCalendar, start: NaiveDate) -> NaiveDate {
    calendar.add_workdays(start, PUBLISH_WITHIN_WORKDAYS).date
}

/// The clock of a proactive document whose clock starts on `start` (see
/// [`clock_start`]), seen on `today`.
pub fn publication_clock(
    calendar: &WorkCalendar,
    start: NaiveDate,
    today: NaiveDate,
) -> PublicationClock {
    let due = calendar.add_workdays(start, PUBLISH_WITHIN_WORKDAYS);
    let (status, left) = if today > due.date {
        (
            ClockStatus::Overdue,
            -i64::from(calendar.workdays_between(due.date, today)),
        )
    } else {
        let left = i64::from(calendar.workdays_between(today, due.date));
        let status = if left <= i64::from(DUE_SOON_WORKDAYS) {
            ClockStatus::DueSoon
        } else {
            ClockStatus::OnTime
        };
        (status, left)
    };
    PublicationClock {
        due_on: due.date,
        provisional: due.provisional,
        status,
        workdays_left: left,
    }
}
