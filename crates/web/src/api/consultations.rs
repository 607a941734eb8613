//! 意见征集 over JSON: the announced consultations, one with its public comments, the
//! adoption feedback as data, and commenting (public).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use gongkai_app::{ConsultationSummary, ConsultationView};
use gongkai_domain::interaction::consultation::{CommentInput, Phase};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cursor::{CursorParams, Keyset, Page};
use super::types::Coded;
use crate::AppState;
use crate::auth::client_ip;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery, Json};
use crate::throttle::{self, Limit};

/// 意见征集（列表项）。
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationItem {
    pub id: i64,
    pub org: String,
    pub org_name: String,
    pub title: String,
    #[schema(value_type = String, format = Date)]
    pub opens_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub closes_on: NaiveDate,
    /// announced 即将开始；open 征集中；closed 已截止；feedback_published 已反馈。
    pub phase: Coded,
    /// 收到的意见条数（含未审核的）。
    pub comments: i64,
}

impl From<ConsultationSummary> for ConsultationItem {
    fn from(s: ConsultationSummary) -> Self {
        Self {
            id: s.id,
            org: s.org_slug,
            org_name: s.org_name,
            title: s.title,
            opens_on: s.opens_on,
            closes_on: s.closes_on,
            phase: Coded::new(s.phase.code(), s.phase.label()),
            comments: s.comments,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 只看该单位的（slug）。
    pub org: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/consultations",
    summary = "意见征集列表",
    description = "已发布的意见征集，征集中的在前。",
    tag = "consultations",
    operation_id = "list_consultations",
    params(ListParams, CursorParams),
    responses(
        (status = 200, description = "意见征集", body = [ConsultationItem],
            headers(("Link" = String, description = "下一页的地址（rel=\"next\"）；末页没有"))),
        (status = 404, description = "单位不存在", body = ErrorEnvelope),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    keyset: Keyset,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Page<ConsultationItem>, ApiError> {
    let items = state.app.public_consultations(p.org.as_deref()).await?;
    // Open ones first, then by closing date and id, newest first.
    let page = keyset.page(items, |s| {
        (
            s.phase != Phase::Open,
            -i64::from(s.closes_on.num_days_from_ce()),
            -s.id,
        )
    })?;
    Ok(page.map(ConsultationItem::from))
}

/// 公开的一条意见（已审核且提出人同意公开；个人信息已隐去）。
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicComment {
    pub number: u32,
    pub body: String,
    pub received_on: String,
}

/// 意见采纳情况反馈中的一行。
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackRowBody {
    pub number: u32,
    pub comment: String,
    /// adopted 采纳；partly 部分采纳；not_adopted 不予采纳。
    pub adoption: Coded,
    pub reason: String,
}

/// 意见采纳情况反馈。
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackBody {
    pub received: u32,
    pub adopted: u32,
    pub partly_adopted: u32,
    pub not_adopted: u32,
    pub rows: Vec<FeedbackRowBody>,
}

fn feedback_body(f: gongkai_domain::interaction::consultation::Feedback) -> FeedbackBody {
    FeedbackBody {
        received: f.received,
        adopted: f.adopted,
        partly_adopted: f.partly_adopted,
        not_adopted: f.not_adopted,
        rows: f
            .rows
            .into_iter()
            .map(|r| FeedbackRowBody {
                number: r.number,
                comment: r.comment,
                adoption: Coded::new(r.adoption.as_str(), r.adoption.label()),
                reason: r.reason,
            })
            .collect(),
    }
}

/// 一项意见征集。
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationBody {
    #[serde(flatten)]
    pub item: ConsultationItem,
    pub draft: String,
    pub explanation: String,
    /// 征求意见期限（日，开始之日不计入）。
    pub period_days: i64,
    /// 期限少于30日时的缩短理由。
    pub shortened_reason: String,
    pub other_ways: String,
    /// 关联的正式文件索引号（已公开的）。
    pub document: Option<String>,
    pub comments: Vec<PublicComment>,
    /// 随公告公开的附件（征求意见稿、起草说明等）。
    pub files: Vec<FileBody>,
    pub feedback: Option<FeedbackBody>,
}

/// 附件。
#[derive(Debug, Serialize, ToSchema)]
pub struct FileBody {
    pub filename: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// 下载地址。
    pub href: String,
}

fn body_of(v: ConsultationView) -> ConsultationBody {
    let files = v
        .files
        .iter()
        .map(|f| FileBody {
            filename: f.filename.clone(),
            size_bytes: f.size_bytes,
            sha256: f.sha256.clone(),
            href: format!(
                "/{}/hdjl/yjzj/{}/file/{}",
                v.summary.org_slug, v.summary.id, f.id
            ),
        })
        .collect();
    ConsultationBody {
        files,
        item: v.summary.into(),
        draft: v.draft,
        explanation: v.explanation,
        period_days: v.period_days,
        shortened_reason: v.shortened_reason,
        other_ways: v.other_ways,
        document: v.document.map(|d| d.0),
        comments: v
            .comments
            .into_iter()
            .map(|c| PublicComment {
                number: c.number,
                body: c.body,
                received_on: c.received_on,
            })
            .collect(),
        feedback: v.feedback.map(feedback_body),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/consultations/{id}",
    summary = "查看意见征集",
    description = "征求意见稿、起草说明、期限、公开的意见和（已发布的）采纳情况反馈。",
    tag = "consultations",
    operation_id = "show_consultation",
    params(("id" = i64, Path, description = "征集编号")),
    responses(
        (status = 200, description = "意见征集", body = ConsultationBody),
        (status = 404, description = "不存在或未发布", body = ErrorEnvelope),
        (status = 400, description = "路径参数有误", body = ErrorEnvelope),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::Json<ConsultationBody>, ApiError> {
    Ok(axum::Json(body_of(
        state.app.public_consultation(None, id).await?,
    )))
}

#[utoipa::path(
    get,
    path = "/api/v1/consultations/{id}/feedback",
    summary = "意见采纳情况反馈",
    description = "逐条意见的采纳情况及理由和各类计数。反馈尚未发布时返回 404。",
    tag = "consultations",
    operation_id = "consultation_feedback",
    params(("id" = i64, Path, description = "征集编号")),
    responses(
        (status = 200, description = "采纳情况反馈", body = FeedbackBody),
        (status = 404, description = "征集不存在，或反馈尚未发布", body = ErrorEnvelope),
        (status = 400, description = "路径参数有误", body = ErrorEnvelope),
    )
)]
pub async fn feedback(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::Json<FeedbackBody>, ApiError> {
    let v = state.app.public_consultation(None, id).await?;
    let f = v
        .feedback
        .ok_or_else(|| ApiError::not_found("采纳情况反馈尚未发布"))?;
    Ok(axum::Json(feedback_body(f)))
}

/// 对征求意见稿提出的意见。姓名和联系方式不公开。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[serde(default)]
    pub body: String,
    /// 姓名或单位名称。
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// 是否同意审核通过后公开意见内容；同意公开的，内容中不得含个人信息。
    #[serde(default)]
    pub public: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentReceiptBody {
    /// 意见在本次征集中的序号。
    pub number: u32,
    /// 固定为 pending：待审核。
    pub status: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/consultations/{id}/comments",
    summary = "提出意见",
    description = "公开接口，无需令牌。只在征集期限内接收；意见经审核后处理，同意公开的在审核通过后显示。",
    tag = "consultations",
    operation_id = "create_comment",
    params(("id" = i64, Path, description = "征集编号")),
    request_body(content = CommentRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "已收到，待审核", body = CommentReceiptBody),
        (status = 404, description = "征集不存在或未发布", body = ErrorEnvelope),
        (status = 409, description = "征集尚未开始或已截止", body = ErrorEnvelope),
        (status = 422, description = "意见内容不全或有误，或同意公开的意见含个人信息", body = ErrorEnvelope),
        (status = 429, description = "同一地址提交过于频繁（每10分钟10条）", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn comment(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    parts: axum::http::request::Parts,
    Json(r): Json<CommentRequest>,
) -> Result<Response, ApiError> {
    state.app.public_consultation(None, id).await?;
    let ip = client_ip(&state, &parts);
    state
        .throttle
        .check(Limit::Comment, &ip)
        .await
        .map_err(|wait| throttle::api_refusal(Limit::Comment, wait))?;
    let input = CommentInput {
        name: r.name,
        phone: r.phone,
        email: r.email,
        body: r.body,
        public: if r.public { "1" } else { "0" }.into(),
    };
    let receipt = state.app.submit_comment(id, &input, &ip).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CommentReceiptBody {
            number: receipt.number,
            status: "pending".into(),
        }),
    )
        .into_response())
}
