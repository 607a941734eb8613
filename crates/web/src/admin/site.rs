//! The site's identity and images: the platform administrator names the site and
//! uploads its emblem; an organisation's administrator uploads its seal.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, SiteImage};
use gongkai_domain::Invalid;
use gongkai_domain::site::RawSiteIdentity;
use serde::Deserialize;

use super::{CsrfQuery, Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query, Upload};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/site.html")]
struct SitePage {
    layout: Layout,
    csrf: String,
    raw: RawSiteIdentity,
    errors: Vec<Invalid>,
    has_emblem: bool,
    flash: &'static str,
}

fn only_admin(staff: &Staff) -> Result<(), PageError> {
    if staff.actor.is_platform_admin() {
        Ok(())
    } else {
        Err(PageError::new(
            StatusCode::FORBIDDEN,
            "网站信息须由平台管理员设置。",
        ))
    }
}

async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    raw: Option<RawSiteIdentity>,
    errors: Vec<Invalid>,
    done: &str,
) -> Result<Response, PageError> {
    let site = state.app.site().await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(SitePage {
        layout: staff_layout(ctx, staff, "网站信息").crumb("网站信息", ""),
        csrf: staff.csrf.clone(),
        raw: raw.unwrap_or_else(|| RawSiteIdentity::from_identity(&site.identity)),
        errors,
        has_emblem: site.emblem.is_some(),
        flash: flash(done),
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    only_admin(&staff)?;
    page_with(&state, &ctx, &staff, None, Vec::new(), &d.done).await
}

#[derive(Deserialize)]
pub struct IdentityForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(flatten)]
    raw: RawSiteIdentity,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<IdentityForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    only_admin(&staff)?;
    match state.app.set_site_identity(&staff.actor, &f.raw).await {
        Ok(()) => Ok(Redirect::to("/admin/site?done=saved").into_response()),
        Err(AppError::Invalid(errors)) => {
            page_with(&state, &ctx, &staff, Some(f.raw), errors, "").await
        }
        Err(e) => Err(e.into()),
    }
}

/// Where an image's page is, to come back to after a change.
fn back_to(which: &SiteImage, org_id: Option<i64>) -> String {
    match (which, org_id) {
        (SiteImage::Seal(_), Some(id)) => format!("/admin/orgs/{id}"),
        _ => "/admin/site".into(),
    }
}

async fn seal_of(state: &AppState, id: i64) -> Result<SiteImage, PageError> {
    let tree = state.app.org_tree().await?;
    let org = tree.get(id).ok_or_else(PageError::not_found)?;
    Ok(SiteImage::Seal(org.slug.clone()))
}

async fn replace(
    state: &AppState,
    staff: &Staff,
    which: SiteImage,
    org_id: Option<i64>,
    csrf: &str,
    form: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(csrf)?;
    let back = back_to(&which, org_id);
    let file = form.file("image").ok_or_else(|| {
        PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "请选择图片文件（PNG或JPEG）。",
        )
    })?;
    state
        .app
        .set_site_image(&staff.actor, &which, &file.bytes)
        .await?;
    Ok(Redirect::to(&format!("{back}?done=image_saved")).into_response())
}

async fn remove(
    state: &AppState,
    staff: &Staff,
    which: SiteImage,
    org_id: Option<i64>,
    csrf: &str,
) -> Result<Response, PageError> {
    staff.check_csrf(csrf)?;
    state.app.remove_site_image(&staff.actor, &which).await?;
    Ok(Redirect::to(&format!("{}?done=image_removed", back_to(&which, org_id))).into_response())
}

pub async fn upload_emblem(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<CsrfQuery>,
    form: Upload,
) -> Result<Response, PageError> {
    replace(&state, &staff, SiteImage::Emblem, None, &q.csrf, form).await
}

pub async fn remove_emblem(
    State(state): State<AppState>,
    staff: Staff,
    Form(q): Form<CsrfQuery>,
) -> Result<Response, PageError> {
    remove(&state, &staff, SiteImage::Emblem, None, &q.csrf).await
}

pub async fn upload_seal(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<CsrfQuery>,
    form: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let which = seal_of(&state, id).await?;
    // A seal must be drawable in the letters' PDF, not just an image.
    if let Some(f) = form.file("image")
        && let Some(kind) = gongkai_domain::site::ImageKind::sniff(&f.bytes)
        && let Err(e) = crate::pdf::image::prepare(kind, &f.bytes)
    {
        return Err(PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            e.to_string(),
        ));
    }
    replace(&state, &staff, which, Some(id), &q.csrf, form).await
}

pub async fn remove_seal(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(q): Form<CsrfQuery>,
) -> Result<Response, PageError> {
    let which = seal_of(&state, id).await?;
    remove(&state, &staff, which, Some(id), &q.csrf).await
}

/// The seal as uploaded, for its organisation's administrators to check.
pub async fn seal(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    if !staff.actor.may_administer(&tree.ancestry_ids(id)) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "您没有查看该机构印章的权限。",
        ));
    }
    let which = seal_of(&state, id).await?;
    let img = state
        .app
        .site_image(&which)
        .await?
        .ok_or_else(PageError::not_found)?;
    let mut r = img.bytes.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(img.kind.content_type()),
    );
    Ok(r)
}
