//! 整改: one finding's rectification — its history, the rule run again for the office
//! that checks it, and the step the viewer may take.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, RectificationView, RectifyInput};
use gongkai_domain::Invalid;
use serde::Deserialize;

use super::{Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/rectification.html")]
struct RectificationPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    v: RectificationView,
    input: RectifyInput,
    errors: Vec<Invalid>,
}

impl RectificationPage {
    fn may_assign(&self) -> bool {
        self.v
            .allowed
            .contains(&gongkai_domain::inspection::rectification::Step::Assign)
    }
}

async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    id: i64,
    input: RectifyInput,
    errors: Vec<Invalid>,
    done: &str,
) -> Result<Response, PageError> {
    let v = state.app.rectification(&staff.actor, id).await?;
    let title = format!("整改事项 {id}");
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(RectificationPage {
        layout: staff_layout(ctx, staff, &title).crumb(&title, ""),
        csrf: staff.csrf.clone(),
        flash: flash(done),
        v,
        input,
        errors,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    page_with(
        &state,
        &ctx,
        &staff,
        id,
        RectifyInput::default(),
        Vec::new(),
        &d.done,
    )
    .await
}

#[derive(Deserialize)]
pub struct StepForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    due_on: String,
}

pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let input = RectifyInput {
        step: f.step,
        note: f.note,
        due_on: f.due_on,
    };
    match state.app.rectify(&staff.actor, id, &input).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/rectifications/{id}?done=acted")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            page_with(&state, &ctx, &staff, id, input, errors, "").await
        }
        Err(e) => Err(e.into()),
    }
}
