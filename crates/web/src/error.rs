//! Errors as users see them: a Chinese page for the portal and back office, a
//! structured JSON body for the API.

use askama::Template;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::AppError;
use serde::Serialize;

use crate::layout::{Ctx, Layout};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    heading: &'a str,
    message: &'a str,
}

/// An error shown as a page.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub message: String,
    pub retry_after: Option<i64>,
}

impl PageError {
    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "您访问的页面不存在，可能已被移除或地址有误。",
        )
    }
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
        }
    }
}

pub fn heading(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 422 => "提交的内容有误",
        401 => "请先登录",
        403 => "没有权限",
        404 => "页面不存在",
        405 => "不支持的请求方式",
        409 => "操作冲突",
        413 => "提交的内容过大",
        429 => "请求过于频繁",
        _ => "服务器出现错误",
    }
}

/// Renders an error page; used also by the fallback and the response fixer.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let page = ErrorPage {
        layout: Layout::new(&Ctx::default(), heading(status)),
        heading: heading(status),
        message,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, message.to_owned()).into_response(),
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut r = error_page(self.status, &self.message);
        if let Some(s) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The message users see; internal details go to the log only.
fn public_message(e: &AppError) -> String {
    match e {
        AppError::Store(_) | AppError::Internal(_) => {
            tracing::error!(error = %e, "request failed");
            "服务器内部错误，请稍后再试。如问题持续，请联系平台管理员。".into()
        }
        other => other.to_string(),
    }
}

impl PageError {
    /// The portal's plain 404 for anything not found (whatever the use case said),
    /// every other error as usual.
    pub fn hiding(e: AppError) -> PageError {
        match e {
            AppError::NotFound(_) => PageError::not_found(),
            e => e.into(),
        }
    }

    /// The error of a refused form, saying where to go back to ("返回目录：/admin/…").
    pub fn back_to(e: AppError, what: &str, href: &str) -> PageError {
        let mut p = PageError::from(e);
        p.message = format!("{}（返回{what}：{href}）", p.message);
        p
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        Self {
            status: status_of(&e),
            retry_after: match &e {
                AppError::Throttled { retry_after_secs } => Some(*retry_after_secs),
                _ => None,
            },
            message: public_message(&e),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// Machine name of the field.
    pub field: String,
    pub message: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine code: invalid, unauthenticated, forbidden, not_found, conflict,
    /// too_large, throttled, bad_request, internal.
    pub code: &'static str,
    /// Chinese message for people.
    pub message: String,
    /// Per-field problems when `code` is `invalid`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

/// An error of the JSON API.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                fields: Vec::new(),
            },
        }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let code = match &e {
            AppError::Invalid(_) => "invalid",
            AppError::Unauthenticated(_) => "unauthenticated",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::TooLarge(_) => "too_large",
            AppError::Throttled { .. } => "throttled",
            AppError::Store(_) | AppError::Internal(_) => "internal",
        };
        let fields = match &e {
            AppError::Invalid(v) => v
                .iter()
                .map(|i| FieldError {
                    field: i.field.to_owned(),
                    message: i.message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        Self {
            status: status_of(&e),
            body: ErrorBody {
                code,
                message: public_message(&e),
                fields,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorEnvelope { error: self.body })).into_response()
    }
}
