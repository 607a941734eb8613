//! 开放数据 (`/kfsj/`): the bulk files, table by table, with their counts and SHA-256
//! sums and their fields; and the files themselves.

use axum::extract::{Path, State};
use axum::response::Response;
use gongkai_app::OpenDataset;
use gongkai_domain::channels::open_data::Table;

use crate::AppState;
use crate::error::PageError;
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "portal/open_data.html")]
struct OpenDataPage {
    layout: Layout,
    tables: Vec<(Table, Vec<OpenDataset>)>,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    Ok(render(OpenDataPage {
        layout: Layout::new(&ctx, "开放数据")
            .crumb("首页", "/")
            .crumb("开放数据", ""),
        tables: by_table(state.app.open_datasets().await?),
    }))
}

fn by_table(datasets: Vec<OpenDataset>) -> Vec<(Table, Vec<OpenDataset>)> {
    Table::ALL
        .into_iter()
        .map(|t| {
            let files = datasets
                .iter()
                .filter(|d| d.dataset.table == t)
                .cloned()
                .collect();
            (t, files)
        })
        .collect()
}

pub async fn file(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    let (dataset, bytes) = state.app.open_dataset_bytes(&file).await?;
    Ok(crate::respond::download(
        bytes,
        "application/gzip",
        &dataset.file(),
    ))
}
