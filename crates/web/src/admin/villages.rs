//! 村(居)务公开 in the back office, for township and village disclosure staff: the
//! columns overdue by their schedule, each column's schedule, the lists (entered by
//! pasting a table or importing .xlsx, every malformed row reported), a list's
//! personal data confirmed piece by piece, its publication and its notice-board print.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::AppError;
use gongkai_app::villages::{
    ColumnStatus, DEFAULT_NOTICE_DAYS, VillageListInput, VillageListView, totals_row,
};
use gongkai_domain::Invalid;
use gongkai_domain::village::{Column, ListKind, Schedule};

use super::pii::PiiForm;
use super::{CsrfQuery, Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Fields, Path, Query, Upload};
use crate::form::{Choice, choices};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

/// One line of the lists table.
pub struct ListRow {
    pub id: i64,
    pub title: String,
    pub village: String,
    pub kind: &'static str,
    pub published_on: Option<String>,
}

/// A village with a select per column for its schedule.
pub struct ScheduleRow {
    pub slug: String,
    pub name: String,
    pub columns: Vec<(Column, Vec<Choice>)>,
}

#[derive(askama::Template)]
#[template(path = "admin/villages.html")]
struct Page {
    layout: Layout,
    flash: &'static str,
    csrf: String,
    overdue: Vec<ColumnStatus>,
    schedules: Vec<ScheduleRow>,
    lists: Vec<ListRow>,
    villages: Vec<Choice>,
    kinds: Vec<Choice>,
    f: VillageListInput,
    errors: Vec<Invalid>,
}

impl Page {
    fn error(&self, field: &str) -> String {
        crate::form::field_error(&self.errors, field)
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    flash_code: &str,
    f: VillageListInput,
    errors: Vec<Invalid>,
) -> Result<Response, PageError> {
    let villages = state.app.kept_villages(&staff.actor).await?;
    let statuses = state.app.village_columns(&villages).await?;
    let lists = state.app.staff_village_lists(&staff.actor).await?;
    let name_of = |id: i64| {
        villages
            .iter()
            .find(|v| v.id == id)
            .map(|v| v.name.clone())
            .unwrap_or_default()
    };
    let schedules = villages
        .iter()
        .map(|v| ScheduleRow {
            slug: v.slug.clone(),
            name: v.name.clone(),
            columns: Column::ALL
                .iter()
                .map(|c| {
                    let current = statuses
                        .iter()
                        .find(|s| s.village_id == v.id && s.column == *c)
                        .map_or(c.default_schedule(), |s| s.schedule);
                    (
                        *c,
                        choices(
                            Schedule::ALL
                                .iter()
                                .map(|s| (s.as_str(), s.label().to_owned())),
                            current.as_str(),
                        ),
                    )
                })
                .collect(),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(Page {
        layout: staff_layout(ctx, staff, "村务公开"),
        flash: flash(flash_code),
        csrf: staff.csrf.clone(),
        overdue: statuses.into_iter().filter(|s| s.overdue).collect(),
        schedules,
        lists: lists
            .iter()
            .map(|l| ListRow {
                id: l.id,
                title: l.title.clone(),
                village: name_of(l.village_id),
                kind: l.kind.label(),
                published_on: l.published_on.map(|d| d.to_string()),
            })
            .collect(),
        villages: choices(
            villages.iter().map(|v| (v.slug.clone(), v.name.clone())),
            &f.village,
        ),
        kinds: choices(
            ListKind::ALL
                .iter()
                .map(|k| (k.as_str(), k.label().to_owned())),
            &f.kind,
        ),
        f,
        errors,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let f = VillageListInput {
        notice_days: DEFAULT_NOTICE_DAYS.to_string(),
        ..Default::default()
    };
    page(&state, &ctx, &staff, &done.done, f, Vec::new()).await
}

/// A new list from the form: the table pasted, or an .xlsx file.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<CsrfQuery>,
    form: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let f: VillageListInput = form.fields.parse()?;
    let file = form.file("file").map(|x| x.bytes.as_slice());
    match state.app.create_village_list(&staff.actor, &f, file).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/admin/villages/lists/{id}?done=created")).into_response())
        }
        Err(AppError::Invalid(errors)) => page(&state, &ctx, &staff, "", f, errors).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn schedule(
    State(state): State<AppState>,
    staff: Staff,
    f: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    for column in Column::ALL {
        let chosen = f.get(column.as_str());
        if chosen.is_empty() {
            continue;
        }
        state
            .app
            .set_village_schedule(&staff.actor, f.get("village"), column.as_str(), chosen)
            .await
            .map_err(|e| PageError::back_to(e, "村务公开", "/admin/villages"))?;
    }
    Ok(Redirect::to("/admin/villages?done=saved").into_response())
}

#[derive(askama::Template)]
#[template(path = "admin/village_list.html")]
struct ListPage {
    layout: Layout,
    flash: &'static str,
    csrf: String,
    v: VillageListView,
    totals: Option<Vec<String>>,
    public_href: String,
    pii: PiiForm,
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let v = state.app.village_list_view(&staff.actor, id).await?;
    let public_href = match &v.township {
        Some(t) => format!("/{}/cwgk/{}/md/{}", t.slug, v.village.slug, id),
        None => String::new(),
    };
    Ok(render(ListPage {
        layout: staff_layout(&ctx, &staff, &v.list.title)
            .crumb("村务公开", "/admin/villages")
            .crumb(v.list.title.clone(), ""),
        flash: flash(&done.done),
        csrf: staff.csrf.clone(),
        totals: totals_row(&v.list.table.rows, &v.totals),
        pii: PiiForm::new(
            &v.review,
            format!("/admin/villages/lists/{id}/pii"),
            v.may_act,
        ),
        public_href,
        v,
    }))
}

pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    let back = format!("/admin/villages/lists/{id}");
    state
        .app
        .publish_village_list(&staff.actor, id)
        .await
        .map_err(|e| PageError::back_to(e, "名单", &back))?;
    Ok(Redirect::to(&format!("{back}?done=published")).into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    state
        .app
        .remove_village_list(&staff.actor, id)
        .await
        .map_err(|e| PageError::back_to(e, "名单", &format!("/admin/villages/lists/{id}")))?;
    Ok(Redirect::to("/admin/villages?done=deleted").into_response())
}
