//! 依申请公开 over JSON: online submission (public) and staff registration (token),
//! the register, one application with its clock and history, every workflow step,
//! and public tracking by tracking number and query code.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use gongkai_app::{AppError, ApplicationView, StepInput, Tracking};
use gongkai_domain::application::{ApplicantInput, Channel, ReplyClock, RequestInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::TokenHolder;
use super::cursor::{CursorParams, Keyset, Page};
use super::types::Coded;
use crate::AppState;
use crate::auth::{ApiCaller, client_ip};
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery, Json};
use crate::throttle::{self, Limit};

/// 申请人。个人信息仅受理机关的信息公开专员可见，不在任何公开页面或公开接口中出现。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantBody {
    /// 申请人类型：natural_person 自然人；business 商业企业；research 科研机构；public_interest 社会公益组织；legal_service 法律服务机构；other_organisation 其他。
    #[serde(default)]
    pub kind: String,
    /// 姓名或单位名称。
    #[serde(default)]
    pub name: String,
    /// 证件类型：resident_card、passport、hk_macau_permit、taiwan_permit、permanent_residence、credit_code、other。
    #[serde(default)]
    pub id_kind: String,
    #[serde(default)]
    pub id_number: String,
    /// 联系人（法人或其他组织必填）。
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postcode: String,
}

/// 提交或登记一件政府信息公开申请。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    /// 受理机关的 slug。
    #[serde(default)]
    pub org: String,
    /// 工作人员登记时的提交方式：in_person、registered_post、ordinary_letter、fax、email（须令牌）。不填即为网上申请，收到日期为当日。
    #[serde(default)]
    pub channel: Option<String>,
    /// 工作人员登记时的收到申请日期（条例第三十一条）。
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub received_on: Option<String>,
    #[serde(default)]
    pub applicant: ApplicantBody,
    /// 政府信息名称（名称、文号、特征性描述至少一项）。
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub description: String,
    /// 信息提供形式：paper、electronic、inspection。
    #[serde(default)]
    pub delivery_form: String,
    /// 获取途径：post、email、pickup、fax、online。
    #[serde(default)]
    pub delivery_way: String,
}

/// 申请回执：查询码只返回这一次。
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptBody {
    pub tracking_number: String,
    pub query_code: String,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<NaiveDate>,
}

/// 答复期限的计算结果。
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockBody {
    /// running 计时中；paused 暂停（征求意见、待缴费）；awaiting_correction 等待补正；stopped 已答复；never_started 逾期未补正而终止，答复期限未起算。
    pub state: Coded,
    /// 允许的工作日（20，延期后最多40）。
    pub allowed: u32,
    /// 已计入的工作日。
    pub used: u32,
    /// 剩余工作日；超期为负数。
    pub left: i64,
    /// 答复期限；等待补正或等待缴费（暂停且无确定结束日）时为 null。征求意见期间按对方15个工作日内未回复计算。
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<NaiveDate>,
    /// 暂停时：暂停至哪一天（征求意见满15个工作日之日），次日自动恢复计时。
    #[schema(value_type = Option<String>, format = Date)]
    pub paused_until: Option<NaiveDate>,
    /// 计算涉及尚未载入节假日安排的年份。
    pub provisional: bool,
    /// overdue、due_soon、on_time。
    pub status: Coded,
}

impl From<&ReplyClock> for ClockBody {
    fn from(c: &ReplyClock) -> Self {
        Self {
            state: Coded::new(c.state.code(), c.state.label()),
            allowed: c.allowed,
            used: c.used,
            left: c.left,
            due_on: c.due_on,
            paused_until: c.paused_until,
            provisional: c.provisional,
            status: Coded::new(c.status.code(), c.status.label()),
        }
    }
}

/// 办理过程中的一步。
#[derive(Debug, Serialize, ToSchema)]
pub struct StepBody {
    /// register 或办理操作代码。
    pub action: Coded,
    #[schema(value_type = String, format = Date)]
    pub on_date: NaiveDate,
    pub status_after: Coded,
    /// 该步的要点（中文）。
    pub summary: String,
    /// 该步的全部记录（补正期限、征求意见对象、收费金额、答复类别与依据等）。
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    pub actor: String,
    /// 记录时间（UTC）。
    pub at: String,
}

/// 一件申请（工作人员视图）。
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationBody {
    pub tracking_number: String,
    pub org: String,
    pub channel: Coded,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<NaiveDate>,
    pub status: Coded,
    pub applicant_kind: Coded,
    /// 申请人个人信息：仅受理机关的信息公开专员可见，其他人为 null。
    #[schema(value_type = Option<Object>)]
    pub applicant: Option<serde_json::Value>,
    pub title: String,
    pub doc_number: String,
    pub description: String,
    pub delivery_form: Coded,
    pub delivery_way: Coded,
    pub assigned_org: Option<String>,
    pub outcome: Option<Coded>,
    #[schema(value_type = Option<String>, format = Date)]
    pub replied_on: Option<NaiveDate>,
    pub clock: ClockBody,
    pub history: Vec<StepBody>,
    /// 调用者现在可以办理的操作。
    pub actions: Vec<Coded>,
}

fn body_of(v: ApplicationView) -> ApplicationBody {
    ApplicationBody {
        tracking_number: v.tracking_number,
        org: v.org_name,
        channel: Coded::new(v.channel.as_str(), v.channel.label()),
        received_on: v.received_on,
        due_on: v.clock.due_on,
        status: Coded::new(v.status.as_str(), v.status.label()),
        applicant_kind: Coded::new(v.applicant_kind.as_str(), v.applicant_kind.label()),
        applicant: v
            .applicant
            .map(|a| serde_json::to_value(a).unwrap_or_default()),
        title: v.request.title,
        doc_number: v.request.doc_number,
        description: v.request.description,
        delivery_form: Coded::new(
            v.request.delivery_form.as_str(),
            v.request.delivery_form.label(),
        ),
        delivery_way: Coded::new(
            v.request.delivery_way.as_str(),
            v.request.delivery_way.label(),
        ),
        assigned_org: v.assigned_org,
        outcome: v.outcome.map(|o| Coded::new(o.as_str(), &o.full_label())),
        replied_on: v.replied_on,
        clock: ClockBody::from(&v.clock),
        history: v
            .steps
            .into_iter()
            .map(|s| StepBody {
                action: Coded::new(s.action, s.label),
                on_date: s.on_date,
                status_after: Coded::new(s.status_after.as_str(), s.status_after.label()),
                summary: s.summary,
                detail: s.detail.to_stored(),
                actor: s.actor,
                at: s.at,
            })
            .collect(),
        actions: v
            .actions
            .iter()
            .map(|a| Coded::new(a.as_str(), a.label()))
            .collect(),
    }
}

/// Submits online (no token) or registers (token and `channel`).
#[utoipa::path(
    post,
    path = "/api/v1/applications",
    summary = "提交或登记政府信息公开申请",
    description = "不带 `channel` 时为网上申请，无需令牌，以当日为收到申请之日（条例第三十一条第（三）项）。工作人员登记当面、邮寄、传真、电子邮件收到的申请时须提供令牌、`channel` 和 `received_on`，并须具有受理机关的信息公开专员或信息公开机构负责人角色。申请内容不全时返回 422，逐项列出缺少或有误的字段。",
    tag = "applications",
    operation_id = "create_application",
    request_body(content = ApplicationRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "已登记；查询码只返回这一次", body = ReceiptBody),
        (status = 401, description = "登记须提供令牌", body = ErrorEnvelope),
        (status = 403, description = "无登记权限", body = ErrorEnvelope),
        (status = 404, description = "机构不存在", body = ErrorEnvelope),
        (status = 422, description = "申请内容不全或有误", body = ErrorEnvelope),
        (status = 429, description = "同一地址提交过于频繁（每10分钟10件）", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    parts: axum::http::request::Parts,
    Json(req): Json<ApplicationRequest>,
) -> Result<Response, ApiError> {
    let a = req.applicant;
    let applicant = ApplicantInput {
        kind: a.kind,
        name: a.name,
        id_kind: a.id_kind,
        id_number: a.id_number,
        contact_person: a.contact_person,
        phone: a.phone,
        email: a.email,
        address: a.address,
        postcode: a.postcode,
    };
    let request = RequestInput {
        title: req.title,
        doc_number: req.doc_number,
        description: req.description,
        delivery_form: req.delivery_form,
        delivery_way: req.delivery_way,
    };
    let channel = req
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let receipt = match channel {
        None | Some("online") => {
            let ip = client_ip(&state, &parts);
            state
                .throttle
                .check(Limit::Apply, &ip)
                .await
                .map_err(|wait| throttle::api_refusal(Limit::Apply, wait))?;
            state
                .app
                .submit_application(req.org.trim(), &applicant, &request, &ip)
                .await?
        }
        Some(c) => {
            let actor = caller.required()?;
            let channel: Channel = c.parse().map_err(AppError::from)?;
            let received = req
                .received_on
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
                .ok_or_else(|| {
                    super::invalid("received_on", "请按“年-月-日”填写收到申请日期".into())
                })?;
            state
                .app
                .register_application(
                    &actor,
                    &req.org,
                    channel,
                    received,
                    &applicant,
                    &request,
                    &[],
                )
                .await?
        }
    };
    let body = ReceiptBody {
        tracking_number: receipt.tracking_number,
        query_code: receipt.query_code,
        received_on: receipt.received_on,
        due_on: receipt.due_on,
    };
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

/// One application for staff.
#[utoipa::path(
    get,
    path = "/api/v1/applications/{tracking_number}",
    summary = "查看申请（工作人员）",
    description = "返回收到日期、答复期限（按办理过程重新计算）、状态和全部办理过程。申请人个人信息仅对受理机关的信息公开专员返回。",
    tag = "applications",
    operation_id = "show_application",
    params(("tracking_number" = String, Path, description = "申请编号")),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "申请", body = ApplicationBody),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 404, description = "申请不存在或无权查看", body = ErrorEnvelope),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(number): ApiPath<String>,
) -> Result<axum::Json<ApplicationBody>, ApiError> {
    Ok(axum::Json(body_of(
        state.app.application_view(&actor, &number).await?,
    )))
}

/// 办理操作。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    /// accept 受理；request_correction 补正告知（note 写明补正事项，correct_by 补正期限）；receive_correction 收到补正（可更新 title、doc_number、description）；close_uncorrected 逾期未补正终止；assign 交办（assign_to 部门 slug）；consult_third_party、consult_agency 征求意见（party）；end_consultation 征求意见结束；extend 延期（days 1–20，note 理由，须信息公开机构负责人）；notify_fee 收费通知（fee_basis per_application 或 per_page，按量时 pages）；fee_notice_received 收费通知书送达（办理日期为申请人收到之日）；record_payment 已缴费；close_unpaid 逾期未缴费终止；reply 答复（outcome、basis，部分公开须 withheld）；deliver 送达（delivery_way）；archive 归档。
    #[serde(default)]
    pub action: String,
    /// 办理日期，默认当日；不得早于上一步骤，不得晚于当日。
    #[serde(default)]
    pub on_date: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub correct_by: String,
    #[serde(default)]
    pub assign_to: String,
    #[serde(default)]
    pub party: String,
    /// end_consultation：哪一方的意见（征求意见步骤的编号，见 history 中的 detail）；只有一方时可不填。
    #[serde(default)]
    pub consultation: String,
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub fee_basis: String,
    #[serde(default)]
    pub pages: String,
    /// notify_fee：收费通知书的送达方式 post、email、pickup、fax、online。邮寄和网上送达须另行记录送达（fee_notice_received），缴费期限自送达次日起算。
    #[serde(default)]
    pub sent_by: String,
    /// 办理结果代码，与年度报告第三部分各行一一对应。
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub withheld: String,
    #[serde(default)]
    pub responsible_agency: String,
    #[serde(default)]
    pub delivery_way: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub description: String,
}

/// Takes one step.
#[utoipa::path(
    post,
    path = "/api/v1/applications/{tracking_number}/actions",
    summary = "办理申请",
    description = "登记 → 受理（或补正）→ 办理 → 答复 → 送达 → 归档。与申请当前状态不符的操作返回 409 并说明原因；缺少答复类别、法律依据等返回 422。",
    tag = "applications",
    operation_id = "act_on_application",
    params(("tracking_number" = String, Path, description = "申请编号")),
    request_body(content = StepRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已办理，返回办理后的申请", body = ApplicationBody),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 403, description = "当前角色不能办理该操作", body = ErrorEnvelope),
        (status = 404, description = "申请不存在或无权查看", body = ErrorEnvelope),
        (status = 409, description = "操作与申请当前状态或期限不符", body = ErrorEnvelope),
        (status = 422, description = "缺少或有误的字段", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(number): ApiPath<String>,
    Json(r): Json<StepRequest>,
) -> Result<axum::Json<ApplicationBody>, ApiError> {
    let input = StepInput {
        action: r.action,
        on_date: r.on_date,
        note: r.note,
        correct_by: r.correct_by,
        assign_to: r.assign_to,
        party: r.party,
        consultation: r.consultation,
        days: r.days,
        fee_basis: r.fee_basis,
        pages: r.pages,
        sent_by: r.sent_by,
        outcome: r.outcome,
        basis: r.basis,
        withheld: r.withheld,
        responsible_agency: r.responsible_agency,
        delivery_way: r.delivery_way,
        title: r.title,
        doc_number: r.doc_number,
        description: r.description,
    };
    state
        .app
        .act_on_application(&actor, &number, &input)
        .await?;
    Ok(axum::Json(body_of(
        state.app.application_view(&actor, &number).await?,
    )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// true：包括已答复、已送达、已归档的申请；默认只列办理中的申请。
    #[serde(default)]
    pub all: bool,
}

/// 台账中的一行。
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterRow {
    pub tracking_number: String,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    pub status: Coded,
    pub applicant_kind: Coded,
    pub title: String,
    pub outcome: Option<Coded>,
    #[schema(value_type = Option<String>, format = Date)]
    pub replied_on: Option<NaiveDate>,
    pub clock: ClockBody,
}

/// The register of the organisations the caller sees.
#[utoipa::path(
    get,
    path = "/api/v1/applications",
    summary = "申请台账（工作人员）",
    description = "调用者可见机构的申请，办理中的按答复期限由近及远排列；不含申请人个人信息。",
    tag = "applications",
    operation_id = "list_applications",
    params(ListParams, CursorParams),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "台账", body = [RegisterRow],
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
) -> Result<Page<RegisterRow>, ApiError> {
    let rows = state.app.staff_applications(&actor, !p.all).await?;
    // Open ones first, by reply date, then the rest; the tracking number breaks ties.
    let page = keyset.page(rows, |(a, c)| {
        (
            !a.status.is_open(),
            c.due_on.is_none(),
            c.due_on.map(|d| d.num_days_from_ce()),
            a.tracking_number.clone(),
        )
    })?;
    Ok(page.map(|(a, c)| RegisterRow {
        tracking_number: a.tracking_number,
        received_on: a.received_on,
        status: Coded::new(a.status.as_str(), a.status.label()),
        applicant_kind: Coded::new(a.applicant.kind.as_str(), a.applicant.kind.label()),
        title: a.request.headline().to_owned(),
        outcome: a.outcome.map(|o| Coded::new(o.as_str(), &o.full_label())),
        replied_on: a.replied_on,
        clock: ClockBody::from(&c),
    }))
}

/// 查询办理进度。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackRequest {
    #[serde(default)]
    pub tracking_number: String,
    #[serde(default)]
    pub query_code: String,
}

/// 申请办理进度（公开，不含个人信息）。
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackBody {
    pub tracking_number: String,
    pub org: String,
    #[schema(value_type = String, format = Date)]
    pub received_on: NaiveDate,
    pub status: Coded,
    pub clock: ClockBody,
    pub outcome: Option<Coded>,
    #[schema(value_type = Option<String>, format = Date)]
    pub replied_on: Option<NaiveDate>,
    /// 答复要点：依据、说明、不予公开部分、负责公开的机关。
    #[schema(value_type = Option<Object>)]
    pub reply: Option<gongkai_domain::application::ReplyDetail>,
}

fn track_body(t: Tracking) -> TrackBody {
    TrackBody {
        tracking_number: t.tracking_number,
        org: t.org_name,
        received_on: t.received_on,
        status: Coded::new(t.status.as_str(), t.status.label()),
        clock: ClockBody::from(&t.clock),
        outcome: t.outcome.map(|o| Coded::new(o.as_str(), &o.full_label())),
        replied_on: t.replied_on,
        reply: t.reply,
    }
}

/// Public tracking; the code travels in the body, never in a URL.
#[utoipa::path(
    post,
    path = "/api/v1/applications/track",
    summary = "查询办理进度（公开）",
    description = "凭申请编号和查询码查询状态、答复期限和答复结果。编号或查询码有误时一律返回 404。",
    tag = "applications",
    operation_id = "track_application",
    request_body(content = TrackRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "办理进度", body = TrackBody),
        (status = 404, description = "编号或查询码有误", body = ErrorEnvelope),
        (status = 429, description = "同一地址查询过于频繁（每10分钟30次）", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn track(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    Json(r): Json<TrackRequest>,
) -> Result<axum::Json<TrackBody>, ApiError> {
    state
        .throttle
        .check(Limit::Track, &client_ip(&state, &parts))
        .await
        .map_err(|wait| throttle::api_refusal(Limit::Track, wait))?;
    let t = state
        .app
        .track_application(&r.tracking_number, &r.query_code)
        .await?;
    Ok(axum::Json(track_body(t)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterParams {
    /// csv（UTF-8，带 BOM）或 xlsx，默认 xlsx。
    #[serde(default)]
    pub format: Option<String>,
}

/// The register as a file.
#[utoipa::path(
    get,
    path = "/api/v1/applications/register",
    summary = "导出申请台账（工作人员）",
    description = "调用者可见机构的全部申请，一件一行：申请编号、收到申请日期、所需信息、申请人类型、提交方式、办理状态、答复期限、已用工作日、办理结果、答复日期、承办部门。不含申请人个人信息。",
    tag = "applications",
    operation_id = "export_register",
    params(RegisterParams),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "台账文件（text/csv 或 .xlsx）"),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 422, description = "format 有误", body = ErrorEnvelope),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiQuery(p): ApiQuery<RegisterParams>,
) -> Result<Response, ApiError> {
    let format = p.format.as_deref().unwrap_or("xlsx").trim().to_owned();
    if !matches!(format.as_str(), "csv" | "xlsx") {
        return Err(super::invalid("format", "format 须为 csv 或 xlsx".into()));
    }
    let rows = crate::admin::register_rows(&state, &actor).await?;
    let header = crate::admin::REGISTER_HEADER;
    Ok(if format == "csv" {
        crate::respond::download(
            gongkai_app::csv::table(&header, rows),
            "text/csv; charset=utf-8",
            "政府信息公开申请台账.csv",
        )
    } else {
        let bytes = crate::xlsx::register(&header, &rows)
            .map_err(|e| ApiError::from(AppError::Internal(e.to_string())))?;
        crate::respond::download(
            bytes,
            crate::xlsx::CONTENT_TYPE,
            "政府信息公开申请台账.xlsx",
        )
    })
}
