//! The hand-written parser. Two steps:
//!
//! 1. [`clean`] turns the input into a list of significant characters: full-width forms
//!    folded to ASCII, whitespace and invisible characters dropped, a leading label,
//!    surrounding quotes or parentheses and trailing punctuation removed.
//! 2. [`parse`] reads that list from the right, where the structure is fixed
//!    (`号`, serial, `第`, year), and leaves the variable-length issuer code on the left.

use super::{DocNumberError, MAX_CHARS, SERIAL_MAX, Scheme, YEAR_MAX, YEAR_MIN};

/// The parts found by the parser.
#[derive(Debug)]
pub(super) struct Parts {
    pub code: String,
    pub year: Option<i32>,
    pub serial: u32,
    pub scheme: Scheme,
}

/// Labels copied along with the number from a page or a form: "发文字号：渝府发〔2023〕15号",
/// "【文号】渝府发〔2023〕15号", "发文字号 渝府发〔2023〕15号". No issuer code starts with one.
/// Longest first.
const LABELS: &[&str] = &[
    "发文字号",
    "发文文号",
    "发文编号",
    "文件字号",
    "文件编号",
    "发文号",
    "文号",
    "字号",
];

/// Opening brackets accepted around a year (after full-width folding).
fn is_open(c: char) -> bool {
    matches!(
        c,
        '〔' | '[' | '(' | '【' | '〖' | '﹝' | '〘' | '{' | '﹙' | '〈' | '<'
    )
}

/// Closing brackets accepted around a year (after full-width folding).
fn is_close(c: char) -> bool {
    matches!(
        c,
        '〕' | ']' | ')' | '】' | '〗' | '﹞' | '〙' | '}' | '﹚' | '〉' | '>'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』' | '《' | '》'
    )
}

/// Punctuation that may trail a number copied from a sentence or a list.
fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '.' | ',' | '、' | ';' | ':' | '!' | '?' | '…' | '｡' | '､'
    )
}

/// Characters that carry nothing: zero-width spaces and joiners, BOM, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Chinese characters (CJK unified ideographs and extensions, compatibility ideographs) and 〇.
fn is_code_char(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}'
        | '〇')
}

/// Value of a Chinese digit (〇/零 … 九, and 两).
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0, // ○ (U+25CB) stands in for 〇 in much typed text: 一九八○年
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn cn_unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || cn_unit(c).is_some()
}

/// Reads Chinese numerals: positional with units (七十三, 一百零五, 十二) or digit by digit
/// (二〇五). Units must decrease strictly; `None` when the text is not a number.
fn cn_number(chars: &[char]) -> Option<u32> {
    if chars.is_empty() {
        return None;
    }
    if chars.iter().all(|&c| cn_digit(c).is_some()) {
        return chars.iter().try_fold(0u32, |acc, &c| {
            acc.checked_mul(10)?.checked_add(cn_digit(c)?)
        });
    }
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for &c in chars {
        if let Some(d) = cn_digit(c) {
            if pending.is_some() && d != 0 {
                return None; // two digits in a row without a unit: 七三十
            }
            pending = (d != 0).then_some(d);
        } else if let Some(unit) = cn_unit(c) {
            if unit >= last_unit {
                return None;
            }
            last_unit = unit;
            total += pending.take().unwrap_or(1) * unit;
        } else {
            return None;
        }
    }
    Some(total + pending.unwrap_or(0))
}

/// Folds full-width ASCII (U+FF01..U+FF5E) to ASCII and the traditional 號 to 号.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '號' => '号',
        _ => c,
    }
}

/// Length of `label` at the start of `s`, with its brackets or colon, if it is there and
/// something follows it.
fn label_len(s: &[char], label: &str) -> Option<usize> {
    let bracketed = s.first().is_some_and(|&c| is_open(c));
    let start = usize::from(bracketed);
    let mut n = start;
    for l in label.chars() {
        if s.get(n) != Some(&l) {
            return None;
        }
        n += 1;
    }
    if bracketed {
        if !s.get(n).is_some_and(|&c| is_close(c)) {
            return None;
        }
        n += 1;
    }
    if s.get(n) == Some(&':') {
        n += 1;
    }
    (n < s.len()).then_some(n)
}

/// Index of the bracket closing the one at `open`, treating all bracket kinds alike.
fn matching_close(s: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in s.iter().enumerate().skip(open) {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Step 1: the significant characters of `input`.
fn clean(input: &str) -> Vec<char> {
    let mut s: Vec<char> = input
        .chars()
        .filter(|&c| !c.is_whitespace() && !is_invisible(c) && !c.is_control())
        .map(fold)
        .collect();

    loop {
        let before = s.len();
        // Quotes and punctuation at either end.
        while s
            .last()
            .is_some_and(|&c| is_quote(c) || is_trailing_punct(c))
        {
            s.pop();
        }
        let lead = s
            .iter()
            .take_while(|&&c| is_quote(c) || is_trailing_punct(c))
            .count();
        s.drain(..lead);
        // A label: 发文字号：…, 【发文字号】…
        for label in LABELS {
            if let Some(n) = label_len(&s, label) {
                s.drain(..n);
                break;
            }
        }
        // Parentheses around the whole number: （辽政办发〔2020〕13号）.
        if s.first().is_some_and(|&c| is_open(c)) && matching_close(&s, 0) == Some(s.len() - 1) {
            s.pop();
            s.remove(0);
        }
        // A closing bracket with no opening one at the end, or the reverse at the start.
        let opens = s.iter().filter(|&&c| is_open(c)).count();
        let closes = s.iter().filter(|&&c| is_close(c)).count();
        if closes > opens && s.last().is_some_and(|&c| is_close(c)) {
            s.pop();
        } else if opens > closes && s.first().is_some_and(|&c| is_open(c)) {
            s.remove(0);
        }
        if s.len() == before {
            return s;
        }
    }
}

/// An order's serial in parentheses, `市政府令（第325号）`, `国务院令（711号）`: drops the
/// two brackets. A bracketed year, `（2005）`, has no 号 and stays.
fn unwrap_order_serial(s: &mut Vec<char>) {
    let n = s.len();
    if n < 4 || !is_close(s[n - 1]) || s[n - 2] != '号' {
        return;
    }
    if let Some(open) = s.iter().rposition(|&c| is_open(c))
        && open > 0
        && s.get(open + 1)
            .is_some_and(|&c| c == '第' || c.is_ascii_digit())
        && matching_close(s, open) == Some(n - 1)
    {
        s.pop();
        s.remove(open);
    }
}

/// How the year was written.
enum YearForm<'a> {
    /// `〔2020〕`, or any other bracket pair; the text inside, without a trailing 年.
    Bracketed(&'a [char]),
    /// `2015年`; the digits before 年.
    WithNian(&'a [char]),
    None,
}

/// Step 2, and, when the number does not read, the forms people type when they do not
/// know how to enter 〔〕: the year and the serial set apart by a space, a dash, a dot,
/// a slash or 第 ("云政发 2026 8号", "云政发2026-8", "云政发2026第8号").
pub(super) fn parse(input: &str) -> Result<Parts, DocNumberError> {
    let first = parse_strict(input);
    if first.is_ok() {
        return first;
    }
    match bracketless(input) {
        Some(rewritten) => parse_strict(&rewritten).or(first),
        None => first,
    }
}

/// Separators people put between a year and a serial instead of brackets.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '—' | '–' | '－' | '.' | '/' | '_' | '·' | '\\' | '、'
        )
}

/// "云政发 2026 8号" → "云政发〔2026〕8号": an issuer code, a year in range, one or more
/// separators or 第, then the serial and an optional 号. Anything else is `None`.
fn bracketless(input: &str) -> Option<String> {
    let chars: Vec<char> = input.trim().chars().map(fold).collect();
    let start = chars.iter().position(char::is_ascii_digit)?;
    let code: String = chars[..start]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    if code.is_empty() || !code.chars().all(is_code_char) {
        return None;
    }
    let year_digits: String = chars[start..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let year: i32 = year_digits.parse().ok()?;
    if year_digits.len() != 4 || !(super::YEAR_MIN..=super::YEAR_MAX).contains(&year) {
        return None;
    }
    let mut i = start + 4;
    let sep_start = i;
    while i < chars.len() && (is_separator(chars[i]) || chars[i] == '第' || chars[i] == '年') {
        i += 1;
    }
    if i == sep_start {
        return None;
    }
    let serial: String = chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if serial.is_empty() {
        return None;
    }
    let rest: String = chars[i + serial.chars().count()..]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    if !(rest.is_empty() || rest == "号") {
        return None;
    }
    Some(format!("{code}〔{year}〕{serial}号"))
}

fn parse_strict(input: &str) -> Result<Parts, DocNumberError> {
    if input.trim().chars().nth(MAX_CHARS).is_some() {
        return Err(DocNumberError::TooLong);
    }
    let mut s = clean(input);
    if s.is_empty() {
        return Err(DocNumberError::Empty);
    }
    unwrap_order_serial(&mut s);
    // An order cited the old way, with 令 after the number: 北京市人民政府第12号令.
    let order_after = s.ends_with(&['号', '令']);
    if order_after {
        s.pop();
    }

    // A 号 right after a digit ends a number (a 号 inside a word, as in 编号, does not).
    let number_ends: Vec<usize> = (1..s.len())
        .filter(|&i| s[i] == '号' && (s[i - 1].is_ascii_digit() || is_cn_numeral(s[i - 1])))
        .collect();
    match number_ends.as_slice() {
        [_, _, ..] => return Err(DocNumberError::MultipleNumbers),
        [p] if p + 1 < s.len() => {
            return Err(DocNumberError::TrailingText(s[p + 1..].iter().collect()));
        }
        _ => {}
    }

    // Read from the right: 号, serial, 第, year.
    let mut end = s.len();
    let has_hao = s.last() == Some(&'号');
    if has_hao {
        end -= 1;
    }

    let serial_end = end;
    while end > 0 && s[end - 1].is_ascii_digit() {
        end -= 1;
    }
    let mut serial_is_cn = false;
    if end == serial_end && has_hao {
        // Chinese numerals only with the final 号 and after 第, a bracket or 年, so that
        // ordinary text ending in 一 or 十 is never taken for a serial.
        let mut k = end;
        while k > 0 && is_cn_numeral(s[k - 1]) {
            k -= 1;
        }
        if k > 0 && k < end && (s[k - 1] == '第' || s[k - 1] == '年' || is_close(s[k - 1])) {
            end = k;
            serial_is_cn = true;
        }
    }
    let serial_text = &s[end..serial_end];

    let has_di = end > 0 && s[end - 1] == '第';
    if has_di {
        end -= 1;
    }

    let year_form = if end > 0 && is_close(s[end - 1]) {
        let close = end - 1;
        let Some(open) = s[..close].iter().rposition(|&c| is_open(c) || is_close(c)) else {
            return Err(brackets_error(&s));
        };
        if is_close(s[open]) {
            return Err(brackets_error(&s));
        }
        end = open;
        let inner = &s[open + 1..close];
        YearForm::Bracketed(inner.strip_suffix(&['年']).unwrap_or(inner))
    } else if end > 0 && s[end - 1] == '年' {
        let nian = end - 1;
        let mut k = nian;
        while k > 0 && (s[k - 1].is_ascii_digit() || cn_digit(s[k - 1]).is_some()) {
            k -= 1;
        }
        if k < nian {
            end = k;
            YearForm::WithNian(&s[k..nian])
        } else {
            YearForm::None // the 年 belongs to the code (…青年第3号)
        }
    } else {
        YearForm::None
    };

    // The issuer code.
    let mut code = issuer_code(&s, end)?;
    if order_after {
        if !matches!(year_form, YearForm::None) {
            return Err(DocNumberError::TrailingText("令".to_owned()));
        }
        if !code.ends_with('令') {
            code.push('令');
        }
    }
    let announcement_code = code.ends_with("公告") || code.ends_with("通告");
    let order_code = code.ends_with('令');

    // The year and the scheme.
    let (year, scheme) = match year_form {
        // "国家税务总局公告〔2015〕80号" is the announcement 国家税务总局公告2015年第80号:
        // 公告 and 通告 are kinds of document, never the end of a standard issuer code.
        YearForm::Bracketed(text) if announcement_code => (Some(year(text)?), Scheme::Announcement),
        YearForm::Bracketed(text) => (Some(year(text)?), Scheme::Standard),
        // "辽政办发2020年13号" is a standard number with its brackets forgotten; with 第 or
        // an announcement code it is an announcement.
        YearForm::WithNian(text) if has_di || announcement_code => {
            (Some(year(text)?), Scheme::Announcement)
        }
        YearForm::WithNian(text) => (Some(year(text)?), Scheme::Standard),
        // Without a year, 第 or 号 must mark the serial, so that "政府公告 2023" or
        // "国务院令711" (search text, or a year typed without its brackets) is no number.
        YearForm::None if !has_di && !has_hao && !serial_text.is_empty() => {
            return Err(DocNumberError::MissingYear);
        }
        YearForm::None if announcement_code => (None, Scheme::Announcement),
        YearForm::None if has_di || order_code => (None, Scheme::Order),
        YearForm::None => return Err(DocNumberError::MissingYear),
    };

    let serial = serial(serial_text, serial_is_cn)?;
    Ok(Parts {
        code,
        year,
        serial,
        scheme,
    })
}

/// The issuer code `s[..end]`: Chinese characters, 、 between joint issuers, and
/// parenthesised Chinese characters as in the court's `法（研）发` (normalised to （）).
fn issuer_code(s: &[char], end: usize) -> Result<String, DocNumberError> {
    let chars = &s[..end];
    if chars.is_empty() {
        return Err(DocNumberError::MissingCode);
    }
    let mut code = String::with_capacity(end * 3);
    let mut i = 0;
    while i < end {
        let c = chars[i];
        if is_code_char(c) || (c == '、' && i > 0 && i + 1 < end) {
            code.push(c);
            i += 1;
        } else if is_open(c) && i > 0 {
            let inner = chars[i + 1..]
                .iter()
                .position(|&c| !is_code_char(c))
                .map(|n| i + 1 + n)
                .filter(|&close| close > i + 1 && is_close(chars[close]));
            let Some(close) = inner else {
                return Err(brackets_error(s));
            };
            code.push('（');
            code.extend(&chars[i + 1..close]);
            code.push('）');
            i = close + 1;
        } else if is_open(c) || is_close(c) {
            return Err(brackets_error(s));
        } else {
            return Err(DocNumberError::InvalidCode {
                code: chars.iter().collect(),
                found: c,
            });
        }
    }
    Ok(code)
}

/// Brackets where they do not belong: a year written first, `（2012）西民四初字第438号`
/// (the old style of 文号, and the style of court case numbers), or anything else.
fn brackets_error(s: &[char]) -> DocNumberError {
    let year_first = s.first().is_some_and(|&c| is_open(c))
        && matching_close(s, 0).is_some_and(|close| {
            close > 2
                && s[1..close]
                    .iter()
                    .all(|&c| c.is_ascii_digit() || cn_digit(c).is_some() || c == '年')
        });
    if year_first {
        DocNumberError::YearBeforeCode
    } else {
        DocNumberError::MalformedBrackets
    }
}

fn year(text: &[char]) -> Result<i32, DocNumberError> {
    if text.is_empty() {
        return Err(DocNumberError::MissingYear);
    }
    let as_text = || text.iter().collect::<String>();
    let digits: Option<String> = text
        .iter()
        .map(|&c| {
            if c.is_ascii_digit() {
                Some(c)
            } else {
                cn_digit(c).and_then(|d| char::from_digit(d, 10))
            }
        })
        .collect();
    let Some(digits) = digits else {
        return Err(DocNumberError::InvalidYear(as_text()));
    };
    match digits.len() {
        2 => return Err(DocNumberError::TwoDigitYear(as_text())),
        4 => {}
        _ => return Err(DocNumberError::InvalidYear(as_text())),
    }
    let year: i32 = digits
        .parse()
        .map_err(|_| DocNumberError::InvalidYear(as_text()))?;
    if !(YEAR_MIN..=YEAR_MAX).contains(&year) {
        return Err(DocNumberError::YearOutOfRange(year));
    }
    Ok(year)
}

fn serial(text: &[char], chinese: bool) -> Result<u32, DocNumberError> {
    if text.is_empty() {
        return Err(DocNumberError::MissingSerial);
    }
    let as_text = || text.iter().collect::<String>();
    let value = if chinese {
        cn_number(text).ok_or_else(|| DocNumberError::InvalidSerial(as_text()))?
    } else {
        let significant: String = text.iter().skip_while(|&&c| c == '0').collect();
        if significant.len() > 6 {
            return Err(DocNumberError::SerialTooLarge(as_text()));
        }
        significant.parse().unwrap_or(0)
    };
    match value {
        0 => Err(DocNumberError::InvalidSerial(as_text())),
        v if v > SERIAL_MAX => Err(DocNumberError::SerialTooLarge(as_text())),
        v => Ok(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let n = |s: &str| cn_number(&s.chars().collect::<Vec<_>>());
        assert_eq!(n("七十三"), Some(73));
        assert_eq!(n("十"), Some(10));
        assert_eq!(n("十二"), Some(12));
        assert_eq!(n("一百零五"), Some(105));
        assert_eq!(n("三百一十"), Some(310));
        assert_eq!(n("二〇五"), Some(205));
        assert_eq!(n("八"), Some(8));
        assert_eq!(n("一千二百三十四"), Some(1234));
        assert_eq!(n("十十"), None);
        assert_eq!(n("七三十"), None);
        assert_eq!(n("百十"), Some(110));
        assert_eq!(n(""), None);
    }

    #[test]
    fn cleaning() {
        let c = |s: &str| clean(s).into_iter().collect::<String>();
        assert_eq!(c(" 文号：“国发〔2020〕1号”。 "), "国发〔2020〕1号");
        assert_eq!(c("（国务院令第711号）"), "国务院令第711号");
        assert_eq!(c("国发〔2020〕1号）"), "国发〔2020〕1号");
        assert_eq!(c("（2005）13号"), "(2005)13号");
        assert_eq!(c("\u{FEFF}国发\u{200B}〔２０２０〕１号"), "国发〔2020〕1号");
    }
}
