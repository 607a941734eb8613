//! User administration: accounts, passwords and role grants.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::AppError;
use gongkai_app::model::{Grant, User};
use gongkai_domain::Invalid;
use gongkai_domain::role::Role;
use serde::Deserialize;

use super::{Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<(User, Vec<Grant>)>,
    may_create: bool,
    /// Showing stopped accounts too, and how many there are.
    all: bool,
    stopped: usize,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    all: String,
}

fn may_create(staff: &Staff) -> bool {
    staff.actor.is_platform_admin() || staff.actor.grants.iter().any(|g| g.role == Role::OrgAdmin)
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let mut users = state.app.visible_users(&staff.actor).await?;
    let stopped = users.iter().filter(|(u, _)| !u.active).count();
    // Stopped accounts (people who left, the import of old records) stay on file for
    // the audit trail, out of the daily list.
    let all = q.all == "1";
    if !all {
        users.retain(|(u, _)| u.active);
    }
    Ok(render(UsersPage {
        layout: staff_layout(&ctx, &staff, "人员管理").crumb("人员管理", ""),
        users,
        may_create: may_create(&staff),
        all,
        stopped,
    }))
}

#[derive(askama::Template)]
#[template(path = "admin/user_new.html")]
struct NewUserPage {
    layout: Layout,
    csrf: String,
    username: String,
    display_name: String,
    platform_admin_allowed: bool,
    errors: Vec<Invalid>,
    min_password: usize,
}

fn new_page(
    ctx: &Ctx,
    staff: &Staff,
    username: String,
    display_name: String,
    errors: Vec<Invalid>,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(NewUserPage {
        layout: staff_layout(ctx, staff, "新增人员")
            .crumb("人员管理", "/admin/users")
            .crumb("新增人员", ""),
        csrf: staff.csrf.clone(),
        username,
        display_name,
        platform_admin_allowed: staff.actor.is_platform_admin(),
        errors,
        min_password: gongkai_app::MIN_PASSWORD_CHARS,
    });
    *r.status_mut() = status;
    r
}

pub async fn new_form(ctx: Ctx, staff: Staff) -> Result<Response, PageError> {
    if !may_create(&staff) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "您没有新增人员的权限。",
        ));
    }
    Ok(new_page(
        &ctx,
        &staff,
        String::new(),
        String::new(),
        Vec::new(),
    ))
}

#[derive(Deserialize)]
pub struct NewUser {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    platform_admin: String,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<NewUser>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state
        .app
        .create_user(
            &staff.actor,
            &f.username,
            &f.display_name,
            &f.password,
            f.platform_admin == "1",
        )
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/admin/users/{id}?done=created")).into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(new_page(&ctx, &staff, f.username, f.display_name, errors))
        }
        Err(AppError::Conflict(m)) => Ok(new_page(
            &ctx,
            &staff,
            f.username,
            f.display_name,
            vec![Invalid::new("username", m)],
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    layout: Layout,
    csrf: String,
    user: User,
    grants: Vec<Grant>,
    orgs: Vec<(i64, String)>,
    roles: Vec<(&'static str, &'static str)>,
    flash: &'static str,
    platform_admin_allowed: bool,
    min_password: usize,
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    let visible = state.app.visible_users(&staff.actor).await?;
    let (user, grants) = match visible.into_iter().find(|(u, _)| u.id == id) {
        Some(x) => x,
        // Freshly created accounts have no grants yet and so are not "visible" to an
        // org admin through their subtree; show them to whoever may administer them.
        None => state
            .app
            .user_by_id(id)
            .await?
            .filter(|(_, g)| g.is_empty() && may_create(&staff))
            .ok_or_else(PageError::not_found)?,
    };
    let tree = state.app.org_tree().await?;
    let orgs = tree
        .all()
        .iter()
        .filter(|o| staff.actor.may_administer(&tree.ancestry_ids(o.id)))
        .map(|o| (o.id, o.name.clone()))
        .collect();
    Ok(render(UserPage {
        layout: staff_layout(&ctx, &staff, &user.display_name)
            .crumb("人员管理", "/admin/users")
            .crumb(user.username.clone(), ""),
        csrf: staff.csrf.clone(),
        user,
        grants,
        orgs,
        roles: Role::ALL
            .iter()
            .filter(|r| **r != Role::PlatformAdmin)
            .map(|r| (r.as_str(), r.label()))
            .collect(),
        flash: flash(&d.done),
        platform_admin_allowed: staff.actor.is_platform_admin(),
        min_password: gongkai_app::MIN_PASSWORD_CHARS,
    }))
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    active: String,
    #[serde(default)]
    platform_admin: String,
}

pub async fn profile(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ProfileForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state
        .app
        .set_user_profile(
            &staff.actor,
            id,
            &f.display_name,
            f.active == "1",
            f.platform_admin == "1",
        )
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=saved")).into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    password: String,
}

pub async fn password(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state
        .app
        .set_password(&staff.actor, id, &f.password)
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=password")).into_response())
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    role: String,
}

async fn change(
    state: &AppState,
    staff: &Staff,
    id: i64,
    f: &GrantForm,
    grant: bool,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let org: i64 = f
        .org
        .parse()
        .map_err(|_| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, "请选择机构"))?;
    let role: Role = f
        .role
        .parse()
        .map_err(|e: Invalid| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, e.message))?;
    if grant {
        state.app.grant_role(&staff.actor, id, org, role).await?;
    } else {
        state.app.revoke_role(&staff.actor, id, org, role).await?;
    }
    Ok(Redirect::to(&format!(
        "/admin/users/{id}?done={}",
        if grant { "granted" } else { "revoked" }
    ))
    .into_response())
}

pub async fn grant(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<GrantForm>,
) -> Result<Response, PageError> {
    change(&state, &staff, id, &f, true).await
}

pub async fn revoke(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<GrantForm>,
) -> Result<Response, PageError> {
    change(&state, &staff, id, &f, false).await
}
