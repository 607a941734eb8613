//! The source-disclosure workflow of a document, its validity, and its links to other
//! documents. Who may do what is decided by the use cases; refusals are 403.

use axum::extract::State;
use gongkai_app::{ActionInput, AppError};
use gongkai_domain::attribute::AttributeDecision;
use gongkai_domain::validity::{Relation, Validity};
use gongkai_domain::workflow::Action;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::schema::{self, API_ACTIONS, API_RELATIONS};
use super::types::Coded;
use super::{TokenHolder, invalid, rename_fields, staff_document};
use crate::AppState;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{ApiPath, Json};

/// 流程操作。
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = schema::action)]
    pub action: String,
    /// 理由或意见：退回、撤回和年度复核时必填。
    #[serde(default)]
    pub reason: String,
    /// 仅用于 `review`：审核人更正起草人提出的公开属性。非主动公开须同时给出 `legal_ground` 和 `attribute_reason`。
    #[serde(default)]
    #[schema(schema_with = schema::attribute, nullable)]
    pub attribute: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::legal_ground, nullable)]
    pub legal_ground: Option<String>,
    #[serde(default)]
    pub attribute_reason: Option<String>,
    /// 仅用于 `rereview`：将已归档的非公开文件转为主动公开（随后进入待签发）。
    #[serde(default)]
    pub convert: bool,
}

/// 操作后的文件状态。
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionResult {
    pub index_number: String,
    /// 当前流程状态。
    pub state: Coded,
}

fn codes<T: Copy>(items: &[T], code: impl Fn(T) -> &'static str) -> String {
    items
        .iter()
        .map(|i| code(*i))
        .collect::<Vec<_>>()
        .join("、")
}

/// Takes one workflow step; the use case checks the role.
#[utoipa::path(
    post,
    path = "/api/v1/documents/{index_number}/actions",
    summary = "办理流程",
    description = "源头认定流程：草稿 → 待审核 → 待保密审查 → 待签发 → 已发布（主动公开）或已归档（依申请公开、不予公开）。各步骤由文件所属机关中相应角色办理：`submit` 起草人或信息公开专员；`review` 审核人；`secrecy_clear` 保密审查人；`approve` 签发人；`return`（须填理由）当前步骤的办理人；`withdraw`（须填理由）信息公开专员或签发人；`reopen` 起草人或信息公开专员；`rereview`（须填理由）信息公开专员或审核人。",
    tag = "documents",
    operation_id = "act_on_document",
    params(("index_number" = String, Path, description = "索引号")),
    request_body(content = ActionRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已完成", body = ActionResult),
        (status = 400, description = "JSON 无法解析", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌或令牌无效", body = ErrorEnvelope),
        (status = 403, description = "当前角色不能进行该操作", body = ErrorEnvelope),
        (status = 404, description = "文件不存在", body = ErrorEnvelope),
        (status = 409, description = "文件状态已被他人更改", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
        (status = 422, description = "操作与文件当前状态不符，或缺少理由等", body = ErrorEnvelope),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(index_number): ApiPath<String>,
    Json(req): Json<ActionRequest>,
) -> Result<axum::Json<ActionResult>, ApiError> {
    let (doc, _) = staff_document(&state, &actor, &index_number).await?;
    let name = req.action.trim();
    let action = API_ACTIONS
        .into_iter()
        .find(|a| a.as_str() == name)
        .ok_or_else(|| {
            invalid(
                "action",
                format!(
                    "未知的操作“{name}”，可选：{}",
                    codes(&API_ACTIONS, Action::as_str)
                ),
            )
        })?;
    let attribute = req
        .attribute
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let decision = match attribute {
        None => None,
        Some(_) if action != Action::Review => {
            return Err(invalid(
                "attribute",
                "只有“审核通过”时可以更正公开属性".into(),
            ));
        }
        Some(a) => Some(
            AttributeDecision::parse(
                a,
                req.legal_ground.as_deref(),
                req.attribute_reason.as_deref(),
            )
            .map_err(AppError::from)?,
        ),
    };
    let input = ActionInput {
        action,
        reason: req.reason,
        decision,
        convert: req.convert,
    };
    let to = state.app.act(&actor, &doc.index_number, input).await?;
    Ok(axum::Json(ActionResult {
        index_number: doc.index_number,
        state: Coded::state(to),
    }))
}

/// 变更有效性。
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidityRequest {
    #[serde(default)]
    #[schema(required = true, schema_with = schema::validity)]
    pub validity: String,
    /// 修改或废止本文件的文件的索引号：`amended`、`repealed` 时必填，两份文件随即双向关联。
    #[serde(default)]
    pub successor_index_number: String,
    /// 说明，记入审计记录。
    #[serde(default)]
    pub note: String,
}

/// 变更后的有效性。
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidityResult {
    pub index_number: String,
    /// 当前有效性。
    pub validity: Coded,
}

/// Marks a document valid, amended, repealed or expired.
#[utoipa::path(
    post,
    path = "/api/v1/documents/{index_number}/validity",
    summary = "变更有效性",
    description = "将已发布、已归档或已撤回的文件标记为有效、已修改、已废止或已失效。须持有文件所属机关的信息公开专员角色。",
    tag = "documents",
    operation_id = "set_document_validity",
    params(("index_number" = String, Path, description = "索引号")),
    request_body(content = ValidityRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已变更", body = ValidityResult),
        (status = 400, description = "JSON 无法解析", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌或令牌无效", body = ErrorEnvelope),
        (status = 403, description = "无权变更有效性", body = ErrorEnvelope),
        (status = 404, description = "文件不存在", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
        (status = 422, description = "有效性或后续文件有误，或文件尚未发布", body = ErrorEnvelope),
    )
)]
pub async fn set_validity(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(index_number): ApiPath<String>,
    Json(req): Json<ValidityRequest>,
) -> Result<axum::Json<ValidityResult>, ApiError> {
    let (doc, _) = staff_document(&state, &actor, &index_number).await?;
    let validity: Validity = req.validity.trim().parse().map_err(AppError::from)?;
    state
        .app
        .set_validity(
            &actor,
            &doc.index_number,
            validity,
            &req.successor_index_number,
            &req.note,
        )
        .await
        .map_err(|e| rename_fields(e.into(), &[("successor", "successor_index_number")]))?;
    Ok(axum::Json(ValidityResult {
        index_number: doc.index_number,
        validity: Coded::validity(validity),
    }))
}

fn default_link() -> bool {
    true
}

/// 关联或取消关联另一文件。
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationRequest {
    /// `interprets`：本文件是对方的政策解读；`related`：相关文件。
    #[serde(default)]
    #[schema(required = true, schema_with = schema::relation)]
    pub kind: String,
    /// 对方文件的索引号。
    #[serde(default)]
    #[schema(required = true)]
    pub other_index_number: String,
    /// `true`（缺省）建立关联，`false` 取消关联。
    #[serde(default = "default_link")]
    #[schema(default = true)]
    pub link: bool,
}

/// 变更后的关联。
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationResult {
    pub index_number: String,
    pub kind: Coded,
    pub other_index_number: String,
    /// 关联现在是否存在。
    pub linked: bool,
}

/// Links this document to another, or removes the link.
#[utoipa::path(
    post,
    path = "/api/v1/documents/{index_number}/relations",
    summary = "关联文件",
    description = "将本文件登记为另一文件的政策解读或相关文件，或取消该关联。须持有当前可修改本文件的角色（草稿：起草人或信息公开专员；其后：信息公开专员）。修改、废止关系请通过“变更有效性”登记。",
    tag = "documents",
    operation_id = "relate_document",
    params(("index_number" = String, Path, description = "索引号")),
    request_body(content = RelationRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已关联或已取消关联", body = RelationResult),
        (status = 400, description = "JSON 无法解析", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌或令牌无效", body = ErrorEnvelope),
        (status = 403, description = "无权修改该文件", body = ErrorEnvelope),
        (status = 404, description = "文件不存在", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
        (status = 422, description = "关联类型或另一文件有误", body = ErrorEnvelope),
    )
)]
pub async fn relate(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(index_number): ApiPath<String>,
    Json(req): Json<RelationRequest>,
) -> Result<axum::Json<RelationResult>, ApiError> {
    let (doc, _) = staff_document(&state, &actor, &index_number).await?;
    let name = req.kind.trim();
    let kind: Relation = API_RELATIONS
        .into_iter()
        .find(|r| r.as_str() == name)
        .ok_or_else(|| {
            invalid(
                "kind",
                format!(
                    "未知的关联类型“{name}”，可选：{}",
                    codes(&API_RELATIONS, Relation::as_str)
                ),
            )
        })?;
    let other = req.other_index_number.trim();
    state
        .app
        .relate(&actor, &doc.index_number, other, kind, req.link)
        .await
        .map_err(|e| {
            rename_fields(
                e.into(),
                &[("other", "other_index_number"), ("relation", "kind")],
            )
        })?;
    Ok(axum::Json(RelationResult {
        index_number: doc.index_number,
        kind: Coded::new(kind.as_str(), kind.label_forward()),
        other_index_number: other.to_owned(),
        linked: req.link,
    }))
}
