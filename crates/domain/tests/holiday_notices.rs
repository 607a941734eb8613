//! The State Council's holiday notices for 2018–2026, as published (fixtures), read by
//! the notice parser: each year's schedule equals the built-in calendar, day for day,
//! including the 2019 and 2020 notices that adjusted a year already announced.

use gongkai_domain::calendar::{BUILTIN_DATA, HolidayNotice, YearSchedule};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/holiday_notices/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_published_notice_reproduces_the_built_in_calendar() {
    for (year, json) in BUILTIN_DATA {
        let want = YearSchedule::from_json(json).unwrap();
        let yearly = HolidayNotice::parse(&fixture(&year.to_string()))
            .unwrap_or_else(|e| panic!("{year}: {e}"));
        assert_eq!(yearly.year, year);
        assert!(!yearly.adjusts, "{year}");
        let mut got = yearly
            .schedule(None)
            .unwrap_or_else(|e| panic!("{year}: {e}"));
        for n in 1.. {
            let name = format!("{year}-adjust-{n}");
            let path = format!(
                "{}/tests/fixtures/holiday_notices/{name}.txt",
                env!("CARGO_MANIFEST_DIR")
            );
            if !std::path::Path::new(&path).exists() {
                break;
            }
            let adjusting = HolidayNotice::parse(&fixture(&name)).unwrap();
            assert!(adjusting.adjusts, "{name}");
            got = adjusting
                .schedule(Some(&got))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert_eq!(got.days, want.days, "{year}: days");
        assert_eq!(got.notices.len(), want.notices.len(), "{year}: notices");
        for (g, w) in got.notices.iter().zip(&want.notices) {
            assert_eq!(
                (&g.title, &g.number, g.issued_on),
                (&w.title, &w.number, w.issued_on)
            );
        }
    }
}

#[test]
fn an_adjusting_notice_needs_its_year() {
    let n = HolidayNotice::parse(&fixture("2020-adjust-1")).unwrap();
    let e = n.schedule(None).unwrap_err();
    assert!(
        e.to_string().contains("须在2020年的节假日安排已载入后适用"),
        "{e}"
    );
}

#[test]
fn a_notice_pasted_from_a_web_page_reads_the_same() {
    // One line, half-width brackets and colons, a stray full-width space: as copied.
    let text = fixture("2026")
        .replace('\n', "")
        .replace('（', "(")
        .replace('）', ")")
        .replace('：', ":")
        .replace("放假调休", "放假调休\u{3000}");
    let got = HolidayNotice::parse(&text).unwrap().schedule(None).unwrap();
    let want = YearSchedule::from_json(BUILTIN_DATA[8].1).unwrap();
    assert_eq!(got.days, want.days);
}
