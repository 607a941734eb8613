//! Why a 文号 was refused: a message in Chinese for the user, a stable code for the API.

use super::{MAX_CHARS, YEAR_MAX, YEAR_MIN};

/// A 文号 that could not be parsed. `Display` is the Chinese message shown to the user;
/// [`DocNumberError::code`] is the stable machine code used by the JSON API.
///
/// When several parts are wrong, the first one in reading order is reported:
/// the issuer code, then the year, then the serial.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocNumberError {
    /// Nothing but whitespace or punctuation.
    #[error("文号为空")]
    Empty,
    /// More than [`MAX_CHARS`] characters.
    #[error("文号过长（超过{MAX_CHARS}个字符）")]
    TooLong,
    /// Nothing before the year or serial: "〔2020〕13号".
    #[error("文号缺少发文机关代字，标准格式如“辽政办发〔2020〕13号”")]
    MissingCode,
    /// The issuer code holds something other than Chinese characters: "渝府发2023〔15〕号".
    #[error("发文机关代字“{code}”中有不应出现的字符“{found}”")]
    InvalidCode { code: String, found: char },
    /// A bracket without its partner, or brackets where no year belongs: "辽政办发〔2020 13号".
    #[error("文号中的括号不完整或位置不对，年份应写在六角括号内，如“〔2020〕”")]
    MalformedBrackets,
    /// The year in front of the code, as in old numbers and court case numbers:
    /// "（1994）财税字第89号", "（2012）西民四初字第438号".
    #[error("年份应写在发文机关代字之后，标准格式如“辽政办发〔2020〕13号”")]
    YearBeforeCode,
    /// Neither a bracketed year nor "…年第…号", and not an order: "辽政办发13号".
    #[error("文号缺少年份，标准格式如“辽政办发〔2020〕13号”")]
    MissingYear,
    /// "〔20〕": the year must be written in full.
    #[error("年份“{0}”应写全四位")]
    TwoDigitYear(String),
    /// Not four digits: "〔202〕", "〔20201〕", "〔二零〕".
    #[error("年份“{0}”无法识别，应写四位数字，如“〔2020〕”")]
    InvalidYear(String),
    /// Four digits, but outside the years of the People's Republic (or absurdly late).
    #[error("年份“{0}”超出有效范围（{YEAR_MIN}—{YEAR_MAX}年）")]
    YearOutOfRange(i32),
    /// No serial: "辽政办发〔2020〕号", "辽政办发〔2020〕".
    #[error("文号缺少序号，标准格式如“辽政办发〔2020〕13号”")]
    MissingSerial,
    /// Zero, or Chinese numerals that do not form a number.
    #[error("序号“{0}”无效，序号必须是正整数")]
    InvalidSerial(String),
    /// More than six significant digits.
    #[error("序号“{0}”过大")]
    SerialTooLarge(String),
    /// Text after the closing 号: "国办发〔2017〕47号文件".
    #[error("文号后面有多余的文字“{0}”，请只填写文号")]
    TrailingText(String),
    /// More than one 号: "国发〔2020〕1号、国发〔2020〕2号".
    #[error("似乎填写了多个文号，请一次只填写一个")]
    MultipleNumbers,
}

impl DocNumberError {
    /// Stable machine code, used in the JSON API (`snake_case`, never changes once published).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong => "too_long",
            Self::MissingCode => "missing_code",
            Self::InvalidCode { .. } => "invalid_code",
            Self::MalformedBrackets => "malformed_brackets",
            Self::YearBeforeCode => "year_before_code",
            Self::MissingYear => "missing_year",
            Self::TwoDigitYear(_) => "two_digit_year",
            Self::InvalidYear(_) => "invalid_year",
            Self::YearOutOfRange(_) => "year_out_of_range",
            Self::MissingSerial => "missing_serial",
            Self::InvalidSerial(_) => "invalid_serial",
            Self::SerialTooLarge(_) => "serial_too_large",
            Self::TrailingText(_) => "trailing_text",
            Self::MultipleNumbers => "multiple_numbers",
        }
    }
}
