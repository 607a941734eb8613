//! Search: following the event log into the index, rebuilding it, and answering
//! queries with only public documents.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use gongkai_domain::pii::review::public_text;
use gongkai_search::{IndexDoc, SearchIndex, SearchQuery, html_to_text};
use gongkai_store::documents::{self, Document, DocumentSummary};
use gongkai_store::events;

use crate::tree::OrgTree;
use crate::{App, AppError, AppResult};

/// Events read per pass while catching up.
const EVENTS_PER_PASS: i64 = 2000;
/// Documents between commits while rebuilding.
const REINDEX_COMMIT_EVERY: usize = 200_000;
/// How often a follower looks for new events when idle.
pub const POLL: Duration = Duration::from_millis(100);

/// One result, ready to show.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub doc: DocumentSummary,
    /// Title as HTML with the query's words marked.
    pub title_html: String,
    /// A passage of the body as HTML with the query's words marked.
    pub snippet_html: String,
    /// The other half of a policy–interpretation pair: the interpretations of a policy
    /// hit, or the policy an interpretation hit explains.
    pub paired: Vec<DocumentSummary>,
    /// The hit is itself an interpretation.
    pub interprets: bool,
}

#[derive(Debug, Clone)]
pub struct SearchPage {
    pub total: usize,
    pub hits: Vec<SearchHit>,
    pub relaxed: bool,
    pub notice: Option<String>,
}

/// How far the index is behind the database.
#[derive(Debug, Clone, Copy)]
pub struct SearchStatus {
    pub applied_seq: i64,
    pub last_seq: i64,
    /// Seconds since the oldest event not yet applied was written (0 when caught up).
    pub lag_seconds: f64,
    pub documents: u64,
}

/// The indexed form of a document; `qa` holds an interpretation's questions and
/// answers, which are searched with its body.
fn index_doc(d: &Document, tree: &OrgTree, qa: &[(i64, String)]) -> IndexDoc {
    // The index never holds what the public pages mask.
    let mut body_text = public_text(&html_to_text(&d.body), &[]);
    if let Some((_, t)) = qa.iter().find(|(id, _)| *id == d.id) {
        body_text.push('\n');
        body_text.push_str(t);
    }
    IndexDoc {
        id: d.id,
        index_number: d.index_number.clone(),
        title: d.title.clone(),
        summary: public_text(&d.summary, &[]),
        body_text,
        doc_number: d.doc_number.as_ref().map(|n| n.normalized().to_owned()),
        org_ancestry: tree.ancestry_ids(d.org_id),
        category: d.category.clone(),
        topic: d.topic.clone(),
        validity: d.validity.as_str().to_owned(),
        published_on: d.published_on.unwrap_or(d.written_on),
    }
}

/// The Q&A texts of the interpretations among `docs`.
async fn interpretation_qa(
    c: &mut gongkai_store::AnyConnection,
    docs: &[Document],
) -> AppResult<Vec<(i64, String)>> {
    let ids: Vec<i64> = docs
        .iter()
        .filter(|d| d.column == gongkai_domain::document::Column::Interpretation)
        .map(|d| d.id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(gongkai_store::interpretations::qa_texts(c, &ids).await?)
}

fn is_public(d: &Document) -> bool {
    d.state == gongkai_domain::workflow::State::Published && d.decision.attribute.is_public()
}

impl App {
    fn index(&self) -> AppResult<&Arc<SearchIndex>> {
        self.search
            .as_ref()
            .ok_or_else(|| AppError::Internal("未启用全文检索".into()))
    }

    /// Applies the events after the index's cursor (at most one pass); returns how
    /// many were applied. Documents are re-read: each event only says which changed.
    pub async fn follow_events(&self) -> AppResult<usize> {
        let index = self.index()?.clone();
        let from = index.applied_seq();
        let mut c = self.store.conn().await?;
        let evs = events::after(&mut c, from, EVENTS_PER_PASS).await?;
        let Some(last) = evs.last().map(|e| e.seq) else {
            return Ok(0);
        };
        // A year loaded on another node reaches this one's clocks the same way.
        if evs.iter().any(|e| e.entity_type == "calendar") {
            drop(c);
            self.refresh_calendar().await?;
            c = self.store.conn().await?;
        }
        let ids: BTreeSet<i64> = evs
            .iter()
            .filter(|e| e.entity_type == "document")
            .filter_map(|e| e.entity_id)
            .collect();
        let ids: Vec<i64> = ids.into_iter().collect();
        let docs = documents::get_many(&mut c, &ids).await?;
        let qa = interpretation_qa(&mut c, &docs).await?;
        drop(c);
        let tree = self.org_tree().await?;
        let mut upserts = Vec::new();
        let mut deletes: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !docs.iter().any(|d| d.id == *id))
            .collect();
        for d in &docs {
            if is_public(d) {
                upserts.push(index_doc(d, &tree, &qa));
            } else {
                deletes.push(d.id);
            }
        }
        let n = evs.len();
        tokio::task::spawn_blocking(move || index.apply(&upserts, &deletes, last))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(n)
    }

    /// Follows the event log for ever: the index trails the database by about one
    /// poll interval. Errors are logged and retried.
    pub async fn run_search_follower(self) {
        loop {
            match self.follow_events().await {
                Ok(0) => tokio::time::sleep(POLL).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "search follower failed; retrying");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        }
    }

    /// Rebuilds the index from the database; returns the number of documents indexed.
    /// Events written meanwhile are applied afterwards by the follower (re-applying
    /// one is harmless).
    pub async fn reindex(&self, mut progress: impl FnMut(usize)) -> AppResult<usize> {
        let index = self.index()?.clone();
        let mut c = self.store.conn().await?;
        let start_seq = events::last_seq(&mut c).await?;
        drop(c);
        let tree = self.org_tree().await?;
        let i2 = index.clone();
        tokio::task::spawn_blocking(move || i2.clear())
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let mut after = 0;
        let mut total = 0;
        let mut since_commit = 0;
        loop {
            let mut c = self.store.conn().await?;
            let page = documents::public_after(&mut c, after, 5000).await?;
            let qa = interpretation_qa(&mut c, &page).await?;
            drop(c);
            let last_page = page.len() < 5000;
            if let Some(last) = page.last() {
                after = last.id;
            }
            let docs: Vec<IndexDoc> = page.iter().map(|d| index_doc(d, &tree, &qa)).collect();
            total += docs.len();
            since_commit += docs.len();
            // Commit rarely: each commit closes segments that later have to be merged.
            let commit = (last_page || since_commit >= REINDEX_COMMIT_EVERY).then_some(start_seq);
            if commit.is_some() {
                since_commit = 0;
            }
            let i2 = index.clone();
            tokio::task::spawn_blocking(move || i2.add_fresh(&docs, commit))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(|e| AppError::Internal(e.to_string()))?;
            progress(total);
            if last_page {
                break;
            }
        }
        let i2 = index.clone();
        tokio::task::spawn_blocking(move || i2.optimize())
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(total)
    }

    /// The source key (from an import) of each document, in the order of `ids`; the
    /// 索引号 for documents entered in the platform.
    pub async fn source_keys(&self, ids: &[i64]) -> AppResult<Vec<String>> {
        let mut c = self.store.conn().await?;
        let keys = documents::source_keys(&mut c, ids).await?;
        let summaries = documents::summaries(&mut c, ids).await?;
        Ok(ids
            .iter()
            .map(|id| {
                keys.iter()
                    .find(|(i, _)| i == id)
                    .and_then(|(_, k)| k.clone())
                    .or_else(|| {
                        summaries
                            .iter()
                            .find(|s| s.id == *id)
                            .map(|s| s.index_number.clone())
                    })
                    .unwrap_or_default()
            })
            .collect())
    }

    pub async fn search_status(&self) -> AppResult<SearchStatus> {
        let index = self.index()?;
        let applied = index.applied_seq();
        let mut c = self.store.conn().await?;
        let last = events::last_seq(&mut c).await?;
        let lag_seconds = match events::first_after(&mut c, applied).await? {
            None => 0.0,
            Some(at) => gongkai_store::parse_instant(&at)
                .map(|t| (self.now() - t).num_milliseconds().max(0) as f64 / 1000.0)
                .unwrap_or(0.0),
        };
        Ok(SearchStatus {
            applied_seq: applied,
            last_seq: last,
            lag_seconds,
            documents: index.num_docs(),
        })
    }

    /// Searches published 主动公开 documents. What the user typed never causes an error:
    /// odd queries give no hits and a notice.
    pub async fn search(&self, q: SearchQuery) -> AppResult<SearchPage> {
        let index = self.index()?.clone();
        let results = tokio::task::spawn_blocking(move || index.search(&q))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
        let mut c = self.store.conn().await?;
        let docs = documents::get_many(&mut c, &ids).await?;
        let pairs = gongkai_store::interpretations::public_pairs(&mut c, &ids).await?;
        drop(c);
        let tree = self.org_tree().await?;
        let mut hits = Vec::with_capacity(ids.len());
        for id in &ids {
            // The index trails the database: never show what stopped being public.
            let Some(d) = docs.iter().find(|d| d.id == *id && is_public(d)) else {
                continue;
            };
            let Some(org) = tree.get(d.org_id) else {
                continue;
            };
            let body = html_to_text(&d.body);
            let source = if body.trim().is_empty() {
                d.summary.as_str()
            } else {
                body.as_str()
            };
            hits.push(SearchHit {
                title_html: results.title_html(&d.title),
                snippet_html: results.snippet_masked(source, |s| public_text(s, &[])),
                paired: pairs
                    .iter()
                    .filter_map(|p| {
                        if p.interpretation.id == d.id {
                            Some(p.policy.clone())
                        } else if p.policy.id == d.id {
                            Some(p.interpretation.clone())
                        } else {
                            None
                        }
                    })
                    .collect(),
                interprets: d.column == gongkai_domain::document::Column::Interpretation,
                doc: d.summary(&org.name, &org.slug),
            });
        }
        Ok(SearchPage {
            total: results.total,
            hits,
            relaxed: results.relaxed,
            notice: results.notice.clone(),
        })
    }
}
