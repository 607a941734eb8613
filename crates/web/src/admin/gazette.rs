//! 政府公报 in the back office: publishing an issue (numbers proposed from the last one,
//! the contents typed one article per line, the e-edition uploaded) for the gazettes the
//! member of staff edits.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::gazette::{IssueInput, IssueView};
use gongkai_app::{AppError, AttachmentUpload};
use gongkai_domain::Invalid;
use gongkai_domain::gazette::issue::TOC_HINT;

use super::{CsrfQuery, Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Query, Upload};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

/// A gazette the viewer edits, with its issues and the next issue's form.
pub struct Edited {
    pub slug: String,
    pub title: String,
    pub issues: Vec<IssueView>,
    pub f: IssueInput,
}

#[derive(askama::Template)]
#[template(path = "admin/gazette.html")]
struct Page {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    gazettes: Vec<Edited>,
    errors: Vec<Invalid>,
    refused: String,
    hint: &'static str,
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct Posted {
    #[serde(default)]
    org: String,
    /// "upload" for a back issue's PDF; otherwise the platform sets the e-edition.
    #[serde(default)]
    edition: String,
    #[serde(flatten)]
    f: IssueInput,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    posted: Option<Posted>,
    errors: Vec<Invalid>,
    refused: String,
    done: &str,
) -> Result<Response, PageError> {
    let mut gazettes = Vec::new();
    for (slug, title, (year, number, total)) in state.app.editable_gazettes(&staff.actor).await? {
        let (_, issues) = state.app.gazette(&slug).await?;
        let f = match &posted {
            Some(p) if p.org == slug => p.f.clone(),
            _ => IssueInput {
                year: year.to_string(),
                number: number.to_string(),
                total_number: total.to_string(),
                published_on: state.app.today().to_string(),
                toc: String::new(),
                texts: Vec::new(),
            },
        };
        gazettes.push(Edited {
            slug,
            title,
            issues,
            f,
        });
    }
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
            layout: staff_layout(ctx, staff, "政府公报").crumb("政府公报", ""),
            csrf: staff.csrf.clone(),
            flash: flash(done),
            gazettes,
            errors,
            refused,
            hint: TOC_HINT,
        }),
    )
        .into_response())
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    page(
        &state,
        &ctx,
        &staff,
        None,
        Vec::new(),
        String::new(),
        &q.done,
    )
    .await
}

/// Publishes an issue (the token in the query: the body may be an upload): with the
/// e-edition set by the platform from its articles, or a back issue's uploaded PDF.
pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<CsrfQuery>,
    form: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let posted: Posted = form.fields.parse()?;
    let app = &state.app;
    let result = if posted.edition == "upload" {
        let Some(file) = form.into_files("pdf").into_iter().next() else {
            let e = vec![Invalid::new("pdf", "请选择本期电子版（PDF）")];
            return page(&state, &ctx, &staff, Some(posted), e, String::new(), "").await;
        };
        let pdf = AttachmentUpload {
            filename: file.filename,
            bytes: file.bytes,
        };
        app.publish_gazette_issue(&staff.actor, &posted.org, &posted.f, &pdf, None)
            .await
    } else {
        crate::pdf::gazette::publish(app, &staff.actor, &posted.org, &posted.f).await
    };
    match result {
        Ok(_) => Ok(Redirect::to("/admin/gazette?done=created").into_response()),
        Err(AppError::Invalid(e)) => {
            page(&state, &ctx, &staff, Some(posted), e, String::new(), "").await
        }
        Err(AppError::Conflict(m)) => {
            page(&state, &ctx, &staff, Some(posted), Vec::new(), m, "").await
        }
        Err(e) => Err(e.into()),
    }
}
