//! How every handler answers: a rendered page, a file to download, and the way a clock's
//! standing is shown. One place, so pages, the back office and the API agree.

use askama::Template;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::publication::ClockStatus;

/// A page from its template, or the Chinese error page when the template fails.
pub fn render<T: Template>(t: T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            crate::error::error_page(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "页面生成失败，请稍后再试。",
            )
        }
    }
}

/// A download with a Chinese file name (RFC 6266 `filename*`).
pub fn download(body: Vec<u8>, content_type: &str, filename: &str) -> Response {
    let content_type = HeaderValue::from_str(content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut r = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    let ext = filename.rsplit('.').next().unwrap_or("bin");
    let disposition = format!(
        "attachment; filename=\"download.{ext}\"; filename*=UTF-8''{}",
        crate::util::enc(filename)
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// An .xlsx workbook to download.
pub fn xlsx(bytes: Vec<u8>, filename: &str) -> Response {
    download(bytes, crate::xlsx::CONTENT_TYPE, filename)
}

/// A CSV table to download.
pub fn csv(bytes: Vec<u8>, filename: &str) -> Response {
    download(bytes, "text/csv; charset=utf-8", filename)
}

/// The style class a clock's standing is shown with (its words are the domain's label).
pub fn clock_class(s: ClockStatus) -> &'static str {
    match s {
        ClockStatus::Overdue => "bad",
        ClockStatus::DueSoon => "warn",
        ClockStatus::OnTime => "ok",
    }
}
