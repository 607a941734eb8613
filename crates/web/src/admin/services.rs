//! 办事指南 in the back office: each organisation's guides with their completeness and
//! the ones published late, writing and changing a guide (a change is published with
//! its approval date), its forms and samples, its personal data, and the import of an
//! existing service list from .xlsx.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::pii_review::PiiReview;
use gongkai_app::services::{Completeness, FILE_ROLES, ServiceInput, ServiceView, file_role_label};
use gongkai_app::{App, AppError, AttachmentUpload};
use gongkai_domain::Invalid;
use gongkai_domain::service::{Audience, Theme};

use super::pii::PiiForm;
use super::{CsrfQuery, Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Fields, Path, Query, Upload};
use crate::form::{Choice, choices};
use crate::layout::{Ctx, Layout};
use crate::respond::{download, render};

#[derive(askama::Template)]
#[template(path = "admin/services.html")]
struct ListPage {
    layout: Layout,
    flash: &'static str,
    csrf: String,
    completeness: Vec<Completeness>,
    late: Vec<ServiceView>,
    items: Vec<ServiceView>,
    orgs: Vec<Choice>,
    errors: Vec<Invalid>,
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    flash_code: &str,
    errors: Vec<Invalid>,
) -> Result<Response, PageError> {
    let items = state.app.staff_services(&staff.actor).await?;
    let orgs = state.app.keeper_orgs(&staff.actor, true).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(ListPage {
        layout: staff_layout(ctx, staff, "办事指南"),
        flash: flash(flash_code),
        csrf: staff.csrf.clone(),
        completeness: App::service_completeness(&items),
        late: items.iter().filter(|v| v.late).cloned().collect(),
        orgs: choices(orgs, ""),
        items,
        errors,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    list_page(&state, &ctx, &staff, &done.done, Vec::new()).await
}

/// An existing service list from .xlsx, as drafts; every wrong row reported.
pub async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<CsrfQuery>,
    form: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let Some(file) = form.file("file") else {
        let e = vec![Invalid::new("file", "请选择要导入的 .xlsx 文件")];
        return list_page(&state, &ctx, &staff, "", e).await;
    };
    match state
        .app
        .import_services(&staff.actor, form.fields.get("org"), &file.bytes)
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/services?done=imported").into_response()),
        Err(AppError::Invalid(e)) => list_page(&state, &ctx, &staff, "", e).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "admin/service_form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    action: String,
    csrf: String,
    is_new: bool,
    was_published: bool,
    orgs: Vec<Choice>,
    audiences: Vec<Choice>,
    themes: Vec<(Choice, &'static str)>,
    f: ServiceInput,
    errors: Vec<Invalid>,
}

impl FormPage {
    fn error(&self, field: &str) -> String {
        crate::form::field_error(&self.errors, field)
    }
}

/// The form's fields; themes are ticked boxes sent under one name.
fn input_from(f: &Fields) -> ServiceInput {
    let g = |k: &str| f.get(k).to_owned();
    ServiceInput {
        org: g("org"),
        code: g("code"),
        name: g("name"),
        audience: g("audience"),
        themes: f.all("themes").into_iter().map(str::to_owned).collect(),
        basis: g("basis"),
        office: g("office"),
        steps: g("steps"),
        materials: g("materials"),
        mistakes: g("mistakes"),
        fees: g("fees"),
        fee_basis: g("fee_basis"),
        time_limit: g("time_limit"),
        place: g("place"),
        hours: g("hours"),
        phone: g("phone"),
        complaint_phone: g("complaint_phone"),
        online_url: g("online_url"),
        approved_on: g("approved_on"),
    }
}

fn input_of(v: &ServiceView) -> ServiceInput {
    let f = &v.service.fields;
    ServiceInput {
        org: v.org.slug.clone(),
        code: f.code.clone(),
        name: f.name.clone(),
        audience: f
            .audience
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default(),
        themes: v.themes.iter().map(|t| t.as_str().to_owned()).collect(),
        basis: f.basis.clone(),
        office: f.office.clone(),
        steps: f.steps.clone(),
        materials: f.materials.clone(),
        mistakes: f.mistakes.clone(),
        fees: f.fees.clone(),
        fee_basis: f.fee_basis.clone(),
        time_limit: f.time_limit.clone(),
        place: f.place.clone(),
        hours: f.hours.clone(),
        phone: f.phone.clone(),
        complaint_phone: f.complaint_phone.clone(),
        online_url: f.online_url.clone(),
        approved_on: f.approved_on.map(|d| d.to_string()).unwrap_or_default(),
    }
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    id: Option<i64>,
    was_published: bool,
    f: ServiceInput,
    errors: Vec<Invalid>,
) -> Result<Response, PageError> {
    let orgs = state.app.keeper_orgs(&staff.actor, true).await?;
    let heading = if id.is_some() {
        "修改办事指南"
    } else {
        "新建办事指南"
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let themes = Theme::ALL
        .iter()
        .map(|t| {
            let ticked = f.themes.iter().any(|x| x == t.as_str());
            (
                Choice {
                    value: t.as_str().into(),
                    label: t.label().into(),
                    selected: ticked,
                },
                t.audience().label(),
            )
        })
        .collect();
    let mut r = render(FormPage {
        layout: staff_layout(ctx, staff, heading)
            .crumb("办事指南", "/admin/services")
            .crumb(heading, ""),
        heading: heading.into(),
        action: match id {
            Some(id) => format!("/admin/services/{id}/edit"),
            None => "/admin/services/new".into(),
        },
        csrf: staff.csrf.clone(),
        is_new: id.is_none(),
        was_published,
        orgs: choices(orgs, &f.org),
        audiences: choices(
            Audience::ALL
                .iter()
                .map(|a| (a.as_str(), a.label().to_owned())),
            &f.audience,
        ),
        themes,
        f,
        errors,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
) -> Result<Response, PageError> {
    let f = ServiceInput {
        fees: "不收费".into(),
        approved_on: state.app.today().to_string(),
        ..Default::default()
    };
    form_page(&state, &ctx, &staff, None, false, f, Vec::new()).await
}

async fn save(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    id: Option<i64>,
    f: &Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    let input = input_from(f);
    let publish = f.get("publish") == "1";
    match state
        .app
        .save_service(&staff.actor, id, &input, publish)
        .await
    {
        Ok(sid) => Ok(Redirect::to(&format!(
            "/admin/services/{sid}?done={}",
            if publish { "published" } else { "saved" }
        ))
        .into_response()),
        Err(AppError::Invalid(errors)) => {
            let was_published = match id {
                Some(id) => state
                    .app
                    .service_view(&staff.actor, id)
                    .await?
                    .0
                    .service
                    .published_on
                    .is_some(),
                None => false,
            };
            form_page(state, ctx, staff, id, was_published, input, errors).await
        }
        Err(AppError::Conflict(m)) => {
            form_page(
                state,
                ctx,
                staff,
                id,
                false,
                input,
                vec![Invalid::new("name", m)],
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    f: Fields,
) -> Result<Response, PageError> {
    save(&state, &ctx, &staff, None, &f).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (v, _, _) = state.app.service_view(&staff.actor, id).await?;
    let mut f = input_of(&v);
    if v.service.published_on.is_some() {
        // A change is approved anew: the date of today's approval, by default.
        f.approved_on = state.app.today().to_string();
    }
    form_page(
        &state,
        &ctx,
        &staff,
        Some(id),
        v.service.published_on.is_some(),
        f,
        Vec::new(),
    )
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    save(&state, &ctx, &staff, Some(id), &f).await
}

#[derive(askama::Template)]
#[template(path = "admin/service.html")]
struct ViewPage {
    layout: Layout,
    flash: &'static str,
    csrf: String,
    v: ServiceView,
    may_edit: bool,
    missing: String,
    files: Vec<(i64, String, &'static str)>,
    roles: Vec<Choice>,
    pii: PiiForm,
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let (v, review, may_edit): (ServiceView, PiiReview, bool) =
        state.app.service_view(&staff.actor, id).await?;
    Ok(render(ViewPage {
        layout: staff_layout(&ctx, &staff, &v.service.fields.name)
            .crumb("办事指南", "/admin/services")
            .crumb(v.service.fields.name.clone(), ""),
        flash: flash(&done.done),
        csrf: staff.csrf.clone(),
        missing: v
            .missing
            .iter()
            .map(|e| e.label())
            .collect::<Vec<_>>()
            .join("、"),
        files: v
            .files
            .iter()
            .map(|f| (f.id, f.filename.clone(), file_role_label(&f.role)))
            .collect(),
        roles: choices(FILE_ROLES.iter().map(|(r, l)| (*r, (*l).to_owned())), ""),
        pii: PiiForm::new(&review, format!("/admin/services/{id}/pii"), may_edit),
        may_edit,
        v,
    }))
}

pub async fn add_file(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<CsrfQuery>,
    form: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let back = format!("/admin/services/{id}");
    let role = form.fields.get("role").to_owned();
    let Some(file) = form.file("file") else {
        return Err(PageError::back_to(
            Invalid::new("file", "请选择要上传的文件").into(),
            "办事指南",
            &back,
        ));
    };
    let up = AttachmentUpload {
        filename: file.filename.clone(),
        bytes: file.bytes.clone(),
    };
    state
        .app
        .add_service_file(&staff.actor, id, &role, &up)
        .await
        .map_err(|e| PageError::back_to(e, "办事指南", &back))?;
    Ok(Redirect::to(&format!("{back}?done=uploaded")).into_response())
}

pub async fn remove_file(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, file)): Path<(i64, i64)>,
    f: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    let back = format!("/admin/services/{id}");
    state
        .app
        .remove_service_file(&staff.actor, id, file)
        .await
        .map_err(|e| PageError::back_to(e, "办事指南", &back))?;
    Ok(Redirect::to(&format!("{back}?done=deleted")).into_response())
}

pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (f, bytes) = state.app.service_file(Some(&staff.actor), id, file).await?;
    Ok(download(bytes, &f.content_type, &f.filename))
}
