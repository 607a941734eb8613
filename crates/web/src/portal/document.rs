//! A document's public page and its attachments.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::PublicDocument;
use gongkai_domain::category::Category;
use gongkai_domain::topic::Topic;
use gongkai_domain::validity::{Relation, Validity};

use super::{crumbs_to, org_and_tree};
use crate::AppState;
use crate::error::PageError;
use crate::extract::Path;
use crate::layout::{Ctx, Layout};
use crate::respond::render;
use crate::util::{cn_date, doc_url, enc, opt_date};

struct RelatedLink {
    label: &'static str,
    title: String,
    href: String,
    doc_number: String,
}

struct AttachmentLink {
    name: String,
    href: String,
    size: String,
}

#[derive(askama::Template)]
#[template(path = "portal/document.html")]
struct DocumentPage {
    layout: Layout,
    p: PublicDocument,
    doc_number: String,
    issuers: String,
    written: String,
    published: String,
    topic: &'static str,
    category: String,
    validity: &'static str,
    banner: Option<String>,
    related: Vec<RelatedLink>,
    attachments: Vec<AttachmentLink>,
    /// The policy this interpretation explains, or the interpretations of this policy.
    pair_links: Vec<PairLink>,
    /// Said on an interpretation whose policy changed after it was written.
    interp_banner: Option<String>,
    interp: Option<InterpView>,
}

struct PairLink {
    title: String,
    href: String,
    form: &'static str,
}

struct InterpView {
    form: &'static str,
    body_label: &'static str,
    qa: Vec<gongkai_domain::interpretation::QaPair>,
    held: String,
    place: String,
    speakers: String,
    images: Vec<AttachmentLink>,
    audio: Vec<AttachmentLink>,
    video: Vec<AttachmentLink>,
}

fn human_size(n: i64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (n + 1023) / 1024)
    }
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, index)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let Some(p) = state.app.public_document(&index).await? else {
        return Err(PageError::not_found());
    };
    if p.org.slug != slug {
        // Addressed by 索引号: the number is the stable part; the organisation's slug follows it.
        return Ok(Redirect::permanent(&doc_url(&p.org.slug, &p.doc.index_number)).into_response());
    }
    let (_, tree) = org_and_tree(&state, &slug).await?;
    let mut layout = crumbs_to(&ctx, &p.doc.title, &tree, &p.org);
    // A village's documents sit on its 村务公开 page; it has no 政府信息公开 platform.
    if super::has_platform(&p.org) {
        layout = layout.crumb("政府信息公开", format!("/{slug}/xxgk/"));
    }
    let layout = layout.crumb("正文", "");
    let d = &p.doc;
    let successor = p
        .related
        .iter()
        .find(|r| r.incoming && matches!(r.kind, Relation::Repeals | Relation::Amends));
    let banner = match d.validity {
        Validity::Valid => None,
        Validity::Expired => Some("本文件已失效，仅供查阅。".to_owned()),
        v => Some(match successor {
            Some(s) => format!(
                "本文件{}：已被《{}》{}{}。",
                v.label(),
                s.doc.title,
                s.doc
                    .doc_number
                    .as_deref()
                    .map(|n| format!("（{n}）"))
                    .unwrap_or_default(),
                s.kind.label_backward().trim_start_matches('被')
            ),
            None => format!("本文件{}。", v.label()),
        }),
    };
    let related = p
        .related
        .iter()
        .map(|r| RelatedLink {
            label: if r.incoming {
                r.kind.label_backward()
            } else {
                r.kind.label_forward()
            },
            title: r.doc.title.clone(),
            href: doc_url(&r.doc.org_slug, &r.doc.index_number),
            doc_number: r.doc.doc_number.clone().unwrap_or_default(),
        })
        .collect();
    let link = |a: &gongkai_app::model::Attachment| AttachmentLink {
        name: a.filename.clone(),
        href: format!("/{slug}/xxgk/doc/{}/att/{}", d.index_number, a.id),
        size: human_size(a.size_bytes),
    };
    let attachments = p.attachments.iter().map(link).collect();
    let is_interpretation = p.interpretation.is_some();
    let pair_links = p
        .pairs
        .iter()
        .map(|x| {
            let other = if is_interpretation {
                &x.policy
            } else {
                &x.interpretation
            };
            PairLink {
                title: other.title.clone(),
                href: doc_url(&other.org_slug, &other.index_number),
                form: x.form.label(),
            }
        })
        .collect();
    let interp_banner = p
        .pairs
        .iter()
        .find(|x| is_interpretation && x.stale)
        .map(|x| match x.policy.validity {
            Validity::Valid => format!(
                "本解读所依据的《{}》在解读发布后有修改，请以现行文件为准。",
                x.policy.title
            ),
            v => format!(
                "本解读所依据的《{}》{}，解读内容仅供查阅。",
                x.policy.title,
                v.label()
            ),
        });
    let by_kind = |prefix: &str| -> Vec<AttachmentLink> {
        p.attachments
            .iter()
            .filter(|a| a.content_type.starts_with(prefix))
            .map(link)
            .collect()
    };
    let interp = p.interpretation.as_ref().map(|i| InterpView {
        form: i.details.form.label(),
        body_label: i.details.form.body_label(),
        qa: i.details.qa.clone(),
        held: i.details.held_on.map(cn_date).unwrap_or_default(),
        place: i.details.place.clone(),
        speakers: i.details.speakers.clone(),
        images: by_kind("image/"),
        audio: by_kind("audio/"),
        video: by_kind("video/"),
    });
    let mut issuers = p.org.name.clone();
    for (_, name, _) in &p.coissuers {
        issuers.push('、');
        issuers.push_str(name);
    }
    Ok(render(DocumentPage {
        layout,
        doc_number: d
            .doc_number
            .as_ref()
            .map(|n| n.normalized().to_owned())
            .unwrap_or_default(),
        issuers,
        written: cn_date(d.written_on),
        published: d
            .published_on
            .map(cn_date)
            .unwrap_or_else(|| opt_date(None)),
        topic: Topic::by_code(&d.topic).map_or("其他", |t| t.label),
        category: d
            .category
            .as_deref()
            .and_then(Category::by_code)
            .map_or(String::new(), |c| c.title.to_owned()),
        validity: d.validity.label(),
        banner,
        related,
        attachments,
        pair_links,
        interp_banner,
        interp,
        p,
    }))
}

pub async fn attachment(
    State(state): State<AppState>,
    Path((slug, index, id)): Path<(String, String, i64)>,
) -> Result<Response, PageError> {
    let (a, bytes) = state.app.public_attachment(&index, id).await?;
    let _ = slug;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        enc(&a.filename).replace('/', "%2F")
    );
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&a.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(r)
}
