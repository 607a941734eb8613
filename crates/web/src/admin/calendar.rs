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
    notice: NoticeForm,
    /// The year a pasted notice gives, shown before it is loaded.
    preview: Option<NoticePreview>,
    notice_error: String,
    /// The digest of the text the preview was read from.
    seen: String,
}

/// A festival as a notice's preview lists it.
pub struct FestivalLine {
    name: String,
    off: String,
    work: String,
}

pub struct NoticePreview {
    year: i32,
    title: String,
    number: String,
    issued_on: String,
    days_off: usize,
    lines: Vec<FestivalLine>,
    replaces: bool,
    adjusts: bool,
}

/// "1月1日—3日（3天）、…": consecutive dates run together.
fn runs(dates: &[chrono::NaiveDate]) -> String {
    use chrono::Datelike;
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < dates.len() {
        let mut j = i;
        while j + 1 < dates.len() && dates[j + 1] == dates[j].succ_opt().unwrap_or(dates[j]) {
            j += 1;
        }
        let (a, b) = (dates[i], dates[j]);
        let first = format!("{}月{}日", a.month(), a.day());
        out.push(if i == j {
            format!("{first}（{}）", gongkai_domain::calendar::weekday_name(a))
        } else {
            format!("{first}至{}月{}日（{}天）", b.month(), b.day(), j - i + 1)
        });
        i = j + 1;
    }
    out.join("、")
}

fn preview_of(r: &gongkai_app::NoticeReading) -> NoticePreview {
    use gongkai_domain::calendar::DayKind;
    let s = &r.schedule;
    let mut names: Vec<&str> = Vec::new();
    for d in &s.days {
        if !names.contains(&d.name.as_str()) {
            names.push(&d.name);
        }
    }
    let of = |name: &str, kind: DayKind| {
        let dates: Vec<_> = s
            .days
            .iter()
            .filter(|d| d.name == name && d.kind == kind)
            .map(|d| d.date)
            .collect();
        runs(&dates)
    };
    let last = s.notices.last();
    NoticePreview {
        year: s.year,
        title: last.map(|n| n.title.clone()).unwrap_or_default(),
        number: last.map(|n| n.number.clone()).unwrap_or_default(),
        issued_on: last
            .and_then(|n| n.issued_on)
            .map(gongkai_app::cn_date)
            .unwrap_or_default(),
        days_off: s.days.iter().filter(|d| d.kind == DayKind::Holiday).count(),
        lines: names
            .iter()
            .map(|n| FestivalLine {
                name: (*n).to_owned(),
                off: of(n, DayKind::Holiday),
                work: of(n, DayKind::MakeUpWorkday),
            })
            .collect(),
        replaces: r.replaces,
        adjusts: r.adjusts,
    }
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

/// What the page shows besides the calendar itself.
#[derive(Default)]
struct Shown {
    error: String,
    text: String,
    notice: NoticeForm,
    preview: Option<NoticePreview>,
    notice_error: String,
}

async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    q: CalQuery,
    shown: Shown,
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
    let status = if shown.error.is_empty() && shown.notice_error.is_empty() {
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
        error: shown.error,
        check_date: q.date,
        check_n: q.n,
        answer,
        text: shown.text,
        seen: gongkai_app::sha256_hex(&shown.notice.notice),
        notice: shown.notice,
        preview: shown.preview,
        notice_error: shown.notice_error,
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
    page_with(&state, &ctx, &staff, q, Shown::default()).await
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
        Err(error) => {
            let shown = Shown {
                error,
                text: f.schedule,
                ..Shown::default()
            };
            page_with(&state, &ctx, &staff, CalQuery::default(), shown).await
        }
        Ok(s) => {
            state.app.load_calendar_year(&staff.actor, s).await?;
            Ok(Redirect::to("/admin/calendar?done=loaded").into_response())
        }
    }
}

/// A notice pasted as published, with its address on gov.cn.
#[derive(Deserialize, Default)]
pub struct NoticeForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    notice: String,
    #[serde(default)]
    url: String,
    /// "preview" reads the text and shows the year; "load" saves it.
    #[serde(default)]
    go: String,
    /// The digest of the text previewed: a text changed after its preview is shown
    /// again rather than loaded unseen.
    #[serde(default)]
    seen: String,
}

/// Reads a pasted notice and shows the year it gives; loads it once confirmed.
pub async fn notice(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<NoticeForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    if !staff.actor.is_platform_admin() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "只有平台管理员可以载入节假日安排。",
        ));
    }
    let unchanged = gongkai_app::constant_time_eq(
        f.seen.as_bytes(),
        gongkai_app::sha256_hex(&f.notice).as_bytes(),
    );
    let outcome = if f.go == "load" && unchanged {
        state
            .app
            .load_holiday_notice(&staff.actor, &f.notice, &f.url)
            .await
            .map(|_| None)
    } else {
        state
            .app
            .read_holiday_notice(&f.notice, &f.url)
            .map(|r| Some(preview_of(&r)))
    };
    let shown = match outcome {
        Ok(None) => return Ok(Redirect::to("/admin/calendar?done=loaded").into_response()),
        Ok(Some(p)) => Shown {
            preview: Some(p),
            notice: f,
            ..Shown::default()
        },
        Err(gongkai_app::AppError::Invalid(v)) => Shown {
            notice_error: v
                .iter()
                .map(|i| i.message.as_str())
                .collect::<Vec<_>>()
                .join("；"),
            notice: f,
            ..Shown::default()
        },
        Err(e) => return Err(e.into()),
    };
    page_with(&state, &ctx, &staff, CalQuery::default(), shown).await
}
