//! The 基层政务公开事项标准目录 column of an organisation's portal: its published
//! catalogs, one per domain, in the published version.

use axum::extract::State;
use axum::response::Response;
use gongkai_app::PublishedCatalog;

use super::{crumbs_to, org_and_tree};
use crate::AppState;
use crate::error::PageError;
use crate::extract::Path;
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "portal/catalog.html")]
struct CatalogColumn {
    layout: Layout,
    org_name: String,
    catalogs: Vec<PublishedCatalog>,
}

pub async fn column(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if !super::has_platform(&org) {
        return Err(PageError::not_found());
    }
    let catalogs = state.app.published_catalogs(org.id).await?;
    let title = "基层政务公开事项标准目录";
    Ok(render(CatalogColumn {
        layout: crumbs_to(&ctx, title, &tree, &org)
            .crumb("政府信息公开", format!("/{}/xxgk/", org.slug))
            .crumb(title, ""),
        org_name: org.name.clone(),
        catalogs,
    }))
}
