//! `GET /api/v1/search`: full-text search of published 主动公开 documents.

use axum::extract::State;
use gongkai_domain::category::CATEGORIES;
use gongkai_domain::validity::Validity;
use gongkai_search::SortOrder;
use gongkai_search::query::parse_years;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::documents::{bad_param, one_of, positive};
use super::schema;
use super::types::OrgRef;
use crate::AppState;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::ApiQuery;
use crate::util::doc_url;

#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// 检索词：字词、带引号的短语、文号（各种写法均可）或索引号。可为空（此时按筛选条件列出最新文件）。
    q: Option<String>,
    /// 只检索该机构及其所有下级机构的文件（网址标识）。
    org: Option<String>,
    /// 发布年度，如 `2020` 或 `2019-2021`。
    year: Option<String>,
    #[param(schema_with = schema::category)]
    category: Option<String>,
    #[param(schema_with = schema::validity)]
    validity: Option<String>,
    /// `relevance`（缺省，按相关度）或 `newest`（按发布日期从新到旧）。
    order: Option<String>,
    /// 页码，从 1 开始；超出末页时返回空列表。
    #[param(minimum = 1)]
    page: Option<u32>,
    /// 每页条数，缺省 10，超过 50 按 50 计。
    #[param(minimum = 1)]
    per_page: Option<u32>,
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitOut {
    #[schema(example = "11350999MB0012345X-2026-00001")]
    pub index_number: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub org: OrgRef,
    #[schema(value_type = Option<String>, format = Date)]
    pub published_on: Option<chrono::NaiveDate>,
    /// 正文中与检索词相关的片段：已转义的 HTML，检索词以 `<mark>` 标出。
    pub snippet: String,
    /// 文件在门户网站上的页面地址。
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchOut {
    /// 命中文件总数。
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
    /// 没有同时包含全部检索词的文件时为 true，此时列出包含部分检索词的文件。
    pub relaxed: bool,
    /// 对检索词的说明（如检索词过长被截取、没有可检索的字词）。
    pub notice: Option<String>,
    pub hits: Vec<SearchHitOut>,
}

impl SearchParams {
    fn from_pairs(pairs: Vec<(String, String)>) -> Result<Self, ApiError> {
        let mut p = Self::default();
        let mut seen: Vec<String> = Vec::new();
        for (name, value) in pairs {
            if seen.contains(&name) {
                return Err(bad_param(&name, "重复给出".into()));
            }
            seen.push(name.clone());
            let n = name.as_str();
            if n == "q" {
                p.q = Some(value);
                continue;
            }
            let v = value.trim();
            if v.is_empty() {
                continue;
            }
            match n {
                "org" => p.org = Some(v.to_owned()),
                "year" => p.year = Some(v.to_owned()),
                "category" => {
                    let codes: Vec<&str> = CATEGORIES.iter().map(|c| c.code).collect();
                    p.category = one_of(n, v, &codes)?;
                }
                "validity" => {
                    let codes: Vec<&str> = Validity::ALL.iter().map(|c| c.as_str()).collect();
                    p.validity = one_of(n, v, &codes)?;
                }
                "order" => p.order = one_of(n, v, &["relevance", "newest"])?,
                "page" => p.page = Some(positive(n, v)?),
                "per_page" => p.per_page = Some(positive(n, v)?),
                _ => {
                    return Err(bad_param(
                        n,
                        "本接口不支持该参数；可用参数：q、org、year、category、validity、order、page、per_page".into(),
                    ));
                }
            }
        }
        Ok(p)
    }
}

/// Full-text search. Any text is accepted: queries that cannot match return no hits
/// with a `notice`, never an error.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    summary = "全文检索",
    description = "检索已发布的主动公开文件：标题、摘要和正文按中文分词检索，繁体字、全角字符与简体、半角视为相同；引号内为短语；输入文号（任一常见写法）或索引号时，该文件排在最前。先要求包含全部检索词，没有结果时再列出包含部分检索词的文件（`relaxed`）。",
    tag = "documents",
    operation_id = "search_documents",
    params(SearchParams),
    responses(
        (status = 200, description = "检索结果", body = SearchOut),
        (status = 400, description = "查询参数有误（错误信息指明参数）", body = ErrorEnvelope),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<axum::Json<SearchOut>, ApiError> {
    let p = SearchParams::from_pairs(pairs)?;
    let tree = state.app.org_tree().await?;
    let org = match &p.org {
        None => None,
        Some(slug) => Some(
            tree.by_slug(slug)
                .ok_or_else(|| bad_param("org", format!("机构“{slug}”不存在")))?
                .id,
        ),
    };
    let years = match &p.year {
        None => None,
        Some(y) => Some(
            parse_years(y)
                .ok_or_else(|| bad_param("year", format!("应为“2020”或“2019-2021”，收到“{y}”")))?,
        ),
    };
    let page = p.page.unwrap_or(1);
    let per_page = p.per_page.unwrap_or(10).min(50);
    let result = state
        .app
        .search(gongkai_search::SearchQuery {
            text: p.q.unwrap_or_default(),
            org,
            years,
            category: p.category,
            validity: p.validity,
            order: if p.order.as_deref() == Some("newest") {
                SortOrder::Newest
            } else {
                SortOrder::Relevance
            },
            offset: ((page - 1) * per_page) as usize,
            limit: per_page as usize,
        })
        .await?;
    Ok(axum::Json(SearchOut {
        total: result.total,
        page,
        per_page,
        relaxed: result.relaxed,
        notice: result.notice,
        hits: result
            .hits
            .into_iter()
            .map(|h| SearchHitOut {
                url: doc_url(&h.doc.org_slug, &h.doc.index_number),
                index_number: h.doc.index_number,
                title: h.doc.title,
                doc_number: h.doc.doc_number,
                org: OrgRef {
                    slug: h.doc.org_slug,
                    name: h.doc.org_name,
                },
                published_on: h.doc.published_on,
                snippet: h.snippet_html,
            })
            .collect(),
    }))
}
