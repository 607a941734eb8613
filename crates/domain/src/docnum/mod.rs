//! 发文字号 (document numbers), GB/T 9704-2012 §7.2.5; DOMAIN §10.
//!
//! Standard form: 发文机关代字 + 〔year〕 + serial + 号, e.g. `辽政办发〔2020〕13号`: the year in
//! full inside 六角括号 (U+3014, U+3015), the serial without 第 and without leading zeros.
//! Two other schemes are in common use and are kept in their own canonical form:
//!
//! | scheme | canonical form | example |
//! |---|---|---|
//! | [`Scheme::Standard`] | `代字〔年〕序号号` | `辽政办发〔2020〕13号` |
//! | [`Scheme::Announcement`] | `代字年年第序号号` | `国家税务总局公告2015年第80号` |
//! | [`Scheme::Order`] | `代字第序号号` | `辽宁省人民政府令第312号` |
//!
//! An announcement without a year (`宁波市人民代表大会常务委员会公告第13号`, common for the
//! standing committees of people's congresses) is an [`Scheme::Announcement`] whose year is `None`;
//! one written with a bracketed year (`国家税务总局公告〔2015〕80号`) is the same announcement.
//!
//! The parser is lenient about what people type and what scraped pages contain, and strict
//! about what the number means. Accepted and normalised:
//! - whitespace anywhere (also U+3000, no-break and zero-width spaces), full-width letters,
//!   digits and brackets, the traditional 號;
//! - any common bracket pair around the year (`[] () （） 【】 ［］ ﹝﹞ 〖〗 〘〙 {} 〈〉`), even
//!   mismatched (`〔2005]`), and a 年 inside them (`〔2005年〕`);
//! - a label in front (`发文字号：`, `文号:`, `【发文字号】` …), quotes or parentheses around the
//!   whole number, trailing punctuation;
//! - leading zeros, a 第 before the serial, a missing final 号;
//! - Chinese numerals in a serial (`主席令第七十三号`) or a year (`〔二〇二〇〕`, `一九八○年`);
//! - orders written `…令（第325号）` or the old way `北京市人民政府第12号令`;
//!   joint issuers (`食品药品监管局、海关总署令第4号`); a parenthesised part of a code (`法（研）发`).
//!
//! Refused, with the reason (see [`DocNumberError`]): a two-digit year, a year outside
//! 1949..=2100, a year in front of the code (old numbers and court case numbers,
//! `（2012）西民四初字第438号`), a missing issuer code, year or serial, serial 0, text after
//! the 号 (`…47号文件`), several numbers at once, anything longer than 100 characters.

mod error;
mod parse;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use error::DocNumberError;

/// Longest input accepted, in characters. Real numbers stay under 30.
pub const MAX_CHARS: usize = 100;
/// First year a 文号 can carry (founding of the People's Republic).
pub const YEAR_MIN: i32 = 1949;
/// Last year a 文号 can carry: later years are surely typing mistakes.
pub const YEAR_MAX: i32 = 2100;
/// Largest serial accepted (six digits). The busiest issuers stay under ten thousand a year.
pub const SERIAL_MAX: u32 = 999_999;

/// Which numbering scheme a 文号 follows. It reflects the form of the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// `辽政办发〔2020〕13号`: year in brackets (GB/T 9704-2012).
    Standard,
    /// Government and ministry orders, `辽宁省人民政府令第312号`: no year, serial after 第.
    Order,
    /// Announcements, `国家税务总局公告2015年第80号`: year followed by 年, then 第 and the serial.
    /// Year-less announcements (`…常务委员会公告第13号`) have no year.
    Announcement,
}

/// A parsed 文号: the text as entered, its canonical form and its parts.
///
/// Equality compares everything, including the raw text; two messy spellings of one number
/// have the same [`DocNumber::normalized`] form (see [`DocNumber::same_number`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "DocNumberRepr", into = "DocNumberRepr")]
pub struct DocNumber {
    raw: String,
    normalized: String,
    code: String,
    year: Option<i32>,
    serial: u32,
    scheme: Scheme,
}

impl DocNumber {
    /// Parses a 文号 as typed or scraped. See the module documentation for what is accepted.
    pub fn parse(input: &str) -> Result<DocNumber, DocNumberError> {
        let parts = parse::parse(input)?;
        Ok(Self::from_parts(
            input.to_owned(),
            parts.code,
            parts.year,
            parts.serial,
            parts.scheme,
        ))
    }

    /// Rebuilds a number from stored parts without re-parsing (the store keeps raw + parts).
    /// The parts are trusted: the canonical form is derived from them.
    pub fn from_parts(
        raw: String,
        code: String,
        year: Option<i32>,
        serial: u32,
        scheme: Scheme,
    ) -> DocNumber {
        let normalized = render(&code, year, serial, scheme);
        DocNumber {
            raw,
            normalized,
            code,
            year,
            serial,
            scheme,
        }
    }

    /// Exactly as entered, untrimmed.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Canonical text, e.g. `辽政办发〔2020〕13号`.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// 发文机关代字, e.g. `辽政办发`, `辽宁省人民政府令`, `国家税务总局公告`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The year; `None` for orders and year-less announcements.
    pub fn year(&self) -> Option<i32> {
        self.year
    }

    /// The serial, always at least 1.
    pub fn serial(&self) -> u32 {
        self.serial
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Whether the number was entered exactly in its canonical form.
    pub fn is_canonical(&self) -> bool {
        self.raw == self.normalized
    }

    /// Whether both denote the same number, however each was spelled.
    pub fn same_number(&self, other: &DocNumber) -> bool {
        self.normalized == other.normalized
    }
}

fn render(code: &str, year: Option<i32>, serial: u32, scheme: Scheme) -> String {
    match (scheme, year) {
        (Scheme::Standard, Some(year)) => format!("{code}〔{year}〕{serial}号"),
        // The parser never gives an order a year; stored parts that do are shown like an
        // announcement, which is how orders that carry a year are written (…令2020年第1号).
        (Scheme::Announcement | Scheme::Order, Some(year)) => {
            format!("{code}{year}年第{serial}号")
        }
        (_, None) => format!("{code}第{serial}号"),
    }
}

impl FromStr for DocNumber {
    type Err = DocNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocNumber::parse(s)
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized)
    }
}

/// Lenient pre-normalisation for search: the canonical form if `query` parses as a 文号,
/// else `None` (ordinary search text such as "低保申请条件").
pub fn normalize_query(query: &str) -> Option<String> {
    DocNumber::parse(query).ok().map(|n| n.normalized)
}

/// Serialised shape: the parts plus the canonical form for readers. On the way in the
/// canonical form is ignored and derived again from the parts, so it cannot disagree.
#[derive(Serialize, Deserialize)]
struct DocNumberRepr {
    raw: String,
    #[serde(default, skip_deserializing)]
    normalized: String,
    code: String,
    year: Option<i32>,
    serial: u32,
    scheme: Scheme,
}

impl From<DocNumberRepr> for DocNumber {
    fn from(r: DocNumberRepr) -> Self {
        DocNumber::from_parts(r.raw, r.code, r.year, r.serial, r.scheme)
    }
}

impl From<DocNumber> for DocNumberRepr {
    fn from(n: DocNumber) -> Self {
        DocNumberRepr {
            raw: n.raw,
            normalized: n.normalized,
            code: n.code,
            year: n.year,
            serial: n.serial,
            scheme: n.scheme,
        }
    }
}
