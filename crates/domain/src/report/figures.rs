//! A published report as a flat list of figures, one per table cell, for open data:
//! what a statistician loads into a spreadsheet or a database to compare units and
//! years without reading the tables' merged headings.

use super::{APPLICANT_COLUMNS, Report, SECTION4_COLUMNS};

/// One number of the report's tables, named by section, table, row and column as the
/// official layout names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// 二, 三, 四 or 六.
    pub section: &'static str,
    pub table: String,
    /// The row's label; a sub-row is written after its group ("（三）不予公开 1.属于国家秘密").
    pub row: String,
    pub column: String,
    /// A decimal number as text ("3", "-253", "1.2500"); section 二's "+3" loses its sign.
    pub value: String,
}

/// Section 四's three column groups, as the table's two heading rows name them.
const SECTION4_GROUPS: [&str; 3] = [
    "行政复议",
    "行政诉讼（未经复议直接起诉）",
    "行政诉讼（复议后起诉）",
];

impl Report {
    /// Every figure of sections 二, 三 and 四 in table order, then the fees of 六.
    pub fn figures(&self) -> Vec<Figure> {
        let mut out = Vec::new();
        for block in self.section2() {
            for (row, values) in &block.lines {
                for (column, value) in block.columns.iter().skip(1).zip(values) {
                    out.push(Figure {
                        section: "二",
                        table: block.title.to_owned(),
                        row: (*row).to_owned(),
                        column: (*column).to_owned(),
                        value: value.trim_start_matches('+').to_owned(),
                    });
                }
            }
        }
        for row in self.section3.rows(self.format) {
            let Some(counts) = row.counts else { continue };
            let label = if row.group.is_empty() {
                row.label
            } else {
                format!("{} {}", row.group, row.label)
            };
            for (column, n) in APPLICANT_COLUMNS.iter().zip(counts.0) {
                out.push(Figure {
                    section: "三",
                    table: "收到和处理政府信息公开申请情况".into(),
                    row: label.clone(),
                    column: (*column).to_owned(),
                    value: n.to_string(),
                });
            }
        }
        for (group, values) in SECTION4_GROUPS.iter().zip(self.input.section4()) {
            for (column, n) in SECTION4_COLUMNS.iter().zip(values) {
                out.push(Figure {
                    section: "四",
                    table: "政府信息公开行政复议、行政诉讼情况".into(),
                    row: (*group).to_owned(),
                    column: (*column).to_owned(),
                    value: n.to_string(),
                });
            }
        }
        out.push(Figure {
            section: "六",
            table: "信息处理费".into(),
            row: "本年收取信息处理费".into(),
            column: "金额（元）".into(),
            value: self.fees_collected.decimal(),
        });
        out
    }
}
