//! Government information records: the public list and document, the staff view of a
//! document, and entering and editing documents.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use gongkai_app::model::Attachment;
use gongkai_app::model::AuditRecord;
use gongkai_app::model::Org;
use gongkai_app::model::{DocQuery, Document, DocumentSummary, Related};
use gongkai_app::{AppError, OrgTree};
use gongkai_domain::attribute::AttributeDecision;
use gongkai_domain::category::CATEGORIES;
use gongkai_domain::document::{Column, RawDocument};
use gongkai_domain::publication::{ClockStatus, PublicationClock};
use gongkai_domain::topic::TOPICS;
use gongkai_domain::validity::Validity;
use gongkai_domain::workflow::State as DocState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::types::{Coded, OrgRef, api_doc_url, staff_url};
use super::{TokenHolder, document_not_found, invalid, schema, staff_document};
use crate::AppState;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorEnvelope, FieldError};
use crate::extract::{ApiPath, ApiQuery, Json};
use crate::util::doc_url;

/// Page size when the caller names none.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Larger page sizes are cut to this.
pub const MAX_PER_PAGE: u32 = 100;

// ---- shapes ----

/// 公开文件（列表项）。
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentItem {
    /// 索引号，文件的稳定标识。
    #[schema(example = "11350999MB0012345X-2026-00001")]
    pub index_number: String,
    /// 标题（纯文本，不含 HTML）。
    pub title: String,
    /// 文号（规范化形式）；无文号时为 null。
    #[schema(example = "云政办〔2026〕3号")]
    pub doc_number: Option<String>,
    /// 发布机构。
    pub org: OrgRef,
    /// 成文日期。
    #[schema(value_type = String, format = Date)]
    pub written_on: NaiveDate,
    /// 发布日期。
    #[schema(value_type = Option<String>, format = Date)]
    pub published_on: Option<NaiveDate>,
    /// 主题分类。
    pub topic: Coded,
    /// 法定主动公开内容类别；未归类时为 null。
    pub category: Option<Coded>,
    /// 有效性。
    pub validity: Coded,
    /// 文件在门户网站上的页面地址。
    pub url: String,
}

impl From<&DocumentSummary> for DocumentItem {
    fn from(d: &DocumentSummary) -> Self {
        Self {
            index_number: d.index_number.clone(),
            title: d.title.clone(),
            doc_number: d.doc_number.clone(),
            org: OrgRef {
                slug: d.org_slug.clone(),
                name: d.org_name.clone(),
            },
            written_on: d.written_on,
            published_on: d.published_on,
            topic: Coded::topic(&d.topic),
            category: d.category.as_deref().map(Coded::category),
            validity: Coded::validity(d.validity),
            url: doc_url(&d.org_slug, &d.index_number),
        }
    }
}

/// 一页公开文件。
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentPage {
    /// 符合条件的文件总数（各页合计）。
    pub total: i64,
    pub page: u32,
    /// 实际采用的每页条数（最多 100）。
    pub per_page: u32,
    /// 按发布日期从新到旧；超出末页时为空。
    pub items: Vec<DocumentItem>,
    /// 下一页的游标：作为 `cursor` 参数取下一页；为 null 时已是末页。游标翻页不受期间新发布文件的影响。
    pub next_cursor: Option<String>,
}

/// 文件附件。
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentItem {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// 下载地址；文件未公开时为 null（工作人员在后台下载）。
    pub url: Option<String>,
}

/// 关联文件。
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedItem {
    /// 关联类型，标签按本文件的角度给出：`incoming` 为 true 的 `amends` 表示对方修改了本文件。
    pub kind: Coded,
    /// 对方为较新的文件（修改、废止或解读本文件）时为 true。
    pub incoming: bool,
    pub index_number: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub org: OrgRef,
    /// 对方在门户网站上的页面；未公开时为 null。
    pub url: Option<String>,
}

/// 公开属性源头认定。
#[derive(Debug, Serialize, ToSchema)]
pub struct AttributeView {
    /// 公开属性。
    pub attribute: Coded,
    /// 法律依据；主动公开时为 null。
    pub legal_ground: Option<Coded>,
    /// 理由；主动公开时为空。
    pub reason: String,
}

/// 主动公开文件的发布时限（条例第二十六条：自成文之日起20个工作日内公开）。
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockView {
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
    /// 到期日所在年度的节假日安排尚未载入，日期为暂定。
    pub provisional: bool,
    /// overdue 已超期、due_soon 即将到期或 on_time 正常。
    pub status: Coded,
    /// 剩余工作日（到期当日为 0）；超期时为负数。
    pub workdays_left: i64,
}

/// 审计记录一条。
#[derive(Debug, Serialize, ToSchema)]
pub struct TrailEntry {
    /// 时间（RFC 3339，UTC）。
    pub at: String,
    /// 操作人用户名；服务器命令行操作为 `cli`。
    pub actor: String,
    /// 操作，如 `document.create`、`document.approve`。
    pub action: String,
    /// 详情：状态变化、理由、修改的字段等。
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// 工作人员可见的内部信息。
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffView {
    /// 内部编号。
    pub id: i64,
    /// 文件在后台的页面地址。
    pub url_staff: String,
    /// 流程状态。
    pub state: Coded,
    pub attribute: AttributeView,
    /// 非公开文件最近一次年度复核的年份。
    pub rereviewed_year: Option<i32>,
    pub created_at: String,
    pub updated_at: String,
    /// 调用者当前可进行的流程操作。
    pub allowed_actions: Vec<Coded>,
    /// 主动公开文件发布前的时限。
    pub clock: Option<ClockView>,
    /// 审计记录，按时间先后。
    pub trail: Vec<TrailEntry>,
}

/// 文件全文。
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDetail {
    #[schema(example = "11350999MB0012345X-2026-00001")]
    pub index_number: String,
    /// 标题（纯文本，不含 HTML）。
    pub title: String,
    pub doc_number: Option<String>,
    /// 发布机构。
    pub org: OrgRef,
    /// 联合发文机关。
    pub coissuers: Vec<OrgRef>,
    #[schema(value_type = String, format = Date)]
    pub written_on: NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub published_on: Option<NaiveDate>,
    pub topic: Coded,
    pub category: Option<Coded>,
    /// 栏目。
    pub column: Coded,
    pub validity: Coded,
    /// 内容概述（纯文本）。
    pub summary: String,
    /// 正文：经过清理的 HTML（仅保留少量结构标签，不含脚本和样式）。
    pub body: String,
    pub attachments: Vec<AttachmentItem>,
    /// 关联文件；公众只能看到已公开的关联文件。
    pub related: Vec<RelatedItem>,
    /// 文件在门户网站上的页面；未公开时为 null。
    pub url: Option<String>,
    /// 仅当调用者持有令牌且有权查看发文机关内部文件时提供，否则为 null。
    pub staff: Option<StaffView>,
}

fn is_public_summary(d: &DocumentSummary) -> bool {
    d.state == DocState::Published && d.attribute.is_public()
}

fn is_public(d: &Document) -> bool {
    d.state == DocState::Published && d.decision.attribute.is_public()
}

fn related_item(r: &Related) -> RelatedItem {
    let label = if r.incoming {
        r.kind.label_backward()
    } else {
        r.kind.label_forward()
    };
    RelatedItem {
        kind: Coded::new(r.kind.as_str(), label),
        incoming: r.incoming,
        index_number: r.doc.index_number.clone(),
        title: r.doc.title.clone(),
        doc_number: r.doc.doc_number.clone(),
        org: OrgRef {
            slug: r.doc.org_slug.clone(),
            name: r.doc.org_name.clone(),
        },
        url: is_public_summary(&r.doc).then(|| doc_url(&r.doc.org_slug, &r.doc.index_number)),
    }
}

fn detail(
    doc: &Document,
    org: &Org,
    coissuers: &[(i64, String, String)],
    related: &[Related],
    attachments: &[Attachment],
) -> DocumentDetail {
    let public = is_public(doc);
    let page = doc_url(&org.slug, &doc.index_number);
    DocumentDetail {
        index_number: doc.index_number.clone(),
        title: doc.title.clone(),
        doc_number: doc.doc_number.as_ref().map(|n| n.normalized().to_owned()),
        org: OrgRef {
            slug: org.slug.clone(),
            name: org.name.clone(),
        },
        coissuers: coissuers
            .iter()
            .map(|(_, name, slug)| OrgRef {
                slug: slug.clone(),
                name: name.clone(),
            })
            .collect(),
        written_on: doc.written_on,
        published_on: doc.published_on,
        topic: Coded::topic(&doc.topic),
        category: doc.category.as_deref().map(Coded::category),
        column: Coded::column(doc.column),
        validity: Coded::validity(doc.validity),
        summary: doc.summary.clone(),
        body: doc.body.clone(),
        attachments: attachments
            .iter()
            .map(|a| AttachmentItem {
                id: a.id,
                filename: a.filename.clone(),
                content_type: a.content_type.clone(),
                size_bytes: a.size_bytes,
                url: public.then(|| format!("{page}/att/{}", a.id)),
            })
            .collect(),
        related: related.iter().map(related_item).collect(),
        url: public.then_some(page),
        staff: None,
    }
}

fn attribute_view(d: &AttributeDecision) -> AttributeView {
    AttributeView {
        attribute: Coded::attribute(d.attribute),
        legal_ground: d.ground.map(Coded::ground),
        reason: d.reason.clone(),
    }
}

fn clock_view(c: &PublicationClock) -> ClockView {
    let code = match c.status {
        ClockStatus::Overdue => "overdue",
        ClockStatus::DueSoon => "due_soon",
        ClockStatus::OnTime => "on_time",
    };
    ClockView {
        due_on: c.due_on,
        provisional: c.provisional,
        status: Coded::new(code, c.status.label()),
        workdays_left: c.workdays_left,
    }
}

fn trail_entry(r: &AuditRecord) -> TrailEntry {
    TrailEntry {
        at: r.at.clone(),
        actor: r.actor.clone(),
        action: r.action.clone(),
        detail: r.detail.clone(),
    }
}

// ---- reading ----

/// Query parameters of the document list. Empty values count as absent.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentListParams {
    /// 发文机关的网址标识，如 `yunxi`；缺省为全部机构。
    org: Option<String>,
    /// 为 `true` 时包括 `org` 所有下级机构的文件；缺省 `false`。
    subtree: Option<bool>,
    #[param(schema_with = schema::category)]
    category: Option<String>,
    #[param(schema_with = schema::topic)]
    topic: Option<String>,
    #[param(schema_with = schema::column)]
    column: Option<String>,
    #[param(schema_with = schema::validity)]
    validity: Option<String>,
    /// 页码，从 1 开始；超出末页时返回空列表。
    #[param(minimum = 1)]
    page: Option<u32>,
    /// 每页条数，缺省 20，超过 100 按 100 计。
    #[param(minimum = 1)]
    per_page: Option<u32>,
    /// 上一页响应中的 `next_cursor`，从其后继续（不能与 page 同时使用）。
    cursor: Option<String>,
}

/// A page's cursor: the keys of its last document, `published_written_id`.
fn cursor_of(d: &gongkai_app::model::DocumentSummary) -> Option<String> {
    Some(format!("{}_{}_{}", d.published_on?, d.written_on, d.id))
}

fn parse_cursor(v: &str) -> Result<gongkai_app::model::After, ApiError> {
    let bad = || super::cursor::bad_cursor(v);
    let mut parts = v.split('_');
    let (Some(p), Some(w), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad());
    Ok(gongkai_app::model::After {
        published_on: day(p)?,
        written_on: day(w)?,
        id: id.parse().map_err(|_| bad())?,
    })
}

pub(super) fn bad_param(name: &str, message: String) -> ApiError {
    let mut e = ApiError::bad_request(format!("查询参数 {name} 有误：{message}"));
    e.body.fields.push(FieldError {
        field: name.to_owned(),
        message,
    });
    e
}

pub(super) fn positive(name: &str, v: &str) -> Result<u32, ApiError> {
    v.parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| bad_param(name, format!("须为正整数，收到“{v}”")))
}

/// A filter whose value must come from a fixed list.
pub(super) fn one_of(name: &str, v: &str, codes: &[&str]) -> Result<Option<String>, ApiError> {
    if codes.contains(&v) {
        Ok(Some(v.to_owned()))
    } else {
        Err(bad_param(
            name,
            format!("未知的值“{v}”，可选：{}", codes.join("、")),
        ))
    }
}

impl DocumentListParams {
    /// Parses the query string by hand, so that every problem, including a parameter
    /// this endpoint does not know (a filter silently ignored would return wrong
    /// data) or one given twice, gets a message naming it.
    fn from_pairs(pairs: Vec<(String, String)>) -> Result<Self, ApiError> {
        let mut p = Self::default();
        let mut seen: Vec<String> = Vec::new();
        for (name, value) in pairs {
            if seen.contains(&name) {
                return Err(bad_param(&name, "重复给出".into()));
            }
            seen.push(name.clone());
            let v = value.trim();
            if v.is_empty() {
                continue;
            }
            let n = name.as_str();
            match n {
                "org" => p.org = Some(v.to_owned()),
                "subtree" => {
                    p.subtree = Some(match v {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err(bad_param(n, format!("须为 true 或 false，收到“{v}”"))),
                    })
                }
                "category" => {
                    let codes: Vec<&str> = CATEGORIES.iter().map(|c| c.code).collect();
                    p.category = one_of(n, v, &codes)?;
                }
                "topic" => {
                    let codes: Vec<&str> = TOPICS.iter().map(|t| t.code).collect();
                    p.topic = one_of(n, v, &codes)?;
                }
                "column" => {
                    let codes: Vec<&str> = Column::ALL.iter().map(|c| c.as_str()).collect();
                    p.column = one_of(n, v, &codes)?;
                }
                "validity" => {
                    let codes: Vec<&str> = Validity::ALL.iter().map(|c| c.as_str()).collect();
                    p.validity = one_of(n, v, &codes)?;
                }
                "page" => p.page = Some(positive(n, v)?),
                "per_page" => p.per_page = Some(positive(n, v)?),
                "cursor" => p.cursor = Some(v.to_owned()),
                _ => {
                    return Err(bad_param(
                        n,
                        "本接口不支持该参数；可用参数：org、subtree、category、topic、column、validity、page、per_page、cursor".into(),
                    ));
                }
            }
        }
        if p.cursor.is_some() && p.page.is_some() {
            return Err(bad_param("cursor", "不能与 page 同时使用".into()));
        }
        Ok(p)
    }
}

/// A page of published proactive documents. Nothing else is ever listed.
#[utoipa::path(
    get,
    path = "/api/v1/documents",
    summary = "公开文件列表",
    description = "按发布日期从新到旧分页列出已发布的主动公开文件。其他状态或其他公开属性的文件，无论谁请求都不会列出。\n\n参数值有误、参数重复或使用本接口不支持的参数时返回 400，错误信息指明参数名。",
    tag = "documents",
    operation_id = "list_documents",
    params(DocumentListParams),
    responses(
        (status = 200, description = "文件列表", body = DocumentPage),
        (status = 400, description = "查询参数有误（错误信息指明参数）", body = ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<axum::Json<DocumentPage>, ApiError> {
    let p = DocumentListParams::from_pairs(pairs)?;
    let mut q = DocQuery::default();
    if let Some(slug) = &p.org {
        let tree = state.app.org_tree().await?;
        let org = tree
            .by_slug(slug)
            .ok_or_else(|| bad_param("org", format!("机构“{slug}”不存在")))?;
        q.org_ids = Some(if p.subtree.unwrap_or(false) {
            tree.subtree_ids(org.id)
        } else {
            vec![org.id]
        });
    }
    q.category = p.category;
    q.topic = p.topic;
    q.column = p
        .column
        .as_deref()
        .map(Column::parse)
        .transpose()
        .map_err(AppError::from)?;
    q.validity = p
        .validity
        .as_deref()
        .map(str::parse::<Validity>)
        .transpose()
        .map_err(AppError::from)?;
    let page = p.page.unwrap_or(1);
    let per_page = p.per_page.unwrap_or(DEFAULT_PER_PAGE).min(MAX_PER_PAGE);
    q.limit = i64::from(per_page);
    q.offset = (i64::from(page) - 1) * i64::from(per_page);
    q.after = p.cursor.as_deref().map(parse_cursor).transpose()?;
    let (docs, total) = state.app.public_documents(q).await?;
    let full = docs.len() == per_page as usize;
    Ok(axum::Json(DocumentPage {
        total,
        page,
        per_page,
        next_cursor: docs.last().filter(|_| full).and_then(cursor_of),
        items: docs.iter().map(DocumentItem::from).collect(),
    }))
}

/// A public document by its 索引号, or the staff view for a token holder who may see it.
#[utoipa::path(
    get,
    path = "/api/v1/documents/{index_number}",
    summary = "文件详情",
    description = "按索引号返回已发布的主动公开文件全文。其他文件的响应与不存在的文件完全相同（404）。\n\n持有效令牌、且有权查看发文机关内部文件的工作人员，可读取该机关任何状态的文件，并得到 `staff` 部分：流程状态、公开属性认定、发布时限、可进行的操作和审计记录。",
    tag = "documents",
    operation_id = "get_document",
    params(("index_number" = String, Path, description = "索引号，如 11350999MB0012345X-2026-00001")),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "文件", body = DocumentDetail),
        (status = 401, description = "令牌无效或已撤销", body = ErrorEnvelope),
        (status = 404, description = "文件不存在或未公开", body = ErrorEnvelope),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(index_number): ApiPath<String>,
) -> Result<axum::Json<DocumentDetail>, ApiError> {
    if let Some(actor) = caller {
        match state.app.document_view(&actor, &index_number).await {
            Ok(v) => {
                let mut d = detail(&v.doc, &v.org, &v.coissuers, &v.related, &v.attachments);
                d.staff = Some(StaffView {
                    id: v.doc.id,
                    url_staff: staff_url(&v.doc.index_number),
                    state: Coded::state(v.doc.state),
                    attribute: attribute_view(&v.doc.decision),
                    rereviewed_year: v.doc.rereviewed_year,
                    created_at: v.doc.created_at.clone(),
                    updated_at: v.doc.updated_at.clone(),
                    allowed_actions: v.allowed.iter().map(|a| Coded::action(*a)).collect(),
                    clock: v.clock.as_ref().map(clock_view),
                    trail: v.trail.iter().map(trail_entry).collect(),
                });
                return Ok(axum::Json(d));
            }
            // Not theirs to see: they get what the public gets.
            Err(AppError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let p = state
        .app
        .public_document(index_number.trim())
        .await?
        .ok_or_else(document_not_found)?;
    Ok(axum::Json(detail(
        &p.doc,
        &p.org,
        &p.coissuers,
        &p.related,
        &p.attachments,
    )))
}

// ---- writing ----

/// 文件内容。各字段均为文本，逐项校验，问题逐字段报告（422）；未知字段一律拒绝（400），
/// 拼错的字段不会被悄悄丢弃。`PUT` 整体替换文件内容：省略的字段将被清空。
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    /// 发文机关的网址标识。录入时必填；修改时可省略，给出时须为原发文机关（文件不能转移机关）。
    #[serde(default)]
    #[schema(example = "yunxi")]
    pub org: String,
    /// 标题（纯文本，最多200字）。
    #[serde(default)]
    #[schema(
        required = true,
        example = "云溪县关于印发2026年政务公开工作要点的通知"
    )]
    pub title: String,
    /// 文号，按原样填写，如 `云政办〔2026〕3号`；系统校验并规范化。可为空。
    #[serde(default)]
    #[schema(example = "云政办〔2026〕3号")]
    pub doc_number: String,
    /// 成文日期，格式 `YYYY-MM-DD`，不得晚于今天。
    #[serde(default)]
    #[schema(required = true, example = "2026-03-02")]
    pub written_on: String,
    #[serde(default)]
    #[schema(required = true, schema_with = schema::topic)]
    pub topic: String,
    #[serde(default)]
    #[schema(schema_with = schema::category)]
    pub category: String,
    #[serde(default)]
    #[schema(schema_with = schema::column)]
    pub column: String,
    /// 内容概述（纯文本，最多1000字）。
    #[serde(default)]
    pub summary: String,
    /// 正文（HTML）。保存时清理，仅保留结构性标签。
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    #[schema(required = true, schema_with = schema::attribute)]
    pub attribute: String,
    #[serde(default)]
    #[schema(schema_with = schema::legal_ground)]
    pub legal_ground: String,
    /// 不予主动公开的理由（公开属性非主动公开时必填）。
    #[serde(default)]
    pub attribute_reason: String,
    /// 须同步解读：为 true 时，本文件只能与通过审核的政策解读一并签发。
    #[serde(default)]
    pub needs_interpretation: bool,
    /// 联合发文机关的网址标识。
    #[serde(default)]
    pub coissuers: Vec<String>,
}

impl DocumentInput {
    fn raw(&self) -> RawDocument {
        RawDocument {
            title: self.title.clone(),
            doc_number: self.doc_number.clone(),
            written_on: self.written_on.clone(),
            topic: self.topic.clone(),
            category: self.category.clone(),
            column: self.column.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            // The API takes HTML (or plain lines), as imports do.
            body_format: String::new(),
            attribute: self.attribute.clone(),
            legal_ground: self.legal_ground.clone(),
            attribute_reason: self.attribute_reason.clone(),
            needs_interpretation: if self.needs_interpretation { "1" } else { "" }.into(),
        }
    }
}

/// 刚写入的文件。
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentRef {
    /// 内部编号。
    pub id: i64,
    #[schema(example = "11350999MB0012345X-2026-00001")]
    pub index_number: String,
    /// 流程状态。
    pub state: Coded,
    /// 文件在后台的页面地址。
    #[schema(example = "/admin/docs/1")]
    pub url_staff: String,
    /// 文件在本接口中的地址。
    pub url: String,
}

fn coissuer_ids(tree: &OrgTree, slugs: &[String]) -> Result<Vec<i64>, ApiError> {
    slugs
        .iter()
        .map(|s| {
            tree.by_slug(s.trim())
                .map(|o| o.id)
                .ok_or_else(|| invalid("coissuers", format!("联合发文机关“{s}”不存在")))
        })
        .collect()
}

async fn document_ref(
    state: &AppState,
    actor: &gongkai_app::Actor,
    index_number: &str,
) -> Result<DocumentRef, ApiError> {
    let doc = state.app.document_of(actor, index_number).await?;
    Ok(DocumentRef {
        id: doc.id,
        url: api_doc_url(&doc.index_number),
        url_staff: staff_url(&doc.index_number),
        state: Coded::state(doc.state),
        index_number: doc.index_number,
    })
}

/// Enters a new document as a draft.
#[utoipa::path(
    post,
    path = "/api/v1/documents",
    summary = "录入文件",
    description = "以 `org` 机关的名义录入新文件，状态为草稿，同时生成索引号。须持有该机关起草人或信息公开专员角色。",
    tag = "documents",
    operation_id = "create_document",
    request_body(content = DocumentInput, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 201, description = "已录入为草稿", body = DocumentRef,
            headers(("Location" = String, description = "新文件在本接口中的地址"))),
        (status = 400, description = "JSON 无法解析", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌或令牌无效", body = ErrorEnvelope),
        (status = 403, description = "无权在该机构录入文件", body = ErrorEnvelope),
        (status = 409, description = "同一发文机关同一年度的文号重复", body = ErrorEnvelope),
        (status = 413, description = "请求体过大（上限 4 MiB）", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
        (status = 422, description = "字段有误，见 error.fields", body = ErrorEnvelope),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    Json(input): Json<DocumentInput>,
) -> Result<Response, ApiError> {
    let tree = state.app.org_tree().await?;
    let slug = input.org.trim();
    if slug.is_empty() {
        return Err(invalid("org", "请指定发文机关（org）".into()));
    }
    let org = tree
        .by_slug(slug)
        .ok_or_else(|| invalid("org", format!("发文机关“{slug}”不存在")))?;
    let coissuers = coissuer_ids(&tree, &input.coissuers)?;
    let index_number = state
        .app
        .create_document(&actor, org.id, &input.raw(), &coissuers)
        .await?;
    let r = document_ref(&state, &actor, &index_number).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, r.url.clone())],
        axum::Json(r),
    )
        .into_response())
}

/// Replaces a document's content.
#[utoipa::path(
    put,
    path = "/api/v1/documents/{index_number}",
    summary = "修改文件",
    description = "整体替换文件内容。草稿可由本机关起草人或信息公开专员修改；已发布或已归档的文件只能由信息公开专员更正，且不能借此改变公开属性（须经审核或年度复核）。",
    tag = "documents",
    operation_id = "edit_document",
    params(("index_number" = String, Path, description = "索引号")),
    request_body(content = DocumentInput, content_type = "application/json"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "已保存", body = DocumentRef),
        (status = 400, description = "JSON 无法解析", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌或令牌无效", body = ErrorEnvelope),
        (status = 403, description = "无权修改", body = ErrorEnvelope),
        (status = 404, description = "文件不存在", body = ErrorEnvelope),
        (status = 409, description = "文号重复", body = ErrorEnvelope),
        (status = 413, description = "请求体过大（上限 4 MiB）", body = ErrorEnvelope),
        (status = 415, description = "请求须为 application/json", body = ErrorEnvelope),
        (status = 422, description = "字段有误，或当前状态不能修改", body = ErrorEnvelope),
    )
)]
pub async fn edit(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(index_number): ApiPath<String>,
    Json(input): Json<DocumentInput>,
) -> Result<axum::Json<DocumentRef>, ApiError> {
    let (doc, tree) = staff_document(&state, &actor, &index_number).await?;
    let slug = input.org.trim();
    if !slug.is_empty() && tree.get(doc.org_id).is_some_and(|o| o.slug != slug) {
        return Err(invalid(
            "org",
            "发文机关不能修改；如确有需要，请撤回后重新录入".into(),
        ));
    }
    let coissuers = coissuer_ids(&tree, &input.coissuers)?;
    state
        .app
        .edit_document(&actor, &doc.index_number, &input.raw(), &coissuers)
        .await?;
    Ok(axum::Json(
        document_ref(&state, &actor, &doc.index_number).await?,
    ))
}
