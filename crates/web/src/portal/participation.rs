//! 公众参与 on the portal, beside messages and consultations: surveys (answered once per
//! person, results as bar charts with their table, and as .xlsx), records of hearings
//! and forums, replies to deputies' suggestions and members' proposals, and the
//! government's responses to public concerns.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use gongkai_app::{AppError, ConcernView, HearingView, ProposalView, SurveyView};
use gongkai_domain::Invalid;
use gongkai_domain::interaction::survey::{QuestionKind, Tally};

use super::hdjl::Scope;
use crate::AppState;
use crate::auth::client_ip;
use crate::error::PageError;
use crate::extract::{Form, MaybeOrg, Path};
use crate::layout::{Ctx, Layout};
use crate::public_form::{self, INTERACT};
use crate::respond::render;
use crate::throttle::{self, Limit};

/// One bar of a question's chart, with the figures it stands for.
pub struct Bar {
    pub label: String,
    pub count: u32,
    pub percent: String,
    /// The bar's length in the 200-unit chart.
    pub width: u32,
}

/// The bars of a choice question, as shares of those who answered it.
pub fn bars(t: &Tally) -> Vec<Bar> {
    let max = t.counts.iter().copied().max().unwrap_or(0).max(1);
    t.question
        .options
        .iter()
        .zip(&t.counts)
        .map(|(label, &count)| Bar {
            label: label.clone(),
            count,
            percent: if t.answered == 0 {
                "—".into()
            } else {
                format!("{:.1}%", f64::from(count) * 100.0 / f64::from(t.answered))
            },
            width: count * 200 / max,
        })
        .collect()
}

pub fn is_text(t: &Tally) -> bool {
    t.question.kind == QuestionKind::Text
}

#[derive(askama::Template)]
#[template(path = "portal/surveys.html")]
struct SurveysPage {
    layout: Layout,
    heading: String,
    items: Vec<SurveyView>,
}

pub async fn surveys(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    Ok(render(SurveysPage {
        layout: scope.layout(&ctx, "问卷调查"),
        heading: scope.heading(),
        items: state.app.surveys(scope.slug()).await?,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/survey.html")]
struct SurveyPage {
    layout: Layout,
    v: SurveyView,
    token: String,
    /// What was posted, by field name.
    f: HashMap<String, String>,
    errors: Vec<Invalid>,
    refusal: String,
    done: bool,
}

impl SurveyPage {
    fn checked(&self, q: &usize, o: &usize) -> bool {
        self.f.contains_key(&format!("q{q}_{o}"))
            || self.f.get(&format!("q{q}")) == Some(&o.to_string())
    }
    fn text(&self, q: &usize) -> String {
        self.f.get(&format!("q{q}")).cloned().unwrap_or_default()
    }
    fn mobile(&self) -> String {
        self.f.get("mobile").cloned().unwrap_or_default()
    }
}

async fn survey_page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
    f: HashMap<String, String>,
    outcome: (Vec<Invalid>, String, bool),
) -> Result<Response, PageError> {
    let scope = Scope::of(state, Some(slug)).await?;
    let v = state
        .app
        .public_survey(Some(slug), id)
        .await
        .map_err(PageError::hiding)?;
    let (errors, refusal, done) = outcome;
    let status = if !errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if !refusal.is_empty() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let token = public_form::Guard::new_token();
    let layout = scope.layout(ctx, "问卷调查").crumb(v.title.clone(), "");
    let mut r = (
        status,
        render(SurveyPage {
            layout,
            v,
            token: token.clone(),
            f,
            errors,
            refusal,
            done,
        }),
    )
        .into_response();
    INTERACT.set_cookie(&mut r, &token, state.secure_cookies);
    Ok(r)
}

pub async fn survey(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = super::record_number(&id)?;
    survey_page(
        &state,
        &ctx,
        &slug,
        id,
        HashMap::new(),
        (Vec::new(), String::new(), false),
    )
    .await
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
    parts: Parts,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = super::record_number(&id)?;
    let token = f.get("_form").cloned().unwrap_or_default();
    if !INTERACT.accepts(&parts, &token) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "提交未通过安全校验：请打开本网站的问卷页面重新填写提交（浏览器须允许本网站的Cookie）。",
        ));
    }
    state
        .app
        .public_survey(Some(&slug), id)
        .await
        .map_err(PageError::hiding)?;
    let ip = client_ip(&state, &parts);
    state
        .throttle
        .check(Limit::Comment, &ip)
        .await
        .map_err(|wait| throttle::page_refusal(Limit::Comment, wait))?;
    let chosen = |q: usize| -> Vec<usize> {
        let single = f.get(&format!("q{q}")).and_then(|v| v.parse().ok());
        let many = f.keys().filter_map(|k| {
            k.strip_prefix(&format!("q{q}_"))
                .and_then(|o| o.parse::<usize>().ok())
        });
        single.into_iter().chain(many).collect()
    };
    let text = |q: usize| f.get(&format!("q{q}")).cloned().unwrap_or_default();
    let mobile = f.get("mobile").cloned().unwrap_or_default();
    let outcome = match state
        .app
        .answer_survey(id, &mobile, chosen, text, &ip)
        .await
    {
        Ok(()) => (Vec::new(), String::new(), true),
        Err(AppError::Invalid(e)) => (e, String::new(), false),
        Err(AppError::Conflict(m)) => (Vec::new(), m, false),
        Err(e) => return Err(e.into()),
    };
    let kept = if outcome.2 { HashMap::new() } else { f };
    survey_page(&state, &ctx, &slug, id, kept, outcome).await
}

/// The counts as a workbook: question, option, count, share.
pub async fn survey_xlsx(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = super::record_number(&id)?;
    let v = state
        .app
        .public_survey(Some(&slug), id)
        .await
        .map_err(PageError::hiding)?;
    let bytes = crate::xlsx::register(&RESULT_HEADER, &result_rows(&v, false))
        .map_err(crate::xlsx::failed)?;
    Ok(crate::respond::xlsx(bytes, &format!("问卷结果-{id}.xlsx")))
}

pub const RESULT_HEADER: [&str; 5] = ["题号", "题目", "选项或回答", "人数", "占作答人数"];

/// The rows of the results workbook; free-text answers for staff only.
pub fn result_rows(v: &SurveyView, with_texts: bool) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for (i, t) in v.tally.iter().enumerate() {
        let n = (i + 1).to_string();
        if is_text(t) {
            rows.push(vec![
                n.clone(),
                t.question.text.clone(),
                "（填空）".into(),
                t.answered.to_string(),
                String::new(),
            ]);
            if with_texts {
                for a in &t.texts {
                    rows.push(vec![
                        n.clone(),
                        String::new(),
                        a.clone(),
                        String::new(),
                        String::new(),
                    ]);
                }
            }
        } else {
            for b in bars(t) {
                rows.push(vec![
                    n.clone(),
                    t.question.text.clone(),
                    b.label,
                    b.count.to_string(),
                    b.percent,
                ]);
            }
        }
    }
    rows
}

#[derive(askama::Template)]
#[template(path = "portal/hearings.html")]
struct HearingsPage {
    layout: Layout,
    heading: String,
    items: Vec<HearingView>,
}

pub async fn hearings(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    Ok(render(HearingsPage {
        layout: scope.layout(&ctx, "听证座谈"),
        heading: scope.heading(),
        items: state.app.hearings(scope.slug()).await?,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/hearing.html")]
struct HearingPage {
    layout: Layout,
    h: HearingView,
}

pub async fn hearing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, Some(&slug)).await?;
    let id = super::record_number(&id)?;
    let h = state
        .app
        .hearing(Some(&slug), id)
        .await
        .map_err(PageError::hiding)?;
    Ok(render(HearingPage {
        layout: scope.layout(&ctx, "听证座谈").crumb(h.title.clone(), ""),
        h,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/proposals.html")]
struct ProposalsPage {
    layout: Layout,
    heading: String,
    items: Vec<ProposalView>,
}

pub async fn proposals(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    Ok(render(ProposalsPage {
        layout: scope.layout(&ctx, "建议提案办理"),
        heading: scope.heading(),
        items: state.app.proposals(scope.slug()).await?,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/proposal.html")]
struct ProposalPage {
    layout: Layout,
    p: ProposalView,
}

pub async fn proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, Some(&slug)).await?;
    let id = super::record_number(&id)?;
    let p = state
        .app
        .public_proposal(Some(&slug), id)
        .await
        .map_err(PageError::hiding)?;
    Ok(render(ProposalPage {
        layout: scope
            .layout(&ctx, "建议提案办理")
            .crumb(p.title.clone(), ""),
        p,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/concerns.html")]
struct ConcernsPage {
    layout: Layout,
    heading: String,
    items: Vec<ConcernView>,
}

pub async fn concerns(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    Ok(render(ConcernsPage {
        layout: scope.layout(&ctx, "回应关切"),
        heading: scope.heading(),
        items: state.app.concerns(scope.slug()).await?,
    }))
}
