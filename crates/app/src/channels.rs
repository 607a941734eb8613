//! The same published records for machines: an organisation's Atom feed and the
//! sitemap's files of document addresses.

use gongkai_domain::category::Category;
use gongkai_domain::document::Column;
use gongkai_store::documents::{self, DocQuery, DocumentSummary, PublicPage};
use gongkai_store::orgs::Org;

use crate::{App, AppError, AppResult};

/// Entries in a feed: the newest, as feed readers poll often.
pub const FEED_ENTRIES: i64 = 50;

/// Which of an organisation's documents a feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFeed<'a> {
    /// Everything public.
    All,
    /// One 公开类别, by code.
    Category(&'a str),
    /// The 政策解读 column.
    Interpretations,
}

/// What an organisation's feed holds: its public documents and those of the units
/// under it, newest first — all of them, one category's, or the interpretations.
pub struct OrgFeed {
    pub org: Org,
    pub category: Option<&'static Category>,
    pub interpretations: bool,
    pub documents: Vec<DocumentSummary>,
}

impl App {
    /// The feed of the organisation `slug`. An unknown organisation or category is not
    /// found.
    pub async fn org_feed(&self, slug: &str, of: DocFeed<'_>) -> AppResult<OrgFeed> {
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(slug)
            .cloned()
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let category = match of {
            DocFeed::Category(code) => Some(
                Category::by_code(code)
                    .ok_or_else(|| AppError::NotFound(format!("没有“{code}”这一公开类别")))?,
            ),
            _ => None,
        };
        let interpretations = of == DocFeed::Interpretations;
        let (documents, _) = self
            .public_documents(DocQuery {
                org_ids: Some(tree.subtree_ids(org.id)),
                category: category.map(|c| c.code.to_owned()),
                column: interpretations.then_some(Column::Interpretation),
                limit: FEED_ENTRIES,
                ..Default::default()
            })
            .await?;
        Ok(OrgFeed {
            org,
            category,
            interpretations,
            documents,
        })
    }
}

/// Document ids per sitemap file: the files are cut by id ranges, so each holds at most
/// this many addresses (the protocol allows 50,000).
pub const SITEMAP_IDS: i64 = 40_000;

impl App {
    /// How many files of document addresses the sitemap has (at least one).
    pub async fn sitemap_document_files(&self) -> AppResult<i64> {
        let mut c = self.store.conn().await?;
        Ok(documents::max_id(&mut c).await? / SITEMAP_IDS + 1)
    }

    /// The public documents of the sitemap's file `n` (from 1).
    pub async fn sitemap_documents(&self, n: i64) -> AppResult<Vec<PublicPage>> {
        if n < 1 || n > self.sitemap_document_files().await? {
            return Err(AppError::NotFound("没有这一网站地图文件".into()));
        }
        let mut c = self.store.conn().await?;
        let from = (n - 1) * SITEMAP_IDS;
        Ok(documents::public_pages(&mut c, from, from + SITEMAP_IDS).await?)
    }
}
