//! The annual report laid out as the official tables, once, for the portal page, the
//! staff page and the .xlsx export, so all three carry the same labels and figures.

use gongkai_domain::application::Fen;
use gongkai_domain::report::{APPLICANT_COLUMNS, Format, Report, RulesBlock, SECTION4_COLUMNS};

/// One line of section 三 with its merged left cell, if it opens a group.
pub struct S3Line {
    /// `(text, rows spanned)` for the first line of a group; `None` inside a group and
    /// for lines without one (whose label then spans both label columns).
    pub group: Option<(String, usize)>,
    pub in_group: bool,
    pub label: String,
    pub counts: Option<[i64; 7]>,
}

/// A line of a section 二 block: the item and its figures, as text.
pub struct S2Line {
    pub item: &'static str,
    pub figures: Vec<String>,
}

pub struct S2Block {
    pub title: &'static str,
    pub columns: Vec<&'static str>,
    pub lines: Vec<S2Line>,
}

pub struct ReportTables {
    pub title: String,
    pub year: i32,
    pub format_label: &'static str,
    /// Paragraphs of staff text.
    pub overview: Vec<String>,
    pub section2: Vec<S2Block>,
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

fn wan(fen: i64) -> String {
    Fen(fen).wan_yuan()
}

fn rules_lines(b: &RulesBlock, format: Format) -> Vec<S2Line> {
    let normative = match format {
        Format::Y2021 => "行政规范性文件",
        Format::Y2019 => "规范性文件",
    };
    vec![
        S2Line {
            item: "规章",
            figures: b.rules.iter().map(i64::to_string).collect(),
        },
        S2Line {
            item: normative,
            figures: b.normative.iter().map(i64::to_string).collect(),
        },
    ]
}

impl ReportTables {
    pub fn new(r: &Report) -> Self {
        let i = &r.input;
        let mut section2 = vec![
            S2Block {
                title: "第二十条第（一）项",
                columns: std::iter::once("信息内容")
                    .chain(RulesBlock::columns(r.format))
                    .collect(),
                lines: rules_lines(&r.rules, r.format),
            },
            S2Block {
                title: "第二十条第（五）项",
                columns: vec!["信息内容", "本年处理决定数量"],
                lines: vec![S2Line {
                    item: "行政许可",
                    figures: vec![i.licences.to_string()],
                }],
            },
            S2Block {
                title: "第二十条第（六）项",
                columns: vec!["信息内容", "本年处理决定数量"],
                lines: vec![
                    S2Line {
                        item: "行政处罚",
                        figures: vec![i.penalties.to_string()],
                    },
                    S2Line {
                        item: "行政强制",
                        figures: vec![i.coercions.to_string()],
                    },
                ],
            },
            S2Block {
                title: "第二十条第（八）项",
                columns: vec!["信息内容", "本年收费金额（单位：万元）"],
                lines: vec![S2Line {
                    item: "行政事业性收费",
                    figures: vec![wan(i.charges_fen)],
                }],
            },
        ];
        if r.format == Format::Y2019 {
            section2.push(S2Block {
                title: "第二十条第（九）项",
                columns: vec!["信息内容", "采购项目数量", "采购总金额（单位：万元）"],
                lines: vec![S2Line {
                    item: "政府集中采购",
                    figures: vec![i.procurements.to_string(), wan(i.procurement_fen)],
                }],
            });
        }
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
            section2,
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
