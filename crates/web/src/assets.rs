//! The stylesheet, built into the binary: nothing loads from outside the deployment.

use axum::http::header;
use axum::response::IntoResponse;

pub const CSS: &str = include_str!("../static/site.css");

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}

/// The body editor's enhancement; pages work without it.
pub const EDITOR_JS: &str = include_str!("../static/editor.js");

pub async fn editor_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        EDITOR_JS,
    )
}
