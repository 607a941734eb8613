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
        layout: crumbs_to(&ctx, &title, &tree, &org).crumb(title.clone(), ""),
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
