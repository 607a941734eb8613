//! Large-text mode, switched by a plain link so it works without JavaScript.

use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::extract::Query;
use crate::layout::LARGE_COOKIE;
use crate::util::safe_back;

#[derive(Deserialize)]
pub struct Toggle {
    #[serde(default)]
    on: String,
    #[serde(default)]
    back: String,
}

pub async fn large_text(Query(t): Query<Toggle>) -> Response {
    let cookie = if t.on == "1" {
        format!("{LARGE_COOKIE}=1; Path=/; Max-Age=31536000; SameSite=Lax")
    } else {
        format!("{LARGE_COOKIE}=0; Path=/; Max-Age=0; SameSite=Lax")
    };
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to(&safe_back(&t.back)),
    )
        .into_response()
}
