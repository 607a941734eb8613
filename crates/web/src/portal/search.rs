//! The search page: the whole deployment at `/search`, one organisation and everything
//! below it at `/{org}/search`. A plain GET form: works without JavaScript, and every
//! result page has a stable, shareable address.

use axum::extract::State;
use axum::response::Response;
use gongkai_domain::category::CATEGORIES;
use gongkai_domain::validity::Validity;
use gongkai_search::query::parse_years;
use gongkai_search::{SearchQuery, SortOrder};
use serde::Deserialize;

use super::{crumbs_to, org_and_tree};
use crate::AppState;
use crate::error::PageError;
use crate::extract::{Path, Query};
use crate::form::{Choice, choices};
use crate::layout::{Ctx, Layout};
use crate::pager::{Pager, page_number};
use crate::respond::render;
use crate::util::{doc_url, enc};

const PER_PAGE: usize = 10;

#[derive(Deserialize, Default)]
pub struct Form {
    #[serde(default)]
    q: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    validity: String,
    #[serde(default)]
    order: String,
    page: Option<String>,
}

pub struct Row {
    title_html: String,
    href: String,
    org: String,
    doc_number: String,
    published: String,
    validity: Option<&'static str>,
    snippet_html: String,
    /// "政策解读" or "解读的政策文件", with the other half of the pair.
    pair_label: &'static str,
    paired: Vec<(String, String)>,
}

#[derive(askama::Template)]
#[template(path = "portal/search.html")]
struct SearchPage {
    layout: Layout,
    action: String,
    scope: String,
    form: Form,
    orgs: Vec<Choice>,
    categories: Vec<Choice>,
    validities: Vec<Choice>,
    newest: bool,
    searched: bool,
    total: usize,
    rows: Vec<Row>,
    relaxed: bool,
    notices: Vec<String>,
    pager: Pager,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    org_slug: Option<&str>,
    f: Form,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let fixed = match org_slug {
        Some(s) => Some(org_and_tree(state, s).await?.0),
        None => None,
    };
    let mut notices = Vec::new();
    let org = match &fixed {
        Some(o) => Some(o.clone()),
        None if f.org.trim().is_empty() => None,
        None => match tree.by_slug(f.org.trim()) {
            Some(o) => Some(o.clone()),
            None => {
                notices.push(format!(
                    "机构“{}”不存在，已在全部机构中检索。",
                    f.org.trim()
                ));
                None
            }
        },
    };
    let years = if f.year.trim().is_empty() {
        None
    } else {
        let y = parse_years(&f.year);
        if y.is_none() {
            notices.push(format!(
                "年度“{}”无法识别，应写作“2020”或“2019-2021”，已忽略。",
                f.year.trim()
            ));
        }
        y
    };
    let category = CATEGORIES
        .iter()
        .find(|c| c.code == f.category.trim())
        .map(|c| c.code.to_owned());
    let validity = f
        .validity
        .trim()
        .parse::<Validity>()
        .ok()
        .map(|v| v.as_str().to_owned());
    let newest = f.order == "newest";
    let page_no = page_number(f.page.as_deref());
    let searched = !f.q.trim().is_empty()
        || years.is_some()
        || category.is_some()
        || validity.is_some()
        || (fixed.is_none() && org.is_some());
    let (total, rows, relaxed) = if searched {
        let result = state
            .app
            .search(SearchQuery {
                text: f.q.clone(),
                org: org.as_ref().map(|o| o.id),
                years,
                category: category.clone(),
                validity: validity.clone(),
                order: if newest {
                    SortOrder::Newest
                } else {
                    SortOrder::Relevance
                },
                offset: ((page_no - 1) as usize) * PER_PAGE,
                limit: PER_PAGE,
            })
            .await?;
        notices.extend(result.notice.clone());
        let rows = result
            .hits
            .into_iter()
            .map(|h| Row {
                pair_label: if h.interprets {
                    "解读的政策文件"
                } else {
                    "政策解读"
                },
                paired: h
                    .paired
                    .iter()
                    .map(|p| (p.title.clone(), doc_url(&p.org_slug, &p.index_number)))
                    .collect(),
                href: doc_url(&h.doc.org_slug, &h.doc.index_number),
                org: h.doc.org_name,
                doc_number: h.doc.doc_number.unwrap_or_default(),
                published: h
                    .doc
                    .published_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                validity: (h.doc.validity != Validity::Valid).then(|| h.doc.validity.label()),
                title_html: h.title_html,
                snippet_html: h.snippet_html,
            })
            .collect();
        (result.total, rows, result.relaxed)
    } else {
        (0, Vec::new(), false)
    };
    let action = match &fixed {
        Some(o) => format!("/{}/search", o.slug),
        None => "/search".to_owned(),
    };
    let base = format!(
        "{action}?q={}&org={}&year={}&category={}&validity={}&order={}",
        enc(&f.q),
        enc(&f.org),
        enc(&f.year),
        enc(&f.category),
        enc(&f.validity),
        enc(&f.order)
    );
    let pages_total = (total as i64).min(100_000);
    let layout = match &fixed {
        Some(o) => crumbs_to(ctx, "检索", &tree, o).crumb("检索", ""),
        None => Layout::new(ctx, "检索")
            .crumb("首页", "/")
            .crumb("检索", ""),
    };
    let scope = fixed.as_ref().map_or("全部机构".to_owned(), |o| {
        format!("{}及其下级机构", o.name)
    });
    Ok(render(SearchPage {
        layout,
        orgs: choices(
            tree.all()
                .iter()
                .filter(|o| o.level != gongkai_domain::org::OrgLevel::Village)
                .map(|o| (o.slug.clone(), o.name.clone())),
            f.org.trim(),
        ),
        categories: choices(
            CATEGORIES
                .iter()
                .map(|c| (c.code.to_owned(), c.title.to_owned())),
            f.category.trim(),
        ),
        validities: choices(
            Validity::ALL
                .iter()
                .map(|v| (v.as_str().to_owned(), v.label().to_owned())),
            f.validity.trim(),
        ),
        newest,
        searched,
        total,
        rows,
        relaxed,
        notices,
        pager: Pager::with_page_size(&base, page_no, pages_total, PER_PAGE as i64),
        action,
        scope,
        form: f,
    }))
}

pub async fn everywhere(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(f): Query<Form>,
) -> Result<Response, PageError> {
    page(&state, &ctx, None, f).await
}

pub async fn in_org(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(f): Query<Form>,
) -> Result<Response, PageError> {
    page(&state, &ctx, Some(&slug), f).await
}
