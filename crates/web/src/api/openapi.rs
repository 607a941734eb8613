//! The OpenAPI 3 document of the API, generated from the handlers' annotations and
//! served at `/api/v1/openapi.json`.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    applications, attachments, catalogs, consultations, documents, gazette, messages, open_data,
    orgs, participation, reports, search, services, types, workflow,
};
use crate::error::{ErrorBody, ErrorEnvelope, FieldError};

/// Name of the bearer-token security scheme in the document.
pub const SECURITY_SCHEME: &str = "api_token";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gongkai 政务公开 API",
        description = "政府信息公开平台的 JSON 接口（v1）。\n\n\
            公开接口无需令牌，只返回已发布的主动公开信息。写入接口须在请求头中提供接口令牌：\
            `Authorization: Bearer <令牌>`（令牌由工作人员在后台或命令行创建）。\n\n\
            出错时返回 `{\"error\": {\"code\", \"message\", \"fields\"}}`：`code` 为稳定的机器代码 \
            (invalid, unauthenticated, forbidden, not_found, conflict, too_large, throttled, \
            bad_request, internal)，`message` 为中文说明，`fields` 逐项列出有误的字段。"
    ),
    paths(
        orgs::list,
        orgs::show,
        documents::list,
        documents::show,
        documents::create,
        documents::edit,
        attachments::list,
        attachments::upload,
        workflow::act,
        workflow::set_validity,
        workflow::relate,
        search::search,
        applications::create,
        applications::list,
        applications::show,
        applications::act,
        applications::track,
        applications::register,
        messages::create,
        messages::track,
        messages::published,
        messages::list,
        messages::show,
        messages::act,
        consultations::list,
        consultations::show,
        consultations::feedback,
        consultations::comment,
        services::list,
        services::show,
        gazette::sth,
        gazette::sths,
        gazette::entries,
        gazette::proof,
        gazette::consistency,
        gazette::keys,
        participation::surveys,
        participation::survey,
        participation::answer,
        participation::proposals,
        participation::proposal,
        reports::show,
        reports::xlsx,
        catalogs::list,
        catalogs::import,
        catalogs::derive,
        catalogs::show,
        catalogs::act,
        catalogs::remove,
        catalogs::link,
        catalogs::export,
        catalogs::published,
        open_data::manifest,
        serve,
    ),
    components(schemas(
        open_data::Manifest,
        open_data::DatasetEntry,
        ErrorEnvelope,
        ErrorBody,
        FieldError,
        types::Coded,
        types::OrgRef,
    )),
    modifiers(&BearerToken),
    tags(
        (name = "open_data", description = "开放数据：文件、标准目录、办事指南和年度报告统计数据的批量下载清单（公开）"),
        (name = "organisations", description = "机构：机构树与政府信息公开指南所需的联系信息（公开）"),
        (name = "documents", description = "政府信息：公开文件的查询；持令牌的工作人员录入、修改文件并办理源头认定流程"),
        (name = "applications", description = "依申请公开：网上申请与进度查询（公开）；持令牌的工作人员登记、办理申请，查看台账"),
        (name = "messages", description = "互动交流·留言：写信、凭编号和查询码查询、留言选登（公开）；持令牌的工作人员转办、答复、审核、公开"),
        (name = "consultations", description = "互动交流·意见征集：征集列表、征求意见稿、公开的意见、意见采纳情况反馈与提出意见（公开）"),
        (name = "participation", description = "公众参与：问卷调查及结果、作答（公开）；人大代表建议和政协提案的办理复文"),
        (name = "services", description = "办事服务：已公开的服务事项与办事指南，按机构、个人/法人办事主题筛选"),
        (name = "gazette", description = "政府公报：公报日志（RFC 6962）的签名树头、条目、包含证明、一致性证明与签名公钥，供离线验证"),
        (name = "reports", description = "政府信息公开工作年度报告：已发布报告（公开）与草稿（须令牌），JSON 与 .xlsx"),
        (name = "catalogs", description = "政务公开事项标准目录：导入、编制、对照、审核、发布、备案、公开情况核查与导出；已发布目录公开可取"),
        (name = "meta", description = "接口说明文档"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SECURITY_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "接口令牌：`Authorization: Bearer gk_…`。令牌代表创建它的用户，按该用户在各机构的角色授权。",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document as JSON, built once.
pub fn json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi().to_json().unwrap_or_else(|e| {
            tracing::error!(error = %e, "openapi document failed to serialise");
            String::from("{}")
        })
    })
}

/// The OpenAPI document itself.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    summary = "接口说明文档",
    description = "本接口的 OpenAPI 3 说明文档，由代码生成。",
    tag = "meta",
    operation_id = "openapi",
    responses((status = 200, description = "OpenAPI 文档", content_type = "application/json", body = Object))
)]
pub async fn serve() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json()).into_response()
}
