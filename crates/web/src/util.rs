//! Small helpers for building URLs and display strings.

use chrono::NaiveDate;

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A local path to return to after an action: must start with one `/`, so an
/// attacker cannot send users elsewhere.
pub fn safe_back(back: &str) -> String {
    let lower = back.to_ascii_lowercase();
    if back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.contains(char::is_control)
        // An encoded slash or backslash after the first one turns into "//host" the
        // moment something decodes it.
        && !lower.starts_with("/%2f")
        && !lower.starts_with("/%5c")
    {
        back.to_owned()
    } else {
        "/".to_owned()
    }
}

/// 2026年3月2日
pub fn cn_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// An instant stored as RFC 3339 UTC, shown in China time to the minute.
/// An instant as China time to the minute.
pub fn cn_minute(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&gongkai_domain::china_time::china_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn cn_instant(s: &str) -> String {
    gongkai_app::model::parse_instant(s)
        .map(|t| {
            t.with_timezone(&gongkai_domain::china_time::china_offset())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| s.to_owned())
}

/// An instant stored as RFC 3339 UTC, as its date in China ("2026-01-15").
pub fn cn_day(s: &str) -> String {
    gongkai_app::model::parse_instant(s)
        .map(|t| gongkai_domain::china_time::china_date(t).to_string())
        .unwrap_or_else(|_| s.to_owned())
}

/// URL of a document's public page.
pub fn doc_url(org_slug: &str, index_number: &str) -> String {
    gongkai_domain::channels::paths::document(org_slug, index_number)
}

/// The back-office page of what a notification or a task is about.
pub fn target_href(t: &gongkai_domain::notification::Target) -> String {
    use gongkai_domain::notification::Target;
    match t {
        Target::Application(n) => format!("/admin/applications/{}", enc(n)),
        Target::Document(i) => format!("/admin/docs/{}", enc(i)),
        Target::Catalog(id) => format!("/admin/catalogs/{id}"),
        Target::Message(n) => format!("/admin/messages/{}", enc(n)),
        Target::Consultation(id) => format!("/admin/consultations/{id}"),
        Target::Rectification(id) => format!("/admin/rectifications/{id}"),
    }
}

/// The address the client reached us by: feeds need absolute links. Only a plain host
/// name (and port) is taken from the request; anything else falls back to localhost.
pub fn origin(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_links_stay_local() {
        assert_eq!(safe_back("/yunxi/xxgk/"), "/yunxi/xxgk/");
        assert_eq!(safe_back("//evil.example/"), "/");
        assert_eq!(safe_back("https://evil.example/"), "/");
        assert_eq!(safe_back("/\\evil"), "/");
    }

    #[test]
    fn encodes() {
        assert_eq!(enc("/a b?c=低保"), "/a%20b%3Fc%3D%E4%BD%8E%E4%BF%9D");
    }
}
