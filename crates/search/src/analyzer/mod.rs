//! Text analysis for Chinese full-text search: folding, then jieba segmentation, as the
//! tantivy tokenizer [`TOKENIZER`] (`zh`).
//!
//! # Folding ([`fold`]), identical at index and query time
//! - full-width → half-width (U+FF01–U+FF5E → ASCII, U+3000 → space), ASCII lower case;
//! - traditional → simplified, character by character, from OpenCC's `TSCharacters`
//!   (`data/t2s.tsv`, Apache-2.0; the first candidate of one-to-many entries);
//! - the brackets of a 文号 year (`〔〕【】［］﹝﹞〖〗〘〙（）()`) → `[` `]`, so that
//!   `辽政办发〔2020〕13号` and `辽政办发[2020]13号` tokenize alike.
//!
//! Folding works on characters only. Vocabulary that differs between the scripts (資訊 vs 信息,
//! 軟體 vs 软件, 網路 vs 网络) is not unified: `政府資訊公開` folds to `政府资讯公开`, not
//! `政府信息公开`. Variant characters that OpenCC keeps apart (著/着) stay apart, and
//! one-to-many characters take OpenCC's first choice (乾 → 干, also in 乾隆), the same way on
//! both sides.
//!
//! # Tokens
//! The folded text is segmented by jieba (with HMM for unknown words) with jieba's dictionary,
//! the government vocabulary of `data/gov_dict.txt` and the deployment's extra words.
//! - Every primary token that has a letter, digit or ideograph is indexed; whitespace and
//!   punctuation are dropped. ASCII words and numbers are kept, lower case.
//! - Search mode: a primary token of three or more characters is followed by its sub-words:
//!   the dictionary words inside it (`最低生活保障` → `最低`, `生活`, `保障`; any length, so
//!   `政府信息公开条例` also gives `政府信息公开`), the ASCII parts of mixed tokens
//!   (`12345热线` → `12345`; `2020-05-18` → `2020`, `05`, `18`), and what those leave
//!   uncovered (`依申请公开` → `依`).
//! - Offsets are byte offsets into the original, unfolded text (`&text[from..to]` folds to
//!   the token's text), so snippets highlight the right characters.
//! - Positions count characters, not words: a token's position is the number of indexed
//!   characters before it, and its position length its number of characters. Sub-words sit
//!   exactly where they are, so phrases match across different segmentations. Build phrase
//!   queries with [`phrase_terms`] (which tiles the phrase with sub-words where it can), not with
//!   consecutive offsets; `PhraseQuery` slop is then counted in characters.
//!
//! # Use
//! ```
//! use gongkai_search::analyzer::{self, TOKENIZER};
//! use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
//!
//! let indexing = TextFieldIndexing::default()
//!     .set_tokenizer(TOKENIZER)
//!     .set_index_option(IndexRecordOption::WithFreqsAndPositions);
//! let mut schema = Schema::builder();
//! schema.add_text_field("body", TextOptions::default().set_indexing_options(indexing));
//! let index = tantivy::Index::create_in_ram(schema.build());
//! let org_names = vec!["云溪县财政局".to_owned(), "青石镇".to_owned()];
//! index.tokenizers().register(TOKENIZER, analyzer::analyzer(&org_names));
//! ```
//! Queries must be analyzed with the same extra words as the index: use a [`ZhTokenizer`]
//! built with them (its `tokens`, `analyze`, `query_words`, `phrase_terms`). The free functions
//! [`tokens`], [`analyze`], [`query_words`] and [`phrase_terms`] use the government vocabulary
//! only.
//!
//! jieba segments a word differently in different contexts (`部门预算` alone, `部门|预算公开`
//! in `部门预算公开说明`), so a query word is best matched as "the word, or all its parts"
//! ([`query_words`] gives both), and a phrase by [`phrase_terms`]. tantivy's `QueryParser`
//! instead turns a multi-token word into a phrase of all its tokens (primary and sub-words at
//! their positions): correct, but it misses such documents.
//!
//! `SnippetGenerator` must keep its fragment size (`set_max_num_chars`, in bytes despite its
//! name; default 150) at least [`MAX_TOKEN_BYTES`].
//!
//! # Cost
//! The jieba instance is built once per process (about 0.2 s, 30 MB); an analyzer with extra
//! words copies it (about 20 ms, 25 MB per distinct word list). Analysis runs at about
//! 25 MB/s per core in a release build, half of it jieba's own segmentation (see the
//! throughput test in `tests/analyzer.rs`).

mod dict;
mod fold;
mod segment;
mod tokenizer;

use std::borrow::Cow;

pub use dict::gov_dict_words;
pub use fold::t2s_entries;
pub use segment::MAX_TOKEN_BYTES;
pub use tokenizer::{AnalyzedToken, QueryWord, ZhTokenStream, ZhTokenizer};

/// Name under which the analyzer is registered.
pub const TOKENIZER: &str = "zh";

/// Folds text for indexing and querying (see the module documentation). Borrowed when
/// nothing changes; never changes the number of characters.
pub fn fold(text: &str) -> Cow<'_, str> {
    fold::fold(text)
}

/// The analyzer to register: `index.tokenizers().register(TOKENIZER, analyzer(&extra))`.
/// `extra_words` are deployment words (organisation names such as 云溪县财政局, 青石镇) added
/// to jieba's dictionary so they segment as units. Building one with extra words copies the
/// dictionary (about 20 ms, 25 MB): do it once per index open.
pub fn analyzer(extra_words: &[String]) -> tantivy::tokenizer::TextAnalyzer {
    tantivy::tokenizer::TextAnalyzer::from(ZhTokenizer::new(extra_words))
}

/// The tokens of a text as the index sees them (for query building and tests), with the
/// government vocabulary and no deployment words: primary tokens, each followed by its
/// sub-words.
pub fn tokens(text: &str) -> Vec<String> {
    ZhTokenizer::default().tokens(text)
}

/// The tokens of a text with offsets, positions and kind (no deployment words).
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    ZhTokenizer::default().analyze(text)
}

/// The words of a query (no deployment words; see [`ZhTokenizer::query_words`] otherwise):
/// each primary token of its segmentation with its offset, and the finest run of its
/// sub-words that tiles it. The segmentation of a word can differ between a query and a
/// document (`2020年部门预算` gives `部门预算`, a document `部门预算公开说明` gives
/// `部门|预算公开`), so a query word is best matched as "the word, or all of its parts":
/// ```
/// use gongkai_search::analyzer::query_words;
/// use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
/// use tantivy::schema::{Field, IndexRecordOption};
/// use tantivy::Term;
///
/// fn all_words(body: Field, q: &str) -> BooleanQuery {
///     let term = |text: &str| -> Box<dyn Query> {
///         let term = Term::from_field_text(body, text);
///         Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
///     };
///     let clauses = query_words(q)
///         .into_iter()
///         .map(|w| -> (Occur, Box<dyn Query>) {
///             if w.parts.is_empty() {
///                 return (Occur::Must, term(&w.text));
///             }
///             let parts = w.parts.iter().map(|(_, p)| term(p)).collect();
///             let parts = Box::new(BooleanQuery::intersection(parts));
///             (Occur::Must, Box::new(BooleanQuery::union(vec![term(&w.text), parts])))
///         })
///         .collect();
///     BooleanQuery::new(clauses)
/// }
/// ```
pub fn query_words(text: &str) -> Vec<QueryWord> {
    ZhTokenizer::default().query_words(text)
}

/// Terms and their offsets for `PhraseQuery::new_with_offset(...)` matching `text` as a
/// phrase (no deployment words; see [`ZhTokenizer::phrase_terms`] otherwise). Each word of
/// the phrase is tiled by its sub-words where possible, so that `信息公开` matches inside
/// `政府信息公开`. Empty for a text without tokens; with a single term use a `TermQuery`
/// (tantivy's `PhraseQuery` needs two or more).
pub fn phrase_terms(text: &str) -> Vec<(usize, String)> {
    ZhTokenizer::default().phrase_terms(text)
}
