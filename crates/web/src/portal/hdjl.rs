//! 互动交流 on the portal: the unified entry of the deployment (`/hdjl/`) and each
//! organisation's (`/{org}/hdjl/`), where people write messages, follow them with the
//! tracking number and query code, read the published exchanges and each unit's
//! figures. Plain forms, no JavaScript; the query code travels in a POST body.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use gongkai_app::model::Org;
use gongkai_app::{AppError, MessageReceipt, MessageTracking, OrgTree, PublicExchange, UnitStats};
use gongkai_domain::Invalid;
use gongkai_domain::interaction::message::{MessageInput, MessageKind, PETITION_NOTE};
use serde::Deserialize;

use super::crumbs_to;
use crate::AppState;
use crate::auth::client_ip;
use crate::error::PageError;
use crate::extract::{Form, MaybeOrg, Path, Query};
use crate::form::{Choice, choices, coded, field_error};
use crate::layout::{Ctx, Layout};
use crate::pager::{Pager, offset, page_number};
use crate::public_form::{self, INTERACT};
use crate::respond::render;
use crate::throttle::{self, Limit};

/// Where a page of 互动交流 sits: the deployment's unified entry, or an organisation's.
pub(crate) struct Scope {
    pub org: Option<Org>,
    pub tree: Arc<OrgTree>,
}

impl Scope {
    pub(crate) async fn of(state: &AppState, slug: Option<&str>) -> Result<Self, PageError> {
        let tree = state.app.org_tree().await?;
        let org = match slug {
            Some(s) => {
                let org = tree.by_slug(s).cloned().ok_or_else(PageError::not_found)?;
                if !super::has_platform(&org) {
                    return Err(PageError::not_found());
                }
                Some(org)
            }
            None => None,
        };
        Ok(Self { org, tree })
    }

    pub(crate) fn base(&self) -> String {
        match &self.org {
            Some(o) => format!("/{}/hdjl", o.slug),
            None => "/hdjl".into(),
        }
    }

    pub(crate) fn slug(&self) -> Option<&str> {
        self.org.as_ref().map(|o| o.slug.as_str())
    }

    /// "某县人民政府互动交流" or the site's.
    pub(crate) fn heading(&self) -> String {
        match &self.org {
            Some(o) => format!("{}互动交流", o.name),
            None => "互动交流".into(),
        }
    }

    /// Crumbs down to the interaction home, then `title` when it is another page.
    pub(crate) fn layout(&self, ctx: &Ctx, title: &str) -> Layout {
        let base = self.base();
        let mut l = match &self.org {
            Some(o) => crumbs_to(ctx, title, &self.tree, o),
            None => Layout::new(ctx, title).crumb("首页", "/"),
        };
        l = l.crumb("互动交流", format!("{base}/"));
        if title != "互动交流" {
            l = l.crumb(title, "");
        }
        l
    }
}

#[derive(askama::Template)]
#[template(path = "portal/hdjl.html")]
struct HomePage {
    layout: Layout,
    heading: String,
    base: String,
    exchanges: Vec<PublicExchange>,
    consultations: Vec<gongkai_app::ConsultationSummary>,
    petition_note: &'static str,
}

/// The interaction home: how to write, what was answered, what is open for comment.
pub async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    let (exchanges, _) = state.app.published_messages(scope.slug(), 8, 0).await?;
    let mut consultations = state.app.public_consultations(scope.slug()).await?;
    consultations.truncate(8);
    Ok(render(HomePage {
        layout: scope.layout(&ctx, "互动交流"),
        heading: scope.heading(),
        base: scope.base(),
        exchanges,
        consultations,
        petition_note: PETITION_NOTE,
    }))
}

/// The message form as posted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WriteForm {
    #[serde(default, rename = "_form")]
    token: String,
    /// The organisation written to (the unified entry only).
    #[serde(default)]
    to: String,
    #[serde(flatten)]
    m: MessageInput,
}

#[derive(askama::Template)]
#[template(path = "portal/message_form.html")]
struct WritePage {
    layout: Layout,
    heading: String,
    base: String,
    token: String,
    f: WriteForm,
    kinds: Vec<Choice>,
    /// The unified entry lets the writer choose the organisation.
    orgs: Vec<Choice>,
    errors: Vec<Invalid>,
    petition_note: &'static str,
    reply_workdays: u32,
}

impl WritePage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn write_page(
    state: &AppState,
    ctx: &Ctx,
    scope: &Scope,
    f: WriteForm,
    errors: Vec<Invalid>,
) -> Result<Response, PageError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let token = public_form::Guard::new_token();
    let orgs = if scope.org.is_none() {
        let current = if f.to.is_empty() {
            scope
                .tree
                .roots()
                .first()
                .map(|o| o.slug.clone())
                .unwrap_or_default()
        } else {
            f.to.clone()
        };
        choices(
            scope
                .tree
                .all()
                .iter()
                .filter(|o| super::has_platform(o))
                .map(|o| (o.slug.clone(), o.name.clone())),
            &current,
        )
    } else {
        Vec::new()
    };
    let page = WritePage {
        layout: scope.layout(ctx, "我要写信"),
        heading: scope.heading(),
        base: scope.base(),
        token: token.clone(),
        kinds: coded(
            MessageKind::ALL,
            MessageKind::as_str,
            MessageKind::label,
            &f.m.kind,
        ),
        orgs,
        f,
        errors,
        petition_note: PETITION_NOTE,
        reply_workdays: state.app.message_reply_workdays().await?,
    };
    let mut r = (status, render(page)).into_response();
    INTERACT.set_cookie(&mut r, &token, state.secure_cookies);
    Ok(r)
}

pub async fn write_form(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    write_page(&state, &ctx, &scope, WriteForm::default(), Vec::new()).await
}

#[derive(askama::Template)]
#[template(path = "portal/message_done.html")]
struct DonePage {
    layout: Layout,
    base: String,
    r: MessageReceipt,
}

pub async fn write(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
    parts: Parts,
    Form(f): Form<WriteForm>,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    if !INTERACT.accepts(&parts, &f.token) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "提交未通过安全校验：请打开本网站的写信页面重新填写提交（浏览器须允许本网站的Cookie）。",
        ));
    }
    let ip = client_ip(&state, &parts);
    state
        .throttle
        .check(Limit::Message, &ip)
        .await
        .map_err(|wait| throttle::page_refusal(Limit::Message, wait))?;
    let to = match &scope.org {
        Some(o) => o.slug.clone(),
        None => f.to.trim().to_owned(),
    };
    let target_ok = scope.tree.by_slug(&to).is_some_and(super::has_platform);
    if !target_ok {
        let e = vec![Invalid::new("to", "请选择写信的单位")];
        return write_page(&state, &ctx, &scope, f, e).await;
    }
    match state.app.submit_message(&to, &f.m, &ip).await {
        Ok(r) => Ok(render(DonePage {
            layout: scope.layout(&ctx, "留言已提交"),
            base: scope.base(),
            r,
        })),
        Err(AppError::Invalid(errors)) => write_page(&state, &ctx, &scope, f, errors).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

#[derive(askama::Template)]
#[template(path = "portal/message_track.html")]
struct TrackPage {
    layout: Layout,
    action: String,
    number: String,
    message: String,
    t: Option<MessageTracking>,
}

pub async fn track_form(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    Ok(render(TrackPage {
        layout: scope.layout(&ctx, "留言办理查询"),
        action: format!("{}/cx", scope.base()),
        number: String::new(),
        message: String::new(),
        t: None,
    }))
}

pub async fn track(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
    parts: Parts,
    Form(f): Form<TrackForm>,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    state
        .throttle
        .check(Limit::Track, &client_ip(&state, &parts))
        .await
        .map_err(|wait| throttle::page_refusal(Limit::Track, wait))?;
    let (status, message, t) = if f.number.trim().is_empty() || f.code.trim().is_empty() {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "请填写留言编号和查询码".to_owned(),
            None,
        )
    } else {
        match state.app.track_message(&f.number, &f.code).await {
            Ok(t) => (StatusCode::OK, String::new(), Some(t)),
            Err(AppError::NotFound(m)) => (StatusCode::NOT_FOUND, m, None),
            Err(e) => return Err(e.into()),
        }
    };
    let page = TrackPage {
        layout: scope.layout(&ctx, "留言办理查询"),
        action: format!("{}/cx", scope.base()),
        number: f.number,
        message,
        t,
    };
    Ok((status, render(page)).into_response())
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<String>,
    year: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "portal/exchanges.html")]
struct ListPage {
    layout: Layout,
    heading: String,
    base: String,
    exchanges: Vec<PublicExchange>,
    pager: Pager,
}

/// The published exchanges, newest answer first.
pub async fn exchanges(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    let page = page_number(q.page.as_deref());
    let (exchanges, total) = state
        .app
        .published_messages(scope.slug(), crate::pager::PER_PAGE, offset(page))
        .await?;
    let base = scope.base();
    Ok(render(ListPage {
        layout: scope.layout(&ctx, "留言选登"),
        heading: scope.heading(),
        pager: Pager::new(&format!("{base}/ly/"), page, total),
        base,
        exchanges,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/exchange.html")]
struct ExchangePage {
    layout: Layout,
    e: PublicExchange,
}

/// One published exchange, under the organisation written to.
pub async fn exchange(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, number)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, Some(&slug)).await?;
    let e = match state.app.public_exchange(&number).await {
        Ok(e) if e.org_slug == slug => e,
        Ok(_) | Err(AppError::NotFound(_)) => return Err(PageError::not_found()),
        Err(e) => return Err(e.into()),
    };
    Ok(render(ExchangePage {
        layout: scope.layout(&ctx, "留言选登").crumb(e.title.clone(), ""),
        e,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/message_stats.html")]
struct StatsPage {
    layout: Layout,
    heading: String,
    base: String,
    year: i32,
    years: Vec<i32>,
    rows: Vec<UnitStats>,
    reply_workdays: u32,
}

/// Each unit's figures for a year: received, answered, on time, average working days.
pub async fn stats(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let scope = Scope::of(&state, slug.as_deref()).await?;
    let this_year = state.app.today().year();
    let year = q
        .year
        .as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2008..=this_year).contains(y))
        .unwrap_or(this_year);
    let rows = state.app.message_stats(scope.slug(), year).await?;
    Ok(render(StatsPage {
        layout: scope.layout(&ctx, "办理情况统计"),
        heading: scope.heading(),
        base: scope.base(),
        year,
        years: (this_year - 4..=this_year).rev().collect(),
        rows,
        reply_workdays: state.app.message_reply_workdays().await?,
    }))
}
