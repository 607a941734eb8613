//! Atom feeds: `/{org}/feed.atom` (everything the organisation and the units under it
//! publish), `/{org}/feed/{category}.atom` (one 公开类别), and `/{org}/feed/zcjd.atom`,
//! `yjzj.atom` and `gb.atom` (its interpretations, consultations and gazette issues).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use gongkai_app::{ConsultationSummary, DocFeed, OrgFeed};
use gongkai_domain::channels::day_start;
use gongkai_domain::channels::feed::{Entry, Feed};
use gongkai_domain::channels::paths;
use gongkai_domain::pii::review::public_text;

use crate::AppState;
use crate::error::PageError;
use crate::util::{doc_url, origin};

pub async fn org(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let feed = state.app.org_feed(&slug, DocFeed::All).await?;
    Ok(documents(&origin(&headers), &feed))
}

pub async fn category(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let code = file
        .strip_suffix(".atom")
        .ok_or_else(PageError::not_found)?;
    let origin = origin(&headers);
    match code {
        "yjzj" => {
            let org = state
                .app
                .org_tree()
                .await?
                .by_slug(&slug)
                .cloned()
                .ok_or_else(PageError::not_found)?;
            let items = state.app.public_consultations(Some(&slug)).await?;
            Ok(consultations(&origin, &org, &items))
        }
        "gb" => {
            let (title, issues) = state.app.gazette(&slug).await.map_err(PageError::hiding)?;
            let org_name = state
                .app
                .org_tree()
                .await?
                .by_slug(&slug)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            let entries = issues
                .iter()
                .map(|i| {
                    let day = day_start(i.published_on);
                    Entry {
                        title: format!(
                            "{title}{}年第{}期（总第{}期）",
                            i.year, i.number, i.total_number
                        ),
                        url: format!("{origin}{}", paths::gazette_issue(&slug, i.year, i.number)),
                        published: day,
                        updated: day,
                        summary: i
                            .articles
                            .iter()
                            .map(|a| a.title.as_str())
                            .collect::<Vec<_>>()
                            .join("；"),
                        author: None,
                        categories: Vec::new(),
                    }
                })
                .take(gongkai_app::FEED_ENTRIES as usize)
                .collect();
            Ok(atom(Feed {
                title,
                page_url: format!("{origin}/{slug}/gb/"),
                self_url: format!("{origin}/{slug}/feed/gb.atom"),
                author: org_name,
                entries,
                empty_updated: EMPTY,
            }))
        }
        "zcjd" => {
            let feed = state.app.org_feed(&slug, DocFeed::Interpretations).await?;
            Ok(documents(&origin, &feed))
        }
        code => {
            let feed = state.app.org_feed(&slug, DocFeed::Category(code)).await?;
            Ok(documents(&origin, &feed))
        }
    }
}

/// When a feed has no entry yet: a fixed instant, so the feed does not seem to change.
const EMPTY: chrono::NaiveDateTime = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
    .expect("a date")
    .and_hms_opt(0, 0, 0)
    .expect("midnight");

fn consultations(
    origin: &str,
    org: &gongkai_app::model::Org,
    items: &[ConsultationSummary],
) -> Response {
    let slug = &org.slug;
    let entries = items
        .iter()
        .take(gongkai_app::FEED_ENTRIES as usize)
        .map(|c| {
            let day = day_start(c.opens_on);
            Entry {
                title: c.title.clone(),
                url: format!("{origin}/{}/hdjl/yjzj/{}", c.org_slug, c.id),
                published: day,
                updated: day,
                summary: format!("征集时间：{}至{}", c.opens_on, c.closes_on),
                author: (c.org_slug != *slug).then(|| c.org_name.clone()),
                categories: Vec::new(),
            }
        })
        .collect();
    atom(Feed {
        title: format!("{} · 意见征集", org.name),
        page_url: format!("{origin}/{slug}/hdjl/yjzj/"),
        self_url: format!("{origin}/{slug}/feed/yjzj.atom"),
        author: org.name.clone(),
        entries,
        empty_updated: EMPTY,
    })
}

fn documents(origin: &str, f: &OrgFeed) -> Response {
    let slug = &f.org.slug;
    let (title, page, own) = match (f.category, f.interpretations) {
        (Some(c), _) => (
            format!("{} · {}", f.org.name, c.title),
            format!("/{slug}/xxgk/fdzdgknr/{}", c.code),
            format!("/{slug}/feed/{}.atom", c.code),
        ),
        (None, true) => (
            format!("{} · 政策解读", f.org.name),
            format!("/{slug}/xxgk/zcjd"),
            format!("/{slug}/feed/zcjd.atom"),
        ),
        (None, false) => (
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
    atom(Feed {
        title,
        page_url: format!("{origin}{page}"),
        self_url: format!("{origin}{own}"),
        author: f.org.name.clone(),
        entries,
        empty_updated: EMPTY,
    })
}

fn atom(feed: Feed) -> Response {
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_xml(),
    )
        .into_response()
}
