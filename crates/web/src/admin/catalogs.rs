//! 政务公开事项标准目录 in the back office: the overview with review and filing status,
//! importing a county table, deriving from a reference, the catalog page with its
//! comparison, removals, lifecycle steps and versions, and export.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::catalog_xlsx;
use gongkai_app::model::Catalog;
use gongkai_app::{AreaChoice, AreaMapping, AreaStatus, CatalogView, ImportPreview};
use gongkai_domain::catalog::lifecycle::{Action, DiffRow, Status};
use gongkai_domain::role::Role;
use serde::Deserialize;

use super::{CsrfQuery, Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Fields, Form, Path, Query, Upload};
use crate::form::{Choice, choices};
use crate::layout::{Ctx, Layout};
use crate::respond::download;
use crate::respond::render;

pub struct Row {
    id: i64,
    org: String,
    domain: String,
    status: &'static str,
    version: i64,
    published: String,
    filed: String,
}

#[derive(askama::Template)]
#[template(path = "admin/catalogs.html")]
struct ListPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    rows: Vec<Row>,
    /// Each catalog's organisation name with its figures.
    coverage: Vec<(String, gongkai_app::CoverageRow)>,
    orgs: Vec<Choice>,
    references: Vec<Choice>,
    /// The domains in use, and whether the viewer may add one.
    domains: Vec<String>,
    may_add_domain: bool,
}

/// Who keeps an organisation's catalogs and letter templates.
pub const KEEPERS: [Role; 3] = [
    Role::DisclosureOfficer,
    Role::DisclosureHead,
    Role::OrgAdmin,
];

/// Organisations where the user keeps catalogs, as options.
fn kept_orgs(staff: &Staff, tree: &gongkai_app::OrgTree) -> Vec<(String, String)> {
    super::org_options(tree, &tree.held(&staff.actor, &KEEPERS))
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    done: &str,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let coverage = state.app.compliance_overview(&staff.actor).await?;
    let name = |c: &Catalog| {
        tree.get(c.org_id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let rows = coverage
        .iter()
        .map(|r| &r.catalog)
        .map(|c| Row {
            id: c.id,
            org: name(c),
            domain: c.domain.clone(),
            status: c.status.label(),
            version: c.version,
            published: c
                .published_version
                .map(|v| format!("第{v}版"))
                .unwrap_or_else(|| "—".into()),
            filed: c
                .filed_at
                .as_deref()
                .map(crate::util::cn_instant)
                .unwrap_or_else(|| "未备案".into()),
        })
        .collect();
    // References: published catalogs of other organisations the user can see.
    let mine = kept_orgs(staff, &tree);
    let references = coverage
        .iter()
        .map(|r| &r.catalog)
        .filter(|c| c.published_version.is_some())
        .map(|c| (c.id.to_string(), format!("{}·{}", name(c), c.domain)))
        .collect::<Vec<_>>();
    let coverage = coverage
        .into_iter()
        .map(|r| (name(&r.catalog), r))
        .collect();
    let page = ListPage {
        domains: state.app.catalog_domains().await?,
        may_add_domain: staff.actor.is_platform_admin(),
        coverage,
        layout: staff_layout(ctx, staff, "政务公开事项标准目录").crumb("标准目录", ""),
        csrf: staff.csrf.clone(),
        flash: match done {
            "imported" => "目录已导入为新的编制中版本。",
            "derived" => "已依据参照目录编制本机关目录。",
            other => flash(other),
        },
        rows,
        orgs: choices(mine, ""),
        references: choices(references, ""),
    };
    Ok(render(page))
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    list_page(&state, &ctx, &staff, &d.done).await
}

/// One area of the preview with the operator's options.
pub struct AreaRow {
    name: String,
    status: String,
    undecided: bool,
    items: usize,
    understood: usize,
    not_understood: Vec<(String, String)>,
    /// The current choice as the form posts it ("map:…", "add" or "").
    choice: String,
}

#[derive(askama::Template)]
#[template(path = "admin/catalog_import.html")]
struct PreviewPage {
    layout: Layout,
    csrf: String,
    org: i64,
    org_name: String,
    key: String,
    p: ImportPreview,
    areas: Vec<AreaRow>,
    domains: Vec<String>,
    may_add: bool,
    ready: bool,
    todo: String,
}

fn choice_code(c: Option<&AreaChoice>) -> String {
    match c {
        Some(AreaChoice::Map(d)) => format!("map:{d}"),
        Some(AreaChoice::Add) => "add".into(),
        None => String::new(),
    }
}

async fn preview_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    org: i64,
    key: String,
    mapping: &AreaMapping,
    p: ImportPreview,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let org_name = tree.get(org).map(|o| o.name.clone()).unwrap_or_default();
    let areas = p
        .areas
        .iter()
        .map(|a| AreaRow {
            name: a.name.clone(),
            status: match &a.status {
                AreaStatus::Known => "本平台已有领域".to_owned(),
                AreaStatus::Mapped(d) => format!("对应到“{d}”"),
                AreaStatus::Added => "作为本平台新增领域".to_owned(),
                AreaStatus::Undecided => "不是本平台的领域，请选择如何导入".to_owned(),
                AreaStatus::BadMapping(d) => format!("“{d}”不是本平台的领域，请重新选择"),
            },
            undecided: a.domain().is_none(),
            items: a.items,
            understood: a.understood,
            not_understood: a.not_understood.clone(),
            choice: choice_code(mapping.choices.get(&a.name)),
        })
        .collect();
    let ready = p.ready();
    let page = PreviewPage {
        layout: staff_layout(ctx, staff, "导入目录：预览")
            .crumb("标准目录", "/admin/catalogs")
            .crumb("导入预览", ""),
        csrf: staff.csrf.clone(),
        org,
        org_name,
        key,
        todo: p.what_to_do().unwrap_or_default(),
        domains: p.domains.clone(),
        may_add: staff.actor.is_platform_admin(),
        areas,
        ready,
        p,
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(page)).into_response())
}

/// A county table uploaded as `file`, for organisation `org` (both multipart fields):
/// nothing is saved yet; the preview says what the table holds.
pub async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<CsrfQuery>,
    form: Upload,
) -> Result<Response, PageError> {
    staff.check_csrf(&q.csrf)?;
    let org = form
        .fields
        .get("org")
        .trim()
        .parse::<i64>()
        .map_err(|_| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, "请选择机构"))?;
    let bytes = &form
        .file("file")
        .ok_or_else(|| {
            PageError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "请选择要导入的 .xlsx 文件",
            )
        })?
        .bytes;
    let mapping = AreaMapping::default();
    let p = state
        .app
        .preview_catalog_import(&staff.actor, org, bytes, &mapping)
        .await?;
    let key = state.app.stash_upload(bytes).await?;
    preview_page(&state, &ctx, &staff, org, key, &mapping, p).await
}

/// The preview's form: the operator's choice per area, then preview again or import.
pub async fn import_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Fields(f): Fields,
) -> Result<Response, PageError> {
    let form = Fields(f);
    staff.check_csrf(form.get("_csrf"))?;
    let org = form
        .get("org")
        .trim()
        .parse::<i64>()
        .map_err(|_| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, "请选择机构"))?;
    let key = form.get("key").to_owned();
    let bytes = state.app.stashed_upload(&key).await?;
    let mut mapping = AreaMapping::default();
    for (area, choice) in form.all("area").into_iter().zip(form.all("choice")) {
        let c = if choice == "add" {
            Some(AreaChoice::Add)
        } else {
            choice
                .strip_prefix("map:")
                .map(|d| AreaChoice::Map(d.to_owned()))
        };
        if let Some(c) = c {
            mapping.choices.insert(area.to_owned(), c);
        }
    }
    if form.get("go") == "import" {
        match state
            .app
            .import_catalog(&staff.actor, org, &bytes, &mapping)
            .await?
        {
            Ok(_) => {
                state.app.discard_upload(&key).await;
                return Ok(Redirect::to("/admin/catalogs?done=imported").into_response());
            }
            Err(p) => return preview_page(&state, &ctx, &staff, org, key, &mapping, p).await,
        }
    }
    let p = state
        .app
        .preview_catalog_import(&staff.actor, org, &bytes, &mapping)
        .await?;
    preview_page(&state, &ctx, &staff, org, key, &mapping, p).await
}

#[derive(Deserialize, Default)]
pub struct DeriveForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    reference: String,
}

pub async fn derive(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<DeriveForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let bad = |m: &str| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, m.to_owned());
    let org = f
        .org
        .trim()
        .parse::<i64>()
        .map_err(|_| bad("请选择本机关"))?;
    let reference = f
        .reference
        .trim()
        .parse::<i64>()
        .map_err(|_| bad("请选择参照目录"))?;
    let id = state
        .app
        .derive_catalog(&staff.actor, org, reference)
        .await?;
    Ok(Redirect::to(&format!("/admin/catalogs/{id}?done=derived")).into_response())
}

pub struct StepForm {
    action: &'static str,
    label: &'static str,
    needs_note: bool,
}

#[derive(askama::Template)]
#[template(path = "admin/catalog.html")]
struct CatalogPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    v: CatalogView,
    forms: Vec<StepForm>,
    diff: Vec<(String, &'static str, String)>,
    /// Reference items that may be left out: (id, name).
    removable: Vec<(String, String)>,
    /// Whether any item has a 三级事项.
    third: bool,
    may_edit: bool,
    may_link: bool,
    compliance: Vec<gongkai_app::ItemCompliance>,
}

impl CatalogPage {
    fn action_label(&self, code: &str) -> &'static str {
        code.parse::<Action>().map_or("", |a| a.label())
    }
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    let v = state.app.catalog_view(&staff.actor, id).await?;
    let diff = v
        .diff
        .iter()
        .map(|r| match r {
            DiffRow::Inherited { label, .. } => (label.clone(), "沿用", String::new()),
            DiffRow::Changed { label, columns, .. } => (label.clone(), "调整", columns.join("、")),
            DiffRow::Added { label, .. } => (label.clone(), "新增", String::new()),
            DiffRow::Removed { label, reason, .. } => (label.clone(), "删减", reason.clone()),
        })
        .chain(
            v.unexplained
                .iter()
                .map(|(_, label)| (label.clone(), "删减（未说明理由）", String::new())),
        )
        .collect();
    let removable = v
        .diff
        .iter()
        .filter_map(|r| match r {
            DiffRow::Inherited { id, label } | DiffRow::Changed { id, label, .. } => {
                Some((id.clone(), label.clone()))
            }
            _ => None,
        })
        .chain(v.unexplained.iter().cloned())
        .collect();
    let tree = state.app.org_tree().await?;
    let keeper = kept_orgs(&staff, &tree)
        .iter()
        .any(|(o, _)| *o == v.org_id.to_string());
    let may_edit = keeper && !matches!(v.status, Status::Submitted | Status::Approved);
    // Published content is tagged with items whatever the catalog's stage.
    let may_link = keeper;
    let page = CatalogPage {
        layout: staff_layout(&ctx, &staff, &format!("{}·{}", v.org_name, v.domain))
            .crumb("标准目录", "/admin/catalogs")
            .crumb(v.domain.clone(), ""),
        csrf: staff.csrf.clone(),
        flash: match d.done.as_str() {
            "derived" => "已依据参照目录编制本机关目录。",
            "removed" => "已删减该事项并记录理由。",
            "linked" => "已关联公开内容。",
            other => flash(other),
        },
        forms: v
            .actions
            .iter()
            .map(|a| StepForm {
                action: a.as_str(),
                label: a.label(),
                needs_note: a.needs_note(),
            })
            .collect(),
        diff,
        removable,
        third: v.items.iter().any(|i| !i.third.is_empty()),
        may_edit,
        may_link,
        compliance: state.app.catalog_compliance(&staff.actor, id).await?,
        v,
    };
    Ok(render(page))
}

#[derive(Deserialize, Default)]
pub struct ActForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    note: String,
}

pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let action: Action = f
        .action
        .parse()
        .map_err(|_| PageError::new(StatusCode::BAD_REQUEST, "未知的目录操作"))?;
    state
        .app
        .catalog_act(&staff.actor, id, action, &f.note)
        .await
        .map_err(|e| PageError::back_to(e, "目录", &format!("/admin/catalogs/{id}")))?;
    Ok(Redirect::to(&format!("/admin/catalogs/{id}?done=acted")).into_response())
}

#[derive(Deserialize, Default)]
pub struct RemoveForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    /// The reference item's id.
    #[serde(default)]
    item: String,
    #[serde(default)]
    reason: String,
}

pub async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<RemoveForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state
        .app
        .remove_catalog_item(&staff.actor, id, &f.item, &f.reason)
        .await
        .map_err(|e| PageError::back_to(e, "目录", &format!("/admin/catalogs/{id}")))?;
    Ok(Redirect::to(&format!("/admin/catalogs/{id}?done=removed")).into_response())
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = state.app.catalog_view(&staff.actor, id).await?;
    let bytes = catalog_xlsx::write(&v.org_name, &v.items).map_err(crate::xlsx::failed)?;
    Ok(download(
        bytes,
        crate::xlsx::CONTENT_TYPE,
        &format!("{}{}领域基层政务公开标准目录.xlsx", v.org_name, v.domain),
    ))
}

pub async fn export_csv(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = state.app.catalog_view(&staff.actor, id).await?;
    Ok(download(
        catalog_xlsx::csv(&v.items),
        "text/csv; charset=utf-8",
        &format!("{}{}领域基层政务公开标准目录.csv", v.org_name, v.domain),
    ))
}

#[derive(Deserialize, Default)]
pub struct LinkForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    index_number: String,
}

/// Tags a published document with an item (by its id).
pub async fn link(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<LinkForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state
        .app
        .link_catalog_item(&staff.actor, id, &f.item, &f.index_number)
        .await
        .map_err(|e| PageError::back_to(e, "目录", &format!("/admin/catalogs/{id}")))?;
    Ok(Redirect::to(&format!("/admin/catalogs/{id}?done=linked#compliance")).into_response())
}

#[derive(Deserialize, Default)]
pub struct DomainForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    name: String,
}

pub async fn add_domain(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<DomainForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state.app.add_catalog_domain(&staff.actor, &f.name).await?;
    Ok(Redirect::to("/admin/catalogs?done=saved#domains").into_response())
}

#[derive(Deserialize, Default, Clone)]
pub struct ItemForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    /// The id of the item being changed (empty for a new one).
    #[serde(default)]
    original: String,
    #[serde(default)]
    first: String,
    #[serde(default)]
    second: String,
    #[serde(default)]
    third: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    time_limit: String,
    #[serde(default)]
    subject: String,
    /// Channels, 、-separated.
    #[serde(default)]
    channels: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    levels: String,
}

#[derive(Deserialize, Default)]
pub struct ItemQuery {
    /// The item's id; a new item without one.
    #[serde(default)]
    item: String,
}

#[derive(askama::Template)]
#[template(path = "admin/catalog_item.html")]
struct ItemPage {
    layout: Layout,
    csrf: String,
    id: i64,
    f: ItemForm,
    errors: Vec<String>,
    editing: bool,
}

fn item_page(
    ctx: &Ctx,
    staff: &Staff,
    v: &CatalogView,
    f: ItemForm,
    errors: Vec<String>,
) -> Response {
    let editing = !f.original.is_empty();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ItemPage {
        layout: staff_layout(
            ctx,
            staff,
            if editing {
                "修改目录事项"
            } else {
                "新增目录事项"
            },
        )
        .crumb("标准目录", "/admin/catalogs")
        .crumb(v.domain.clone(), format!("/admin/catalogs/{}", v.id))
        .crumb(
            if editing {
                "修改事项"
            } else {
                "新增事项"
            },
            "",
        ),
        csrf: staff.csrf.clone(),
        id: v.id,
        f,
        errors,
        editing,
    };
    (status, render(page)).into_response()
}

pub async fn item_form(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<ItemQuery>,
) -> Result<Response, PageError> {
    let v = state.app.catalog_view(&staff.actor, id).await?;
    let f = if q.item.is_empty() {
        ItemForm::default()
    } else {
        let i = v
            .items
            .iter()
            .find(|i| i.id == q.item)
            .ok_or_else(PageError::not_found)?;
        ItemForm {
            original: i.id.clone(),
            first: i.first.clone(),
            second: i.second.clone(),
            third: i.third.clone(),
            content: i.content.clone(),
            basis: i.basis.clone(),
            time_limit: i.time_limit.clone(),
            subject: i.subject.clone(),
            channels: i
                .channels
                .iter()
                .filter(|c| c.as_str() != "other")
                .map(|c| c.label().to_owned())
                .chain((!i.other_channels.is_empty()).then(|| i.other_channels.clone()))
                .collect::<Vec<_>>()
                .join("、"),
            audience: i.audience_label(),
            method: i.method_label(),
            levels: i.levels_label(),
            ..Default::default()
        }
    };
    Ok(item_page(&ctx, &staff, &v, f, Vec::new()))
}

pub async fn item_save(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ItemForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let raw = gongkai_domain::catalog::RawItem {
        first: f.first.clone(),
        second: f.second.clone(),
        third: f.third.clone(),
        content: f.content.clone(),
        basis: f.basis.clone(),
        time_limit: f.time_limit.clone(),
        subject: f.subject.clone(),
        channels: vec![f.channels.clone()],
        audience: f.audience.clone(),
        method: f.method.clone(),
        levels: vec![f.levels.clone()],
        ..Default::default()
    };
    let original = (!f.original.is_empty()).then_some(f.original.as_str());
    match state
        .app
        .save_catalog_item(&staff.actor, id, original, &raw)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/catalogs/{id}?done=saved#items")).into_response())
        }
        Err(gongkai_app::AppError::Invalid(v)) => {
            let view = state.app.catalog_view(&staff.actor, id).await?;
            Ok(item_page(
                &ctx,
                &staff,
                &view,
                f.clone(),
                v.into_iter().map(|i| i.message).collect(),
            ))
        }
        Err(e) => Err(PageError::back_to(
            e,
            "目录",
            &format!("/admin/catalogs/{id}"),
        )),
    }
}
