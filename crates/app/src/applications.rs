//! 依申请公开 use cases: online submission, staff registration, every workflow step,
//! the staff view with its clock, and public tracking by number and query code.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::Invalid;
use gongkai_domain::application::clock::{consultation_due, fee_payment_due};
use gongkai_domain::application::fee::{FeeBasis, fee, standard_text};
use gongkai_domain::application::{
    Action, Applicant, ApplicantInput, Channel, ClockEvent, ClockSettings, DeliveryWay, Fen,
    Outcome, PauseKind, ReplyClock, RequestInput, Status, reply_clock,
};
use gongkai_domain::invalid::{Problems, multi_line, single_line};
use gongkai_domain::role::Role;
use gongkai_store::applications::{
    self as store, Application, NewApplication, NewStep, REGISTER, StateChange, Step,
};
use gongkai_store::{NewEvent, Tx};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{Actor, App, AppError, AppResult, random_token, sha256_hex};

/// Roles that handle applications and may read the applicant's personal data.
pub(crate) const HANDLERS: [Role; 2] = [Role::DisclosureOfficer, Role::DisclosureHead];

/// What an applicant is given once: the tracking number and the secret query code.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub id: i64,
    pub tracking_number: String,
    pub query_code: String,
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

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
    /// 延期: working days, 20 when empty.
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub fee_basis: String,
    /// 按量: the pages provided.
    #[serde(default)]
    pub pages: String,
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

/// An application as staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub tracking_number: String,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub status: Status,
    /// `None` unless the viewer handles applications for the organisation.
    pub applicant: Option<Applicant>,
    pub applicant_kind: gongkai_domain::application::ApplicantKind,
    pub request: gongkai_domain::application::InformationRequest,
    pub assigned_org: Option<String>,
    pub outcome: Option<Outcome>,
    pub replied_on: Option<NaiveDate>,
    pub clock: ReplyClock,
    pub steps: Vec<StepView>,
    /// Actions the viewer may take now.
    pub actions: Vec<Action>,
    /// Letters the case has (one per kind whose step was taken), for handlers.
    pub letters: Vec<gongkai_domain::application::LetterKind>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub action: String,
    pub label: String,
    /// The particulars in words, for the case page.
    pub summary: String,
    pub on_date: NaiveDate,
    pub status_after: Status,
    pub detail: Value,
    pub actor: String,
    pub at: String,
}

/// What the public sees with the tracking number and the query code: no personal data.
#[derive(Debug, Clone, Serialize)]
pub struct Tracking {
    pub tracking_number: String,
    pub org_name: String,
    pub received_on: NaiveDate,
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    pub clock: ReplyClock,
    pub outcome: Option<Outcome>,
    pub replied_on: Option<NaiveDate>,
    /// The reply's legal basis and explanation, once replied.
    pub reply: Option<Value>,
    /// The reply letter (答复书), addressed to "申请人" rather than by name.
    pub reply_letter: Option<crate::letters::Letter>,
    pub steps: Vec<(NaiveDate, String)>,
}

fn step_label(action: &str) -> String {
    if action == REGISTER {
        return "登记".into();
    }
    action
        .parse::<Action>()
        .map(|a| a.label().to_owned())
        .unwrap_or_else(|_| action.to_owned())
}

/// The clock-relevant history of an application's steps.
fn clock_events(steps: &[Step]) -> Vec<ClockEvent> {
    steps
        .iter()
        .filter_map(|s| {
            let d = s.on_date;
            if s.action == REGISTER {
                return Some(ClockEvent::Received(d));
            }
            Some(match s.action.parse::<Action>().ok()? {
                Action::RequestCorrection => ClockEvent::CorrectionRequested(d),
                Action::ReceiveCorrection => ClockEvent::CorrectionReceived(d),
                Action::ConsultThirdParty => ClockEvent::PauseStarted(d, PauseKind::ThirdParty),
                Action::ConsultAgency => ClockEvent::PauseStarted(d, PauseKind::CoAgency),
                Action::NotifyFee => ClockEvent::PauseStarted(d, PauseKind::Fee),
                Action::EndConsultation | Action::RecordPayment => ClockEvent::PauseEnded(d),
                Action::Extend => {
                    let days = s.detail["days"].as_u64().unwrap_or(0);
                    ClockEvent::Extended(d, u32::try_from(days).unwrap_or(0))
                }
                Action::Reply | Action::CloseUncorrected | Action::CloseUnpaid => {
                    ClockEvent::Replied(d)
                }
                Action::Accept | Action::Assign | Action::Deliver | Action::Archive => {
                    return None;
                }
            })
        })
        .collect()
}

/// The identity key that counts an applicant's applications without reading them.
fn applicant_key(a: &Applicant) -> String {
    sha256_hex(&format!("{}\u{1f}{}", a.id_kind.as_str(), a.id_number))
}

/// 8 characters an applicant can type from a receipt: no 0/O, 1/I/L.
fn query_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let hex = random_token(8);
    hex.as_bytes()
        .chunks(2)
        .map(|pair| {
            let b = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("00"), 16).unwrap_or(0);
            ALPHABET[usize::from(b) % ALPHABET.len()] as char
        })
        .collect()
}

fn date_field(field: &'static str, label: &str, value: &str) -> Result<Option<NaiveDate>, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            Invalid::new(
                field,
                format!("{label}须为“年-月-日”格式的日期，如2025-03-04"),
            )
        })
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

impl App {
    fn clock_settings(&self) -> ClockSettings {
        ClockSettings::default()
    }

    pub(crate) fn clock_of(&self, steps: &[Step]) -> ReplyClock {
        reply_clock(
            &self.calendar(),
            &clock_events(steps),
            self.clock_settings(),
            self.today(),
        )
    }

    /// An online application from an organisation's portal (Art.29). The platform
    /// confirms receipt at once, so the receipt date is today (Art.31(三)).
    pub async fn submit_application(
        &self,
        org_slug: &str,
        applicant: &ApplicantInput,
        request: &RequestInput,
        ip: &str,
    ) -> AppResult<Receipt> {
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(org_slug)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let actor = Actor {
            user: None,
            grants: Vec::new(),
            ip: ip.to_owned(),
            via: crate::Via::Session,
        };
        self.register_inner(
            &actor,
            org.id,
            Channel::Online,
            self.today(),
            applicant,
            request,
        )
        .await
    }

    /// Staff register an application received in person, by post, fax or e-mail, with
    /// the receipt date Art.31 gives for that channel.
    pub async fn register_application(
        &self,
        actor: &Actor,
        org_id: i64,
        channel: Channel,
        received_on: NaiveDate,
        applicant: &ApplicantInput,
        request: &RequestInput,
    ) -> AppResult<Receipt> {
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(org_id);
        if ancestry.is_empty() {
            return Err(AppError::NotFound("机构不存在".into()));
        }
        if !actor.holds_any(&HANDLERS, &ancestry) {
            return Err(AppError::Forbidden(
                "登记政府信息公开申请须具有本机关“信息公开专员”或“信息公开机构负责人”角色".into(),
            ));
        }
        let received_on =
            gongkai_domain::application::intake::receipt_date(received_on, self.today())?;
        self.register_inner(actor, org_id, channel, received_on, applicant, request)
            .await
    }

    async fn register_inner(
        &self,
        actor: &Actor,
        org_id: i64,
        channel: Channel,
        received_on: NaiveDate,
        applicant: &ApplicantInput,
        request: &RequestInput,
    ) -> AppResult<Receipt> {
        let mut problems = Vec::new();
        let applicant = applicant.parse().map_err(|e| problems.extend(e)).ok();
        let request = request.parse().map_err(|e| problems.extend(e)).ok();
        let (Some(applicant), Some(request)) = (applicant, request) else {
            return Err(AppError::Invalid(problems));
        };
        let tree = self.org_tree().await?;
        let org = tree
            .get(org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let code = query_code();
        let key = applicant_key(&applicant);
        let mut tx = self.store.begin(self.now()).await?;
        let serial = store::next_serial(&mut tx, org_id, received_on.year()).await?;
        let tracking = format!("{}-{}-{serial:05}", org.slug, received_on.year());
        let created_by = match actor.user_id() {
            Some(id) => Some(id),
            None if actor.via == crate::Via::Cli => Some(self.author(&mut tx, actor).await?),
            None => None,
        };
        let id = store::insert(
            &mut tx,
            &NewApplication {
                org_id,
                tracking_number: &tracking,
                query_code_hash: &sha256_hex(&code),
                channel,
                received_on,
                status: Status::Registered,
                applicant: &applicant,
                applicant_key: &key,
                request: &request,
                created_by,
            },
        )
        .await?;
        let detail = json!({ "channel": channel.as_str() });
        let step = NewStep {
            application_id: id,
            action: REGISTER,
            on_date: received_on,
            status_after: Status::Registered,
            detail: &detail,
            actor: &self.step_actor(actor),
        };
        store::add_step(&mut tx, &step).await?;
        self.record_application(&mut tx, actor, "application.register", id, org_id, detail)
            .await?;
        tx.commit().await?;
        let clock = reply_clock(
            &self.calendar(),
            &[ClockEvent::Received(received_on)],
            self.clock_settings(),
            received_on,
        );
        Ok(Receipt {
            id,
            tracking_number: tracking,
            query_code: code,
            received_on,
            due_on: clock.due_on,
        })
    }

    fn step_actor(&self, actor: &Actor) -> String {
        match (&actor.user, actor.via) {
            (Some(u), _) => u.display_name.clone(),
            (None, crate::Via::Cli) => "控制台".into(),
            (None, _) => "申请人（网上提交）".into(),
        }
    }

    async fn record_application(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: &str,
        id: i64,
        org_id: i64,
        detail: Value,
    ) -> AppResult<()> {
        tx.record(
            self.audit(actor, action, "application", Some(id), Some(org_id), detail),
            Some(NewEvent {
                kind: "application.changed",
                entity_type: "application",
                entity_id: Some(id),
                org_id: Some(org_id),
                payload: json!({ "id": id }),
            }),
        )
        .await?;
        Ok(())
    }

    pub(crate) async fn load_application(&self, id: i64) -> AppResult<(Application, Vec<Step>)> {
        let mut c = self.store.conn().await?;
        let app = store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("申请不存在".into()))?;
        let steps = store::steps(&mut c, id).await?;
        Ok((app, steps))
    }

    /// An application as `actor` may see it: handlers of its organisation see the
    /// applicant; supervisors and administrators above it see everything else.
    pub async fn application_view(&self, actor: &Actor, id: i64) -> AppResult<ApplicationView> {
        let (a, steps) = self.load_application(id).await?;
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(a.org_id);
        let handler = actor.holds_any(&HANDLERS, &ancestry);
        let oversees = actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], &ancestry)
            || actor.is_platform_admin();
        if !handler && !oversees {
            return Err(AppError::NotFound("申请不存在".into()));
        }
        let clock = self.clock_of(&steps);
        let actions = Action::ALL
            .iter()
            .copied()
            .filter(|x| x.from_states().contains(&a.status))
            .filter(|x| actor.holds_any(x.required_roles(), &ancestry))
            .collect();
        let org_name = tree
            .get(a.org_id)
            .map(|o| o.name.clone())
            .unwrap_or_default();
        let assigned_org = a
            .assigned_org_id
            .and_then(|o| tree.get(o))
            .map(|o| o.name.clone());
        Ok(ApplicationView {
            id: a.id,
            org_id: a.org_id,
            org_name,
            tracking_number: a.tracking_number,
            channel: a.channel,
            received_on: a.received_on,
            status: a.status,
            applicant_kind: a.applicant.kind,
            applicant: handler.then_some(a.applicant),
            request: a.request,
            assigned_org,
            outcome: a.outcome,
            replied_on: a.replied_on,
            clock,
            letters: if handler {
                gongkai_domain::application::LetterKind::ALL
                    .iter()
                    .copied()
                    .filter(|k| {
                        steps.iter().any(|s| {
                            s.action
                                .parse::<Action>()
                                .is_ok_and(|x| k.steps().contains(&x))
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            },
            steps: steps.iter().map(step_view).collect(),
            actions,
        })
    }

    /// The applications of the organisations `actor` handles or oversees (other roles
    /// see none), with clocks, soonest due first among the open ones.
    pub async fn staff_applications(
        &self,
        actor: &Actor,
        open_only: bool,
    ) -> AppResult<Vec<(Application, ReplyClock)>> {
        let tree = self.org_tree().await?;
        let org_ids: Vec<i64> = self
            .visible_org_ids(actor)
            .await?
            .into_iter()
            .filter(|id| {
                let ancestry = tree.ancestry_ids(*id);
                actor.is_platform_admin()
                    || actor.holds_any(&HANDLERS, &ancestry)
                    || actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], &ancestry)
            })
            .collect();
        let mut c = self.store.conn().await?;
        let apps = store::in_orgs(&mut c, &org_ids, open_only).await?;
        let ids: Vec<i64> = apps.iter().map(|a| a.id).collect();
        let mut steps = store::steps_of(&mut c, &ids).await?;
        let mut out: Vec<(Application, ReplyClock)> = apps
            .into_iter()
            .map(|a| {
                let clock = self.clock_of(&steps.remove(&a.id).unwrap_or_default());
                (a, clock)
            })
            .collect();
        out.sort_by_key(|(a, c)| (!a.status.is_open(), c.due_on.is_none(), c.due_on, a.id));
        Ok(out)
    }

    /// Takes one workflow step. The state must fit the action, the actor must hold
    /// its role in the application's organisation, and the step's particulars must
    /// satisfy the law; otherwise nothing is written.
    pub async fn act_on_application(
        &self,
        actor: &Actor,
        id: i64,
        input: &StepInput,
    ) -> AppResult<Status> {
        let action: Action = if input.action.trim().is_empty() {
            return Err(Invalid::new("action", "请选择办理操作").into());
        } else {
            input.action.trim().parse()?
        };
        let (a, steps) = self.load_application(id).await?;
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
        let last = steps.last().map_or(a.received_on, |s| s.on_date);
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
        let clock = self.clock_of(&steps);
        let note = multi_line("note", "说明", &input.note, false, 2000)?;
        let mut change = StateChange {
            status: action.target().unwrap_or(a.status),
            assigned_org_id: a.assigned_org_id,
            outcome: a.outcome,
            replied_on: a.replied_on,
            request: None,
        };
        let corrected;
        let detail = match action {
            Action::Accept | Action::Archive => json!({ "note": note }),
            Action::RequestCorrection => {
                if steps
                    .iter()
                    .any(|s| s.action == Action::RequestCorrection.as_str())
                {
                    return Err(AppError::Conflict(
                        "补正告知只能一次性发出（条例第三十条），本申请已发出过补正告知".into(),
                    ));
                }
                let by = clock.correction_notice_by.unwrap_or(a.received_on);
                if on_date > by {
                    return Err(Invalid::new(
                        "on_date",
                        format!("补正告知须自收到申请之日起7个工作日内发出，本申请截止于{by}"),
                    )
                    .into());
                }
                if note.is_empty() {
                    return Err(Invalid::new("note", "请写明需要补正的事项").into());
                }
                let correct_by = date_field("correct_by", "补正期限", &input.correct_by)?
                    .ok_or_else(|| Invalid::new("correct_by", "请给出合理的补正期限"))?;
                if correct_by <= on_date {
                    return Err(Invalid::new("correct_by", "补正期限须晚于告知日期").into());
                }
                json!({ "items": note, "correct_by": correct_by })
            }
            Action::ReceiveCorrection => {
                let changed = !(input.title.trim().is_empty()
                    && input.doc_number.trim().is_empty()
                    && input.description.trim().is_empty());
                if changed {
                    corrected = RequestInput {
                        title: input.title.clone(),
                        doc_number: input.doc_number.clone(),
                        description: input.description.clone(),
                        delivery_form: a.request.delivery_form.as_str().into(),
                        delivery_way: a.request.delivery_way.as_str().into(),
                    }
                    .parse()?;
                    change.request = Some(&corrected);
                }
                json!({ "note": note, "request_changed": changed })
            }
            Action::CloseUncorrected | Action::CloseUnpaid => {
                // Both close the case as abandoned once the applicant's period has lapsed:
                // the correction period of the notice, or the 20 working days to pay.
                let (notice, key, outcome, period) = if action == Action::CloseUncorrected {
                    (
                        Action::RequestCorrection,
                        "correct_by",
                        Outcome::NotCorrected,
                        "补正期限",
                    )
                } else {
                    (Action::NotifyFee, "pay_by", Outcome::FeeUnpaid, "缴费期限")
                };
                let by = steps
                    .iter()
                    .rev()
                    .find(|s| s.action == notice.as_str())
                    .and_then(|s| s.detail[key].as_str())
                    .and_then(|s| s.parse::<NaiveDate>().ok())
                    .unwrap_or(a.received_on);
                if on_date <= by {
                    return Err(AppError::Conflict(format!(
                        "{period}（{by}）尚未届满，不能{}",
                        action.label()
                    )));
                }
                change.outcome = Some(outcome);
                change.replied_on = Some(on_date);
                reply_detail(outcome, outcome.default_basis().unwrap_or_default(), &note)
            }
            Action::Assign => {
                let slug = input.assign_to.trim();
                let dept = tree
                    .by_slug(slug)
                    .filter(|o| o.id != a.org_id && tree.ancestry_ids(o.id).contains(&a.org_id))
                    .ok_or_else(|| Invalid::new("assign_to", "请选择本机关下属的承办部门"))?;
                change.assigned_org_id = Some(dept.id);
                json!({ "assigned_to": dept.name, "note": note })
            }
            Action::ConsultThirdParty | Action::ConsultAgency => {
                let party = single_line("party", "征求意见对象", &input.party, true, 200)?;
                json!({ "party": party, "answer_by": consultation_due(&self.calendar(), on_date), "note": note })
            }
            Action::EndConsultation => json!({ "opinion": note }),
            Action::Extend => {
                if steps.iter().any(|s| s.action == Action::Extend.as_str()) {
                    return Err(AppError::Conflict("答复期限只能延长一次".into()));
                }
                let days = match input.days.trim() {
                    "" => gongkai_domain::application::clock::MAX_EXTENSION_WORKDAYS,
                    s => s
                        .parse::<u32>()
                        .ok()
                        .filter(|d| (1..=20).contains(d))
                        .ok_or_else(|| {
                            Invalid::new("days", "延长期限须为1至20个工作日（条例第三十三条）")
                        })?,
                };
                if let Some(due) = clock.due_on
                    && on_date > due
                {
                    return Err(AppError::Conflict(format!(
                        "答复期限已于{due}届满，不能再延长"
                    )));
                }
                if note.is_empty() {
                    return Err(Invalid::new("note", "请写明延期理由").into());
                }
                json!({ "days": days, "reason": note })
            }
            Action::NotifyFee => self.fee_notice(&a, input, on_date).await?,
            Action::RecordPayment => {
                // The amount paid is the one of the notice, so the report's fee total
                // (section 六) is a sum over payments.
                let notice = steps
                    .iter()
                    .rev()
                    .find(|s| s.action == Action::NotifyFee.as_str());
                let fen = notice
                    .and_then(|s| s.detail["amount_fen"].as_i64())
                    .unwrap_or(0);
                json!({ "amount_fen": fen, "amount": Fen(fen).to_string(), "note": note })
            }
            Action::Reply => {
                let mut p = Problems::default();
                let outcome: Option<Outcome> =
                    p.choice("outcome", "请选择办理结果（答复类别）", &input.outcome);
                let basis = p.text(single_line("basis", "法律依据", &input.basis, true, 300));
                let withheld = p.text(multi_line(
                    "withheld",
                    "不予公开部分及理由",
                    &input.withheld,
                    false,
                    2000,
                ));
                let agency = p.text(single_line(
                    "responsible_agency",
                    "负责公开的机关",
                    &input.responsible_agency,
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
                change.outcome = Some(outcome);
                change.replied_on = Some(on_date);
                let mut d = reply_detail(outcome, &basis, &note);
                d["withheld"] = json!(withheld);
                d["responsible_agency"] = json!(agency);
                d
            }
            Action::Deliver => {
                let way: DeliveryWay = Problems::default()
                    .choice("delivery_way", "请选择送达方式", &input.delivery_way)
                    .ok_or_else(|| Invalid::new("delivery_way", "请选择送达方式"))?;
                json!({ "way": way.as_str(), "note": note })
            }
        };
        let mut tx = self.store.begin(self.now()).await?;
        store::set_state(&mut tx, id, &change).await?;
        store::add_step(
            &mut tx,
            &NewStep {
                application_id: id,
                action: action.as_str(),
                on_date,
                status_after: change.status,
                detail: &detail,
                actor: &self.step_actor(actor),
            },
        )
        .await?;
        self.record_application(
            &mut tx,
            actor,
            &format!("application.{}", action.as_str()),
            id,
            a.org_id,
            json!({ "on_date": on_date, "status": change.status }),
        )
        .await?;
        tx.commit().await?;
        Ok(change.status)
    }

    /// The particulars of a fee notice: basis, quantity, amount and the payment deadline.
    async fn fee_notice(
        &self,
        a: &Application,
        input: &StepInput,
        on_date: NaiveDate,
    ) -> AppResult<Value> {
        let basis: FeeBasis = Problems::default()
            .choice("fee_basis", "请选择收费方式", &input.fee_basis)
            .ok_or_else(|| Invalid::new("fee_basis", "请选择收费方式（按件或按量）"))?;
        let quantity = match basis {
            FeeBasis::PerPage => input
                .pages
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| Invalid::new("pages", "按量计收须填写页数（正整数）"))?,
            FeeBasis::PerApplication => {
                // The application's rank among this applicant's applications to this
                // agency in the calendar month of its receipt.
                let mut c = self.store.conn().await?;
                let n = store::rank_in_month(&mut c, a, first_of_month(a.received_on)).await?;
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
        Ok(json!({
            "fee_basis": basis.as_str(),
            "quantity": quantity,
            "amount_fen": amount.0,
            "amount": amount.to_string(),
            "standard": standard_text(basis),
            "pay_by": fee_payment_due(&self.calendar(), on_date),
        }))
    }

    /// Public tracking: the tracking number and the query code show status, due date
    /// and the reply, never the applicant. A wrong code looks exactly like a wrong number.
    pub async fn track_application(
        &self,
        tracking_number: &str,
        code: &str,
    ) -> AppResult<Tracking> {
        let not_found = || AppError::NotFound("未找到该申请：请核对申请编号和查询码".into());
        let mut c = self.store.conn().await?;
        let a = store::by_tracking_number(&mut c, tracking_number.trim())
            .await?
            .ok_or_else(not_found)?;
        let given = sha256_hex(&code.trim().to_ascii_uppercase());
        if !crate::auth::constant_time_eq(given.as_bytes(), a.query_code_hash.as_bytes()) {
            return Err(not_found());
        }
        let steps = store::steps(&mut c, a.id).await?;
        drop(c);
        let clock = self.clock_of(&steps);
        let reply_letter = if a.outcome.is_some() {
            Some(
                self.fill_letter(
                    &a,
                    &steps,
                    gongkai_domain::application::LetterKind::Reply,
                    true,
                )
                .await?,
            )
        } else {
            None
        };
        let tree = self.org_tree().await?;
        let reply = steps
            .iter()
            .rev()
            .find(|s| s.status_after == Status::Replied)
            .map(|s| s.detail.clone());
        Ok(Tracking {
            tracking_number: a.tracking_number,
            org_name: tree
                .get(a.org_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            received_on: a.received_on,
            status: a.status,
            due_on: clock.due_on,
            clock,
            outcome: a.outcome,
            replied_on: a.replied_on,
            reply,
            reply_letter,
            steps: steps
                .iter()
                .map(|s| (s.on_date, step_label(&s.action)))
                .collect(),
        })
    }
}

fn reply_detail(outcome: Outcome, basis: &str, note: &str) -> Value {
    json!({
        "outcome": outcome.as_str(),
        "outcome_label": outcome.full_label(),
        "basis": basis,
        "note": note,
    })
}

fn step_view(s: &Step) -> StepView {
    StepView {
        action: s.action.clone(),
        label: step_label(&s.action),
        summary: describe(&s.detail),
        on_date: s.on_date,
        status_after: s.status_after,
        detail: s.detail.clone(),
        actor: s.actor.clone(),
        at: s.at.clone(),
    }
}

/// A step's particulars in words: each known key with its Chinese name, codes as labels.
fn describe(d: &Value) -> String {
    const KEYS: [(&str, &str); 20] = [
        ("channel", "提交方式"),
        ("items", "补正事项"),
        ("correct_by", "补正期限"),
        ("assigned_to", "承办部门"),
        ("party", "征求意见对象"),
        ("answer_by", "意见期限"),
        ("opinion", "意见"),
        ("days", "延长工作日"),
        ("reason", "理由"),
        ("fee_basis", "收费方式"),
        ("quantity", "计费数量"),
        ("amount", "金额"),
        ("pay_by", "缴费期限"),
        ("outcome_label", "结果"),
        ("basis", "依据"),
        ("withheld", "不予公开部分"),
        ("responsible_agency", "负责公开的机关"),
        ("way", "送达方式"),
        ("note", "说明"),
        ("request_changed", "申请内容"),
    ];
    let mut parts = Vec::new();
    for (key, name) in KEYS {
        let text = match (&d[key], key) {
            (Value::Bool(true), "request_changed") => "已按补正更新".to_owned(),
            (Value::String(s), "channel") => {
                s.parse::<Channel>().map_or(s.clone(), |c| c.label().into())
            }
            (Value::String(s), "fee_basis") => s
                .parse::<FeeBasis>()
                .map_or(s.clone(), |c| c.label().into()),
            (Value::String(s), "way") => s
                .parse::<DeliveryWay>()
                .map_or(s.clone(), |c| c.label().into()),
            (Value::String(s), _) if !s.is_empty() => s.clone(),
            (Value::Number(n), _) => n.to_string(),
            _ => continue,
        };
        parts.push(format!("{name}：{text}"));
    }
    parts.join("；")
}
