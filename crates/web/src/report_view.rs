//! The annual report laid out as the official tables, once, for the portal page, the
//! staff page and the .xlsx export, so all three carry the same labels and figures.

use gongkai_domain::application::Fen;
use gongkai_domain::report::{APPLICANT_COLUMNS, Report, SECTION4_COLUMNS, Section2Block};

/// One line of section 三 with its merged left cell, if it opens a group.
pub struct S3Line {
    /// `(text, rows spanned)` for the first line of a group; `None` inside a group and
    /// for lines without one (whose label then spans both label columns).
    pub group: Option<(String, usize)>,
    pub in_group: bool,
    pub label: String,
    pub counts: Option<[i64; 7]>,
}

pub struct ReportTables {
    pub title: String,
    pub year: i32,
    pub format_label: &'static str,
    /// Paragraphs of staff text.
    pub overview: Vec<String>,
    pub section2: Vec<Section2Block>,
    pub applicant_columns: [&'static str; 7],
    /// The five columns under 法人或其他组织.
    pub org_columns: Vec<&'static str>,
    pub section3: Vec<S3Line>,
    /// The five columns, three times over (复议, 直接起诉, 复议后起诉).
    pub section4_header: Vec<&'static str>,
    /// 行政复议, 未经复议直接起诉, 复议后起诉.
    pub section4: [[i64; 5]; 3],
    pub problems: Vec<String>,
    pub other: Vec<String>,
    pub fees_collected: String,
}

fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl ReportTables {
    pub fn new(r: &Report) -> Self {
        let i = &r.input;
        let rows = r.section3.rows(r.format);
        let mut section3 = Vec::with_capacity(rows.len());
        for (n, row) in rows.iter().enumerate() {
            let opens = !row.group.is_empty() && (n == 0 || rows[n - 1].group != row.group);
            let span = rows[n..]
                .iter()
                .take_while(|x| x.group == row.group)
                .count();
            section3.push(S3Line {
                group: opens.then(|| (row.group.clone(), span)),
                in_group: !row.group.is_empty(),
                label: row.label.clone(),
                counts: row.counts.map(|c| c.0),
            });
        }
        ReportTables {
            title: format!("{}{}年政府信息公开工作年度报告", r.org_name, r.year),
            year: r.year,
            format_label: r.format.label(),
            overview: paragraphs(&i.overview),
            section2: r.section2(),
            applicant_columns: APPLICANT_COLUMNS,
            org_columns: APPLICANT_COLUMNS[1..6].to_vec(),
            section3,
            section4_header: SECTION4_COLUMNS.repeat(3),
            section4: i.section4(),
            problems: paragraphs(&i.problems),
            other: paragraphs(&i.other),
            fees_collected: Fen(r.fees_collected.0).to_string(),
        }
    }
}
