//! 政府公报 on the portal: every issue by year, each issue's table of contents with
//! links to its documents, the e-edition PDF, and where the issue sits in the log.

use axum::extract::State;
use axum::response::Response;
use gongkai_app::gazette::IssueView;

use super::{crumbs_to, org_and_tree};
use crate::AppState;
use crate::error::PageError;
use crate::extract::Path;
use crate::layout::Ctx;
use crate::respond::render;

/// A year's issues, for the list.
pub struct Year {
    pub year: i32,
    pub issues: Vec<IssueView>,
}

#[derive(askama::Template)]
#[template(path = "portal/gazette.html")]
struct ListPage {
    layout: crate::layout::Layout,
    title: String,
    slug: String,
    years: Vec<Year>,
    q: String,
    found: Option<Vec<gongkai_app::gazette::ArticleHit>>,
}

#[derive(serde::Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    crate::extract::Query(sq): crate::extract::Query<SearchQuery>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    let (title, issues) = state.app.gazette(&slug).await.map_err(PageError::hiding)?;
    let q = sq.q.trim().to_owned();
    let found = if q.is_empty() {
        None
    } else {
        Some(state.app.search_gazette(&slug, &q).await?)
    };
    let mut years: Vec<Year> = Vec::new();
    for i in issues {
        match years.last_mut() {
            Some(y) if y.year == i.year => y.issues.push(i),
            _ => years.push(Year {
                year: i.year,
                issues: vec![i],
            }),
        }
    }
    Ok(render(ListPage {
        layout: crumbs_to(&ctx, &title, &tree, &org)
            .crumb(title.clone(), "")
            .feed(title.clone(), format!("/{}/feed/gb.atom", org.slug)),
        title,
        slug,
        years,
        q,
        found,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/gazette_issue.html")]
struct IssuePage {
    layout: crate::layout::Layout,
    v: IssueView,
}

/// An issue's contents, or (as `{no}.pdf`) its e-edition.
pub async fn issue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, year, no)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let year: i32 = year.parse().map_err(|_| PageError::not_found())?;
    let (number, pdf) = match no.strip_suffix(".pdf") {
        Some(n) => (n, true),
        None => (no.as_str(), false),
    };
    let number: u32 = number.parse().map_err(|_| PageError::not_found())?;
    if pdf {
        let bytes = state
            .app
            .gazette_pdf(&slug, year, number)
            .await
            .map_err(PageError::hiding)?;
        return Ok(crate::respond::download(
            bytes,
            "application/pdf",
            &format!("{slug}-{year}-{number}.pdf"),
        ));
    }
    let (org, tree) = org_and_tree(&state, &slug).await?;
    let v = state
        .app
        .gazette_issue(&slug, year, number)
        .await
        .map_err(PageError::hiding)?;
    let heading = format!("{}{}年第{}期", v.gazette_title, v.year, v.number);
    Ok(render(IssuePage {
        layout: crumbs_to(&ctx, &heading, &tree, &org)
            .crumb(v.gazette_title.clone(), format!("/{slug}/gb/"))
            .crumb(format!("{}年第{}期", v.year, v.number), ""),
        v,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/gazette_verify.html")]
struct VerifyPage {
    layout: crate::layout::Layout,
    title: String,
    slug: String,
    head: Option<gongkai_app::model::TreeHead>,
    /// The head's time, in China.
    signed_at: String,
    keys: Vec<gongkai_app::gazette::keys::PublicKeys>,
}

/// How anyone checks an issue without trusting this server, with the current signed
/// tree head and every key that ever signed; plain HTML, no script needed.
pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    let (title, _) = state.app.gazette(&slug).await.map_err(PageError::hiding)?;
    let head = state.app.gazette_tree_head().await?;
    let signed_at = head
        .as_ref()
        .and_then(|h| chrono::DateTime::from_timestamp_millis(h.timestamp as i64))
        .map(|t| {
            t.with_timezone(&gongkai_domain::china_time::china_offset())
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default();
    Ok(render(VerifyPage {
        layout: crumbs_to(&ctx, "公报核验", &tree, &org)
            .crumb(title.clone(), format!("/{slug}/gb/"))
            .crumb("核验方法", ""),
        title,
        slug,
        head,
        signed_at,
        keys: state.app.gazette_public_keys().unwrap_or_default(),
    }))
}
