//! 办事服务 over JSON: the published service guides, filterable by organisation,
//! audience and life or business event, each with every element of its guide.

use axum::extract::State;
use gongkai_app::services::{ServiceQuery, ServiceView, file_role_label};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cursor::{CursorParams, Keyset, Page};
use crate::AppState;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceParams {
    /// 机构代号（含其下属机构）。
    pub org: Option<String>,
    /// 服务对象：person 个人办事、legal 法人办事。
    pub audience: Option<String>,
    /// 办事主题（代码或名称，如 marriage 或“婚姻登记”）。
    pub theme: Option<String>,
    /// 关键词（事项名称、编码、受理单位、申请材料）。
    pub q: Option<String>,
}

/// 随办事指南提供的文件。
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceFileBody {
    pub id: i64,
    /// form 申请表格、sample 示范文本、mistakes 常见错误示例。
    pub role: String,
    pub role_label: String,
    pub filename: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// 下载地址（网站路径）。
    pub href: String,
}

/// 服务事项与办事指南。
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceBody {
    pub id: i64,
    pub org: String,
    pub org_name: String,
    pub code: String,
    pub name: String,
    /// person 或 legal。
    pub audience: String,
    /// 办事主题代码。
    pub themes: Vec<String>,
    pub basis: String,
    pub office: String,
    pub steps: Vec<String>,
    pub materials: Vec<String>,
    pub mistakes: String,
    pub fees: String,
    pub fee_basis: String,
    pub time_limit: String,
    pub place: String,
    pub hours: String,
    pub phone: String,
    pub complaint_phone: String,
    pub online_url: String,
    /// 批准日期（YYYY-MM-DD）。
    pub approved_on: Option<String>,
    pub published_on: Option<String>,
    /// 指南缺少的要素（名称）。
    pub missing: Vec<String>,
    pub files: Vec<ServiceFileBody>,
    /// 网站上的指南页面。
    pub href: String,
}

impl From<ServiceView> for ServiceBody {
    fn from(v: ServiceView) -> Self {
        let f = v.service.fields;
        let id = v.service.id;
        let slug = v.org.slug;
        Self {
            id,
            href: format!("/{slug}/bsfw/{id}"),
            files: v
                .files
                .into_iter()
                .map(|x| ServiceFileBody {
                    href: format!("/{slug}/bsfw/{id}/file/{}", x.id),
                    role_label: file_role_label(&x.role).into(),
                    id: x.id,
                    role: x.role,
                    filename: x.filename,
                    size_bytes: x.size_bytes,
                    sha256: x.sha256,
                })
                .collect(),
            org: slug,
            org_name: v.org.name,
            code: f.code,
            name: f.name,
            audience: f
                .audience
                .map(|a| a.as_str().to_owned())
                .unwrap_or_default(),
            themes: v.themes.iter().map(|t| t.as_str().to_owned()).collect(),
            basis: f.basis,
            office: f.office,
            steps: v.steps,
            materials: v.materials,
            mistakes: f.mistakes,
            fees: f.fees,
            fee_basis: f.fee_basis,
            time_limit: f.time_limit,
            place: f.place,
            hours: f.hours,
            phone: f.phone,
            complaint_phone: f.complaint_phone,
            online_url: f.online_url,
            approved_on: f.approved_on.map(|d| d.to_string()),
            published_on: v.service.published_on.map(|d| d.to_string()),
            missing: v.missing.iter().map(|e| e.label().to_owned()).collect(),
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/services",
    summary = "办事服务事项",
    description = "已公开的服务事项及其办事指南，可按机构、服务对象、办事主题和关键词筛选。个人信息已按规则遮蔽。",
    tag = "services",
    operation_id = "services_list",
    params(ServiceParams, CursorParams),
    responses(
        (status = 200, description = "服务事项，按机构、事项名称排列", body = [ServiceBody],
            headers(("Link" = String, description = "下一页的地址（rel=\"next\"）；末页没有"))),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
        (status = 404, description = "机构不存在", body = ErrorEnvelope),
        (status = 422, description = "服务对象或主题未知", body = ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    keyset: Keyset,
    ApiQuery(p): ApiQuery<ServiceParams>,
) -> Result<Page<ServiceBody>, ApiError> {
    let q = ServiceQuery {
        org: p.org,
        audience: p.audience,
        theme: p.theme,
        q: p.q,
    };
    let list = state.app.public_services(&q).await?;
    let page = keyset.page(list, |v| {
        (v.org.id, v.service.fields.name.clone(), v.service.id)
    })?;
    Ok(page.map(ServiceBody::from))
}

#[utoipa::path(
    get,
    path = "/api/v1/services/{id}",
    summary = "办事指南",
    tag = "services",
    operation_id = "services_show",
    params(("id" = i64, Path, description = "服务事项编号")),
    responses(
        (status = 200, description = "办事指南", body = ServiceBody),
        (status = 404, description = "不存在或未公开", body = ErrorEnvelope),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::Json<ServiceBody>, ApiError> {
    Ok(axum::Json(state.app.public_service(id).await?.into()))
}
