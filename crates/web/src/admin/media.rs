//! 政务新媒体 in the back office: a unit's keepers register an account on its
//! approval, record when it last posted, and merge or close it on an approval.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, MediaAccount, MediaChangeInput};
use gongkai_domain::Invalid;
use gongkai_domain::media::{Change, Platform, RawAccount};
use serde::Deserialize;

use super::{Done, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/media.html")]
struct MediaPage {
    layout: Layout,
    csrf: String,
    flash: String,
    accounts: Vec<MediaAccount>,
    /// Units the staff member keeps, as (slug, name).
    orgs: Vec<(String, String)>,
    raw: RawAccount,
    org: String,
    errors: Vec<Invalid>,
    platforms: &'static [Platform],
}

impl MediaPage {
    fn picked(&self, p: &Platform) -> bool {
        self.raw.platform == p.as_str()
    }
}

#[allow(clippy::too_many_arguments)]
async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    org: String,
    raw: RawAccount,
    errors: Vec<Invalid>,
    flash: String,
) -> Result<Response, PageError> {
    let kept = state.app.keeps_media(&staff.actor).await?;
    if kept.is_empty() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "政务新媒体账号由各单位的信息公开专员或管理员登记。",
        ));
    }
    let ids: Vec<i64> = kept.iter().map(|o| o.id).collect();
    let accounts = state
        .app
        .media_accounts()
        .await?
        .into_iter()
        .filter(|a| ids.contains(&a.account.org_id))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(MediaPage {
        layout: staff_layout(ctx, staff, "政务新媒体").crumb("政务新媒体", ""),
        csrf: staff.csrf.clone(),
        flash,
        accounts,
        orgs: kept.into_iter().map(|o| (o.slug, o.name)).collect(),
        raw,
        org,
        errors,
        platforms: Platform::ALL,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    let flash = super::flash(&d.done).to_owned();
    page_with(
        &state,
        &ctx,
        &staff,
        String::new(),
        RawAccount::default(),
        Vec::new(),
        flash,
    )
    .await
}

#[derive(Deserialize)]
pub struct OpenForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    org: String,
    #[serde(flatten)]
    raw: RawAccount,
}

pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<OpenForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state
        .app
        .open_media_account(&staff.actor, &f.org, &f.raw)
        .await
    {
        Ok((_, None)) => Ok(Redirect::to("/admin/media?done=created").into_response()),
        // Saved, with the warning shown on the list.
        Ok((_, Some(warning))) => {
            page_with(
                &state,
                &ctx,
                &staff,
                String::new(),
                RawAccount::default(),
                Vec::new(),
                format!("已登记。{warning}"),
            )
            .await
        }
        Err(AppError::Invalid(errors)) => {
            page_with(&state, &ctx, &staff, f.org, f.raw, errors, String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    /// `post` (record the last post), `merge` or `close`.
    #[serde(default)]
    change: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    approved_by: String,
    #[serde(default)]
    approval: String,
    #[serde(default)]
    into: String,
    #[serde(default)]
    note: String,
}

pub async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ChangeForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let result = if f.change == "post" {
        state.app.record_media_post(&staff.actor, id, &f.on).await
    } else {
        f.change.parse::<Change>().map_err(AppError::from)?;
        let input = MediaChangeInput {
            change: f.change,
            approved_by: f.approved_by,
            approval: f.approval,
            on: f.on,
            into: f.into,
            note: f.note,
        };
        state
            .app
            .change_media_account(&staff.actor, id, &input)
            .await
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/media?done=saved").into_response()),
        Err(AppError::Invalid(errors)) => {
            page_with(
                &state,
                &ctx,
                &staff,
                String::new(),
                RawAccount::default(),
                errors,
                String::new(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
