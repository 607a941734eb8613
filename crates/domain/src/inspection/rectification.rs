//! 整改: a finding of a saved inspection is assigned to its unit with a date, the unit
//! says what it did, and the office that inspected checks it and closes it or sends it
//! back. Each step is kept as the finding's history.

use crate::code_enum::code_enum;

code_enum! {
    /// Where a finding's rectification stands.
    pub enum Status("status", "整改状态") {
        /// Found, not yet assigned.
        Open = ("open", "待交办"),
        /// With the unit, to be put right by the due date.
        Assigned = ("assigned", "整改中"),
        /// The unit says it is put right; the office is to check.
        Responded = ("responded", "待核查"),
        Closed = ("closed", "已销号"),
    }
}

code_enum! {
    /// What someone does to a rectification.
    pub enum Step("action", "整改操作") {
        /// The office hands the finding to its unit, with a due date.
        Assign = ("assign", "交办"),
        /// The unit reports what it did.
        Respond = ("respond", "报告整改情况"),
        /// The office checked and found it put right.
        Verify = ("verify", "核查通过并销号"),
        /// The office checked and found it not put right: back to the unit.
        Reject = ("reject", "核查未通过，退回"),
        /// The office closes it without rectification (a finding that does not apply).
        Dismiss = ("dismiss", "不需整改，销号"),
    }
}

/// Who takes a step: the inspecting office, or the unit the finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Office,
    Unit,
}

impl Step {
    pub fn party(self) -> Party {
        match self {
            Self::Respond => Party::Unit,
            _ => Party::Office,
        }
    }

    /// The status after this step from `from`, or None where it cannot be taken.
    pub fn next(self, from: Status) -> Option<Status> {
        use Status::*;
        match (self, from) {
            (Self::Assign, Open) => Some(Assigned),
            (Self::Respond, Assigned) => Some(Responded),
            (Self::Verify, Responded) => Some(Closed),
            (Self::Reject, Responded) => Some(Assigned),
            (Self::Dismiss, Open | Assigned | Responded) => Some(Closed),
            _ => None,
        }
    }

    /// Whether the step must say why (what was done, what is still wrong).
    pub fn needs_note(self) -> bool {
        matches!(self, Self::Respond | Self::Reject | Self::Dismiss)
    }
}

/// The steps that can be taken from `status`, in the order a form offers them.
pub fn steps_from(status: Status) -> Vec<Step> {
    Step::ALL
        .iter()
        .copied()
        .filter(|s| s.next(status).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_goes_round_until_it_is_put_right() {
        use Status::*;
        let mut s = Open;
        for step in [
            Step::Assign,
            Step::Respond,
            Step::Reject,
            Step::Respond,
            Step::Verify,
        ] {
            s = step
                .next(s)
                .unwrap_or_else(|| panic!("{step:?} from {s:?}"));
        }
        assert_eq!(s, Closed);
        assert!(steps_from(Closed).is_empty());
        assert_eq!(steps_from(Open), [Step::Assign, Step::Dismiss]);
        assert_eq!(steps_from(Assigned), [Step::Respond, Step::Dismiss]);
        assert_eq!(
            steps_from(Responded),
            [Step::Verify, Step::Reject, Step::Dismiss]
        );
        assert_eq!(Step::Verify.next(Assigned), None, "nothing to check yet");
        assert_eq!(Step::Respond.party(), Party::Unit);
        assert_eq!(Step::Reject.party(), Party::Office);
        assert!(Step::Reject.needs_note() && !Step::Verify.needs_note());
    }
}
