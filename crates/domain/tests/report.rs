//! The annual report: section 三 counted from applications (checked against the
//! published 2025 figures of 上海市人民政府办公厅 in DOMAIN §6), the 勾稽 check, the
//! rows of both formats, section 二 (一) from documents, and staff input checks.

use chrono::NaiveDate;
use gongkai_domain::application::{ApplicantKind, Outcome};
use gongkai_domain::report::{CaseFact, Format, RuleFact, StaffInput, rules_block, section3};

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
