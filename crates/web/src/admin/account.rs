//! One's own account: password and API tokens.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::AppError;
use gongkai_app::model::ApiToken;
use serde::Deserialize;

use super::{Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/account.html")]
struct AccountPage {
    layout: Layout,
    csrf: String,
    username: String,
    tokens: Vec<ApiToken>,
    new_token: String,
    flash: &'static str,
    error: String,
    min_password: usize,
    email: String,
    digest: bool,
}

async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    new_token: String,
    flash_code: &str,
    error: String,
) -> Result<Response, PageError> {
    let user = staff.actor.user.clone().ok_or_else(PageError::not_found)?;
    let tokens = state.app.tokens_of(&staff.actor).await?;
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(AccountPage {
        layout: staff_layout(ctx, staff, "我的账号").crumb("我的账号", ""),
        csrf: staff.csrf.clone(),
        username: user.username.clone(),
        tokens,
        new_token,
        flash: flash(flash_code),
        error,
        min_password: gongkai_app::MIN_PASSWORD_CHARS,
        email: user.email.clone(),
        digest: user.digest,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    page_with(&state, &ctx, &staff, String::new(), &d.done, String::new()).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

pub async fn password(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state
        .app
        .change_own_password(&staff.actor, &f.current, &f.password)
        .await
    {
        // The change ended every session, this one included: sign in again.
        Ok(()) => Ok(Redirect::to("/admin/login?next=/admin/account").into_response()),
        Err(AppError::Invalid(v)) => {
            let msg = v
                .iter()
                .map(|i| i.message.as_str())
                .collect::<Vec<_>>()
                .join("；");
            page_with(&state, &ctx, &staff, String::new(), "", msg).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<TokenForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let uid = staff.actor.user_id().ok_or_else(PageError::not_found)?;
    match state.app.create_token(&staff.actor, uid, &f.name).await {
        Ok(token) => page_with(&state, &ctx, &staff, token, "", String::new()).await,
        Err(AppError::Invalid(v)) => {
            page_with(
                &state,
                &ctx,
                &staff,
                String::new(),
                "",
                v[0].message.clone(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<super::CsrfQuery>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let uid = staff.actor.user_id().ok_or_else(PageError::not_found)?;
    state.app.revoke_token(&staff.actor, uid, id).await?;
    Ok(Redirect::to("/admin/account?done=token_revoked").into_response())
}

#[derive(Deserialize)]
pub struct MailForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    digest: String,
}

/// Where the daily digest of due-soon and overdue work goes.
pub async fn mail(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<MailForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state
        .app
        .set_mail(&staff.actor, &f.email, !f.digest.is_empty())
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/account?done=saved").into_response()),
        Err(gongkai_app::AppError::Invalid(v)) => {
            let msg = v.first().map(|i| i.message.clone()).unwrap_or_default();
            page_with(&state, &ctx, &staff, String::new(), "", msg).await
        }
        Err(e) => Err(e.into()),
    }
}
