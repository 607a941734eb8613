//! 政务新媒体 (`/xmt/`): every official account of the units on the site, with its
//! platform and id, so a citizen can tell an official account from an impostor;
//! merged and closed accounts are listed too, with when and into what.

use axum::extract::State;
use axum::response::Response;
use gongkai_app::MediaAccount;

use crate::AppState;
use crate::error::PageError;
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "portal/media.html")]
struct MediaPage {
    layout: Layout,
    open: Vec<MediaAccount>,
    ended: Vec<MediaAccount>,
}

impl MediaPage {
    fn name_of(&self, id: &Option<i64>) -> String {
        id.and_then(|id| {
            self.open
                .iter()
                .chain(&self.ended)
                .find(|a| a.account.id == id)
        })
        .map(|a| a.account.name.clone())
        .unwrap_or_default()
    }
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let (open, ended) = state
        .app
        .media_accounts()
        .await?
        .into_iter()
        .partition(|a| a.account.status == gongkai_domain::media::AccountStatus::Open);
    Ok(render(MediaPage {
        layout: Layout::new(&ctx, "政务新媒体")
            .crumb("首页", "/")
            .crumb("政务新媒体", ""),
        open,
        ended,
    }))
}
