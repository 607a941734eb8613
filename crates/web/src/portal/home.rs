use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::OrgTree;
use gongkai_app::model::DocQuery;
use gongkai_app::model::Org;
use gongkai_domain::org::OrgLevel;

use gongkai_app::escape_html as esc;

use super::{DocRow, crumbs_to, org_and_tree, rows};
use crate::AppState;
use crate::error::PageError;
use crate::extract::Path;
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "portal/home.html")]
struct HomePage {
    layout: Layout,
    tree_html: String,
    latest: Vec<DocRow>,
}

/// Nested lists of the organisation tree (templates cannot recurse).
fn tree_html(tree: &OrgTree, orgs: &[&Org], depth: usize) -> String {
    if orgs.is_empty() || depth > 8 {
        return String::new();
    }
    let mut s = String::from(if depth == 0 {
        "<ul class=\"tree root\">"
    } else {
        "<ul class=\"tree\">"
    });
    for o in orgs {
        s.push_str(&format!(
            "<li><a href=\"/{}/\">{}</a> <span class=\"muted\">{}</span>",
            esc(&o.slug),
            esc(&o.name),
            esc(o.level.label())
        ));
        // Villages are listed on their township's 村(居)务公开 page, not in the main tree.
        let kids: Vec<&Org> = tree
            .children(o.id)
            .into_iter()
            .filter(|c| c.level != OrgLevel::Village)
            .collect();
        s.push_str(&tree_html(tree, &kids, depth + 1));
        s.push_str("</li>");
    }
    s.push_str("</ul>");
    s
}

pub async fn deployment_home(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let (latest, _) = state
        .app
        .public_documents(DocQuery {
            limit: 10,
            ..Default::default()
        })
        .await?;
    Ok(render(HomePage {
        layout: Layout::new(&ctx, ""),
        tree_html: tree_html(&tree, &tree.roots(), 0),
        latest: rows(&latest),
    }))
}

/// `/{org}` to `/{org}/`, for organisations that exist: the slug comes from the
/// address, and "/%2Fevil.example" must not become a redirect to "//evil.example/".
pub async fn org_redirect(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, _) = super::org_and_tree(&state, &slug).await?;
    Ok(Redirect::permanent(&format!("/{}/", org.slug)).into_response())
}

pub async fn xxgk_redirect(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, _) = super::org_and_tree(&state, &slug).await?;
    let to = if super::has_platform(&org) {
        format!("/{}/xxgk/", org.slug)
    } else {
        format!("/{}/", org.slug)
    };
    Ok(Redirect::permanent(&to).into_response())
}

struct Link {
    label: String,
    href: String,
    note: String,
}

#[derive(askama::Template)]
#[template(path = "portal/org.html")]
struct OrgPage {
    layout: Layout,
    org: Org,
    parent: Option<Link>,
    departments: Vec<Link>,
    townships: Vec<Link>,
    has_villages: bool,
    /// The title of the gazette the organisation runs.
    gazette: Option<String>,
    latest: Vec<DocRow>,
}

fn link(o: &Org, suffix: &str) -> Link {
    Link {
        label: o.name.clone(),
        href: format!("/{}/{suffix}", o.slug),
        note: String::new(),
    }
}

pub async fn org_home(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    let layout = crumbs_to(&ctx, &org.name, &tree, &org);
    let parent = org.parent_id.and_then(|p| tree.get(p)).map(|p| link(p, ""));
    if org.level == OrgLevel::Village {
        return super::villages::home(&tree, &org);
    }
    let departments = tree
        .children_at(org.id, OrgLevel::Department)
        .into_iter()
        .map(|o| link(o, ""))
        .collect();
    let townships = tree
        .children_at(org.id, OrgLevel::Township)
        .into_iter()
        .map(|o| link(o, ""))
        .collect();
    let (latest, _) = state
        .app
        .public_documents(DocQuery {
            org_ids: Some(vec![org.id]),
            limit: 10,
            ..Default::default()
        })
        .await?;
    let gazette = state.app.gazette_title(&org.slug).await?;
    Ok(render(OrgPage {
        layout,
        gazette,
        has_villages: !tree.children_at(org.id, OrgLevel::Village).is_empty(),
        parent,
        departments,
        townships,
        latest: rows(&latest),
        org,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/villages.html")]
struct VillagesPage {
    layout: Layout,
    org: Org,
    villages: Vec<(Link, Vec<DocRow>)>,
}

/// 村(居)务公开: the villages of a township, each with its latest items.
pub async fn villages(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (org, tree) = org_and_tree(&state, &slug).await?;
    if org.level != OrgLevel::Township {
        return Err(PageError::not_found());
    }
    let mut villages = Vec::new();
    for v in tree.children_at(org.id, OrgLevel::Village) {
        let (docs, total) = state
            .app
            .public_documents(DocQuery {
                org_ids: Some(vec![v.id]),
                limit: 5,
                ..Default::default()
            })
            .await?;
        let mut l = link(v, &format!("cwgk/{}/", v.slug));
        l.href = format!("/{}/cwgk/{}/", org.slug, v.slug);
        l.note = format!("共{total}条文件");
        villages.push((l, rows(&docs)));
    }
    let layout = crumbs_to(&ctx, "村（居）务公开", &tree, &org).crumb("村（居）务公开", "");
    Ok(render(VillagesPage {
        layout,
        org,
        villages,
    }))
}
