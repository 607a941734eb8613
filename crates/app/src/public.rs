//! What the public may read. Every public page and public API endpoint reads through
//! here, and here only published 主动公开 content is ever returned.

use gongkai_store::attachments::{self, Attachment};
use gongkai_store::documents::{self, DocQuery, Document, DocumentSummary, Related};
use gongkai_store::orgs::Org;

use crate::{App, AppError, AppResult};

#[derive(Debug, Clone)]
pub struct PublicDocument {
    pub doc: Document,
    pub org: Org,
    pub coissuers: Vec<(i64, String, String)>,
    /// Related documents that are themselves public.
    pub related: Vec<Related>,
    pub attachments: Vec<Attachment>,
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
        Ok(Some(PublicDocument {
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
        Ok(documents::public_category_counts(&mut c, org_id).await?)
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
