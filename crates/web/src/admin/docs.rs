//! Documents in the back office: the list, the editor, the staff page with the
//! workflow actions, validity, relations and attachments.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::model::{DocQuery, Order};
use gongkai_app::{ActionInput, AppError, AttachmentUpload, DocumentView};
use gongkai_domain::Invalid;
use gongkai_domain::attribute::{Attribute, AttributeDecision, LegalGround};
use gongkai_domain::category::{CATEGORIES, Category, Scope};
use gongkai_domain::document::{Column, RawDocument};
use gongkai_domain::role::Role;
use gongkai_domain::topic::{TOPICS, Topic};
use gongkai_domain::validity::{Relation, Validity};
use gongkai_domain::workflow::{Action, State as DocState};
use serde::Deserialize;

use super::{CsrfQuery, Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Fields, Form, Path, Query, Upload};
use crate::form::{Choice, choices};
use crate::layout::{Ctx, Layout};
use crate::pager::{PER_PAGE, Pager, offset, page_number};
use crate::respond::render;
use crate::util::{cn_instant, doc_url, enc};

// ---------- list ----------

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    attribute: String,
    #[serde(default)]
    q: String,
    page: Option<String>,
}

pub struct Row {
    title: String,
    index_number: String,
    org: String,
    state: &'static str,
    attribute: &'static str,
    written: String,
    published: String,
}

#[derive(askama::Template)]
#[template(path = "admin/docs.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    pager: Pager,
    orgs: Vec<(i64, String, bool)>,
    states: Vec<(&'static str, &'static str, bool)>,
    attributes: Vec<(&'static str, &'static str, bool)>,
    q: String,
    may_create: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(lq): Query<ListQuery>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let tree = app.org_tree().await?;
    let visible = app.visible_org_ids(&staff.actor).await?;
    let org: Option<i64> = lq.org.parse().ok().filter(|o| visible.contains(o));
    let st: Option<DocState> = lq.state.parse().ok();
    let attr: Option<Attribute> = lq.attribute.parse().ok();
    let page = page_number(lq.page.as_deref());
    let (docs, total) = app
        .staff_documents(
            &staff.actor,
            DocQuery {
                org_ids: org.map(|o| vec![o]),
                states: st.into_iter().collect(),
                attributes: attr.into_iter().collect(),
                text: Some(lq.q.clone()),
                order: Order::Updated,
                limit: PER_PAGE,
                offset: offset(page),
                ..Default::default()
            },
        )
        .await?;
    let base = format!(
        "/admin/docs?org={}&state={}&attribute={}&q={}",
        org.map(|o| o.to_string()).unwrap_or_default(),
        st.map_or("", |s| s.as_str()),
        attr.map_or("", |a| a.as_str()),
        enc(&lq.q)
    );
    Ok(render(ListPage {
        layout: staff_layout(&ctx, &staff, "文件管理").crumb("文件管理", ""),
        rows: docs
            .iter()
            .map(|d| Row {
                title: d.title.clone(),
                index_number: d.index_number.clone(),
                org: d.org_name.clone(),
                state: d.state.label(),
                attribute: d.attribute.label(),
                written: d.written_on.to_string(),
                published: d.published_on.map(|p| p.to_string()).unwrap_or_default(),
            })
            .collect(),
        pager: Pager::new(&base, page, total),
        orgs: visible
            .iter()
            .filter_map(|id| tree.get(*id))
            .map(|o| (o.id, o.name.clone(), Some(o.id) == org))
            .collect(),
        states: DocState::ALL
            .iter()
            .map(|s| (s.as_str(), s.label(), Some(*s) == st))
            .collect(),
        attributes: Attribute::ALL
            .iter()
            .map(|a| (a.as_str(), a.label(), Some(*a) == attr))
            .collect(),
        q: lq.q,
        may_create: !creatable_orgs(&staff).is_empty(),
    }))
}

/// Organisations where the actor may enter documents.
pub(super) fn creatable_orgs(staff: &Staff) -> Vec<(i64, String)> {
    let mut v: Vec<(i64, String)> = staff
        .actor
        .grants
        .iter()
        .filter(|g| matches!(g.role, Role::Drafter | Role::DisclosureOfficer))
        .map(|g| (g.org_id, g.org_name.clone()))
        .collect();
    v.dedup_by_key(|x| x.0);
    v
}

// ---------- editor ----------

#[derive(askama::Template)]
#[template(path = "admin/doc_form.html")]
struct DocForm {
    layout: Layout,
    heading: String,
    action: String,
    csrf: String,
    is_new: bool,
    orgs: Vec<Choice>,
    raw: RawDocument,
    topics: Vec<Choice>,
    categories: Vec<(&'static str, Vec<Choice>)>,
    columns: Vec<Choice>,
    attributes: Vec<Choice>,
    grounds: Vec<Choice>,
    coissuers: Vec<Choice>,
    errors: Vec<Invalid>,
    locked_attribute: bool,
    notice: String,
}

impl DocForm {
    fn error(&self, field: &str) -> String {
        crate::form::field_error(&self.errors, field)
    }
}

fn raw_from(f: &Fields) -> RawDocument {
    RawDocument {
        title: f.get("title").into(),
        doc_number: f.get("doc_number").into(),
        written_on: f.get("written_on").into(),
        topic: f.get("topic").into(),
        category: f.get("category").into(),
        column: f.get("column").into(),
        summary: f.get("summary").into(),
        body: f.get("body").into(),
        body_format: f.get("body_format").into(),
        attribute: f.get("attribute").into(),
        legal_ground: f.get("legal_ground").into(),
        attribute_reason: f.get("attribute_reason").into(),
        needs_interpretation: f.get("needs_interpretation").into(),
    }
}

struct FormArgs<'a> {
    heading: &'a str,
    action: String,
    org_choice: Option<(&'a [(i64, String)], &'a str)>,
    raw: RawDocument,
    coissuers_checked: Vec<i64>,
    errors: Vec<Invalid>,
    locked_attribute: bool,
    /// Said above the form: what a Word file gave, or what editing as text changes.
    notice: String,
}

async fn doc_form(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    a: FormArgs<'_>,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let scope_label = |s: Scope| match s {
        Scope::Every => "条例第二十条（各机关）",
        Scope::CityCounty => "条例第二十一条（市、县级政府及其部门）",
        Scope::Township => "条例第二十一条（乡镇）",
        Scope::Village => "村（居）务公开",
    };
    let mut categories: Vec<(&'static str, Vec<Choice>)> = Vec::new();
    for scope in [
        Scope::Every,
        Scope::CityCounty,
        Scope::Township,
        Scope::Village,
    ] {
        let items = CATEGORIES
            .iter()
            .filter(|c| c.scope == scope)
            .map(|c| (c.code, c.title.to_owned()));
        categories.push((scope_label(scope), choices(items, &a.raw.category)));
    }
    let form = DocForm {
        layout: staff_layout(ctx, staff, a.heading)
            .crumb("文件管理", "/admin/docs")
            .crumb(a.heading, ""),
        heading: a.heading.to_owned(),
        action: a.action,
        csrf: staff.csrf.clone(),
        is_new: a.org_choice.is_some(),
        orgs: a
            .org_choice
            .map(|(orgs, cur)| {
                orgs.iter()
                    .map(|(id, n)| Choice {
                        value: id.to_string(),
                        label: n.clone(),
                        selected: id.to_string() == cur,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        topics: choices(
            TOPICS.iter().map(|t| (t.code, t.label.to_owned())),
            &a.raw.topic,
        ),
        categories,
        // Interpretations are drafted from their policy's page, tied to it.
        columns: choices(
            Column::ALL
                .iter()
                .filter(|c| **c != Column::Interpretation || a.raw.column == c.as_str())
                .map(|c| (c.as_str(), c.label().to_owned())),
            if a.raw.column.is_empty() {
                "statutory"
            } else {
                &a.raw.column
            },
        ),
        attributes: choices(
            Attribute::ALL
                .iter()
                .map(|x| (x.as_str(), x.label().to_owned())),
            if a.raw.attribute.is_empty() {
                "proactive"
            } else {
                &a.raw.attribute
            },
        ),
        grounds: choices(
            LegalGround::ALL
                .iter()
                .map(|g| (g.as_str(), g.label().to_owned())),
            &a.raw.legal_ground,
        ),
        coissuers: tree
            .all()
            .iter()
            .filter(|o| o.level != gongkai_domain::org::OrgLevel::Village)
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name.clone(),
                selected: a.coissuers_checked.contains(&o.id),
            })
            .collect(),
        raw: a.raw,
        errors: a.errors,
        locked_attribute: a.locked_attribute,
        notice: a.notice,
    };
    let status = if form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(form);
    *r.status_mut() = status;
    Ok(r)
}

/// A Word file read into the new-document form: nothing is saved until the officer
/// checks the fields and presses 保存.
pub async fn from_word(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<CsrfQuery>,
    upload: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let orgs = creatable_orgs(&staff);
    if orgs.is_empty() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "您不是任何机构的起草人或信息公开专员，不能录入文件。",
        ));
    }
    let file = upload.file("file").ok_or_else(|| {
        PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "请选择 Word 文件（.docx）。",
        )
    })?;
    let today = state.app.today();
    let (raw, notice, errors) = match gongkai_app::word::read_docx(&file.bytes) {
        Ok(w) => {
            let mut found = Vec::new();
            for (ok, what) in [
                (!w.title.is_empty(), "标题"),
                (!w.doc_number.is_empty(), "文号"),
                (w.written_on.is_some(), "成文日期"),
                (w.attribute.is_some(), "公开属性"),
            ] {
                if ok {
                    found.push(what);
                }
            }
            let notice = format!(
                "已从《{}》读取{}正文{}段、表格{}个。请核对后保存；页眉、页脚和图片未读取。",
                file.filename,
                if found.is_empty() {
                    String::new()
                } else {
                    format!("{}，", found.join("、"))
                },
                w.paragraphs,
                w.tables
            );
            let raw = RawDocument {
                title: w.title,
                doc_number: w.doc_number,
                written_on: w.written_on.unwrap_or(today).to_string(),
                body: w.body,
                body_format: "text".into(),
                attribute: w.attribute.unwrap_or_default().into(),
                topic: "zhzw".into(),
                ..Default::default()
            };
            (raw, notice, Vec::new())
        }
        Err(e) => (
            RawDocument {
                written_on: today.to_string(),
                body_format: "text".into(),
                ..Default::default()
            },
            String::new(),
            vec![Invalid::new("file", e.message)],
        ),
    };
    doc_form(
        &state,
        &ctx,
        &staff,
        FormArgs {
            heading: "录入文件",
            action: "/admin/docs/new".into(),
            org_choice: Some((&orgs, "")),
            raw,
            coissuers_checked: Vec::new(),
            errors,
            locked_attribute: false,
            notice,
        },
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    org: String,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let orgs = creatable_orgs(&staff);
    if orgs.is_empty() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "您不是任何机构的起草人或信息公开专员，不能录入文件。",
        ));
    }
    let today = state.app.today().to_string();
    doc_form(
        &state,
        &ctx,
        &staff,
        FormArgs {
            heading: "录入文件",
            action: "/admin/docs/new".into(),
            org_choice: Some((&orgs, &q.org)),
            raw: RawDocument {
                written_on: today,
                body_format: "text".into(),
                ..Default::default()
            },
            coissuers_checked: Vec::new(),
            errors: Vec::new(),
            locked_attribute: false,
            notice: String::new(),
        },
    )
    .await
}

fn coissuers(f: &Fields) -> Vec<i64> {
    f.all("coissuers")
        .iter()
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// Problems the editor shows beside the fields; anything else is an error page.
pub(super) fn field_errors(e: AppError) -> Result<Vec<Invalid>, PageError> {
    match e {
        AppError::Invalid(v) => Ok(v),
        // The only unique value a document has that users type is its 文号.
        AppError::Conflict(m) => Ok(vec![Invalid::new("doc_number", m)]),
        e => Err(e.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    f: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    let raw = raw_from(&f);
    let org: i64 = f
        .get("org")
        .parse()
        .map_err(|_| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, "请选择发布机构"))?;
    let co = coissuers(&f);
    let errors = match state
        .app
        .create_document(&staff.actor, org, &raw, &co)
        .await
    {
        Ok(id) => {
            return Ok(Redirect::to(&format!("/admin/docs/{id}?done=created")).into_response());
        }
        Err(e) => field_errors(e)?,
    };
    let orgs = creatable_orgs(&staff);
    let org_s = org.to_string();
    doc_form(
        &state,
        &ctx,
        &staff,
        FormArgs {
            heading: "录入文件",
            action: "/admin/docs/new".into(),
            org_choice: Some((&orgs, &org_s)),
            raw,
            coissuers_checked: co,
            errors,
            locked_attribute: false,
            notice: String::new(),
        },
    )
    .await
}

fn raw_of(v: &DocumentView) -> RawDocument {
    let d = &v.doc;
    RawDocument {
        title: d.title.clone(),
        doc_number: d
            .doc_number
            .as_ref()
            .map(|n| n.raw().to_owned())
            .unwrap_or_default(),
        written_on: d.written_on.to_string(),
        topic: d.topic.clone(),
        category: d.category.clone().unwrap_or_default(),
        column: d.column.as_str().into(),
        summary: d.summary.clone(),
        // Staff edit the body as text, never as HTML.
        body: gongkai_domain::body_text::from_html(&d.body).0,
        body_format: "text".into(),
        attribute: d.decision.attribute.as_str().into(),
        legal_ground: d
            .decision
            .ground
            .map(|g| g.as_str().to_owned())
            .unwrap_or_default(),
        attribute_reason: d.decision.reason.clone(),
        needs_interpretation: if d.needs_interpretation { "1" } else { "" }.into(),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let v = state.app.document_view(&staff.actor, &id).await?;
    let tree = state.app.org_tree().await?;
    if !state
        .app
        .may_edit(&staff.actor, &v, &tree.ancestry_ids(v.doc.org_id))
    {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            format!("文件当前状态为“{}”，您不能修改。", v.doc.state.label()),
        ));
    }
    doc_form(
        &state,
        &ctx,
        &staff,
        FormArgs {
            heading: "修改文件",
            action: format!("/admin/docs/{id}/edit"),
            org_choice: None,
            raw: raw_of(&v),
            coissuers_checked: v.coissuers.iter().map(|c| c.0).collect(),
            errors: Vec::new(),
            locked_attribute: v.doc.state != DocState::Draft,
            notice: if gongkai_domain::body_text::from_html(&v.doc.body).1 {
                "本文件正文含合并单元格或多级列表：在此修改后按文本保存，合并的单元格将拆开、多级列表将变为一级。".into()
            } else {
                String::new()
            },
        },
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<String>,
    f: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    let raw = raw_from(&f);
    let co = coissuers(&f);
    let errors = match state.app.edit_document(&staff.actor, &id, &raw, &co).await {
        Ok(()) => return Ok(Redirect::to(&format!("/admin/docs/{id}?done=saved")).into_response()),
        Err(e) => field_errors(e)?,
    };
    let v = state.app.document_view(&staff.actor, &id).await?;
    let tree = state.app.org_tree().await?;
    if !state
        .app
        .may_edit(&staff.actor, &v, &tree.ancestry_ids(v.doc.org_id))
    {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            format!("文件当前状态为“{}”，您不能修改。", v.doc.state.label()),
        ));
    }
    doc_form(
        &state,
        &ctx,
        &staff,
        FormArgs {
            heading: "修改文件",
            action: format!("/admin/docs/{id}/edit"),
            org_choice: None,
            raw,
            coissuers_checked: co,
            errors,
            locked_attribute: v.doc.state != DocState::Draft,
            notice: String::new(),
        },
    )
    .await
}

// ---------- staff page ----------

pub struct TrailLine {
    at: String,
    actor: String,
    what: String,
    note: String,
}

fn trail_label(action: &str) -> String {
    let tail = action.strip_prefix("document.").unwrap_or(action);
    match tail {
        "create" => "录入".into(),
        "edit" => "修改内容".into(),
        "attach" => "上传附件".into(),
        "detach" => "删除附件".into(),
        "relate" => "关联文件".into(),
        "unrelate" => "取消关联".into(),
        "interpretation.create" => "起草政策解读".into(),
        "interpretation.edit" => "修改解读形式或问答".into(),
        "interpretation.confirm" => "复核政策解读".into(),
        other => other
            .parse::<Action>()
            .map(|a| a.label().to_owned())
            .unwrap_or_else(|_| other.to_owned()),
    }
}

fn trail_note(detail: &serde_json::Value) -> String {
    let mut parts = Vec::new();
    if let Some(r) = detail
        .get("reason")
        .and_then(|r| r.as_str())
        .filter(|r| !r.is_empty())
    {
        parts.push(format!("理由：{r}"));
    }
    if let (Some(b), Some(a)) = (
        detail.get("attribute_before"),
        detail.get("attribute_after"),
    ) {
        let label = |v: &serde_json::Value| {
            v.get("attribute")
                .and_then(|x| x.as_str())
                .and_then(|s| s.parse::<Attribute>().ok())
                .map_or("?", |a| a.label())
        };
        parts.push(format!("公开属性由“{}”改为“{}”", label(b), label(a)));
    }
    if let Some(to) = detail.get("to").and_then(|t| t.as_str()) {
        if let Ok(v) = to.parse::<Validity>() {
            parts.push(format!("有效性：{}", v.label()));
        } else if let Ok(s) = to.parse::<DocState>() {
            parts.push(format!("→ {}", s.label()));
        }
    }
    if let Some(p) = detail.get("with_policy").and_then(|x| x.as_str()) {
        parts.push(format!("随政策文件{p}一并签发"));
    }
    if let Some(p) = detail.get("policy").and_then(|x| x.as_str()) {
        parts.push(format!("解读{p}"));
    }
    if let Some(n) = detail
        .get("note")
        .and_then(|x| x.as_str())
        .filter(|n| !n.is_empty())
    {
        parts.push(format!("意见：{n}"));
    }
    if let Some(f) = detail.get("filename").and_then(|x| x.as_str()) {
        parts.push(f.to_owned());
    }
    if let Some(c) = detail
        .get("changed")
        .and_then(|x| x.as_array())
        .filter(|c| !c.is_empty())
    {
        let names: Vec<&str> = c
            .iter()
            .filter_map(|x| x.as_str())
            .map(|s| match s {
                "title" => "标题",
                "doc_number" => "文号",
                "written_on" => "成文日期",
                "body" => "正文",
                "summary" => "内容概述",
                "attribute" => "公开属性",
                "needs_interpretation" => "须同步解读",
                _ => "分类",
            })
            .collect();
        parts.push(format!("修改了：{}", names.join("、")));
    }
    parts.join("；")
}

pub struct ActionForm {
    action: &'static str,
    label: &'static str,
    needs_reason: bool,
    is_review: bool,
    is_rereview: bool,
    danger: bool,
}

#[derive(askama::Template)]
#[template(path = "admin/doc.html")]
struct DocPage {
    layout: Layout,
    v: DocumentView,
    csrf: String,
    flash: &'static str,
    doc_number: String,
    topic: &'static str,
    category: String,
    ground: String,
    clock: Option<(String, String, &'static str, &'static str, bool)>,
    actions: Vec<ActionForm>,
    may_edit: bool,
    may_validity: bool,
    may_relate: bool,
    public_url: Option<String>,
    trail: Vec<TrailLine>,
    related: Vec<(String, String, String)>,
    attachments: Vec<(i64, String, String)>,
    validities: Vec<Choice>,
    grounds: Vec<Choice>,
    attributes: Vec<Choice>,
    /// This document is an interpretation: of what, in which form.
    interp: Option<InterpBox>,
    /// This document is a policy: its interpretations in any state.
    interpretations: Vec<InterpLine>,
    may_interpret: bool,
}

pub struct InterpBox {
    form: &'static str,
    policy_title: String,
    policy_href: String,
    /// The policy's validity when it is no longer in force as interpreted.
    policy_change: String,
    may_confirm: bool,
    qa: Vec<gongkai_domain::interpretation::QaPair>,
    held: String,
    place: String,
    speakers: String,
}

pub struct InterpLine {
    title: String,
    href: String,
    form: &'static str,
    state: &'static str,
}

/// Where a staff page links another document: its back-office page where the viewer
/// may open it; otherwise its public page if it has one; otherwise nowhere.
fn staff_href(visible: &[i64], d: &gongkai_app::model::DocumentSummary) -> String {
    if visible.contains(&d.org_id) {
        format!("/admin/docs/{}", enc(&d.index_number))
    } else if d.state == DocState::Published && d.attribute.is_public() {
        doc_url(&d.org_slug, &d.index_number)
    } else {
        String::new()
    }
}

/// The interpretation parts of a document's staff page.
async fn interpretation_parts(
    state: &AppState,
    staff: &Staff,
    v: &DocumentView,
    may_validity: bool,
) -> Result<(Option<InterpBox>, Vec<InterpLine>), PageError> {
    let app = &state.app;
    let visible = app.visible_org_ids(&staff.actor).await?;
    let line = |p: &gongkai_app::model::InterpretationPair| InterpLine {
        title: p.interpretation.title.clone(),
        href: staff_href(&visible, &p.interpretation),
        form: p.form.label(),
        state: p.interpretation.state.label(),
    };
    let Some(i) = app.interpretation_of(v.doc.id).await? else {
        let pairs = app
            .interpretations_of_policy(&staff.actor, &v.doc.index_number)
            .await?;
        return Ok((None, pairs.iter().map(line).collect()));
    };
    let policy = v
        .related
        .iter()
        .find(|r| r.kind == Relation::Interprets && !r.incoming)
        .map(|r| r.doc.clone());
    let pair = match &policy {
        Some(p) => app
            .interpretations_of_policy(&staff.actor, &p.index_number)
            .await
            .unwrap_or_default()
            .into_iter()
            .find(|x| x.interpretation.id == v.doc.id),
        None => None,
    };
    let stale = pair.as_ref().is_some_and(|p| p.stale);
    let policy_change = match &policy {
        Some(p) if stale && p.validity != Validity::Valid => {
            format!("所解读的政策文件{}，请复核本解读。", p.validity.label())
        }
        Some(_) if stale => "所解读的政策文件在本解读起草后修改过，请复核本解读。".to_owned(),
        _ => String::new(),
    };
    let d = i.details;
    Ok((
        Some(InterpBox {
            form: d.form.label(),
            policy_title: policy.as_ref().map(|p| p.title.clone()).unwrap_or_default(),
            policy_href: policy
                .as_ref()
                .map(|p| staff_href(&visible, p))
                .unwrap_or_default(),
            policy_change,
            may_confirm: stale && may_validity,
            qa: d.qa,
            held: d.held_on.map(crate::util::cn_date).unwrap_or_default(),
            place: d.place,
            speakers: d.speakers,
        }),
        Vec::new(),
    ))
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<String>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let v = app.document_view(&staff.actor, &id).await?;
    let tree = app.org_tree().await?;
    let visible = app.visible_org_ids(&staff.actor).await?;
    let ancestry = tree.ancestry_ids(v.doc.org_id);
    let may_edit = app.may_edit(&staff.actor, &v, &ancestry);
    let may_validity = Action::SetValidity
        .next_state(v.doc.state, v.doc.decision.attribute, false)
        .is_ok()
        && staff
            .actor
            .holds_any(Action::SetValidity.required_roles(v.doc.state), &ancestry);
    let (interp, interpretations) = interpretation_parts(&state, &staff, &v, may_validity).await?;
    let may_interpret = interp.is_none()
        && v.doc.decision.attribute.is_public()
        && !matches!(v.doc.state, DocState::Withdrawn | DocState::Archived)
        && !creatable_orgs(&staff).is_empty();
    let doc = &v.doc;
    let clock = v.clock.map(|c| {
        let (label, class) = (c.status.label(), crate::respond::clock_class(c.status));
        let left = if c.workdays_left < 0 {
            format!("已超期{}个工作日", -c.workdays_left)
        } else {
            format!("剩余{}个工作日", c.workdays_left)
        };
        (c.due_on.to_string(), left, label, class, c.provisional)
    });
    let actions = v
        .allowed
        .iter()
        .map(|a| ActionForm {
            action: a.as_str(),
            label: a.label(),
            needs_reason: a.needs_reason() || *a == Action::Rereview,
            is_review: *a == Action::Review,
            is_rereview: *a == Action::Rereview,
            danger: matches!(a, Action::Return | Action::Withdraw),
        })
        .collect();
    let page = DocPage {
        layout: staff_layout(&ctx, &staff, &doc.title)
            .crumb("文件管理", "/admin/docs")
            .crumb(doc.index_number.clone(), ""),
        csrf: staff.csrf.clone(),
        flash: flash(&d.done),
        doc_number: doc
            .doc_number
            .as_ref()
            .map(|n| n.normalized().to_owned())
            .unwrap_or_default(),
        topic: Topic::by_code(&doc.topic).map_or("—", |t| t.label),
        category: doc
            .category
            .as_deref()
            .and_then(Category::by_code)
            .map_or("—".into(), |c| c.title.to_owned()),
        ground: doc
            .decision
            .ground
            .map(|g| g.label().to_owned())
            .unwrap_or_default(),
        clock,
        actions,
        may_edit,
        may_validity,
        may_relate: may_edit,
        public_url: (doc.state == DocState::Published)
            .then(|| doc_url(&v.org.slug, &doc.index_number)),
        trail: v
            .trail
            .iter()
            .map(|t| TrailLine {
                at: cn_instant(&t.at),
                actor: t.actor.clone(),
                what: trail_label(&t.action),
                note: trail_note(&t.detail),
            })
            .collect(),
        related: v
            .related
            .iter()
            .map(|r| {
                (
                    if r.incoming {
                        r.kind.label_backward()
                    } else {
                        r.kind.label_forward()
                    }
                    .to_owned(),
                    r.doc.title.clone(),
                    staff_href(&visible, &r.doc),
                )
            })
            .collect(),
        attachments: v
            .attachments
            .iter()
            .map(|a| {
                (
                    a.id,
                    a.filename.clone(),
                    format!("{} KB", (a.size_bytes + 1023) / 1024),
                )
            })
            .collect(),
        validities: choices(
            Validity::ALL
                .iter()
                .map(|x| (x.as_str(), x.label().to_owned())),
            doc.validity.as_str(),
        ),
        grounds: choices(
            LegalGround::ALL
                .iter()
                .map(|g| (g.as_str(), g.label().to_owned())),
            "",
        ),
        attributes: choices(
            Attribute::ALL
                .iter()
                .map(|x| (x.as_str(), x.label().to_owned())),
            doc.decision.attribute.as_str(),
        ),
        interp,
        interpretations,
        may_interpret,
        v,
    };
    Ok(render(page))
}

// ---------- actions ----------

#[derive(Deserialize)]
pub struct ActForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    convert: String,
    #[serde(default)]
    change_attribute: String,
    #[serde(default)]
    attribute: String,
    #[serde(default)]
    legal_ground: String,
    #[serde(default)]
    attribute_reason: String,
}

/// Shows a refused action as an error page that leads back to the document.
pub(super) fn refused(id: &str, e: AppError) -> PageError {
    PageError::back_to(e, "文件", &format!("/admin/docs/{}", enc(id)))
}

pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let action: Action = f
        .action
        .parse()
        .map_err(|e: Invalid| PageError::new(StatusCode::BAD_REQUEST, e.message))?;
    let mut input = ActionInput::new(action).with_reason(f.reason);
    input.convert = f.convert == "1";
    if action == Action::Review && f.change_attribute == "1" {
        input.decision = Some(
            AttributeDecision::parse(
                &f.attribute,
                Some(&f.legal_ground),
                Some(&f.attribute_reason),
            )
            .map_err(|e| refused(&id, e.into()))?,
        );
    }
    state
        .app
        .act(&staff.actor, &id, input)
        .await
        .map_err(|e| refused(&id, e))?;
    Ok(Redirect::to(&format!("/admin/docs/{id}?done=acted")).into_response())
}

#[derive(Deserialize)]
pub struct ValidityForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    validity: String,
    #[serde(default)]
    successor: String,
    #[serde(default)]
    note: String,
}

pub async fn validity(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<ValidityForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let v: Validity = f
        .validity
        .parse()
        .map_err(|e: Invalid| refused(&id, e.into()))?;
    state
        .app
        .set_validity(&staff.actor, &id, v, &f.successor, &f.note)
        .await
        .map_err(|e| refused(&id, e))?;
    Ok(Redirect::to(&format!("/admin/docs/{id}?done=validity")).into_response())
}

#[derive(Deserialize)]
pub struct RelateForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    other: String,
    #[serde(default)]
    unlink: String,
}

pub async fn relate(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<RelateForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let kind: Relation = f
        .kind
        .parse()
        .map_err(|e: Invalid| refused(&id, e.into()))?;
    state
        .app
        .relate(&staff.actor, &id, &f.other, kind, f.unlink != "1")
        .await
        .map_err(|e| refused(&id, e))?;
    Ok(Redirect::to(&format!("/admin/docs/{id}?done=related")).into_response())
}

// ---------- attachments ----------

pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<CsrfQuery>,
    form: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let upload = form
        .into_files("file")
        .into_iter()
        .next()
        .map(|f| AttachmentUpload {
            filename: f.filename,
            bytes: f.bytes,
        })
        .ok_or_else(|| refused(&id, Invalid::new("file", "请选择要上传的文件").into()))?;
    state
        .app
        .add_attachment(&staff.actor, &id, upload)
        .await
        .map_err(|e| refused(&id, e))?;
    Ok(Redirect::to(&format!("/admin/docs/{id}?done=uploaded")).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (a, bytes) = state.app.staff_attachment(&staff.actor, id).await?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&a.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename*=UTF-8''{}",
        enc(&a.filename).replace('/', "%2F")
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    /// The document's 索引号, to go back to.
    #[serde(default)]
    document: String,
}

pub async fn delete_attachment(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<DeleteForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state.app.remove_attachment(&staff.actor, id).await?;
    Ok(Redirect::to(&format!("/admin/docs/{}?done=deleted", enc(&f.document))).into_response())
}
