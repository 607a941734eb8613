//! Segmentation of folded text into the tokens the index sees.
//!
//! jieba's segmentation (with HMM for unknown words) gives the primary tokens; every primary
//! token of three or more characters also gives its sub-words, as jieba's search mode does
//! (`最低生活保障` → `最低`, `生活`, `保障`), extended to sub-words of any length
//! (`政府信息公开条例` → `政府信息公开`, `信息公开` too when they are dictionary words).
//!
//! Positions count characters: a token's position is the number of indexed characters
//! before it (whitespace and punctuation are not indexed and take no position), and its
//! position length is its length in characters. A sub-word therefore sits exactly where it
//! is in the text, so a phrase can be matched by whole words or by sub-words alike:
//! `信息公开` at positions 0 and 2 matches inside `政府信息公开` (`信息` at 2, `公开` at 4 of
//! the document). See [`words`].
//!
//! Each primary token is followed by its sub-words, sorted by start, the last one ending where
//! the primary token ends. tantivy's snippet generator relies on that order: a fragment only
//! ever starts at a primary token, and ends after the whole group, so every highlighted range
//! lies inside its fragment.

use jieba_rs::Jieba;

use super::fold::Folded;

/// Longest token indexed, in bytes of the original and of the folded text (32 CJK
/// characters). Longer runs (base64, long identifiers) are skipped but keep their positions.
/// tantivy's snippet generator must be given at least this many characters per fragment
/// (its default is 150).
pub const MAX_TOKEN_BYTES: usize = 96;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// A token of jieba's segmentation.
    Primary,
    /// A dictionary word inside a longer primary token.
    Word,
    /// An ASCII part of a primary token: `v1.2.3` → `v1`, `2`, `3`; `12345热线` → `12345`.
    Part,
    /// A stretch of a long primary token that no sub-word covers (`依` of `依申请公开`).
    Gap,
}

/// One token: its place in the folded text, in the original text, and in positions.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// Byte range in the folded text (the token's text).
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Byte range in the original text.
    pub(crate) offset_from: usize,
    pub(crate) offset_to: usize,
    /// Position in characters, see the module documentation.
    pub(crate) position: usize,
    /// Length in characters.
    pub(crate) chars: usize,
    pub(crate) kind: Kind,
}

/// Buffers reused across the tokens of one text.
#[derive(Default)]
struct Scratch {
    /// Byte offset of each character of the current token, and its length.
    bounds: Vec<usize>,
    /// Sub-words of the current token: character range and kind.
    subs: Vec<(usize, usize, Kind)>,
    gaps: Vec<(usize, usize)>,
}

/// Appends the tokens of `folded` to `out`.
pub(crate) fn analyze(jieba: &Jieba, folded: &Folded<'_>, out: &mut Vec<Piece>) {
    let text: &str = &folded.text;
    let mut offsets = folded.offsets();
    let mut scratch = Scratch::default();
    let mut position = 0;
    for token in jieba.cut(text, true) {
        let word = token.word;
        if !word.chars().any(is_word_char) {
            // Whitespace, punctuation, symbols: not indexed, no position.
            continue;
        }
        let chars = token.end - token.start;
        let offset_from = offsets.original(token.byte_start);
        let offset_to = offsets.original(token.byte_end);
        if word.len() <= MAX_TOKEN_BYTES && offset_to - offset_from <= MAX_TOKEN_BYTES {
            out.push(Piece {
                start: token.byte_start,
                end: token.byte_end,
                offset_from,
                offset_to,
                position,
                chars,
                kind: Kind::Primary,
            });
            sub_words(jieba, word, chars, &mut scratch);
            for &(from, to, kind) in &scratch.subs {
                let start = token.byte_start + scratch.bounds[from];
                let end = token.byte_start + scratch.bounds[to];
                out.push(Piece {
                    start,
                    end,
                    offset_from: offsets.original(start),
                    offset_to: offsets.original(end),
                    position: position + from,
                    chars: to - from,
                    kind,
                });
            }
        }
        position += chars;
    }
}

/// Whether a token with `c` is indexed: letters, digits and ideographs (tested first, being
/// most of the text, without the general Unicode tables).
#[inline]
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// Fills `scratch.subs` with the sub-words of `word` (`chars` characters long), as character
/// ranges sorted by start then end, the last one ending at `chars`; or leaves it empty.
fn sub_words(jieba: &Jieba, word: &str, chars: usize, scratch: &mut Scratch) {
    let Scratch { bounds, subs, gaps } = scratch;
    subs.clear();
    let ascii = word.is_ascii();
    let has_ascii_alnum = word.bytes().any(|b| b.is_ascii_alphanumeric());
    let wants_words = !ascii && chars >= 3;
    let wants_parts =
        has_ascii_alnum && (!ascii || word.bytes().any(|b| !b.is_ascii_alphanumeric()));
    if !wants_words && !wants_parts {
        return;
    }
    bounds.clear();
    bounds.extend(word.char_indices().map(|(i, _)| i));
    bounds.push(word.len());

    if wants_words {
        for len in 2..chars {
            for from in 0..=chars - len {
                if jieba.has_word(&word[bounds[from]..bounds[from + len]]) {
                    subs.push((from, from + len, Kind::Word));
                }
            }
        }
    }
    if wants_parts {
        // Runs of ASCII characters other than the connectors jieba joins words with.
        let mut run: Option<usize> = None;
        for (i, c) in word.chars().enumerate() {
            let in_part = c.is_ascii() && !matches!(c, '.' | '_' | '-');
            match (in_part, run) {
                (true, None) => run = Some(i),
                (false, Some(from)) => {
                    push_part(word, bounds, from, i, chars, subs);
                    run = None;
                }
                _ => {}
            }
        }
        if let Some(from) = run {
            push_part(word, bounds, from, chars, chars, subs);
        }
    }
    if subs.is_empty() {
        return;
    }

    // Stretches no sub-word covers become sub-words of their own, so that the sub-words
    // cover the whole token (and the last one ends where it ends).
    subs.sort_unstable();
    gaps.clear();
    let mut reach = 0;
    for &(from, to, _) in subs.iter() {
        if from > reach {
            gaps.push((reach, from));
        }
        reach = reach.max(to);
    }
    if reach < chars {
        gaps.push((reach, chars));
    }
    for &(from, to) in gaps.iter() {
        if word[bounds[from]..bounds[to]].chars().any(is_word_char) {
            subs.push((from, to, Kind::Gap));
        }
    }
    subs.sort_unstable();
    subs.dedup_by_key(|&mut (from, to, _)| (from, to));
    if subs.last().is_some_and(|&(_, to, _)| to != chars) {
        // Only for odd mixtures of symbols: without a last sub-word ending with the token, the
        // snippet order above cannot hold, so the token goes without sub-words.
        subs.clear();
    }
}

fn push_part(
    word: &str,
    bounds: &[usize],
    from: usize,
    to: usize,
    chars: usize,
    subs: &mut Vec<(usize, usize, Kind)>,
) {
    let whole = from == 0 && to == chars;
    if !whole
        && word[bounds[from]..bounds[to]]
            .bytes()
            .any(|b| b.is_ascii_alphanumeric())
    {
        subs.push((from, to, Kind::Part));
    }
}

/// One primary token of a query, and the finest run of its sub-words (dictionary words and
/// ASCII parts only) that tiles it exactly, if any: positions and texts in the folded text.
pub(crate) struct Word<'t> {
    pub(crate) position: usize,
    pub(crate) text: &'t str,
    pub(crate) parts: Vec<(usize, &'t str)>,
}

/// The words of a text from its `pieces`. Fine parts let a query match wherever the
/// document's segmentation differs from the query's at word boundaries: `部门预算` is also
/// `部门`@0 `预算`@2, which a document segmented `部门|预算公开` has.
pub(crate) fn words<'t>(pieces: &[Piece], folded: &'t str) -> Vec<Word<'t>> {
    let mut words = Vec::new();
    let mut group_start = 0;
    while group_start < pieces.len() {
        let primary = &pieces[group_start];
        let group_end = pieces[group_start + 1..]
            .iter()
            .position(|p| p.kind == Kind::Primary)
            .map_or(pieces.len(), |i| group_start + 1 + i);
        let subs = &pieces[group_start + 1..group_end];
        let parts = finest_tiling(primary, subs)
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.position, &folded[p.start..p.end]))
            .collect();
        words.push(Word {
            position: primary.position,
            text: &folded[primary.start..primary.end],
            parts,
        });
        group_start = group_end;
    }
    words
}

/// The largest number of dictionary sub-words and ASCII parts of `primary` that tile it exactly.
fn finest_tiling<'p>(primary: &Piece, subs: &'p [Piece]) -> Option<Vec<&'p Piece>> {
    let usable = |p: &&Piece| matches!(p.kind, Kind::Word | Kind::Part);
    if !subs.iter().any(|p| usable(&p)) {
        return None;
    }
    let n = primary.chars;
    // best[i]: most pieces tiling the first i characters, and the last piece used.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, usize::MAX));
    for i in 0..n {
        let Some((count, _)) = best[i] else { continue };
        for (k, sub) in subs.iter().enumerate().filter(|(_, p)| usable(p)) {
            let from = sub.position - primary.position;
            if from == i {
                let to = from + sub.chars;
                if best[to].is_none_or(|(c, _)| c < count + 1) {
                    best[to] = Some((count + 1, k));
                }
            }
        }
    }
    let mut tiling = Vec::new();
    let mut at = n;
    while at > 0 {
        let (_, k) = best[at]?;
        let sub = &subs[k];
        tiling.push(sub);
        at = sub.position - primary.position;
    }
    tiling.reverse();
    Some(tiling)
}
