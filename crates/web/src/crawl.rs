//! The inspection's link check (19号 deduction "链接不可用"): the portal's public pages
//! walked in-process from each unit's home page — the crawler never opens a socket and
//! never leaves the platform — every internal link followed up to a bound, every
//! external one only listed, never fetched.

use std::collections::{HashSet, VecDeque};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use gongkai_domain::inspection::BrokenLink;
use tower::ServiceExt;

/// Pages fetched at most in one walk: a county's portal with its documents' first
/// pages is well within it, and a walk stays a matter of seconds.
pub const MAX_PAGES: usize = 3000;

/// An HTML page larger than this is not read for links.
const MAX_HTML: usize = 4 * 1024 * 1024;

/// What a walk found.
#[derive(Debug, Clone, Default)]
pub struct Crawl {
    /// Addresses fetched.
    pub fetched: usize,
    pub broken: Vec<BrokenLink>,
    /// External links as (page, address): listed for a person to check.
    pub external: Vec<(String, String)>,
    /// The bound was reached before every link was followed.
    pub truncated: bool,
}

/// Paths that are not the public site's content: the back office, the API, search
/// results, and the large-text switch.
fn skipped(path: &str) -> bool {
    path.starts_with("/admin")
        || path.starts_with("/api/")
        || path.starts_with("/a11y/")
        || path == "/search"
        || path.starts_with("/search?")
        || path
            .split('/')
            .nth(2)
            .is_some_and(|s| s == "search" || s.starts_with("search?"))
}

/// The links of an HTML page: `href` and `src` values, entities undone, fragments dropped.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let Some(end) = part.find('"') else { continue };
            let raw = part[..end].replace("&amp;", "&").replace("&#38;", "&");
            let link = raw.split('#').next().unwrap_or_default().trim().to_owned();
            if !link.is_empty() {
                out.push(link);
            }
        }
    }
    out
}

/// Walks the portal from `starts` through `router`, at most `max` addresses.
pub async fn crawl(router: Router, starts: &[String], max: usize) -> Crawl {
    let mut found = Crawl::default();
    let mut queue: VecDeque<(String, String)> =
        starts.iter().map(|s| (s.clone(), String::new())).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut external: HashSet<(String, String)> = HashSet::new();
    while let Some((path, from)) = queue.pop_front() {
        if skipped(&path) || !seen.insert(path.clone()) {
            continue;
        }
        if found.fetched >= max {
            found.truncated = true;
            break;
        }
        found.fetched += 1;
        let Ok(req) = Request::get(path.as_str())
            .header(header::HOST, "localhost")
            .body(Body::empty())
        else {
            found.broken.push(BrokenLink {
                page: from.clone(),
                target: path.clone(),
                status: 400,
            });
            continue;
        };
        let Ok(res) = router.clone().oneshot(req).await;
        let status = res.status();
        if status.is_client_error() || status.is_server_error() {
            found.broken.push(BrokenLink {
                page: if from.is_empty() { path.clone() } else { from },
                target: path,
                status: status.as_u16(),
            });
            continue;
        }
        if status.is_redirection() {
            if let Some(to) = res
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .filter(|l| l.starts_with('/') && !l.starts_with("//"))
            {
                queue.push_back((to.to_owned(), from));
            }
            continue;
        }
        let html = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| c.starts_with("text/html"));
        if !html {
            continue;
        }
        let Ok(body) = axum::body::to_bytes(res.into_body(), MAX_HTML).await else {
            continue;
        };
        for link in links(&String::from_utf8_lossy(&body)) {
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("//")
            {
                external.insert((path.clone(), link));
            } else if link.starts_with('/') {
                queue.push_back((link, path.clone()));
            }
            // mailto:, tel:, data: and relative forms are not followed.
        }
    }
    let mut external: Vec<_> = external.into_iter().collect();
    external.sort();
    found.external = external;
    found
}

/// Walks the portal pages of the organisation `slug` and the units under it (and the
/// deployment's own pages when it is a root), in-process through a router of `app`.
pub async fn walk(app: &gongkai_app::App, slug: &str) -> Result<Crawl, gongkai_app::AppError> {
    use gongkai_domain::org::OrgLevel;
    let tree = app.org_tree().await?;
    let root = tree
        .by_slug(slug.trim())
        .ok_or_else(|| gongkai_app::AppError::NotFound("机构不存在".into()))?;
    let mut starts = Vec::new();
    if root.parent_id.is_none() {
        starts.push("/".to_owned());
    }
    for id in tree.subtree_ids(root.id) {
        if let Some(o) = tree.get(id).filter(|o| o.level != OrgLevel::Village) {
            starts.push(format!("/{}/", o.slug));
        }
    }
    let router = crate::router(crate::AppState::new(app.clone()));
    Ok(crawl(router, &starts, MAX_PAGES).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_from_href_and_src() {
        let html = r#"<a href="/a?x=1&amp;y=2#top">a</a><img src="/site/emblem" alt=""><a href="mailto:x@y.cn">m</a><a href="https://www.gov.cn/">g</a>"#;
        assert_eq!(
            links(html),
            [
                "/a?x=1&y=2",
                "mailto:x@y.cn",
                "https://www.gov.cn/",
                "/site/emblem"
            ]
        );
        assert!(skipped("/admin/login") && skipped("/yunxi/search?q=1") && skipped("/search"));
        assert!(!skipped("/yunxi/") && !skipped("/yunxi/xxgk/doc/1"));
    }
}
