//! 个人信息核查 in the back office: the personal data found in a document, a village
//! list or a service guide, shown to staff as written beside how the public will see
//! it, and the reviewer's decision on each piece (mask, or keep with a reason).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::pii_review::{PiiDecisionInput, PiiReview, PiiSubject};

use super::staff_layout;
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Fields, Path, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;
use crate::util::enc;

/// One piece as the review form shows it.
pub struct PiiRow {
    pub value: String,
    pub kind: &'static str,
    pub suspicious: bool,
    pub in_file: bool,
    pub masked: String,
    pub places: String,
    pub decided: bool,
    pub keep: bool,
    pub reason: String,
}

/// The review form of a page: its rows, how many wait, and where it posts.
pub struct PiiForm {
    pub rows: Vec<PiiRow>,
    pub pending: usize,
    pub action: String,
    /// The viewer may decide; others see the findings only.
    pub may_decide: bool,
}

impl PiiForm {
    pub fn new(review: &PiiReview, action: String, may_decide: bool) -> Self {
        Self {
            rows: review
                .findings
                .iter()
                .map(|f| PiiRow {
                    value: f.value.clone(),
                    kind: f.kind.label(),
                    suspicious: f.kind.suspicious(),
                    in_file: f.in_file,
                    masked: f.masked.clone(),
                    places: f.places.join("、"),
                    decided: f.decision.is_some(),
                    keep: f.decision.as_ref().is_some_and(|d| d.keep),
                    reason: f
                        .decision
                        .as_ref()
                        .map(|d| d.reason.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            pending: review.pending,
            action,
            may_decide,
        }
    }
}

/// The decisions a review form sent: `v{i}` the piece, `d{i}` mask or keep, `r{i}`
/// the reason.
fn decisions(f: &Fields) -> Vec<PiiDecisionInput> {
    let n: usize = f.get("n").parse().unwrap_or(0).min(10_000);
    (0..n)
        .filter(|i| !f.get(&format!("v{i}")).is_empty())
        .map(|i| PiiDecisionInput {
            value: f.get(&format!("v{i}")).to_owned(),
            keep: f.get(&format!("d{i}")) == "keep",
            reason: f.get(&format!("r{i}")).to_owned(),
        })
        .collect()
}

async fn decide(
    state: &AppState,
    staff: &Staff,
    subject: PiiSubject,
    back: String,
    f: &Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(f.get("_csrf"))?;
    match state
        .app
        .decide_pii(&staff.actor, &subject, &decisions(f))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{back}?done=pii")).into_response()),
        Err(e) => Err(PageError::back_to(e, "个人信息核查", &back)),
    }
}

#[derive(askama::Template)]
#[template(path = "admin/pii.html")]
struct DocPage {
    layout: Layout,
    flash: &'static str,
    title: String,
    back: String,
    csrf: String,
    pii: PiiForm,
}

/// A document's 个人信息核查.
pub async fn document(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<String>,
    Query(done): Query<super::Done>,
) -> Result<Response, PageError> {
    let (review, may) = state.app.document_pii_review(&staff.actor, &id).await?;
    let doc = state.app.document_of(&staff.actor, &id).await?;
    let back = format!("/admin/docs/{}", enc(&id));
    Ok(render(DocPage {
        layout: staff_layout(&ctx, &staff, "个人信息核查")
            .crumb("文件管理", "/admin/docs")
            .crumb(doc.title.clone(), back.clone())
            .crumb("个人信息核查", ""),
        flash: super::flash(&done.done),
        title: doc.title,
        pii: PiiForm::new(&review, format!("{back}/pii"), may),
        back,
        csrf: staff.csrf.clone(),
    }))
}

pub async fn decide_document(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    f: Fields,
) -> Result<Response, PageError> {
    let back = format!("/admin/docs/{}/pii", enc(&id));
    decide(&state, &staff, PiiSubject::Document(id), back, &f).await
}

pub async fn decide_village_list(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    let back = format!("/admin/villages/lists/{id}");
    decide(&state, &staff, PiiSubject::VillageList(id), back, &f).await
}

pub async fn decide_service(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    let back = format!("/admin/services/{id}");
    decide(&state, &staff, PiiSubject::Service(id), back, &f).await
}
