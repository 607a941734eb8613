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
