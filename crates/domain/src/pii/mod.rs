//! Personal data in free text (DOMAIN §11): identity-card numbers (with their check
//! character), mobile and fixed-line telephone numbers, bank-card numbers (Luhn) and
//! e-mail addresses, found as people write them — full-width digits, numbers broken
//! by spaces or hyphens, an area code in brackets — and masked the way the practice
//! shows them (bank cards keep the first 6 and last 4 digits, mobiles the first 3 and
//! last 4).
//!
//! An 18-character number shaped like an identity number (an area, a real birth date)
//! whose check character is wrong is reported as suspicious: it may be a typo in a
//! real number, so it is neither passed nor silently masked; a reviewer decides. The
//! 15-digit numbers issued before 1999 are found by their area and birth date.
//!
//! Names of people are not found in free text: no rule tells a name from other words,
//! which is why whatever the public sees from a writer passes a person's moderation
//! too. In a list's name column, [`mask_name`] keeps the surname.

pub mod review;

use crate::application::applicant::resident_id_is_valid;
use crate::code_enum::code_enum;

code_enum! {
    /// A kind of personal data, by the code decisions are stored with.
    pub enum PiiKind("kind", "个人信息类别") {
        IdNumber = ("id_number", "身份证号码"),
        /// 15 digits, issued before GB 11643-1999: no check character.
        LegacyId = ("legacy_id", "15位身份证号码"),
        /// Shaped like an 18-character identity number, but its check character is wrong.
        SuspectId = ("suspect_id", "疑似身份证号码（校验位不符）"),
        Mobile = ("mobile", "手机号码"),
        Landline = ("landline", "固定电话号码"),
        BankCard = ("bank_card", "银行卡号"),
        Email = ("email", "电子邮箱地址"),
        /// A person's name, in a list's column headed 姓名 (never found in free text).
        Name = ("name", "姓名"),
    }
}

impl PiiKind {
    /// Found, but perhaps not what it looks like: a reviewer must look at it.
    pub fn suspicious(self) -> bool {
        self == Self::SuspectId
    }
    /// Personal data wherever it appears. Fixed-line numbers and e-mail addresses in
    /// running text are mostly an office's published contacts (条例 Art.20(2)), so
    /// only in a list of people are they taken as a person's.
    pub fn personal_anywhere(self) -> bool {
        !matches!(self, Self::Landline | Self::Email)
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

/// Whether `area` could be a 行政区划 code (provinces start 1–8) and `birth` a birth
/// date (YYYYMMDD, or YYMMDD for the 15-digit numbers, all in the 1900s).
fn id_shaped(area: &str, birth: &str) -> bool {
    if !area.starts_with(['1', '2', '3', '4', '5', '6', '7', '8']) {
        return false;
    }
    let (y, rest) = if birth.len() == 8 {
        (birth[..4].parse::<i32>().ok(), &birth[4..])
    } else {
        (
            birth[..2].parse::<i32>().ok().map(|y| 1900 + y),
            &birth[2..],
        )
    };
    let (Some(y), Ok(m), Ok(d)) = (y, rest[..2].parse::<u32>(), rest[2..].parse::<u32>()) else {
        return false;
    };
    (1900..=2099).contains(&y) && chrono::NaiveDate::from_ymd_opt(y, m, d).is_some()
}

/// What a run of digits (separators removed) is, if it is personal data.
fn classify(digits: &str) -> Option<PiiKind> {
    let n = digits.len();
    let b = digits.as_bytes();
    if n == 18 && resident_id_is_valid(digits) {
        return Some(PiiKind::IdNumber);
    }
    if n == 18
        && (digits.ends_with('X') || !luhn_ok(digits))
        && id_shaped(&digits[..6], &digits[6..14])
    {
        return Some(PiiKind::SuspectId);
    }
    if n == 15 && id_shaped(&digits[..6], &digits[6..12]) {
        return Some(PiiKind::LegacyId);
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

/// Two-character surnames, which a masked name keeps whole.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "南宫", "百里", "呼延", "东郭", "西门", "独孤", "澹台", "公羊",
    "万俟", "闻人", "赫连", "申屠", "拓跋", "单于", "太史", "钟离",
];

/// A person's name as a public list shows it: the surname, then one "*" for each other
/// character ("张*", "欧阳**"); a name of one character is shown as "*".
pub fn mask_name(name: &str) -> String {
    let name = name_key(name);
    let n = name.chars().count();
    if n <= 1 {
        return "*".repeat(n);
    }
    let keep = if n >= 3 && COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)) {
        2
    } else {
        1
    };
    let head: String = name.chars().take(keep).collect();
    format!("{head}{}", "*".repeat(n - keep))
}

/// How one found piece is shown masked.
fn masked_piece(kind: PiiKind, piece: &[char]) -> String {
    match kind {
        // The area and the check character stay (DOMAIN §11; issue practice).
        PiiKind::IdNumber | PiiKind::SuspectId => keep_ends(piece, 6, 1),
        PiiKind::LegacyId => keep_ends(piece, 6, 0),
        PiiKind::Mobile => keep_ends(piece, 3, 4),
        PiiKind::BankCard => keep_ends(piece, 6, 4),
        PiiKind::Landline => keep_ends(piece, 4, 0),
        PiiKind::Name => mask_name(&piece.iter().collect::<String>()),
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
    }
}

/// The key a found piece is decided by: its characters folded to half-width, without
/// the spaces, hyphens and brackets people write numbers with, so "138 1234 5678" and
/// "13812345678" are one number.
pub fn value_key(piece: &str) -> String {
    piece
        .chars()
        .map(fold)
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '（' | '）'))
        .collect()
}

/// `text` with its personal data masked.
pub fn mask(text: &str) -> String {
    mask_where(text, |_, _| true)
}

/// `text` with each piece of personal data masked for which `hide(kind, key)` says so
/// (`key` is the piece's [`value_key`]); the rest stays as written.
pub fn mask_where(text: &str, hide: impl Fn(PiiKind, &str) -> bool) -> String {
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
        let key: String = value_key(&piece.iter().collect::<String>());
        if hide(f.kind, &key) {
            out.push_str(&masked_piece(f.kind, piece));
        } else {
            out.extend(&original[f.start..f.end]);
        }
        at = f.end;
    }
    out.extend(&original[at..]);
    out
}

/// Personal data found in a file, where it is, and how it would be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// "第3行", or "低保名单!C5".
    pub place: String,
    pub kind: PiiKind,
    pub masked: String,
    /// The piece as decisions know it ([`value_key`], or a name without its spaces).
    pub value: String,
}

/// A name as decisions know it: without the spaces tables pad names with ("张　三").
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// A name read in a list's name column, where it is.
pub(crate) fn name_detection(place: &str, cell: &str) -> Detection {
    Detection {
        place: place.to_owned(),
        kind: PiiKind::Name,
        masked: mask_name(cell),
        value: name_key(cell),
    }
}

/// Appends every piece found in `text`, placed at `place`.
pub(crate) fn detections(place: &str, text: &str, out: &mut Vec<Detection>) {
    let chars: Vec<char> = text.chars().collect();
    for f in find(text) {
        let piece: String = chars[f.start..f.end].iter().collect();
        out.push(Detection {
            place: place.to_owned(),
            kind: f.kind,
            masked: mask(&piece),
            value: value_key(&piece),
        });
    }
}

/// Every detection in plain text, by line.
pub fn scan_text(text: &str) -> Vec<Detection> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        detections(&format!("第{}行", n + 1), line, &mut out);
    }
    out
}

/// A column's letters as spreadsheets name them (0 → A, 26 → AA).
fn column_name(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Whether a cell reads like a person's name: two to four Chinese characters (a
/// middle dot allowed for names of ethnic minorities), not a total or a note.
pub(crate) fn looks_like_name(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (2..=12).contains(&n)
        && s.chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
        && !["合计", "小计", "总计", "备注", "以下空白"].contains(&s)
        && (n <= 4 || s.contains('·'))
}

/// Every detection in a table: the personal data in each cell, and each name in a
/// column whose header (in the first five rows) says 姓名 (户主姓名, 申请人姓名 …).
pub fn scan_sheet(sheet: &crate::catalog::table::Sheet) -> Vec<Detection> {
    let mut out = Vec::new();
    let header = sheet.rows.iter().take(5).enumerate().find_map(|(r, row)| {
        let cols: Vec<usize> = row
            .iter()
            .enumerate()
            .filter(|(_, c)| c.text.contains("姓名"))
            .map(|(i, _)| i)
            .collect();
        (!cols.is_empty()).then_some((r, cols))
    });
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // A merged region is read once, at its first cell.
            if cell.origin != (r, c) || cell.text.trim().is_empty() {
                continue;
            }
            let place = format!("{}!{}{}", sheet.name, column_name(c), r + 1);
            let is_name_cell = header
                .as_ref()
                .is_some_and(|(hr, cols)| r > *hr && cols.contains(&c));
            if is_name_cell && looks_like_name(&cell.text) {
                out.push(name_detection(&place, &cell.text));
            }
            detections(&place, &cell.text, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "11010519491231002X";

    #[test]
    fn finds_identity_numbers_only_with_a_valid_check_character() {
        assert_eq!(kinds(&format!("身份证{ID}。")), vec![PiiKind::IdNumber]);
        assert_eq!(
            kinds("身份证110105194912310021。"),
            vec![PiiKind::SuspectId],
            "a wrong check character is flagged, not passed"
        );
        let full: String = ID
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                _ => 'Ｘ',
            })
            .collect();
        assert_eq!(kinds(&full), vec![PiiKind::IdNumber]);
        assert_eq!(mask(&format!("号码{ID}")), "号码110105***********X");
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

    /// A small deterministic generator, so the corpus is the same on every run.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    fn with_check(first17: &str) -> String {
        const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = first17
            .bytes()
            .zip(W)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        let check = b"10X98765432"[(sum % 11) as usize] as char;
        format!("{first17}{check}")
    }

    fn luhn_complete(body: &str) -> String {
        (0..10)
            .map(|d| format!("{body}{d}"))
            .find(|c| luhn_ok(c))
            .unwrap()
    }

    /// Precision and recall on a generated corpus: valid numbers are found as what they
    /// are, look-alikes are flagged or left alone, and numbers that are not personal
    /// (dates, 文号, amounts, cards failing Luhn) are never reported.
    #[test]
    fn a_generated_corpus_is_read_without_misses_or_false_alarms() {
        let mut r = Lcg(11);
        let areas = ["110105", "350102", "440305", "510107", "652801", "350981"];
        let mut expect: Vec<(String, Option<PiiKind>)> = Vec::new();
        for _ in 0..300 {
            let area = areas[r.next(areas.len() as u64) as usize];
            let birth = format!(
                "{}{:02}{:02}",
                1930 + r.next(90),
                1 + r.next(12),
                1 + r.next(28)
            );
            let id = with_check(&format!("{area}{birth}{:03}", r.next(1000)));
            expect.push((id.clone(), Some(PiiKind::IdNumber)));
            // One digit off: the check character no longer fits.
            let mut typo: Vec<char> = id.chars().collect();
            typo[15] = char::from(b'0' + ((typo[15] as u8 - b'0' + 1) % 10));
            let typo: String = typo.into_iter().collect();
            let kind = if !typo.ends_with('X') && luhn_ok(&typo) {
                PiiKind::BankCard
            } else {
                PiiKind::SuspectId
            };
            expect.push((typo, Some(kind)));
            let legacy = format!("{area}{}{:03}", &birth[2..], r.next(1000));
            expect.push((legacy, Some(PiiKind::LegacyId)));
            let card = luhn_complete(&format!("622202{:012}", r.next(1_000_000_000_000)));
            expect.push((card.clone(), Some(PiiKind::BankCard)));
            let mut bad = card.into_bytes();
            let last = bad.len() - 1;
            bad[last] = b'0' + (bad[last] - b'0' + 1) % 10;
            expect.push((String::from_utf8(bad).unwrap(), None));
            expect.push((
                format!("1{}{:09}", 3 + r.next(7), r.next(1_000_000_000)),
                Some(PiiKind::Mobile),
            ));
            expect.push((
                format!(
                    "{}年{}月{}日",
                    2000 + r.next(30),
                    1 + r.next(12),
                    1 + r.next(28)
                ),
                None,
            ));
            expect.push((
                format!("云政发〔{}〕{}号", 2000 + r.next(30), r.next(300)),
                None,
            ));
            expect.push((format!("资金{}元", r.next(100_000_000_000)), None));
            expect.push((
                format!("2026{:02}{:02}", 1 + r.next(12), 1 + r.next(28)),
                None,
            ));
        }
        let (mut hits, mut misses, mut false_alarms) = (0, 0, 0);
        for (text, want) in &expect {
            let got = kinds(&format!("内容：{text}。"));
            match want {
                Some(k) if got == vec![*k] => hits += 1,
                Some(_) => {
                    misses += 1;
                    eprintln!("missed {text}: {got:?}");
                }
                None if got.is_empty() => {}
                None => {
                    false_alarms += 1;
                    eprintln!("false alarm {text}: {got:?}");
                }
            }
        }
        assert_eq!((misses, false_alarms), (0, 0), "{hits} found");
        assert!(hits >= 1500);
    }

    #[test]
    fn masks_keep_the_area_and_check_character_and_the_surname() {
        assert_eq!(mask("旧证号350102800101123"), "旧证号350102*********");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name(" 王 小 明 "), "王**");
        assert_eq!(mask_name("欧阳修"), "欧阳*");
        assert_eq!(
            mask_name("欧阳"),
            "欧*",
            "two characters: a surname and a given name"
        );
        assert_eq!(mask_name("李"), "*");
        assert!(PiiKind::SuspectId.suspicious() && !PiiKind::IdNumber.suspicious());
    }

    #[test]
    fn a_recipients_list_is_scanned_cell_by_cell_with_its_name_column() {
        use crate::catalog::table::Sheet;
        let sheet = Sheet::plain(
            "低保名单",
            &[
                &["青石镇2026年第三季度城乡低保对象名单", "", "", ""],
                &["序号", "户主姓名", "身份证号码", "联系电话"],
                &["1", "张三", ID, "138 1234 5678"],
                &["2", "欧阳明华", "110105194912310021", ""],
                &["", "合计", "", ""],
            ],
        );
        let found: Vec<(String, PiiKind, String)> = scan_sheet(&sheet)
            .into_iter()
            .map(|d| (d.place, d.kind, d.masked))
            .collect();
        assert_eq!(
            found,
            vec![
                ("低保名单!B3".into(), PiiKind::Name, "张*".into()),
                (
                    "低保名单!C3".into(),
                    PiiKind::IdNumber,
                    "110105***********X".into()
                ),
                (
                    "低保名单!D3".into(),
                    PiiKind::Mobile,
                    "138 **** 5678".into()
                ),
                ("低保名单!B4".into(), PiiKind::Name, "欧阳**".into()),
                (
                    "低保名单!C4".into(),
                    PiiKind::SuspectId,
                    "110105***********1".into()
                ),
            ]
        );
        assert_eq!(column_name(27), "AB");
        let lines = scan_text("第一行没有\n电话13812345678");
        assert_eq!(lines[0].place, "第2行");
    }

    #[test]
    fn describes_several_kinds_once_each() {
        let t = format!("我叫张三，身份证{ID}，电话13812345678，手机13912345678");
        assert_eq!(describe(&kinds(&t)), "身份证号码、手机号码");
    }
}
