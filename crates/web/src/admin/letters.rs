//! Letters of an application: printable pages and PDF for the handlers, and each
//! organisation's editing of its templates.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, Letter, TemplateView, cn_date};
use gongkai_domain::Invalid;
use gongkai_domain::application::LetterKind;
use gongkai_domain::application::letter::PLACEHOLDERS;
use serde::Deserialize;

use super::{flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::form::{Choice, choices};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

fn kind_of(s: &str) -> Result<LetterKind, PageError> {
    s.parse().map_err(|_| PageError::not_found())
}

#[derive(askama::Template)]
#[template(path = "admin/letter.html")]
struct LetterPage {
    layout: Layout,
    l: Letter,
    date: String,
    pdf: String,
    back: String,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path((number, kind)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let l = state
        .app
        .application_letter(&staff.actor, &number, kind_of(&kind)?)
        .await?;
    let case = format!("/admin/applications/{}", crate::util::enc(&number));
    Ok(render(LetterPage {
        layout: staff_layout(&ctx, &staff, &l.title)
            .crumb("依申请公开", "/admin/applications")
            .crumb(l.tracking_number.clone(), case.clone())
            .crumb(l.title.clone(), ""),
        date: cn_date(l.date),
        pdf: format!("{case}/letters/{kind}/pdf"),
        back: case,
        l,
    }))
}

pub async fn pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path((number, kind)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let l = state
        .app
        .application_letter(&staff.actor, &number, kind_of(&kind)?)
        .await?;
    let seal = state
        .app
        .site_image(&gongkai_app::SiteImage::Seal(l.org_slug.clone()))
        .await?;
    let filename = format!("{}-{}.pdf", l.title, l.tracking_number);
    let bytes = crate::pdf::make(move || crate::pdf::letter(&l, seal.as_ref())).await?;
    Ok(crate::respond::download(
        bytes,
        "application/pdf",
        &filename,
    ))
}

#[derive(Deserialize, Default)]
pub struct OrgQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    done: String,
}

#[derive(askama::Template)]
#[template(path = "admin/letter_templates.html")]
struct TemplatesPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    orgs: Vec<Choice>,
    org: i64,
    templates: Vec<TemplateView>,
    placeholders: &'static [(&'static str, &'static str)],
    error: Option<(LetterKind, Invalid, String)>,
}

impl TemplatesPage {
    /// The message and the posted text when saving this kind failed.
    fn failed(&self, kind: &LetterKind) -> Option<(String, String)> {
        self.error
            .as_ref()
            .filter(|(k, _, _)| k == kind)
            .map(|(_, e, body)| (e.message.clone(), body.clone()))
    }
}

async fn templates_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    org: Option<i64>,
    done: &str,
    error: Option<(LetterKind, Invalid, String)>,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let mine = super::org_options(&tree, &tree.held(&staff.actor, &super::catalogs::KEEPERS));
    let org = match org.or_else(|| mine.first().and_then(|(id, _)| id.parse().ok())) {
        Some(o) => o,
        None => {
            return Err(PageError::new(
                StatusCode::FORBIDDEN,
                "您不是任何机构的信息公开专员、信息公开机构负责人或单位管理员，不能修改文书模板。",
            ));
        }
    };
    let templates = state.app.letter_templates(&staff.actor, org).await?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = TemplatesPage {
        layout: staff_layout(ctx, staff, "文书模板")
            .crumb("依申请公开", "/admin/applications")
            .crumb("文书模板", ""),
        csrf: staff.csrf.clone(),
        flash: flash(done),
        orgs: choices(mine, &org.to_string()),
        org,
        templates,
        placeholders: &PLACEHOLDERS,
        error,
    };
    Ok((status, render(page)).into_response())
}

pub async fn templates(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<OrgQuery>,
) -> Result<Response, PageError> {
    templates_page(&state, &ctx, &staff, q.org.parse().ok(), &q.done, None).await
}

#[derive(Deserialize, Default)]
pub struct TemplateForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    body: String,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path((org, kind)): Path<(i64, String)>,
    Form(f): Form<TemplateForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let kind = kind_of(&kind)?;
    match state
        .app
        .save_letter_template(&staff.actor, org, kind, &f.body)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/admin/letters?org={org}&done=saved#t-{}",
            kind.as_str()
        ))
        .into_response()),
        Err(AppError::Invalid(mut v)) if !v.is_empty() => {
            let e = v.remove(0);
            templates_page(&state, &ctx, &staff, Some(org), "", Some((kind, e, f.body))).await
        }
        Err(e) => Err(e.into()),
    }
}
