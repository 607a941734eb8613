//! The application workflow: 登记 → 受理 (or 补正) → 办理 → 答复 → 送达 → 归档 (seed 000
//! pilot 6; seed 002 item 5; 条例 Art.45). One table says which action fits which state,
//! where it leads and who may take it.

use super::code_enum;
use crate::role::Role;

code_enum! {
    pub enum Status("status", "办理状态") {
        /// 已登记: received and registered, not yet accepted.
        Registered = ("registered", "已登记"),
        /// 待补正: a correction notice went out; the reply clock has not started.
        AwaitingCorrection = ("awaiting_correction", "待补正"),
        /// 办理中: accepted; the reply clock runs.
        Processing = ("processing", "办理中"),
        /// 征求意见中: third party or co-producing agency consulted; the clock stands.
        Consulting = ("consulting", "征求意见中"),
        /// 待缴费: a fee notice went out.
        AwaitingFee = ("awaiting_fee", "待缴费"),
        /// 已答复: the reply letter is made, with its outcome.
        Replied = ("replied", "已答复"),
        /// 已送达.
        Delivered = ("delivered", "已送达"),
        /// 已归档.
        Archived = ("archived", "已归档"),
    }
}

impl Status {
    /// Whether the application still waits for a reply (carried over at year end).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Registered
                | Self::AwaitingCorrection
                | Self::Processing
                | Self::Consulting
                | Self::AwaitingFee
        )
    }
}

code_enum! {
    pub enum Action("action", "办理操作") {
        Accept = ("accept", "受理"),
        RequestCorrection = ("request_correction", "发出补正告知书"),
        ReceiveCorrection = ("receive_correction", "收到补正材料"),
        /// Art.30: not corrected in time without good reason: treated as abandoned.
        CloseUncorrected = ("close_uncorrected", "逾期未补正，终止处理"),
        Assign = ("assign", "交办承办部门"),
        ConsultThirdParty = ("consult_third_party", "征求第三方意见"),
        ConsultAgency = ("consult_agency", "征求其他机关意见"),
        EndConsultation = ("end_consultation", "征求意见结束"),
        Extend = ("extend", "延期答复"),
        NotifyFee = ("notify_fee", "发出收费通知书"),
        /// The applicant received the fee notice: the payment period runs from the next day.
        FeeNoticeReceived = ("fee_notice_received", "收费通知书送达"),
        RecordPayment = ("record_payment", "已缴费"),
        /// 国办函〔2020〕109号: not paid in time: treated as abandoned.
        CloseUnpaid = ("close_unpaid", "逾期未缴费，终止处理"),
        Reply = ("reply", "作出答复"),
        Deliver = ("deliver", "送达"),
        Archive = ("archive", "归档"),
    }
}

impl Action {
    /// The states this action may be taken in.
    pub fn from_states(self) -> &'static [Status] {
        use Status::*;
        match self {
            Self::Accept => &[Registered],
            Self::RequestCorrection => &[Registered, Processing],
            Self::ReceiveCorrection | Self::CloseUncorrected => &[AwaitingCorrection],
            Self::Assign | Self::Extend => &[Processing, Consulting, AwaitingFee],
            // A third party and a co-producing agency may be consulted at the same time.
            Self::ConsultThirdParty | Self::ConsultAgency => &[Processing, Consulting],
            Self::NotifyFee => &[Processing],
            Self::EndConsultation => &[Consulting],
            Self::FeeNoticeReceived | Self::RecordPayment | Self::CloseUnpaid => &[AwaitingFee],
            // Art.33 第一款: a reply on the spot is allowed straight after registration;
            // after a consultation's 15 working days the agency decides without the answer.
            Self::Reply => &[Registered, Processing, Consulting],
            Self::Deliver => &[Replied],
            Self::Archive => &[Delivered],
        }
    }

    /// The state the action leads to; `None` leaves it unchanged.
    pub fn target(self) -> Option<Status> {
        use Status::*;
        Some(match self {
            Self::Accept | Self::ReceiveCorrection | Self::EndConsultation => Processing,
            Self::RecordPayment => Processing,
            Self::RequestCorrection => AwaitingCorrection,
            Self::ConsultThirdParty | Self::ConsultAgency => Consulting,
            Self::NotifyFee => AwaitingFee,
            Self::Reply | Self::CloseUncorrected | Self::CloseUnpaid => Replied,
            Self::Deliver => Delivered,
            Self::Archive => Archived,
            Self::Assign | Self::Extend | Self::FeeNoticeReceived => return None,
        })
    }

    /// Who may take the action in the organisation that holds the application. The
    /// extension needs the head of the disclosure office (Art.33 第二款).
    pub fn required_roles(self) -> &'static [Role] {
        match self {
            Self::Extend => &[Role::DisclosureHead],
            _ => &[Role::DisclosureOfficer, Role::DisclosureHead],
        }
    }

    /// Why the action does not fit `status`, in words for the officer.
    pub fn refusal(self, status: Status) -> Option<String> {
        if self.from_states().contains(&status) {
            return None;
        }
        let allowed: Vec<&str> = self.from_states().iter().map(|s| s.label()).collect();
        Some(format!(
            "申请当前状态为“{}”，不能{}（仅适用于：{}）",
            status.label(),
            self.label(),
            allowed.join("、")
        ))
    }
}
