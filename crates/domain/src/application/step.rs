//! The particulars of each step of an application, typed. A step is stored as its
//! action code and a JSON object; [`StepDetail`] reads and writes exactly that pair
//! (`{"action": …, "detail": {…}}`), so the field names below are the stored ones and
//! records written before a field existed still read.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::clock::{ClockEvent, PauseKind};
use super::fee::{FeeBasis, Fen};
use super::intake::{Channel, DeliveryWay};
use super::outcome::Outcome;
use super::workflow::Action;

/// The action code of the first step, which is not an [`Action`] anyone takes.
pub const REGISTER: &str = "register";

/// A free-text note, the only particular of some steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    #[serde(default)]
    pub note: String,
}

/// The reply, and the two ways of closing a case that count as one (Art.30; 国办函
/// 〔2020〕109号): the row of the annual report and the basis the letter cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyDetail {
    pub outcome: Outcome,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub note: String,
    /// 部分公开: what was withheld and why (Art.37).
    #[serde(default)]
    pub withheld: String,
    /// 本机关不掌握: the agency that holds the information (Art.36(五)).
    #[serde(default)]
    pub responsible_agency: String,
}

/// A consultation letter (Art.32 third party, Art.34 co-producing agency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    pub party: String,
    /// The 15th working day after the letter (Art.32, 34).
    pub answer_by: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// A fee notice (国办函〔2020〕109号).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeNotice {
    pub fee_basis: FeeBasis,
    /// Applications in the month (按件) or pages (按量).
    pub quantity: u32,
    pub amount_fen: i64,
    #[serde(default)]
    pub standard: String,
    /// How the notice went to the applicant, which decides when it counts as received
    /// until the receipt is recorded; `None` in records made before this was asked,
    /// which took the notice's own date.
    #[serde(default)]
    pub sent_by: Option<DeliveryWay>,
}

impl FeeNotice {
    pub fn amount(&self) -> Fen {
        Fen(self.amount_fen)
    }

    /// The day the applicant is taken to have received a notice sent on `sent_on`,
    /// without a recorded receipt: handed over, e-mailed or faxed, the same day (it
    /// reaches the applicant, or the applicant's system, that day); by post or on the
    /// tracking page, only the recorded receipt (the day signed for, or the day the
    /// applicant confirms) counts, as Art.31 has it for applications.
    pub fn deemed_received(&self, sent_on: NaiveDate) -> Option<NaiveDate> {
        match self.sent_by {
            None | Some(DeliveryWay::Pickup | DeliveryWay::Email | DeliveryWay::Fax) => {
                Some(sent_on)
            }
            Some(DeliveryWay::Post | DeliveryWay::Online) => None,
        }
    }
}

/// What one step records, by action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", content = "detail", rename_all = "snake_case")]
pub enum StepDetail {
    /// 登记: the first step.
    Register {
        channel: Channel,
    },
    Accept(Note),
    RequestCorrection {
        /// The items to correct.
        items: String,
        correct_by: NaiveDate,
    },
    ReceiveCorrection {
        #[serde(default)]
        note: String,
        /// Whether the corrected request replaced the original wording.
        #[serde(default)]
        request_changed: bool,
    },
    CloseUncorrected(ReplyDetail),
    Assign {
        assigned_to: String,
        #[serde(default)]
        note: String,
    },
    ConsultThirdParty(Consultation),
    ConsultAgency(Consultation),
    EndConsultation {
        /// The consulted party's opinion.
        #[serde(default)]
        opinion: String,
        /// The consultation step this answers; `None` in records made when only one
        /// consultation could run at a time (it ends the latest).
        #[serde(default)]
        consultation: Option<i64>,
    },
    Extend {
        days: u32,
        reason: String,
    },
    NotifyFee(FeeNotice),
    /// The applicant's receipt of the fee notice, on the step's date.
    FeeNoticeReceived(Note),
    RecordPayment {
        amount_fen: i64,
        #[serde(default)]
        note: String,
    },
    CloseUnpaid(ReplyDetail),
    Reply(ReplyDetail),
    Deliver {
        way: DeliveryWay,
        #[serde(default)]
        note: String,
    },
    Archive(Note),
}

impl StepDetail {
    /// The action the step records; `None` for registration.
    pub fn action(&self) -> Option<Action> {
        use StepDetail as D;
        Some(match self {
            D::Register { .. } => return None,
            D::Accept(_) => Action::Accept,
            D::RequestCorrection { .. } => Action::RequestCorrection,
            D::ReceiveCorrection { .. } => Action::ReceiveCorrection,
            D::CloseUncorrected(_) => Action::CloseUncorrected,
            D::Assign { .. } => Action::Assign,
            D::ConsultThirdParty(_) => Action::ConsultThirdParty,
            D::ConsultAgency(_) => Action::ConsultAgency,
            D::EndConsultation { .. } => Action::EndConsultation,
            D::Extend { .. } => Action::Extend,
            D::NotifyFee(_) => Action::NotifyFee,
            D::FeeNoticeReceived(_) => Action::FeeNoticeReceived,
            D::RecordPayment { .. } => Action::RecordPayment,
            D::CloseUnpaid(_) => Action::CloseUnpaid,
            D::Reply(_) => Action::Reply,
            D::Deliver { .. } => Action::Deliver,
            D::Archive(_) => Action::Archive,
        })
    }

    /// The stored action code.
    pub fn code(&self) -> &'static str {
        self.action().map_or(REGISTER, Action::as_str)
    }

    /// The step's name as the history shows it.
    pub fn label(&self) -> &'static str {
        self.action().map_or("登记", Action::label)
    }

    /// The stored JSON object (the `detail` half of the pair).
    pub fn to_stored(&self) -> serde_json::Value {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(mut m)) => m.remove("detail").unwrap_or_default(),
            _ => serde_json::Value::Null,
        }
    }

    /// Reads a stored step back from its action code and JSON object.
    pub fn from_stored(action: &str, detail: serde_json::Value) -> Result<Self, String> {
        let detail = match detail {
            serde_json::Value::Null => serde_json::Value::Object(Default::default()),
            d => d,
        };
        serde_json::from_value(serde_json::json!({ "action": action, "detail": detail }))
            .map_err(|e| format!("步骤“{action}”的记录无法读取：{e}"))
    }

    /// The reply particulars, for the steps that answer the application.
    pub fn reply(&self) -> Option<&ReplyDetail> {
        match self {
            Self::Reply(r) | Self::CloseUncorrected(r) | Self::CloseUnpaid(r) => Some(r),
            _ => None,
        }
    }

    /// The step's particulars in words, in order, for the case page and the history.
    pub fn particulars(&self) -> Vec<(&'static str, String)> {
        use StepDetail as D;
        let mut out: Vec<(&'static str, String)> = Vec::new();
        let mut push = |name: &'static str, v: String| {
            if !v.is_empty() {
                out.push((name, v));
            }
        };
        match self {
            D::Register { channel } => push("提交方式", channel.label().into()),
            D::Accept(n) | D::FeeNoticeReceived(n) | D::Archive(n) => push("说明", n.note.clone()),
            D::RequestCorrection { items, correct_by } => {
                push("补正事项", items.clone());
                push("补正期限", correct_by.to_string());
            }
            D::ReceiveCorrection {
                note,
                request_changed,
            } => {
                if *request_changed {
                    push("申请内容", "已按补正更新".into());
                }
                push("说明", note.clone());
            }
            D::Assign { assigned_to, note } => {
                push("承办部门", assigned_to.clone());
                push("说明", note.clone());
            }
            D::ConsultThirdParty(c) | D::ConsultAgency(c) => {
                push("征求意见对象", c.party.clone());
                push("意见期限", c.answer_by.to_string());
                push("说明", c.note.clone());
            }
            D::EndConsultation { opinion, .. } => push("意见", opinion.clone()),
            D::Extend { days, reason } => {
                push("延长工作日", days.to_string());
                push("理由", reason.clone());
            }
            D::NotifyFee(f) => {
                push("收费方式", f.fee_basis.label().into());
                push("计费数量", f.quantity.to_string());
                push("金额", f.amount().to_string());
                if let Some(w) = f.sent_by {
                    push("送达方式", w.label().into());
                }
            }
            D::RecordPayment { amount_fen, note } => {
                push("金额", Fen(*amount_fen).to_string());
                push("说明", note.clone());
            }
            D::CloseUncorrected(r) | D::CloseUnpaid(r) | D::Reply(r) => {
                push("结果", r.outcome.full_label());
                push("依据", r.basis.clone());
                push("不予公开部分", r.withheld.clone());
                push("负责公开的机关", r.responsible_agency.clone());
                push("说明", r.note.clone());
            }
            D::Deliver { way, note } => {
                push("送达方式", way.label().into());
                push("说明", note.clone());
            }
        }
        out
    }

    /// The particulars as one line: "补正事项：…；补正期限：…".
    pub fn summary(&self) -> String {
        self.particulars()
            .iter()
            .map(|(k, v)| format!("{k}：{v}"))
            .collect::<Vec<_>>()
            .join("；")
    }
}

/// A recorded step as the rules need it: its id (which names a pause), date and particulars.
#[derive(Debug, Clone, Copy)]
pub struct StepRef<'a> {
    pub id: i64,
    pub on_date: NaiveDate,
    pub detail: &'a StepDetail,
}

/// The clock-relevant history of an application's steps, in order.
pub fn clock_events(steps: &[StepRef<'_>]) -> Vec<ClockEvent> {
    use StepDetail as D;
    let mut out = Vec::new();
    // The consultation a legacy end (without its reference) answers: the latest open one.
    let mut open_consultations: Vec<i64> = Vec::new();
    let mut fee_notice: Option<i64> = None;
    for s in steps {
        let d = s.on_date;
        let id = s.id;
        out.push(match s.detail {
            D::Register { .. } => ClockEvent::Received(d),
            D::RequestCorrection { .. } => ClockEvent::CorrectionRequested(d),
            D::ReceiveCorrection { .. } => ClockEvent::CorrectionReceived(d),
            D::ConsultThirdParty(_) | D::ConsultAgency(_) => {
                open_consultations.push(id);
                let kind = if matches!(s.detail, D::ConsultThirdParty(_)) {
                    PauseKind::ThirdParty
                } else {
                    PauseKind::CoAgency
                };
                ClockEvent::PauseStarted { on: d, kind, id }
            }
            D::EndConsultation { consultation, .. } => {
                let Some(c) = consultation.or_else(|| open_consultations.last().copied()) else {
                    continue;
                };
                open_consultations.retain(|x| *x != c);
                ClockEvent::PauseEnded { on: d, id: c }
            }
            D::NotifyFee(_) => {
                fee_notice = Some(id);
                ClockEvent::PauseStarted {
                    on: d,
                    kind: PauseKind::Fee,
                    id,
                }
            }
            D::RecordPayment { .. } => match fee_notice.take() {
                Some(f) => ClockEvent::PauseEnded { on: d, id: f },
                None => continue,
            },
            D::Extend { days, .. } => ClockEvent::Extended(d, *days),
            D::Reply(_) | D::CloseUncorrected(_) | D::CloseUnpaid(_) => ClockEvent::Replied(d),
            D::Accept(_)
            | D::Assign { .. }
            | D::FeeNoticeReceived(_)
            | D::Deliver { .. }
            | D::Archive(_) => continue,
        });
    }
    out
}

/// The consultations still waiting for an answer recorded by staff: (step id, party).
pub fn open_consultations(steps: &[StepRef<'_>]) -> Vec<(i64, String)> {
    let mut open: Vec<(i64, String)> = Vec::new();
    for s in steps {
        match s.detail {
            StepDetail::ConsultThirdParty(c) | StepDetail::ConsultAgency(c) => {
                open.push((s.id, c.party.clone()));
            }
            StepDetail::EndConsultation { consultation, .. } => {
                let target = consultation.or_else(|| open.last().map(|(i, _)| *i));
                open.retain(|(i, _)| Some(*i) != target);
            }
            _ => {}
        }
    }
    open
}

/// Where the latest fee notice stands: the notice, its date, the applicant's receipt
/// (recorded, or deemed by the way it was sent) and so the last day to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeStanding {
    pub notice: FeeNotice,
    pub sent_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    /// `None` until the receipt is known: the payment period has not begun.
    pub pay_by: Option<NaiveDate>,
}

/// The latest fee notice and its payment period (国办函〔2020〕109号: 20 working days from
/// the day after the applicant receives the notice).
pub fn fee_standing(
    calendar: &crate::calendar::WorkCalendar,
    steps: &[StepRef<'_>],
) -> Option<FeeStanding> {
    let (i, s, notice) = steps
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, s)| match s.detail {
            StepDetail::NotifyFee(f) => Some((i, s, f)),
            _ => None,
        })?;
    let recorded = steps[i + 1..].iter().find_map(|x| match x.detail {
        StepDetail::FeeNoticeReceived(_) => Some(x.on_date),
        _ => None,
    });
    let received_on = recorded.or_else(|| notice.deemed_received(s.on_date));
    Some(FeeStanding {
        notice: notice.clone(),
        sent_on: s.on_date,
        received_on,
        pay_by: received_on.map(|r| super::clock::fee_payment_due(calendar, r)),
    })
}
