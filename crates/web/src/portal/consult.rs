//! 意见征集 on the portal: the column of consultations with their state, and each
//! consultation with its draft, explanation, period, the comment form while it is
//! open, the moderated public comments and, once published, the adoption feedback.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use gongkai_app::{AppError, CommentReceipt, ConsultationSummary, ConsultationView};
use gongkai_domain::Invalid;
use gongkai_domain::interaction::consultation::{CommentInput, MIN_PERIOD_DAYS};
use serde::Deserialize;

use super::hdjl::Scope;
use crate::AppState;
use crate::auth::client_ip;
use crate::error::PageError;
use crate::extract::{Form, MaybeOrg, Path};
use crate::form::field_error;
use crate::layout::{Ctx, Layout};
use crate::public_form::{self, INTERACT};
use crate::respond::render;
use crate::throttle::{self, Limit};

#[derive(askama::Template)]
#[template(path = "portal/consultations.html")]
struct ListPage {
    layout: Layout,
    heading: String,
    items: Vec<ConsultationSummary>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    let items = state.app.public_consultations(scope.slug()).await?;
    let mut layout = scope.layout(&ctx, "意见征集");
    if let Some(org) = &scope.org {
        layout = layout.feed(
            format!("{} · 意见征集", org.name),
            format!("/{}/feed/yjzj.atom", org.slug),
        );
    }
    Ok(render(ListPage {
        layout,
        heading: scope.heading(),
        items,
    }))
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default, rename = "_form")]
    token: String,
    #[serde(flatten)]
    c: CommentInput,
}

#[derive(askama::Template)]
#[template(path = "portal/consultation.html")]
struct Page {
    layout: Layout,
    v: ConsultationView,
    min_days: i64,
    token: String,
    f: CommentForm,
    errors: Vec<Invalid>,
    /// Why the form is not there, or a refusal ("征集已截止").
    refusal: String,
    receipt: Option<CommentReceipt>,
}

impl Page {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

struct Outcome {
    errors: Vec<Invalid>,
    refusal: String,
    receipt: Option<CommentReceipt>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
    f: CommentForm,
    o: Outcome,
) -> Result<Response, PageError> {
    let scope = Scope::of(state, Some(slug)).await?;
    let v = state
        .app
        .public_consultation(Some(slug), id)
        .await
        .map_err(PageError::hiding)?;
    let status = if !o.errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if !o.refusal.is_empty() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let token = public_form::Guard::new_token();
    let layout = scope
        .layout(ctx, "意见征集")
        .crumb(v.summary.title.clone(), "");
    let mut r = (
        status,
        render(Page {
            layout,
            v,
            min_days: MIN_PERIOD_DAYS,
            token: token.clone(),
            f,
            errors: o.errors,
            refusal: o.refusal,
            receipt: o.receipt,
        }),
    )
        .into_response();
    INTERACT.set_cookie(&mut r, &token, state.secure_cookies);
    Ok(r)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = super::record_number(&id)?;
    let none = Outcome {
        errors: Vec::new(),
        refusal: String::new(),
        receipt: None,
    };
    page(&state, &ctx, &slug, id, CommentForm::default(), none).await
}

pub async fn comment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
    parts: Parts,
    Form(f): Form<CommentForm>,
) -> Result<Response, PageError> {
    let id = super::record_number(&id)?;
    if !INTERACT.accepts(&parts, &f.token) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "提交未通过安全校验：请打开本网站的意见征集页面重新填写提交（浏览器须允许本网站的Cookie）。",
        ));
    }
    // The consultation must be this organisation's and public before anything counts.
    state
        .app
        .public_consultation(Some(&slug), id)
        .await
        .map_err(PageError::hiding)?;
    let ip = client_ip(&state, &parts);
    state
        .throttle
        .check(Limit::Comment, &ip)
        .await
        .map_err(|wait| throttle::page_refusal(Limit::Comment, wait))?;
    let mut o = Outcome {
        errors: Vec::new(),
        refusal: String::new(),
        receipt: None,
    };
    let mut f = f;
    match state.app.submit_comment(id, &f.c, &ip).await {
        Ok(r) => {
            o.receipt = Some(r);
            f = CommentForm::default();
        }
        Err(AppError::Invalid(e)) => o.errors = e,
        Err(AppError::Conflict(m)) => o.refusal = m,
        Err(e) => return Err(e.into()),
    }
    page(&state, &ctx, &slug, id, f, o).await
}

/// A file published with the consultation's notice.
pub async fn file(
    State(state): State<AppState>,
    Path((slug, id, file)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let id = super::record_number(&id)?;
    let file: i64 = file.parse().map_err(|_| PageError::not_found())?;
    state
        .app
        .public_consultation(Some(&slug), id)
        .await
        .map_err(|_| PageError::not_found())?;
    match state.app.consultation_file(None, id, file).await {
        Ok((f, bytes)) => Ok(crate::respond::download(
            bytes,
            &f.content_type,
            &f.filename,
        )),
        Err(AppError::NotFound(_)) => Err(PageError::not_found()),
        Err(e) => Err(e.into()),
    }
}
