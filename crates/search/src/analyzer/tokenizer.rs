//! The tantivy tokenizer.

use std::borrow::Cow;
use std::sync::Arc;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::dict;
use super::fold::Folded;
use super::segment::{self, Kind, Piece};

/// The `zh` tokenizer: folding, then jieba segmentation with sub-words. Cloning is cheap (the
/// jieba instance is shared). See the [module documentation](super) for the tokens it makes.
#[derive(Clone)]
pub struct ZhTokenizer {
    jieba: Arc<Jieba>,
}

impl std::fmt::Debug for ZhTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZhTokenizer").finish_non_exhaustive()
    }
}

impl Default for ZhTokenizer {
    /// The tokenizer with the government vocabulary and no deployment words.
    fn default() -> Self {
        ZhTokenizer {
            jieba: dict::base(),
        }
    }
}

/// A word of a query (a primary token of its segmentation) and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The word, folded: a term of the index.
    pub text: String,
    /// Its offset from the query's first word, in the unit of positions (characters): the
    /// offset to give it in a `PhraseQuery`.
    pub offset: usize,
    /// The finest run of its sub-words (dictionary words, ASCII parts) that tiles it exactly,
    /// with their offsets from the query's first word; empty when none does (short words,
    /// words with an uncovered character such as the 依 of 依申请公开). A document has the
    /// word wherever it has the word itself or all of these parts at their offsets.
    pub parts: Vec<(usize, String)>,
}

/// A token as the index sees it, with its text (folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term: folded text.
    pub text: String,
    /// Byte range of the token in the original (unfolded) text.
    pub offset_from: usize,
    pub offset_to: usize,
    /// Position in characters: indexed characters before the token (whitespace and
    /// punctuation do not count). A sub-word has the position of its first character.
    pub position: usize,
    /// Length in characters.
    pub position_length: usize,
    /// Whether the token is one of jieba's segmentation (else a sub-word of the primary token
    /// before it).
    pub primary: bool,
}

impl ZhTokenizer {
    /// A tokenizer whose dictionary also has `extra_words` (deployment words such as
    /// organisation and place names). Without extra words this shares the process-wide
    /// instance; with some it copies it (about 20 ms and 25 MB, once per distinct word list
    /// while an analyzer built from it is alive): build it once per index open.
    pub fn new(extra_words: &[String]) -> Self {
        ZhTokenizer {
            jieba: dict::with_extra_words(extra_words),
        }
    }

    fn pieces(&self, folded: &Folded<'_>) -> Vec<Piece> {
        let mut pieces = Vec::new();
        segment::analyze(&self.jieba, folded, &mut pieces);
        pieces
    }

    /// The tokens of `text`, in the order the index receives them.
    pub fn analyze(&self, text: &str) -> Vec<AnalyzedToken> {
        let folded = Folded::new(text);
        self.pieces(&folded)
            .into_iter()
            .map(|p| AnalyzedToken {
                text: folded.text[p.start..p.end].to_owned(),
                offset_from: p.offset_from,
                offset_to: p.offset_to,
                position: p.position,
                position_length: p.chars,
                primary: p.kind == Kind::Primary,
            })
            .collect()
    }

    /// The texts of the tokens of `text`, in the order the index receives them.
    pub fn tokens(&self, text: &str) -> Vec<String> {
        let folded = Folded::new(text);
        self.pieces(&folded)
            .into_iter()
            .map(|p| folded.text[p.start..p.end].to_owned())
            .collect()
    }

    /// The words of a query: each primary token, with the finest run of its sub-words that
    /// tiles it; see [`query_words`](super::query_words).
    pub fn query_words(&self, text: &str) -> Vec<QueryWord> {
        let folded = Folded::new(text);
        let pieces = self.pieces(&folded);
        let words = segment::words(&pieces, &folded.text);
        let first = words.first().map_or(0, |w| w.position);
        words
            .into_iter()
            .map(|word| QueryWord {
                text: word.text.to_owned(),
                offset: word.position - first,
                parts: word
                    .parts
                    .into_iter()
                    .map(|(position, part)| (position - first, part.to_owned()))
                    .collect(),
            })
            .collect()
    }

    /// Terms and offsets for `tantivy::query::PhraseQuery::new_with_offset` matching `text` as
    /// a phrase; see [`phrase_terms`](super::phrase_terms).
    pub fn phrase_terms(&self, text: &str) -> Vec<(usize, String)> {
        self.query_words(text)
            .into_iter()
            .flat_map(|word| {
                if word.parts.is_empty() {
                    vec![(word.offset, word.text)]
                } else {
                    word.parts
                }
            })
            .collect()
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = ZhTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhTokenStream<'a> {
        let folded = Folded::new(text);
        let pieces = self.pieces(&folded);
        ZhTokenStream {
            text: folded.text,
            pieces,
            next: 0,
            token: Token::default(),
        }
    }
}

/// The tokens of one text; the token's `String` is reused from one token to the next.
pub struct ZhTokenStream<'a> {
    /// The folded text the token texts come from.
    text: Cow<'a, str>,
    pieces: Vec<Piece>,
    next: usize,
    token: Token,
}

impl TokenStream for ZhTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(piece) = self.pieces.get(self.next) else {
            return false;
        };
        self.next += 1;
        let token = &mut self.token;
        token.text.clear();
        token.text.push_str(&self.text[piece.start..piece.end]);
        token.offset_from = piece.offset_from;
        token.offset_to = piece.offset_to;
        token.position = piece.position;
        token.position_length = piece.chars;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
