//! The annual report on government information disclosure (条例 Art.49, 50) in the
//! format of 国办公开办函〔2021〕30号, and the earlier format for 2019 and 2020 (DOMAIN
//! §6). Section 三 is computed from the applications, section 二 (一) from the
//! documents; the rest is entered by staff. The 勾稽 check of section 三 must hold in
//! every column before a report can be published.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::application::{ApplicantKind, Fen, Outcome, OutcomeGroup};
use crate::invalid::Invalid;

mod figures;
pub use figures::Figure;

/// The first year of the 2019 regulation's reports.
pub const FIRST_YEAR: i32 = 2019;
/// The 2021 format applies from the 2021 report on.
pub const FORMAT_2021_FROM: i32 = 2021;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// 2019 and 2020.
    Y2019,
    /// 国办公开办函〔2021〕30号, from the 2021 report on.
    Y2021,
}

impl Format {
    pub fn for_year(year: i32) -> Result<Format, Invalid> {
        if year < FIRST_YEAR {
            return Err(Invalid::new(
                "year",
                format!("{FIRST_YEAR}年以前的年度报告不适用现行条例的格式"),
            ));
        }
        Ok(if year >= FORMAT_2021_FROM {
            Format::Y2021
        } else {
            Format::Y2019
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Y2019 => "2019年格式",
            Format::Y2021 => "国办公开办函〔2021〕30号格式",
        }
    }
}

/// One count per applicant column, then the total: 自然人, 商业企业, 科研机构,
/// 社会公益组织, 法律服务机构, 其他, 总计.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts(pub [i64; 7]);

impl Counts {
    fn add(&mut self, kind: ApplicantKind) {
        let i = ApplicantKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(5);
        self.0[i] += 1;
        self.0[6] += 1;
    }

    fn plus(self, o: Counts) -> Counts {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(o.0) {
            *a += b;
        }
        out
    }
}

/// The column headings of section 三, in order.
pub const APPLICANT_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// What section 三 needs to know of one application.
#[derive(Debug, Clone, Copy)]
pub struct CaseFact {
    pub kind: ApplicantKind,
    pub received_on: NaiveDate,
    pub replied_on: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
}

/// Section 三 as counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section3 {
    /// 一、本年新收政府信息公开申请数量
    pub new: Counts,
    /// 二、上年结转政府信息公开申请数量
    pub carried_over: Counts,
    /// 三、本年度办理结果, one entry per outcome in [`Outcome::ALL`] order.
    pub outcomes: Vec<(Outcome, Counts)>,
    /// （七）总计
    pub total: Counts,
    /// 四、结转下年度继续办理
    pub carried_forward: Counts,
}

/// Counts section 三 for `year` from every application of the organisation.
pub fn section3(cases: &[CaseFact], year: i32) -> Section3 {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    let mut s = Section3 {
        new: Counts::default(),
        carried_over: Counts::default(),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (*o, Counts::default()))
            .collect(),
        total: Counts::default(),
        carried_forward: Counts::default(),
    };
    for c in cases {
        if c.received_on > end {
            continue;
        }
        let replied_before = c.replied_on.is_some_and(|r| r < start);
        if replied_before {
            continue;
        }
        if c.received_on >= start {
            s.new.add(c.kind);
        } else {
            s.carried_over.add(c.kind);
        }
        match (c.replied_on, c.outcome) {
            (Some(r), Some(o)) if r <= end => {
                if let Some((_, counts)) = s.outcomes.iter_mut().find(|(x, _)| *x == o) {
                    counts.add(c.kind);
                }
                s.total.add(c.kind);
            }
            _ => s.carried_forward.add(c.kind),
        }
    }
    s
}

impl Section3 {
    /// The 勾稽 check: 一 + 二 = 三（七）总计 + 四 in every column; and the total is the
    /// sum of the outcome rows. Returns the columns that fail, in words.
    pub fn check(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let sum = self
            .outcomes
            .iter()
            .fold(Counts::default(), |a, (_, c)| a.plus(*c));
        for (i, col) in APPLICANT_COLUMNS.iter().enumerate() {
            let left = self.new.0[i] + self.carried_over.0[i];
            let right = self.total.0[i] + self.carried_forward.0[i];
            if left != right {
                problems.push(format!(
                    "“{col}”列：本年新收{}＋上年结转{}＝{left}，而办理结果总计{}＋结转下年度{}＝{right}",
                    self.new.0[i], self.carried_over.0[i], self.total.0[i], self.carried_forward.0[i]
                ));
            }
            if sum.0[i] != self.total.0[i] {
                problems.push(format!(
                    "“{col}”列：各项办理结果之和{}与总计{}不符",
                    sum.0[i], self.total.0[i]
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The rows of the official table, in order, for `format`.
    pub fn rows(&self, format: Format) -> Vec<Row> {
        let mut rows = vec![
            Row::data("", "一、本年新收政府信息公开申请数量", self.new),
            Row::data("", "二、上年结转政府信息公开申请数量", self.carried_over),
            Row::heading("三、本年度办理结果"),
        ];
        let numerals = ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"];
        for (g, numeral) in OutcomeGroup::ALL.iter().zip(numerals) {
            let members: Vec<&(Outcome, Counts)> = self
                .outcomes
                .iter()
                .filter(|(o, _)| o.group() == *g)
                .collect();
            let group_label = match g {
                OutcomeGroup::PartlyDisclosed => {
                    format!("{numeral}部分公开（区分处理的，只计这一情形，不计其他情形）")
                }
                _ => format!("{numeral}{}", g.label()),
            };
            let flat = members.len() == 1 || (format == Format::Y2019 && *g == OutcomeGroup::Other);
            if flat {
                let counts = members
                    .iter()
                    .fold(Counts::default(), |a, (_, c)| a.plus(*c));
                rows.push(Row::data("", &group_label, counts));
            } else {
                for (i, (o, c)) in members.iter().enumerate() {
                    rows.push(Row::data(
                        &group_label,
                        &format!("{}.{}", i + 1, o.label()),
                        *c,
                    ));
                }
            }
        }
        rows.push(Row::data("", "（七）总计", self.total));
        rows.push(Row::data(
            "",
            "四、结转下年度继续办理",
            self.carried_forward,
        ));
        rows
    }
}

/// A row of a report table: `group` is the merged left cell ("（三）不予公开") for
/// sub-rows, empty otherwise; headings have no counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub group: String,
    pub label: String,
    pub counts: Option<Counts>,
}

impl Row {
    fn data(group: &str, label: &str, counts: Counts) -> Row {
        Row {
            group: group.to_owned(),
            label: label.to_owned(),
            counts: Some(counts),
        }
    }
    fn heading(label: &str) -> Row {
        Row {
            group: String::new(),
            label: label.to_owned(),
            counts: None,
        }
    }
}

/// What section 二 (一) needs of one 规章 or 规范性文件 (category a20-01).
#[derive(Debug, Clone, Copy)]
pub struct RuleFact {
    /// 规章 (issued by 政府令) rather than 行政规范性文件.
    pub is_rule: bool,
    pub written_on: NaiveDate,
    pub published_on: Option<NaiveDate>,
    /// When it was repealed or expired, if it was.
    pub ended_on: Option<NaiveDate>,
}

/// Section 二 (一): per row (规章, 行政规范性文件) three figures whose meaning depends
/// on the format: 2021 本年制发件数 / 本年废止件数 / 现行有效件数; 2019 本年新制作数量 /
/// 本年新公开数量 / 对外公开总数量.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesBlock {
    pub rules: [i64; 3],
    pub normative: [i64; 3],
}

impl RulesBlock {
    pub fn columns(format: Format) -> [&'static str; 3] {
        match format {
            Format::Y2021 => ["本年制发件数", "本年废止件数", "现行有效件数"],
            Format::Y2019 => ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        }
    }
}

/// The year a 规章 or 规范性文件 counts as made and issued (制发): the year it was
/// published, or the year written when that is later. A document written in December and
/// published in January is counted once, in January's year.
fn issued_in(f: &RuleFact) -> Option<i32> {
    f.published_on.map(|p| p.max(f.written_on).year())
}

pub fn rules_block(facts: &[RuleFact], year: i32, format: Format) -> RulesBlock {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    let within = |d: Option<NaiveDate>| d.is_some_and(|d| d >= start && d <= end);
    let mut b = RulesBlock {
        rules: [0; 3],
        normative: [0; 3],
    };
    for f in facts {
        let published_by_end = f.published_on.is_some_and(|p| p <= end);
        let figures = match format {
            Format::Y2021 => [
                issued_in(f) == Some(year),
                within(f.ended_on),
                published_by_end && f.ended_on.is_none_or(|e| e > end),
            ],
            Format::Y2019 => [
                within(Some(f.written_on)),
                within(f.published_on),
                published_by_end,
            ],
        };
        let row = if f.is_rule {
            &mut b.rules
        } else {
            &mut b.normative
        };
        for (cell, hit) in row.iter_mut().zip(figures) {
            *cell += i64::from(hit);
        }
    }
    b
}

/// The 2019/2020 format's figures for one item of blocks (五)(六)(八): 上一年项目数量,
/// 本年增/减 (may be negative) and, except for fees, 处理决定数量.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemCounts2019 {
    #[serde(default)]
    pub previous: i64,
    #[serde(default)]
    pub change: i64,
}

/// What the 2019/2020 format asks beyond the decision counts the 2021 format shares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section2Y2019 {
    #[serde(default)]
    pub licences: ItemCounts2019,
    /// 其他对外管理服务事项: the row the 2021 format dropped.
    #[serde(default)]
    pub services: ItemCounts2019,
    #[serde(default)]
    pub services_decisions: i64,
    #[serde(default)]
    pub penalties: ItemCounts2019,
    #[serde(default)]
    pub coercions: ItemCounts2019,
    #[serde(default)]
    pub charges: ItemCounts2019,
}

/// What staff enter: the other blocks of section 二, section 四, the texts, and the
/// figures no record holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInput {
    /// 一、总体情况
    #[serde(default)]
    pub overview: String,
    /// 第二十条第（五）项：行政许可 本年处理决定数量
    #[serde(default)]
    pub licences: i64,
    /// 第二十条第（六）项：行政处罚、行政强制 本年处理决定数量
    #[serde(default)]
    pub penalties: i64,
    #[serde(default)]
    pub coercions: i64,
    /// 第二十条第（八）项：行政事业性收费 本年收费金额, in fen (shown in 万元).
    #[serde(default)]
    pub charges_fen: i64,
    /// 2019 format only: 第二十条第（九）项 政府集中采购 项目数量 and 总金额 (fen).
    #[serde(default)]
    pub procurements: i64,
    #[serde(default)]
    pub procurement_fen: i64,
    /// 2019 format only: 上一年项目数量 and 本年增/减 of blocks (五)(六)(八).
    #[serde(default)]
    pub y2019: Section2Y2019,
    /// Section 四: 行政复议 and the two 行政诉讼 groups, each 结果维持, 结果纠正, 其他结果,
    /// 尚未审结 (总计 is computed).
    #[serde(default)]
    pub reconsideration: [i64; 4],
    #[serde(default)]
    pub litigation_direct: [i64; 4],
    #[serde(default)]
    pub litigation_after: [i64; 4],
    /// 五、存在的主要问题及改进情况
    #[serde(default)]
    pub problems: String,
    /// 六、其他需要报告的事项
    #[serde(default)]
    pub other: String,
}

impl StaffInput {
    /// Every figure must be a count or an amount: none negative.
    pub fn check(&self) -> Result<(), Vec<Invalid>> {
        let mut out = Vec::new();
        let scalars = [
            ("licences", "行政许可处理决定数量", self.licences),
            ("penalties", "行政处罚处理决定数量", self.penalties),
            ("coercions", "行政强制处理决定数量", self.coercions),
            ("charges", "行政事业性收费金额", self.charges_fen),
            ("procurements", "政府集中采购项目数量", self.procurements),
            (
                "procurement_amount",
                "政府集中采购总金额",
                self.procurement_fen,
            ),
        ];
        let o = &self.y2019;
        let more = [
            (
                "licences_previous",
                "行政许可上一年项目数量",
                o.licences.previous,
            ),
            (
                "services_previous",
                "其他对外管理服务事项上一年项目数量",
                o.services.previous,
            ),
            (
                "services_decisions",
                "其他对外管理服务事项处理决定数量",
                o.services_decisions,
            ),
            (
                "penalties_previous",
                "行政处罚上一年项目数量",
                o.penalties.previous,
            ),
            (
                "coercions_previous",
                "行政强制上一年项目数量",
                o.coercions.previous,
            ),
            (
                "charges_previous",
                "行政事业性收费上一年项目数量",
                o.charges.previous,
            ),
        ];
        for (field, label, v) in scalars.into_iter().chain(more) {
            if v < 0 {
                out.push(Invalid::new(field, format!("{label}不能为负数")));
            }
        }
        let groups = [
            ("reconsideration", "行政复议", &self.reconsideration),
            (
                "litigation_direct",
                "未经复议直接起诉",
                &self.litigation_direct,
            ),
            ("litigation_after", "复议后起诉", &self.litigation_after),
        ];
        for (field, label, v) in groups {
            if v.iter().any(|n| *n < 0) {
                out.push(Invalid::new(field, format!("{label}各项数量不能为负数")));
            }
        }
        for (field, label, text) in [
            ("overview", "总体情况", &self.overview),
            ("problems", "存在的主要问题及改进情况", &self.problems),
            ("other", "其他需要报告的事项", &self.other),
        ] {
            if text.chars().count() > 20_000 {
                out.push(Invalid::new(field, format!("{label}过长：最多20000字")));
            }
        }
        if out.is_empty() { Ok(()) } else { Err(out) }
    }

    /// Section 四 totals, in the official order: each group's four figures and 总计.
    pub fn section4(&self) -> [[i64; 5]; 3] {
        let with_total = |v: &[i64; 4]| [v[0], v[1], v[2], v[3], v.iter().sum()];
        [
            with_total(&self.reconsideration),
            with_total(&self.litigation_direct),
            with_total(&self.litigation_after),
        ]
    }
}

/// One table of section 二 as the format lays it out: the title, the column headings
/// (the first is 信息内容) and per line the item and its figures as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section2Block {
    pub title: &'static str,
    pub columns: Vec<&'static str>,
    pub lines: Vec<(&'static str, Vec<String>)>,
}

/// "+3", "-253", "0": 本年增/减 as reports print it.
fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

impl Report {
    /// Section 二 in the official layout of the report's format: 2021 (国办公开办函〔2021〕
    /// 30号) counts decisions and fee amounts; 2019 and 2020 list each item's 上一年项目数量
    /// and 本年增/减, with 处理决定数量 for (五)(六) only, a row 其他对外管理服务事项 under
    /// (五), and block (九) 政府集中采购.
    pub fn section2(&self) -> Vec<Section2Block> {
        let i = &self.input;
        let n = |v: i64| v.to_string();
        let rules = Section2Block {
            title: "第二十条第（一）项",
            columns: std::iter::once("信息内容")
                .chain(RulesBlock::columns(self.format))
                .collect(),
            lines: vec![
                ("规章", self.rules.rules.iter().map(|v| n(*v)).collect()),
                (
                    match self.format {
                        Format::Y2021 => "行政规范性文件",
                        Format::Y2019 => "规范性文件",
                    },
                    self.rules.normative.iter().map(|v| n(*v)).collect(),
                ),
            ],
        };
        match self.format {
            Format::Y2021 => vec![
                rules,
                Section2Block {
                    title: "第二十条第（五）项",
                    columns: vec!["信息内容", "本年处理决定数量"],
                    lines: vec![("行政许可", vec![n(i.licences)])],
                },
                Section2Block {
                    title: "第二十条第（六）项",
                    columns: vec!["信息内容", "本年处理决定数量"],
                    lines: vec![
                        ("行政处罚", vec![n(i.penalties)]),
                        ("行政强制", vec![n(i.coercions)]),
                    ],
                },
                Section2Block {
                    title: "第二十条第（八）项",
                    columns: vec!["信息内容", "本年收费金额（单位：万元）"],
                    lines: vec![("行政事业性收费", vec![Fen(i.charges_fen).wan_yuan()])],
                },
            ],
            Format::Y2019 => {
                let o = &i.y2019;
                let three = |c: ItemCounts2019, decisions: i64| {
                    vec![n(c.previous), signed(c.change), n(decisions)]
                };
                let columns = vec!["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"];
                vec![
                    rules,
                    Section2Block {
                        title: "第二十条第（五）项",
                        columns: columns.clone(),
                        lines: vec![
                            ("行政许可", three(o.licences, i.licences)),
                            (
                                "其他对外管理服务事项",
                                three(o.services, o.services_decisions),
                            ),
                        ],
                    },
                    Section2Block {
                        title: "第二十条第（六）项",
                        columns,
                        lines: vec![
                            ("行政处罚", three(o.penalties, i.penalties)),
                            ("行政强制", three(o.coercions, i.coercions)),
                        ],
                    },
                    Section2Block {
                        title: "第二十条第（八）项",
                        columns: vec!["信息内容", "上一年项目数量", "本年增/减"],
                        lines: vec![(
                            "行政事业性收费",
                            vec![n(o.charges.previous), signed(o.charges.change)],
                        )],
                    },
                    Section2Block {
                        title: "第二十条第（九）项",
                        columns: vec!["信息内容", "采购项目数量", "采购总金额（单位：万元）"],
                        lines: vec![(
                            "政府集中采购",
                            vec![n(i.procurements), Fen(i.procurement_fen).wan_yuan()],
                        )],
                    },
                ]
            }
        }
    }
}

/// Section 四 column headings.
pub const SECTION4_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The computed report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub year: i32,
    pub format: Format,
    pub org_name: String,
    pub rules: RulesBlock,
    pub section3: Section3,
    pub input: StaffInput,
    /// 信息处理费 collected in the year (section 六), from the recorded payments.
    pub fees_collected: Fen,
}

impl Report {
    /// The publication deadline (Art.49): 31 March of the next year for the report of a
    /// 县级以上地方人民政府 (its disclosure authority publishes it); 31 January for
    /// everyone else — departments, and township governments, which the article does not
    /// give the later date.
    pub fn due_on(year: i32, level: crate::org::OrgLevel) -> NaiveDate {
        use crate::org::OrgLevel;
        let (m, d) = match level {
            OrgLevel::Province | OrgLevel::City | OrgLevel::County => (3, 31),
            OrgLevel::Township | OrgLevel::Department | OrgLevel::Village => (1, 31),
        };
        NaiveDate::from_ymd_opt(year + 1, m, d).expect("valid date")
    }
}
