//! 意见征集 in the back office: the consultations a unit runs, the form that prepares
//! one (with the 30-day floor), announcing it, moderating and deciding on each comment,
//! and publishing the adoption feedback.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, ConsultationSummary, ConsultationView};
use gongkai_domain::Invalid;
use gongkai_domain::interaction::consultation::{
    Adoption, CommentStatus, ConsultationInput, MIN_PERIOD_DAYS,
};
use serde::Deserialize;

use super::{CsrfQuery, Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::form::{Choice, choices, coded, field_error};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/consultations.html")]
struct ListPage {
    layout: Layout,
    flash: &'static str,
    items: Vec<ConsultationSummary>,
    may_create: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let items = state.app.staff_consultations(&staff.actor).await?;
    let may_create = !state.app.consultation_orgs(&staff.actor).await?.is_empty();
    Ok(render(ListPage {
        layout: staff_layout(&ctx, &staff, "意见征集").crumb("意见征集", ""),
        flash: flash(&q.done),
        items,
        may_create,
    }))
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EditForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    org: String,
    #[serde(flatten)]
    c: ConsultationInput,
}

#[derive(askama::Template)]
#[template(path = "admin/consultation_form.html")]
struct FormPage {
    layout: Layout,
    csrf: String,
    /// `None` for a new consultation.
    id: Option<i64>,
    orgs: Vec<Choice>,
    f: EditForm,
    errors: Vec<Invalid>,
    min_days: i64,
}

impl FormPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    id: Option<i64>,
    f: EditForm,
    errors: Vec<Invalid>,
) -> Result<Response, PageError> {
    let orgs = choices(state.app.consultation_orgs(&staff.actor).await?, &f.org);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = if id.is_some() {
        "修改意见征集"
    } else {
        "发起意见征集"
    };
    Ok((
        status,
        render(FormPage {
            layout: staff_layout(ctx, staff, title)
                .crumb("意见征集", "/admin/consultations")
                .crumb(title, ""),
            csrf: staff.csrf.clone(),
            id,
            orgs,
            f,
            errors,
            min_days: MIN_PERIOD_DAYS,
        }),
    )
        .into_response())
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
) -> Result<Response, PageError> {
    let today = state.app.today();
    let f = EditForm {
        c: ConsultationInput {
            opens_on: today.to_string(),
            closes_on: (today + chrono::Days::new(30)).to_string(),
            ..Default::default()
        },
        ..Default::default()
    };
    form_page(&state, &ctx, &staff, None, f, Vec::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<EditForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state
        .app
        .create_consultation(&staff.actor, &f.org, &f.c)
        .await
    {
        Ok(id) => {
            Ok(Redirect::to(&format!("/admin/consultations/{id}?done=created")).into_response())
        }
        Err(AppError::Invalid(e)) => form_page(&state, &ctx, &staff, None, f, e).await,
        Err(e) => Err(e.into()),
    }
}

/// The form of a consultation not yet announced, filled with what it says.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = state.app.consultation_view(&staff.actor, id).await?;
    let f = EditForm {
        csrf: String::new(),
        org: v.summary.org_slug.clone(),
        c: ConsultationInput {
            title: v.summary.title.clone(),
            draft: v.draft,
            explanation: v.explanation,
            opens_on: v.summary.opens_on.to_string(),
            closes_on: v.summary.closes_on.to_string(),
            shortened_reason: v.shortened_reason,
            other_ways: v.other_ways,
            document: v.document_index.unwrap_or_default(),
        },
    };
    form_page(&state, &ctx, &staff, Some(id), f, Vec::new()).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state.app.update_consultation(&staff.actor, id, &f.c).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/consultations/{id}?done=saved")).into_response())
        }
        Err(AppError::Invalid(e)) => form_page(&state, &ctx, &staff, Some(id), f, e).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "admin/consultation.html")]
struct Page {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    v: ConsultationView,
    min_days: i64,
    adoptions: Vec<Choice>,
    errors: Vec<Invalid>,
    refused: String,
}

impl Page {
    fn pending(&self, s: &CommentStatus) -> bool {
        *s == CommentStatus::Pending
    }

    fn accepted(&self, s: &CommentStatus) -> bool {
        *s == CommentStatus::Accepted
    }

    fn chosen(&self, a: &Option<Adoption>, code: &str) -> bool {
        a.is_some_and(|a| a.as_str() == code)
    }
}

/// What the consultation page's forms post.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    /// publish, accept, reject, decide, feedback
    #[serde(default)]
    action: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    adoption: String,
    #[serde(default)]
    reason: String,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    id: i64,
    done: &str,
    errors: Vec<Invalid>,
    refused: String,
) -> Result<Response, PageError> {
    let v = state.app.consultation_view(&staff.actor, id).await?;
    let status = if !errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if !refused.is_empty() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(Page {
            layout: staff_layout(ctx, staff, &v.summary.title)
                .crumb("意见征集", "/admin/consultations")
                .crumb(v.summary.title.clone(), ""),
            csrf: staff.csrf.clone(),
            flash: flash(done),
            adoptions: coded(Adoption::ALL, Adoption::as_str, Adoption::label, ""),
            min_days: MIN_PERIOD_DAYS,
            v,
            errors,
            refused,
        }),
    )
        .into_response())
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    page(&state, &ctx, &staff, id, &q.done, Vec::new(), String::new()).await
}

pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let app = &state.app;
    let a = &staff.actor;
    let number = || -> Result<u32, AppError> {
        f.number
            .trim()
            .parse()
            .map_err(|_| AppError::Invalid(vec![Invalid::new("number", "未指明是哪一条意见")]))
    };
    let result = match f.action.as_str() {
        "publish" => app.publish_consultation(a, id).await,
        "accept" => match number() {
            Ok(n) => app.moderate_comment(a, id, n, true, &f.note).await,
            Err(e) => Err(e),
        },
        "reject" => match number() {
            Ok(n) => app.moderate_comment(a, id, n, false, &f.note).await,
            Err(e) => Err(e),
        },
        "decide" => match number() {
            Ok(n) => app.decide_comment(a, id, n, &f.adoption, &f.reason).await,
            Err(e) => Err(e),
        },
        "feedback" => app.publish_feedback(a, id).await,
        _ => Err(AppError::Invalid(vec![Invalid::new(
            "action",
            "未知的操作",
        )])),
    };
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/consultations/{id}?done=acted")).into_response())
        }
        Err(AppError::Invalid(e)) => page(&state, &ctx, &staff, id, "", e, String::new()).await,
        Err(AppError::Conflict(m)) => page(&state, &ctx, &staff, id, "", Vec::new(), m).await,
        Err(e) => Err(e.into()),
    }
}

/// Uploads the draft, its explanation or other material (the token in the query: the
/// body is the file).
pub async fn add_file(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<CsrfQuery>,
    form: crate::extract::Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let Some(up) = form.into_files("file").into_iter().next() else {
        let e = vec![Invalid::new("file", "请选择要上传的文件")];
        return page(&state, &ctx, &staff, id, "", e, String::new()).await;
    };
    let up = gongkai_app::AttachmentUpload {
        filename: up.filename,
        bytes: up.bytes,
    };
    match state.app.add_consultation_file(&staff.actor, id, &up).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/consultations/{id}?done=uploaded")).into_response())
        }
        Err(AppError::Invalid(e)) => page(&state, &ctx, &staff, id, "", e, String::new()).await,
        Err(AppError::Conflict(m)) => page(&state, &ctx, &staff, id, "", Vec::new(), m).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn remove_file(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path((id, file)): Path<(i64, i64)>,
    Form(f): Form<CsrfQuery>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state
        .app
        .remove_consultation_file(&staff.actor, id, file)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/consultations/{id}?done=deleted")).into_response())
        }
        Err(AppError::Conflict(m)) => page(&state, &ctx, &staff, id, "", Vec::new(), m).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (f, bytes) = state
        .app
        .consultation_file(Some(&staff.actor), id, file)
        .await?;
    Ok(crate::respond::download(
        bytes,
        &f.content_type,
        &f.filename,
    ))
}
