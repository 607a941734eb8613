//! The dashboard: what waits for me, the publication clocks, and (for supervisors
//! and administrators) every unit's figures.

use axum::extract::State;
use axum::response::Response;
use gongkai_app::model::DocumentSummary;
use gongkai_app::{DocClock, OrgClockSummary};
use gongkai_domain::publication::ClockStatus;

use super::staff_layout;
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::layout::{Ctx, Layout};
use crate::respond::render;

pub struct ClockRow {
    pub title: String,
    pub href: String,
    pub org: String,
    pub written: String,
    pub due: String,
    pub left: String,
    pub state: &'static str,
    pub provisional: bool,
}

impl From<&DocClock> for ClockRow {
    fn from(c: &DocClock) -> Self {
        Self {
            title: c.doc.title.clone(),
            href: format!("/admin/docs/{}", crate::util::enc(&c.doc.index_number)),
            org: c.doc.org_name.clone(),
            written: c.doc.written_on.to_string(),
            due: c.clock.due_on.to_string(),
            left: if c.clock.workdays_left < 0 {
                format!("超期{}个工作日", -c.clock.workdays_left)
            } else {
                format!("剩{}个工作日", c.clock.workdays_left)
            },
            state: c.doc.state.label(),
            provisional: c.clock.provisional,
        }
    }
}

pub struct TaskRow {
    pub title: String,
    pub href: String,
    pub org: String,
    pub state: &'static str,
}

impl From<&DocumentSummary> for TaskRow {
    fn from(d: &DocumentSummary) -> Self {
        Self {
            title: d.title.clone(),
            href: format!("/admin/docs/{}", crate::util::enc(&d.index_number)),
            org: d.org_name.clone(),
            state: d.state.label(),
        }
    }
}

/// An application whose reply is late or due within 5 working days.
pub struct CaseRow {
    pub tracking_number: String,
    pub href: String,
    pub subject: String,
    pub due: String,
    pub left: String,
    pub overdue: bool,
}

#[derive(askama::Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    cases: Vec<CaseRow>,
    layout: Layout,
    roles: Vec<String>,
    tasks: Vec<TaskRow>,
    overdue: Vec<ClockRow>,
    due_soon: Vec<ClockRow>,
    units: Vec<OrgClockSummary>,
    rereview: Vec<TaskRow>,
    today: String,
    /// The year whose holiday notice is missing, from 1 November on.
    calendar_year: Option<i32>,
    may_load_calendar: bool,
    messages: gongkai_app::MessageAlerts,
    /// Concerns whose response times are running or were missed.
    concerns: Vec<gongkai_app::ConcernView>,
    /// The gazettes the viewer publishes: (title, next issue in words).
    gazettes: Vec<(String, String)>,
    /// What the last audit of the gazette log found, for administrators and supervisors.
    gazette_problems: Vec<String>,
    /// Interpretations whose policy changed: (interpretation, its policy, what changed).
    interp_review: Vec<(TaskRow, String)>,
    /// Policies published without an interpretation though marked as needing one.
    uninterpreted: Vec<TaskRow>,
    /// Village columns overdue by their schedule, for the township's staff.
    villages_overdue: Vec<gongkai_app::villages::ColumnStatus>,
    /// Guides published later than 1 working day after their approval.
    late_guides: Vec<gongkai_app::services::ServiceView>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &staff.actor;
    let tasks = app
        .my_tasks(actor)
        .await?
        .into_iter()
        .map(|t| TaskRow {
            href: crate::util::target_href(&t.target),
            title: t.title,
            org: t.org_name,
            state: t.what,
        })
        .collect();
    let visible = app.visible_org_ids(actor).await?;
    let clocks = app.publication_clocks(&visible).await?;
    let overdue = clocks
        .iter()
        .filter(|c| c.clock.status == ClockStatus::Overdue)
        .map(ClockRow::from)
        .collect();
    let due_soon = clocks
        .iter()
        .filter(|c| c.clock.status == ClockStatus::DueSoon)
        .map(ClockRow::from)
        .collect();
    let sees_units =
        actor.is_platform_admin() || actor.grants.iter().any(|g| g.role.covers_subtree());
    let units = if sees_units {
        let tree = app.org_tree().await?;
        let orgs: Vec<_> = visible
            .iter()
            .filter_map(|id| tree.get(*id).cloned())
            .collect();
        app.clock_summary(&orgs).await?
    } else {
        Vec::new()
    };
    let rereview = app
        .rereview_list(&visible)
        .await?
        .iter()
        .map(TaskRow::from)
        .collect();
    let mut roles: Vec<String> = actor
        .grants
        .iter()
        .map(|g| format!("{}·{}", g.org_name, g.role.label()))
        .collect();
    if actor.is_platform_admin() {
        roles.insert(0, "平台管理员".into());
    }
    let cases = app
        .staff_applications(actor, true)
        .await?
        .into_iter()
        .filter(|(_, c)| c.status != ClockStatus::OnTime)
        .map(|(a, c)| CaseRow {
            href: format!(
                "/admin/applications/{}",
                crate::util::enc(&a.tracking_number)
            ),
            subject: a.request.headline_short(40),
            tracking_number: a.tracking_number,
            due: c
                .due_on
                .map_or_else(|| c.state.label().to_owned(), |d| d.to_string()),
            left: if c.left < 0 {
                format!("超期{}个工作日", -c.left)
            } else {
                format!("剩{}个工作日", c.left)
            },
            overdue: c.status == ClockStatus::Overdue,
        })
        .collect();
    let messages = app.message_alerts(actor).await?;
    let gazettes = app
        .editable_gazettes(actor)
        .await?
        .into_iter()
        .map(|(_, title, (y, n, t))| (title, format!("{y}年第{n}期（总第{t}期）")))
        .collect();
    let gazette_problems = if sees_units {
        app.last_gazette_audit()
            .map(|a| a.problems)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let concerns = app
        .staff_concerns(actor)
        .await?
        .into_iter()
        .filter(|c| {
            c.checks
                .iter()
                .any(|k| k.met_after_minutes.is_none() || k.met_late)
        })
        .collect();
    let it = app.interpretation_tasks(actor).await?;
    let interp_review = it
        .to_review
        .iter()
        .map(|p| {
            let change = if p.policy.validity == gongkai_domain::validity::Validity::Valid {
                "政策文件已修改内容".to_owned()
            } else {
                format!("政策文件{}", p.policy.validity.label())
            };
            (
                TaskRow {
                    href: format!(
                        "/admin/docs/{}",
                        crate::util::enc(&p.interpretation.index_number)
                    ),
                    title: p.interpretation.title.clone(),
                    org: p.interpretation.org_name.clone(),
                    state: p.form.label(),
                },
                format!("{change}：{}", p.policy.title),
            )
        })
        .collect();
    let uninterpreted = it.policies_without.iter().map(TaskRow::from).collect();
    let villages_overdue = app.overdue_village_columns(actor).await?;
    let late_guides = app.late_guides(actor).await?;
    Ok(render(DashboardPage {
        villages_overdue,
        late_guides,
        interp_review,
        uninterpreted,
        messages,
        concerns,
        gazettes,
        gazette_problems,
        cases,
        layout: staff_layout(&ctx, &staff, "工作台"),
        roles,
        tasks,
        overdue,
        due_soon,
        units,
        rereview,
        today: app.today().to_string(),
        calendar_year: app.calendar().year_to_load(app.today()),
        may_load_calendar: actor.is_platform_admin(),
    }))
}
