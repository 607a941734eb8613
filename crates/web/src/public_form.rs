//! Forms anyone may post (the login form, the online application): a token in a
//! `SameSite=Strict` cookie and in the form (double submit), and the browser's Origin or
//! Referer checked against the site, so another site cannot post them in a visitor's
//! name.

use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;

/// One form's cookie and the path it is sent to.
pub struct Guard {
    pub cookie: &'static str,
    pub path: &'static str,
}

/// The online application of every organisation.
pub const APPLY: Guard = Guard {
    cookie: "gk_apply",
    path: "/",
};

/// The message and comment forms of 互动交流.
pub const INTERACT: Guard = Guard {
    cookie: "gk_hdjl",
    path: "/",
};

/// Staff login.
pub const LOGIN: Guard = Guard {
    cookie: "gk_login_csrf",
    path: "/admin",
};

/// What the browser says about where a post came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    SameSite,
    CrossSite,
    /// Neither Origin nor Referer (privacy settings, old browsers).
    Unknown,
}

/// The host and port of an absolute URL ("https://a.example:8443/x" → "a.example:8443").
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

pub fn provenance(parts: &Parts) -> Provenance {
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    let from = ["origin", "referer"]
        .iter()
        .find_map(|h| parts.headers.get(*h).and_then(|v| v.to_str().ok()));
    match (from, host) {
        (None, _) => Provenance::Unknown,
        // "Origin: null" (sandboxed frames, some redirects) is nobody we know.
        (Some(f), Some(host)) if authority(f).is_some_and(|a| a.eq_ignore_ascii_case(&host)) => {
            Provenance::SameSite
        }
        (Some(_), Some(_)) => Provenance::CrossSite,
        (Some(_), None) => Provenance::Unknown,
    }
}

impl Guard {
    pub fn new_token() -> String {
        gongkai_app::random_token(16)
    }

    /// Puts the token's cookie on the page that carries the form.
    pub fn set_cookie(&self, r: &mut Response, token: &str, secure: bool) {
        let secure = if secure { "; Secure" } else { "" };
        let v = format!(
            "{}={token}; Path={}; HttpOnly; SameSite=Strict{secure}",
            self.cookie, self.path
        );
        if let Ok(v) = HeaderValue::from_str(&v) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }

    /// Whether the cookie and the form's field carry the same token.
    pub fn token_matches(&self, parts: &Parts, field: &str) -> bool {
        let cookie = crate::layout::cookie(parts, self.cookie).unwrap_or("");
        !cookie.is_empty() && gongkai_app::constant_time_eq(cookie.as_bytes(), field.as_bytes())
    }

    /// A post is accepted when the browser says it came from this site, or, when it
    /// says nothing, when the token matches; never when it came from elsewhere.
    pub fn accepts(&self, parts: &Parts, field: &str) -> bool {
        match provenance(parts) {
            Provenance::CrossSite => false,
            Provenance::SameSite => true,
            Provenance::Unknown => self.token_matches(parts, field),
        }
    }
}
