//! The annual report as JSON and .xlsx: published reports for everyone, the working
//! draft (computed from today's records) for staff with a token.

use axum::extract::State;
use axum::response::Response;
use gongkai_domain::report::Report;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery};
use crate::report_view::ReportTables;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// true：返回按当前数据计算的草稿（须令牌，且为该机关的信息公开专员、信息公开机构负责人，或其上级的监督、管理角色）；默认返回已发布的报告。
    #[serde(default)]
    pub draft: bool,
}

/// 年度报告。
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportBody {
    pub org: String,
    pub year: i32,
    /// 已发布报告的发布时间；草稿为 null。
    pub published_at: Option<String>,
    /// 勾稽关系不成立的各列（仅草稿）。
    pub problems: Vec<String>,
    /// 报告内容：`format`（y2019 或 y2021）、`rules`（第二部分第二十条第（一）项）、`section3`（第三部分：new 本年新收、carried_over 上年结转、outcomes 各项办理结果、total 总计、carried_forward 结转下年度；每项7个数，依次为自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）、`input`（工作人员填写的内容）、`fees_collected`（本年收取的信息处理费，单位：分）。
    #[schema(value_type = Object)]
    pub report: Report,
}

async fn load(
    state: &AppState,
    caller: ApiCaller,
    slug: &str,
    year: &str,
    draft: bool,
) -> Result<ReportBody, ApiError> {
    let tree = state.app.org_tree().await?;
    let org = tree
        .by_slug(slug.trim())
        .ok_or_else(|| ApiError::not_found("机构不存在"))?;
    let year: i32 = year
        .trim()
        .parse()
        .map_err(|_| super::invalid("year", "年度须为四位数字".into()))?;
    if draft {
        let actor = caller.required()?;
        let d = state.app.report_draft(&actor, org.id, year).await?;
        return Ok(ReportBody {
            org: org.name.clone(),
            year,
            published_at: d.published_at,
            problems: d.problems,
            report: d.report,
        });
    }
    let p = state.app.published_report(org.id, year).await?;
    Ok(ReportBody {
        org: org.name.clone(),
        year,
        published_at: Some(p.published_at),
        problems: Vec::new(),
        report: p.report,
    })
}

/// A published report, or a staff draft.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{org}/{year}",
    summary = "政府信息公开工作年度报告",
    description = "已发布的年度报告公开可取；`draft=true` 时返回按当前数据计算的草稿（须令牌）。第三部分由本平台登记的申请统计，勾稽关系（本年新收＋上年结转＝办理结果总计＋结转下年度）在每列成立后才能发布。",
    tag = "reports",
    operation_id = "show_report",
    params(("org" = String, Path, description = "机构 slug"), ("year" = i32, Path, description = "年度"), ReportParams),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "年度报告", body = ReportBody),
        (status = 401, description = "草稿须提供令牌", body = ErrorEnvelope),
        (status = 404, description = "机构不存在、报告尚未发布或无权查看草稿", body = ErrorEnvelope),
        (status = 422, description = "年度有误", body = ErrorEnvelope),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath((slug, year)): ApiPath<(String, String)>,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> Result<axum::Json<ReportBody>, ApiError> {
    Ok(axum::Json(
        load(&state, caller, &slug, &year, p.draft).await?,
    ))
}

/// The same as .xlsx in the official layout.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{org}/{year}/xlsx",
    summary = "年度报告表格（.xlsx）",
    description = "按官方表格格式（含合并单元格和官方行列名称）导出，可用 Excel、WPS、LibreOffice 打开。规则同上。",
    tag = "reports",
    operation_id = "report_xlsx",
    params(("org" = String, Path, description = "机构 slug"), ("year" = i32, Path, description = "年度"), ReportParams),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = ".xlsx 文件", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "草稿须提供令牌", body = ErrorEnvelope),
        (status = 404, description = "机构不存在、报告尚未发布或无权查看草稿", body = ErrorEnvelope),
    )
)]
pub async fn xlsx(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath((slug, year)): ApiPath<(String, String)>,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> Result<Response, ApiError> {
    let body = load(&state, caller, &slug, &year, p.draft).await?;
    let t = ReportTables::new(&body.report);
    let bytes = crate::xlsx::report(&t).map_err(|e| {
        tracing::error!(error = %e, "xlsx failed");
        ApiError::from(gongkai_app::AppError::Internal(e.to_string()))
    })?;
    Ok(crate::respond::download(
        bytes,
        crate::xlsx::CONTENT_TYPE,
        &format!("{}.xlsx", t.title),
    ))
}
