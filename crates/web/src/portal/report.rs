//! A published annual report on the portal's 年报 column, as a page and as .xlsx.

use axum::extract::State;
use axum::response::Response;
use gongkai_app::model::Org;

use super::{crumbs_to, org_and_tree};
use crate::AppState;
use crate::error::PageError;
use crate::extract::Path;
use crate::layout::{Ctx, Layout};
use crate::report_view::ReportTables;
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "portal/report.html")]
struct ReportPage {
    layout: Layout,
    t: ReportTables,
    published_at: String,
    xlsx: String,
}

fn year_of(s: &str) -> Result<i32, PageError> {
    s.parse().map_err(|_| PageError::not_found())
}

async fn published(
    state: &AppState,
    slug: &str,
    year: &str,
) -> Result<
    (
        Org,
        std::sync::Arc<gongkai_app::OrgTree>,
        gongkai_app::PublishedReport,
    ),
    PageError,
> {
    let (org, tree) = org_and_tree(state, slug).await?;
    if !super::xxgk::has_platform(&org) {
        return Err(PageError::not_found());
    }
    let report = state.app.published_report(org.id, year_of(year)?).await?;
    Ok((org, tree, report))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (org, tree, p) = published(&state, &slug, &year).await?;
    let t = ReportTables::new(&p.report);
    let layout = crumbs_to(&ctx, &t.title, &tree, &org)
        .crumb("政府信息公开", format!("/{}/xxgk/", org.slug))
        .crumb("政府信息公开年报", format!("/{}/xxgk/nb", org.slug))
        .crumb(format!("{}年度", p.year), "");
    Ok(render(ReportPage {
        layout,
        published_at: crate::util::cn_instant(&p.published_at),
        xlsx: format!("/{}/xxgk/nb/{}/report.xlsx", org.slug, p.year),
        t,
    }))
}

/// The response carrying an .xlsx file under a Chinese file name.
pub async fn xlsx(
    State(state): State<AppState>,
    Path((slug, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (_, _, p) = published(&state, &slug, &year).await?;
    let t = ReportTables::new(&p.report);
    let bytes = crate::xlsx::report(&t).map_err(crate::xlsx::failed)?;
    Ok(crate::respond::xlsx(bytes, &format!("{}.xlsx", t.title)))
}
