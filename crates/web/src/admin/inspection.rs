//! 网站检查: the supervising office inspects a unit and those under it by the 19号
//! rules, sees the ranking and each finding with its page, and keeps the points table.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, Inspection, SavedInspection, Trend};
use gongkai_domain::Invalid;
use gongkai_domain::category::{CATEGORIES, Category, Scope};
use gongkai_domain::inspection::{ColumnKind, ColumnKinds, Rule};
use gongkai_domain::role::Role;
use serde::Deserialize;

use super::{flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/inspection.html")]
struct InspectionPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    run: Inspection,
    /// The organisations the staff member may inspect, as (slug, name).
    orgs: Vec<(String, String)>,
    points_text: String,
    errors: Vec<Invalid>,
    rules: &'static [Rule],
    trend: Trend,
    may_set_points: bool,
    /// Every column a unit's platform can have, with the kind it is inspected as.
    columns: Vec<(&'static Category, ColumnKind)>,
    kinds: &'static [ColumnKind],
}

impl InspectionPage {
    fn is_kind(&self, a: &ColumnKind, b: &ColumnKind) -> bool {
        a == b
    }
    fn vetoes(&self, i: &usize) -> usize {
        self.run.units[*i]
            .findings
            .iter()
            .filter(|f| f.veto)
            .count()
    }
    fn deduction(&self, r: &Rule) -> String {
        self.run
            .table
            .deductions
            .get(r)
            .map_or_else(|| "0 / 0".into(), |d| format!("{} / {}", d.each, d.cap))
    }
}

#[derive(Deserialize, Default)]
pub struct InspectQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    done: String,
}

/// Units the staff member may inspect: where they are a supervisor or an
/// administrator (and everything for a platform administrator).
async fn inspectable(state: &AppState, staff: &Staff) -> Result<Vec<(String, String)>, PageError> {
    let tree = state.app.org_tree().await?;
    Ok(tree
        .all()
        .iter()
        .filter(|o| o.level != gongkai_domain::org::OrgLevel::Village)
        .filter(|o| {
            staff.actor.is_platform_admin()
                || staff.actor.holds_any(
                    &[Role::Supervisor, Role::OrgAdmin],
                    &tree.ancestry_ids(o.id),
                )
        })
        .map(|o| (o.slug.clone(), o.name.clone()))
        .collect())
}

async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    org: &str,
    points: Option<(String, Vec<Invalid>)>,
    done: &str,
) -> Result<Response, PageError> {
    let orgs = inspectable(state, staff).await?;
    let Some(first) = orgs.first() else {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "网站检查须由政务公开办（监督）或单位管理员进行。",
        ));
    };
    let slug = if org.is_empty() {
        first.0.clone()
    } else {
        org.to_owned()
    };
    let run = state.app.inspect(&staff.actor, &slug, &[]).await?;
    let trend = state.app.inspection_trend(&staff.actor, &slug).await?;
    let (points_text, errors) = points.unwrap_or_else(|| (run.table.to_text(), Vec::new()));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(InspectionPage {
        layout: staff_layout(ctx, staff, "网站检查").crumb("网站检查", ""),
        csrf: staff.csrf.clone(),
        flash: flash(done),
        run,
        orgs,
        points_text,
        errors,
        rules: &Rule::ALL,
        trend,
        may_set_points: state.app.may_set_inspection_points(&staff.actor).await?,
        columns: {
            let kinds = state.app.column_kinds().await?;
            CATEGORIES
                .iter()
                .filter(|c| c.scope != Scope::Village)
                .map(|c| (c, kinds.of(c.code)))
                .collect()
        },
        kinds: &ColumnKind::ALL,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<InspectQuery>,
) -> Result<Response, PageError> {
    page_with(&state, &ctx, &staff, &q.org, None, &q.done).await
}

#[derive(Deserialize)]
pub struct PointsForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    points: String,
}

pub async fn set_points(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<PointsForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state
        .app
        .set_inspection_points(&staff.actor, &f.points)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/admin/inspection?org={}&done=saved",
            crate::util::enc(&f.org)
        ))
        .into_response()),
        Err(AppError::Invalid(errors)) => {
            page_with(&state, &ctx, &staff, &f.org, Some((f.points, errors)), "").await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    org: String,
}

/// Saves today's results, each finding open for rectification.
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<SaveForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    // Refused before the walk, so nobody without the role can make the server walk.
    state.app.inspected_org(&staff.actor, &f.org).await?;
    let walk = crate::crawl::walk(&state.app, &f.org).await?;
    let id = state
        .app
        .save_inspection(&staff.actor, &f.org, &walk.broken)
        .await?;
    Ok(Redirect::to(&format!("/admin/inspections/{id}?done=created")).into_response())
}

#[derive(askama::Template)]
#[template(path = "admin/inspection_run.html")]
struct RunPage {
    layout: Layout,
    flash: &'static str,
    saved: SavedInspection,
}

impl RunPage {
    fn org_name(&self, id: &i64) -> &str {
        self.saved
            .units
            .iter()
            .find(|(o, _)| o.id == *id)
            .map_or("", |(o, _)| o.name.as_str())
    }
}

pub async fn saved(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    crate::extract::Path(id): crate::extract::Path<i64>,
    Query(q): Query<InspectQuery>,
) -> Result<Response, PageError> {
    let saved = state.app.saved_inspection(&staff.actor, id).await?;
    let title = format!("{}检查记录", saved.run.run_on);
    Ok(render(RunPage {
        layout: staff_layout(&ctx, &staff, &title)
            .crumb(
                "网站检查",
                format!(
                    "/admin/inspection?org={}",
                    crate::util::enc(&saved.root.slug)
                ),
            )
            .crumb(&title, ""),
        flash: flash(&q.done),
        saved,
    }))
}

/// The saved inspection as a workbook: the ranking, and every finding with its
/// rectification, for the office's report to the government.
pub async fn saved_xlsx(
    State(state): State<AppState>,
    staff: Staff,
    crate::extract::Path(id): crate::extract::Path<i64>,
) -> Result<Response, PageError> {
    let saved = state.app.saved_inspection(&staff.actor, id).await?;
    let ranking: Vec<Vec<String>> = saved
        .units
        .iter()
        .map(|(org, s)| {
            vec![
                s.rank.to_string(),
                org.name.clone(),
                s.points.to_string(),
                if s.vetoed { "单项否决" } else { "合格" }.to_owned(),
            ]
        })
        .collect();
    let name = |id: i64| {
        saved
            .units
            .iter()
            .find(|(o, _)| o.id == id)
            .map_or(String::new(), |(o, _)| o.name.clone())
    };
    let findings: Vec<Vec<String>> = saved
        .findings
        .iter()
        .map(|f| {
            vec![
                f.id.to_string(),
                name(f.org_id),
                f.rule.label().to_owned(),
                if f.veto { "是" } else { "" }.to_owned(),
                f.detail.clone(),
                f.page.clone(),
                f.status.label().to_owned(),
                f.due_on.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let body = crate::xlsx::tables(&[
        ("排名", &["名次", "单位", "得分", "结论"], &ranking),
        (
            "问题清单",
            &[
                "编号",
                "单位",
                "检查项",
                "单项否决",
                "情况",
                "页面",
                "整改状态",
                "整改期限",
            ],
            &findings,
        ),
    ])
    .map_err(crate::xlsx::failed)?;
    Ok(crate::respond::xlsx(
        body,
        &format!("{}网站检查{}.xlsx", saved.root.name, saved.run.run_on),
    ))
}

/// Sets each column's kind from the form's selects (`kind-{code}`).
pub async fn set_kinds(
    State(state): State<AppState>,
    staff: Staff,
    form: crate::extract::Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(form.get("_csrf"))?;
    let mut kinds = ColumnKinds::default();
    for c in CATEGORIES.iter().filter(|c| c.scope != Scope::Village) {
        let raw = form.get(&format!("kind-{}", c.code));
        if raw.is_empty() {
            continue;
        }
        let kind: ColumnKind = raw
            .parse()
            .map_err(|e: Invalid| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, e.message))?;
        kinds.set(c.code, kind);
    }
    state.app.set_column_kinds(&staff.actor, &kinds).await?;
    Ok(Redirect::to(&format!(
        "/admin/inspection?org={}&done=saved#kinds-h",
        crate::util::enc(form.get("org"))
    ))
    .into_response())
}

/// The saved inspection as a PDF report.
pub async fn saved_pdf(
    State(state): State<AppState>,
    staff: Staff,
    crate::extract::Path(id): crate::extract::Path<i64>,
) -> Result<Response, PageError> {
    let saved = state.app.saved_inspection(&staff.actor, id).await?;
    let filename = format!("{}网站检查{}.pdf", saved.root.name, saved.run.run_on);
    let bytes = crate::pdf::make(move || crate::pdf::inspection::pdf(&saved)).await?;
    Ok(crate::respond::download(
        bytes,
        "application/pdf",
        &filename,
    ))
}
