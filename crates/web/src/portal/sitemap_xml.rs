//! `/sitemap.xml` for search engines and the province's crawlers: an index of files,
//! one of the site's fixed pages and organisations, then the public documents in files
//! cut by id ranges (`/sitemap/docs-N.xml`).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use gongkai_domain::channels::day_start;
use gongkai_domain::channels::sitemap::{Url, index, urlset};
use gongkai_domain::org::OrgLevel;

use super::xxgk::has_platform;
use crate::AppState;
use crate::error::PageError;
use crate::util::doc_url;
use crate::util::origin;

const SITE_FILE: &str = "site.xml";

fn xml(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

pub async fn root(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let origin = origin(&headers);
    let files = state.app.sitemap_document_files().await?;
    let mut list = vec![Url {
        loc: format!("{origin}/sitemap/{SITE_FILE}"),
        lastmod: None,
    }];
    list.extend((1..=files).map(|n| Url {
        loc: format!("{origin}/sitemap/docs-{n}.xml"),
        lastmod: None,
    }));
    Ok(xml(index(&list)))
}

pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    let origin = origin(&headers);
    let at = |path: String| Url {
        loc: format!("{origin}{path}"),
        lastmod: None,
    };
    if file == SITE_FILE {
        let tree = state.app.org_tree().await?;
        let mut urls: Vec<Url> = ["/", "/sitemap", "/contact", "/bsfw/", "/hdjl/"]
            .into_iter()
            .map(|p| at(p.to_owned()))
            .collect();
        for o in tree.all() {
            if o.level == OrgLevel::Village {
                if let Some(parent) = o.parent_id.and_then(|p| tree.get(p)) {
                    urls.push(at(format!("/{}/cwgk/{}/", parent.slug, o.slug)));
                }
            } else {
                urls.push(at(format!("/{}/", o.slug)));
                if has_platform(o) {
                    urls.push(at(format!("/{}/xxgk/", o.slug)));
                }
            }
        }
        return Ok(xml(urlset(&urls)));
    }
    let n = file
        .strip_prefix("docs-")
        .and_then(|f| f.strip_suffix(".xml"))
        .and_then(|n| n.parse::<i64>().ok())
        .ok_or_else(PageError::not_found)?;
    let pages = state.app.sitemap_documents(n).await?;
    let urls: Vec<Url> = pages
        .iter()
        .map(|p| Url {
            loc: format!("{origin}{}", doc_url(&p.org_slug, &p.index_number)),
            lastmod: p.published_on.map(day_start),
        })
        .collect();
    Ok(xml(urlset(&urls)))
}
