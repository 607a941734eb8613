//! What the public may read. Every public page and public API endpoint reads through
//! here, and here only published 主动公开 content is ever returned.

use gongkai_store::attachments::{self, Attachment};
use gongkai_store::documents::{self, DocQuery, Document, DocumentSummary, Related};
use gongkai_store::orgs::Org;

use gongkai_domain::pii::review::public_text;

use crate::{App, AppError, AppResult};

#[derive(Debug, Clone)]
pub struct PublicDocument {
    pub doc: Document,
    pub org: Org,
    pub coissuers: Vec<(i64, String, String)>,
    /// Related documents that are themselves public.
    pub related: Vec<Related>,
    pub attachments: Vec<Attachment>,
    /// The public consultations held on the draft, with their adoption feedback.
    pub consultations: Vec<crate::ConsultationSummary>,
    /// When the document is an interpretation: its form, Q&A and event.
    pub interpretation: Option<gongkai_store::interpretations::Interpretation>,
    /// The published interpretation pairs it belongs to, as policy or as interpretation.
    pub pairs: Vec<gongkai_store::interpretations::Pair>,
}

fn is_public(d: &Document) -> bool {
    d.state == gongkai_domain::workflow::State::Published && d.decision.attribute.is_public()
}

impl App {
    /// A published proactive document by its 索引号; None for anything else, including
    /// documents that exist but are not public (the public cannot tell them apart).
    pub async fn public_document(&self, index_number: &str) -> AppResult<Option<PublicDocument>> {
        let mut c = self.store.conn().await?;
        let Some(doc) = documents::by_index_number(&mut c, index_number).await? else {
            return Ok(None);
        };
        if !is_public(&doc) {
            return Ok(None);
        }
        let Some(org) = gongkai_store::orgs::get(&mut c, doc.org_id).await? else {
            return Ok(None);
        };
        let consultations = self.document_consultations(doc.id).await?;
        // Personal data is masked unless a reviewer kept it (DOMAIN §11).
        let kept =
            gongkai_store::pii_decisions::of(&mut c, &crate::pii_review::document_subject(doc.id))
                .await?;
        let mut doc = doc;
        doc.title = public_text(&doc.title, &kept);
        doc.summary = public_text(&doc.summary, &kept);
        doc.body = public_text(&doc.body, &kept);
        Ok(Some(PublicDocument {
            consultations,
            interpretation: gongkai_store::interpretations::get(&mut c, doc.id).await?,
            pairs: gongkai_store::interpretations::public_pairs(&mut c, &[doc.id]).await?,
            coissuers: documents::coissuers(&mut c, doc.id).await?,
            related: documents::relations(&mut c, doc.id, true).await?,
            attachments: attachments::of_document(&mut c, doc.id).await?,
            org,
            doc,
        }))
    }

    /// A page of public documents matching `q` (whatever `q.public_only` says).
    pub async fn public_documents(
        &self,
        mut q: DocQuery,
    ) -> AppResult<(Vec<DocumentSummary>, i64)> {
        q.public_only = true;
        q.states.clear();
        q.attributes.clear();
        q.rereview_before = None;
        let mut c = self.store.conn().await?;
        Ok(documents::list(&mut c, &q).await?)
    }

    /// Public documents per category code of one organisation.
    pub async fn public_category_counts(&self, org_id: i64) -> AppResult<Vec<(String, i64)>> {
        let mut c = self.store.conn().await?;
        Ok(documents::public_category_counts(&mut c, org_id)
            .await?
            .into_iter()
            .map(|(code, n, _)| (code, n))
            .collect())
    }

    /// An attachment of a public document.
    pub async fn public_attachment(
        &self,
        index_number: &str,
        attachment_id: i64,
    ) -> AppResult<(Attachment, Vec<u8>)> {
        let doc = self
            .public_document(index_number)
            .await?
            .ok_or_else(|| AppError::NotFound("文件不存在".into()))?;
        let a = doc
            .attachments
            .into_iter()
            .find(|a| a.id == attachment_id)
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?;
        let bytes = self.attachment_bytes(&a).await?;
        Ok((a, bytes))
    }
}

/// One year in an organisation's 年报 column.
#[derive(Debug, Clone)]
pub enum AnnualReportEntry {
    /// Generated and published on the platform, with the instant it was published.
    Platform { year: i32, published_at: String },
    /// A report published as a document (an earlier year, or one made elsewhere).
    Document(DocumentSummary),
}

impl AnnualReportEntry {
    pub fn year(&self) -> Option<i32> {
        match self {
            Self::Platform { year, .. } => Some(*year),
            Self::Document(d) => report_year(d),
        }
    }
}

/// The year a report document is for: the year in its title ("…2024年政府信息公开工作
/// 年度报告"), else the year before it was written (reports are made in January).
fn report_year(d: &DocumentSummary) -> Option<i32> {
    use chrono::Datelike;
    let t = &d.title;
    t.char_indices()
        .filter(|(_, c)| *c == '年')
        .find_map(|(i, _)| {
            let digits = t[..i].get(i.saturating_sub(4)..)?;
            (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        })
        .or_else(|| Some(d.written_on.year() - 1))
}

impl App {
    /// An organisation's annual reports, newest year first, one per year: the
    /// platform's own report for a year wins over a document for the same year, so the
    /// column never shows two sets of figures for one year.
    pub async fn annual_report_list(&self, org_id: i64) -> AppResult<Vec<AnnualReportEntry>> {
        let platform = self.published_report_years(org_id).await?;
        let years: Vec<i32> = platform.iter().map(|(y, _)| *y).collect();
        let (docs, _) = self
            .public_documents(DocQuery {
                org_ids: Some(vec![org_id]),
                column: Some(gongkai_domain::document::Column::AnnualReport),
                limit: 200,
                ..Default::default()
            })
            .await?;
        let mut out: Vec<AnnualReportEntry> = platform
            .into_iter()
            .map(|(year, published_at)| AnnualReportEntry::Platform { year, published_at })
            .collect();
        out.extend(
            docs.into_iter()
                .filter(|d| report_year(d).is_none_or(|y| !years.contains(&y)))
                .map(AnnualReportEntry::Document),
        );
        out.sort_by_key(|e| std::cmp::Reverse(e.year()));
        Ok(out)
    }
}
