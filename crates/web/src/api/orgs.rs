//! Organisations: the tree of governments, departments and villages, and the contact
//! data of each one's 政府信息公开指南. All public.

use axum::extract::State;
use gongkai_app::model::Org;
use serde::Serialize;
use utoipa::ToSchema;

use super::cursor::{CursorParams, Keyset, Page};
use super::types::{Coded, org_url};
use crate::AppState;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::ApiPath;

/// 机构（列表项）。
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgSummary {
    pub id: i64,
    /// 上级机构编号；顶级机构为 null。
    pub parent_id: Option<i64>,
    /// 层级：province 省、city 市、county 县、township 乡镇、village 村（社区）或 department 部门。
    pub level: Coded,
    pub name: String,
    pub short_name: String,
    /// 网址标识，用于 `/api/v1/orgs/{slug}`、文件列表的 `org` 参数和门户网址。
    pub slug: String,
    /// 索引号机构代码（本机构文件索引号的前缀）。
    pub index_code: String,
    /// 机构在门户网站上的首页地址。
    pub url: String,
}

impl From<&Org> for OrgSummary {
    fn from(o: &Org) -> Self {
        Self {
            id: o.id,
            parent_id: o.parent_id,
            level: Coded::level(o.level),
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            slug: o.slug.clone(),
            index_code: o.index_code.clone(),
            url: org_url(&o.slug),
        }
    }
}

/// 政府信息公开工作机构的联系方式（条例第十二条）；未填写的为空字符串。
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgContact {
    /// 政府信息公开工作机构名称
    pub office: String,
    /// 办公地址
    pub address: String,
    /// 办公时间
    pub hours: String,
    /// 联系电话
    pub phone: String,
    /// 传真
    pub fax: String,
    /// 电子邮箱
    pub email: String,
    /// 邮政编码
    pub postcode: String,
}

/// 机构详情，含政府信息公开指南所需信息。
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgDetail {
    #[serde(flatten)]
    pub summary: OrgSummary,
    /// 机构职能（纯文本）。
    pub intro: String,
    pub contact: OrgContact,
    /// 直属下级机构的网址标识。
    pub children: Vec<String>,
    /// 机构的政府信息公开专栏地址。
    pub xxgk_url: String,
    /// 政府信息公开指南页面地址。
    pub guide_url: String,
}

/// Every organisation of the deployment.
#[utoipa::path(
    get,
    path = "/api/v1/orgs",
    summary = "机构列表",
    description = "本平台服务的全部机构，按排序号排列。",
    tag = "organisations",
    operation_id = "list_orgs",
    params(CursorParams),
    responses(
        (status = 200, description = "机构列表", body = Vec<OrgSummary>,
            headers(("Link" = String, description = "下一页的地址（rel=\"next\"）；末页没有"))),
        (status = 500, description = "服务器内部错误", body = ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    keyset: Keyset,
) -> Result<Page<OrgSummary>, ApiError> {
    let tree = state.app.org_tree().await?;
    let page = keyset.page(tree.all().to_vec(), |o| (o.sort_order, o.id))?;
    Ok(page.map(|o| OrgSummary::from(&o)))
}

/// One organisation with its guide data and children.
#[utoipa::path(
    get,
    path = "/api/v1/orgs/{slug}",
    summary = "机构详情",
    description = "机构信息、联系方式（即政府信息公开指南所需信息）及直属下级机构的网址标识。",
    tag = "organisations",
    operation_id = "get_org",
    params(("slug" = String, Path, description = "机构网址标识，如 yunxi")),
    responses(
        (status = 200, description = "机构信息", body = OrgDetail),
        (status = 404, description = "机构不存在", body = ErrorEnvelope),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<axum::Json<OrgDetail>, ApiError> {
    let tree = state.app.org_tree().await?;
    let org = tree
        .by_slug(&slug)
        .ok_or_else(|| ApiError::not_found("机构不存在"))?;
    let c = &org.contact;
    Ok(axum::Json(OrgDetail {
        summary: OrgSummary::from(org),
        intro: org.intro.clone(),
        contact: OrgContact {
            office: c.office.clone(),
            address: c.address.clone(),
            hours: c.hours.clone(),
            phone: c.phone.clone(),
            fax: c.fax.clone(),
            email: c.email.clone(),
            postcode: c.postcode.clone(),
        },
        children: tree
            .children(org.id)
            .iter()
            .map(|o| o.slug.clone())
            .collect(),
        xxgk_url: format!("/{}/xxgk/", org.slug),
        guide_url: format!("/{}/xxgk/zn", org.slug),
    }))
}
