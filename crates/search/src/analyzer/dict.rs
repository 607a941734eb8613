//! The jieba instances: jieba's own dictionary plus the government vocabulary, built once per
//! process, and copies of it with a deployment's extra words.

use std::sync::{Arc, Mutex, OnceLock, Weak};

use jieba_rs::Jieba;

use super::fold::fold;

/// The government vocabulary, `word [freq] [tag]` per line (see the file's header).
const GOV_DICT: &str = include_str!("../../data/gov_dict.txt");

/// Tag given to deployment words (organisation and place names).
const EXTRA_WORD_TAG: &str = "nt";

/// jieba's dictionary plus the government vocabulary. Built on first use: about 0.2 s and
/// 30 MB (jieba's 350,000-word dictionary dominates both).
pub(crate) fn base() -> Arc<Jieba> {
    static BASE: OnceLock<Arc<Jieba>> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut jieba = Jieba::new();
        let words = load_user_dict(&mut jieba, GOV_DICT);
        tracing::debug!(words, "jieba: government vocabulary loaded");
        Arc::new(jieba)
    })
    .clone()
}

/// Number of words in the government vocabulary.
pub fn gov_dict_words() -> usize {
    user_dict_entries(GOV_DICT).count()
}

/// The base instance with `extra_words` added. With no extra words this is the shared
/// instance; otherwise a copy of it (about 20 ms and 25 MB), shared by every analyzer built
/// from the same words while one of them is alive.
pub(crate) fn with_extra_words(extra_words: &[String]) -> Arc<Jieba> {
    let mut words: Vec<String> = extra_words
        .iter()
        .map(|word| fold(word.trim()).into_owned())
        .filter(|word| !word.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    if words.is_empty() {
        return base();
    }

    // The last few word lists and their instances, held weakly so that an instance is freed
    // with the last analyzer using it.
    static CACHE: Mutex<Vec<(Vec<String>, Weak<Jieba>)>> = Mutex::new(Vec::new());
    const CACHE_SLOTS: usize = 4;
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache.retain(|(_, jieba)| jieba.strong_count() > 0);
    if let Some(jieba) = cache
        .iter()
        .find(|(cached, _)| *cached == words)
        .and_then(|(_, jieba)| jieba.upgrade())
    {
        return jieba;
    }

    let mut jieba = Jieba::clone(&base());
    for word in &words {
        jieba.add_word(word, None, Some(EXTRA_WORD_TAG));
    }
    let jieba = Arc::new(jieba);
    if cache.len() >= CACHE_SLOTS {
        cache.remove(0);
    }
    cache.push((words, Arc::downgrade(&jieba)));
    jieba
}

/// One entry of a user dictionary: word, optional frequency, optional tag.
fn user_dict_entries(text: &str) -> impl Iterator<Item = (&str, Option<usize>, Option<&str>)> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut fields = line.split_whitespace();
        let word = fields.next()?;
        let mut freq = None;
        let mut tag = None;
        for field in fields {
            match field.parse::<usize>() {
                Ok(n) if freq.is_none() && tag.is_none() => freq = Some(n),
                _ if tag.is_none() => tag = Some(field),
                _ => {}
            }
        }
        Some((word, freq, tag))
    })
}

/// Adds the words of a user dictionary (folded, so that they match folded text); returns
/// how many. A word without a frequency gets jieba's suggested one, which keeps it whole.
fn load_user_dict(jieba: &mut Jieba, text: &str) -> usize {
    let mut count = 0;
    for (word, freq, tag) in user_dict_entries(text) {
        jieba.add_word(&fold(word), freq, tag);
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_dict_lines() {
        let entries: Vec<_> =
            user_dict_entries("# comment\n\n低保 n\n最低生活保障 2000 n\n政务公开\n").collect();
        assert_eq!(
            entries,
            [
                ("低保", None, Some("n")),
                ("最低生活保障", Some(2000), Some("n")),
                ("政务公开", None, None),
            ]
        );
    }

    #[test]
    fn vocabulary_is_loaded() {
        let jieba = base();
        assert!(jieba.has_word("依申请公开"));
        assert!(jieba.has_word("12345热线"));
        assert!(gov_dict_words() > 500);
    }
}
