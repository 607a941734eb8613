//! 公众参与 records in the back office: surveys (with every answer's tally and free
//! text), hearing and forum records, the register of suggestions and proposals with
//! their replies, and responses to public concerns with the 5/24/48-hour checks.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{
    AppError, ConcernInput, ConcernView, HearingInput, HearingView, ProposalInput, ProposalView,
    ReplyInput, ResponseInput, SurveyInput, SurveyView,
};
use gongkai_domain::Invalid;
use gongkai_domain::interaction::concern::{Gravity, ResponseForm};
use gongkai_domain::interaction::hearing::{HearingKind, PARTICIPANT_KINDS};
use gongkai_domain::interaction::proposal::{ProposalKind, ProposalResult};
use gongkai_domain::interaction::survey::FORMAT_HINT;
use serde::Deserialize;

use super::{Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::form::{Choice, choices, coded, field_error};
use crate::layout::{Ctx, Layout};
use crate::portal::participation::{RESULT_HEADER, result_rows};
use crate::respond::render;

/// A posted form with the session's CSRF token.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Posted<T> {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(flatten)]
    f: T,
}

fn layout(ctx: &Ctx, staff: &Staff, title: &str) -> Layout {
    staff_layout(ctx, staff, title)
        .crumb("意见征集", "/admin/consultations")
        .crumb(title, "")
}

fn status(errors: &[Invalid]) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// Which page of the records.
pub struct Tab {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

fn tabs(current: &str) -> Vec<Tab> {
    [
        ("/admin/consultations", "意见征集"),
        ("/admin/surveys", "问卷调查"),
        ("/admin/hearings", "听证座谈"),
        ("/admin/proposals", "建议提案"),
        ("/admin/concerns", "回应关切"),
    ]
    .into_iter()
    .map(|(href, label)| Tab {
        href,
        label,
        current: href == current,
    })
    .collect()
}

// ---- surveys ----

#[derive(askama::Template)]
#[template(path = "admin/surveys.html")]
struct SurveysPage {
    layout: Layout,
    tabs: Vec<Tab>,
    csrf: String,
    flash: &'static str,
    items: Vec<SurveyView>,
    orgs: Vec<Choice>,
    f: SurveyInput,
    errors: Vec<Invalid>,
    hint: &'static str,
}

impl SurveysPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn surveys_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    f: SurveyInput,
    errors: Vec<Invalid>,
    done: &str,
) -> Result<Response, PageError> {
    let orgs = choices(state.app.keeper_orgs(&staff.actor, true).await?, &f.org);
    Ok((
        status(&errors),
        render(SurveysPage {
            layout: layout(ctx, staff, "问卷调查"),
            tabs: tabs("/admin/surveys"),
            csrf: staff.csrf.clone(),
            flash: flash(done),
            items: state.app.staff_surveys(&staff.actor).await?,
            orgs,
            f,
            errors,
            hint: FORMAT_HINT,
        }),
    )
        .into_response())
}

pub async fn surveys(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let today = state.app.today();
    let f = SurveyInput {
        opens_on: today.to_string(),
        closes_on: (today + chrono::Days::new(30)).to_string(),
        ..Default::default()
    };
    surveys_page(&state, &ctx, &staff, f, Vec::new(), &q.done).await
}

pub async fn create_survey(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(p): Form<Posted<SurveyInput>>,
) -> Result<Response, PageError> {
    staff.check_csrf(&p.csrf)?;
    match state.app.create_survey(&staff.actor, &p.f).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/surveys/{id}?done=created")).into_response()),
        Err(AppError::Invalid(e)) => surveys_page(&state, &ctx, &staff, p.f, e, "").await,
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "admin/survey.html")]
struct SurveyPage {
    layout: Layout,
    flash: &'static str,
    v: SurveyView,
}

pub async fn survey(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let v = state.app.staff_survey(&staff.actor, id).await?;
    Ok(render(SurveyPage {
        layout: staff_layout(&ctx, &staff, &v.title)
            .crumb("问卷调查", "/admin/surveys")
            .crumb(v.title.clone(), ""),
        flash: flash(&q.done),
        v,
    }))
}

/// Every answer's tally with the free text, for the keepers.
pub async fn survey_xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = state.app.staff_survey(&staff.actor, id).await?;
    let bytes = crate::xlsx::register(&RESULT_HEADER, &result_rows(&v, true))
        .map_err(crate::xlsx::failed)?;
    Ok(crate::respond::xlsx(
        bytes,
        &format!("问卷结果-{id}（含填空）.xlsx"),
    ))
}

// ---- hearings ----

#[derive(askama::Template)]
#[template(path = "admin/hearings.html")]
struct HearingsPage {
    layout: Layout,
    tabs: Vec<Tab>,
    csrf: String,
    flash: &'static str,
    items: Vec<HearingView>,
    orgs: Vec<Choice>,
    kinds: Vec<Choice>,
    f: HearingInput,
    errors: Vec<Invalid>,
    participant_kinds: String,
}

impl HearingsPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn hearings_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    f: HearingInput,
    errors: Vec<Invalid>,
    done: &str,
) -> Result<Response, PageError> {
    Ok((
        status(&errors),
        render(HearingsPage {
            layout: layout(ctx, staff, "听证座谈"),
            tabs: tabs("/admin/hearings"),
            csrf: staff.csrf.clone(),
            flash: flash(done),
            items: state.app.staff_hearings(&staff.actor).await?,
            orgs: choices(state.app.keeper_orgs(&staff.actor, true).await?, &f.org),
            kinds: coded(
                HearingKind::ALL,
                HearingKind::as_str,
                HearingKind::label,
                &f.kind,
            ),
            f,
            errors,
            participant_kinds: PARTICIPANT_KINDS.join("、"),
        }),
    )
        .into_response())
}

pub async fn hearings(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    hearings_page(
        &state,
        &ctx,
        &staff,
        HearingInput::default(),
        Vec::new(),
        &q.done,
    )
    .await
}

pub async fn record_hearing(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(p): Form<Posted<HearingInput>>,
) -> Result<Response, PageError> {
    staff.check_csrf(&p.csrf)?;
    match state.app.record_hearing(&staff.actor, &p.f).await {
        Ok(_) => Ok(Redirect::to("/admin/hearings?done=created").into_response()),
        Err(AppError::Invalid(e)) => hearings_page(&state, &ctx, &staff, p.f, e, "").await,
        Err(e) => Err(e.into()),
    }
}

// ---- proposals ----

#[derive(askama::Template)]
#[template(path = "admin/proposals.html")]
struct ProposalsPage {
    layout: Layout,
    tabs: Vec<Tab>,
    csrf: String,
    flash: &'static str,
    items: Vec<ProposalView>,
    orgs: Vec<Choice>,
    kinds: Vec<Choice>,
    f: ProposalInput,
    errors: Vec<Invalid>,
}

impl ProposalsPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn proposals_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    f: ProposalInput,
    errors: Vec<Invalid>,
    done: &str,
) -> Result<Response, PageError> {
    Ok((
        status(&errors),
        render(ProposalsPage {
            layout: layout(ctx, staff, "建议提案"),
            tabs: tabs("/admin/proposals"),
            csrf: staff.csrf.clone(),
            flash: flash(done),
            items: state.app.staff_proposals(&staff.actor).await?,
            orgs: choices(state.app.keeper_orgs(&staff.actor, false).await?, &f.org),
            kinds: coded(
                ProposalKind::ALL,
                ProposalKind::as_str,
                ProposalKind::label,
                &f.kind,
            ),
            f,
            errors,
        }),
    )
        .into_response())
}

pub async fn proposals(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let f = ProposalInput {
        received_on: state.app.today().to_string(),
        ..Default::default()
    };
    proposals_page(&state, &ctx, &staff, f, Vec::new(), &q.done).await
}

pub async fn register_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(p): Form<Posted<ProposalInput>>,
) -> Result<Response, PageError> {
    staff.check_csrf(&p.csrf)?;
    match state.app.register_proposal(&staff.actor, &p.f).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/proposals/{id}?done=created")).into_response()),
        Err(AppError::Invalid(e)) => proposals_page(&state, &ctx, &staff, p.f, e, "").await,
        Err(e) => Err(e.into()),
    }
}

#[derive(askama::Template)]
#[template(path = "admin/proposal.html")]
struct ProposalPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    p: ProposalView,
    results: Vec<Choice>,
    f: ReplyInput,
    errors: Vec<Invalid>,
}

impl ProposalPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn proposal_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    id: i64,
    f: Option<ReplyInput>,
    errors: Vec<Invalid>,
    done: &str,
) -> Result<Response, PageError> {
    let p = state
        .app
        .staff_proposals(&staff.actor)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(PageError::not_found)?;
    let f = f.unwrap_or_else(|| ReplyInput {
        result: p.result.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        reply: p.reply.clone(),
        withheld_reason: p.withheld_reason.clone(),
    });
    Ok((
        status(&errors),
        render(ProposalPage {
            layout: staff_layout(ctx, staff, &p.title)
                .crumb("建议提案", "/admin/proposals")
                .crumb(p.title.clone(), ""),
            csrf: staff.csrf.clone(),
            flash: flash(done),
            results: coded(
                ProposalResult::ALL,
                ProposalResult::as_str,
                ProposalResult::label,
                &f.result,
            ),
            p,
            f,
            errors,
        }),
    )
        .into_response())
}

pub async fn proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    proposal_page(&state, &ctx, &staff, id, None, Vec::new(), &q.done).await
}

pub async fn reply_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(p): Form<Posted<ReplyInput>>,
) -> Result<Response, PageError> {
    staff.check_csrf(&p.csrf)?;
    match state.app.reply_proposal(&staff.actor, id, &p.f).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/proposals/{id}?done=saved")).into_response()),
        Err(AppError::Invalid(e)) => {
            proposal_page(&state, &ctx, &staff, id, Some(p.f), e, "").await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- concerns ----

#[derive(askama::Template)]
#[template(path = "admin/concerns.html")]
struct ConcernsPage {
    layout: Layout,
    tabs: Vec<Tab>,
    csrf: String,
    flash: &'static str,
    items: Vec<ConcernView>,
    orgs: Vec<Choice>,
    gravities: Vec<Choice>,
    forms: Vec<Choice>,
    f: ConcernInput,
    errors: Vec<Invalid>,
    /// The concern whose response form was refused, with what was posted.
    refused_for: Option<i64>,
    r: ResponseInput,
}

impl ConcernsPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }

    /// Whether the refused response form was this concern's.
    fn refused(&self, id: &i64) -> bool {
        self.refused_for == Some(*id)
    }
}

#[allow(clippy::too_many_arguments)] // the page and what either of its forms brings back
async fn concerns_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    f: ConcernInput,
    r: ResponseInput,
    refused_for: Option<i64>,
    errors: Vec<Invalid>,
    done: &str,
) -> Result<Response, PageError> {
    Ok((
        status(&errors),
        render(ConcernsPage {
            layout: layout(ctx, staff, "回应关切"),
            tabs: tabs("/admin/concerns"),
            csrf: staff.csrf.clone(),
            flash: flash(done),
            items: state.app.staff_concerns(&staff.actor).await?,
            orgs: choices(state.app.keeper_orgs(&staff.actor, false).await?, &f.org),
            gravities: coded(Gravity::ALL, Gravity::as_str, Gravity::label, &f.gravity),
            forms: coded(
                ResponseForm::ALL,
                ResponseForm::as_str,
                ResponseForm::label,
                &r.form,
            ),
            f,
            errors,
            refused_for,
            r,
        }),
    )
        .into_response())
}

pub async fn concerns(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    concerns_page(
        &state,
        &ctx,
        &staff,
        ConcernInput::default(),
        ResponseInput::default(),
        None,
        Vec::new(),
        &q.done,
    )
    .await
}

pub async fn record_concern(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(p): Form<Posted<ConcernInput>>,
) -> Result<Response, PageError> {
    staff.check_csrf(&p.csrf)?;
    match state.app.record_concern(&staff.actor, &p.f).await {
        Ok(_) => Ok(Redirect::to("/admin/concerns?done=created").into_response()),
        Err(AppError::Invalid(e)) => {
            concerns_page(
                &state,
                &ctx,
                &staff,
                p.f,
                ResponseInput::default(),
                None,
                e,
                "",
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(p): Form<Posted<ResponseInput>>,
) -> Result<Response, PageError> {
    staff.check_csrf(&p.csrf)?;
    match state.app.respond_to_concern(&staff.actor, id, &p.f).await {
        Ok(()) => Ok(Redirect::to("/admin/concerns?done=saved").into_response()),
        Err(AppError::Invalid(e)) => {
            concerns_page(
                &state,
                &ctx,
                &staff,
                ConcernInput::default(),
                p.f,
                Some(id),
                e,
                "",
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
