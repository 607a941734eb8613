//! Character folding, identical at index and query time.
//!
//! Every character maps to exactly one character, so a folded text has as many characters as
//! its original; only byte lengths can change (a full-width `Ａ`, 3 bytes, becomes `a`, 1 byte;
//! a few traditional characters outside the BMP fold into the BMP and back). [`Folded`] keeps
//! what is needed to map a byte offset of the folded text back into the original.

use std::borrow::Cow;
use std::sync::OnceLock;

/// The traditional → simplified table, one character each (see the header line of the file).
const T2S_TSV: &str = include_str!("../../data/t2s.tsv");

/// First and last code points of the dense part of the table: CJK Extension A and the main
/// CJK Unified Ideographs block, where nearly every lookup falls.
const DENSE_FIRST: u32 = 0x3400;
const DENSE_LAST: u32 = 0x9FFF;

/// Traditional → simplified lookup. Built once; 110 KB.
struct T2s {
    /// Indexed by `code point - DENSE_FIRST`; `'\0'` where the character is not traditional.
    dense: Box<[char]>,
    /// Entries outside the dense range (compatibility ideographs, supplementary planes),
    /// sorted by the traditional character.
    sparse: Box<[(char, char)]>,
}

impl T2s {
    fn parse(tsv: &str) -> T2s {
        let mut dense = vec!['\0'; (DENSE_LAST - DENSE_FIRST + 1) as usize].into_boxed_slice();
        let mut sparse = Vec::new();
        for (number, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (from, to) = line
                .split_once('\t')
                .and_then(|(from, to)| Some((single_char(from)?, single_char(to)?)))
                .unwrap_or_else(|| {
                    panic!("t2s.tsv line {}: not `char<TAB>char`: {line:?}", number + 1)
                });
            let code = from as u32;
            if (DENSE_FIRST..=DENSE_LAST).contains(&code) {
                dense[(code - DENSE_FIRST) as usize] = to;
            } else {
                sparse.push((from, to));
            }
        }
        sparse.sort_unstable();
        T2s {
            dense,
            sparse: sparse.into_boxed_slice(),
        }
    }

    #[inline]
    fn get(&self, c: char) -> Option<char> {
        let code = c as u32;
        if (DENSE_FIRST..=DENSE_LAST).contains(&code) {
            let to = self.dense[(code - DENSE_FIRST) as usize];
            (to != '\0').then_some(to)
        } else if code > DENSE_LAST {
            self.sparse
                .binary_search_by_key(&c, |&(from, _)| from)
                .ok()
                .map(|i| self.sparse[i].1)
        } else {
            None
        }
    }

    /// Number of entries, for tests and diagnostics.
    fn len(&self) -> usize {
        self.dense.iter().filter(|&&c| c != '\0').count() + self.sparse.len()
    }
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

fn t2s() -> &'static T2s {
    static TABLE: OnceLock<T2s> = OnceLock::new();
    TABLE.get_or_init(|| T2s::parse(T2S_TSV))
}

/// Number of traditional characters the folding table knows.
pub fn t2s_entries() -> usize {
    t2s().len()
}

/// The folded form of an ASCII character: lower case, and one form for brackets.
#[inline]
fn fold_ascii(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '(' => '[',
        ')' => ']',
        _ => c,
    }
}

/// The folded form of one character.
#[inline]
fn fold_char(c: char, table: &T2s) -> char {
    if c.is_ascii() {
        return fold_ascii(c);
    }
    match c as u32 {
        // Full-width forms of the printable ASCII characters.
        code @ 0xFF01..=0xFF5E => match char::from_u32(code - 0xFEE0) {
            Some(ascii) => fold_ascii(ascii),
            None => c,
        },
        // Ideographic space.
        0x3000 => ' ',
        // The brackets 文号 are written with: 【〔〖〘 】〕〗〙, small ﹙﹝ ﹚﹞, and full-width
        // ｟ ｠ (the full-width （［ ）］ come through the range above).
        0x3010 | 0x3014 | 0x3016 | 0x3018 | 0xFE59 | 0xFE5D | 0xFF5F => '[',
        0x3011 | 0x3015 | 0x3017 | 0x3019 | 0xFE5A | 0xFE5E | 0xFF60 => ']',
        _ => table.get(c).unwrap_or(c),
    }
}

/// Folds text for indexing and querying: full-width → half-width (U+FF01–U+FF5E → ASCII,
/// U+3000 → space), ASCII lower case, traditional → simplified character by character
/// (OpenCC `TSCharacters`), and every bracket variant of a 文号 year (`〔〕【】［］﹝﹞〖〗（）()`)
/// to `[` `]`. Borrowed when nothing changes.
pub fn fold(text: &str) -> Cow<'_, str> {
    fold_impl::<false>(text).0
}

/// A folded text and the way back to the original's byte offsets.
pub(crate) struct Folded<'a> {
    pub(crate) text: Cow<'a, str>,
    /// Points after which the folded and original offsets differ by a new amount: pairs of
    /// (folded offset, original offset), ascending. Empty when every folded character has the
    /// byte length of its original (then offsets are the same in both texts).
    breaks: Vec<(usize, usize)>,
}

impl Folded<'_> {
    pub(crate) fn new(text: &str) -> Folded<'_> {
        let (text, breaks) = fold_impl::<true>(text);
        Folded { text, breaks }
    }

    /// A mapper from folded to original byte offsets, fastest when the offsets asked for
    /// mostly go forward, as a text's tokens do.
    pub(crate) fn offsets(&self) -> OffsetCursor<'_> {
        OffsetCursor {
            breaks: &self.breaks,
            next: 0,
        }
    }
}

/// Maps byte offsets of a folded text to its original; see [`Folded::offsets`].
pub(crate) struct OffsetCursor<'f> {
    breaks: &'f [(usize, usize)],
    /// Index of the first break after the offset last asked for.
    next: usize,
}

impl OffsetCursor<'_> {
    /// The original byte offset of `offset`, a character boundary of the folded text.
    #[inline]
    pub(crate) fn original(&mut self, offset: usize) -> usize {
        let breaks = self.breaks;
        if breaks.is_empty() {
            return offset;
        }
        // Move to the last break at or before `offset`: between two breaks every character
        // has the same byte length in both texts. Tokens go forward, and a sub-word steps
        // back only within its word, so both loops take a few steps at most.
        while self.next < breaks.len() && breaks[self.next].0 <= offset {
            self.next += 1;
        }
        while self.next > 0 && breaks[self.next - 1].0 > offset {
            self.next -= 1;
        }
        match self.next.checked_sub(1) {
            Some(i) => {
                let (folded, original) = breaks[i];
                original + (offset - folded)
            }
            None => offset,
        }
    }
}

/// Folds `text`; with `OFFSETS`, also records where byte lengths change.
fn fold_impl<const OFFSETS: bool>(text: &str) -> (Cow<'_, str>, Vec<(usize, usize)>) {
    let table = t2s();
    let mut chars = text.char_indices();
    // Find the first character that changes; most text after the first pass of a query or
    // a clean simplified body has none.
    let (start, first, folded) = loop {
        match chars.next() {
            None => return (Cow::Borrowed(text), Vec::new()),
            Some((i, c)) => {
                let f = fold_char(c, table);
                if f != c {
                    break (i, c, f);
                }
            }
        }
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    let mut breaks = Vec::new();
    let mut push = |out: &mut String, original_end: usize, c: char, f: char| {
        out.push(f);
        if OFFSETS && c.len_utf8() != f.len_utf8() {
            breaks.push((out.len(), original_end));
        }
    };
    push(&mut out, start + first.len_utf8(), first, folded);
    for (i, c) in chars {
        push(&mut out, i + c.len_utf8(), c, fold_char(c, table));
    }
    (Cow::Owned(out), breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        let table = t2s();
        assert!(table.len() > 4000, "{}", table.len());
        assert_eq!(table.get('國'), Some('国'));
        assert_eq!(table.get('号'), None);
        // A supplementary-plane entry, to exercise the sparse part.
        let sparse = table.sparse.first().copied();
        if let Some((from, to)) = sparse {
            assert_eq!(table.get(from), Some(to));
        }
    }

    #[test]
    fn offsets_map_back() {
        let original = "Ａ國ｂ　c";
        let folded = Folded::new(original);
        assert_eq!(folded.text, "a国b c");
        let pairs: Vec<(usize, usize)> = folded
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([folded.text.len()])
            .zip(
                original
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([original.len()]),
            )
            .collect();
        let mut offsets = folded.offsets();
        for &(f, o) in pairs.iter().chain(pairs.iter().rev()).chain(pairs.iter()) {
            assert_eq!(offsets.original(f), o, "folded offset {f}");
        }
    }
}
