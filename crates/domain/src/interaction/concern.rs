//! 回应关切 (DOMAIN §14): a public concern, the time it arose, and the government's
//! responses, checked against the State Council's response times.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::code_enum::code_enum;

code_enum! {
    /// How grave the matter is.
    pub enum Gravity("gravity", "事件级别") {
        /// 重大、特别重大突发事件.
        Major = ("major", "重大、特别重大突发事件"),
        /// Other matters of public concern (政务舆情).
        Other = ("other", "其他政务舆情"),
    }
}

code_enum! {
    /// The form a response took.
    pub enum ResponseForm("form", "回应方式") {
        Release = ("release", "发布权威信息"),
        PressConference = ("press_conference", "召开新闻发布会"),
        Interview = ("interview", "接受采访、在线访谈"),
        Statement = ("statement", "发布情况通报、答问"),
    }
}

/// 国办发〔2016〕80号: authoritative information on a major emergency within 5 hours.
pub const MAJOR_FIRST_INFO_HOURS: i64 = 5;
/// 国办发〔2016〕61号: a press conference on a major emergency within 24 hours at the latest.
pub const MAJOR_PRESS_CONFERENCE_HOURS: i64 = 24;
/// 国办发〔2016〕61号: other matters of public concern answered within 48 hours.
pub const OTHER_RESPONSE_HOURS: i64 = 48;

/// One rule a concern's responses are checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCheck {
    /// What the rule asks, in words ("5小时内发布权威信息").
    pub rule: String,
    pub within_hours: i64,
    /// The first response that satisfies the rule's form, and how long it took.
    pub met_after_minutes: Option<i64>,
    /// The rule's time is past without a response of that form.
    pub late: bool,
    /// Responded, but after the time.
    pub met_late: bool,
}

/// A response as the check reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub form: ResponseForm,
    pub at: DateTime<Utc>,
}

fn check(
    rule: &str,
    hours: i64,
    arose_at: DateTime<Utc>,
    now: DateTime<Utc>,
    responses: &[Response],
    fits: impl Fn(ResponseForm) -> bool,
) -> RuleCheck {
    let deadline = arose_at + Duration::hours(hours);
    let first = responses
        .iter()
        .filter(|r| fits(r.form) && r.at >= arose_at)
        .map(|r| r.at)
        .min();
    RuleCheck {
        rule: rule.to_owned(),
        within_hours: hours,
        met_after_minutes: first.map(|t| (t - arose_at).num_minutes()),
        late: first.is_none() && now > deadline,
        met_late: first.is_some_and(|t| t > deadline),
    }
}

/// The checks for a concern of `gravity` that arose at `arose_at`, seen at `now`.
pub fn checks(
    gravity: Gravity,
    arose_at: DateTime<Utc>,
    now: DateTime<Utc>,
    responses: &[Response],
) -> Vec<RuleCheck> {
    match gravity {
        Gravity::Major => vec![
            check(
                "5小时内发布权威信息（国办发〔2016〕80号）",
                MAJOR_FIRST_INFO_HOURS,
                arose_at,
                now,
                responses,
                |_| true,
            ),
            check(
                "24小时内举行新闻发布会（国办发〔2016〕61号）",
                MAJOR_PRESS_CONFERENCE_HOURS,
                arose_at,
                now,
                responses,
                |f| f == ResponseForm::PressConference,
            ),
        ],
        Gravity::Other => vec![check(
            "48小时内予以回应（国办发〔2016〕61号）",
            OTHER_RESPONSE_HOURS,
            arose_at,
            now,
            responses,
            |_| true,
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_major_emergency_needs_information_in_5_hours_and_a_conference_in_24() {
        let arose = t("2026-07-01T02:00:00Z");
        let rs = [Response {
            form: ResponseForm::Release,
            at: t("2026-07-01T06:30:00Z"),
        }];
        let c = checks(Gravity::Major, arose, t("2026-07-02T03:00:00Z"), &rs);
        assert_eq!(c[0].met_after_minutes, Some(270));
        assert!(!c[0].met_late && !c[0].late);
        assert!(c[1].late, "no press conference within 24 hours");
        let mut rs = rs.to_vec();
        rs.push(Response {
            form: ResponseForm::PressConference,
            at: t("2026-07-02T01:00:00Z"),
        });
        let c = checks(Gravity::Major, arose, t("2026-07-03T00:00:00Z"), &rs);
        assert!(!c[1].late && !c[1].met_late);
        // Late information is recorded as late, not as missing.
        let late = [Response {
            form: ResponseForm::Release,
            at: t("2026-07-01T08:00:00Z"),
        }];
        let c = checks(Gravity::Major, arose, t("2026-07-01T09:00:00Z"), &late);
        assert!(c[0].met_late && !c[0].late);
        assert!(!c[1].late, "the 24 hours are not over");
    }

    #[test]
    fn other_concerns_are_answered_in_48_hours() {
        let arose = t("2026-07-01T02:00:00Z");
        let c = checks(Gravity::Other, arose, t("2026-07-03T01:59:00Z"), &[]);
        assert!(!c[0].late);
        let c = checks(Gravity::Other, arose, t("2026-07-03T02:01:00Z"), &[]);
        assert!(c[0].late);
    }
}
