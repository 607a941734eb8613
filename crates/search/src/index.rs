//! The index on disk (or in memory for tests), its writer, and searching it.

use std::ops::Bound;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Schema, TantivyDocument};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Term};

use crate::analyzer::{TOKENIZER, ZhTokenizer};
use crate::doc::IndexDoc;
use crate::error::{SearchError, SearchResult};
use crate::query::{self, Mode, Parsed};
use crate::schema::{self, Fields};

/// Memory for the writer: with two threads, each gets half. Large enough to index in
/// big segments, small enough for the 1 GiB server budget.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;
const WRITER_THREADS: usize = 2;

/// The segments a rebuilt index is merged into, and the threads one search runs them
/// on: tantivy searches segment by segment, so two halves searched on two cores answer
/// one client in about half the time of one whole (BENCHMARKS.md "Search at 1M").
fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// What a document in force scores above one that is not, all else equal.
const VALID_BONUS: f32 = 1.0;

pub struct SearchIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// The analyzer of the index, for reading queries the same way.
    tokenizer: ZhTokenizer,
    /// The event sequence number the committed index reflects.
    applied: AtomicI64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    Relevance,
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    /// Only documents of this organisation and those below it.
    pub org: Option<i64>,
    /// Publication years, inclusive.
    pub years: Option<(i32, i32)>,
    pub category: Option<String>,
    pub validity: Option<String>,
    pub order: SortOrder,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: i64,
    pub score: Option<f32>,
}

pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Nothing matched every word, so documents matching some of them are shown.
    pub relaxed: bool,
    pub notice: Option<String>,
    pub parsed: Parsed,
    highlighter: Option<Highlighter>,
}

/// Marks the query's words in a text.
pub struct Highlighter {
    text: SnippetGenerator,
    title: SnippetGenerator,
    /// The query's terms in the text field, to find where in a long text to look.
    terms: Vec<String>,
}

/// Characters of context kept before the first match when cutting a window.
const WINDOW_BEFORE: usize = 80;
const WINDOW_CHARS: usize = 400;
/// Characters shown when none of the query's words is in the text.
const HEAD_CHARS: usize = 120;
/// Characters masked on each side of a window and then dropped: more than the longest
/// piece of personal data (a bank card written in groups), so a piece the window's edge
/// cuts in two is never shown half-unmasked.
const MASK_MARGIN: usize = 40;

/// Where in `text` (in characters) the snippet is cut from: around the earliest
/// occurrence of any of `terms` (which are folded), or None when none occurs. Snippets
/// only need that much, and tokenizing a whole long body for each hit would cost more
/// than the search.
fn window_chars(text: &str, terms: &[String]) -> Option<(usize, usize)> {
    let folded = crate::analyzer::fold(text);
    let byte = terms.iter().filter_map(|t| folded.find(t.as_str())).min()?;
    // Folding keeps the number of characters, so a character index maps across.
    let start = folded[..byte].chars().count().saturating_sub(WINDOW_BEFORE);
    Some((start, start + WINDOW_CHARS))
}

/// The characters `from..to` of `text` (cut at its end).
fn chars(text: &str, from: usize, to: usize) -> &str {
    if to <= from {
        return "";
    }
    let mut at = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let a = at.nth(from).unwrap_or(text.len());
    let b = at.nth(to.saturating_sub(from + 1)).unwrap_or(text.len());
    &text[a..b]
}

/// The characters `from..to` of `text` as `mask` rewrites them, masked together with a
/// margin on each side that is then dropped (the one after the window too, unless the
/// text ended inside it).
fn masked_part(text: &str, (from, to): (usize, usize), mask: impl Fn(&str) -> String) -> String {
    let lo = from.saturating_sub(MASK_MARGIN);
    let wide = mask(chars(text, lo, to + MASK_MARGIN));
    chars(&wide, from - lo, to - lo).to_owned()
}

#[cfg(test)]
fn window<'a>(text: &'a str, terms: &[String]) -> &'a str {
    match window_chars(text, terms) {
        Some((from, to)) => chars(text, from, to),
        None => text,
    }
}

impl SearchResults {
    /// An HTML snippet of `text` around the query's words, with `<mark>` around them;
    /// the start of the text (escaped) when none occurs in it.
    pub fn snippet(&self, text: &str) -> String {
        self.snippet_masked(text, str::to_owned)
    }

    /// [`SearchResults::snippet`] of `text` as `mask` rewrites it. Only the part the
    /// snippet is cut from is masked (with a margin on each side), so the cost per hit
    /// is that of a window whatever the length of the text. `mask` must keep the number
    /// of characters.
    pub fn snippet_masked(&self, text: &str, mask: impl Fn(&str) -> String) -> String {
        let found = self
            .highlighter
            .as_ref()
            .and_then(|h| window_chars(text, &h.terms));
        let part = masked_part(text, found.unwrap_or((0, HEAD_CHARS)), mask);
        let part = part.as_str();
        if let (Some(h), Some(_)) = (&self.highlighter, found) {
            let mut s = h.text.snippet(part);
            if !s.highlighted().is_empty() {
                s.set_snippet_prefix_postfix("<mark>", "</mark>");
                return s.to_html();
            }
        }
        let head: String = part.chars().take(HEAD_CHARS).collect();
        crate::escape(head.trim())
    }

    /// The title as HTML with the query's words marked.
    pub fn title_html(&self, title: &str) -> String {
        if let Some(h) = &self.highlighter {
            let mut s = h.title.snippet(title);
            if !s.highlighted().is_empty() && s.fragment().chars().count() == title.chars().count()
            {
                s.set_snippet_prefix_postfix("<mark>", "</mark>");
                return s.to_html();
            }
        }
        crate::escape(title)
    }
}

fn open_or_create(dir: Option<&Path>, schema: &Schema) -> SearchResult<Index> {
    let Some(dir) = dir else {
        return Ok(Index::create_in_ram(schema.clone()));
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| SearchError::Directory(format!("{}：{e}", dir.display())))?;
    let mmap = MmapDirectory::open(dir)?;
    if Index::exists(&mmap)? {
        let index = Index::open(mmap)?;
        if index.schema() == *schema {
            return Ok(index);
        }
        // Derived data: an index of an older shape is rebuilt from the database.
        tracing::warn!(dir = %dir.display(), "search index has an old schema; recreating it");
        drop(index);
        std::fs::remove_dir_all(dir).map_err(|e| SearchError::Directory(e.to_string()))?;
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Directory(e.to_string()))?;
        return Ok(Index::create_in_dir(dir, schema.clone())?);
    }
    Ok(Index::create(mmap, schema.clone(), Default::default())?)
}

/// Items in `n` groups of about equal total size: largest first, each to the lightest
/// group, so no two groups differ by more than the largest item.
fn balanced_groups<T: Copy>(items: &[(u32, T)], n: usize) -> Vec<Vec<T>> {
    let mut sorted: Vec<&(u32, T)> = items.iter().collect();
    sorted.sort_by_key(|(size, _)| std::cmp::Reverse(*size));
    let mut groups: Vec<(u64, Vec<T>)> = (0..n.max(1)).map(|_| (0, Vec::new())).collect();
    for (size, item) in sorted {
        if let Some(g) = groups.iter_mut().min_by_key(|(total, _)| *total) {
            g.0 += u64::from(*size);
            g.1.push(*item);
        }
    }
    groups.into_iter().map(|(_, items)| items).collect()
}

impl SearchIndex {
    /// Opens (or creates) the index in `dir`, or in memory when `dir` is None.
    /// `extra_words` (organisation names) are segmented as whole words.
    pub fn open(dir: Option<&Path>, extra_words: &[String]) -> SearchResult<SearchIndex> {
        let (schema, fields) = schema::build();
        let mut index = open_or_create(dir, &schema)?;
        if search_threads() > 1 {
            index.set_multithread_executor(search_threads())?;
        }
        let tokenizer = ZhTokenizer::new(extra_words);
        index
            .tokenizers()
            .register(TOKENIZER, TextAnalyzer::from(tokenizer.clone()));
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let applied = index
            .load_metas()?
            .payload
            .as_deref()
            .map(|p| {
                p.parse::<i64>()
                    .map_err(|_| SearchError::Corrupt(format!("提交标记“{p}”")))
            })
            .transpose()?
            .unwrap_or(0);
        Ok(SearchIndex {
            reader,
            writer: Mutex::new(writer),
            fields,
            tokenizer,
            applied: AtomicI64::new(applied),
        })
    }

    /// The event sequence number the index reflects: everything up to it is applied.
    pub fn applied_seq(&self) -> i64 {
        self.applied.load(Ordering::Acquire)
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The documents in each segment, as a search sees them.
    pub fn segment_sizes(&self) -> Vec<u32> {
        self.reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|r| r.num_docs())
            .collect()
    }

    fn document(&self, d: &IndexDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, d.id as u64);
        doc.add_text(f.index_number, &d.index_number);
        if let Some(n) = &d.doc_number {
            doc.add_text(f.doc_number, n);
        }
        doc.add_text(f.title, &d.title);
        for key in crate::query::title_keys(&d.title) {
            doc.add_text(f.title_key, &key);
        }
        doc.add_text(f.text, &d.title);
        if !d.summary.is_empty() {
            doc.add_text(f.text, &d.summary);
        }
        doc.add_text(f.text, &d.body_text);
        for org in &d.org_ancestry {
            doc.add_u64(f.org, *org as u64);
        }
        if let Some(c) = &d.category {
            doc.add_text(f.category, c);
        }
        doc.add_text(f.topic, &d.topic);
        doc.add_text(f.validity, &d.validity);
        doc.add_u64(f.year, chrono::Datelike::year(&d.published_on) as u64);
        doc.add_i64(f.published, d.days());
        doc
    }

    /// Replaces `upserts`, removes `deletes`, and commits the index as reflecting events
    /// up to `seq`: atomically, so a crash leaves either all of it or none.
    pub fn apply(&self, upserts: &[IndexDoc], deletes: &[i64], seq: i64) -> SearchResult<()> {
        let w = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for d in upserts {
            w.delete_term(Term::from_field_u64(self.fields.id, d.id as u64));
            w.add_document(self.document(d))?;
        }
        self.finish(w, deletes, seq)
    }

    /// Adds documents to an index being rebuilt (after [`SearchIndex::clear`]): no
    /// earlier copies to delete; committed only when `commit_seq` is given, so that a
    /// rebuild makes a few large segments instead of many small ones.
    pub fn add_fresh(&self, docs: &[IndexDoc], commit_seq: Option<i64>) -> SearchResult<()> {
        let w = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for d in docs {
            w.add_document(self.document(d))?;
        }
        match commit_seq {
            Some(seq) => self.finish(w, &[], seq),
            None => Ok(()),
        }
    }

    /// Merges the segments into as many as a search uses threads, of about equal size:
    /// after a rebuild, fewer segments make every query cheaper, and one per thread lets
    /// a single search use every core. Waits for the merges.
    pub fn optimize(&self) -> SearchResult<()> {
        let mut w = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        // No background merge may start meanwhile; one already running makes a merge of
        // ours fail, and the split is then planned again from what is committed.
        w.set_merge_policy(Box::new(NoMergePolicy));
        let split = self.split(&mut w);
        w.set_merge_policy(Box::new(LogMergePolicy::default()));
        split?;
        let seq = self.applied_seq();
        let mut commit = w.prepare_commit()?;
        commit.set_payload(&seq.to_string());
        commit.commit()?;
        drop(w);
        self.reader.reload()?;
        Ok(())
    }

    fn split(&self, w: &mut IndexWriter) -> SearchResult<()> {
        const ATTEMPTS: u32 = 50;
        let mut attempt = 0;
        loop {
            let segments: Vec<(u32, SegmentId)> = self
                .reader
                .searcher()
                .index()
                .searchable_segment_metas()?
                .iter()
                .map(|m| (m.num_docs(), m.id()))
                .collect();
            let merged = balanced_groups(&segments, search_threads())
                .iter()
                .filter(|ids| ids.len() > 1)
                .try_for_each(|ids| w.merge(ids).wait().map(drop));
            match merged {
                Ok(()) => return Ok(()),
                Err(_) if attempt < ATTEMPTS => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn finish(
        &self,
        mut w: std::sync::MutexGuard<'_, IndexWriter>,
        deletes: &[i64],
        seq: i64,
    ) -> SearchResult<()> {
        for id in deletes {
            w.delete_term(Term::from_field_u64(self.fields.id, *id as u64));
        }
        let mut commit = w.prepare_commit()?;
        commit.set_payload(&seq.to_string());
        commit.commit()?;
        drop(w);
        self.applied.store(seq, Ordering::Release);
        self.reader.reload()?;
        Ok(())
    }

    /// Empties the index (before a rebuild), committed as reflecting no events.
    pub fn clear(&self) -> SearchResult<()> {
        let mut w = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        w.delete_all_documents()?;
        let mut commit = w.prepare_commit()?;
        commit.set_payload("0");
        commit.commit()?;
        drop(w);
        self.applied.store(0, Ordering::Release);
        self.reader.reload()?;
        Ok(())
    }

    fn filters(&self, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut must = |query: Box<dyn Query>| {
            out.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(query, 0.0)) as Box<dyn Query>,
            ))
        };
        if let Some(org) = q.org {
            must(Box::new(TermQuery::new(
                Term::from_field_u64(f.org, org as u64),
                IndexRecordOption::Basic,
            )));
        }
        if let Some((from, to)) = q.years {
            must(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(f.year, from.max(0) as u64)),
                Bound::Included(Term::from_field_u64(f.year, to.max(0) as u64)),
            )));
        }
        if let Some(c) = &q.category {
            must(Box::new(TermQuery::new(
                Term::from_field_text(f.category, c),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(v) = &q.validity {
            must(Box::new(TermQuery::new(
                Term::from_field_text(f.validity, v),
                IndexRecordOption::Basic,
            )));
        }
        out
    }

    /// Runs a search. Never fails on what the user typed: an empty or unusable query
    /// returns no hits with a notice (or, with filters, the newest documents).
    pub fn search(&self, q: &SearchQuery) -> SearchResult<SearchResults> {
        let parsed = query::parse(&q.text);
        let tz = &self.tokenizer;
        let filters = self.filters(q);
        let limit = q.limit.clamp(1, 100);
        let searcher = self.reader.searcher();
        let run = |matching: Box<dyn Query>,
                   order: SortOrder|
         -> SearchResult<(usize, Vec<Hit>, Box<dyn Query>)> {
            let full = self.assemble(q, matching);
            // Counted in the same walk as the ranking: the query's nested shape gives
            // tantivy nothing to prune by, so a separate count would walk every posting
            // list a second time.
            let offset = q.offset.min(100_000);
            let (total, hits) = match order {
                SortOrder::Relevance => {
                    let top = TopDocs::with_limit(limit)
                        .and_offset(offset)
                        .order_by_score();
                    let (docs, total) = searcher.search(&*full, &(top, Count))?;
                    let hits = self.ids(&searcher, docs.into_iter().map(|(s, a)| (Some(s), a)))?;
                    (total, hits)
                }
                SortOrder::Newest => {
                    let top = TopDocs::with_limit(limit)
                        .and_offset(offset)
                        .order_by_fast_field::<i64>("published", Order::Desc);
                    let (docs, total) = searcher.search(&*full, &(top, Count))?;
                    let hits = self.ids(&searcher, docs.into_iter().map(|(_, a)| (None, a)))?;
                    (total, hits)
                }
            };
            Ok((total, hits, full))
        };

        if parsed.is_empty() {
            if filters.is_empty() {
                return Ok(SearchResults {
                    total: 0,
                    hits: Vec::new(),
                    relaxed: false,
                    notice: Some(
                        parsed.notice.clone().unwrap_or_else(|| {
                            "请输入要检索的字词，如“低保申请条件”或文号。".into()
                        }),
                    ),
                    parsed,
                    highlighter: None,
                });
            }
            // Filters alone: browse the newest documents that fit them.
            let (total, hits, _) = run(Box::new(AllQuery), SortOrder::Newest)?;
            return Ok(SearchResults {
                total,
                hits,
                relaxed: false,
                notice: parsed.notice.clone(),
                parsed,
                highlighter: None,
            });
        }
        let Some(strict) = query::build(&parsed, &self.fields, tz, Mode::AllWords) else {
            return Ok(SearchResults {
                total: 0,
                hits: Vec::new(),
                relaxed: false,
                notice: Some("检索词中没有可检索的字词，请换用其他字词。".into()),
                parsed,
                highlighter: None,
            });
        };
        let (mut total, mut hits, mut used) = run(strict, q.order)?;
        let mut relaxed = false;
        if total == 0
            && query::relaxable(&parsed, tz)
            && let Some(loose) = query::build(&parsed, &self.fields, tz, Mode::AnyWord)
        {
            (total, hits, used) = run(loose, q.order)?;
            relaxed = total > 0;
        }
        let mut terms: Vec<String> = Vec::new();
        used.query_terms(&mut |t, _| {
            if t.field() == self.fields.text
                && let Some(s) = t.value().as_str()
                && !terms.iter().any(|x| x == s)
            {
                terms.push(s.to_owned());
            }
        });
        let mut text = SnippetGenerator::create(&searcher, &*used, self.fields.text)?;
        text.set_max_num_chars(160);
        let mut title = SnippetGenerator::create(&searcher, &*used, self.fields.title)?;
        title.set_max_num_chars(400);
        Ok(SearchResults {
            total,
            hits,
            relaxed,
            notice: parsed.notice.clone(),
            parsed,
            highlighter: Some(Highlighter { text, title, terms }),
        })
    }

    /// The whole query: what must match, the filters, and the bonus for being in force.
    fn assemble(&self, q: &SearchQuery, matching: Box<dyn Query>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, matching)];
        clauses.extend(self.filters(q));
        // Among equally good matches, what is in force comes before what was amended,
        // repealed or has lapsed.
        let valid = TermQuery::new(
            Term::from_field_text(self.fields.validity, "valid"),
            IndexRecordOption::Basic,
        );
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(Box::new(valid), VALID_BONUS)),
        ));
        Box::new(BooleanQuery::new(clauses))
    }

    fn ids(
        &self,
        searcher: &tantivy::Searcher,
        docs: impl Iterator<Item = (Option<f32>, DocAddress)>,
    ) -> SearchResult<Vec<Hit>> {
        let mut out = Vec::new();
        for (score, addr) in docs {
            let id = searcher
                .segment_reader(addr.segment_ord)
                .fast_fields()
                .u64("id")?
                .first(addr.doc_id)
                .ok_or_else(|| SearchError::Corrupt("文档缺少编号".into()))?;
            out.push(Hit {
                id: id as i64,
                score,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_balanced_to_within_the_largest_item() {
        let sizes = [30u32, 5, 12, 8, 20, 3, 14, 75, 1];
        let items: Vec<(u32, usize)> = sizes.iter().copied().zip(0..).collect();
        for n in 1..=4 {
            let groups = balanced_groups(&items, n);
            assert_eq!(groups.len(), n);
            let totals: Vec<u32> = groups
                .iter()
                .map(|g| g.iter().map(|i| sizes[*i]).sum())
                .collect();
            assert_eq!(totals.iter().sum::<u32>(), sizes.iter().sum::<u32>());
            let spread = totals.iter().max().unwrap() - totals.iter().min().unwrap();
            assert!(spread <= 75, "{n}: {totals:?}");
            let mut all: Vec<usize> = groups.concat();
            all.sort_unstable();
            assert_eq!(all, (0..sizes.len()).collect::<Vec<_>>(), "each item once");
        }
        // Two groups: 75 and 1 against the rest (92 and 76) is as even as greedy gets.
        let two = balanced_groups(&items, 2);
        let totals: Vec<u32> = two
            .iter()
            .map(|g| g.iter().map(|i| sizes[*i]).sum())
            .collect();
        assert!(
            totals.iter().max().unwrap() - totals.iter().min().unwrap() <= 20,
            "{totals:?}"
        );
        assert!(balanced_groups::<u8>(&[], 2).iter().all(Vec::is_empty));
    }

    /// Masks every run of ten or more digits, as the personal-data scan does with
    /// numbers: a run cut short by a window's edge would escape it.
    fn mask_runs(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if run >= 10 {
                out.extend(std::iter::repeat_n('*', run));
                i += run;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    }

    #[test]
    fn snippets_mask_the_window_with_a_margin() {
        let id = "110101199003077777";
        // The window starts 80 characters before the match: inside the number.
        let text = format!(
            "{}{id}{}最低生活保障{}",
            "甲".repeat(100),
            "乙".repeat(70),
            "丙".repeat(600)
        );
        let (from, to) = window_chars(&text, &["生活".into()]).unwrap();
        let plain = chars(&text, from, to);
        assert!(
            plain.starts_with("03077777乙"),
            "the window cuts the number: {plain}"
        );
        assert!(
            mask_runs(plain).starts_with("03077777"),
            "cut short, the run escapes"
        );
        let part = masked_part(&text, (from, to), mask_runs);
        assert!(part.starts_with("********乙"), "{part}");
        assert!(!part.chars().any(|c| c.is_ascii_digit()), "{part}");
        assert_eq!(part.chars().count(), WINDOW_CHARS);
        // At the end of a text there is no margin to drop.
        let tail = masked_part("甲乙丙", (0, 400), mask_runs);
        assert_eq!(tail, "甲乙丙");

        let index = SearchIndex::open(None, &[]).unwrap();
        let doc = IndexDoc {
            id: 1,
            index_number: "T-2020-00001".into(),
            title: "通知".into(),
            summary: String::new(),
            body_text: text.clone(),
            doc_number: None,
            org_ancestry: vec![1],
            category: None,
            topic: "zhzw".into(),
            validity: "valid".into(),
            published_on: chrono::NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(),
        };
        index.apply(&[doc], &[], 1).unwrap();
        let r = index
            .search(&SearchQuery {
                text: "最低生活保障".into(),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        let s = r.snippet_masked(&text, mask_runs);
        assert!(s.contains("<mark>最低生活保障</mark>"), "{s}");
        // No match in the text: its start, masked the same way.
        let head = r.snippet_masked(&format!("{id}{}", "丁".repeat(300)), mask_runs);
        assert!(head.starts_with("******************丁"), "{head}");
        assert_eq!(head.chars().count(), HEAD_CHARS);
    }

    #[test]
    fn windows_around_the_first_match() {
        let text = format!("{}最低生活保障{}", "甲".repeat(500), "乙".repeat(1000));
        let w = window(&text, &["生活".into()]);
        assert!(w.contains("最低生活保障"));
        assert_eq!(w.chars().count(), 400);
        // 80 characters before the first match (生活): 78 of the 甲 and 最低.
        assert!(
            w.starts_with(&format!("{}最低生活保障", "甲".repeat(78))),
            "{w}"
        );
        // Full-width and traditional text: the window is cut on the original characters.
        let text = format!("{}政府資訊ＡＢ{}", "丙".repeat(10), "丁".repeat(10));
        assert!(window(&text, &["ab".into()]).contains("ＡＢ"));
        assert_eq!(window("无匹配", &["x".into()]), "无匹配");
    }
}
