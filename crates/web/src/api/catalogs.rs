//! 政务公开事项标准目录 over JSON: the overview with filing and compliance, importing a
//! county table, deriving, removals with reasons, tagging content, the lifecycle, one
//! catalog with its comparison and compliance, export, and published catalogs.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_app::{
    AppError, AreaMapping, CatalogView, ImportPreview, ItemCompliance, catalog_xlsx,
};
use gongkai_domain::catalog::lifecycle::Action;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::TokenHolder;
use super::cursor::{CursorParams, Keyset, Page};
use crate::AppState;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery, Json};

/// 目录概况（含备案与公开情况核查）。
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogRow {
    pub id: i64,
    pub org: String,
    pub domain: String,
    /// draft 编制中；submitted 已报送审核；returned 已退回修改；approved 审核通过；published 已发布；filed 已备案。
    pub status: String,
    pub version: i64,
    pub published_version: Option<i64>,
    pub filed_at: Option<String>,
    pub items: usize,
    /// 已关联公开内容的事项数。
    pub with_content: usize,
    /// 公开内容均符合公开时限的事项数。
    pub on_time: usize,
    /// 有公开内容不符合公开时限的事项数。
    pub failing: usize,
    /// 公开时限无法自动核查的事项数。
    pub not_checkable: usize,
}

/// The catalogs the caller sees, with coverage and timeliness.
#[utoipa::path(
    get,
    path = "/api/v1/catalogs",
    summary = "目录概况（工作人员）",
    description = "调用者可见机构的全部标准目录：状态、版本、备案情况和公开情况核查（覆盖率与及时率）。",
    tag = "catalogs",
    operation_id = "list_catalogs",
    params(CursorParams),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "目录", body = [CatalogRow],
            headers(("Link" = String, description = "下一页的地址（rel=\"next\"）；末页没有"))),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    keyset: Keyset,
) -> Result<Page<CatalogRow>, ApiError> {
    let tree = state.app.org_tree().await?;
    let rows = state.app.compliance_overview(&actor).await?;
    let page = keyset.page(rows, |r| {
        (r.catalog.org_id, r.catalog.domain.clone(), r.catalog.id)
    })?;
    Ok(page.map(|r| {
        let c = r.catalog;
        CatalogRow {
            id: c.id,
            org: tree
                .get(c.org_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            domain: c.domain,
            status: c.status.as_str().to_owned(),
            version: c.version,
            published_version: c.published_version,
            filed_at: c.filed_at,
            items: r.items,
            with_content: r.with_content,
            on_time: r.on_time,
            failing: r.failing,
            not_checkable: r.not_checkable,
        }
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; the handler reads it as pairs (map_area repeats).
pub struct ImportParams {
    /// 目录所属机构的 slug。
    pub org: String,
    /// true：只预览，不导入。
    #[serde(default)]
    pub dry_run: bool,
    /// 将表中领域对应到本平台领域，写作“表中领域=平台领域”，可重复，如 `map_area=就业=就业创业`。
    #[serde(default)]
    pub map_area: Vec<String>,
    /// true：表中其余不是本平台领域的领域作为新增领域导入（须平台管理员）。
    #[serde(default)]
    pub add_areas: bool,
}

/// 导入结果：每个领域的目录及其新版本。
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportedBody {
    pub domain: String,
    pub catalog_id: i64,
    pub version: i64,
    pub items: usize,
}

/// 导入预览：读到的表格、各领域的事项数与公开时限识别情况、问题与提示。
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewBody {
    /// 没有问题且各领域均已确定时为 true。
    pub ready: bool,
    /// 尚未确定如何导入的领域及处理办法。
    pub what_to_do: Option<String>,
    #[schema(value_type = Object)]
    pub preview: ImportPreview,
}

fn truthy(v: &str) -> bool {
    matches!(v.trim(), "true" | "1" | "yes")
}

/// Imports a county table sent as the request body, or previews it.
#[utoipa::path(
    post,
    path = "/api/v1/catalogs/import",
    summary = "导入目录表格（.xlsx），或预览",
    description = "请求体为县、乡镇发布的目录表格（一个或多个工作表；领域按“领域”列、表题、工作表名或一级事项识别）。`dry_run=true` 只返回预览。表中领域不是本平台领域时，用 `map_area=表中领域=平台领域`（可重复）对应，或 `add_areas=true` 作为新增领域导入；未确定或表格有问题时返回 422，附预览，不导入任何内容。每个领域生成一个新的编制中版本。",
    tag = "catalogs",
    operation_id = "import_catalog",
    params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "预览（dry_run）", body = PreviewBody),
        (status = 201, description = "已导入", body = [ImportedBody]),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 403, description = "无编制权限，或无权增加领域", body = ErrorEnvelope),
        (status = 404, description = "机构不存在", body = ErrorEnvelope),
        (status = 413, description = "文件过大", body = ErrorEnvelope),
        (status = 422, description = "表格有问题，或有领域未确定；返回预览", body = PreviewBody),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    uri: axum::http::Uri,
    body: Bytes,
) -> Result<Response, ApiError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let org_slug = get("org").unwrap_or("").trim().to_owned();
    let tree = state.app.org_tree().await?;
    let org = tree
        .by_slug(&org_slug)
        .ok_or_else(|| ApiError::not_found("机构不存在"))?;
    let maps: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "map_area")
        .map(|(_, v)| v.clone())
        .collect();
    let mapping = AreaMapping::from_pairs(&maps, get("add_areas").is_some_and(truthy))
        .map_err(AppError::from)?;
    let preview_body = |p: ImportPreview| PreviewBody {
        ready: p.ready(),
        what_to_do: p.what_to_do(),
        preview: p,
    };
    if get("dry_run").is_some_and(truthy) {
        let p = state
            .app
            .preview_catalog_import(&actor, org.id, &body, &mapping)
            .await?;
        return Ok(axum::Json(preview_body(p)).into_response());
    }
    match state
        .app
        .import_catalog(&actor, org.id, &body, &mapping)
        .await?
    {
        Ok(done) => {
            let body: Vec<ImportedBody> = done
                .into_iter()
                .map(|d| ImportedBody {
                    domain: d.domain,
                    catalog_id: d.catalog_id,
                    version: d.version,
                    items: d.items,
                })
                .collect();
            Ok((StatusCode::CREATED, axum::Json(body)).into_response())
        }
        Err(p) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(preview_body(p)),
        )
            .into_response()),
    }
}

/// 依据参照目录编制。
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeriveRequest {
    /// 本机关 slug。
    pub org: String,
    /// 已发布的参照目录。
    pub reference_id: i64,
}

#[utoipa::path(
    post,
    path = "/api/v1/catalogs/derive",
    summary = "依据参照目录编制本机关目录",
    tag = "catalogs",
    operation_id = "derive_catalog",
    request_body(content = DeriveRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 201, description = "已编制，返回目录", body = CatalogBody),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 403, description = "无编制权限", body = ErrorEnvelope),
        (status = 404, description = "机构或参照目录不存在", body = ErrorEnvelope),
        (status = 409, description = "参照目录未发布，或本机关已有该领域目录", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn derive(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    Json(r): Json<DeriveRequest>,
) -> Result<Response, ApiError> {
    let tree = state.app.org_tree().await?;
    let org = tree
        .by_slug(r.org.trim())
        .ok_or_else(|| ApiError::not_found("机构不存在"))?;
    let id = state
        .app
        .derive_catalog(&actor, org.id, r.reference_id)
        .await?;
    let body = catalog_body(&state, &actor, id).await?;
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

/// 一个目录：当前版本的事项、与参照目录的对照、公开情况核查、版本与审核记录。
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogBody {
    /// 目录（见 `items`、`diff`、`unexplained`、`history`、`steps`、`actions`）。
    #[schema(value_type = Object)]
    pub catalog: CatalogView,
    /// 每个事项的公开内容及其是否符合公开时限。
    #[schema(value_type = Vec<Object>)]
    pub compliance: Vec<ItemCompliance>,
}

async fn catalog_body(
    state: &AppState,
    actor: &gongkai_app::Actor,
    id: i64,
) -> Result<CatalogBody, ApiError> {
    Ok(CatalogBody {
        catalog: state.app.catalog_view(actor, id).await?,
        compliance: state.app.catalog_compliance(actor, id).await?,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/catalogs/{id}",
    summary = "查看目录（工作人员）",
    tag = "catalogs",
    operation_id = "show_catalog",
    params(("id" = i64, Path, description = "目录编号")),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "目录", body = CatalogBody),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 404, description = "目录不存在或无权查看", body = ErrorEnvelope),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::Json<CatalogBody>, ApiError> {
    Ok(axum::Json(catalog_body(&state, &actor, id).await?))
}

/// 目录操作。
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogActionRequest {
    /// submit 报送上级审核；approve 审核通过、return 退回修改（上级机关或政务公开办，退回须填 note）；publish 发布；file 报政务公开办备案。
    pub action: String,
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/catalogs/{id}/actions",
    summary = "办理目录（报送、审核、发布、备案）",
    tag = "catalogs",
    operation_id = "act_on_catalog",
    params(("id" = i64, Path, description = "目录编号")),
    request_body(content = CatalogActionRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已办理，返回目录", body = CatalogBody),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 403, description = "无权办理", body = ErrorEnvelope),
        (status = 404, description = "目录不存在或无权查看", body = ErrorEnvelope),
        (status = 409, description = "与目录当前状态不符", body = ErrorEnvelope),
        (status = 422, description = "缺少意见，或有未说明理由的删减", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(id): ApiPath<i64>,
    Json(r): Json<CatalogActionRequest>,
) -> Result<axum::Json<CatalogBody>, ApiError> {
    let action: Action = r.action.trim().parse().map_err(AppError::from)?;
    state.app.catalog_act(&actor, id, action, &r.note).await?;
    Ok(axum::Json(catalog_body(&state, &actor, id).await?))
}

/// 删减参照事项，或为公开内容关联事项。
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemRequest {
    /// 事项编号（见目录 `items` 中的 `id`；删减时为参照目录事项的编号）。
    pub item: String,
    /// 删减理由（删减时必填）。
    #[serde(default)]
    pub reason: String,
    /// 已发布文件的索引号（关联公开内容时必填）。
    #[serde(default)]
    pub index_number: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/catalogs/{id}/removals",
    summary = "删减参照事项（须说明理由）",
    tag = "catalogs",
    operation_id = "remove_catalog_item",
    params(("id" = i64, Path, description = "目录编号")),
    request_body(content = ItemRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已删减，返回目录（新版本）", body = CatalogBody),
        (status = 403, description = "无权修改", body = ErrorEnvelope),
        (status = 409, description = "目录正在审核中", body = ErrorEnvelope),
        (status = 422, description = "缺少理由或事项不存在", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(id): ApiPath<i64>,
    Json(r): Json<ItemRequest>,
) -> Result<axum::Json<CatalogBody>, ApiError> {
    state
        .app
        .remove_catalog_item(&actor, id, &r.item, &r.reason)
        .await?;
    Ok(axum::Json(catalog_body(&state, &actor, id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/catalogs/{id}/links",
    summary = "为事项关联已发布的公开内容",
    tag = "catalogs",
    operation_id = "link_catalog_item",
    params(("id" = i64, Path, description = "目录编号")),
    request_body(content = ItemRequest, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已关联，返回目录及核查结果", body = CatalogBody),
        (status = 403, description = "无权关联", body = ErrorEnvelope),
        (status = 422, description = "事项或文件不存在，或文件未发布", body = ErrorEnvelope),
        (status = 400, description = "请求体不是有效的 JSON，或含未知字段", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
    )
)]
pub async fn link(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(id): ApiPath<i64>,
    Json(r): Json<ItemRequest>,
) -> Result<axum::Json<CatalogBody>, ApiError> {
    state
        .app
        .link_catalog_item(&actor, id, &r.item, &r.index_number)
        .await?;
    Ok(axum::Json(catalog_body(&state, &actor, id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// xlsx（默认）或 csv。
    #[serde(default)]
    pub format: Option<String>,
    /// 导出已发布版本（默认导出当前版本）。
    #[serde(default)]
    pub published: bool,
}

#[utoipa::path(
    get,
    path = "/api/v1/catalogs/{id}/export",
    summary = "导出目录（.xlsx 或 CSV）",
    description = "与导入相同的县级表格格式；导出后再导入得到相同的目录。",
    tag = "catalogs",
    operation_id = "export_catalog",
    params(("id" = i64, Path, description = "目录编号"), ExportParams),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "表格文件"),
        (status = 404, description = "目录不存在、无权查看，或尚无已发布版本", body = ErrorEnvelope),
        (status = 422, description = "format 有误", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<ExportParams>,
) -> Result<Response, ApiError> {
    let format = p.format.as_deref().unwrap_or("xlsx").trim().to_owned();
    if !matches!(format.as_str(), "csv" | "xlsx") {
        return Err(super::invalid("format", "format 须为 csv 或 xlsx".into()));
    }
    let view = state.app.catalog_view(&actor, id).await?;
    let version = if p.published {
        Some(
            view.published_version
                .ok_or_else(|| ApiError::not_found("目录尚无已发布版本"))?,
        )
    } else {
        None
    };
    let items = state.app.catalog_items(&actor, id, version).await?;
    let name = format!("{}{}领域基层政务公开标准目录", view.org_name, view.domain);
    Ok(if format == "csv" {
        crate::respond::download(
            catalog_xlsx::csv(&items),
            "text/csv; charset=utf-8",
            &format!("{name}.csv"),
        )
    } else {
        let bytes = catalog_xlsx::write(&view.org_name, &items)
            .map_err(|e| ApiError::from(AppError::Internal(e.to_string())))?;
        crate::respond::download(bytes, crate::xlsx::CONTENT_TYPE, &format!("{name}.xlsx"))
    })
}

/// 已发布的目录（公开）。
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedBody {
    /// 各领域已发布版本的事项，及每个事项关联的已发布公开内容（`content`: 事项编号、标题、地址）。
    #[schema(value_type = Vec<Object>)]
    pub catalogs: Vec<gongkai_app::PublishedCatalog>,
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{slug}/catalogs",
    summary = "机构已发布的标准目录（公开）",
    tag = "catalogs",
    operation_id = "published_catalogs",
    params(("slug" = String, Path, description = "机构 slug")),
    responses(
        (status = 200, description = "已发布的目录", body = PublishedBody),
        (status = 404, description = "机构不存在", body = ErrorEnvelope),
    )
)]
pub async fn published(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<axum::Json<PublishedBody>, ApiError> {
    let tree = state.app.org_tree().await?;
    let org = tree
        .by_slug(slug.trim())
        .ok_or_else(|| ApiError::not_found("机构不存在"))?;
    Ok(axum::Json(PublishedBody {
        catalogs: state.app.published_catalogs(org.id).await?,
    }))
}
