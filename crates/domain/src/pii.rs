//! Personal data in free text (DOMAIN §11): identity-card numbers (with their check
//! character), mobile and fixed-line telephone numbers, bank-card numbers (Luhn) and
//! e-mail addresses, found as people write them — full-width digits, numbers broken
//! by spaces or hyphens, an area code in brackets — and masked the way the practice
//! shows them (bank cards keep the first 6 and last 4 digits, mobiles the first 3 and
//! last 4).
//!
//! Names of people are not found here: no rule tells a name from other words, which is
//! why whatever the public sees from a writer passes a person's moderation too.

use crate::application::applicant::resident_id_is_valid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiKind {
    IdNumber,
    Mobile,
    Landline,
    BankCard,
    Email,
}

impl PiiKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::IdNumber => "身份证号码",
            Self::Mobile => "手机号码",
            Self::Landline => "固定电话号码",
            Self::BankCard => "银行卡号",
            Self::Email => "电子邮箱地址",
        }
    }
}

/// One piece of personal data: its kind and where it is, in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: PiiKind,
    pub start: usize,
    pub end: usize,
}

fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        'Ｘ' | 'ｘ' => 'X',
        '－' | '—' | '‐' => '-',
        '\u{3000}' => ' ',
        '＠' => '@',
        '．' => '.',
        _ => c,
    }
}

fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// What a run of digits (separators removed) is, if it is personal data.
fn classify(digits: &str) -> Option<PiiKind> {
    let n = digits.len();
    let b = digits.as_bytes();
    if n == 18 && resident_id_is_valid(digits) {
        return Some(PiiKind::IdNumber);
    }
    if n == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(PiiKind::Mobile);
    }
    if (10..=12).contains(&n) && b[0] == b'0' && b[1] != b'0' {
        return Some(PiiKind::Landline);
    }
    if (16..=19).contains(&n) && !digits.contains('X') && luhn_ok(digits) {
        return Some(PiiKind::BankCard);
    }
    None
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-".contains(c)
}

fn is_email_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

/// Every piece of personal data in `text`, in order.
pub fn find(text: &str) -> Vec<Found> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '@' {
            let mut s = i;
            while s > 0 && is_email_local(chars[s - 1]) {
                s -= 1;
            }
            let mut e = i + 1;
            while e < chars.len() && is_email_domain(chars[e]) {
                e += 1;
            }
            let domain: String = chars[i + 1..e].iter().collect();
            let domain = domain.trim_end_matches('.');
            let e = i + 1 + domain.chars().count();
            let tld_ok = domain.rsplit_once('.').is_some_and(|(h, t)| {
                !h.is_empty() && t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic())
            });
            if s < i && tld_ok {
                // An address found inside a run of digits already taken stays one item.
                out.retain(|f: &Found| f.end <= s);
                out.push(Found {
                    kind: PiiKind::Email,
                    start: s,
                    end: e,
                });
                i = e;
                continue;
            }
        }
        let bracket_open = matches!(c, '(' | '（') && chars.get(i + 1).is_some_and(|d| *d == '0');
        if !(c.is_ascii_digit() || bracket_open) {
            i += 1;
            continue;
        }
        // A run of digits that single spaces, hyphens or a closing bracket after an area
        // code may break (138 1234 5678, 0591-8765 4321, （0591）87654321).
        let start = i;
        let mut j = if bracket_open { i + 1 } else { i };
        let mut digits = String::new();
        while j < chars.len() {
            let d = chars[j];
            if d.is_ascii_digit() || (d == 'X' && digits.len() == 17) {
                digits.push(d);
                j += 1;
            } else if (matches!(d, ' ' | '-')
                && chars.get(j + 1).is_some_and(char::is_ascii_digit)
                && !digits.is_empty())
                || (bracket_open && matches!(d, ')' | '）') && (3..=4).contains(&digits.len()))
            {
                // A separator inside the number, or the bracket closing its area code.
                j += 1;
            } else {
                break;
            }
        }
        let preceded_by_letter = start > 0 && chars[start - 1].is_ascii_alphanumeric();
        let followed_by_letter = chars.get(j).is_some_and(|c| c.is_ascii_alphanumeric());
        let kind = (!preceded_by_letter && !followed_by_letter)
            .then(|| classify(&digits))
            .flatten();
        if let Some(kind) = kind {
            out.push(Found {
                kind,
                start,
                end: j,
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// The kinds of personal data in `text`, each once.
pub fn kinds(text: &str) -> Vec<PiiKind> {
    let mut k: Vec<PiiKind> = find(text).into_iter().map(|f| f.kind).collect();
    k.sort();
    k.dedup();
    k
}

/// Those kinds in words: "身份证号码、手机号码".
pub fn describe(kinds: &[PiiKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("、")
}

fn keep_ends(s: &[char], head: usize, tail: usize) -> String {
    let digits: Vec<usize> = (0..s.len())
        .filter(|i| s[*i].is_ascii_alphanumeric())
        .collect();
    if digits.len() <= head + tail {
        return "*".repeat(s.len());
    }
    let keep_from = if tail == 0 {
        s.len()
    } else {
        digits[digits.len() - tail]
    };
    let keep_until = digits[head];
    s.iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_until || i >= keep_from || !c.is_ascii_alphanumeric() {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// `text` with its personal data masked.
pub fn mask(text: &str) -> String {
    let found = find(text);
    if found.is_empty() {
        return text.to_owned();
    }
    let original: Vec<char> = text.chars().collect();
    let folded: Vec<char> = original.iter().map(|c| fold(*c)).collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in found {
        out.extend(&original[at..f.start]);
        let piece = &folded[f.start..f.end];
        let masked = match f.kind {
            PiiKind::IdNumber => keep_ends(piece, 3, 2),
            PiiKind::Mobile => keep_ends(piece, 3, 4),
            PiiKind::BankCard => keep_ends(piece, 6, 4),
            PiiKind::Landline => keep_ends(piece, 4, 0),
            PiiKind::Email => {
                let s: String = piece.iter().collect();
                match s.split_once('@') {
                    Some((local, domain)) => {
                        let first: String = local.chars().take(1).collect();
                        format!("{first}***@{domain}")
                    }
                    None => "***".into(),
                }
            }
        };
        out.push_str(&masked);
        at = f.end;
    }
    out.extend(&original[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "11010519491231002X";

    #[test]
    fn finds_identity_numbers_only_with_a_valid_check_character() {
        assert_eq!(kinds(&format!("身份证{ID}。")), vec![PiiKind::IdNumber]);
        assert_eq!(kinds("身份证110105194912310021。"), vec![]);
        let full: String = ID
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                _ => 'Ｘ',
            })
            .collect();
        assert_eq!(kinds(&full), vec![PiiKind::IdNumber]);
        assert_eq!(mask(&format!("号码{ID}")), "号码110*************2X");
    }

    #[test]
    fn finds_telephone_numbers_as_people_write_them() {
        for t in [
            "电话13812345678",
            "电话138 1234 5678",
            "电话138-1234-5678",
            "电话１３８１２３４５６７８",
        ] {
            assert_eq!(kinds(t), vec![PiiKind::Mobile], "{t}");
        }
        for t in [
            "0591-87654321",
            "（0591）87654321",
            "(0591)8765 4321",
            "021-1234567",
        ] {
            assert_eq!(kinds(t), vec![PiiKind::Landline], "{t}");
        }
        assert_eq!(mask("请回电13812345678谢谢"), "请回电138****5678谢谢");
        assert_eq!(mask("电话138 1234 5678"), "电话138 **** 5678");
        assert_eq!(mask("（0591）87654321"), "（0591）********");
    }

    #[test]
    fn leaves_numbers_that_are_not_personal_alone() {
        for t in [
            "2026年第8号",
            "补贴资金12000000元",
            "文号云政发〔2026〕8号",
            "第12345678901号",
            "订单AB13812345678",
            "邮编350100",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn finds_bank_cards_by_luhn_and_keeps_six_and_four() {
        let card = "6222021234567890128";
        assert!(luhn_ok(card));
        assert_eq!(kinds(&format!("卡号{card}")), vec![PiiKind::BankCard]);
        assert_eq!(mask(card), "622202*********0128");
        assert!(kinds("6222021234567890121").is_empty());
    }

    #[test]
    fn finds_email_addresses() {
        assert_eq!(kinds("邮箱 zhang.san@example.com。"), vec![PiiKind::Email]);
        assert_eq!(mask("邮箱zhang@qq.com"), "邮箱z***@qq.com");
        assert!(kinds("@某某部门").is_empty());
        assert_eq!(kinds("13812345678@163.com"), vec![PiiKind::Email]);
    }

    #[test]
    fn describes_several_kinds_once_each() {
        let t = format!("我叫张三，身份证{ID}，电话13812345678，手机13912345678");
        assert_eq!(describe(&kinds(&t)), "身份证号码、手机号码");
    }
}
