//! The site's own pages the 政府网站发展指引 asks for: 网站地图 and 联系我们, and the
//! emblem shown in the header.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gongkai_app::model::Org;
use gongkai_app::{OrgTree, SiteImage};
use gongkai_domain::org::OrgLevel;

use crate::AppState;
use crate::error::PageError;
use crate::layout::{Ctx, Layout};
use crate::respond::render;

/// One organisation on the site map, with the pages it has.
struct MapEntry {
    depth: usize,
    name: String,
    level: &'static str,
    links: Vec<(&'static str, String)>,
}

#[derive(askama::Template)]
#[template(path = "portal/sitemap.html")]
struct SitemapPage {
    layout: Layout,
    entries: Vec<MapEntry>,
}

/// Every page an organisation has, in the order its home page lists them.
fn pages_of(tree: &OrgTree, o: &Org) -> Vec<(&'static str, String)> {
    let base = format!("/{}/", o.slug);
    if o.level == OrgLevel::Village {
        return vec![("村务公开", base)];
    }
    let x = format!("{base}xxgk/");
    let mut v = vec![
        ("首页", base.clone()),
        ("政府信息公开", x.clone()),
        ("公开指南", format!("{x}zn")),
        ("公开制度", format!("{x}zd")),
        ("法定主动公开内容", format!("{x}fdzdgknr/")),
        ("公开年报", format!("{x}nb")),
        ("公开目录", format!("{x}ml")),
        ("标准目录", format!("{x}bzml")),
        ("依申请公开", format!("{x}ysq")),
        ("办理进度查询", format!("{x}ysq/cx")),
    ];
    if !tree.children_at(o.id, OrgLevel::Village).is_empty() {
        v.push(("村（居）务公开", format!("{base}cwgk/")));
    }
    v
}

fn walk(tree: &OrgTree, orgs: &[&Org], depth: usize, out: &mut Vec<MapEntry>) {
    for o in orgs {
        out.push(MapEntry {
            depth,
            name: o.name.clone(),
            level: o.level.label(),
            links: pages_of(tree, o),
        });
        walk(tree, &tree.children(o.id), depth + 1, out);
    }
}

pub async fn sitemap(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let mut entries = Vec::new();
    walk(&tree, &tree.roots(), 0, &mut entries);
    Ok(render(SitemapPage {
        layout: Layout::new(&ctx, "网站地图")
            .crumb("首页", "/")
            .crumb("网站地图", ""),
        entries,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/contact.html")]
struct ContactPage {
    layout: Layout,
    offices: Vec<Org>,
}

pub async fn contact(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let tree = state.app.org_tree().await?;
    let offices = tree
        .all()
        .iter()
        .filter(|o| o.level != OrgLevel::Village)
        .cloned()
        .collect();
    Ok(render(ContactPage {
        layout: Layout::new(&ctx, "联系我们")
            .crumb("首页", "/")
            .crumb("联系我们", ""),
        offices,
    }))
}

/// The emblem's bytes. Its address carries a version, so browsers may keep it.
pub async fn emblem(State(state): State<AppState>) -> Result<Response, PageError> {
    let img = state
        .app
        .site_image(&SiteImage::Emblem)
        .await?
        .ok_or_else(PageError::not_found)?;
    let mut r = img.bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(img.kind.content_type()),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(r)
}
