//! The annual report: section 三 counted from applications (checked against the
//! published 2025 figures of 上海市人民政府办公厅 in DOMAIN §6), the 勾稽 check, the
//! rows of both formats, section 二 (一) from documents, and staff input checks.

use chrono::NaiveDate;
use gongkai_domain::application::{ApplicantKind, Outcome};
use gongkai_domain::report::{
    CaseFact, Format, ItemCounts2019, Report, RuleFact, StaffInput, rules_block, section3,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn case(kind: ApplicantKind, received: &str, replied: Option<(&str, Outcome)>) -> CaseFact {
    CaseFact {
        kind,
        received_on: d(received),
        replied_on: replied.map(|(r, _)| d(r)),
        outcome: replied.map(|(_, o)| o),
    }
}

#[test]
fn section_three_reproduces_a_published_report_and_its_check() {
    // 上海市人民政府办公厅 2025: 新收 1,295 (自然人 1,259), 上年结转 189, 总计 1,191,
    // 结转 293. Rebuild a year of cases with those totals.
    let mut cases = Vec::new();
    for i in 0..189 {
        // Received late 2024, still open on 1 January; 150 answered in 2025.
        let replied = (i < 150).then_some(("2025-01-20", Outcome::Disclosed));
        cases.push(case(ApplicantKind::NaturalPerson, "2024-12-10", replied));
    }
    for i in 0..1295 {
        let kind = if i < 1259 {
            ApplicantKind::NaturalPerson
        } else {
            ApplicantKind::Business
        };
        let outcome = match i % 5 {
            0 => Outcome::PartlyDisclosed,
            1 => Outcome::NotHeld,
            2 => Outcome::Repeated,
            3 => Outcome::ThirdPartyRights,
            _ => Outcome::Disclosed,
        };
        // 1,041 answered within the year, 254 carried into 2026.
        let replied = (i < 1041).then_some(("2025-11-03", outcome));
        cases.push(case(kind, "2025-03-04", replied));
    }
    // Noise that must not count: answered in 2024, received in 2026.
    cases.push(case(
        ApplicantKind::Research,
        "2024-05-06",
        Some(("2024-06-03", Outcome::Disclosed)),
    ));
    cases.push(case(ApplicantKind::Research, "2026-01-05", None));

    let s = section3(&cases, 2025);
    assert_eq!(s.new.0[6], 1295);
    assert_eq!(s.new.0[0], 1259);
    assert_eq!(s.new.0[1], 36);
    assert_eq!(s.carried_over.0[6], 189);
    assert_eq!(s.total.0[6], 150 + 1041);
    assert_eq!(s.total.0[6], 1191);
    assert_eq!(s.carried_forward.0[6], 293);
    assert_eq!(s.new.0[2], 0, "科研机构: neither noise case counts");
    s.check().unwrap();

    // A tampered table fails the check, naming the column.
    let mut bad = s.clone();
    bad.total.0[1] += 1;
    let problems = bad.check().unwrap_err();
    assert!(
        problems.iter().any(|p| p.contains("商业企业")),
        "{problems:?}"
    );

    // The rows of the 2021 format: 28 rows; of the 2019 format: 其他处理 is one row.
    let rows = s.rows(Format::Y2021);
    assert_eq!(rows.len(), 3 + 1 + 1 + 8 + 3 + 5 + 3 + 2);
    assert_eq!(rows[0].label, "一、本年新收政府信息公开申请数量");
    assert!(rows[2].counts.is_none(), "三 is a heading");
    let withheld: Vec<_> = rows
        .iter()
        .filter(|r| r.group == "（三）不予公开")
        .collect();
    assert_eq!(withheld.len(), 8);
    assert_eq!(withheld[3].label, "4.保护第三方合法权益");
    assert_eq!(rows.last().unwrap().label, "四、结转下年度继续办理");
    let old = s.rows(Format::Y2019);
    assert_eq!(old.len(), rows.len() - 2);
    assert!(
        old.iter()
            .any(|r| r.label == "（六）其他处理" && r.group.is_empty())
    );
}

#[test]
fn the_format_follows_the_year() {
    assert_eq!(Format::for_year(2019).unwrap(), Format::Y2019);
    assert_eq!(Format::for_year(2020).unwrap(), Format::Y2019);
    assert_eq!(Format::for_year(2021).unwrap(), Format::Y2021);
    assert_eq!(Format::for_year(2018).unwrap_err().field, "year");
}

#[test]
fn rules_and_normative_documents_of_the_year() {
    let f = |is_rule, written: &str, published: Option<&str>, ended: Option<&str>| RuleFact {
        is_rule,
        written_on: d(written),
        published_on: published.map(d),
        ended_on: ended.map(d),
    };
    let facts = [
        f(false, "2025-03-04", Some("2025-03-10"), None),
        f(false, "2024-06-01", Some("2024-06-05"), Some("2025-08-01")),
        f(false, "2023-02-01", Some("2023-02-03"), None),
        f(false, "2025-12-29", Some("2026-01-05"), None),
        f(true, "2025-05-06", Some("2025-05-08"), None),
    ];
    let b = rules_block(&facts, 2025, Format::Y2021);
    // 制发 in 2025 and published by year end; 废止 in 2025; in force at year end.
    assert_eq!(b.normative, [1, 1, 2]);
    assert_eq!(b.rules, [1, 0, 1]);
    let old = rules_block(&facts, 2025, Format::Y2019);
    assert_eq!(old.normative, [2, 1, 3]);
}

/// 本年制发件数 counts each document once: one written on 29 December 2025 and published
/// on 5 January 2026 is made and issued in 2026, not in no year at all.
#[test]
fn a_document_written_in_december_and_published_in_january_counts_once() {
    let doc = RuleFact {
        is_rule: false,
        written_on: d("2025-12-29"),
        published_on: Some(d("2026-01-05")),
        ended_on: None,
    };
    let issued: Vec<i64> = (2024..=2027)
        .map(|y| rules_block(&[doc], y, Format::Y2021).normative[0])
        .collect();
    assert_eq!(issued, [0, 0, 1, 0]);
    // A draft never published is never counted.
    let unpublished = RuleFact {
        published_on: None,
        ..doc
    };
    assert!((2024..=2027).all(|y| rules_block(&[unpublished], y, Format::Y2021).normative[0] == 0));
}

fn report(year: i32, input: StaffInput) -> Report {
    Report {
        year,
        format: Format::for_year(year).unwrap(),
        org_name: "某区某局".into(),
        rules: rules_block(&[], year, Format::for_year(year).unwrap()),
        section3: section3(&[], year),
        input,
        fees_collected: gongkai_domain::application::Fen(0),
    }
}

/// Section 二 as the published 2019 and 2020 reports lay it out (国办公开办函〔2019〕60号
/// format: e.g. 北京市通州区某局 2019, 河北雄县某乡 2019): blocks (五)(六) with
/// 上一年项目数量 / 本年增/减 / 处理决定数量 and a row 其他对外管理服务事项; (八) with no
/// amount; (九) 政府集中采购. From 2021 the blocks carry only this year's figures.
#[test]
fn section_two_follows_the_format_of_its_year() {
    let mut input = StaffInput {
        licences: 780,
        penalties: 0,
        charges_fen: 1_234_500,
        procurements: 9,
        procurement_fen: 103_387_900,
        ..Default::default()
    };
    input.y2019.licences = ItemCounts2019 {
        previous: 16,
        change: 3,
    };
    input.y2019.services = ItemCounts2019 {
        previous: 22,
        change: 0,
    };
    input.y2019.services_decisions = 889;
    input.y2019.penalties = ItemCounts2019 {
        previous: 253,
        change: -253,
    };
    let old = report(2019, input.clone()).section2();
    let titles: Vec<&str> = old.iter().map(|b| b.title).collect();
    assert_eq!(
        titles,
        [
            "第二十条第（一）项",
            "第二十条第（五）项",
            "第二十条第（六）项",
            "第二十条第（八）项",
            "第二十条第（九）项"
        ]
    );
    assert_eq!(
        old[0].columns,
        [
            "信息内容",
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量"
        ]
    );
    assert_eq!(
        old[1].columns,
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
    );
    assert_eq!(
        old[1].lines,
        [
            ("行政许可", vec!["16".into(), "+3".into(), "780".into()]),
            (
                "其他对外管理服务事项",
                vec!["22".into(), "0".into(), "889".into()]
            ),
        ]
    );
    assert_eq!(old[2].columns, old[1].columns);
    assert_eq!(
        old[2].lines[0],
        ("行政处罚", vec!["253".into(), "-253".into(), "0".into()])
    );
    assert_eq!(old[3].columns, ["信息内容", "上一年项目数量", "本年增/减"]);
    assert_eq!(old[3].lines[0].1.len(), 2, "no amount in the old (八)");
    assert_eq!(
        old[4].lines[0],
        ("政府集中采购", vec!["9".into(), "103.3879".into()])
    );
    // 2020 uses the same layout; 2021 on, the 国办公开办函〔2021〕30号 one.
    assert_eq!(
        report(2020, input.clone()).section2()[1].columns,
        old[1].columns
    );
    let new = report(2021, input).section2();
    assert_eq!(new.len(), 4);
    assert_eq!(new[1].columns, ["信息内容", "本年处理决定数量"]);
    assert_eq!(new[1].lines, [("行政许可", vec!["780".to_owned()])]);
    assert_eq!(new[3].columns, ["信息内容", "本年收费金额（单位：万元）"]);
    assert_eq!(new[3].lines[0].1, ["1.2345"]);
}

/// Art.49: 县级以上人民政府部门 publish by 31 January; the 县级以上地方人民政府 report is
/// due by 31 March. A township government is not given the later date.
#[test]
fn the_report_deadline_follows_article_forty_nine() {
    use gongkai_domain::org::OrgLevel;
    let due = |level| Report::due_on(2025, level);
    assert_eq!(due(OrgLevel::County), d("2026-03-31"));
    assert_eq!(due(OrgLevel::City), d("2026-03-31"));
    assert_eq!(due(OrgLevel::Province), d("2026-03-31"));
    assert_eq!(due(OrgLevel::Department), d("2026-01-31"));
    assert_eq!(due(OrgLevel::Township), d("2026-01-31"));
}

#[test]
fn staff_figures_are_never_negative_and_section_four_adds_up() {
    let input = StaffInput {
        reconsideration: [3, 1, 0, 2],
        litigation_direct: [1, 0, 0, 1],
        litigation_after: [0, 0, 1, 0],
        ..Default::default()
    };
    input.check().unwrap();
    assert_eq!(
        input.section4(),
        [[3, 1, 0, 2, 6], [1, 0, 0, 1, 2], [0, 0, 1, 0, 1]]
    );
    let bad = StaffInput {
        licences: -1,
        litigation_after: [0, -2, 0, 0],
        ..Default::default()
    };
    let fields: Vec<_> = bad.check().unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["licences", "litigation_after"]);
}

#[test]
fn every_outcome_lands_in_its_own_cell() {
    // One case per outcome, each from a different applicant column in turn, answered in
    // 2025: the count appears in exactly the row with that outcome's label, in that column.
    let kinds = ApplicantKind::ALL;
    for format in [Format::Y2021, Format::Y2019] {
        for (i, outcome) in Outcome::ALL.iter().enumerate() {
            let kind = kinds[i % kinds.len()];
            let s = section3(
                &[case(kind, "2025-02-03", Some(("2025-02-20", *outcome)))],
                2025,
            );
            s.check().unwrap();
            let rows = s.rows(format);
            let hits: Vec<_> = rows
                .iter()
                .filter(|r| r.counts.is_some_and(|c| c.0[i % kinds.len()] == 1))
                .map(|r| r.label.as_str())
                .collect();
            // 一 (new), the outcome's own row, （七）总计.
            assert_eq!(hits.len(), 3, "{outcome:?} in {format:?}: {hits:?}");
            assert_eq!(hits[0], "一、本年新收政府信息公开申请数量");
            assert_eq!(hits[2], "（七）总计");
            let row = hits[1];
            let collapsed = format == Format::Y2019
                && outcome.group() == gongkai_domain::application::OutcomeGroup::Other;
            if collapsed {
                assert_eq!(row, "（六）其他处理");
            } else if outcome.group().label() == outcome.label() {
                assert!(
                    row.ends_with(outcome.label())
                        || row.starts_with(&format!("（二）{}", outcome.label())),
                    "{row}"
                );
            } else {
                assert!(
                    row.ends_with(&format!(".{}", outcome.label())),
                    "{outcome:?}: {row}"
                );
            }
            // The total column too.
            assert_eq!(
                rows.iter()
                    .filter(|r| r.counts.is_some_and(|c| c.0[6] == 1))
                    .count(),
                3
            );
        }
    }
}

/// Open data's flat figures: every number of the tables once, named by its section,
/// table, row and column, and adding up as the tables do.
#[test]
fn figures_name_every_cell_of_the_tables_once() {
    let cases = [
        case(
            ApplicantKind::NaturalPerson,
            "2025-02-03",
            Some(("2025-02-20", Outcome::Disclosed)),
        ),
        case(
            ApplicantKind::Business,
            "2025-03-03",
            Some(("2025-03-20", Outcome::StateSecret)),
        ),
        case(ApplicantKind::NaturalPerson, "2025-12-29", None),
    ];
    let input = StaffInput {
        licences: 12,
        charges_fen: 1_234_500,
        reconsideration: [1, 0, 0, 1],
        ..Default::default()
    };
    let mut r = report(2025, input);
    r.section3 = section3(&cases, 2025);
    r.fees_collected = gongkai_domain::application::Fen(1250);
    let figures = r.figures();
    let find = |section: &str, row: &str, column: &str| {
        let hits: Vec<_> = figures
            .iter()
            .filter(|f| f.section == section && f.row == row && f.column == column)
            .collect();
        assert_eq!(hits.len(), 1, "{section} {row} {column}: {hits:?}");
        hits[0].value.clone()
    };
    assert_eq!(find("二", "行政许可", "本年处理决定数量"), "12");
    assert_eq!(
        find("二", "行政事业性收费", "本年收费金额（单位：万元）"),
        "1.2345"
    );
    assert_eq!(find("三", "一、本年新收政府信息公开申请数量", "总计"), "3");
    assert_eq!(find("三", "（三）不予公开 1.属于国家秘密", "商业企业"), "1");
    assert_eq!(find("三", "四、结转下年度继续办理", "自然人"), "1");
    assert_eq!(find("四", "行政复议", "总计"), "2");
    assert_eq!(find("四", "行政诉讼（复议后起诉）", "尚未审结"), "0");
    assert_eq!(find("六", "本年收取信息处理费", "金额（元）"), "12.50");
    // Section 三: 25 rows with figures × 7 columns; 四: 15; 二 in 2021: 6 + 1 + 2 + 1.
    let count = |s: &str| figures.iter().filter(|f| f.section == s).count();
    assert_eq!(count("三"), 25 * 7);
    assert_eq!(count("四"), 15);
    assert_eq!(count("二"), 10);
    // The 2019 format's signed changes are numbers without their "+".
    let mut old = report(2019, StaffInput::default());
    old.input.y2019.licences = ItemCounts2019 {
        previous: 16,
        change: 3,
    };
    let old = old.figures();
    assert!(
        old.iter()
            .any(|f| f.row == "行政许可" && f.column == "本年增/减" && f.value == "3")
    );
    assert!(
        old.iter().all(|f| f.value.parse::<f64>().is_ok()),
        "{old:?}"
    );
}
