//! The four standard columns of an organisation's 政府信息公开 platform (国办公开办函
//! 〔2019〕61号): 指南, 制度, 法定主动公开内容, 年报; plus the 政府信息公开目录.

use axum::extract::State;
use axum::response::Response;
use gongkai_app::OrgTree;
use gongkai_app::model::DocQuery;
use gongkai_app::model::Org;
use gongkai_domain::category::{Category, categories_for};
use gongkai_domain::document::Column;
use gongkai_domain::org::OrgLevel;
use serde::Deserialize;

use super::{DocRow, crumbs_to, org_and_tree, rows};
use crate::AppState;
use crate::error::PageError;
use crate::extract::{Path, Query};
use crate::layout::{Ctx, Layout};
use crate::pager::{PER_PAGE, Pager, offset, page_number};
use crate::respond::render;

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<String>,
}

fn platform_layout(ctx: &Ctx, title: &str, tree: &OrgTree, org: &Org) -> Layout {
    let l = crumbs_to(ctx, title, tree, org);
    let l = l.crumb("政府信息公开", format!("/{}/xxgk/", org.slug));
    if title == "政府信息公开" {
        l
    } else {
        l.crumb(title, "")
    }
}

/// Villages publish 村(居)务公开 on their own page, not a 政府信息公开 platform.
pub(crate) fn has_platform(org: &Org) -> bool {
    org.level != OrgLevel::Village
}

struct Unit {
    name: String,
    href: String,
}

#[derive(askama::Template)]
#[template(path = "portal/xxgk.html")]
struct PlatformPage {
    layout: Layout,
    org: Org,
    rules: Vec<DocRow>,
    statutory: Vec<DocRow>,
    reports: Vec<DocRow>,
    departments: Vec<Unit>,
    townships: Vec<Unit>,
}

pub async fn platform(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if !has_platform(&org) {
        return Err(PageError::not_found());
    }
    let q = |column: Column| DocQuery {
        org_ids: Some(vec![org.id]),
        column: Some(column),
        limit: 6,
        ..Default::default()
    };
    let (rules, _) = state.app.public_documents(q(Column::Rules)).await?;
    let (statutory, _) = state.app.public_documents(q(Column::Statutory)).await?;
    let (reports, _) = state.app.public_documents(q(Column::AnnualReport)).await?;
    let units = |level| {
        tree.children_at(org.id, level)
            .into_iter()
            .map(|o| Unit {
                name: o.name.clone(),
                href: format!("/{}/xxgk/", o.slug),
            })
            .collect()
    };
    Ok(render(PlatformPage {
        layout: platform_layout(&ctx, "政府信息公开", &tree, &org),
        rules: rows(&rules),
        statutory: rows(&statutory),
        reports: rows(&reports),
        departments: units(OrgLevel::Department),
        townships: units(OrgLevel::Township),
        org,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/guide.html")]
struct GuidePage {
    layout: Layout,
    org: Org,
    categories: Vec<&'static Category>,
    base: String,
}

/// 政府信息公开指南, generated from the organisation's own data (条例 Art.12).
pub async fn guide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if !has_platform(&org) {
        return Err(PageError::not_found());
    }
    Ok(render(GuidePage {
        layout: platform_layout(&ctx, "政府信息公开指南", &tree, &org),
        categories: categories_for(org.level, tree.government_level(&org)),
        base: format!("/{}/xxgk/", org.slug),
        org,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/list.html")]
struct ListPage {
    layout: Layout,
    heading: String,
    intro: String,
    docs: Vec<DocRow>,
    pager: Pager,
    /// Show the catalogue columns (索引号, 成文日期).
    catalogue: bool,
    /// Annual reports generated and published on the platform (the 年报 column only).
    reports: Vec<(String, String)>,
}

/// What a column's list page says about itself.
struct ListSpec<'a> {
    heading: &'a str,
    intro: &'a str,
    /// Show the catalogue columns (索引号, 成文日期).
    catalogue: bool,
}

async fn column_list(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    spec: ListSpec<'_>,
    page: Option<String>,
    shape: impl FnOnce(&Org, &OrgTree, DocQuery) -> Result<DocQuery, PageError>,
) -> Result<Response, PageError> {
    let ListSpec {
        heading,
        intro,
        catalogue,
    } = spec;
    let (org, tree) = org_and_tree(state, slug).await?;
    if !has_platform(&org) {
        return Err(PageError::not_found());
    }
    let page = page_number(page.as_deref());
    let q = shape(
        &org,
        &tree,
        DocQuery {
            org_ids: Some(vec![org.id]),
            limit: PER_PAGE,
            offset: offset(page),
            ..Default::default()
        },
    )?;
    let (docs, total) = state.app.public_documents(q).await?;
    let base = ctx.path.split('?').next().unwrap_or("").to_owned();
    let reports = if heading == ANNUAL_REPORTS {
        state
            .app
            .published_report_years(org.id)
            .await?
            .into_iter()
            .map(|(year, _)| {
                (
                    format!("{}{year}年政府信息公开工作年度报告", org.name),
                    format!("/{}/xxgk/nb/{year}", org.slug),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(render(ListPage {
        layout: platform_layout(ctx, heading, &tree, &org),
        heading: format!("{} · {heading}", org.name),
        intro: intro.to_owned(),
        docs: rows(&docs),
        pager: Pager::new(&base, page, total),
        catalogue,
        reports,
    }))
}

pub async fn rules(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(p): Query<PageQuery>,
) -> Result<Response, PageError> {
    let spec = ListSpec {
        heading: "政府信息公开制度",
        intro: "本机关政府信息公开工作的规章制度。",
        catalogue: false,
    };
    column_list(&state, &ctx, &slug, spec, p.page, |_, _, q| {
        Ok(DocQuery {
            column: Some(Column::Rules),
            ..q
        })
    })
    .await
}

const ANNUAL_REPORTS: &str = "政府信息公开年报";

pub async fn annual_reports(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(p): Query<PageQuery>,
) -> Result<Response, PageError> {
    let spec = ListSpec {
        heading: ANNUAL_REPORTS,
        intro: "本机关历年政府信息公开工作年度报告（条例第四十九条、第五十条）。",
        catalogue: false,
    };
    column_list(&state, &ctx, &slug, spec, p.page, |_, _, q| {
        Ok(DocQuery {
            column: Some(Column::AnnualReport),
            ..q
        })
    })
    .await
}

pub async fn catalogue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(p): Query<PageQuery>,
) -> Result<Response, PageError> {
    let spec = ListSpec {
        heading: "政府信息公开目录",
        intro: "本机关主动公开的全部政府信息，按发布日期排列。",
        catalogue: true,
    };
    column_list(&state, &ctx, &slug, spec, p.page, |_, _, q| Ok(q)).await
}

pub async fn category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, code)): Path<(String, String)>,
    Query(p): Query<PageQuery>,
) -> Result<Response, PageError> {
    let cat = Category::by_code(&code).ok_or_else(PageError::not_found)?;
    let spec = ListSpec {
        heading: cat.title,
        intro: cat.description,
        catalogue: false,
    };
    column_list(&state, &ctx, &slug, spec, p.page, |org, tree, q| {
        if !cat.applies_to(org.level, tree.government_level(org)) {
            return Err(PageError::not_found());
        }
        Ok(DocQuery {
            category: Some(cat.code.into()),
            ..q
        })
    })
    .await
}

struct CategoryLine {
    title: &'static str,
    description: &'static str,
    href: String,
    count: i64,
}

#[derive(askama::Template)]
#[template(path = "portal/statutory.html")]
struct StatutoryPage {
    layout: Layout,
    org: Org,
    article20: Vec<CategoryLine>,
    article21: Vec<CategoryLine>,
    uncategorised: Vec<DocRow>,
}

pub async fn statutory(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if !has_platform(&org) {
        return Err(PageError::not_found());
    }
    let counts = state.app.public_category_counts(org.id).await?;
    let lines: Vec<CategoryLine> = categories_for(org.level, tree.government_level(&org))
        .into_iter()
        .map(|c| CategoryLine {
            title: c.title,
            description: c.description,
            href: format!("/{}/xxgk/fdzdgknr/{}", org.slug, c.code),
            count: counts
                .iter()
                .find(|(k, _)| k == c.code)
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    let (article20, article21): (Vec<_>, Vec<_>) =
        lines.into_iter().partition(|l| l.href.contains("/a20-"));
    let (docs, _) = state
        .app
        .public_documents(DocQuery {
            org_ids: Some(vec![org.id]),
            column: Some(Column::Statutory),
            limit: 100,
            ..Default::default()
        })
        .await?;
    let uncategorised: Vec<DocRow> = docs
        .iter()
        .filter(|d| d.category.is_none())
        .map(DocRow::from)
        .collect();
    Ok(render(StatutoryPage {
        layout: platform_layout(&ctx, "法定主动公开内容", &tree, &org),
        org,
        article20,
        article21,
        uncategorised,
    }))
}
