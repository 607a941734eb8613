//! 依申请公开 in the back office: the register (台账) with the reply clocks, registration
//! of applications received in person, by post, fax or e-mail, and the case page with
//! its history and one form per step the viewer may take.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_app::{AppError, ApplicationView, AttachmentUpload, StepInput};
use gongkai_domain::Invalid;
use gongkai_domain::application::CaseFileKind;
use gongkai_domain::application::fee::FeeBasis;
use gongkai_domain::application::{
    Action, ApplicantInput, Channel, DeliveryWay, Outcome, ReplyClock, RequestInput,
};
use gongkai_domain::role::Role;
use serde::Deserialize;

use super::{flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query, Upload};
use crate::form::{ApplicationChoices, Choice, choices, field_error};
use crate::layout::{Ctx, Layout};
use crate::respond::{clock_class, csv, render, xlsx};

/// A clock in words for tables and the case page.
pub struct ClockText {
    pub due: String,
    pub left: String,
    pub label: &'static str,
    pub class: &'static str,
}

fn clock_text(c: &ReplyClock) -> ClockText {
    let (label, class) = (c.status.label(), clock_class(c.status));
    let mut due = match c.due_on {
        Some(d) if c.provisional => format!("{d}（暂定）"),
        Some(d) => d.to_string(),
        None => c.state.label().to_owned(),
    };
    if let Some(until) = c.paused_until {
        due.push_str(&format!(
            "（{}，暂停至{until}，此后自动恢复计时）",
            c.state.label()
        ));
    }
    let left = if c.left < 0 {
        format!("已超{}个工作日", -c.left)
    } else {
        format!("已用{}、剩余{}个工作日", c.used, c.left)
    };
    ClockText {
        due,
        left,
        label,
        class,
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    all: String,
}

pub struct Row {
    tracking_number: String,
    received_on: String,
    status: &'static str,
    subject: String,
    clock: ClockText,
}

#[derive(askama::Template)]
#[template(path = "admin/applications.html")]
struct ListPage {
    layout: Layout,
    all: bool,
    rows: Vec<Row>,
    may_register: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let all = q.all == "1";
    let apps = state.app.staff_applications(&staff.actor, !all).await?;
    let rows = apps
        .iter()
        .map(|(a, c)| Row {
            tracking_number: a.tracking_number.clone(),
            received_on: a.received_on.to_string(),
            status: a.status.label(),
            subject: a.request.headline_short(40),
            clock: clock_text(c),
        })
        .collect();
    Ok(render(ListPage {
        layout: staff_layout(&ctx, &staff, "依申请公开").crumb("依申请公开", ""),
        all,
        rows,
        may_register: staff
            .actor
            .grants
            .iter()
            .any(|g| HANDLERS.contains(&g.role)),
    }))
}

/// Who registers applications for an organisation.
const HANDLERS: [Role; 2] = [Role::DisclosureOfficer, Role::DisclosureHead];

/// The registration form as posted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegisterForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    received_on: String,
    #[serde(flatten)]
    applicant: ApplicantInput,
    #[serde(flatten)]
    request: RequestInput,
}

#[derive(askama::Template)]
#[template(path = "admin/application_new.html")]
struct NewPage {
    layout: Layout,
    csrf: String,
    f: RegisterForm,
    orgs: Vec<Choice>,
    channels: Vec<(Choice, &'static str)>,
    c: ApplicationChoices,
    errors: Vec<Invalid>,
}

impl NewPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn new_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    f: RegisterForm,
    errors: Vec<Invalid>,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let orgs: Vec<(String, String)> = tree
        .held(&staff.actor, &HANDLERS)
        .into_iter()
        .filter_map(|id| tree.get(id))
        .map(|o| (o.slug.clone(), o.name.clone()))
        .collect();
    if orgs.is_empty() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "您不是任何机构的信息公开专员或信息公开机构负责人，不能登记申请。",
        ));
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = NewPage {
        layout: staff_layout(ctx, staff, "登记申请")
            .crumb("依申请公开", "/admin/applications")
            .crumb("登记申请", ""),
        csrf: staff.csrf.clone(),
        orgs: choices(orgs, &f.org),
        channels: Channel::STAFF
            .iter()
            .map(|c| {
                let choice = choices([(c.as_str(), c.label())], &f.channel).remove(0);
                (choice, c.receipt_rule())
            })
            .collect(),
        c: ApplicationChoices::new(&f.applicant, &f.request),
        f,
        errors,
    };
    Ok((status, render(page)).into_response())
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
) -> Result<Response, PageError> {
    let f = RegisterForm {
        received_on: state.app.today().to_string(),
        ..Default::default()
    };
    new_page(&state, &ctx, &staff, f, Vec::new()).await
}

#[derive(askama::Template)]
#[template(path = "admin/application_receipt.html")]
struct ReceiptPage {
    layout: Layout,
    org_name: String,
    r: gongkai_app::Receipt,
    files: usize,
}

pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    upload: Upload,
) -> Result<Response, PageError> {
    let f: RegisterForm = upload.fields.parse()?;
    staff.check_csrf(&f.csrf)?;
    let scans: Vec<AttachmentUpload> = upload
        .into_files("scan")
        .into_iter()
        .map(|u| AttachmentUpload {
            filename: u.filename,
            bytes: u.bytes,
        })
        .collect();
    let mut errors = Vec::new();
    let org = Some(f.org.trim()).filter(|o| !o.is_empty());
    if org.is_none() {
        errors.push(Invalid::new("org", "请选择受理机关"));
    }
    let channel = if f.channel.trim().is_empty() {
        errors.push(Invalid::new("channel", "请选择提交方式"));
        None
    } else {
        f.channel
            .trim()
            .parse::<Channel>()
            .map_err(|e| errors.push(e))
            .ok()
    };
    let received = NaiveDate::parse_from_str(f.received_on.trim(), "%Y-%m-%d")
        .map_err(|_| {
            errors.push(Invalid::new(
                "received_on",
                "请按“年-月-日”填写收到申请日期",
            ))
        })
        .ok();
    let (Some(org), Some(channel), Some(received)) = (org, channel, received) else {
        return new_page(&state, &ctx, &staff, f, errors).await;
    };
    match state
        .app
        .register_application(
            &staff.actor,
            org,
            channel,
            received,
            &f.applicant,
            &f.request,
            &scans,
        )
        .await
    {
        // The query code exists only now: the receipt shows it once, for the applicant.
        Ok(r) => {
            let tree = state.app.org_tree().await?;
            Ok(render(ReceiptPage {
                layout: staff_layout(&ctx, &staff, "登记回执")
                    .crumb("依申请公开", "/admin/applications")
                    .crumb("登记回执", ""),
                org_name: tree
                    .by_slug(org)
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                files: scans.len(),
                r,
            }))
        }
        Err(AppError::Invalid(v)) => new_page(&state, &ctx, &staff, f, v).await,
        Err(e) => Err(e.into()),
    }
}

/// An action on the case page.
pub struct StepForm {
    action: &'static str,
    label: &'static str,
}

impl From<Action> for StepForm {
    fn from(a: Action) -> Self {
        Self {
            action: a.as_str(),
            label: a.label(),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "admin/application.html")]
struct CasePage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    v: ApplicationView,
    clock: ClockText,
    today: String,
    /// What the viewer may do now; one is opened at a time.
    forms: Vec<StepForm>,
    /// What the state allows but the case does not yet, with the reason.
    waiting: Vec<(&'static str, String)>,
    /// The action whose form is open, with what was entered and what was wrong.
    chosen: Option<StepForm>,
    input: StepInput,
    errors: Vec<Invalid>,
    /// A step refused as a whole (the case moved on, a period not over).
    refused: String,
    outcomes: Vec<(String, Vec<Choice>)>,
    bases: Vec<(&'static str, &'static str)>,
    departments: Vec<Choice>,
    fee_bases: Vec<Choice>,
    ways: Vec<Choice>,
    notice_ways: Vec<Choice>,
    masked_id: String,
    file_kinds: Vec<Choice>,
}

#[derive(Deserialize, Default)]
pub struct CaseQuery {
    #[serde(default)]
    done: String,
    /// The action whose form to open.
    #[serde(default, rename = "do")]
    open: String,
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(number): Path<String>,
    Query(q): Query<CaseQuery>,
) -> Result<Response, PageError> {
    let open = q.open.parse::<Action>().ok();
    let shown = Shown {
        open,
        input: StepInput::default(),
        errors: Vec::new(),
        refused: String::new(),
    };
    case_page(&state, &ctx, &staff, &number, &q.done, shown).await
}

/// The case page's open form and what went wrong with a step.
struct Shown {
    open: Option<Action>,
    input: StepInput,
    errors: Vec<Invalid>,
    refused: String,
}

async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    number: &str,
    done: &str,
    shown: Shown,
) -> Result<Response, PageError> {
    let v = state.app.application_view(&staff.actor, number).await?;
    let tree = state.app.org_tree().await?;
    let departments = tree
        .subtree_ids(v.org_id)
        .into_iter()
        .filter(|o| *o != v.org_id)
        .filter_map(|o| tree.get(o))
        .map(|o| (o.slug.clone(), o.name.clone()))
        .collect::<Vec<_>>();
    let outcomes = gongkai_domain::application::OutcomeGroup::ALL
        .iter()
        .map(|g| {
            let items = Outcome::ALL
                .iter()
                .filter(|o| o.group() == *g)
                .filter(|o| !matches!(o, Outcome::NotCorrected | Outcome::FeeUnpaid))
                .map(|o| (o.as_str(), o.label()));
            (
                g.label().to_owned(),
                choices(items, shown.input.outcome.as_str()),
            )
        })
        .collect();
    let bases = Outcome::ALL
        .iter()
        .filter_map(|o| o.default_basis().map(|b| (o.label(), b)))
        .collect();
    let masked_id = v
        .applicant
        .as_ref()
        .map(|a| gongkai_domain::application::applicant::mask_id(&a.id_number))
        .unwrap_or_default();
    let status = if !shown.errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if !shown.refused.is_empty() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let input = shown.input;
    let page = CasePage {
        layout: staff_layout(ctx, staff, &format!("申请 {}", v.tracking_number))
            .crumb("依申请公开", "/admin/applications")
            .crumb(v.tracking_number.clone(), ""),
        csrf: staff.csrf.clone(),
        flash: case_flash(done),
        clock: clock_text(&v.clock),
        today: state.app.today().to_string(),
        chosen: shown
            .open
            .filter(|a| v.actions.contains(a))
            .map(StepForm::from),
        forms: v.actions.iter().copied().map(StepForm::from).collect(),
        waiting: v
            .waiting
            .iter()
            .map(|(a, why)| (a.label(), why.clone()))
            .collect(),
        errors: shown.errors,
        refused: shown.refused,
        outcomes,
        bases,
        departments: choices(departments, input.assign_to.as_str()),
        fee_bases: choices(
            FeeBasis::ALL.iter().map(|b| (b.as_str(), b.label())),
            input.fee_basis.as_str(),
        ),
        ways: choices(
            DeliveryWay::ALL.iter().map(|w| (w.as_str(), w.label())),
            if input.delivery_way.is_empty() {
                v.request.delivery_way.as_str()
            } else {
                input.delivery_way.as_str()
            },
        ),
        notice_ways: choices(
            DeliveryWay::ALL.iter().map(|w| (w.as_str(), w.label())),
            input.sent_by.as_str(),
        ),
        input,
        masked_id,
        file_kinds: choices(
            CaseFileKind::ALL.iter().map(|k| (k.as_str(), k.label())),
            if v.outcome.is_some() {
                "released"
            } else {
                "received"
            },
        ),
        v,
    };
    let mut r = render(page);
    *r.status_mut() = status;
    Ok(r)
}

fn case_flash(code: &str) -> &'static str {
    match code {
        "registered" => "申请已登记。",
        "file_added" => "材料已上传。",
        "file_removed" => "材料已删除。",
        other => flash(other),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ActForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(flatten)]
    step: StepInput,
}

pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(number): Path<String>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let Ok(action) = f.step.action.parse::<Action>() else {
        return Err(PageError::new(StatusCode::BAD_REQUEST, "未知的办理操作"));
    };
    let back = format!("/admin/applications/{}", crate::util::enc(&number));
    let shown = match state
        .app
        .act_on_application(&staff.actor, &number, &f.step)
        .await
    {
        Ok(_) => return Ok(Redirect::to(&format!("{back}?done=acted")).into_response()),
        // The form comes back open, as entered, with the problems beside the fields.
        Err(AppError::Invalid(errors)) => Shown {
            open: Some(action),
            input: f.step,
            errors,
            refused: String::new(),
        },
        Err(AppError::Conflict(why)) => Shown {
            open: None,
            input: StepInput::default(),
            errors: Vec::new(),
            refused: why,
        },
        Err(e) => return Err(e.into()),
    };
    case_page(&state, &ctx, &staff, &number, "", shown).await
}

/// The columns of the register (台账). No personal data: the applicant appears by type.
pub const REGISTER_HEADER: [&str; 11] = [
    "申请编号",
    "收到申请日期",
    "所需信息",
    "申请人类型",
    "提交方式",
    "办理状态",
    "答复期限",
    "已用工作日",
    "办理结果",
    "答复日期",
    "承办部门",
];

/// The register's rows for the applications `actor` may see.
pub async fn register_rows(
    state: &AppState,
    actor: &gongkai_app::Actor,
) -> Result<Vec<Vec<String>>, AppError> {
    let tree = state.app.org_tree().await?;
    Ok(state
        .app
        .staff_applications(actor, false)
        .await?
        .into_iter()
        .map(|(a, c)| {
            vec![
                a.tracking_number.clone(),
                a.received_on.to_string(),
                a.request.headline().to_owned(),
                a.applicant.kind.label().to_owned(),
                a.channel.label().to_owned(),
                a.status.label().to_owned(),
                c.due_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| c.state.label().to_owned()),
                c.used.to_string(),
                a.outcome.map(|o| o.full_label()).unwrap_or_default(),
                a.replied_on.map(|d| d.to_string()).unwrap_or_default(),
                a.assigned_org_id
                    .and_then(|o| tree.get(o))
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
            ]
        })
        .collect())
}

pub async fn register_csv(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Response, PageError> {
    let rows = register_rows(&state, &staff.actor).await?;
    let body = gongkai_app::csv::table(&REGISTER_HEADER, rows);
    Ok(csv(body, "政府信息公开申请台账.csv"))
}

pub async fn register_xlsx(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Response, PageError> {
    let rows = register_rows(&state, &staff.actor).await?;
    let body = crate::xlsx::register(&REGISTER_HEADER, &rows).map_err(crate::xlsx::failed)?;
    Ok(xlsx(body, "政府信息公开申请台账.xlsx"))
}

/// A file added on the case page: what it is, and the file.
pub async fn add_file(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(number): Path<String>,
    upload: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(upload.fields.get("_csrf"))?;
    let kind = upload.fields.get("kind").parse::<CaseFileKind>();
    let file = upload.file("file").map(|f| AttachmentUpload {
        filename: f.filename.clone(),
        bytes: f.bytes.clone(),
    });
    let outcome = match (kind, file) {
        (Err(e), _) => Err(AppError::Invalid(vec![e])),
        (_, None) => Err(Invalid::new("file", "请选择要上传的文件").into()),
        (Ok(kind), Some(up)) => {
            state
                .app
                .add_case_file(&staff.actor, &number, kind, &up)
                .await
        }
    };
    let back = format!("/admin/applications/{}", crate::util::enc(&number));
    let refused = match outcome {
        Ok(_) => return Ok(Redirect::to(&format!("{back}?done=file_added#files")).into_response()),
        Err(AppError::Invalid(v)) => v
            .iter()
            .map(|i| i.message.as_str())
            .collect::<Vec<_>>()
            .join("；"),
        Err(AppError::Conflict(m) | AppError::TooLarge(m)) => m,
        Err(e) => return Err(e.into()),
    };
    let shown = Shown {
        open: None,
        input: StepInput::default(),
        errors: Vec::new(),
        refused,
    };
    let mut r = case_page(&state, &ctx, &staff, &number, "", shown).await?;
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

/// A file of the case, for its handlers.
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Path((number, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let (f, bytes) = state.app.case_file(&staff.actor, &number, id).await?;
    Ok(crate::respond::download(
        bytes,
        &f.content_type,
        &f.filename,
    ))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

pub async fn remove_file(
    State(state): State<AppState>,
    staff: Staff,
    Path((number, id)): Path<(String, i64)>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state
        .app
        .remove_case_file(&staff.actor, &number, id)
        .await?;
    Ok(Redirect::to(&format!(
        "/admin/applications/{}?done=file_removed#files",
        crate::util::enc(&number)
    ))
    .into_response())
}
