//! What the case's own history allows, beyond its state and the viewer's role: a
//! correction notice goes out once, the reply period is extended once, a case closes
//! as abandoned only after the applicant's period is over. The case page offers only
//! the actions that pass, and acting checks the same rules.

use chrono::NaiveDate;
use gongkai_domain::application::Action;
use gongkai_domain::application::StepDetail;
use gongkai_domain::application::step::{fee_standing, open_consultations};
use gongkai_domain::calendar::WorkCalendar;

use super::Case;

/// Why `action` cannot be taken on the case with 办理日期 `on`, or `None` when the
/// case allows it (the form's own fields are checked by the action).
pub(super) fn unavailable(
    case: &Case,
    calendar: &WorkCalendar,
    action: Action,
    on: NaiveDate,
) -> Option<String> {
    let has = |f: fn(&StepDetail) -> bool| case.steps.iter().any(|s| f(&s.detail));
    match action {
        Action::RequestCorrection if has(|d| matches!(d, StepDetail::RequestCorrection { .. })) => {
            Some("补正告知只能一次性发出（条例第三十条），本申请已发出过补正告知".into())
        }
        Action::Extend if has(|d| matches!(d, StepDetail::Extend { .. })) => {
            Some("答复期限只能延长一次".into())
        }
        Action::EndConsultation if open_consultations(&case.refs()).is_empty() => {
            Some("没有尚未记录意见的征求意见".into())
        }
        Action::CloseUncorrected => {
            let by = case
                .steps
                .iter()
                .rev()
                .find_map(|s| match s.detail {
                    StepDetail::RequestCorrection { correct_by, .. } => Some(correct_by),
                    _ => None,
                })
                .unwrap_or(case.a.received_on);
            not_lapsed(by, on, "补正期限", action)
        }
        Action::FeeNoticeReceived | Action::CloseUnpaid => {
            let Some(standing) = fee_standing(calendar, &case.refs()) else {
                return Some("本申请没有收费通知书".into());
            };
            match (action, standing.received_on, standing.pay_by) {
                (Action::FeeNoticeReceived, Some(r), by) => Some(format!(
                    "收费通知书已于{r}送达，缴费期限至{}",
                    by.map(|d| d.to_string()).unwrap_or_default()
                )),
                (Action::CloseUnpaid, _, None) => Some(
                    "收费通知书尚未确认送达：缴费期限自申请人收到通知书的次日起算，请先记录送达日期"
                        .into(),
                ),
                (Action::CloseUnpaid, _, Some(by)) => not_lapsed(by, on, "缴费期限", action),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A case closes as abandoned only after the applicant's period `by` is over.
fn not_lapsed(by: NaiveDate, on: NaiveDate, period: &str, action: Action) -> Option<String> {
    (on <= by).then(|| format!("{period}（{by}）尚未届满，不能{}", action.label()))
}
