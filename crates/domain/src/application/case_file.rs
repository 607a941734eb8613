//! Files on an application, by what they are to the case.

use super::{Status, code_enum};

code_enum! {
    /// What a file on an application is.
    pub enum CaseFileKind("kind", "材料类别") {
        /// What came in: a letter scanned on registration, corrected material, a
        /// consulted party's answer. Personal data: handlers only.
        Received = ("received", "收到的申请材料"),
        /// What goes out with the reply: the information released, which the applicant
        /// downloads through tracking once the reply is made.
        Released = ("released", "答复提供的信息"),
    }
}

impl CaseFileKind {
    /// Whether the applicant may download a file of this kind on a case in `status`:
    /// released files once the reply is made, nothing else ever.
    pub fn visible_to_applicant(self, status: Status) -> bool {
        self == Self::Released
            && matches!(
                status,
                Status::Replied | Status::Delivered | Status::Archived
            )
    }
}
