//! Whether what a catalog item promises was published, and on time.

use chrono::NaiveDate;
use serde::Serialize;

use super::time_rule::{DayUnit, TimeRule};
use crate::calendar::WorkCalendar;

/// The verdict for one piece of content under an item's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Compliance {
    /// Published by the deadline (and, with a window, shown for all of it).
    Met,
    /// Not yet published, and the deadline has not passed.
    Pending { due: NaiveDate },
    /// Published after the deadline, by this many working days.
    Late { due: NaiveDate, workdays: u32 },
    /// Not published, and the deadline has passed.
    Overdue { due: NaiveDate, workdays: u32 },
    /// Taken down before its publication window (公示期) was over.
    WindowShort {
        shown: u32,
        required: u32,
        unit: DayUnit,
    },
    /// The item's 公开时限 is not one the platform can check.
    NotCheckable,
}

impl Compliance {
    pub fn label(&self) -> String {
        match *self {
            Compliance::Met => "按时公开".into(),
            Compliance::Pending { due } => format!("待公开（{due}前）"),
            Compliance::Late { workdays, .. } => format!("逾期{workdays}个工作日公开"),
            Compliance::Overdue { workdays, .. } => format!("已超期{workdays}个工作日未公开"),
            Compliance::WindowShort {
                shown,
                required,
                unit,
            } => {
                let u = unit.label();
                format!("公示{shown}{u}（不含张贴当日），少于规定的{required}{u}")
            }
            Compliance::NotCheckable => "时限无法自动核查".into(),
        }
    }

    /// Whether the item fails its promise.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Compliance::Late { .. } | Compliance::Overdue { .. } | Compliance::WindowShort { .. }
        )
    }
}

/// Checks one piece of content: formed (or the period it belongs to) on `formed`,
/// published on `published` (if it was), last shown on `removed` (if taken down), seen
/// on `today`. Without a start clock (长期, 公示 alone) only the window is checked.
pub fn check(
    rule: Option<&TimeRule>,
    calendar: &WorkCalendar,
    formed: NaiveDate,
    published: Option<NaiveDate>,
    removed: Option<NaiveDate>,
    today: NaiveDate,
) -> Compliance {
    let Some(rule) = rule else {
        return Compliance::NotCheckable;
    };
    if let Some(due) = rule.deadline(calendar, formed) {
        match published {
            None if today <= due => return Compliance::Pending { due },
            None => {
                return Compliance::Overdue {
                    due,
                    workdays: calendar.workdays_between(due, today).max(1),
                };
            }
            Some(p) if p > due => {
                return Compliance::Late {
                    due,
                    workdays: calendar.workdays_between(due, p).max(1),
                };
            }
            Some(_) => {}
        }
    }
    if let (Some((required, unit)), Some(p)) = (rule.window(), published) {
        // Like every other period here, a 公示 window starts the day after it is posted
        // (民法典 Art.201): posted on P for N working days, it must stay up through the
        // N-th working day after P; taken down on R, it was up for the days of (P, R].
        let until = removed.unwrap_or(today);
        let shown = unit.between(calendar, p, until);
        if removed.is_some() && shown < required {
            return Compliance::WindowShort {
                shown,
                required,
                unit,
            };
        }
    }
    match published {
        Some(_) => Compliance::Met,
        None if matches!(rule, TimeRule::LongTerm | TimeRule::Publicise { .. }) => {
            Compliance::Overdue {
                due: formed,
                workdays: calendar.workdays_between(formed, today),
            }
        }
        None => Compliance::Pending { due: today },
    }
}
