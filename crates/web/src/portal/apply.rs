//! 依申请公开 on the portal: the online application form of each organisation, the
//! receipt with the tracking number and query code, and tracking. Plain forms, no
//! JavaScript; the query code travels in a POST body, never in a URL.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_app::model::Org;
use gongkai_app::{AppError, Receipt, Tracking};
use gongkai_domain::Invalid;
use gongkai_domain::application::{ApplicantInput, RequestInput};
use serde::Deserialize;

use super::{crumbs_to, org_and_tree};
use crate::AppState;
use crate::auth::client_ip;
use crate::error::PageError;
use crate::extract::{Form, Path};
use crate::form::{ApplicationChoices, field_error};
use crate::layout::{Ctx, Layout};
use crate::public_form;
use crate::respond::render;
use crate::throttle::{self, Limit};

/// Everything the form posts, flat, as the browser sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApplyForm {
    /// The form's token (see [`crate::public_form`]).
    #[serde(default, rename = "_form")]
    token: String,
    #[serde(flatten)]
    applicant: ApplicantInput,
    #[serde(flatten)]
    request: RequestInput,
}

#[derive(askama::Template)]
#[template(path = "portal/apply.html")]
struct ApplyPage {
    layout: Layout,
    org: Org,
    action: String,
    token: String,
    f: ApplyForm,
    c: ApplicationChoices,
    errors: Vec<Invalid>,
}

impl ApplyPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

fn layout(ctx: &Ctx, title: &str, tree: &gongkai_app::OrgTree, org: &Org) -> Layout {
    crumbs_to(ctx, title, tree, org)
        .crumb("政府信息公开", format!("/{}/xxgk/", org.slug))
        .crumb(title, "")
}

fn apply_page(
    state: &AppState,
    ctx: &Ctx,
    tree: &gongkai_app::OrgTree,
    org: &Org,
    f: ApplyForm,
    errors: Vec<Invalid>,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let token = public_form::Guard::new_token();
    let page = ApplyPage {
        layout: layout(ctx, "依申请公开", tree, org),
        action: format!("/{}/xxgk/ysq", org.slug),
        token: token.clone(),
        c: ApplicationChoices::new(&f.applicant, &f.request),
        org: org.clone(),
        f,
        errors,
    };
    let mut r = (status, render(page)).into_response();
    public_form::APPLY.set_cookie(&mut r, &token, state.secure_cookies);
    r
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if !super::has_platform(&org) {
        return Err(PageError::not_found());
    }
    Ok(apply_page(
        &state,
        &ctx,
        &tree,
        &org,
        ApplyForm::default(),
        Vec::new(),
    ))
}

#[derive(askama::Template)]
#[template(path = "portal/apply_done.html")]
struct DonePage {
    layout: Layout,
    org: Org,
    r: Receipt,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    parts: axum::http::request::Parts,
    Form(f): Form<ApplyForm>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if !super::has_platform(&org) {
        return Err(PageError::not_found());
    }
    if !public_form::APPLY.accepts(&parts, &f.token) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "提交未通过安全校验：请打开本网站的申请页面重新填写提交（浏览器须允许本网站的Cookie）。",
        ));
    }
    let ip = client_ip(&state, &parts);
    state
        .throttle
        .check(Limit::Apply, &ip)
        .await
        .map_err(|wait| throttle::page_refusal(Limit::Apply, wait))?;
    match state
        .app
        .submit_application(&slug, &f.applicant, &f.request, &ip)
        .await
    {
        Ok(r) => Ok(render(DonePage {
            layout: layout(&ctx, "申请已提交", &tree, &org),
            org,
            r,
        })),
        Err(AppError::Invalid(errors)) => Ok(apply_page(&state, &ctx, &tree, &org, f, errors)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

#[derive(askama::Template)]
#[template(path = "portal/track.html")]
struct TrackPage {
    layout: Layout,
    action: String,
    f: TrackForm,
    message: String,
    t: Option<Tracking>,
    /// The query code, kept for the released files' download forms.
    code: String,
}

pub async fn track_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if !super::has_platform(&org) {
        return Err(PageError::not_found());
    }
    Ok(render(TrackPage {
        layout: layout(&ctx, "申请办理进度查询", &tree, &org),
        action: format!("/{}/xxgk/ysq/cx", org.slug),
        f: TrackForm::default(),
        message: String::new(),
        t: None,
        code: String::new(),
    }))
}

pub async fn track(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    parts: axum::http::request::Parts,
    Form(f): Form<TrackForm>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if !super::has_platform(&org) {
        return Err(PageError::not_found());
    }
    state
        .throttle
        .check(Limit::Track, &client_ip(&state, &parts))
        .await
        .map_err(|wait| throttle::page_refusal(Limit::Track, wait))?;
    let (status, message, t) = if f.number.trim().is_empty() || f.code.trim().is_empty() {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "请填写申请编号和查询码".to_owned(),
            None,
        )
    } else {
        match state.app.track_application(&f.number, &f.code).await {
            Ok(t) => (StatusCode::OK, String::new(), Some(t)),
            Err(AppError::NotFound(m)) => (StatusCode::NOT_FOUND, m, None),
            Err(e) => return Err(e.into()),
        }
    };
    // The released files are fetched with the number and code the applicant just gave.
    let code = if t.is_some() { f.code } else { String::new() };
    let page = TrackPage {
        layout: layout(&ctx, "申请办理进度查询", &tree, &org),
        action: format!("/{}/xxgk/ysq/cx", org.slug),
        f: TrackForm {
            number: f.number,
            code: String::new(),
        },
        message,
        t,
        code,
    };
    Ok((status, render(page)).into_response())
}

/// A released file, for the applicant: the number and code again with the file's
/// number (a form on the tracking page, so the code never sits in an address).
#[derive(Deserialize, Default)]
pub struct FileForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    file: String,
}

pub async fn tracked_file(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: axum::http::request::Parts,
    Form(f): Form<FileForm>,
) -> Result<Response, PageError> {
    let (org, _) = org_and_tree(&state, &slug).await?;
    if !super::has_platform(&org) {
        return Err(PageError::not_found());
    }
    state
        .throttle
        .check(Limit::Track, &client_ip(&state, &parts))
        .await
        .map_err(|wait| throttle::page_refusal(Limit::Track, wait))?;
    let id = f
        .file
        .trim()
        .parse::<i64>()
        .map_err(|_| PageError::not_found())?;
    let (file, bytes) = state.app.tracked_file(&f.number, &f.code, id).await?;
    Ok(crate::respond::download(
        bytes,
        &file.content_type,
        &file.filename,
    ))
}
