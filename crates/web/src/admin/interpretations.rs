//! 政策解读 in the back office: drafting one from its policy's page, changing its
//! form and Q&A, and the officer's review when the policy changed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_domain::Invalid;
use gongkai_domain::document::RawDocument;
use gongkai_domain::interpretation::{Form, RawDetails, qa_text};
use serde::Deserialize;

use super::docs::{creatable_orgs, field_errors, refused};
use super::staff_layout;
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Fields, Form as PostForm, Path};
use crate::form::{Choice, choices};
use crate::layout::{Ctx, Layout};
use crate::respond::render;
use crate::util::enc;

#[derive(askama::Template)]
#[template(path = "admin/interpretation_form.html")]
struct InterpretationForm {
    layout: Layout,
    heading: String,
    action: String,
    csrf: String,
    /// Drafting a new one: the document's own fields are asked for too.
    is_new: bool,
    policy_title: String,
    orgs: Vec<Choice>,
    raw: RawDocument,
    details: RawDetails,
    forms: Vec<Choice>,
    errors: Vec<Invalid>,
}

impl InterpretationForm {
    fn error(&self, field: &str) -> String {
        crate::form::field_error(&self.errors, field)
    }
}

fn details_from(f: &Fields) -> RawDetails {
    RawDetails {
        form: f.get("form").into(),
        qa: f.get("qa").into(),
        held_on: f.get("held_on").into(),
        place: f.get("place").into(),
        speakers: f.get("speakers").into(),
    }
}

struct Args {
    heading: &'static str,
    action: String,
    is_new: bool,
    policy_title: String,
    org: String,
    raw: RawDocument,
    details: RawDetails,
    errors: Vec<Invalid>,
}

fn form_page(ctx: &Ctx, staff: &Staff, a: Args) -> Response {
    let orgs = creatable_orgs(staff)
        .into_iter()
        .map(|(id, name)| (id.to_string(), name));
    let page = InterpretationForm {
        layout: staff_layout(ctx, staff, a.heading)
            .crumb("文件管理", "/admin/docs")
            .crumb(a.heading, ""),
        heading: a.heading.to_owned(),
        action: a.action,
        csrf: staff.csrf.clone(),
        is_new: a.is_new,
        policy_title: a.policy_title,
        orgs: choices(orgs, &a.org),
        forms: choices(
            Form::ALL.iter().map(|f| (f.as_str(), f.label().to_owned())),
            if a.details.form.is_empty() {
                "text"
            } else {
                &a.details.form
            },
        ),
        raw: a.raw,
        details: a.details,
        errors: a.errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(page);
    *r.status_mut() = status;
    r
}

/// The form for drafting an interpretation of the policy `id`.
pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let policy = state.app.document_of(&staff.actor, &id).await?;
    let org = creatable_orgs(&staff)
        .iter()
        .find(|(o, _)| *o == policy.org_id)
        .map(|(o, _)| o.to_string())
        .unwrap_or_default();
    Ok(form_page(
        &ctx,
        &staff,
        Args {
            heading: "起草政策解读",
            action: format!("/admin/docs/{}/interpret", enc(&id)),
            is_new: true,
            policy_title: policy.title.clone(),
            org,
            raw: RawDocument {
                title: format!("《{}》政策解读", policy.title),
                written_on: state.app.today().to_string(),
                body_format: "text".into(),
                topic: policy.topic.clone(),
                ..Default::default()
            },
            details: RawDetails::default(),
            errors: Vec::new(),
        },
    ))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<String>,
    f: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    let policy = state.app.document_of(&staff.actor, &id).await?;
    let raw = RawDocument {
        title: f.get("title").into(),
        written_on: f.get("written_on").into(),
        summary: f.get("summary").into(),
        body: f.get("body").into(),
        body_format: "text".into(),
        topic: policy.topic.clone(),
        ..Default::default()
    };
    let details = details_from(&f);
    let org: i64 = f.get("org").parse().unwrap_or(0);
    let errors = match state
        .app
        .create_interpretation(&staff.actor, &id, org, &raw, &details)
        .await
    {
        Ok(index) => {
            return Ok(
                Redirect::to(&format!("/admin/docs/{}?done=created", enc(&index))).into_response(),
            );
        }
        Err(e) => field_errors(e)?,
    };
    Ok(form_page(
        &ctx,
        &staff,
        Args {
            heading: "起草政策解读",
            action: format!("/admin/docs/{}/interpret", enc(&id)),
            is_new: true,
            policy_title: policy.title,
            org: org.to_string(),
            raw,
            details,
            errors,
        },
    ))
}

/// The form for an interpretation's form, Q&A and event.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let doc = state.app.document_of(&staff.actor, &id).await?;
    let i = state
        .app
        .interpretation_of(doc.id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let d = &i.details;
    Ok(form_page(
        &ctx,
        &staff,
        Args {
            heading: "解读形式与问答",
            action: format!("/admin/docs/{}/interpretation", enc(&id)),
            is_new: false,
            policy_title: String::new(),
            org: String::new(),
            raw: RawDocument::default(),
            details: RawDetails {
                form: d.form.as_str().into(),
                qa: qa_text(&d.qa),
                held_on: d.held_on.map(|x| x.to_string()).unwrap_or_default(),
                place: d.place.clone(),
                speakers: d.speakers.clone(),
            },
            errors: Vec::new(),
        },
    ))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<String>,
    f: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    let details = details_from(&f);
    let errors = match state
        .app
        .edit_interpretation(&staff.actor, &id, &details)
        .await
    {
        Ok(()) => {
            return Ok(
                Redirect::to(&format!("/admin/docs/{}?done=saved", enc(&id))).into_response(),
            );
        }
        Err(e) => field_errors(e)?,
    };
    Ok(form_page(
        &ctx,
        &staff,
        Args {
            heading: "解读形式与问答",
            action: format!("/admin/docs/{}/interpretation", enc(&id)),
            is_new: false,
            policy_title: String::new(),
            org: String::new(),
            raw: RawDocument::default(),
            details,
            errors,
        },
    ))
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    note: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    PostForm(f): PostForm<ConfirmForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state
        .app
        .confirm_interpretation(&staff.actor, &id, &f.note)
        .await
        .map_err(|e| refused(&id, e))?;
    Ok(Redirect::to(&format!("/admin/docs/{}?done=acted", enc(&id))).into_response())
}
