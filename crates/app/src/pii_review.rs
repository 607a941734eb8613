//! Personal data before publication, for every path that publishes: what was found in
//! a publication (its text and the text of its files), the reviewer's decision on each
//! piece, and the rule that nothing is published while a piece is undecided, or while
//! a file holds a piece that was to be masked (a file cannot be masked here: it is
//! replaced by a masked one, or its pieces kept with a reason).

use gongkai_domain::Invalid;
use gongkai_domain::pii::review::{Decision, undecided};
use gongkai_domain::pii::{Detection, PiiKind};
use gongkai_store::pii_decisions;
use serde::Deserialize;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// A publication whose personal data is reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PiiSubject {
    /// A document, by its 索引号.
    Document(String),
    VillageList(i64),
    Service(i64),
}

/// One piece found, with every place it is in and the decision on it.
#[derive(Debug, Clone)]
pub struct PiiFinding {
    pub value: String,
    pub kind: PiiKind,
    pub masked: String,
    pub places: Vec<String>,
    /// Found in an uploaded file, which cannot be masked here.
    pub in_file: bool,
    pub decision: Option<Decision>,
}

/// What a reviewer sees: every piece found, and how many still wait for a decision.
#[derive(Debug, Clone, Default)]
pub struct PiiReview {
    pub findings: Vec<PiiFinding>,
    pub pending: usize,
}

impl PiiReview {
    /// Builds the review from the detections in the text (`found`) and in files
    /// (`in_files`) and the decisions taken.
    pub(crate) fn new(found: &[Detection], in_files: &[Detection], decisions: &[Decision]) -> Self {
        let mut findings: Vec<PiiFinding> = Vec::new();
        for (d, in_file) in found
            .iter()
            .map(|d| (d, false))
            .chain(in_files.iter().map(|d| (d, true)))
        {
            if let Some(f) = findings.iter_mut().find(|f| f.value == d.value) {
                f.places.push(d.place.clone());
                f.in_file |= in_file;
                continue;
            }
            findings.push(PiiFinding {
                value: d.value.clone(),
                kind: d.kind,
                masked: d.masked.clone(),
                places: vec![d.place.clone()],
                in_file,
                decision: decisions.iter().find(|x| x.value == d.value).cloned(),
            });
        }
        let all: Vec<Detection> = found.iter().chain(in_files).cloned().collect();
        let pending = undecided(&all, decisions).len();
        Self { findings, pending }
    }

    /// Refuses publication while a piece is undecided or a file holds one to mask.
    pub(crate) fn ensure_clear(&self) -> AppResult<()> {
        if self.pending > 0 {
            return Err(Invalid::new(
                "pii",
                format!(
                    "发现{}处个人信息尚未确认（遮蔽或说明理由后保留），请先在“个人信息核查”中逐项确认",
                    self.pending
                ),
            )
            .into());
        }
        let masked_in_file: Vec<&PiiFinding> = self
            .findings
            .iter()
            .filter(|f| f.in_file && f.decision.as_ref().is_some_and(|d| !d.keep))
            .collect();
        if let Some(f) = masked_in_file.first() {
            return Err(Invalid::new(
                "pii",
                format!(
                    "附件中的{}（{}）须遮蔽，但附件无法在本系统中遮蔽：请上传去除个人信息后的文件，或说明理由后保留（共{}处）",
                    f.kind.label(),
                    f.places.join("、"),
                    masked_in_file.len()
                ),
            )
            .into());
        }
        Ok(())
    }
}

/// A reviewer's decision as a form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PiiDecisionInput {
    pub value: String,
    /// True: published as written, with `reason`.
    #[serde(default)]
    pub keep: bool,
    #[serde(default)]
    pub reason: String,
}

impl PiiDecisionInput {
    /// Every finding of `review` masked, none kept: the usual decision on a list of
    /// people, and on a telephone number left in a document.
    pub fn mask_all(review: &PiiReview) -> Vec<PiiDecisionInput> {
        review
            .findings
            .iter()
            .map(|f| PiiDecisionInput {
                value: f.value.clone(),
                keep: false,
                reason: String::new(),
            })
            .collect()
    }
}

impl App {
    pub(crate) async fn pii_decisions(&self, subject: &str) -> AppResult<Vec<Decision>> {
        let mut c = self.store.conn().await?;
        Ok(pii_decisions::of(&mut c, subject).await?)
    }

    /// Records the reviewer's decisions on a publication's personal data, each with its
    /// audit record, in one transaction. Only pieces found in it now can be decided.
    pub async fn decide_pii(
        &self,
        actor: &Actor,
        subject: &PiiSubject,
        inputs: &[PiiDecisionInput],
    ) -> AppResult<usize> {
        let (key, entity, id, org_id, review) = self.pii_subject(actor, subject).await?;
        let mut decisions = Vec::new();
        let mut problems = Vec::new();
        for input in inputs {
            let Some(f) = review.findings.iter().find(|f| f.value == input.value) else {
                continue;
            };
            match Decision::new(&f.value, f.kind, input.keep, &input.reason) {
                Ok(d) => decisions.push(d),
                Err(e) => problems.push(Invalid::new(
                    "reason",
                    format!("{}（{}）：{}", f.masked, f.places.join("、"), e.message),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        if decisions.is_empty() {
            return Err(Invalid::new("pii", "没有需要确认的个人信息").into());
        }
        let by = actor
            .user_id()
            .ok_or_else(|| AppError::Forbidden("须登录后确认".into()))?;
        let mut tx = self.store.begin(self.now()).await?;
        for d in &decisions {
            pii_decisions::put(&mut tx, &key, d, by).await?;
        }
        let detail: Vec<_> = decisions
            .iter()
            .map(|d| {
                let f = review.findings.iter().find(|f| f.value == d.value);
                json!({
                    "kind": d.kind.as_str(),
                    // The audit trail names the piece masked, never the piece itself.
                    "masked": f.map(|f| f.masked.clone()),
                    "keep": d.keep,
                    "reason": d.reason,
                })
            })
            .collect();
        tx.record(
            self.audit(
                actor,
                "pii.decide",
                entity,
                Some(id),
                Some(org_id),
                json!({ "decisions": detail }),
            ),
            // What the public reads changes with a decision.
            Some(gongkai_store::NewEvent {
                kind: "pii.decided",
                entity_type: entity,
                entity_id: Some(id),
                org_id: Some(org_id),
                payload: json!({ "id": id }),
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(decisions.len())
    }

    /// The key, audit entity, id, organisation and current review of a subject, for a
    /// reviewer allowed to decide on it.
    async fn pii_subject(
        &self,
        actor: &Actor,
        subject: &PiiSubject,
    ) -> AppResult<(String, &'static str, i64, i64, PiiReview)> {
        Ok(match subject {
            PiiSubject::Document(index) => {
                let view = self.document_view(actor, index).await?;
                let org = view.doc.org_id;
                self.must_keep(actor, org, &crate::documents::PII_REVIEWERS, "确认个人信息")
                    .await?;
                let review = self.document_pii(&view.doc, &view.attachments).await?;
                (
                    document_subject(view.doc.id),
                    "document",
                    view.doc.id,
                    org,
                    review,
                )
            }
            PiiSubject::VillageList(id) => {
                let (list, review) = self.village_list_review(actor, *id).await?;
                (
                    village_list_subject(*id),
                    "village_list",
                    *id,
                    list.village_id,
                    review,
                )
            }
            PiiSubject::Service(id) => {
                let (s, review) = self.service_review(actor, *id).await?;
                (service_subject(*id), "service", *id, s.org_id, review)
            }
        })
    }
}

pub(crate) fn document_subject(id: i64) -> String {
    format!("document:{id}")
}

pub(crate) fn village_list_subject(id: i64) -> String {
    format!("village_list:{id}")
}

pub(crate) fn service_subject(id: i64) -> String {
    format!("service:{id}")
}

/// The personal data in an uploaded file whose text can be read (text, CSV, .xlsx,
/// .docx); none for files that cannot be read (PDF, images), which the reviewer checks
/// by eye before signing off, as today.
pub(crate) fn file_detections(filename: &str, bytes: &[u8]) -> Vec<Detection> {
    crate::pii_scan::scan_file(filename, bytes)
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.kind.personal_anywhere() || d.kind == PiiKind::Name)
        .map(|mut d| {
            d.place = format!("附件《{filename}》{}", d.place);
            d
        })
        .collect()
}
