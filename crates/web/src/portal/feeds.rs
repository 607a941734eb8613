//! Atom feeds: `/{org}/feed.atom` (everything the organisation and the units under it
//! publish) and `/{org}/feed/{category}.atom` (one 公开类别).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use gongkai_app::OrgFeed;
use gongkai_domain::channels::day_start;
use gongkai_domain::channels::feed::{Entry, Feed};
use gongkai_domain::pii::review::public_text;

use crate::AppState;
use crate::error::PageError;
use crate::util::{doc_url, origin};

pub async fn org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let feed = state.app.org_feed(&slug, None).await?;
    Ok(atom(&origin(&headers), &feed))
}

pub async fn category(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let code = file
        .strip_suffix(".atom")
        .ok_or_else(PageError::not_found)?;
    let feed = state.app.org_feed(&slug, Some(code)).await?;
    Ok(atom(&origin(&headers), &feed))
}

fn atom(origin: &str, f: &OrgFeed) -> Response {
    let slug = &f.org.slug;
    let (title, page, own) = match f.category {
        Some(c) => (
            format!("{} · {}", f.org.name, c.title),
            format!("/{slug}/xxgk/fdzdgknr/{}", c.code),
            format!("/{slug}/feed/{}.atom", c.code),
        ),
        None => (
            format!("{} · 政府信息公开", f.org.name),
            format!("/{slug}/xxgk/"),
            format!("/{slug}/feed.atom"),
        ),
    };
    let entries = f
        .documents
        .iter()
        .filter_map(|d| {
            let day = day_start(d.published_on?);
            Some(Entry {
                title: d.title.clone(),
                url: format!("{origin}{}", doc_url(&d.org_slug, &d.index_number)),
                published: day,
                updated: day,
                summary: public_text(&d.summary, &[]),
                author: (d.org_id != f.org.id).then(|| d.org_name.clone()),
                categories: d
                    .category
                    .as_deref()
                    .and_then(gongkai_domain::category::Category::by_code)
                    .map(|c| vec![(c.code.to_owned(), c.title.to_owned())])
                    .unwrap_or_default(),
            })
        })
        .collect();
    let feed = Feed {
        title,
        page_url: format!("{origin}{page}"),
        self_url: format!("{origin}{own}"),
        author: f.org.name.clone(),
        entries,
        empty_updated: day_start(chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date")),
    };
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_xml(),
    )
        .into_response()
}
