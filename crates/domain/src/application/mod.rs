//! 依申请公开: applications for government information (条例 chapter 4; DOMAIN §§3–6).
//!
//! Who applies and what they ask for ([`applicant`], [`intake`]), the workflow
//! ([`workflow`]), the reply clock recomputed from the history ([`clock`]), the
//! outcome categories that are the rows of the annual report ([`outcome`]) and the
//! information-processing fee ([`fee`]).

pub mod applicant;
pub mod case_file;
pub mod clock;
pub mod fee;
pub mod intake;
pub mod letter;
pub mod outcome;
pub mod step;
pub mod workflow;

pub(crate) use crate::code_enum::code_enum;

pub use applicant::{Applicant, ApplicantInput, ApplicantKind, IdKind};
pub use case_file::CaseFileKind;
pub use clock::{ClockEvent, ClockSettings, ClockState, PauseKind, ReplyClock, reply_clock};
pub use fee::{FeeBasis, Fen};
pub use intake::{Channel, DeliveryForm, DeliveryWay, InformationRequest, RequestInput};
pub use letter::LetterKind;
pub use outcome::{Outcome, OutcomeGroup};
pub use step::{Consultation, FeeNotice, FeeStanding, Note, ReplyDetail, StepDetail, StepRef};
pub use workflow::{Action, Status};
