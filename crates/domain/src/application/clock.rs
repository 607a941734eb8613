//! The reply clock of an application (条例 Art.30, 31, 33; DOMAIN §3).
//!
//! The due date is never stored: it is recomputed from the application's history, so a
//! calendar loaded late (a new year's holiday notice), a pause recorded afterwards or a
//! corrected receipt date all move it the way the law says.

use chrono::NaiveDate;
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
    /// The working days after which the pause ends by itself: a consulted party has 15
    /// (Art.32, 34); a fee notice waits for payment or for the case to be closed.
    pub fn lapses_after(self) -> Option<u32> {
        match self {
            Self::ThirdParty | Self::CoAgency => Some(CONSULTATION_WORKDAYS),
            Self::Fee => None,
        }
    }

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
    /// A pause began: a consultation letter went out (Art.32, 34) or a fee notice (DOMAIN
    /// §3). `id` names the pause so that its end can close it while others run on.
    PauseStarted {
        on: NaiveDate,
        kind: PauseKind,
        id: i64,
    },
    /// The pause `id` ended: the consulted party answered, or the fee was paid.
    PauseEnded { on: NaiveDate, id: i64 },
    /// An approved extension of `workdays` (Art.33).
    Extended(NaiveDate, u32),
    /// The reply (答复) was made, or the case closed: the clock stops for good.
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
    /// Closed because the applicant did not correct in time (Art.30): the reply clock
    /// never started, so the case can be neither on time nor late.
    NeverStarted,
}

impl ClockState {
    /// The stable code the API uses.
    pub fn code(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Paused(_) => "paused",
            Self::AwaitingCorrection => "awaiting_correction",
            Self::Stopped => "stopped",
            Self::NeverStarted => "never_started",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Running => "计时中",
            Self::Paused(k) => k.label(),
            Self::AwaitingCorrection => "等待申请人补正",
            Self::Stopped => "已答复",
            Self::NeverStarted => "逾期未补正，答复期限未起算",
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
    /// `None` while the clock stands still with no known end (a correction, an unpaid
    /// fee notice): the date depends on when it runs again. A consultation always has
    /// an end, its 15 working days, so the date assumes no earlier answer.
    pub due_on: Option<NaiveDate>,
    /// While paused: the last day left out, when known (a consultation's 15th working
    /// day); counting resumes the day after by itself.
    pub paused_until: Option<NaiveDate>,
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
    /// Whether `to` is a recorded end (an answer, a payment) rather than the lapse.
    ended: bool,
    kind: PauseKind,
}

/// Computes the reply clock from the history (in the order it happened) as of `today`.
///
/// Day rules, all from 民法典 Art.201 (the first day is not counted): counting starts the
/// day after receipt; a pause started on day P and ended on day E leaves out the working
/// days of `(P, E]`, so the day the letter goes out still counts and the day the answer
/// arrives does not. A consultation leaves out at most the consulted party's 15 working
/// days (Art.32, 34; Art.33 第三款): without a recorded answer it ends by itself on the
/// 15th working day after the letter, and an answer that comes later changes nothing.
/// Pauses may overlap (a third party and a co-producing agency at once); the days left
/// out are their union.
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
    // (id, gap) for every pause since the clock last started.
    let mut gaps: Vec<(i64, Gap)> = Vec::new();
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
            ClockEvent::PauseStarted { on, kind, id } => {
                if kind != PauseKind::Fee || settings.fee_notice_pauses {
                    let lapse = kind
                        .lapses_after()
                        .map(|n| calendar.add_workdays(on, n).date);
                    gaps.push((
                        id,
                        Gap {
                            from: on,
                            to: lapse,
                            ended: false,
                            kind,
                        },
                    ));
                }
            }
            ClockEvent::PauseEnded { on, id } => {
                if let Some((_, g)) = gaps.iter_mut().find(|(i, _)| *i == id) {
                    let end = on.max(g.from);
                    g.to = Some(g.to.map_or(end, |lapse| lapse.min(end)));
                    g.ended = true;
                }
            }
            ClockEvent::Extended(_, n) => {
                extension = (extension + n).min(MAX_EXTENSION_WORKDAYS);
            }
            ClockEvent::Replied(d) => replied = Some(d),
        }
    }
    let gaps: Vec<Gap> = gaps.into_iter().map(|(_, g)| g).collect();
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
    if awaiting_correction {
        // Art.30: the reply clock starts only with the corrected application; a case
        // closed for want of it was never on the clock.
        let state = if replied.is_some() {
            ClockState::NeverStarted
        } else {
            ClockState::AwaitingCorrection
        };
        return not_started(allowed, state);
    }
    let as_of = replied.unwrap_or(today).max(start);
    let spans = counting_spans(start, &gaps);
    let used = counted(calendar, &spans, as_of);
    let left = i64::from(allowed) - i64::from(used);
    let (due, provisional) = match due_date(calendar, start, &spans, allowed) {
        Some((d, p)) => (Some(d), p),
        None => (None, false),
    };
    // Paused from the day the letter goes out until the answer is recorded, or through
    // the last day of a consultation that lapses unanswered.
    let open = gaps
        .iter()
        .filter(|g| {
            g.from <= as_of
                && match g.to {
                    None => true,
                    Some(t) if g.ended => t > as_of,
                    Some(t) => t >= as_of,
                }
        })
        .max_by_key(|g| g.to.is_none());
    let state = match (replied, open) {
        (Some(_), _) => ClockState::Stopped,
        (None, Some(g)) => ClockState::Paused(g.kind),
        (None, None) => ClockState::Running,
    };
    let paused_until = match state {
        ClockState::Paused(_) => spans.iter().map(|(a, _)| *a).find(|a| *a >= as_of),
        _ => None,
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
        paused_until,
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
        paused_until: None,
        provisional: false,
        status: ClockStatus::OnTime,
        correction_notice_by: None,
    }
}

/// The stretches that count, `(a, b]`, in order; the last one is open-ended unless a
/// pause with no known end comes first. Pauses before `start` are ignored; overlapping
/// ones merge into their union.
fn counting_spans(start: NaiveDate, gaps: &[Gap]) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut sorted: Vec<Gap> = gaps.to_vec();
    sorted.sort_by_key(|g| g.from);
    let mut spans = Vec::new();
    let mut from = start;
    for g in sorted {
        if g.to.is_some_and(|t| t <= from) {
            continue;
        }
        let g_from = g.from.max(from);
        if g_from > from {
            spans.push((from, Some(g_from)));
        }
        match g.to {
            Some(t) => from = t,
            // A pause with no known end: nothing counts after it starts.
            None => return spans,
        }
    }
    spans.push((from, None));
    spans
}

/// Working days counted in `(start, as_of]`.
fn counted(
    calendar: &WorkCalendar,
    spans: &[(NaiveDate, Option<NaiveDate>)],
    as_of: NaiveDate,
) -> u32 {
    spans
        .iter()
        .map(|&(a, b)| {
            let end = b.map_or(as_of, |b| b.min(as_of));
            calendar.workdays_between(a, end)
        })
        .sum()
}

/// The date on which the `allowed`-th working day is counted, or `None` if a pause
/// with no known end comes first.
fn due_date(
    calendar: &WorkCalendar,
    start: NaiveDate,
    spans: &[(NaiveDate, Option<NaiveDate>)],
    allowed: u32,
) -> Option<(NaiveDate, bool)> {
    let mut left = allowed;
    for &(a, b) in spans {
        let r = calendar.add_workdays(a, left);
        match b {
            Some(b) if r.date > b => left -= calendar.workdays_between(a, b),
            Some(_) | None => {
                return Some((r.date, calendar.is_provisional(start, r.date)));
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
