//! The working-day calendar: years in use with their notices, loading a new year,
//! and a quick date check.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_domain::calendar::YearSchedule;
use serde::Deserialize;

use super::{flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

pub struct YearLine {
    year: i32,
    days: usize,
    notices: Vec<(String, String, String)>,
    source: String,
}

#[derive(askama::Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    layout: Layout,
    csrf: String,
    years: Vec<YearLine>,
    may_load: bool,
    flash: &'static str,
    error: String,
    check_date: String,
    check_n: String,
    answer: String,
    text: String,
}

#[derive(Deserialize, Default)]
pub struct CalQuery {
    #[serde(default)]
    done: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    n: String,
}

async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    q: CalQuery,
    error: String,
    text: String,
) -> Result<Response, PageError> {
    let cal = state.app.calendar();
    let loaded = state.app.loaded_calendar_years().await?;
    let years = cal
        .schedules()
        .map(|s| YearLine {
            year: s.year,
            days: s.days.len(),
            notices: s
                .notices
                .iter()
                .map(|n| (n.number.clone(), n.title.clone(), n.url.clone()))
                .collect(),
            source: loaded
                .iter()
                .find(|(y, _, _)| y.year == s.year)
                .map_or("内置".into(), |(_, by, at)| {
                    format!("{by} 于 {} 载入", crate::util::cn_instant(at))
                }),
        })
        .collect();
    let answer = if q.date.trim().is_empty() {
        String::new()
    } else {
        match gongkai_domain::china_time::parse_date("date", "日期", &q.date) {
            Err(e) => e.message,
            Ok(d) => {
                let mut s = format!(
                    "{d}：{}",
                    if cal.is_workday(d) {
                        "工作日"
                    } else {
                        "休息日"
                    }
                );
                if let Some(sp) = cal.special_day(d) {
                    s.push_str(&format!("（{}）", sp.name));
                }
                if let Ok(n) = q.n.trim().parse::<u32>() {
                    let r = cal.add_workdays(d, n.min(1000));
                    s.push_str(&format!("；其后第{}个工作日为 {}", n.min(1000), r.date));
                    if r.provisional {
                        s.push_str("（涉及尚未载入节假日安排的年份，仅按周末计算）");
                    }
                }
                if !cal.is_confirmed(d) {
                    s.push_str("。注意：该年度节假日安排尚未载入。");
                }
                s
            }
        }
    };
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(CalendarPage {
        layout: staff_layout(ctx, staff, "工作日历").crumb("工作日历", ""),
        csrf: staff.csrf.clone(),
        years,
        may_load: staff.actor.is_platform_admin(),
        flash: flash(&q.done),
        error,
        check_date: q.date,
        check_n: q.n,
        answer,
        text,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<CalQuery>,
) -> Result<Response, PageError> {
    page_with(&state, &ctx, &staff, q, String::new(), String::new()).await
}

#[derive(Deserialize)]
pub struct LoadForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    schedule: String,
}

pub async fn load(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<LoadForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let parsed = match serde_json::from_str::<serde_json::Value>(&f.schedule) {
        Err(e) => Err(format!("不是有效的 JSON：{e}")),
        Ok(v) if v.get("papers").is_some() => {
            YearSchedule::from_holiday_cn(&f.schedule).map_err(|e| e.to_string())
        }
        Ok(_) => YearSchedule::from_json(&f.schedule).map_err(|e| e.to_string()),
    };
    match parsed {
        Err(e) => page_with(&state, &ctx, &staff, CalQuery::default(), e, f.schedule).await,
        Ok(s) => {
            state.app.load_calendar_year(&staff.actor, s).await?;
            Ok(Redirect::to("/admin/calendar?done=loaded").into_response())
        }
    }
}
