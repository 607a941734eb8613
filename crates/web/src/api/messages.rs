//! 留言 over JSON: writing a message (public) with its receipt, tracking by number and
//! query code, the published exchanges, and the staff actions (token).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use gongkai_app::{MessageFilter, MessageRow, MessageTracking, MessageView, PublicExchange};
use gongkai_domain::interaction::message::MessageInput;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::TokenHolder;
use super::cursor::{CursorParams, Keyset, Page};
use super::types::Coded;
use crate::AppState;
use crate::auth::client_ip;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery, Json};
use crate::throttle::{self, Limit};

/// 一条留言。姓名和联系方式仅供办理，不公开。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageRequest {
    /// 写给哪个单位（slug）。
    #[serde(default)]
    pub org: String,
    /// 留言类型：consult 咨询；suggest 建议；complain 投诉。信访事项不在此受理。
    #[serde(default)]
    pub kind: String,
    /// 标题，50字以内。
    #[serde(default)]
    pub title: String,
    /// 内容，10至2000字。
    #[serde(default)]
    pub body: String,
    /// 姓名（不公开）。
    #[serde(default)]
    pub name: String,
    /// 联系电话（不公开；与电子邮箱至少填一项）。
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// 是否同意答复后公开留言和答复（不公开姓名和联系方式）。同意公开的，标题和内容中不得含身份证号、电话等个人信息。
    #[serde(default)]
    pub publish: bool,
}

/// 留言回执：查询码只返回这一次。
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageReceiptBody {
    pub tracking_number: String,
    pub query_code: String,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    /// 答复期限（按工作日计算，不含收到当日）。
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
}

#[utoipa::path(
    post,
    path = "/api/v1/messages",
    summary = "写信（留言）",
    description = "公开接口，无需令牌。留言进入收信单位的待受理队列，由其转办主管单位答复；答复期限为平台设置的工作日数，自收到次日起算。",
    tag = "messages",
    operation_id = "create_message",
    request_body(content = MessageRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "已收到；查询码只返回这一次", body = MessageReceiptBody),
        (status = 404, description = "单位不存在", body = ErrorEnvelope),
        (status = 422, description = "留言内容不全或有误，或同意公开的留言含个人信息", body = ErrorEnvelope),
        (status = 429, description = "同一地址提交过于频繁（每10分钟5条）", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    Json(req): Json<MessageRequest>,
) -> Result<Response, ApiError> {
    let ip = client_ip(&state, &parts);
    state
        .throttle
        .check(Limit::Message, &ip)
        .await
        .map_err(|wait| throttle::api_refusal(Limit::Message, wait))?;
    let input = MessageInput {
        kind: req.kind,
        title: req.title,
        body: req.body,
        name: req.name,
        phone: req.phone,
        email: req.email,
        publish: if req.publish { "1" } else { "0" }.into(),
    };
    let r = state.app.submit_message(&req.org, &input, &ip).await?;
    let body = MessageReceiptBody {
        tracking_number: r.tracking_number,
        query_code: r.query_code,
        received_on: r.received_on,
        due_on: r.due_on,
    };
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageTrackRequest {
    #[serde(default)]
    pub tracking_number: String,
    #[serde(default)]
    pub query_code: String,
}

/// 留言办理情况（凭留言编号和查询码；不含个人信息）。
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageTrackBody {
    pub tracking_number: String,
    pub kind: Coded,
    pub title: String,
    /// received 待受理；dispatched 办理中；review 答复审核中；answered 已答复；refused 不予受理。
    pub status: Coded,
    pub org_name: String,
    pub handling_org: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
    /// 不予受理的理由及说明。
    pub refusal: Option<String>,
    pub reply: Option<String>,
    pub replied_by: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub answered_on: Option<NaiveDate>,
    pub published: bool,
}

fn track_body(t: MessageTracking) -> MessageTrackBody {
    MessageTrackBody {
        tracking_number: t.tracking_number,
        kind: Coded::new(t.kind.as_str(), t.kind.label()),
        title: t.title,
        status: Coded::new(t.status.as_str(), t.status.label()),
        org_name: t.org_name,
        handling_org: t.handling_org,
        received_on: t.received_on,
        due_on: t.due_on,
        refusal: t.refusal.map(|(r, note)| {
            if note.is_empty() {
                r.label().to_owned()
            } else {
                format!("{}。{note}", r.label())
            }
        }),
        reply: t.reply,
        replied_by: t.replied_by,
        answered_on: t.answered_on,
        published: t.published,
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/messages/track",
    summary = "查询留言办理情况",
    description = "凭留言编号和查询码查询状态、答复或不予受理的理由。编号或查询码有误时一律返回 404。",
    tag = "messages",
    operation_id = "track_message",
    request_body(content = MessageTrackRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "办理情况", body = MessageTrackBody),
        (status = 404, description = "编号或查询码有误", body = ErrorEnvelope),
        (status = 429, description = "查询过于频繁", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn track(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    Json(req): Json<MessageTrackRequest>,
) -> Result<axum::Json<MessageTrackBody>, ApiError> {
    state
        .throttle
        .check(Limit::Track, &client_ip(&state, &parts))
        .await
        .map_err(|wait| throttle::api_refusal(Limit::Track, wait))?;
    let t = state
        .app
        .track_message(&req.tracking_number, &req.query_code)
        .await?;
    Ok(axum::Json(track_body(t)))
}

/// 公开的留言及答复（不含留言人）。
#[derive(Debug, Serialize, ToSchema)]
pub struct ExchangeBody {
    pub tracking_number: String,
    pub kind: Coded,
    pub title: String,
    pub body: String,
    pub org: String,
    pub org_name: String,
    pub replied_by: String,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub answered_on: NaiveDate,
    pub reply: String,
}

impl From<PublicExchange> for ExchangeBody {
    fn from(e: PublicExchange) -> Self {
        Self {
            tracking_number: e.tracking_number,
            kind: Coded::new(e.kind.as_str(), e.kind.label()),
            title: e.title,
            body: e.body,
            org: e.org_slug,
            org_name: e.org_name,
            replied_by: e.replied_by,
            received_on: e.received_on,
            answered_on: e.answered_on,
            reply: e.reply,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExchangePage {
    pub total: i64,
    pub items: Vec<ExchangeBody>,
    /// 下一页的游标：作为 `cursor` 参数取下一页；为 null 时已是末页。游标翻页不受期间新公开留言的影响。
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublishedParams {
    /// 只看写给该单位或由其答复的（slug）。
    pub org: Option<String>,
    /// 每页条数，1–100，默认20。
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// 上一页响应中的 `next_cursor`，从其后继续（不能与 offset 同时使用）。
    pub cursor: Option<String>,
}

/// A page's cursor: its last exchange's answer date and tracking number.
fn exchange_cursor(e: &PublicExchange) -> String {
    format!("{}_{}", e.answered_on, e.tracking_number)
}

fn parse_exchange_cursor(v: &str) -> Result<(NaiveDate, &str), ApiError> {
    v.split_once('_')
        .and_then(|(day, number)| Some((day.parse().ok()?, number)))
        .filter(|(_, number)| !number.is_empty())
        .ok_or_else(|| super::cursor::bad_cursor(v))
}

#[utoipa::path(
    get,
    path = "/api/v1/messages/published",
    summary = "公开的留言及答复",
    description = "经留言人同意并由收信单位公开的留言和答复，按答复日期由近及远排列。不含留言人姓名和联系方式。",
    tag = "messages",
    operation_id = "list_published_messages",
    params(PublishedParams),
    responses(
        (status = 200, description = "留言选登", body = ExchangePage),
        (status = 404, description = "单位不存在", body = ErrorEnvelope),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
    )
)]
pub async fn published(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<PublishedParams>,
) -> Result<axum::Json<ExchangePage>, ApiError> {
    let limit = p.limit.unwrap_or(20);
    let org = p.org.as_deref();
    let (items, total) = match p.cursor.as_deref() {
        Some(_) if p.offset.is_some() => {
            return Err(super::documents::bad_param(
                "cursor",
                "不能与 offset 同时使用".into(),
            ));
        }
        Some(c) => {
            let (day, number) = parse_exchange_cursor(c)?;
            state
                .app
                .published_messages_after(org, limit, day, number)
                .await?
        }
        None => {
            state
                .app
                .published_messages(org, limit, p.offset.unwrap_or(0))
                .await?
        }
    };
    let full = i64::try_from(items.len()).unwrap_or(i64::MAX) >= limit.clamp(1, 100);
    Ok(axum::Json(ExchangePage {
        total,
        next_cursor: items.last().filter(|_| full).map(exchange_cursor),
        items: items.into_iter().map(ExchangeBody::from).collect(),
    }))
}

/// 留言（工作人员）。
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageBody {
    pub tracking_number: String,
    pub kind: Coded,
    pub status: Coded,
    pub title: String,
    pub body: String,
    pub org_name: String,
    pub handling_org: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
    /// on_time、due_soon、overdue。
    pub clock: String,
    /// none、near（临近3个月未答复）、over（超过3个月）：国办秘函〔2019〕19号单项否决风险。
    pub veto: String,
    /// 留言人姓名（仅收信单位和承办单位的经办人可见）。
    pub writer_name: Option<String>,
    pub writer_phone: Option<String>,
    pub writer_email: Option<String>,
    pub publish_consent: bool,
    pub reply: String,
    pub replied_by: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub answered_on: Option<NaiveDate>,
    pub published: bool,
    /// 当前可执行的操作代码。
    pub actions: Vec<String>,
}

fn veto_code(v: gongkai_domain::interaction::message::VetoRisk) -> String {
    use gongkai_domain::interaction::message::VetoRisk;
    match v {
        VetoRisk::None => "none",
        VetoRisk::Near => "near",
        VetoRisk::Over => "over",
    }
    .into()
}

fn message_body(v: MessageView) -> MessageBody {
    MessageBody {
        kind: Coded::new(v.kind.as_str(), v.kind.label()),
        status: Coded::new(v.status.as_str(), v.status.label()),
        org_name: v.org_name,
        handling_org: v.handling_org,
        received_on: v.received_on,
        due_on: v.clock.due_on,
        clock: v.clock.status.code().into(),
        veto: veto_code(v.clock.veto),
        writer_name: v.writer.as_ref().map(|w| w.name.clone()),
        writer_phone: v.writer.as_ref().map(|w| w.phone.clone()),
        writer_email: v.writer.as_ref().map(|w| w.email.clone()),
        publish_consent: v.publish_consent,
        reply: v.reply,
        replied_by: v.replied_by,
        answered_on: v.answered_on,
        published: v.published,
        actions: v.actions.iter().map(|a| a.as_str().to_owned()).collect(),
        tracking_number: v.tracking_number,
        title: v.title,
        body: v.body,
    }
}

/// 留言台账的一行（工作人员；不含个人信息）。
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageRowBody {
    pub tracking_number: String,
    pub kind: Coded,
    pub status: Coded,
    pub title: String,
    pub org_name: String,
    pub handling_org: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
    pub clock: String,
    pub veto: String,
}

impl From<MessageRow> for MessageRowBody {
    fn from(r: MessageRow) -> Self {
        Self {
            tracking_number: r.tracking_number,
            kind: Coded::new(r.kind.as_str(), r.kind.label()),
            status: Coded::new(r.status.as_str(), r.status.label()),
            title: r.title,
            org_name: r.org_name,
            handling_org: r.handling_org,
            received_on: r.received_on,
            due_on: r.clock.due_on,
            clock: r.clock.status.code().into(),
            veto: veto_code(r.clock.veto),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// open 办理中（默认）；queue 待受理；due_soon 即将到期；overdue 已超期；veto 单项否决风险；all 全部。
    pub filter: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/messages",
    summary = "留言台账（工作人员）",
    description = "调用者可见单位的留言，按答复期限由近及远排列；不含留言人个人信息。",
    tag = "messages",
    operation_id = "list_messages",
    params(ListParams, CursorParams),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "留言", body = [MessageRowBody],
            headers(("Link" = String, description = "下一页的地址（rel=\"next\"）；末页没有"))),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    keyset: Keyset,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Page<MessageRowBody>, ApiError> {
    let filter = MessageFilter::parse(p.filter.as_deref().unwrap_or(""));
    let rows = state.app.staff_messages(&actor, filter).await?;
    let days = |d: NaiveDate| i64::from(d.num_days_from_ce());
    // All: newest first; the others: most urgent first.
    let page = if filter == MessageFilter::All {
        keyset.page(rows, |r| {
            (-days(r.received_on), 0, r.tracking_number.clone())
        })?
    } else {
        keyset.page(rows, |r| {
            (
                days(r.clock.due_on),
                days(r.received_on),
                r.tracking_number.clone(),
            )
        })?
    };
    Ok(page.map(MessageRowBody::from))
}

#[utoipa::path(
    get,
    path = "/api/v1/messages/{tracking_number}",
    summary = "查看留言（工作人员）",
    description = "留言、答复期限、单项否决风险和当前可执行的操作。留言人个人信息仅对收信单位和承办单位的经办人返回。",
    tag = "messages",
    operation_id = "show_message",
    params(("tracking_number" = String, Path, description = "留言编号")),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "留言", body = MessageBody),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 404, description = "留言不存在或无权查看", body = ErrorEnvelope),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(number): ApiPath<String>,
) -> Result<axum::Json<MessageBody>, ApiError> {
    Ok(axum::Json(message_body(
        state.app.message_view(&actor, &number).await?,
    )))
}

/// 办理留言的一项操作。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageActionRequest {
    /// dispatch 转办（须 `to`）；refuse 不予受理（须 `reason`）；reply 答复（须 `reply`）；send_back 承办单位退回（须 `note`）；return 退回重办（须 `note`）；approve 审核通过答复；publish 公开（须 `public_title`、`public_body`）；unpublish 撤回公开。
    #[serde(default)]
    pub action: String,
    /// 转办的承办单位（slug），须为收信单位本身或其下级。
    #[serde(default)]
    pub to: String,
    /// 不予受理的理由：petition、application、legal_channel、duplicate、unclear、abusive、unrelated。
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub public_title: String,
    #[serde(default)]
    pub public_body: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/messages/{tracking_number}/actions",
    summary = "办理留言",
    description = "收信单位受理（转办或不予受理）、审核答复（通过或退回重办）、公开；承办单位答复或退回。与留言当前状态不符的操作返回 409；非该单位信息公开专员或负责人返回 403。",
    tag = "messages",
    operation_id = "act_on_message",
    params(("tracking_number" = String, Path, description = "留言编号")),
    request_body(content = MessageActionRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已办理，返回办理后的留言", body = MessageBody),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 403, description = "当前角色不能办理该操作", body = ErrorEnvelope),
        (status = 404, description = "留言不存在或无权查看", body = ErrorEnvelope),
        (status = 409, description = "操作与留言当前状态不符", body = ErrorEnvelope),
        (status = 422, description = "缺少或有误的字段", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(number): ApiPath<String>,
    Json(r): Json<MessageActionRequest>,
) -> Result<axum::Json<MessageBody>, ApiError> {
    use gongkai_domain::interaction::message::MessageAction as A;
    // Anyone with no part in the message is told it does not exist, before anything else.
    state.app.message_view(&actor, &number).await?;
    let app = &state.app;
    let a = &actor;
    let action: A = r
        .action
        .trim()
        .parse()
        .map_err(|e: gongkai_domain::Invalid| super::invalid("action", e.message))?;
    match action {
        A::Dispatch => app.dispatch_message(a, &number, &r.to, &r.note).await?,
        A::Refuse => app.refuse_message(a, &number, &r.reason, &r.note).await?,
        A::Reply => app.reply_message(a, &number, &r.reply).await?,
        A::SendBack => app.send_back_message(a, &number, &r.note).await?,
        A::Return => app.return_message_reply(a, &number, &r.note).await?,
        A::Approve => app.approve_message_reply(a, &number).await?,
        A::Publish => {
            app.publish_message(a, &number, &r.public_title, &r.public_body)
                .await?
        }
        A::Unpublish => app.unpublish_message(a, &number).await?,
        A::Submit => {
            return Err(super::invalid(
                "action",
                "“提交留言”请使用 POST /api/v1/messages".into(),
            ));
        }
    }
    Ok(axum::Json(message_body(
        state.app.message_view(&actor, &number).await?,
    )))
}
