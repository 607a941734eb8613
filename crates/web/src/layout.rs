//! What every page shares: title, breadcrumbs, large-text mode, the staff bar.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use gongkai_app::Site;
use gongkai_app::model::Org;

use crate::AppState;
use crate::util::enc;

tokio::task_local! {
    /// The site's identity for the request being served: every page, error pages
    /// included, shows it without each handler passing it down.
    static SITE: Arc<Site>;
}

/// Loads the site's identity (kept in memory by the app) for the request.
pub async fn with_site(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let site = state.app.site().await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "site identity unavailable; showing the default");
        Arc::default()
    });
    SITE.scope(site, next.run(req)).await
}

fn current_site() -> Arc<Site> {
    SITE.try_with(Arc::clone).unwrap_or_default()
}

/// Per-request facts the page chrome needs, taken from the request.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub large: bool,
    /// Path and query of this request, for "back" links.
    pub path: String,
}

pub const LARGE_COOKIE: &str = "gk_large";

pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    cookie_in(&parts.headers, name)
}

pub fn cookie_header_has(headers: &axum::http::HeaderMap, name: &str, value: &str) -> bool {
    cookie_in(headers, name) == Some(value)
}

fn cookie_in<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Ctx {
            large: cookie(parts, LARGE_COOKIE) == Some("1"),
            path: parts
                .uri
                .path_and_query()
                .map_or("/".into(), |p| p.as_str().to_owned()),
        })
    }
}

/// The signed-in staff member, for the back-office bar.
#[derive(Debug, Clone)]
pub struct StaffBar {
    pub display_name: String,
    pub csrf: String,
    pub may: Sections,
    pub unread: i64,
}

/// The parts of the back office a member of staff works in, by their roles: only
/// these are linked, so no link leads to a refusal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sections {
    /// 录入文件: a drafter or disclosure officer somewhere.
    pub enter_documents: bool,
    /// 依申请公开: handlers and those who oversee them.
    pub applications: bool,
    /// 网民留言: those who take up and answer messages, and those who oversee them.
    pub messages: bool,
    /// 意见征集: drafting units and those who oversee them.
    pub consultations: bool,
    /// 文书模板: the keepers of an organisation's templates.
    pub letter_templates: bool,
    /// 年度报告.
    pub reports: bool,
    /// 人员管理.
    pub users: bool,
    /// 网站信息.
    pub site: bool,
    /// 推送订阅 (webhooks): organisations' administrators.
    pub webhooks: bool,
    /// 网站检查: the supervising office and administrators.
    pub inspection: bool,
    /// 政务新媒体: the keepers of a unit's accounts.
    pub media: bool,
}

impl Sections {
    pub fn of(actor: &gongkai_app::Actor) -> Self {
        use gongkai_domain::role::Role::*;
        let admin = actor.is_platform_admin();
        let any = |roles: &[gongkai_domain::role::Role]| {
            admin || actor.grants.iter().any(|g| roles.contains(&g.role))
        };
        Self {
            enter_documents: actor
                .grants
                .iter()
                .any(|g| matches!(g.role, Drafter | DisclosureOfficer)),
            applications: any(&[DisclosureOfficer, DisclosureHead, Supervisor, OrgAdmin]),
            messages: any(&[DisclosureOfficer, DisclosureHead, Supervisor, OrgAdmin]),
            consultations: any(&[
                Drafter,
                DisclosureOfficer,
                DisclosureHead,
                Supervisor,
                OrgAdmin,
            ]),
            letter_templates: actor
                .grants
                .iter()
                .any(|g| matches!(g.role, DisclosureOfficer | DisclosureHead | OrgAdmin)),
            reports: any(&[DisclosureOfficer, DisclosureHead, Supervisor, OrgAdmin]),
            users: any(&[OrgAdmin]),
            site: admin,
            webhooks: any(&[OrgAdmin]),
            inspection: any(&[Supervisor, OrgAdmin]),
            media: any(&[DisclosureOfficer, DisclosureHead, OrgAdmin]),
        }
    }
}

/// The organisation whose pages these are, shown under the site's name and in the
/// footer's 联系我们.
#[derive(Debug, Clone)]
pub struct OrgBrand {
    pub name: String,
    pub slug: String,
    pub contact: gongkai_domain::org::Contact,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub site: Arc<Site>,
    pub org: Option<OrgBrand>,
    pub large: bool,
    /// Link that switches large-text mode and comes back here.
    pub toggle_href: String,
    pub crumbs: Vec<(String, String)>,
    pub staff: Option<StaffBar>,
    /// Feeds of this page's own column, as (title, address), named in the head.
    pub feeds: Vec<(String, String)>,
}

impl Layout {
    pub fn new(ctx: &Ctx, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            site: current_site(),
            org: None,
            large: ctx.large,
            toggle_href: format!(
                "/a11y/large?on={}&back={}",
                if ctx.large { 0 } else { 1 },
                enc(&ctx.path)
            ),
            crumbs: Vec::new(),
            staff: None,
            feeds: Vec::new(),
        }
    }

    /// Names a feed of this page's column in the head.
    pub fn feed(mut self, title: impl Into<String>, href: impl Into<String>) -> Self {
        self.feeds.push((title.into(), href.into()));
        self
    }

    pub fn crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Self {
        self.crumbs.push((label.into(), href.into()));
        self
    }

    /// Marks the pages as an organisation's own.
    pub fn org(mut self, org: &Org) -> Self {
        self.org = Some(OrgBrand {
            name: org.name.clone(),
            slug: org.slug.clone(),
            contact: org.contact.clone(),
        });
        self
    }

    /// The document title: the page, then the site's name.
    pub fn page_title(&self) -> String {
        self.site.identity.page_title(&self.title)
    }

    pub fn staff(mut self, bar: StaffBar) -> Self {
        self.staff = Some(bar);
        self
    }

    pub fn toggle_label(&self) -> &'static str {
        if self.large {
            "标准字号"
        } else {
            "大字模式"
        }
    }
}
