//! The staff member's notifications: the list, opening one (which marks it read), and
//! marking them all read.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::NotificationView;

use super::staff_layout;
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/notifications.html")]
struct NotificationsPage {
    layout: Layout,
    csrf: String,
    items: Vec<NotificationView>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
) -> Result<Response, PageError> {
    let items = state.app.notifications(&staff.actor).await?;
    Ok(render(NotificationsPage {
        layout: staff_layout(&ctx, &staff, "通知").crumb("通知", ""),
        csrf: staff.csrf.clone(),
        items,
    }))
}

/// Opens a notification: marked read, then its record.
pub async fn open(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let target = state.app.open_notification(&staff.actor, id).await?;
    Ok(Redirect::to(&crate::util::target_href(&target)).into_response())
}

pub async fn read_all(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<super::CsrfQuery>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state.app.read_all_notifications(&staff.actor).await?;
    Ok(Redirect::to("/admin/notifications").into_response())
}
