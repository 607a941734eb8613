//! The public portal: deployment home, organisation pages, the standard
//! 政府信息公开 platform of each organisation, and document pages. Works without
//! JavaScript; reads only through `App`'s public queries.

mod apply;
mod catalog;
mod consult;
mod document;
mod feeds;
mod gazette;
mod hdjl;
mod home;
mod media;
mod open_data;
pub(crate) mod participation;
mod report;
mod search;
mod services;
mod site;
mod sitemap_xml;
mod villages;
mod xxgk;

use axum::Router;

use axum::routing::{get, post};
use gongkai_app::OrgTree;
use gongkai_app::model::DocumentSummary;
use gongkai_app::model::Org;

use crate::AppState;
use crate::error::PageError;
use crate::layout::{Ctx, Layout};
use crate::util::doc_url;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::deployment_home))
        .route("/search", get(search::everywhere))
        .route("/sitemap", get(site::sitemap))
        .route("/sitemap.xml", get(sitemap_xml::root))
        .route("/sitemap/{file}", get(sitemap_xml::file))
        .route("/contact", get(site::contact))
        .route("/xmt/", get(media::list))
        .route("/kfsj/", get(open_data::page))
        .route("/kfsj/{file}", get(open_data::file))
        .route("/site/emblem", get(site::emblem))
        .route("/hdjl/", get(hdjl::home))
        .route(
            "/hdjl",
            get(|| async { axum::response::Redirect::permanent("/hdjl/") }),
        )
        .route("/hdjl/xx", get(hdjl::write_form).post(hdjl::write))
        .route("/hdjl/cx", get(hdjl::track_form).post(hdjl::track))
        .route("/hdjl/ly/", get(hdjl::exchanges))
        .route("/hdjl/tj", get(hdjl::stats))
        .route("/hdjl/yjzj/", get(consult::list))
        .route("/hdjl/wjdc/", get(participation::surveys))
        .route("/hdjl/tzh/", get(participation::hearings))
        .route("/hdjl/jyta/", get(participation::proposals))
        .route("/hdjl/hygz/", get(participation::concerns))
        .route("/{org}/hdjl/wjdc/", get(participation::surveys))
        .route(
            "/{org}/hdjl/wjdc/{id}",
            get(participation::survey).post(participation::answer),
        )
        .route(
            "/{org}/hdjl/wjdc/{id}/results.xlsx",
            get(participation::survey_xlsx),
        )
        .route("/{org}/hdjl/tzh/", get(participation::hearings))
        .route("/{org}/hdjl/tzh/{id}", get(participation::hearing))
        .route("/{org}/hdjl/jyta/", get(participation::proposals))
        .route("/{org}/hdjl/jyta/{id}", get(participation::proposal))
        .route("/{org}/hdjl/hygz/", get(participation::concerns))
        .route("/{org}/hdjl/", get(hdjl::home))
        .route("/{org}/hdjl/xx", get(hdjl::write_form).post(hdjl::write))
        .route("/{org}/hdjl/cx", get(hdjl::track_form).post(hdjl::track))
        .route("/{org}/hdjl/ly/", get(hdjl::exchanges))
        .route("/{org}/hdjl/ly/{number}", get(hdjl::exchange))
        .route("/{org}/hdjl/tj", get(hdjl::stats))
        .route("/{org}/hdjl/yjzj/", get(consult::list))
        .route(
            "/{org}/hdjl/yjzj/{id}",
            get(consult::show).post(consult::comment),
        )
        .route("/{org}/hdjl/yjzj/{id}/file/{file}", get(consult::file))
        .route("/{org}/search", get(search::in_org))
        .route("/{org}/feed.atom", get(feeds::org))
        .route("/{org}/feed/{file}", get(feeds::category))
        .route("/{org}", get(home::org_redirect))
        .route("/{org}/", get(home::org_home))
        .route("/{org}/cwgk/", get(home::villages))
        .route("/{org}/cwgk/{village}/", get(villages::village))
        .route("/{org}/cwgk/{village}/md/{id}", get(villages::list))
        .route("/{org}/cwgk/{village}/md/{id}/{file}", get(villages::board))
        .route("/bsfw/", get(services::list))
        .route(
            "/bsfw",
            get(|| async { axum::response::Redirect::permanent("/bsfw/") }),
        )
        .route("/bsfw/ybt", get(services::handbook_page))
        .route("/bsfw/ybt.pdf", get(services::handbook_pdf))
        .route("/{org}/bsfw/", get(services::list))
        .route("/{org}/bsfw/ybt", get(services::handbook_page))
        .route("/{org}/bsfw/ybt.pdf", get(services::handbook_pdf))
        .route("/{org}/bsfw/{id}", get(services::guide))
        .route("/{org}/bsfw/{id}/file/{file}", get(services::file))
        .route("/{org}/xxgk", get(home::xxgk_redirect))
        .route("/{org}/xxgk/", get(xxgk::platform))
        .route("/{org}/xxgk/zn", get(xxgk::guide))
        .route("/{org}/xxgk/zd", get(xxgk::rules))
        .route("/{org}/xxgk/nb", get(xxgk::annual_reports))
        .route("/{org}/xxgk/zcjd", get(xxgk::interpretations))
        .route("/{org}/xxgk/nb/{year}", get(report::page))
        .route("/{org}/xxgk/nb/{year}/report.xlsx", get(report::xlsx))
        .route("/{org}/xxgk/ml", get(xxgk::catalogue))
        .route("/{org}/xxgk/bzml", get(catalog::column))
        .route("/{org}/xxgk/fdzdgknr/", get(xxgk::statutory))
        .route("/{org}/xxgk/fdzdgknr/{category}", get(xxgk::category))
        .route("/{org}/xxgk/ysq", get(apply::form).post(apply::submit))
        .route(
            "/{org}/xxgk/ysq/cx",
            get(apply::track_form).post(apply::track),
        )
        .route("/{org}/xxgk/ysq/cx/file", post(apply::tracked_file))
        .route("/{org}/gb/", get(gazette::list))
        .route("/{org}/gb/hy", get(gazette::verify))
        .route("/{org}/gb/{year}/{no}", get(gazette::issue))
        .route("/{org}/xxgk/doc/{index}", get(document::page))
        .route(
            "/{org}/xxgk/doc/{index}/att/{id}",
            get(document::attachment),
        )
}

pub(crate) use xxgk::has_platform;

/// A document as a line of a list.
pub struct DocRow {
    pub title: String,
    pub href: String,
    pub date: String,
    pub doc_number: String,
    pub org_name: String,
    pub index_number: String,
    pub written_on: String,
    /// Shown when the document is no longer plainly valid.
    pub validity: Option<&'static str>,
}

impl From<&DocumentSummary> for DocRow {
    fn from(d: &DocumentSummary) -> Self {
        Self {
            title: d.title.clone(),
            href: doc_url(&d.org_slug, &d.index_number),
            date: d.published_on.map(|p| p.to_string()).unwrap_or_default(),
            doc_number: d.doc_number.clone().unwrap_or_default(),
            org_name: d.org_name.clone(),
            index_number: d.index_number.clone(),
            written_on: d.written_on.to_string(),
            validity: (d.validity != gongkai_domain::validity::Validity::Valid)
                .then(|| d.validity.label()),
        }
    }
}

pub fn rows(docs: &[DocumentSummary]) -> Vec<DocRow> {
    docs.iter().map(DocRow::from).collect()
}

/// A record's number from the path; anything else is the ordinary 404.
pub(crate) fn record_number(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::not_found())
}

/// The organisation named in the path, with the tree around it; 404 if unknown.
pub async fn org_and_tree(
    state: &AppState,
    slug: &str,
) -> Result<(Org, std::sync::Arc<OrgTree>), PageError> {
    let tree = state.app.org_tree().await?;
    let org = tree
        .by_slug(slug)
        .cloned()
        .ok_or_else(PageError::not_found)?;
    Ok((org, tree))
}

/// Breadcrumbs from the deployment home down to `org` (its home page last).
pub fn crumbs_to(ctx: &Ctx, title: &str, tree: &OrgTree, org: &Org) -> Layout {
    let mut layout = Layout::new(ctx, title).org(org).crumb("首页", "/");
    for o in tree.ancestry(org.id).into_iter().rev() {
        layout = layout.crumb(o.short_name.clone(), format!("/{}/", o.slug));
    }
    layout
}
