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
use crate::form::{Choice, choices};
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
    let mut reports = report_rows(&org, state.app.annual_report_list(org.id).await?);
    reports.truncate(6);
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
        reports,
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
    /// 机构职能: the organisation as its record describes it.
    profile: Option<Org>,
    /// Its departments (机构设置).
    units: Vec<String>,
    filters: Option<CatalogueFilters>,
}

impl ListPage {
    /// Whether the 目录 is narrowed by a filter (an empty list then says so).
    fn filtered(&self) -> bool {
        self.filters.as_ref().is_some_and(|f| f.active)
    }
}

/// The 年报 column's entries as list rows: the platform's reports and the documents,
/// one per year.
fn report_rows(org: &Org, entries: Vec<gongkai_app::AnnualReportEntry>) -> Vec<DocRow> {
    entries
        .into_iter()
        .map(|e| match e {
            gongkai_app::AnnualReportEntry::Platform { year, published_at } => DocRow {
                title: format!("{}{year}年政府信息公开工作年度报告", org.name),
                href: gongkai_domain::channels::paths::annual_report(&org.slug, year),
                date: crate::util::cn_day(&published_at),
                doc_number: String::new(),
                org_name: org.name.clone(),
                index_number: String::new(),
                written_on: String::new(),
                validity: None,
            },
            gongkai_app::AnnualReportEntry::Document(d) => DocRow::from(&d),
        })
        .collect()
}

/// What a column's list page says about itself.
#[derive(Default)]
struct ListSpec<'a> {
    heading: &'a str,
    intro: &'a str,
    /// Show the catalogue columns (索引号, 成文日期).
    catalogue: bool,
    /// Show the organisation's own profile (机构职能, Art.20(二)) above the documents.
    profile: bool,
    /// The 目录's filter form, and the query string its choices make (for the pager).
    filters: Option<CatalogueFilters>,
    query: String,
    /// The column's own feed (`/{org}/feed/{feed}.atom`), named in the head.
    feed: Option<&'a str>,
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
        profile,
        filters,
        query,
        feed,
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
    let path = ctx.path.split('?').next().unwrap_or("");
    let base = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    // The 年报 column: one entry per year, the platform's report first among equals.
    let (docs, total) = if heading == ANNUAL_REPORTS {
        let all = report_rows(&org, state.app.annual_report_list(org.id).await?);
        let total = all.len() as i64;
        let docs = all
            .into_iter()
            .skip(offset(page) as usize)
            .take(PER_PAGE as usize)
            .collect();
        (docs, total)
    } else {
        let (docs, total) = state.app.public_documents(q).await?;
        (rows(&docs), total)
    };
    let mut layout = platform_layout(ctx, heading, &tree, &org);
    if let Some(f) = feed {
        layout = layout.feed(
            format!("{} · {heading}", org.name),
            format!("/{}/feed/{f}.atom", org.slug),
        );
    }
    Ok(render(ListPage {
        layout,
        heading: format!("{} · {heading}", org.name),
        intro: intro.to_owned(),
        docs,
        pager: Pager::new(&base, page, total),
        catalogue,
        units: tree
            .children_at(org.id, OrgLevel::Department)
            .iter()
            .map(|o| o.name.clone())
            .collect(),
        profile: profile.then(|| org.clone()),
        filters,
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
        ..ListSpec::default()
    };
    column_list(&state, &ctx, &slug, spec, p.page, |_, _, q| {
        Ok(DocQuery {
            column: Some(Column::Rules),
            ..q
        })
    })
    .await
}

/// 政策解读: every interpretation the organisation published, each linked both ways
/// with its policy (DOMAIN §14).
pub async fn interpretations(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(p): Query<PageQuery>,
) -> Result<Response, PageError> {
    let spec = ListSpec {
        heading: "政策解读",
        intro: "本机关政策文件的解读：文字解读、图表图解、简明问答、音视频和新闻发布会等，每篇链接到所解读的政策文件。",
        feed: Some("zcjd"),
        ..ListSpec::default()
    };
    column_list(&state, &ctx, &slug, spec, p.page, |_, _, q| {
        Ok(DocQuery {
            column: Some(Column::Interpretation),
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
        ..ListSpec::default()
    };
    column_list(&state, &ctx, &slug, spec, p.page, |_, _, q| {
        Ok(DocQuery {
            column: Some(Column::AnnualReport),
            ..q
        })
    })
    .await
}

/// The 目录's filters, as the query string gives them.
#[derive(Deserialize, Default)]
pub struct CatalogueQuery {
    page: Option<String>,
    #[serde(default)]
    topic: String,
    /// An organisation below this one (its slug): its documents instead.
    #[serde(default)]
    org: String,
    #[serde(default)]
    genre: String,
}

/// The 目录's filter form: the choices, and what is chosen.
pub struct CatalogueFilters {
    topics: Vec<Choice>,
    orgs: Vec<Choice>,
    genres: Vec<Choice>,
    active: bool,
}

pub async fn catalogue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<CatalogueQuery>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    // Only known values filter; anything else is ignored rather than an empty list.
    let topic = gongkai_domain::topic::TOPICS
        .iter()
        .find(|t| t.code == q.topic)
        .map(|t| t.code);
    let genre = gongkai_domain::genre::GENRES
        .iter()
        .copied()
        .find(|g| *g == q.genre);
    let below: Vec<&Org> = tree
        .subtree_ids(org.id)
        .into_iter()
        .filter_map(|id| tree.get(id))
        .filter(|o| has_platform(o))
        .collect();
    let chosen = below.iter().find(|o| o.slug == q.org && !q.org.is_empty());
    let filters = CatalogueFilters {
        topics: choices(
            gongkai_domain::topic::TOPICS
                .iter()
                .map(|t| (t.code, t.label)),
            topic.unwrap_or(""),
        ),
        orgs: if below.len() > 1 {
            choices(
                below.iter().map(|o| (o.slug.clone(), o.name.clone())),
                chosen.map_or(org.slug.as_str(), |o| o.slug.as_str()),
            )
        } else {
            Vec::new()
        },
        genres: choices(
            gongkai_domain::genre::GENRES.iter().map(|g| (*g, *g)),
            genre.unwrap_or(""),
        ),
        active: topic.is_some() || genre.is_some() || chosen.is_some(),
    };
    let mut params: Vec<(&str, &str)> = Vec::new();
    if let Some(t) = topic {
        params.push(("topic", t));
    }
    if let Some(o) = chosen {
        params.push(("org", o.slug.as_str()));
    }
    if let Some(g) = genre {
        params.push(("genre", g));
    }
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let spec = ListSpec {
        heading: "政府信息公开目录",
        intro: "本机关主动公开的全部政府信息，按发布日期排列；可按主题、机构和体裁筛选。",
        catalogue: true,
        filters: Some(filters),
        query,
        ..ListSpec::default()
    };
    let target = chosen.map_or(org.id, |o| o.id);
    column_list(&state, &ctx, &slug, spec, q.page, |_, _, dq| {
        Ok(DocQuery {
            org_ids: Some(vec![target]),
            topic: topic.map(str::to_owned),
            genre: genre.map(str::to_owned),
            ..dq
        })
    })
    .await
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
        profile: cat.code == "a20-02",
        feed: Some(cat.code),
        ..ListSpec::default()
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
