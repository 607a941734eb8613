//! From what a citizen typed to a tantivy query: quoted phrases, 文号 and 索引号
//! recognised exactly, every word required first and partial matches only if nothing
//! matches them all.

use gongkai_domain::docnum::normalize_query;
use gongkai_domain::index_number::IndexNumber;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analyzer::{QueryWord, ZhTokenizer};
use crate::schema::Fields;

/// Longer queries are cut: nobody types more, and a pasted paragraph would otherwise
/// become a query of hundreds of required words.
pub const MAX_QUERY_CHARS: usize = 100;

/// The parts of a query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Text outside quotes.
    pub words: String,
    /// Quoted phrases.
    pub phrases: Vec<String>,
    /// The query read as a 文号, normalised.
    pub doc_number: Option<String>,
    /// The query read as a 索引号.
    pub index_number: Option<String>,
    /// Something to tell the user about how the query was read.
    pub notice: Option<String>,
}

impl Parsed {
    pub fn is_empty(&self) -> bool {
        self.words.trim().is_empty()
            && self.phrases.is_empty()
            && self.doc_number.is_none()
            && self.index_number.is_none()
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '「' | '」' | '＂')
}

/// Splits a query string. Never fails: unbalanced quotes leave the rest as words,
/// control characters are dropped, overlong input is cut with a notice.
pub fn parse(input: &str) -> Parsed {
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut text = cleaned.trim().to_owned();
    let mut notice = None;
    if text.chars().count() > MAX_QUERY_CHARS {
        text = text.chars().take(MAX_QUERY_CHARS).collect();
        notice = Some(format!("检索词过长，已按前{MAX_QUERY_CHARS}个字检索。"));
    }
    let doc_number = normalize_query(&text);
    let index_number = text.parse::<IndexNumber>().ok().map(|n| n.to_string());
    let mut words = String::new();
    let mut phrases = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if is_quote(c) {
            if quoted {
                if !current.trim().is_empty() {
                    phrases.push(current.trim().to_owned());
                }
            } else {
                words.push_str(&current);
                words.push(' ');
            }
            current.clear();
            quoted = !quoted;
        } else {
            current.push(c);
        }
    }
    // An unclosed quote: its text counts as ordinary words.
    words.push_str(&current);
    Parsed {
        words: words.split_whitespace().collect::<Vec<_>>().join(" "),
        phrases,
        doc_number,
        index_number,
        notice,
    }
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        term(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

/// A phrase over `field` from `phrase_terms` (offsets count characters); a single term is
/// just that term.
fn phrase(field: Field, terms: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, t)] => Some(term_query(field, t)),
        _ => Some(Box::new(PhraseQuery::new_with_offset(
            terms.iter().map(|(o, t)| (*o, term(field, t))).collect(),
        ))),
    }
}

/// A query word in `field`: the word itself, or all of its parts (jieba may segment it
/// differently inside a document).
fn word(field: Field, w: &QueryWord) -> Box<dyn Query> {
    if w.parts.is_empty() {
        return term_query(field, &w.text);
    }
    let parts = w.parts.iter().map(|(_, p)| term_query(field, p)).collect();
    Box::new(BooleanQuery::union(vec![
        term_query(field, &w.text),
        Box::new(BooleanQuery::intersection(parts)),
    ]))
}

/// Keys under which a title is found whole: folded, without spaces, and for national
/// laws also without the 中华人民共和国 that citizens leave out.
pub fn title_keys(title: &str) -> Vec<String> {
    let folded: String = crate::analyzer::fold(title)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut keys = vec![folded.clone()];
    if let Some(short) = folded
        .strip_prefix("中华人民共和国")
        .filter(|s| !s.is_empty())
    {
        keys.push(short.to_owned());
    }
    keys
}

/// Abbreviations and the full terms documents use (`data/synonyms.tsv`).
fn synonyms(word: &str) -> &'static [String] {
    static TABLE: std::sync::OnceLock<Vec<(String, Vec<String>)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        include_str!("../data/synonyms.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l
                    .split('\t')
                    .map(|c| crate::analyzer::fold(c.trim()).into_owned());
                let key = cols.next()?;
                Some((key, cols.filter(|c| !c.is_empty()).collect()))
            })
            .collect()
    });
    table
        .iter()
        .find(|(k, _)| k == word)
        .map_or(&[], |(_, v)| v.as_slice())
}

/// At most this many words of a query are used: a pasted paragraph would otherwise make
/// dozens of required words, slow and needlessly strict.
pub const MAX_WORDS: usize = 12;

/// The query's distinct words, at most [`MAX_WORDS`].
pub fn distinct_words(tz: &ZhTokenizer, text: &str) -> Vec<QueryWord> {
    let mut words: Vec<QueryWord> = Vec::new();
    for w in tz.query_words(text) {
        if words.len() == MAX_WORDS {
            break;
        }
        if !words.iter().any(|x| x.text == w.text) {
            words.push(w);
        }
    }
    words
}

/// How strictly words must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every word (and phrase) must occur.
    AllWords,
    /// Any word may occur; documents with more rank higher.
    AnyWord,
}

/// The matching part of the query (filters are added by the caller); None when the
/// text holds nothing searchable.
pub fn build(
    parsed: &Parsed,
    fields: &Fields,
    tz: &ZhTokenizer,
    mode: Mode,
) -> Option<Box<dyn Query>> {
    let words = distinct_words(tz, &parsed.words);
    let required = match mode {
        Mode::AllWords => Occur::Must,
        Mode::AnyWord => Occur::Should,
    };
    let mut text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for w in &words {
        let mut matches = word(fields.text, w);
        let expansions: Vec<Box<dyn Query>> = synonyms(&w.text)
            .iter()
            .filter_map(|e| phrase(fields.text, &tz.phrase_terms(e)))
            .collect();
        if !expansions.is_empty() {
            let mut any = vec![matches];
            any.extend(expansions);
            matches = Box::new(BooleanQuery::union(any));
        }
        text.push((required, matches));
        // The same word in the title counts extra.
        text.push((Occur::Should, boosted(word(fields.title, w), 2.0)));
    }
    for p in &parsed.phrases {
        let terms = tz.phrase_terms(p);
        if let Some(q) = phrase(fields.text, &terms) {
            text.push((required, q));
        }
        if let Some(q) = phrase(fields.title, &terms) {
            text.push((Occur::Should, boosted(q, 3.0)));
        }
    }
    // Words that stand in the title together as typed rank higher. (Not in the whole
    // text: reading positions for every matching document cost a third of the time.)
    let together = tz.phrase_terms(&parsed.words);
    if together.len() > 1
        && let Some(q) = phrase(fields.title, &together)
    {
        text.push((Occur::Should, boosted(q, 6.0)));
    }

    let mut top: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // The whole query is a document's exact title.
    if parsed.phrases.is_empty()
        && let Some(key) = title_keys(&parsed.words)
            .into_iter()
            .next()
            .filter(|k| !k.is_empty())
    {
        text.push((
            Occur::Should,
            boosted(
                Box::new(TermQuery::new(
                    term(fields.title_key, &key),
                    IndexRecordOption::Basic,
                )),
                20.0,
            ),
        ));
    }
    if let Some(n) = &parsed.doc_number {
        top.push((
            Occur::Should,
            boosted(term_query(fields.doc_number, n), 50.0),
        ));
    }
    if let Some(n) = &parsed.index_number {
        top.push((
            Occur::Should,
            boosted(term_query(fields.index_number, n), 50.0),
        ));
    }
    if text.iter().any(|(o, _)| *o != Occur::Should) || (mode == Mode::AnyWord && !text.is_empty())
    {
        top.push((Occur::Should, Box::new(BooleanQuery::new(text))));
    }
    if top.is_empty() {
        None
    } else {
        Some(Box::new(BooleanQuery::new(top)))
    }
}

/// Whether relaxing to [`Mode::AnyWord`] could find more than [`Mode::AllWords`]:
/// only when there are several words.
pub fn relaxable(parsed: &Parsed, tz: &ZhTokenizer) -> bool {
    distinct_words(tz, &parsed.words).len() + parsed.phrases.len() > 1
}

/// Parses a year or a year range: `2020`, `2019-2021` (also with `～`, `~` or `至`).
pub fn parse_years(s: &str) -> Option<(i32, i32)> {
    let s = s.trim();
    let year = |t: &str| {
        t.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1949..=2100).contains(y))
    };
    let (from, to) = match s.split_once(['-', '~', '～', '至']) {
        Some((a, b)) => (year(a)?, year(b)?),
        None => (year(s)?, year(s)?),
    };
    (from <= to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_phrases_and_numbers() {
        let p = parse("  低保 “申请条件” 材料 ");
        assert_eq!(p.words, "低保 材料");
        assert_eq!(p.phrases, vec!["申请条件"]);
        let p = parse("\"行政许可 办理");
        assert_eq!(
            (p.words.as_str(), p.phrases.len()),
            ("行政许可 办理", 0),
            "an unclosed quote is just words"
        );
        let p = parse("豫政办 [2016] 203号");
        assert_eq!(p.doc_number.as_deref(), Some("豫政办〔2016〕203号"));
        let p = parse("11350999MB0012345X-2026-00001");
        assert_eq!(
            p.index_number.as_deref(),
            Some("11350999MB0012345X-2026-00001")
        );
        let long = "字".repeat(10_000);
        let p = parse(&long);
        assert_eq!(p.words.chars().count(), MAX_QUERY_CHARS);
        assert!(p.notice.is_some());
        assert!(parse("\u{0}\u{7}  ").is_empty());
    }

    #[test]
    fn titles_and_synonyms() {
        assert_eq!(
            title_keys("中华人民共和国 土地管理法"),
            vec!["中华人民共和国土地管理法", "土地管理法"]
        );
        assert_eq!(title_keys("上海口岸服务条例"), vec!["上海口岸服务条例"]);
        assert_eq!(synonyms("低保"), &["最低生活保障".to_owned()]);
        assert!(synonyms("宅基地").is_empty());
    }

    #[test]
    fn years() {
        assert_eq!(parse_years("2020"), Some((2020, 2020)));
        assert_eq!(parse_years(" 2019-2021 "), Some((2019, 2021)));
        assert_eq!(parse_years("2019至2021"), Some((2019, 2021)));
        assert_eq!(parse_years("2021-2019"), None);
        assert_eq!(parse_years("20"), None);
        assert_eq!(parse_years("abc"), None);
    }
}
