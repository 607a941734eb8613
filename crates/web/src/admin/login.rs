use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{SESSION_COOKIE, Staff, client_ip, session_cookie};
use crate::error::PageError;
use crate::extract::{Form, Query};
use crate::layout::{Ctx, Layout};
use crate::public_form;
use crate::respond::render;
use crate::throttle::Limit;
use crate::util::safe_back;

// Before a session exists, the login form is protected by a double-submit cookie and
// the browser's Origin (see `public_form`).

#[derive(askama::Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    next: String,
    username: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: String,
}

fn page(ctx: &Ctx, secure: bool, next: &str, username: &str, error: &str) -> Response {
    let csrf = gongkai_app::random_token(16);
    let mut r = render(LoginPage {
        layout: Layout::new(ctx, "工作人员登录")
            .crumb("首页", "/")
            .crumb("工作人员登录", ""),
        csrf: csrf.clone(),
        next: safe_back(if next.is_empty() { "/admin/" } else { next }),
        username: username.to_owned(),
        error: error.to_owned(),
    });
    public_form::LOGIN.set_cookie(&mut r, &csrf, secure);
    r
}

pub async fn form(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Next>) -> Response {
    page(&ctx, state.secure_cookies, &n.next, "", "")
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    parts: axum::http::request::Parts,
    Form(f): Form<LoginForm>,
) -> Response {
    let secure = state.secure_cookies;
    let login = &public_form::LOGIN;
    let cross = public_form::provenance(&parts) == public_form::Provenance::CrossSite;
    if cross || !login.token_matches(&parts, &f.csrf) {
        return page(
            &ctx,
            secure,
            &f.next,
            &f.username,
            "页面已过期，请重新登录。",
        );
    }
    if f.username.trim().is_empty() || f.password.is_empty() {
        return page(&ctx, secure, &f.next, &f.username, "请输入用户名和密码。");
    }
    let ip = client_ip(&state, &parts);
    if let Err(wait) = state.throttle.blocked(Limit::LoginFailures, &ip).await {
        let mut r = page(
            &ctx,
            secure,
            &f.next,
            &f.username,
            Limit::LoginFailures.message(),
        );
        *r.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
        if let Ok(v) = axum::http::HeaderValue::from_str(&wait.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    match state.app.login(&f.username, &f.password, &ip).await {
        Ok(s) => {
            let max_age = (s.expires_at - state.app.now()).num_seconds().max(0);
            (
                [(
                    header::SET_COOKIE,
                    session_cookie(&s.token, max_age, state.secure_cookies),
                )],
                Redirect::to(&safe_back(&f.next)),
            )
                .into_response()
        }
        Err(gongkai_app::AppError::Unauthenticated(m)) => {
            state.throttle.record(Limit::LoginFailures, &ip).await;
            page(&ctx, secure, &f.next, &f.username, &m)
        }
        Err(e @ gongkai_app::AppError::Throttled { .. }) => {
            let mut r = page(&ctx, secure, &f.next, &f.username, &e.to_string());
            *r.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            r
        }
        Err(e) => PageError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state.app.logout(&staff.actor, staff.session_id).await?;
    Ok((
        [(
            header::SET_COOKIE,
            format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
        )],
        Redirect::to("/"),
    )
        .into_response())
}
