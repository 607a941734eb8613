//! Surveys and the suggestions-and-proposals register over JSON: the surveys with their
//! tallies, answering one (public), and the register with the published replies.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use gongkai_app::{ProposalView, SurveyView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cursor::{CursorParams, Keyset, Page};
use super::types::Coded;
use crate::AppState;
use crate::auth::client_ip;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery, Json};
use crate::throttle::{self, Limit};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgParams {
    /// 只看该单位的（slug）。
    pub org: Option<String>,
}

/// 一道题及其统计。
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionBody {
    /// single 单选；multiple 多选；text 填空。
    pub kind: Coded,
    pub text: String,
    pub options: Vec<String>,
    /// 每个选项的人数（填空题为空）。
    pub counts: Vec<u32>,
    /// 作答本题的人数。
    pub answered: u32,
}

/// 问卷及其结果（填空回答不公开）。
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyBody {
    pub id: i64,
    pub org: String,
    pub org_name: String,
    pub title: String,
    pub intro: String,
    #[schema(value_type = String, format = Date)]
    pub opens_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub closes_on: NaiveDate,
    pub open: bool,
    pub respondents: u32,
    pub questions: Vec<QuestionBody>,
    /// 相关意见征集的编号。
    pub consultation: Option<i64>,
}

fn survey_body(v: SurveyView) -> SurveyBody {
    SurveyBody {
        id: v.id,
        org: v.org_slug,
        org_name: v.org_name,
        title: v.title,
        intro: v.intro,
        opens_on: v.opens_on,
        closes_on: v.closes_on,
        open: v.open,
        respondents: v.respondents,
        questions: v
            .tally
            .into_iter()
            .map(|t| QuestionBody {
                kind: Coded::new(t.question.kind.as_str(), t.question.kind.label()),
                text: t.question.text,
                options: t.question.options,
                counts: t.counts,
                answered: t.answered,
            })
            .collect(),
        consultation: v.consultation,
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/surveys",
    summary = "问卷调查列表",
    description = "各单位发布的问卷及其统计结果，进行中的在前。",
    tag = "participation",
    operation_id = "list_surveys",
    params(OrgParams, CursorParams),
    responses(
        (status = 200, description = "问卷", body = [SurveyBody],
            headers(("Link" = String, description = "下一页的地址（rel=\"next\"）；末页没有"))),
        (status = 404, description = "单位不存在", body = ErrorEnvelope),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
    )
)]
pub async fn surveys(
    State(state): State<AppState>,
    keyset: Keyset,
    ApiQuery(p): ApiQuery<OrgParams>,
) -> Result<Page<SurveyBody>, ApiError> {
    let items = state.app.surveys(p.org.as_deref()).await?;
    // Open ones first, then by closing date and id, newest first.
    let page = keyset.page(items, |v| {
        (!v.open, -i64::from(v.closes_on.num_days_from_ce()), -v.id)
    })?;
    Ok(page.map(survey_body))
}

#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}",
    summary = "查看问卷及结果",
    tag = "participation",
    operation_id = "show_survey",
    params(("id" = i64, Path, description = "问卷编号")),
    responses(
        (status = 200, description = "问卷", body = SurveyBody),
        (status = 404, description = "问卷不存在", body = ErrorEnvelope),
        (status = 400, description = "路径参数有误", body = ErrorEnvelope),
    )
)]
pub async fn survey(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::Json<SurveyBody>, ApiError> {
    Ok(axum::Json(survey_body(
        state.app.public_survey(None, id).await?,
    )))
}

/// 一份答卷。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// 11位手机号码：每个号码限答一次，仅保存其散列值。
    #[serde(default)]
    pub mobile: String,
    /// 按题目顺序：单选、多选题为所选选项的序号（从0起）数组，填空题为字符串。
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub answers: Vec<serde_json::Value>,
}

#[utoipa::path(
    post,
    path = "/api/v1/surveys/{id}/answers",
    summary = "作答问卷",
    description = "公开接口，无需令牌。只在作答期限内接收；同一手机号码再次作答返回 409。",
    tag = "participation",
    operation_id = "answer_survey",
    params(("id" = i64, Path, description = "问卷编号")),
    request_body(content = AnswerRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "已记录"),
        (status = 404, description = "问卷不存在", body = ErrorEnvelope),
        (status = 409, description = "不在作答期限内，或该号码已作答", body = ErrorEnvelope),
        (status = 422, description = "未作答必答题、选项无效或号码有误", body = ErrorEnvelope),
        (status = 429, description = "提交过于频繁", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn answer(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    parts: axum::http::request::Parts,
    Json(r): Json<AnswerRequest>,
) -> Result<Response, ApiError> {
    state.app.public_survey(None, id).await?;
    let ip = client_ip(&state, &parts);
    state
        .throttle
        .check(Limit::Comment, &ip)
        .await
        .map_err(|wait| throttle::api_refusal(Limit::Comment, wait))?;
    let chosen = |q: usize| -> Vec<usize> {
        match r.answers.get(q) {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_u64().and_then(|n| usize::try_from(n).ok()))
                .collect(),
            Some(serde_json::Value::Number(n)) => n
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    };
    let text = |q: usize| {
        r.answers
            .get(q)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    state
        .app
        .answer_survey(id, &r.mobile, chosen, text, &ip)
        .await?;
    Ok(StatusCode::CREATED.into_response())
}

/// 建议提案及其办理复文（不公开的只给出理由）。
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalBody {
    pub id: i64,
    pub org: String,
    pub org_name: String,
    /// suggestion 人大代表建议；proposal 政协提案。
    pub kind: Coded,
    pub year: i32,
    pub number: String,
    pub title: String,
    pub proposer: String,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    /// solved（A类）、planned（B类）、explained（C类）。
    pub result: Option<Coded>,
    #[schema(value_type = Option<String>, format = Date)]
    pub replied_on: Option<NaiveDate>,
    pub published: bool,
    /// 已公开的复文。
    pub reply: Option<String>,
    /// 复文不公开的理由。
    pub withheld_reason: Option<String>,
}

fn proposal_body(p: ProposalView) -> ProposalBody {
    ProposalBody {
        id: p.id,
        org: p.org_slug,
        org_name: p.org_name,
        kind: Coded::new(p.kind.as_str(), p.kind.label()),
        year: p.year,
        number: p.number,
        title: p.title,
        proposer: p.proposer,
        received_on: p.received_on,
        result: p.result.map(|r| Coded::new(r.as_str(), r.label())),
        replied_on: p.replied_on,
        reply: p.published.then_some(p.reply),
        withheld_reason: (p.replied_on.is_some() && !p.published).then_some(p.withheld_reason),
        published: p.published,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalParams {
    /// 只看该承办单位的（slug）。
    pub org: Option<String>,
    /// 只看该年度的。
    pub year: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/proposals",
    summary = "建议提案办理结果",
    description = "人大代表建议、政协提案的登记和办理复文；复文不公开的给出理由。",
    tag = "participation",
    operation_id = "list_proposals",
    params(ProposalParams, CursorParams),
    responses(
        (status = 200, description = "建议提案", body = [ProposalBody],
            headers(("Link" = String, description = "下一页的地址（rel=\"next\"）；末页没有"))),
        (status = 404, description = "单位不存在", body = ErrorEnvelope),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
    )
)]
pub async fn proposals(
    State(state): State<AppState>,
    keyset: Keyset,
    ApiQuery(p): ApiQuery<ProposalParams>,
) -> Result<Page<ProposalBody>, ApiError> {
    let items: Vec<_> = state
        .app
        .proposals(p.org.as_deref())
        .await?
        .into_iter()
        .filter(|x| p.year.is_none_or(|y| x.year == y))
        .collect();
    // The newest year first; within it by kind and id.
    let page = keyset.page(items, |x| (-x.year, x.kind.as_str().to_owned(), x.id))?;
    Ok(page.map(proposal_body))
}

#[utoipa::path(
    get,
    path = "/api/v1/proposals/{id}",
    summary = "查看建议提案",
    tag = "participation",
    operation_id = "show_proposal",
    params(("id" = i64, Path, description = "编号")),
    responses(
        (status = 200, description = "建议提案", body = ProposalBody),
        (status = 404, description = "不存在", body = ErrorEnvelope),
        (status = 400, description = "路径参数有误", body = ErrorEnvelope),
    )
)]
pub async fn proposal(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::Json<ProposalBody>, ApiError> {
    Ok(axum::Json(proposal_body(
        state.app.public_proposal(None, id).await?,
    )))
}
