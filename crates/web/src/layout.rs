//! What every page shares: title, breadcrumbs, large-text mode, the staff bar.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::convert::Infallible;

use crate::util::enc;

/// Per-request facts the page chrome needs, taken from the request.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub large: bool,
    /// Path and query of this request, for "back" links.
    pub path: String,
}

pub const LARGE_COOKIE: &str = "gk_large";

pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    cookie_in(&parts.headers, name)
}

pub fn cookie_header_has(headers: &axum::http::HeaderMap, name: &str, value: &str) -> bool {
    cookie_in(headers, name) == Some(value)
}

fn cookie_in<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Ctx {
            large: cookie(parts, LARGE_COOKIE) == Some("1"),
            path: parts
                .uri
                .path_and_query()
                .map_or("/".into(), |p| p.as_str().to_owned()),
        })
    }
}

/// The signed-in staff member, for the back-office bar.
#[derive(Debug, Clone)]
pub struct StaffBar {
    pub display_name: String,
    pub csrf: String,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub large: bool,
    /// Link that switches large-text mode and comes back here.
    pub toggle_href: String,
    pub crumbs: Vec<(String, String)>,
    pub staff: Option<StaffBar>,
}

impl Layout {
    pub fn new(ctx: &Ctx, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            large: ctx.large,
            toggle_href: format!(
                "/a11y/large?on={}&back={}",
                if ctx.large { 0 } else { 1 },
                enc(&ctx.path)
            ),
            crumbs: Vec::new(),
            staff: None,
        }
    }

    pub fn crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Self {
        self.crumbs.push((label.into(), href.into()));
        self
    }

    pub fn staff(mut self, bar: StaffBar) -> Self {
        self.staff = Some(bar);
        self
    }

    pub fn toggle_label(&self) -> &'static str {
        if self.large {
            "标准字号"
        } else {
            "大字模式"
        }
    }
}
