//! 村(居)务公开 pages (seed 002 item 12): a village's three columns — 党务, 村务, 财务 —
//! each with its schedule and when it was last renewed, its published lists and
//! documents; a list as a table with its people masked; and the same list printed for
//! the notice board on A4 or A3.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::model::DocQuery;
use gongkai_app::villages::{ColumnStatus, PublicVillageList, totals_row};

use super::{DocRow, crumbs_to, org_and_tree, record_number, rows};
use crate::AppState;
use crate::error::PageError;
use crate::extract::Path;
use crate::layout::{Ctx, Layout};
use crate::pdf::notice_board::{self, Size};
use crate::respond::{download, render};

pub struct ColumnView {
    pub status: ColumnStatus,
    pub lists: Vec<PublicVillageList>,
    pub docs: Vec<DocRow>,
}

#[derive(askama::Template)]
#[template(path = "portal/village_affairs.html")]
struct VillagePage {
    layout: Layout,
    name: String,
    intro: String,
    township: (String, String),
    base: String,
    columns: Vec<ColumnView>,
}

pub async fn village(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((township, village)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let v = state.app.public_village(&township, &village).await?;
    let (_, tree) = org_and_tree(&state, &village).await?;
    let mut columns = Vec::new();
    for (status, lists) in v.columns {
        let cats: Vec<String> = status
            .column
            .categories()
            .iter()
            .map(|c| (*c).to_owned())
            .collect();
        let mut docs = Vec::new();
        for cat in cats {
            let (d, _) = state
                .app
                .public_documents(DocQuery {
                    org_ids: Some(vec![v.village.id]),
                    category: Some(cat),
                    limit: 10,
                    ..Default::default()
                })
                .await?;
            docs.extend(rows(&d));
        }
        docs.sort_by(|a, b| b.date.cmp(&a.date));
        columns.push(ColumnView {
            status,
            lists,
            docs,
        });
    }
    let layout = crumbs_to(
        &ctx,
        &format!("{}村务公开", v.village.name),
        &tree,
        &v.village,
    )
    .crumb("村（居）务公开", "");
    Ok(render(VillagePage {
        layout,
        base: format!("/{}/cwgk/{}/", v.township.slug, v.village.slug),
        township: (format!("/{}/cwgk/", v.township.slug), v.township.name),
        intro: v.village.intro.clone(),
        name: v.village.name,
        columns,
    }))
}

/// A village's own home is its 村务公开 page.
pub fn home(
    tree: &gongkai_app::OrgTree,
    village: &gongkai_app::model::Org,
) -> Result<Response, PageError> {
    let township = village
        .parent_id
        .and_then(|p| tree.get(p))
        .ok_or_else(PageError::not_found)?;
    Ok(Redirect::to(&format!("/{}/cwgk/{}/", township.slug, village.slug)).into_response())
}

#[derive(askama::Template)]
#[template(path = "portal/village_list.html")]
struct ListPage {
    layout: Layout,
    l: PublicVillageList,
    closing: Vec<String>,
    totals: Option<Vec<String>>,
    base: String,
}

async fn list_of(
    state: &AppState,
    township: &str,
    village: &str,
    id: &str,
) -> Result<PublicVillageList, PageError> {
    Ok(state
        .app
        .public_village_list(township, village, record_number(id)?)
        .await?)
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((township, village, id)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let l = list_of(&state, &township, &village, &id).await?;
    let (org, tree) = org_and_tree(&state, &village).await?;
    let base = format!("/{township}/cwgk/{village}/");
    let layout = crumbs_to(&ctx, &l.title, &tree, &org)
        .crumb("村（居）务公开", base.clone())
        .crumb(l.title.clone(), "");
    Ok(render(ListPage {
        layout,
        closing: notice_board::closing(&l),
        totals: totals_row(&l.rows, &l.totals),
        base: format!("{base}md/{}", l.id),
        l,
    }))
}

/// The list for the notice board: `a4.pdf` or `a3.pdf`.
pub async fn board(
    State(state): State<AppState>,
    Path((township, village, id, file)): Path<(String, String, String, String)>,
) -> Result<Response, PageError> {
    let size = file
        .strip_suffix(".pdf")
        .and_then(Size::parse)
        .ok_or_else(PageError::not_found)?;
    let l = list_of(&state, &township, &village, &id).await?;
    let filename = format!(
        "{}（公开栏{}）.pdf",
        l.title,
        file.trim_end_matches(".pdf").to_uppercase()
    );
    let bytes = crate::pdf::make(move || notice_board::pdf(&l, size)).await?;
    Ok(download(bytes, "application/pdf", &filename))
}
