//! Every step of the workflow, one function each. [`App::act_on_application`] checks
//! what all steps share — the viewer's role, the case's state, the step's date — then
//! the action's own function checks its particulars against the law and says what the
//! step records and how the case changes; nothing is written unless all of it holds.

use chrono::NaiveDate;
use gongkai_domain::Invalid;
use gongkai_domain::application::clock::{MAX_EXTENSION_WORKDAYS, consultation_due};
use gongkai_domain::application::fee::{FeeBasis, fee, standard_text};
use gongkai_domain::application::step::open_consultations;
use gongkai_domain::application::{
    Action, Consultation, DeliveryWay, FeeNotice, Fen, InformationRequest, Note, Outcome,
    ReplyClock, ReplyDetail, RequestInput, Status, StepDetail,
};
use gongkai_domain::invalid::{Problems, multi_line, single_line};
use gongkai_store::applications::{self as store, NewStep, StateChange};
use serde::Deserialize;
use serde_json::json;

use super::{Case, HANDLERS, date_field};
use crate::{Actor, App, AppError, AppResult, OrgTree};

/// A step as entered on a form or in the API; every field is text, checked here.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StepInput {
    #[serde(default)]
    pub action: String,
    /// The step's date (notice sent, answer received, reply made …); today when empty.
    #[serde(default)]
    pub on_date: String,
    /// Reasons, the items to correct, the consulted party's opinion, a delivery note.
    #[serde(default)]
    pub note: String,
    /// 补正: the last day for the correction.
    #[serde(default)]
    pub correct_by: String,
    /// 交办: the department's slug.
    #[serde(default)]
    pub assign_to: String,
    /// 征求意见: who is consulted.
    #[serde(default)]
    pub party: String,
    /// 征求意见结束: which consultation answered (its step number); the only open one
    /// when empty.
    #[serde(default)]
    pub consultation: String,
    /// 延期: working days, 20 when empty.
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub fee_basis: String,
    /// 按量: the pages provided.
    #[serde(default)]
    pub pages: String,
    /// 收费通知: how the notice goes to the applicant.
    #[serde(default)]
    pub sent_by: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub basis: String,
    /// 部分公开: what was withheld and why.
    #[serde(default)]
    pub withheld: String,
    /// 本机关不掌握: the agency that holds the information, and how to reach it.
    #[serde(default)]
    pub responsible_agency: String,
    #[serde(default)]
    pub delivery_way: String,
    /// 收到补正: the corrected request, when it changes.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub description: String,
}

/// What is shared by every step: the case, the date and the note, checked.
struct Ctx<'a> {
    case: &'a Case,
    input: &'a StepInput,
    on_date: NaiveDate,
    note: String,
    clock: ReplyClock,
    tree: &'a OrgTree,
}

/// What a step records and how the case changes.
struct Planned {
    detail: StepDetail,
    /// `None` keeps the status the action's table gives.
    status: Option<Status>,
    assigned_org_id: Option<Option<i64>>,
    reply: Option<(Outcome, NaiveDate)>,
    request: Option<InformationRequest>,
}

impl Planned {
    fn of(detail: StepDetail) -> Self {
        Planned {
            detail,
            status: None,
            assigned_org_id: None,
            reply: None,
            request: None,
        }
    }

    /// A step that answers the application with `outcome` on the step's date.
    fn answer(detail: StepDetail, outcome: Outcome, on: NaiveDate) -> Self {
        Planned {
            reply: Some((outcome, on)),
            ..Planned::of(detail)
        }
    }
}

impl App {
    /// Takes one workflow step on the case with this tracking number. The state must
    /// fit the action, the actor must hold its role in the case's organisation, and the
    /// step's particulars must satisfy the law; otherwise nothing is written.
    pub async fn act_on_application(
        &self,
        actor: &Actor,
        tracking_number: &str,
        input: &StepInput,
    ) -> AppResult<Status> {
        let action: Action = if input.action.trim().is_empty() {
            return Err(Invalid::new("action", "请选择办理操作").into());
        } else {
            input.action.trim().parse()?
        };
        let case = self.load_case(tracking_number).await?;
        let a = &case.a;
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(a.org_id);
        if !actor.holds_any(&HANDLERS, &ancestry)
            && !actor.holds_any(action.required_roles(), &ancestry)
        {
            return Err(AppError::NotFound("申请不存在".into()));
        }
        if !actor.holds_any(action.required_roles(), &ancestry) {
            let roles: Vec<&str> = action.required_roles().iter().map(|r| r.label()).collect();
            return Err(AppError::Forbidden(format!(
                "“{}”须由{}办理",
                action.label(),
                roles.join("或")
            )));
        }
        if let Some(why) = action.refusal(a.status) {
            return Err(AppError::Conflict(why));
        }
        let today = self.today();
        let on_date = date_field("on_date", "办理日期", &input.on_date)?.unwrap_or(today);
        let last = case.steps.last().map_or(a.received_on, |s| s.on_date);
        if on_date > today {
            return Err(Invalid::new("on_date", "办理日期不能晚于今天").into());
        }
        if on_date < last {
            return Err(Invalid::new(
                "on_date",
                format!("办理日期不能早于上一步骤的日期（{last}）"),
            )
            .into());
        }
        if let Some(why) = super::guard::unavailable(&case, &self.calendar(), action, on_date) {
            return Err(AppError::Conflict(why));
        }
        let cx = Ctx {
            case: &case,
            input,
            on_date,
            note: multi_line("note", "说明", &input.note, false, 2000)?,
            clock: self.clock_of(&case.steps),
            tree: &tree,
        };
        let planned = match action {
            Action::Accept => accept(&cx),
            Action::RequestCorrection => request_correction(&cx)?,
            Action::ReceiveCorrection => receive_correction(&cx)?,
            Action::CloseUncorrected => close_uncorrected(&cx),
            Action::Assign => assign(&cx)?,
            Action::ConsultThirdParty => self.consult(&cx, false)?,
            Action::ConsultAgency => self.consult(&cx, true)?,
            Action::EndConsultation => end_consultation(&cx)?,
            Action::Extend => extend(&cx)?,
            Action::NotifyFee => self.notify_fee(&cx).await?,
            Action::FeeNoticeReceived => self.fee_notice_received(&cx),
            Action::RecordPayment => record_payment(&cx),
            Action::CloseUnpaid => close_unpaid(&cx),
            Action::Reply => reply(&cx)?,
            Action::Deliver => deliver(&cx)?,
            Action::Archive => archive(&cx),
        };
        self.write_step(actor, &case, action, on_date, planned)
            .await
    }

    /// Writes a planned step: the case's new state, the step and the audit entry.
    async fn write_step(
        &self,
        actor: &Actor,
        case: &Case,
        action: Action,
        on_date: NaiveDate,
        p: Planned,
    ) -> AppResult<Status> {
        let a = &case.a;
        let status = p
            .status
            .unwrap_or_else(|| action.target().unwrap_or(a.status));
        let (outcome, replied_on) = match p.reply {
            Some((o, d)) => (Some(o), Some(d)),
            None => (a.outcome, a.replied_on),
        };
        let change = StateChange {
            status,
            assigned_org_id: p.assigned_org_id.unwrap_or(a.assigned_org_id),
            outcome,
            replied_on,
            request: p.request.as_ref(),
        };
        let mut tx = self.store.begin(self.now()).await?;
        store::set_state(&mut tx, a.id, &change).await?;
        store::add_step(
            &mut tx,
            &NewStep {
                application_id: a.id,
                on_date,
                status_after: status,
                detail: &p.detail,
                actor: &self.step_actor(actor),
            },
        )
        .await?;
        self.record_application(
            &mut tx,
            actor,
            &format!("application.{}", action.as_str()),
            a.id,
            a.org_id,
            json!({ "on_date": on_date, "status": status, "tracking_number": a.tracking_number }),
        )
        .await?;
        tx.commit().await?;
        Ok(status)
    }

    fn consult(&self, cx: &Ctx<'_>, agency: bool) -> AppResult<Planned> {
        let party = single_line("party", "征求意见对象", &cx.input.party, true, 200)?;
        if open_consultations(&cx.case.refs())
            .iter()
            .any(|(_, p)| *p == party)
        {
            return Err(AppError::Conflict(format!(
                "已向“{party}”征求意见，尚未记录其意见"
            )));
        }
        let c = Consultation {
            party,
            answer_by: consultation_due(&self.calendar(), cx.on_date),
            note: cx.note.clone(),
        };
        Ok(Planned::of(if agency {
            StepDetail::ConsultAgency(c)
        } else {
            StepDetail::ConsultThirdParty(c)
        }))
    }

    /// The particulars of a fee notice: basis, quantity, amount, and how it is sent.
    async fn notify_fee(&self, cx: &Ctx<'_>) -> AppResult<Planned> {
        let mut p = Problems::default();
        let basis: Option<FeeBasis> = p.choice(
            "fee_basis",
            "请选择收费方式（按件或按量）",
            &cx.input.fee_basis,
        );
        let sent_by: Option<DeliveryWay> = p.choice(
            "sent_by",
            "请选择收费通知书的送达方式（缴费期限自申请人收到通知书的次日起算）",
            &cx.input.sent_by,
        );
        let pages = cx.input.pages.trim().parse::<u32>().ok().filter(|p| *p > 0);
        if basis == Some(FeeBasis::PerPage) && pages.is_none() {
            p.push(Invalid::new("pages", "按量计收须填写页数（正整数）"));
        }
        let (Some(basis), Some(sent_by), true) = (basis, sent_by, p.is_empty()) else {
            return Err(AppError::Invalid(p.0));
        };
        let a = &cx.case.a;
        let quantity = match (basis, pages) {
            (FeeBasis::PerPage, Some(pages)) => pages,
            _ => {
                // 按件: the application's rank among this applicant's applications to
                // this agency in the calendar month of its receipt.
                let mut c = self.store.conn().await?;
                let month = chrono::Datelike::with_day(&a.received_on, 1).unwrap_or(a.received_on);
                let n = store::rank_in_month(&mut c, a, month).await?;
                u32::try_from(n).unwrap_or(u32::MAX)
            }
        };
        let amount: Fen = fee(basis, quantity);
        if amount == Fen::ZERO {
            return Err(AppError::Conflict(format!(
                "按{}标准本申请无需收费（数量{quantity}）",
                basis.label()
            )));
        }
        Ok(Planned::of(StepDetail::NotifyFee(FeeNotice {
            fee_basis: basis,
            quantity,
            amount_fen: amount.0,
            standard: standard_text(basis).to_owned(),
            sent_by: Some(sent_by),
        })))
    }

    fn fee_notice_received(&self, cx: &Ctx<'_>) -> Planned {
        Planned::of(StepDetail::FeeNoticeReceived(Note {
            note: cx.note.clone(),
        }))
    }
}

/// 国办函〔2020〕109号: not paid within 20 working days of receiving the notice —
/// treated as abandoned (the guard checked that the period is known and over).
fn close_unpaid(cx: &Ctx<'_>) -> Planned {
    closing(cx, Outcome::FeeUnpaid, StepDetail::CloseUnpaid)
}

fn accept(cx: &Ctx<'_>) -> Planned {
    Planned::of(StepDetail::Accept(Note {
        note: cx.note.clone(),
    }))
}

fn archive(cx: &Ctx<'_>) -> Planned {
    Planned::of(StepDetail::Archive(Note {
        note: cx.note.clone(),
    }))
}

/// Art.30: once, within 7 working days of receipt, with the items and a reasonable period.
fn request_correction(cx: &Ctx<'_>) -> AppResult<Planned> {
    let by = cx
        .clock
        .correction_notice_by
        .unwrap_or(cx.case.a.received_on);
    if cx.on_date > by {
        return Err(Invalid::new(
            "on_date",
            format!("补正告知须自收到申请之日起7个工作日内发出，本申请截止于{by}"),
        )
        .into());
    }
    if cx.note.is_empty() {
        return Err(Invalid::new("note", "请写明需要补正的事项").into());
    }
    let correct_by = date_field("correct_by", "补正期限", &cx.input.correct_by)?
        .ok_or_else(|| Invalid::new("correct_by", "请给出合理的补正期限"))?;
    if correct_by <= cx.on_date {
        return Err(Invalid::new("correct_by", "补正期限须晚于告知日期").into());
    }
    Ok(Planned::of(StepDetail::RequestCorrection {
        items: cx.note.clone(),
        correct_by,
    }))
}

fn receive_correction(cx: &Ctx<'_>) -> AppResult<Planned> {
    let i = cx.input;
    let changed = !(i.title.trim().is_empty()
        && i.doc_number.trim().is_empty()
        && i.description.trim().is_empty());
    let request = if changed {
        let r = &cx.case.a.request;
        Some(
            RequestInput {
                title: i.title.clone(),
                doc_number: i.doc_number.clone(),
                description: i.description.clone(),
                delivery_form: r.delivery_form.as_str().into(),
                delivery_way: r.delivery_way.as_str().into(),
            }
            .parse()?,
        )
    } else {
        None
    };
    Ok(Planned {
        request,
        ..Planned::of(StepDetail::ReceiveCorrection {
            note: cx.note.clone(),
            request_changed: changed,
        })
    })
}

/// Art.30: not corrected in the period the notice gave, without good reason — treated
/// as abandoned (the guard checked that the period is over).
fn close_uncorrected(cx: &Ctx<'_>) -> Planned {
    closing(cx, Outcome::NotCorrected, StepDetail::CloseUncorrected)
}

/// A case closed as abandoned, with the outcome's standard basis.
fn closing(cx: &Ctx<'_>, outcome: Outcome, wrap: fn(ReplyDetail) -> StepDetail) -> Planned {
    let detail = ReplyDetail {
        outcome,
        basis: outcome.default_basis().unwrap_or_default().to_owned(),
        note: cx.note.clone(),
        withheld: String::new(),
        responsible_agency: String::new(),
    };
    Planned::answer(wrap(detail), outcome, cx.on_date)
}

fn assign(cx: &Ctx<'_>) -> AppResult<Planned> {
    let a = &cx.case.a;
    let slug = cx.input.assign_to.trim();
    let dept = cx
        .tree
        .by_slug(slug)
        .filter(|o| o.id != a.org_id && cx.tree.ancestry_ids(o.id).contains(&a.org_id))
        .ok_or_else(|| Invalid::new("assign_to", "请选择本机关下属的承办部门"))?;
    Ok(Planned {
        assigned_org_id: Some(Some(dept.id)),
        ..Planned::of(StepDetail::Assign {
            assigned_to: dept.name.clone(),
            note: cx.note.clone(),
        })
    })
}

/// Records the answer of one consultation; the case stays 征求意见中 while another runs.
fn end_consultation(cx: &Ctx<'_>) -> AppResult<Planned> {
    let open = open_consultations(&cx.case.refs());
    let chosen = match cx.input.consultation.trim() {
        "" if open.len() == 1 => open[0].0,
        "" => {
            return Err(
                Invalid::new("consultation", "正在征求多方意见，请选择是哪一方的意见").into(),
            );
        }
        s => s
            .parse::<i64>()
            .ok()
            .filter(|id| open.iter().any(|(i, _)| i == id))
            .ok_or_else(|| Invalid::new("consultation", "请选择尚未记录意见的征求意见对象"))?,
    };
    let others_open = open.iter().any(|(i, _)| *i != chosen);
    Ok(Planned {
        status: others_open.then_some(Status::Consulting),
        ..Planned::of(StepDetail::EndConsultation {
            opinion: cx.note.clone(),
            consultation: Some(chosen),
        })
    })
}

/// Art.33 第二款: once, at most 20 working days, with a reason, before the due date.
fn extend(cx: &Ctx<'_>) -> AppResult<Planned> {
    let days = match cx.input.days.trim() {
        "" => MAX_EXTENSION_WORKDAYS,
        s => s
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_EXTENSION_WORKDAYS).contains(d))
            .ok_or_else(|| Invalid::new("days", "延长期限须为1至20个工作日（条例第三十三条）"))?,
    };
    if let Some(due) = cx.clock.due_on
        && cx.on_date > due
    {
        return Err(AppError::Conflict(format!(
            "答复期限已于{due}届满，不能再延长"
        )));
    }
    if cx.note.is_empty() {
        return Err(Invalid::new("note", "请写明延期理由").into());
    }
    Ok(Planned::of(StepDetail::Extend {
        days,
        reason: cx.note.clone(),
    }))
}

/// The amount paid is the notice's, so the report's fee total (section 六) is a sum
/// over payments.
fn record_payment(cx: &Ctx<'_>) -> Planned {
    let amount_fen = cx
        .case
        .steps
        .iter()
        .rev()
        .find_map(|s| match &s.detail {
            StepDetail::NotifyFee(f) => Some(f.amount_fen),
            _ => None,
        })
        .unwrap_or(0);
    Planned::of(StepDetail::RecordPayment {
        amount_fen,
        note: cx.note.clone(),
    })
}

fn reply(cx: &Ctx<'_>) -> AppResult<Planned> {
    let i = cx.input;
    let mut p = Problems::default();
    let outcome: Option<Outcome> = p.choice("outcome", "请选择办理结果（答复类别）", &i.outcome);
    let basis = p.text(single_line("basis", "法律依据", &i.basis, true, 300));
    let withheld = p.text(multi_line(
        "withheld",
        "不予公开部分及理由",
        &i.withheld,
        false,
        2000,
    ));
    let agency = p.text(single_line(
        "responsible_agency",
        "负责公开的机关",
        &i.responsible_agency,
        false,
        200,
    ));
    if outcome.is_some_and(Outcome::needs_withheld_account) && withheld.is_empty() {
        p.push(Invalid::new(
            "withheld",
            "部分公开须写明不予公开的内容及理由（条例第三十七条）",
        ));
    }
    if matches!(outcome, Some(Outcome::FeeUnpaid | Outcome::NotCorrected)) {
        p.push(Invalid::new(
            "outcome",
            "逾期未补正、逾期未缴费请使用相应的终止处理操作",
        ));
    }
    let Some(outcome) = outcome.filter(|_| p.is_empty()) else {
        return Err(AppError::Invalid(p.0));
    };
    Ok(Planned::answer(
        StepDetail::Reply(ReplyDetail {
            outcome,
            basis,
            note: cx.note.clone(),
            withheld,
            responsible_agency: agency,
        }),
        outcome,
        cx.on_date,
    ))
}

fn deliver(cx: &Ctx<'_>) -> AppResult<Planned> {
    let way: DeliveryWay = Problems::default()
        .choice("delivery_way", "请选择送达方式", &cx.input.delivery_way)
        .ok_or_else(|| Invalid::new("delivery_way", "请选择送达方式"))?;
    Ok(Planned::of(StepDetail::Deliver {
        way,
        note: cx.note.clone(),
    }))
}
