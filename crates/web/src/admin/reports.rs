//! The annual report in the back office: choose an organisation and a year, see the
//! computed tables and the 勾稽 check, enter the rest, publish, download .xlsx.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use gongkai_app::{AppError, ReportDraft};
use gongkai_domain::Invalid;
use gongkai_domain::report::{Format, ItemCounts2019, Section2Y2019, StaffInput};
use gongkai_domain::role::Role;
use serde::Deserialize;

use super::{Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::form::field_error;
use crate::layout::{Ctx, Layout};
use crate::report_view::ReportTables;
use crate::respond::render;

pub struct OrgYears {
    name: String,
    /// The report due this year (for last year): its page, whether and when it was
    /// published, when it is due, whether that has passed.
    href: String,
    published: Option<String>,
    due: String,
    late: bool,
    /// The other years, as links.
    links: Vec<(i32, String)>,
}

#[derive(askama::Template)]
#[template(path = "admin/reports.html")]
struct IndexPage {
    layout: Layout,
    orgs: Vec<OrgYears>,
    /// The year whose reports are due this year.
    year: i32,
}

/// Organisations whose reports the actor prepares or oversees, with the last years.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    // The running year too: its figures so far are worth watching.
    let last = state.app.today().year();
    let roles = [
        Role::DisclosureOfficer,
        Role::DisclosureHead,
        Role::Supervisor,
        Role::OrgAdmin,
    ];
    let today = state.app.today();
    let due_year = last - 1;
    let mut orgs = Vec::new();
    for o in state
        .app
        .visible_org_ids(&staff.actor)
        .await?
        .into_iter()
        .filter_map(|id| tree.get(id))
        .filter(|o| crate::portal::has_platform(o))
        .filter(|o| {
            staff.actor.is_platform_admin()
                || staff.actor.holds_any(&roles, &tree.ancestry_ids(o.id))
        })
    {
        let published = state.app.published_report_years(o.id).await?;
        let due = gongkai_domain::report::Report::due_on(due_year, o.level);
        let published_on = published
            .iter()
            .find(|(y, _)| *y == due_year)
            .map(|(_, at)| crate::util::cn_day(at));
        orgs.push(OrgYears {
            name: o.name.clone(),
            href: format!("/admin/reports/{}/{due_year}", o.id),
            late: published_on.is_none() && today > due,
            published: published_on,
            due: due.to_string(),
            links: (last - 3..=last)
                .rev()
                .filter(|y| *y != due_year && Format::for_year(*y).is_ok())
                .map(|y| (y, format!("/admin/reports/{}/{y}", o.id)))
                .collect(),
        });
    }
    Ok(render(IndexPage {
        layout: staff_layout(&ctx, &staff, "年度报告").crumb("年度报告", ""),
        orgs,
        year: due_year,
    }))
}

/// The staff input as the form posts it: every figure as text, checked here.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InputForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    overview: String,
    #[serde(default)]
    licences: String,
    #[serde(default)]
    penalties: String,
    #[serde(default)]
    coercions: String,
    /// 万元, up to four decimals.
    #[serde(default)]
    charges: String,
    #[serde(default)]
    procurements: String,
    #[serde(default)]
    procurement_amount: String,
    /// 2019/2020 format: 上一年项目数量 and 本年增/减 of blocks (五)(六)(八).
    #[serde(default)]
    licences_previous: String,
    #[serde(default)]
    licences_change: String,
    #[serde(default)]
    services_previous: String,
    #[serde(default)]
    services_change: String,
    #[serde(default)]
    services_decisions: String,
    #[serde(default)]
    penalties_previous: String,
    #[serde(default)]
    penalties_change: String,
    #[serde(default)]
    coercions_previous: String,
    #[serde(default)]
    coercions_change: String,
    #[serde(default)]
    charges_previous: String,
    #[serde(default)]
    charges_change: String,
    #[serde(default)]
    r0: String,
    #[serde(default)]
    r1: String,
    #[serde(default)]
    r2: String,
    #[serde(default)]
    r3: String,
    #[serde(default)]
    d0: String,
    #[serde(default)]
    d1: String,
    #[serde(default)]
    d2: String,
    #[serde(default)]
    d3: String,
    #[serde(default)]
    a0: String,
    #[serde(default)]
    a1: String,
    #[serde(default)]
    a2: String,
    #[serde(default)]
    a3: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    other: String,
}

fn count(field: &'static str, label: &str, v: &str, errors: &mut Vec<Invalid>) -> i64 {
    let v = v.trim();
    if v.is_empty() {
        return 0;
    }
    v.parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .unwrap_or_else(|| {
            errors.push(Invalid::new(field, format!("{label}须为不小于0的整数")));
            0
        })
}

/// 本年增/减: a whole number that may carry a sign ("+3", "-2", "－2").
fn change(field: &'static str, label: &str, v: &str, errors: &mut Vec<Invalid>) -> i64 {
    let v = v.trim().replace('－', "-").replace('＋', "+");
    if v.is_empty() {
        return 0;
    }
    v.strip_prefix('+')
        .unwrap_or(&v)
        .parse::<i64>()
        .unwrap_or_else(|_| {
            errors.push(Invalid::new(
                field,
                format!("{label}须为整数，可带正负号，如+3、-2"),
            ));
            0
        })
}

/// 万元 with at most four decimals, as fen (1 万元 = 1,000,000 fen).
fn wan_to_fen(field: &'static str, label: &str, v: &str, errors: &mut Vec<Invalid>) -> i64 {
    let v = v.trim();
    if v.is_empty() {
        return 0;
    }
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 4
        && frac.bytes().all(|b| b.is_ascii_digit())
        && int.len() <= 9;
    if !ok {
        errors.push(Invalid::new(
            field,
            format!("{label}须为以万元计的金额，最多4位小数，如12.3456"),
        ));
        return 0;
    }
    let whole: i64 = int.parse().unwrap_or(0);
    let frac: i64 = format!("{frac:0<4}").parse().unwrap_or(0);
    whole * 1_000_000 + frac * 100
}

fn fen_to_wan(fen: i64) -> String {
    if fen == 0 {
        String::new()
    } else {
        gongkai_domain::application::Fen(fen).wan_yuan()
    }
}

impl InputForm {
    fn parse(&self) -> Result<StaffInput, Vec<Invalid>> {
        let mut e = Vec::new();
        let four = |p: [&String; 4], field: &'static str, label: &str, e: &mut Vec<Invalid>| {
            p.map(|v| count(field, label, v, e))
        };
        let input = StaffInput {
            overview: self.overview.trim().to_owned(),
            licences: count("licences", "行政许可处理决定数量", &self.licences, &mut e),
            penalties: count("penalties", "行政处罚处理决定数量", &self.penalties, &mut e),
            coercions: count("coercions", "行政强制处理决定数量", &self.coercions, &mut e),
            charges_fen: wan_to_fen("charges", "行政事业性收费金额", &self.charges, &mut e),
            procurements: count(
                "procurements",
                "政府集中采购项目数量",
                &self.procurements,
                &mut e,
            ),
            procurement_fen: wan_to_fen(
                "procurement_amount",
                "政府集中采购总金额",
                &self.procurement_amount,
                &mut e,
            ),
            y2019: {
                let item = |fields: [&'static str; 2],
                            values: [&String; 2],
                            what: &str,
                            e: &mut Vec<Invalid>| ItemCounts2019 {
                    previous: count(fields[0], &format!("{what}上一年项目数量"), values[0], e),
                    change: change(fields[1], &format!("{what}本年增/减"), values[1], e),
                };
                Section2Y2019 {
                    licences: item(
                        ["licences_previous", "licences_change"],
                        [&self.licences_previous, &self.licences_change],
                        "行政许可",
                        &mut e,
                    ),
                    services: item(
                        ["services_previous", "services_change"],
                        [&self.services_previous, &self.services_change],
                        "其他对外管理服务事项",
                        &mut e,
                    ),
                    services_decisions: count(
                        "services_decisions",
                        "其他对外管理服务事项处理决定数量",
                        &self.services_decisions,
                        &mut e,
                    ),
                    penalties: item(
                        ["penalties_previous", "penalties_change"],
                        [&self.penalties_previous, &self.penalties_change],
                        "行政处罚",
                        &mut e,
                    ),
                    coercions: item(
                        ["coercions_previous", "coercions_change"],
                        [&self.coercions_previous, &self.coercions_change],
                        "行政强制",
                        &mut e,
                    ),
                    charges: item(
                        ["charges_previous", "charges_change"],
                        [&self.charges_previous, &self.charges_change],
                        "行政事业性收费",
                        &mut e,
                    ),
                }
            },
            reconsideration: four(
                [&self.r0, &self.r1, &self.r2, &self.r3],
                "reconsideration",
                "行政复议各项数量",
                &mut e,
            ),
            litigation_direct: four(
                [&self.d0, &self.d1, &self.d2, &self.d3],
                "litigation_direct",
                "未经复议直接起诉各项数量",
                &mut e,
            ),
            litigation_after: four(
                [&self.a0, &self.a1, &self.a2, &self.a3],
                "litigation_after",
                "复议后起诉各项数量",
                &mut e,
            ),
            problems: self.problems.trim().to_owned(),
            other: self.other.trim().to_owned(),
        };
        if let Err(more) = input.check() {
            e.extend(more);
        }
        if e.is_empty() { Ok(input) } else { Err(e) }
    }

    fn from_input(i: &StaffInput) -> Self {
        let n = |v: i64| if v == 0 { String::new() } else { v.to_string() };
        let [r0, r1, r2, r3] = i.reconsideration.map(n);
        let [d0, d1, d2, d3] = i.litigation_direct.map(n);
        let [a0, a1, a2, a3] = i.litigation_after.map(n);
        InputForm {
            csrf: String::new(),
            overview: i.overview.clone(),
            licences: n(i.licences),
            penalties: n(i.penalties),
            coercions: n(i.coercions),
            charges: fen_to_wan(i.charges_fen),
            procurements: n(i.procurements),
            procurement_amount: fen_to_wan(i.procurement_fen),
            licences_previous: n(i.y2019.licences.previous),
            licences_change: n(i.y2019.licences.change),
            services_previous: n(i.y2019.services.previous),
            services_change: n(i.y2019.services.change),
            services_decisions: n(i.y2019.services_decisions),
            penalties_previous: n(i.y2019.penalties.previous),
            penalties_change: n(i.y2019.penalties.change),
            coercions_previous: n(i.y2019.coercions.previous),
            coercions_change: n(i.y2019.coercions.change),
            charges_previous: n(i.y2019.charges.previous),
            charges_change: n(i.y2019.charges.change),
            r0,
            r1,
            r2,
            r3,
            d0,
            d1,
            d2,
            d3,
            a0,
            a1,
            a2,
            a3,
            problems: i.problems.clone(),
            other: i.other.clone(),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "admin/report.html")]
struct ReportPageT {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    base: String,
    d: ReportDraft,
    t: ReportTables,
    f: InputForm,
    errors: Vec<Invalid>,
    old_format: bool,
    published_at: String,
    /// The year's suggestions and proposals in a sentence for section 六, if any.
    proposals: String,
}

impl ReportPageT {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

fn year_of(s: &str) -> Result<i32, PageError> {
    s.parse().map_err(|_| PageError::not_found())
}

async fn report_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    org: i64,
    year: i32,
    // The form as posted and its problems, when re-shown after a failed save.
    posted: Option<(InputForm, Vec<Invalid>)>,
    done: &str,
) -> Result<Response, PageError> {
    let (form, errors) = match posted {
        Some((f, e)) => (Some(f), e),
        None => (None, Vec::new()),
    };
    let d = state.app.report_draft(&staff.actor, org, year).await?;
    let t = ReportTables::new(&d.report);
    let tree = state.app.org_tree().await?;
    let proposals = match tree.get(org) {
        Some(o) => {
            let n = state.app.proposal_counts(&o.slug, year).await?;
            if n.suggestions + n.proposals == 0 {
                String::new()
            } else {
                format!(
                    "{year}年，本机关承办人大代表建议{}件、政协提案{}件，已全部或部分答复{}件，办理复文公开{}件。",
                    n.suggestions, n.proposals, n.replied, n.published
                )
            }
        }
        None => String::new(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ReportPageT {
        layout: staff_layout(ctx, staff, &t.title)
            .crumb("年度报告", "/admin/reports")
            .crumb(format!("{year}年度"), ""),
        csrf: staff.csrf.clone(),
        flash: match done {
            "published" => "年度报告已发布。",
            other => flash(other),
        },
        base: format!("/admin/reports/{org}/{year}"),
        f: form.unwrap_or_else(|| InputForm::from_input(&d.report.input)),
        old_format: d.report.format == Format::Y2019,
        published_at: d
            .published_at
            .as_deref()
            .map(crate::util::cn_instant)
            .unwrap_or_default(),
        t,
        d,
        errors,
        proposals,
    };
    Ok((status, render(page)).into_response())
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path((org, year)): Path<(i64, String)>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    report_page(&state, &ctx, &staff, org, year_of(&year)?, None, &d.done).await
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path((org, year)): Path<(i64, String)>,
    Form(f): Form<InputForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let year = year_of(&year)?;
    let input = match f.parse() {
        Ok(i) => i,
        Err(errors) => {
            return report_page(&state, &ctx, &staff, org, year, Some((f, errors)), "").await;
        }
    };
    match state
        .app
        .save_report_input(&staff.actor, org, year, &input)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/reports/{org}/{year}?done=saved")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            report_page(&state, &ctx, &staff, org, year, Some((f, errors)), "").await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path((org, year)): Path<(i64, String)>,
    Form(f): Form<super::CsrfQuery>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let year = year_of(&year)?;
    state
        .app
        .publish_report(&staff.actor, org, year)
        .await
        .map_err(|e| PageError::back_to(e, "年度报告", &format!("/admin/reports/{org}/{year}")))?;
    Ok(Redirect::to(&format!("/admin/reports/{org}/{year}?done=published")).into_response())
}

pub async fn xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Path((org, year)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let d = state
        .app
        .report_draft(&staff.actor, org, year_of(&year)?)
        .await?;
    let t = ReportTables::new(&d.report);
    let bytes = crate::xlsx::report(&t).map_err(crate::xlsx::failed)?;
    Ok(crate::respond::xlsx(
        bytes,
        &format!("{}（草稿）.xlsx", t.title),
    ))
}
