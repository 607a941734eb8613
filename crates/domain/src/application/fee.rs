//! The information-processing fee (信息处理费, 条例 Art.42; 国办函〔2020〕109号; DOMAIN §5).
//!
//! Charged only for unreasonable volume or frequency, either per application (按件) or
//! per page (按量), never both on one application. Both are excess-progressive: each
//! band is charged at its own rate. Money is integer fen.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::code_enum;

/// An amount of money in fen (分).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn yuan(y: i64) -> Self {
        Fen(y * 100)
    }

    /// In 万元 with four decimals, as section 二 of the annual report wants.
    pub fn wan_yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let f = self.0.unsigned_abs();
        // 1 万元 = 1,000,000 fen; four decimals = 100 fen resolution, rounded half up.
        let hundredths = (f + 50) / 100;
        format!("{sign}{}.{:04}", hundredths / 10_000, hundredths % 10_000)
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, |a, b| a + b)
    }
}

impl Fen {
    /// The amount in yuan with two decimals and no unit ("1200.00"), as tables print it.
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let v = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", v / 100, v % 100)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}元", self.decimal())
    }
}

code_enum! {
    /// How a fee is charged.
    pub enum FeeBasis("fee_basis", "收费方式") {
        /// 按件: by the applicant's count of applications in the calendar month.
        PerApplication = ("per_application", "按件计收"),
        /// 按量: by the pages of this application.
        PerPage = ("per_page", "按量计收"),
    }
}

/// 按件: applications 1–10 of a calendar month are free.
pub const FREE_APPLICATIONS_PER_MONTH: u32 = 10;
/// 按件: applications 11–30 cost 100元 each.
const SECOND_BAND_LAST: u32 = 30;
/// 按件: from the 31st on, every band of 10 adds 100元 per application.
const BAND_WIDTH: u32 = 10;
const STEP_YUAN: i64 = 100;

/// The 按件 fee of the `nth` application (counting from 1) an applicant made to the same
/// agency in one calendar month.
pub fn per_application_fee(nth: u32) -> Fen {
    if nth <= FREE_APPLICATIONS_PER_MONTH {
        Fen::ZERO
    } else if nth <= SECOND_BAND_LAST {
        Fen::yuan(STEP_YUAN)
    } else {
        // 31–40: 200元, 41–50: 300元, …
        let band = i64::from((nth - SECOND_BAND_LAST - 1) / BAND_WIDTH);
        Fen::yuan(STEP_YUAN * (2 + band))
    }
}

/// 按量 bands: (last page of the band, yuan per page); the last band is open.
const PAGE_BANDS: [(u32, i64); 4] = [(30, 0), (100, 10), (200, 20), (u32::MAX, 40)];

/// The 按量 fee of one application of `pages` pages: 1–30 free, 31–100 at 10元, 101–200
/// at 20元, 201 on at 40元 per page.
pub fn per_page_fee(pages: u32) -> Fen {
    let mut total = 0i64;
    let mut lower = 0u32;
    for (upper, rate) in PAGE_BANDS {
        if pages <= lower {
            break;
        }
        let in_band = pages.min(upper) - lower;
        total += i64::from(in_band) * rate;
        lower = upper;
    }
    Fen::yuan(total)
}

/// The fee for one application: `quantity` is the application's rank in the month for
/// 按件, its page count for 按量.
pub fn fee(basis: FeeBasis, quantity: u32) -> Fen {
    match basis {
        FeeBasis::PerApplication => per_application_fee(quantity),
        FeeBasis::PerPage => per_page_fee(quantity),
    }
}

/// The wording of the standard in a 收费通知书.
pub fn standard_text(basis: FeeBasis) -> &'static str {
    match basis {
        FeeBasis::PerApplication => {
            "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件的部分，按每件100元收取；\
             31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。"
        }
        FeeBasis::PerPage => {
            "同一政府信息公开申请中，30页以下（含30页）的，不收费；31—100页的部分，按每页10元收取；\
             101—200页的部分，按每页20元收取；201页以上的部分，按每页40元收取。"
        }
    }
}
