//! Tests of the working-day calendar and its built-in data for 2018–2026.

use gongkai_domain::calendar::{
    BUILTIN_DATA, CalendarError, DayKind, NaiveDate, Notice, Reckoning, SpecialDay, WorkCalendar,
    YearSchedule,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn cal() -> WorkCalendar {
    WorkCalendar::builtin()
}

/// Reference rule, written independently of the library's arithmetic: walk day by day.
fn walk_add(cal: &WorkCalendar, start: NaiveDate, n: u32) -> NaiveDate {
    let mut cur = start;
    let mut left = n;
    while left > 0 {
        cur = cur.succ_opt().unwrap();
        if cal.is_workday(cur) {
            left -= 1;
        }
    }
    cur
}

fn is_weekend(date: NaiveDate) -> bool {
    use chrono::Datelike;
    date.weekday().number_from_monday() >= 6
}

// ---------------------------------------------------------------------------------------
// The data, year by year
// ---------------------------------------------------------------------------------------

/// Per year: the number of working days, the Mondays–Fridays that are days off, and the
/// Saturdays/Sundays that are working days — all computed with the PyPI package
/// `chinesecalendar` 1.11.0 (`chinese_calendar.is_workday` over every day of the year), an
/// independent source from the data files (which were built from holiday-cn and
/// cross-checked against it and npm `chinese-days` 1.5.7).
const CHINESECALENDAR: [(i32, u32, &[&str], &[&str]); 9] = [
    (
        2018,
        250,
        &[
            "01-01", "02-15", "02-16", "02-19", "02-20", "02-21", "04-05", "04-06", "04-30",
            "05-01", "06-18", "09-24", "10-01", "10-02", "10-03", "10-04", "10-05", "12-31",
        ],
        &[
            "02-11", "02-24", "04-08", "04-28", "09-29", "09-30", "12-29",
        ],
    ),
    (
        2019,
        250,
        &[
            "01-01", "02-04", "02-05", "02-06", "02-07", "02-08", "04-05", "05-01", "05-02",
            "05-03", "06-07", "09-13", "10-01", "10-02", "10-03", "10-04", "10-07",
        ],
        &["02-02", "02-03", "04-28", "05-05", "09-29", "10-12"],
    ),
    (
        2020,
        249,
        &[
            "01-01", "01-24", "01-27", "01-28", "01-29", "01-30", "01-31", "04-06", "05-01",
            "05-04", "05-05", "06-25", "06-26", "10-01", "10-02", "10-05", "10-06", "10-07",
            "10-08",
        ],
        &["01-19", "04-26", "05-09", "06-28", "09-27", "10-10"],
    ),
    (
        2021,
        250,
        &[
            "01-01", "02-11", "02-12", "02-15", "02-16", "02-17", "04-05", "05-03", "05-04",
            "05-05", "06-14", "09-20", "09-21", "10-01", "10-04", "10-05", "10-06", "10-07",
        ],
        &[
            "02-07", "02-20", "04-25", "05-08", "09-18", "09-26", "10-09",
        ],
    ),
    (
        2022,
        249,
        &[
            "01-03", "01-31", "02-01", "02-02", "02-03", "02-04", "04-04", "04-05", "05-02",
            "05-03", "05-04", "06-03", "09-12", "10-03", "10-04", "10-05", "10-06", "10-07",
        ],
        &[
            "01-29", "01-30", "04-02", "04-24", "05-07", "10-08", "10-09",
        ],
    ),
    (
        2023,
        249,
        &[
            "01-02", "01-23", "01-24", "01-25", "01-26", "01-27", "04-05", "05-01", "05-02",
            "05-03", "06-22", "06-23", "09-29", "10-02", "10-03", "10-04", "10-05", "10-06",
        ],
        &[
            "01-28", "01-29", "04-23", "05-06", "06-25", "10-07", "10-08",
        ],
    ),
    (
        2024,
        251,
        &[
            "01-01", "02-12", "02-13", "02-14", "02-15", "02-16", "04-04", "04-05", "05-01",
            "05-02", "05-03", "06-10", "09-16", "09-17", "10-01", "10-02", "10-03", "10-04",
            "10-07",
        ],
        &[
            "02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12",
        ],
    ),
    (
        2025,
        248,
        &[
            "01-01", "01-28", "01-29", "01-30", "01-31", "02-03", "02-04", "04-04", "05-01",
            "05-02", "05-05", "06-02", "10-01", "10-02", "10-03", "10-06", "10-07", "10-08",
        ],
        &["01-26", "02-08", "04-27", "09-28", "10-11"],
    ),
    (
        2026,
        248,
        &[
            "01-01", "01-02", "02-16", "02-17", "02-18", "02-19", "02-20", "02-23", "04-06",
            "05-01", "05-04", "05-05", "06-19", "09-25", "10-01", "10-02", "10-05", "10-06",
            "10-07",
        ],
        &["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
    ),
];

/// Ordinary days checked by hand on a wall calendar: (a plain Wednesday in March, the
/// Saturday after it, a plain Sunday in August) — none near any holiday.
const ORDINARY: [(&str, &str, &str); 9] = [
    ("2018-03-14", "2018-03-17", "2018-08-12"),
    ("2019-03-13", "2019-03-16", "2019-08-11"),
    ("2020-03-11", "2020-03-14", "2020-08-16"),
    ("2021-03-10", "2021-03-13", "2021-08-15"),
    ("2022-03-09", "2022-03-12", "2022-08-14"),
    ("2023-03-08", "2023-03-11", "2023-08-13"),
    ("2024-03-13", "2024-03-16", "2024-08-11"),
    ("2025-03-12", "2025-03-15", "2025-08-10"),
    ("2026-03-11", "2026-03-14", "2026-08-16"),
];

#[test]
fn builtin_covers_exactly_2018_to_2026() {
    let cal = cal();
    let years: Vec<i32> = cal.schedules().map(|s| s.year).collect();
    assert_eq!(years, (2018..=2026).collect::<Vec<_>>());
    assert!(!cal.has_year(2017));
    assert!(!cal.has_year(2027));
    assert_eq!(
        BUILTIN_DATA.map(|(y, _)| y),
        [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]
    );
}

#[test]
fn every_listed_holiday_is_off_and_every_make_up_day_is_worked() {
    let cal = cal();
    for schedule in cal.schedules() {
        let holidays = schedule
            .days
            .iter()
            .filter(|x| x.kind == DayKind::Holiday)
            .count();
        let make_ups = schedule.days.len() - holidays;
        assert!(
            holidays >= 15,
            "{}: only {holidays} holidays",
            schedule.year
        );
        assert!(
            make_ups >= 5,
            "{}: only {make_ups} make-up days",
            schedule.year
        );
        for day in &schedule.days {
            match day.kind {
                DayKind::Holiday => assert!(!cal.is_workday(day.date), "{} {}", day.date, day.name),
                DayKind::MakeUpWorkday => {
                    assert!(cal.is_workday(day.date), "{} {}", day.date, day.name);
                    assert!(is_weekend(day.date), "{} is not a weekend", day.date);
                }
            }
            assert_eq!(cal.special_day(day.date), Some(day));
        }
        let mut sorted = schedule.days.clone();
        sorted.sort_by_key(|x| x.date);
        assert_eq!(sorted, schedule.days, "{} days are sorted", schedule.year);
    }
}

#[test]
fn ordinary_days_follow_the_weekly_rule() {
    let cal = cal();
    for (wednesday, saturday, sunday) in ORDINARY {
        assert!(cal.is_workday(d(wednesday)), "{wednesday}");
        assert!(!cal.is_workday(d(saturday)), "{saturday}");
        assert!(!cal.is_workday(d(sunday)), "{sunday}");
        for day in [wednesday, saturday, sunday] {
            assert_eq!(cal.special_day(d(day)), None, "{day}");
            assert!(cal.is_confirmed(d(day)));
        }
    }
}

#[test]
fn working_days_per_year_match_chinesecalendar() {
    let cal = cal();
    for (year, expected_count, weekdays_off, weekends_worked) in CHINESECALENDAR {
        let mut count = 0;
        let mut off = Vec::new();
        let mut worked = Vec::new();
        let mut day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        while day.format("%Y").to_string() == year.to_string() {
            let workday = cal.is_workday(day);
            count += u32::from(workday);
            if !is_weekend(day) && !workday {
                off.push(day.format("%m-%d").to_string());
            }
            if is_weekend(day) && workday {
                worked.push(day.format("%m-%d").to_string());
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!(count, expected_count, "working days in {year}");
        assert_eq!(off, weekdays_off, "weekdays off in {year}");
        assert_eq!(worked, weekends_worked, "weekends worked in {year}");
        let dec31_before = NaiveDate::from_ymd_opt(year - 1, 12, 31).unwrap();
        let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        assert_eq!(
            cal.workdays_between(dec31_before, dec31),
            expected_count,
            "{year}"
        );
    }
}

#[test]
fn named_cases_2025_and_2026() {
    let cal = cal();
    // 调休 Saturdays around the 2026 Spring Festival.
    for day in ["2026-02-14", "2026-02-28"] {
        assert!(cal.is_workday(d(day)), "{day}");
        assert!(is_weekend(d(day)));
        let special = cal.special_day(d(day)).unwrap();
        assert_eq!(
            (special.kind, special.name.as_str()),
            (DayKind::MakeUpWorkday, "春节")
        );
    }
    // National Day and Mid-Autumn 2025: eight days off.
    let mut day = d("2025-10-01");
    while day <= d("2025-10-08") {
        assert!(!cal.is_workday(day), "{day}");
        assert_eq!(cal.special_day(day).unwrap().name, "国庆节、中秋节");
        day = day.succ_opt().unwrap();
    }
    assert!(cal.is_workday(d("2025-10-09")));
    // Sunday 28 September and Saturday 11 October 2025 are worked.
    assert!(cal.is_workday(d("2025-09-28")));
    assert!(cal.is_workday(d("2025-10-11")));
    assert!(!cal.is_workday(d("2025-10-12")), "the Sunday after is off");
}

#[test]
fn adjusting_notices_are_applied() {
    let cal = cal();
    // 2019: Labour Day extended to 1–4 May, Sundays 28 April and 5 May worked.
    for day in ["2019-05-02", "2019-05-03"] {
        assert!(!cal.is_workday(d(day)), "{day}");
    }
    assert!(cal.is_workday(d("2019-04-28")));
    assert!(cal.is_workday(d("2019-05-05")));
    // 2020: Spring Festival extended to 2 February; Saturday 1 February, first a make-up
    // working day, became a day off; work resumed Monday 3 February.
    assert!(!cal.is_workday(d("2020-01-31")));
    assert!(!cal.is_workday(d("2020-02-01")));
    assert!(cal.is_workday(d("2020-02-03")));
    assert!(cal.is_workday(d("2020-01-19")));
}

#[test]
fn every_year_records_its_notices() {
    let cal = cal();
    for schedule in cal.schedules() {
        let y = schedule.year;
        let expected = if y == 2019 || y == 2020 { 2 } else { 1 };
        assert_eq!(schedule.notices.len(), expected, "{y}");
        let first = &schedule.notices[0];
        assert_eq!(
            first.title,
            format!("国务院办公厅关于{y}年部分节假日安排的通知")
        );
        for notice in &schedule.notices {
            assert!(
                notice.number.starts_with("国办发明电〔"),
                "{y}: {}",
                notice.number
            );
            assert!(notice.number.ends_with('号'), "{y}: {}", notice.number);
            assert!(notice.url.contains("://www.gov.cn/"), "{y}: {}", notice.url);
            assert!(notice.issued_on.is_some(), "{y}");
        }
        let issued = first.issued_on.unwrap();
        assert!(
            issued < NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
            "{y} notice precedes its year"
        );
        assert!(
            first.number.contains(&format!("〔{}〕", y - 1)),
            "{y}: {}",
            first.number
        );
    }
    let y2019 = cal.schedule(2019).unwrap();
    assert_eq!(y2019.notices[1].number, "国办发明电〔2019〕3号");
    assert_eq!(y2019.notices[1].issued_on, Some(d("2019-03-22")));
    let y2020 = cal.schedule(2020).unwrap();
    assert_eq!(
        y2020.notices[1].title,
        "国务院办公厅关于延长2020年春节假期的通知"
    );
    assert_eq!(
        cal.schedule(2026).unwrap().notices[0].number,
        "国办发明电〔2025〕7号"
    );
}

#[test]
fn builtin_files_are_canonical_and_round_trip() {
    for (year, text) in BUILTIN_DATA {
        let schedule = YearSchedule::from_json(text).unwrap();
        assert_eq!(schedule.year, year);
        assert_eq!(
            schedule.to_json(),
            text,
            "{year}.json is exactly to_json's output"
        );
        assert_eq!(
            YearSchedule::from_json(&schedule.to_json()).unwrap(),
            schedule
        );
    }
}

// ---------------------------------------------------------------------------------------
// Reckoning
// ---------------------------------------------------------------------------------------

#[test]
fn twenty_working_days_across_spring_festival_2026() {
    // Start Thursday 2026-02-12 (not counted). Feb 13 Fri = 1; Sat Feb 14 (调休) = 2;
    // Feb 15–23 off (春节); Feb 24 Tue = 3, 25 = 4, 26 = 5, 27 = 6; Sat Feb 28 (调休) = 7;
    // Sun Mar 1 off; Mar 2–6 = 8–12; Mar 9–13 = 13–17; Mar 16 = 18, 17 = 19, 18 = 20.
    let r = cal().add_workdays(d("2026-02-12"), 20);
    assert_eq!(
        r,
        Reckoning {
            date: d("2026-03-18"),
            provisional: false
        }
    );
}

#[test]
fn twenty_working_days_across_national_day_2025() {
    // Start Friday 2025-09-26. Sat 27 off; Sun 28 (调休) = 1; Mon 29 = 2; Tue 30 = 3;
    // Oct 1–8 off; Thu 9 = 4; Fri 10 = 5; Sat 11 (调休) = 6; Sun 12 off; Oct 13–17 = 7–11;
    // Oct 20–24 = 12–16; Oct 27 = 17, 28 = 18, 29 = 19, 30 = 20.
    let r = cal().add_workdays(d("2025-09-26"), 20);
    assert_eq!(
        r,
        Reckoning {
            date: d("2025-10-30"),
            provisional: false
        }
    );
}

#[test]
fn twenty_working_days_across_new_year_2026() {
    // Start Wednesday 2025-12-24. Dec 25 Thu = 1; 26 Fri = 2; 27–28 weekend; Dec 29 = 3,
    // 30 = 4, 31 = 5; Jan 1–3 2026 off (元旦); Sun Jan 4 (调休) = 6; Jan 5–9 = 7–11;
    // Jan 12–16 = 12–16; Jan 19 = 17, 20 = 18, 21 = 19, 22 = 20.
    let r = cal().add_workdays(d("2025-12-24"), 20);
    assert_eq!(
        r,
        Reckoning {
            date: d("2026-01-22"),
            provisional: false
        }
    );
    // And the first working day after New Year's Eve is the make-up Sunday.
    assert_eq!(cal().add_workdays(d("2025-12-31"), 1).date, d("2026-01-04"));
}

#[test]
fn starting_on_a_holiday() {
    // Start Thursday 2024-10-03, inside the National Day block (Oct 1–7). Oct 4–7 off;
    // Oct 8 Tue = 1, 9 = 2, 10 = 3, 11 = 4; Sat Oct 12 (调休) = 5.
    assert_eq!(cal().add_workdays(d("2024-10-03"), 5).date, d("2024-10-12"));
    // Continuing: Sun 13 off; Oct 14–18 = 6–10; Oct 21–25 = 11–15; Oct 28 = 16,
    // 29 = 17, 30 = 18, 31 = 19; Fri Nov 1 = 20.
    assert_eq!(
        cal().add_workdays(d("2024-10-03"), 20).date,
        d("2024-11-01")
    );
}

#[test]
fn starting_on_a_make_up_saturday() {
    // Start Saturday 2026-02-28 (调休, a working day, but the start day is never counted).
    // Sun Mar 1 off; Mar 2–6 = 1–5; Mar 9–13 = 6–10; Mar 16–20 = 11–15; Mar 23–27 = 16–20.
    assert_eq!(
        cal().add_workdays(d("2026-02-28"), 20).date,
        d("2026-03-27")
    );
    // The day before it, counting one day lands on it.
    assert_eq!(cal().add_workdays(d("2026-02-27"), 1).date, d("2026-02-28"));
}

#[test]
fn zero_days_is_the_start_itself() {
    let cal = cal();
    for day in [
        "2026-02-12",
        "2026-02-15",
        "2026-02-14",
        "2025-10-01",
        "2027-06-05",
        "2017-01-01",
    ] {
        assert_eq!(
            cal.add_workdays(d(day), 0),
            Reckoning {
                date: d(day),
                provisional: false
            }
        );
        assert_eq!(cal.workdays_between(d(day), d(day)), 0);
    }
}

#[test]
fn add_and_between_agree_with_a_day_by_day_walk() {
    let cal = cal();
    let mut start = d("2017-11-20");
    let end = d("2027-03-01");
    let mut checked = 0;
    while start <= end {
        for n in 0..60 {
            let r = cal.add_workdays(start, n);
            assert_eq!(
                r.date,
                walk_add(&cal, start, n),
                "add_workdays({start}, {n})"
            );
            assert_eq!(
                cal.workdays_between(start, r.date),
                n,
                "between({start}, {})",
                r.date
            );
            if n > 0 {
                assert!(cal.is_workday(r.date));
                assert!(r.date > start);
            }
            checked += 1;
        }
        start = start.succ_opt().unwrap();
    }
    assert!(checked > 200_000);
}

#[test]
fn between_is_zero_or_counts_half_open_range() {
    let cal = cal();
    assert_eq!(cal.workdays_between(d("2026-03-18"), d("2026-02-12")), 0);
    // (Fri Feb 13, Mon Feb 16]: Sat 14 (调休) counts, Sun 15 and Mon 16 are 春节.
    assert_eq!(cal.workdays_between(d("2026-02-13"), d("2026-02-16")), 1);
    // The start day is excluded, the end day included.
    assert_eq!(cal.workdays_between(d("2026-03-10"), d("2026-03-11")), 1);
    assert_eq!(cal.workdays_between(d("2026-03-11"), d("2026-03-12")), 1);
}

#[test]
fn next_workday_on_or_after() {
    let cal = cal();
    assert_eq!(
        cal.next_workday_on_or_after(d("2025-10-01")),
        d("2025-10-09")
    );
    assert_eq!(
        cal.next_workday_on_or_after(d("2026-02-14")),
        d("2026-02-14")
    );
    assert_eq!(
        cal.next_workday_on_or_after(d("2026-02-15")),
        d("2026-02-24")
    );
    assert_eq!(
        cal.next_workday_on_or_after(d("2026-03-14")),
        d("2026-03-16")
    );
    assert_eq!(
        cal.next_workday_on_or_after(d("2027-01-02")),
        d("2027-01-04")
    );
    assert_eq!(cal.next_workday_on_or_after(NaiveDate::MAX), NaiveDate::MAX);
}

// ---------------------------------------------------------------------------------------
// Years without data
// ---------------------------------------------------------------------------------------

#[test]
fn a_year_without_data_counts_weekends_only_and_is_provisional() {
    let cal = cal();
    assert!(!cal.is_confirmed(d("2027-01-01")));
    assert!(cal.is_confirmed(d("2026-12-31")));
    // Friday 2027-01-01 would be 元旦, but nothing is loaded for 2027: a working day.
    assert!(cal.is_workday(d("2027-01-01")));
    assert!(!cal.is_workday(d("2027-01-02")));
    // Fri 2027-03-05 + 1 = Mon 03-08.
    let r = cal.add_workdays(d("2027-03-05"), 1);
    assert_eq!(
        r,
        Reckoning {
            date: d("2027-03-08"),
            provisional: true
        }
    );
    // Within 2027: 20 working days from Mon 2027-03-01 = Mon 03-29 (four plain weeks).
    assert_eq!(
        cal.add_workdays(d("2027-03-01"), 20),
        Reckoning {
            date: d("2027-03-29"),
            provisional: true
        }
    );
}

#[test]
fn crossing_from_2026_into_2027_is_provisional() {
    let cal = cal();
    // Wed 2026-12-30: Thu Dec 31 = 1; Fri 2027-01-01 = 2 (no data); Jan 4 = 3, 5 = 4, 6 = 5.
    let r = cal.add_workdays(d("2026-12-30"), 5);
    assert_eq!(
        r,
        Reckoning {
            date: d("2027-01-06"),
            provisional: true
        }
    );
    // Staying inside 2026 is not.
    let r = cal.add_workdays(d("2026-12-21"), 3);
    assert_eq!(
        r,
        Reckoning {
            date: d("2026-12-24"),
            provisional: false
        }
    );
    // Ending exactly on 2026-12-31 is not either.
    assert!(!cal.add_workdays(d("2026-12-30"), 1).provisional);
    // Starting on 2026-12-31: the first counted day is in 2027.
    assert!(cal.add_workdays(d("2026-12-31"), 1).provisional);
    // A reckoning that begins in 2017 (no data) is provisional too.
    assert!(cal.add_workdays(d("2017-12-27"), 3).provisional);
}

#[test]
fn an_empty_calendar_knows_only_weekends() {
    let cal = WorkCalendar::empty();
    assert_eq!(cal.schedules().count(), 0);
    assert!(cal.is_workday(d("2025-10-01")));
    assert!(!cal.is_workday(d("2026-02-14")));
    let r = cal.add_workdays(d("2026-02-12"), 20);
    assert_eq!(
        r,
        Reckoning {
            date: d("2026-03-12"),
            provisional: true
        }
    );
    assert_eq!(cal.workdays_between(d("2026-02-12"), d("2026-03-12")), 20);
}

#[test]
fn absurd_inputs_terminate() {
    let cal = cal();
    let r = cal.add_workdays(d("2026-01-01"), u32::MAX);
    assert_eq!(
        r,
        Reckoning {
            date: NaiveDate::MAX,
            provisional: true
        }
    );
    let r = cal.add_workdays(d("2026-01-01"), 100_001);
    assert!(r.provisional);
    assert_eq!(cal.workdays_between(d("2026-01-01"), r.date), 100_001);
    assert_eq!(cal.add_workdays(NaiveDate::MAX, 1).date, NaiveDate::MAX);
    assert!(cal.workdays_between(NaiveDate::MIN, NaiveDate::MAX) > 60_000_000);
}

// ---------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------

#[test]
fn insert_replaces_and_returns_the_old_year() {
    let mut cal = cal();
    let original = cal.schedule(2026).unwrap().clone();
    let replacement = YearSchedule::new(2026, Vec::new(), Vec::new()).unwrap();
    let old = cal.insert(replacement);
    assert_eq!(old, Some(original.clone()));
    assert!(cal.is_workday(d("2026-02-16")), "2026 now has no holidays");
    assert!(!cal.is_workday(d("2026-02-14")));
    assert!(cal.is_confirmed(d("2026-02-14")));
    assert_eq!(
        cal.insert(original),
        Some(YearSchedule::new(2026, Vec::new(), Vec::new()).unwrap())
    );
    assert!(!cal.is_workday(d("2026-02-16")));
    assert!(cal.remove(2026).is_some());
    assert!(!cal.has_year(2026));
    assert!(cal.is_workday(d("2026-02-16")));
}

#[test]
fn schedules_come_in_year_order_whatever_the_insert_order() {
    let mut cal = WorkCalendar::empty();
    for (_, text) in BUILTIN_DATA.iter().rev() {
        assert_eq!(cal.insert(YearSchedule::from_json(text).unwrap()), None);
    }
    let years: Vec<i32> = cal.schedules().map(|s| s.year).collect();
    assert_eq!(years, (2018..=2026).collect::<Vec<_>>());
}

#[test]
fn december_days_of_next_years_notice() {
    // Only the 2019 schedule loaded: it alone says 2018-12-29 (Sat) is worked and
    // 2018-12-31 (Mon) is off, though 2018 itself is not loaded.
    let mut cal = WorkCalendar::empty();
    cal.insert(YearSchedule::from_json(BUILTIN_DATA[1].1).unwrap());
    assert!(cal.is_workday(d("2018-12-29")));
    assert!(!cal.is_workday(d("2018-12-31")));
    assert!(!cal.is_confirmed(d("2018-12-31")));
    assert_eq!(cal.special_day(d("2018-12-31")).unwrap().name, "元旦");
    // With 2018 loaded as well, the answer is unchanged and now confirmed.
    cal.insert(YearSchedule::from_json(BUILTIN_DATA[0].1).unwrap());
    assert!(cal.is_workday(d("2018-12-29")));
    assert!(cal.is_confirmed(d("2018-12-31")));
}

#[test]
fn a_later_years_listing_wins_on_a_shared_date() {
    let mut cal = WorkCalendar::empty();
    let day = |date: &str, name: &str, kind| SpecialDay {
        date: d(date),
        name: name.into(),
        kind,
    };
    let y2030 = YearSchedule::new(
        2030,
        vec![],
        vec![day("2030-12-27", "甲", DayKind::Holiday)],
    )
    .unwrap();
    let y2031 = YearSchedule::new(
        2031,
        vec![],
        vec![day("2030-12-27", "乙", DayKind::Holiday)],
    )
    .unwrap();
    cal.insert(y2031);
    cal.insert(y2030);
    assert_eq!(cal.special_day(d("2030-12-27")).unwrap().name, "乙");
}

#[test]
fn a_new_year_can_be_loaded_at_run_time() {
    let text = r#"{
      "year": 2027,
      "notices": [{"title": "测试通知", "number": "", "url": "", "issued_on": null}],
      "days": [
        {"date": "2027-01-01", "name": "元旦", "off": true},
        {"date": "2026-12-31", "name": "元旦", "off": true}
      ]
    }"#;
    let mut cal = cal();
    cal.insert(YearSchedule::from_json(text).unwrap());
    assert!(!cal.is_workday(d("2027-01-01")));
    assert!(
        !cal.is_workday(d("2026-12-31")),
        "the 2027 notice may set late December 2026"
    );
    // Wed 2026-12-30 + 3: Dec 31 and Jan 1 off, weekend, Jan 4 = 1, 5 = 2, 6 = 3.
    assert_eq!(
        cal.add_workdays(d("2026-12-30"), 3),
        Reckoning {
            date: d("2027-01-06"),
            provisional: false
        }
    );
}

// ---------------------------------------------------------------------------------------
// Parsing and validation
// ---------------------------------------------------------------------------------------

fn one_day(year: i64, date: &str, off: bool) -> String {
    format!(
        r#"{{"year": {year}, "notices": [], "days": [{{"date": "{date}", "name": "春节", "off": {off}}}]}}"#
    )
}

#[test]
fn rejects_an_unreadable_date() {
    let text = r#"{"year": 2026, "days": [
        {"date": "2026-02-15", "name": "春节", "off": true},
        {"date": "2026-02-16", "name": "春节", "off": true},
        {"date": "2026-02-30", "name": "春节", "off": true}
    ]}"#;
    let err = YearSchedule::from_json(text).unwrap_err();
    assert!(
        matches!(&err, CalendarError::BadDate { index: 3, value } if value == "2026-02-30"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "第3项日期“2026-02-30”无法识别，应为 YYYY-MM-DD 格式的有效日期"
    );
    for bad in ["2026-2-15", "15/02/2026", ""] {
        let err = YearSchedule::from_json(&one_day(2026, bad, true)).unwrap_err();
        assert!(
            matches!(err, CalendarError::BadDate { index: 1, .. }),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn rejects_a_duplicate_date() {
    let text = r#"{"year": 2026, "days": [
        {"date": "2026-10-01", "name": "国庆节", "off": true},
        {"date": "2026-10-02", "name": "国庆节", "off": true},
        {"date": "2026-10-01", "name": "国庆节", "off": true}
    ]}"#;
    let err = YearSchedule::from_json(text).unwrap_err();
    assert!(
        matches!(err, CalendarError::DuplicateDate { index: 3, first: 1, date } if date == d("2026-10-01")),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("第3项日期“2026-10-01”重复出现"),
        "{err}"
    );
}

#[test]
fn rejects_a_make_up_day_on_a_weekday() {
    // 2026-02-13 is a Friday.
    let err = YearSchedule::from_json(&one_day(2026, "2026-02-13", false)).unwrap_err();
    assert!(
        matches!(
            err,
            CalendarError::MakeUpOnWeekday {
                index: 1,
                weekday: "周五",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "第1项日期“2026-02-13”是周五，调休上班日只能是周六或周日"
    );
    // The same weekday as a holiday is fine, and a Saturday as a make-up day is fine.
    assert!(YearSchedule::from_json(&one_day(2026, "2026-02-13", true)).is_ok());
    assert!(YearSchedule::from_json(&one_day(2026, "2026-02-14", false)).is_ok());
}

#[test]
fn rejects_a_day_outside_the_years_window() {
    for (date, ok) in [
        ("2025-11-30", false),
        ("2025-12-01", true),
        ("2026-12-31", true),
        ("2027-01-01", false),
        ("2024-02-20", false),
    ] {
        let result = YearSchedule::from_json(&one_day(2026, date, true));
        assert_eq!(result.is_ok(), ok, "{date}: {result:?}");
        if let Err(err) = result {
            assert!(
                matches!(
                    err,
                    CalendarError::DayOutOfRange {
                        index: 1,
                        year: 2026,
                        ..
                    }
                ),
                "{err:?}"
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "第1项日期“{date}”不在 2026 年数据的允许范围内（2025-12-01 至 2026-12-31）"
                )
            );
        }
    }
}

#[test]
fn rejects_a_year_out_of_range() {
    for year in [1989_i64, 2101, -5, 99_999_999_999] {
        let err =
            YearSchedule::from_json(&format!(r#"{{"year": {year}, "days": []}}"#)).unwrap_err();
        assert!(
            matches!(err, CalendarError::YearOutOfRange { year: y } if y == year),
            "{err:?}"
        );
    }
    assert_eq!(
        YearSchedule::from_json(r#"{"year": 2101, "days": []}"#)
            .unwrap_err()
            .to_string(),
        "年份 2101 超出允许范围（1990–2100）"
    );
    assert!(YearSchedule::from_json(r#"{"year": 1990, "days": []}"#).is_ok());
    assert!(YearSchedule::from_json(r#"{"year": 2100, "days": []}"#).is_ok());
}

#[test]
fn rejects_malformed_structure_and_names() {
    for text in [
        "",
        "not json",
        r#"{"days": []}"#,
        r#"{"year": 2026}"#,
        r#"{"year": 2026, "days": [{"date": "2026-02-16", "name": "春节"}]}"#,
        r#"{"year": 2026, "days": [{"date": "2026-02-16", "name": "春节", "of": true}]}"#,
        r#"{"year": 2026, "days": [], "extra": 1}"#,
    ] {
        let err = YearSchedule::from_json(text).unwrap_err();
        assert!(matches!(err, CalendarError::Json(_)), "{text}: {err:?}");
        assert!(
            err.to_string().starts_with("日历数据不是有效的 JSON"),
            "{err}"
        );
    }
    let err = YearSchedule::from_json(
        r#"{"year": 2026, "days": [{"date": "2026-02-16", "name": " ", "off": true}]}"#,
    )
    .unwrap_err();
    assert!(
        matches!(err, CalendarError::MissingName { index: 1, .. }),
        "{err:?}"
    );
    let err = YearSchedule::from_json(
        r#"{"year": 2026, "notices": [{"issued_on": "2025-13-04"}], "days": []}"#,
    )
    .unwrap_err();
    assert!(
        matches!(err, CalendarError::BadNoticeDate { index: 1, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "第1份通知的发布日期“2025-13-04”无法识别，应为 YYYY-MM-DD 格式的有效日期"
    );
}

#[test]
fn accepts_a_byte_order_mark_and_missing_optional_fields() {
    let text = "\u{feff}{\"year\": 2026, \"notices\": [{\"url\": \"https://www.gov.cn/x.htm\"}], \"days\": []}";
    let s = YearSchedule::from_json(text).unwrap();
    assert_eq!(
        s.notices,
        vec![Notice {
            title: String::new(),
            number: String::new(),
            url: "https://www.gov.cn/x.htm".into(),
            issued_on: None
        }]
    );
}

#[test]
fn new_validates_like_from_json() {
    let day = |date: &str, kind| SpecialDay {
        date: d(date),
        name: "劳动节".into(),
        kind,
    };
    let err = YearSchedule::new(
        2026,
        vec![],
        vec![
            day("2026-05-01", DayKind::Holiday),
            day("2026-05-06", DayKind::MakeUpWorkday),
        ],
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            CalendarError::MakeUpOnWeekday {
                index: 2,
                weekday: "周三",
                ..
            }
        ),
        "{err:?}"
    );
    let s = YearSchedule::new(
        2026,
        vec![],
        vec![
            day("2026-05-09", DayKind::MakeUpWorkday),
            day("2026-05-01", DayKind::Holiday),
        ],
    )
    .unwrap();
    assert_eq!(
        s.days.iter().map(|x| x.date).collect::<Vec<_>>(),
        [d("2026-05-01"), d("2026-05-09")]
    );
}

#[test]
fn to_json_round_trips() {
    let schedule = YearSchedule::new(
        2030,
        vec![
            Notice {
                title: "标题".into(),
                number: "国办发明电〔2029〕1号".into(),
                url: "https://www.gov.cn/a.htm".into(),
                issued_on: Some(d("2029-11-01")),
            },
            Notice {
                title: String::new(),
                number: String::new(),
                url: String::new(),
                issued_on: None,
            },
        ],
        vec![
            SpecialDay {
                date: d("2030-02-02"),
                name: "春节 \"引号\"".into(),
                kind: DayKind::Holiday,
            },
            SpecialDay {
                date: d("2029-12-29"),
                name: "元旦".into(),
                kind: DayKind::MakeUpWorkday,
            },
        ],
    )
    .unwrap();
    let text = schedule.to_json();
    assert!(text.contains("\"issued_on\": null"), "{text}");
    assert!(text.contains("\"off\": false"), "{text}");
    assert!(
        text.contains("春节"),
        "Chinese is written as is, not escaped"
    );
    assert!(text.ends_with("}\n"));
    assert_eq!(YearSchedule::from_json(&text).unwrap(), schedule);
    let empty = YearSchedule::new(2030, vec![], vec![]).unwrap();
    assert_eq!(YearSchedule::from_json(&empty.to_json()).unwrap(), empty);
}

// ---------------------------------------------------------------------------------------
// holiday-cn
// ---------------------------------------------------------------------------------------

/// `2019.json` of the holiday-cn data set (github.com/NateScarlet/holiday-cn, commit
/// 96872fb916c902b8444badb8f2717f4f5314c9fe), whitespace condensed, otherwise as published.
const HOLIDAY_CN_2019: &str = r#"{
    "year": 2019,
    "papers": [
        "http://www.gov.cn/zhengce/content/2018-12/06/content_5346276.htm",
        "http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm"
    ],
    "days": [
        {"name": "元旦", "date": "2018-12-29", "isOffDay": false},
        {"name": "元旦", "date": "2018-12-30", "isOffDay": true},
        {"name": "元旦", "date": "2018-12-31", "isOffDay": true},
        {"name": "元旦", "date": "2019-01-01", "isOffDay": true},
        {"name": "春节", "date": "2019-02-02", "isOffDay": false},
        {"name": "春节", "date": "2019-02-03", "isOffDay": false},
        {"name": "春节", "date": "2019-02-04", "isOffDay": true},
        {"name": "春节", "date": "2019-02-05", "isOffDay": true},
        {"name": "春节", "date": "2019-02-06", "isOffDay": true},
        {"name": "春节", "date": "2019-02-07", "isOffDay": true},
        {"name": "春节", "date": "2019-02-08", "isOffDay": true},
        {"name": "春节", "date": "2019-02-09", "isOffDay": true},
        {"name": "春节", "date": "2019-02-10", "isOffDay": true},
        {"name": "清明节", "date": "2019-04-05", "isOffDay": true},
        {"name": "劳动节", "date": "2019-04-28", "isOffDay": false},
        {"name": "劳动节", "date": "2019-05-01", "isOffDay": true},
        {"name": "劳动节", "date": "2019-05-02", "isOffDay": true},
        {"name": "劳动节", "date": "2019-05-03", "isOffDay": true},
        {"name": "劳动节", "date": "2019-05-04", "isOffDay": true},
        {"name": "劳动节", "date": "2019-05-05", "isOffDay": false},
        {"name": "端午节", "date": "2019-06-07", "isOffDay": true},
        {"name": "中秋节", "date": "2019-09-13", "isOffDay": true},
        {"name": "国庆节", "date": "2019-09-29", "isOffDay": false},
        {"name": "国庆节", "date": "2019-10-01", "isOffDay": true},
        {"name": "国庆节", "date": "2019-10-02", "isOffDay": true},
        {"name": "国庆节", "date": "2019-10-03", "isOffDay": true},
        {"name": "国庆节", "date": "2019-10-04", "isOffDay": true},
        {"name": "国庆节", "date": "2019-10-05", "isOffDay": true},
        {"name": "国庆节", "date": "2019-10-06", "isOffDay": true},
        {"name": "国庆节", "date": "2019-10-07", "isOffDay": true},
        {"name": "国庆节", "date": "2019-10-12", "isOffDay": false}
    ]
}"#;

#[test]
fn reads_a_real_holiday_cn_file() {
    let s = YearSchedule::from_holiday_cn(HOLIDAY_CN_2019).unwrap();
    assert_eq!(s.year, 2019);
    assert_eq!(s.days.len(), 31);
    assert_eq!(
        s.notices.iter().map(|n| n.url.as_str()).collect::<Vec<_>>(),
        [
            "http://www.gov.cn/zhengce/content/2018-12/06/content_5346276.htm",
            "http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm",
        ]
    );
    for n in &s.notices {
        assert!(n.title.is_empty() && n.number.is_empty() && n.issued_on.is_none());
    }
    assert_eq!(
        s.day(d("2018-12-29")).map(|x| x.kind),
        Some(DayKind::MakeUpWorkday)
    );
    assert_eq!(
        s.day(d("2019-05-04")).map(|x| x.kind),
        Some(DayKind::Holiday)
    );
    // Same days as the built-in 2019 file, which adds the notices' titles and numbers.
    let builtin = cal().schedule(2019).unwrap().clone();
    assert_eq!(s.days, builtin.days);
    assert_eq!(
        s.notices.iter().map(|n| &n.url).collect::<Vec<_>>(),
        builtin.notices.iter().map(|n| &n.url).collect::<Vec<_>>()
    );
    // Converted to our format, it round-trips.
    assert_eq!(YearSchedule::from_json(&s.to_json()).unwrap(), s);
}

#[test]
fn holiday_cn_input_is_validated_too() {
    let text = r#"{"$schema": "x", "$id": "y", "year": 2019, "papers": [],
        "days": [{"name": "劳动节", "date": "2019-05-06", "isOffDay": false}]}"#;
    let err = YearSchedule::from_holiday_cn(text).unwrap_err();
    assert!(
        matches!(
            err,
            CalendarError::MakeUpOnWeekday {
                index: 1,
                weekday: "周一",
                ..
            }
        ),
        "{err:?}"
    );
    let text =
        r#"{"year": 2019, "days": [{"name": "劳动节", "date": "2019-5-1", "isOffDay": true}]}"#;
    assert!(matches!(
        YearSchedule::from_holiday_cn(text).unwrap_err(),
        CalendarError::BadDate { index: 1, .. }
    ));
    assert!(matches!(
        YearSchedule::from_holiday_cn("[]").unwrap_err(),
        CalendarError::Json(_)
    ));
}

#[test]
fn staff_are_told_to_load_next_year_from_november() {
    let cal = WorkCalendar::builtin();
    assert_eq!(cal.year_to_load(d("2026-10-31")), None);
    assert_eq!(cal.year_to_load(d("2026-11-01")), Some(2027));
    assert_eq!(cal.year_to_load(d("2026-12-31")), Some(2027));
    // A year that began without its notice is the first to load.
    assert_eq!(cal.year_to_load(d("2027-03-01")), Some(2027));
    assert_eq!(cal.year_to_load(d("2025-11-15")), None, "2026 is built in");
    // A due date reckoned across an unloaded year may move.
    assert!(cal.is_provisional(d("2026-12-20"), d("2027-01-20")));
    assert!(!cal.is_provisional(d("2026-11-20"), d("2026-12-20")));
}
