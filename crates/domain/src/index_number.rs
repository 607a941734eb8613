//! 索引号: the identifier of a document in the 政府信息公开目录 (条例 Art.12), and the key
//! of its public URL. Form: `{organisation code}-{year}-{serial, 5 digits}`, e.g.
//! `11350999MB0000001X-2026-00012`. Serials are issued per organisation and year by
//! the store and never reused.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::invalid::Invalid;
use crate::org::IndexCode;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IndexNumber {
    code: IndexCode,
    year: i32,
    serial: u32,
}

impl IndexNumber {
    pub fn new(code: IndexCode, year: i32, serial: u32) -> Self {
        Self { code, year, serial }
    }
    pub fn code(&self) -> &IndexCode {
        &self.code
    }
    pub fn year(&self) -> i32 {
        self.year
    }
    pub fn serial(&self) -> u32 {
        self.serial
    }
}

impl fmt::Display for IndexNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:05}", self.code, self.year, self.serial)
    }
}

impl FromStr for IndexNumber {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new("index_number", format!("索引号“{s}”格式不正确"));
        let mut parts = s.trim().rsplitn(3, '-');
        let serial = parts.next().ok_or_else(bad)?;
        let year = parts.next().ok_or_else(bad)?;
        let code = parts.next().ok_or_else(bad)?;
        if serial.len() < 5 || !serial.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let code = IndexCode::parse(code).map_err(|_| bad())?;
        let serial: u32 = serial.parse().map_err(|_| bad())?;
        if serial == 0 {
            return Err(bad());
        }
        Ok(Self {
            code,
            year: year.parse().map_err(|_| bad())?,
            serial,
        })
    }
}

impl TryFrom<String> for IndexNumber {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        s.parse()
    }
}

impl From<IndexNumber> for String {
    fn from(n: IndexNumber) -> String {
        n.to_string()
    }
}
