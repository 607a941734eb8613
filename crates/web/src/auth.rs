//! Who is calling: staff by session cookie (with CSRF tokens on every form), API
//! clients by bearer token.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::Actor;

use crate::AppState;
use crate::error::{ApiError, PageError};
use crate::layout::{StaffBar, cookie};
use crate::util::enc;

pub const SESSION_COOKIE: &str = "gk_session";

pub fn client_ip(state: &AppState, parts: &Parts) -> String {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    match peer {
        Some(p) => forwarded_client(&state.trusted_proxies, p, &parts.headers).to_string(),
        None => "unknown".into(),
    }
}

/// The client behind trusted proxies: a trusted peer's `X-Forwarded-For` is read from
/// the right (each proxy appends the address it saw), skipping the trusted proxies;
/// the first other address is the client. Anyone else's headers are ignored, so a
/// client cannot choose the address its limits are counted under.
pub fn forwarded_client(trusted: &[IpAddr], peer: IpAddr, headers: &HeaderMap) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|h| h.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    hops.into_iter()
        .rev()
        .find(|h| !trusted.contains(h))
        .or_else(|| {
            headers
                .get("x-real-ip")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(peer)
}

/// A signed-in staff member. Pages that need one redirect to the login page otherwise.
pub struct Staff {
    pub actor: Actor,
    pub csrf: String,
    pub session_id: i64,
    /// Unread notifications, for the staff bar.
    pub unread: i64,
}

impl Staff {
    pub fn bar(&self) -> StaffBar {
        StaffBar {
            display_name: self
                .actor
                .user
                .as_ref()
                .map_or_else(|| "?".into(), |u| u.display_name.clone()),
            csrf: self.csrf.clone(),
            may: crate::layout::Sections::of(&self.actor),
            unread: self.unread,
        }
    }

    /// Checks the token a form sent back against the session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), PageError> {
        if constant_time_eq(sent.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(PageError::new(
                StatusCode::FORBIDDEN,
                "页面已过期或来源不明（CSRF 校验失败），请刷新页面后重试。",
            ))
        }
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || {
            let next = parts.uri.path_and_query().map_or("/admin/", |p| p.as_str());
            Redirect::to(&format!("/admin/login?next={}", enc(next))).into_response()
        };
        let Some(token) = cookie(parts, SESSION_COOKIE) else {
            return Err(to_login());
        };
        match state
            .app
            .session_actor(token, &client_ip(state, parts))
            .await
        {
            Ok(Some((actor, csrf, session_id))) => {
                let unread = state.app.unread_notifications(&actor).await.unwrap_or(0);
                Ok(Staff {
                    actor,
                    csrf,
                    session_id,
                    unread,
                })
            }
            Ok(None) => Err(to_login()),
            Err(e) => Err(PageError::from(e).into_response()),
        }
    }
}

/// The caller of an API endpoint: None without a token; a bad token is refused.
pub struct ApiCaller(pub Option<Actor>);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Ok(ApiCaller(None));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthenticated",
                    "Authorization 头须为“Bearer 令牌”",
                )
            })?;
        match state
            .app
            .token_actor(token, &client_ip(state, parts))
            .await?
        {
            Some(a) => Ok(ApiCaller(Some(a))),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "接口令牌无效或已撤销",
            )),
        }
    }
}

impl ApiCaller {
    pub fn required(self) -> Result<Actor, ApiError> {
        self.0.ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "此接口须提供接口令牌（Authorization: Bearer …）",
            )
        })
    }
}

/// `Set-Cookie` for the session.
pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}
