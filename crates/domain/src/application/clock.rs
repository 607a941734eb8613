//! The reply clock of an application (条例 Art.30, 31, 33; DOMAIN §3).
//!
//! The due date is never stored: it is recomputed from the application's history, so a
//! calendar loaded late (a new year's holiday notice), a pause recorded afterwards or a
//! corrected receipt date all move it the way the law says.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::calendar::WorkCalendar;
use crate::publication::{ClockStatus, DUE_SOON_WORKDAYS};

/// Art.33 第二款: reply within 20 working days of receipt.
pub const REPLY_WITHIN_WORKDAYS: u32 = 20;
/// Art.33 第二款: an extension adds at most 20 working days.
pub const MAX_EXTENSION_WORKDAYS: u32 = 20;
/// Art.30: the correction notice goes out within 7 working days of receipt, once.
pub const CORRECTION_NOTICE_WITHIN_WORKDAYS: u32 = 7;
/// Art.32 (third parties) and Art.34 (co-producing agencies): 15 working days to answer.
pub const CONSULTATION_WORKDAYS: u32 = 15;
/// 国办函〔2020〕109号: the fee is paid within 20 working days from the day after the
/// notice is received.
pub const FEE_PAYMENT_WORKDAYS: u32 = 20;

/// Why the clock stood still (Art.33 第三款, and the fee setting of DOMAIN §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseKind {
    /// 征求第三方意见 (Art.32).
    ThirdParty,
    /// 征求其他机关意见 (Art.34).
    CoAgency,
    /// 收费通知 awaiting payment; counted only when [`ClockSettings::fee_notice_pauses`].
    Fee,
}

impl PauseKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::ThirdParty => "征求第三方意见",
            Self::CoAgency => "征求其他机关意见",
            Self::Fee => "等待缴纳信息处理费",
        }
    }
}

/// What in an application's history moves its clock. Dates are China dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockEvent {
    /// The receipt date under Art.31.
    Received(NaiveDate),
    /// A 补正告知书 was sent; the clock stops until the corrected application arrives.
    CorrectionRequested(NaiveDate),
    /// The corrected application arrived: the clock starts again from zero (Art.30).
    CorrectionReceived(NaiveDate),
    PauseStarted(NaiveDate, PauseKind),
    PauseEnded(NaiveDate),
    /// An approved extension of `workdays` (Art.33).
    Extended(NaiveDate, u32),
    /// The reply (答复) was made: the clock stops for good.
    Replied(NaiveDate),
}

/// The deployment's choices where the law leaves one open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSettings {
    /// Whether the time between a fee notice and payment is left out of the reply clock
    /// (not settled nationally; DOMAIN §3 makes "paused" the default).
    pub fee_notice_pauses: bool,
}

impl Default for ClockSettings {
    fn default() -> Self {
        Self {
            fee_notice_pauses: true,
        }
    }
}

/// Where the clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    Running,
    Paused(PauseKind),
    /// Waiting for the applicant's correction: the reply clock has not started.
    AwaitingCorrection,
    /// Replied: the figures are as of the reply date.
    Stopped,
}

impl ClockState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Running => "计时中",
            Self::Paused(k) => k.label(),
            Self::AwaitingCorrection => "等待申请人补正",
            Self::Stopped => "已答复",
        }
    }
}

/// The reply clock as of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReplyClock {
    pub state: ClockState,
    /// The day counting starts after: the receipt date, or the corrected receipt date.
    pub counts_from: Option<NaiveDate>,
    /// Working days allowed: 20, plus an approved extension.
    pub allowed: u32,
    /// Working days counted so far (up to today, or up to the reply).
    pub used: u32,
    /// `allowed - used`; negative when the reply is late.
    pub left: i64,
    /// `None` while the clock stands still (correction or an open pause): the date
    /// depends on when it runs again.
    pub due_on: Option<NaiveDate>,
    /// A day counted lies in a year with no holiday notice loaded.
    pub provisional: bool,
    pub status: ClockStatus,
    /// The last day for the correction notice (Art.30), while it can still be sent.
    pub correction_notice_by: Option<NaiveDate>,
}

impl ReplyClock {
    /// Whether the reply was or will be late, given what is known today.
    pub fn is_overdue(&self) -> bool {
        self.status == ClockStatus::Overdue
    }
}

/// A stretch of days not counted: `(from, to]`, open when `to` is `None`.
#[derive(Debug, Clone, Copy)]
struct Gap {
    from: NaiveDate,
    to: Option<NaiveDate>,
    kind: PauseKind,
}

/// Computes the reply clock from the history (in the order it happened) as of `today`.
///
/// Day rules, all from 民法典 Art.201 (the first day is not counted): counting starts the
/// day after receipt; a pause started on day P and ended on day E leaves out the working
/// days of `(P, E]`, so the day the letter goes out still counts and the day the answer
/// arrives does not.
pub fn reply_clock(
    calendar: &WorkCalendar,
    history: &[ClockEvent],
    settings: ClockSettings,
    today: NaiveDate,
) -> ReplyClock {
    let mut received: Option<NaiveDate> = None;
    let mut counts_from: Option<NaiveDate> = None;
    let mut awaiting_correction = false;
    let mut correction_sent = false;
    let mut gaps: Vec<Gap> = Vec::new();
    let mut extension = 0u32;
    let mut replied: Option<NaiveDate> = None;
    for e in history {
        match *e {
            ClockEvent::Received(d) => {
                received = Some(d);
                counts_from = Some(d);
            }
            ClockEvent::CorrectionRequested(_) => {
                awaiting_correction = true;
                correction_sent = true;
            }
            ClockEvent::CorrectionReceived(d) => {
                awaiting_correction = false;
                counts_from = Some(d);
                // Only pauses after the corrected application count.
                gaps.clear();
            }
            ClockEvent::PauseStarted(d, kind) => {
                if kind != PauseKind::Fee || settings.fee_notice_pauses {
                    gaps.push(Gap {
                        from: d,
                        to: None,
                        kind,
                    });
                }
            }
            ClockEvent::PauseEnded(d) => {
                if let Some(g) = gaps.last_mut().filter(|g| g.to.is_none()) {
                    g.to = Some(d.max(g.from));
                }
            }
            ClockEvent::Extended(_, n) => {
                extension = (extension + n).min(MAX_EXTENSION_WORKDAYS);
            }
            ClockEvent::Replied(d) => replied = Some(d),
        }
    }
    let allowed = REPLY_WITHIN_WORKDAYS + extension;
    let correction_notice_by = match (received, correction_sent, replied) {
        (Some(r), false, None) => Some(
            calendar
                .add_workdays(r, CORRECTION_NOTICE_WITHIN_WORKDAYS)
                .date,
        ),
        _ => None,
    };
    let Some(start) = counts_from else {
        return not_started(allowed, ClockState::AwaitingCorrection);
    };
    if awaiting_correction && replied.is_none() {
        return ReplyClock {
            correction_notice_by: None,
            ..not_started(allowed, ClockState::AwaitingCorrection)
        };
    }
    let as_of = replied.unwrap_or(today).max(start);
    let used = counted(calendar, start, &gaps, as_of);
    let left = i64::from(allowed) - i64::from(used);
    let (due, provisional) = match due_date(calendar, start, &gaps, allowed) {
        Some((d, p)) => (Some(d), p),
        None => (None, false),
    };
    let open = gaps.iter().find(|g| g.to.is_none() && g.from <= as_of);
    let state = match (replied, open) {
        (Some(_), _) => ClockState::Stopped,
        (None, Some(g)) => ClockState::Paused(g.kind),
        (None, None) => ClockState::Running,
    };
    let status = if left < 0 || due.is_some_and(|d| as_of > d) {
        ClockStatus::Overdue
    } else if replied.is_none() && left <= i64::from(DUE_SOON_WORKDAYS) {
        ClockStatus::DueSoon
    } else {
        ClockStatus::OnTime
    };
    ReplyClock {
        state,
        counts_from: Some(start),
        allowed,
        used,
        left,
        due_on: due,
        provisional,
        status,
        correction_notice_by,
    }
}

fn not_started(allowed: u32, state: ClockState) -> ReplyClock {
    ReplyClock {
        state,
        counts_from: None,
        allowed,
        used: 0,
        left: i64::from(allowed),
        due_on: None,
        provisional: false,
        status: ClockStatus::OnTime,
        correction_notice_by: None,
    }
}

/// The stretches that count, `(a, b]`, in order; the last one is open-ended unless a
/// pause is still open. Pauses before `start` are ignored; overlapping ones merge.
fn counting_spans(start: NaiveDate, gaps: &[Gap]) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut spans = Vec::new();
    let mut from = start;
    for g in gaps {
        let g_to = g.to;
        if g_to.is_some_and(|t| t <= from) {
            continue;
        }
        let g_from = g.from.max(from);
        if g_from > from {
            spans.push((from, Some(g_from)));
        }
        match g_to {
            Some(t) => from = t,
            // An open pause: nothing counts after it starts.
            None => return spans,
        }
    }
    spans.push((from, None));
    spans
}

/// Working days counted in `(start, as_of]`.
fn counted(calendar: &WorkCalendar, start: NaiveDate, gaps: &[Gap], as_of: NaiveDate) -> u32 {
    counting_spans(start, gaps)
        .into_iter()
        .map(|(a, b)| {
            let end = b.map_or(as_of, |b| b.min(as_of));
            calendar.workdays_between(a, end)
        })
        .sum()
}

/// The date on which the `allowed`-th working day is counted, or `None` if an open
/// pause comes first.
fn due_date(
    calendar: &WorkCalendar,
    start: NaiveDate,
    gaps: &[Gap],
    allowed: u32,
) -> Option<(NaiveDate, bool)> {
    let mut left = allowed;
    for (a, b) in counting_spans(start, gaps) {
        let r = calendar.add_workdays(a, left);
        match b {
            Some(b) if r.date > b => left -= calendar.workdays_between(a, b),
            Some(_) | None => {
                let provisional = (start.year()..=r.date.year()).any(|y| !calendar.has_year(y));
                return Some((r.date, provisional));
            }
        }
    }
    None
}

/// The last day to pay a fee whose notice the applicant received on `notice_received_on`.
pub fn fee_payment_due(calendar: &WorkCalendar, notice_received_on: NaiveDate) -> NaiveDate {
    calendar
        .add_workdays(notice_received_on, FEE_PAYMENT_WORKDAYS)
        .date
}

/// The last day for the consulted party's opinion, the letter having been received on `sent_on`.
pub fn consultation_due(calendar: &WorkCalendar, sent_on: NaiveDate) -> NaiveDate {
    calendar.add_workdays(sent_on, CONSULTATION_WORKDAYS).date
}
