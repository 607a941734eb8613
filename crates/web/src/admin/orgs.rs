//! Organisation administration.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, RawOrg};
use gongkai_domain::Invalid;
use gongkai_domain::org::OrgLevel;
use serde::Deserialize;

use super::{Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

pub struct OrgLine {
    id: i64,
    name: String,
    slug: String,
    level: &'static str,
    depth: usize,
    may_admin: bool,
}

#[derive(askama::Template)]
#[template(path = "admin/orgs.html")]
struct OrgsPage {
    layout: Layout,
    lines: Vec<OrgLine>,
    may_add_root: bool,
    flash: &'static str,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let visible = state.app.visible_org_ids(&staff.actor).await?;
    let mut lines = Vec::new();
    let mut stack: Vec<i64> = tree.roots().iter().rev().map(|o| o.id).collect();
    while let Some(id) = stack.pop() {
        let Some(o) = tree.get(id) else { continue };
        if visible.contains(&id) {
            lines.push(OrgLine {
                id,
                name: o.name.clone(),
                slug: o.slug.clone(),
                level: o.level.label(),
                depth: tree.depth(id),
                may_admin: staff.actor.may_administer(&tree.ancestry_ids(id)),
            });
        }
        stack.extend(tree.children(id).iter().rev().map(|c| c.id));
    }
    Ok(render(OrgsPage {
        layout: staff_layout(&ctx, &staff, "机构管理").crumb("机构管理", ""),
        lines,
        may_add_root: staff.actor.is_platform_admin(),
        flash: flash(&d.done),
    }))
}

#[derive(askama::Template)]
#[template(path = "admin/org_form.html")]
struct OrgForm {
    layout: Layout,
    heading: String,
    action: String,
    csrf: String,
    parent_name: String,
    raw: RawOrg,
    levels: Vec<(&'static str, &'static str, bool)>,
    errors: Vec<Invalid>,
    flash: &'static str,
    /// On an existing organisation: its id and whether it has a seal image.
    seal: Option<(i64, bool)>,
}

/// The organisation being edited, for its seal section.
async fn seal_slot(state: &AppState, id: i64) -> Result<Option<(i64, bool)>, PageError> {
    let tree = state.app.org_tree().await?;
    let Some(org) = tree.get(id) else {
        return Ok(None);
    };
    let has = state
        .app
        .site_image(&gongkai_app::SiteImage::Seal(org.slug.clone()))
        .await?
        .is_some();
    Ok(Some((id, has)))
}

#[allow(clippy::too_many_arguments)]
fn form(
    ctx: &Ctx,
    staff: &Staff,
    heading: &str,
    action: String,
    parent_name: String,
    raw: RawOrg,
    errors: Vec<Invalid>,
    flash_code: &str,
    seal: Option<(i64, bool)>,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(OrgForm {
        layout: staff_layout(ctx, staff, heading)
            .crumb("机构管理", "/admin/orgs")
            .crumb(heading, ""),
        heading: heading.to_owned(),
        action,
        csrf: staff.csrf.clone(),
        parent_name,
        levels: OrgLevel::ALL
            .iter()
            .map(|l| (l.as_str(), l.label(), l.as_str() == raw.level))
            .collect(),
        raw,
        errors,
        flash: flash(flash_code),
        seal,
    });
    *r.status_mut() = status;
    r
}

#[derive(Deserialize, Default)]
pub struct ParentQuery {
    #[serde(default)]
    parent: String,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<ParentQuery>,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let parent = q.parent.parse::<i64>().ok().and_then(|p| tree.get(p));
    let name = parent.map_or("（顶级机构）".into(), |p| p.name.clone());
    let action = format!(
        "/admin/orgs/new?parent={}",
        parent.map(|p| p.id.to_string()).unwrap_or_default()
    );
    let raw = RawOrg {
        level: if parent.is_some() {
            "department".into()
        } else {
            "county".into()
        },
        ..Default::default()
    };
    Ok(form(
        &ctx,
        &staff,
        "新增机构",
        action,
        name,
        raw,
        Vec::new(),
        "",
        None,
    ))
}

#[derive(Deserialize)]
pub struct OrgFormData {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(flatten)]
    raw: RawOrg,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<ParentQuery>,
    Form(f): Form<OrgFormData>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let parent: Option<i64> = q.parent.parse().ok();
    let errors = match state.app.create_org(&staff.actor, parent, &f.raw).await {
        Ok(_) => return Ok(Redirect::to("/admin/orgs?done=created").into_response()),
        Err(e) => field_errors(e)?,
    };
    let tree = state.app.org_tree().await?;
    let name = parent
        .and_then(|p| tree.get(p))
        .map_or("（顶级机构）".into(), |p| p.name.clone());
    let action = format!("/admin/orgs/new?parent={}", q.parent);
    Ok(form(
        &ctx,
        &staff,
        "新增机构",
        action,
        name,
        f.raw,
        errors,
        "",
        None,
    ))
}

/// Problems the form shows beside the fields; anything else is an error page.
fn field_errors(e: AppError) -> Result<Vec<Invalid>, PageError> {
    match e {
        AppError::Invalid(v) => Ok(v),
        // Slug and 索引号 code are the organisation's unique values.
        AppError::Conflict(m) => {
            let field = if m.contains("索引号") {
                "index_code"
            } else {
                "slug"
            };
            Ok(vec![Invalid::new(field, m)])
        }
        e => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let org = tree.get(id).ok_or_else(PageError::not_found)?;
    if !staff.actor.may_administer(&tree.ancestry_ids(id)) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            format!("您没有修改“{}”的权限", org.name),
        ));
    }
    let parent = org
        .parent_id
        .and_then(|p| tree.get(p))
        .map_or("（顶级机构）".into(), |p| p.name.clone());
    Ok(form(
        &ctx,
        &staff,
        "修改机构",
        format!("/admin/orgs/{id}"),
        parent,
        RawOrg::from_org(org),
        Vec::new(),
        &d.done,
        seal_slot(&state, id).await?,
    ))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<OrgFormData>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let errors = match state.app.update_org(&staff.actor, id, &f.raw).await {
        Ok(()) => return Ok(Redirect::to(&format!("/admin/orgs/{id}?done=saved")).into_response()),
        Err(e) => field_errors(e)?,
    };
    let tree = state.app.org_tree().await?;
    let parent = tree
        .get(id)
        .and_then(|o| o.parent_id)
        .and_then(|p| tree.get(p))
        .map_or("（顶级机构）".into(), |p| p.name.clone());
    Ok(form(
        &ctx,
        &staff,
        "修改机构",
        format!("/admin/orgs/{id}"),
        parent,
        f.raw,
        errors,
        "",
        seal_slot(&state, id).await?,
    ))
}
