//! 办事服务 on the portal (seed 002 item 7's unified entry for online services): the
//! services of the whole site or of one organisation, found by life event (个人办事),
//! business event (法人办事) or a word; each guide with every element, its flow chart
//! drawn from the steps (SVG, with the steps as a list beside it) and its forms; the
//! 办事一本通 as a page and a PDF.

use axum::extract::State;
use axum::response::Response;
use gongkai_app::services::{ServiceQuery, ServiceView, file_role_label};
use gongkai_domain::html::escape_html;
use gongkai_domain::service::{Audience, Theme};

use super::{crumbs_to, org_and_tree};
use crate::AppState;
use crate::error::PageError;
use crate::extract::{MaybeOrg, Path, Query};
use crate::layout::{Ctx, Layout};
use crate::pdf::handbook::{self, Handbook};
use crate::respond::{download, render};

/// A theme as a filter link, with how many services it has.
pub struct ThemeLink {
    pub label: &'static str,
    pub href: String,
    pub count: usize,
    pub current: bool,
}

#[derive(askama::Template)]
#[template(path = "portal/services.html")]
struct ListPage {
    layout: Layout,
    heading: String,
    base: String,
    q: String,
    filter: String,
    person: Vec<ThemeLink>,
    legal: Vec<ThemeLink>,
    items: Vec<ServiceView>,
}

/// Where the services of this scope live.
fn base_of(slug: Option<&str>) -> String {
    match slug {
        Some(s) => format!("/{s}/bsfw/"),
        None => "/bsfw/".into(),
    }
}

async fn scope_layout(
    state: &AppState,
    ctx: &Ctx,
    slug: Option<&str>,
    title: &str,
) -> Result<(Layout, String), PageError> {
    Ok(match slug {
        Some(s) => {
            let (org, tree) = org_and_tree(state, s).await?;
            let layout = crumbs_to(ctx, title, &tree, &org).crumb("办事服务", base_of(slug));
            (layout, format!("{}办事服务", org.name))
        }
        None => (
            Layout::new(ctx, title)
                .crumb("首页", "/")
                .crumb("办事服务", "/bsfw/"),
            "办事服务".into(),
        ),
    })
}

/// The services, filtered by ?audience=, ?theme= and ?q=.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
    Query(q): Query<ServiceQuery>,
) -> Result<Response, PageError> {
    let slug = slug.as_deref();
    let (layout, heading) = scope_layout(&state, &ctx, slug, "办事服务").await?;
    let all = state
        .app
        .public_services(&ServiceQuery {
            org: slug.map(str::to_owned),
            ..Default::default()
        })
        .await?;
    let items = state
        .app
        .public_services(&ServiceQuery {
            org: slug.map(str::to_owned),
            ..q.clone()
        })
        .await?;
    let base = base_of(slug);
    let current = q.theme.as_deref().and_then(Theme::read);
    let links = |aud: Audience| -> Vec<ThemeLink> {
        Theme::ALL
            .iter()
            .filter(|t| t.audience() == aud)
            .map(|t| ThemeLink {
                label: t.label(),
                href: format!("{base}?theme={}", t.as_str()),
                count: all.iter().filter(|v| v.themes.contains(t)).count(),
                current: current == Some(*t),
            })
            .collect()
    };
    let filter = match (
        current,
        q.audience
            .as_deref()
            .and_then(|a| a.parse::<Audience>().ok()),
    ) {
        (Some(t), _) => format!("{}·{}", t.audience().label(), t.label()),
        (None, Some(a)) => a.label().to_owned(),
        _ => String::new(),
    };
    Ok(render(ListPage {
        layout,
        heading,
        person: links(Audience::Person),
        legal: links(Audience::Legal),
        q: q.q.unwrap_or_default(),
        filter,
        base,
        items,
    }))
}

#[derive(askama::Template)]
#[template(path = "portal/service.html")]
struct GuidePage {
    layout: Layout,
    v: ServiceView,
    elements: Elements,
    chart: String,
    files: Vec<(String, String, String)>,
}

/// The steps as a flow chart: one box per step, top to bottom, joined by arrows; the
/// chart's title says the whole flow in words for screen readers, and the page lists
/// the steps beside it.
pub fn flow_chart(steps: &[String]) -> String {
    const W: usize = 300;
    const PER_LINE: usize = 16;
    const LINE: usize = 20;
    const GAP: usize = 28;
    let mut y = 10;
    let mut body = String::new();
    for (i, s) in steps.iter().enumerate() {
        let chars: Vec<char> = format!("{}. {s}", i + 1).chars().collect();
        let lines: Vec<String> = chars.chunks(PER_LINE).map(|c| c.iter().collect()).collect();
        let h = lines.len() * LINE + 16;
        body.push_str(&format!(
            "<rect x=\"10\" y=\"{y}\" width=\"{W}\" height=\"{h}\" rx=\"6\" class=\"step\"/>"
        ));
        for (n, l) in lines.iter().enumerate() {
            body.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                10 + W / 2,
                y + 8 + (n + 1) * LINE - 5,
                escape_html(l)
            ));
        }
        y += h;
        if i + 1 < steps.len() {
            let x = 10 + W / 2;
            body.push_str(&format!(
                "<line x1=\"{x}\" y1=\"{y}\" x2=\"{x}\" y2=\"{}\" class=\"arrow\"/><path d=\"M{} {} L{x} {} L{} {} Z\" class=\"head\"/>",
                y + GAP - 6,
                x - 5,
                y + GAP - 8,
                y + GAP,
                x + 5,
                y + GAP - 8,
            ));
            y += GAP;
        }
    }
    let words = steps.join(" → ");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"flow-t\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" class=\"flow\"><title id=\"flow-t\">办理流程图：{}</title>{body}</svg>",
        W + 20,
        y + 10,
        W + 20,
        y + 10,
        escape_html(&words)
    )
}

async fn published(state: &AppState, slug: &str, id: &str) -> Result<ServiceView, PageError> {
    let id = super::record_number(id)?;
    let v = state.app.public_service(id).await?;
    if v.org.slug != slug {
        return Err(PageError::not_found());
    }
    Ok(v)
}

pub async fn guide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let v = published(&state, &slug, &id).await?;
    let (org, tree) = org_and_tree(&state, &slug).await?;
    let layout = crumbs_to(&ctx, &v.service.fields.name, &tree, &org)
        .crumb("办事服务", format!("/{slug}/bsfw/"))
        .crumb(v.service.fields.name.clone(), "");
    let files = v
        .files
        .iter()
        .map(|f| {
            (
                format!("/{slug}/bsfw/{}/file/{}", v.service.id, f.id),
                f.filename.clone(),
                file_role_label(&f.role).to_owned(),
            )
        })
        .collect();
    Ok(render(GuidePage {
        layout,
        chart: flow_chart(&v.steps),
        elements: handbook::elements(&v),
        files,
        v,
    }))
}

pub async fn file(
    State(state): State<AppState>,
    Path((slug, id, file)): Path<(String, String, i64)>,
) -> Result<Response, PageError> {
    let v = published(&state, &slug, &id).await?;
    let (f, bytes) = state.app.service_file(None, v.service.id, file).await?;
    Ok(download(bytes, &f.content_type, &f.filename))
}

/// A guide's elements with their paragraphs.
type Elements = Vec<(&'static str, Vec<String>)>;

#[derive(askama::Template)]
#[template(path = "portal/handbook.html")]
struct HandbookPage {
    layout: Layout,
    heading: String,
    pdf: String,
    items: Vec<(ServiceView, Elements)>,
}

async fn handbook_of(
    state: &AppState,
    slug: Option<&str>,
) -> Result<(String, String, Vec<ServiceView>), PageError> {
    let items = state
        .app
        .public_services(&ServiceQuery {
            org: slug.map(str::to_owned),
            ..Default::default()
        })
        .await?;
    let issuer = match slug {
        Some(s) => org_and_tree(state, s).await?.0.name,
        None => state.app.site().await?.identity.name.clone(),
    };
    Ok((format!("{issuer}办事一本通"), issuer, items))
}

/// 办事一本通 as a page.
pub async fn handbook_page(
    State(state): State<AppState>,
    ctx: Ctx,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let slug = slug.as_deref();
    let (title, _, items) = handbook_of(&state, slug).await?;
    let (layout, _) = scope_layout(&state, &ctx, slug, &title).await?;
    Ok(render(HandbookPage {
        layout: layout.crumb(title.clone(), ""),
        pdf: format!("{}ybt.pdf", base_of(slug)),
        heading: title,
        items: items
            .into_iter()
            .map(|v| {
                let e = handbook::elements(&v);
                (v, e)
            })
            .collect(),
    }))
}

/// 办事一本通 as a PDF with contents and page numbers.
pub async fn handbook_pdf(
    State(state): State<AppState>,
    MaybeOrg(slug): MaybeOrg,
) -> Result<Response, PageError> {
    let (title, issuer, items) = handbook_of(&state, slug.as_deref()).await?;
    let date = state.app.today();
    let filename = format!("{title}.pdf");
    let bytes = crate::pdf::make(move || {
        handbook::pdf(&Handbook {
            title: &title,
            issuer: &issuer,
            date,
            guides: &items,
        })
    })
    .await?;
    Ok(download(bytes, "application/pdf", &filename))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flow_chart_has_a_box_per_step_and_says_the_flow_in_words() {
        let steps: Vec<String> = ["申请", "受理<审查>", "决定并送达当事人及其委托代理人"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let svg = flow_chart(&steps);
        assert_eq!(svg.matches("<rect").count(), 3);
        assert_eq!(svg.matches("class=\"arrow\"").count(), 2);
        assert!(svg.contains("<title id=\"flow-t\">办理流程图：申请 → 受理&lt;审查&gt; → "));
        assert!(!svg.contains("<审查>"));
    }
}
