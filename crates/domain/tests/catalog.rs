//! The standard catalog's rules: 公开时限 in the forms counties write (the examples of
//! DOMAIN §9 among them) parsed into checkable rules, the rest kept as text; deadlines
//! and publication windows across holidays; the fixed lists read from table cells.

use chrono::NaiveDate;
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::catalog::{
    Audience, Channel, Compliance, Method, STANDARD_DOMAINS, TimeRule, Trigger, check,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn time_limits_in_their_recurring_forms() {
    use TimeRule::*;
    let cases = [
        (
            "信息形成或变更之日起20个工作日内",
            Some(Within {
                trigger: Trigger::FormedOrChanged,
                days: 20,
                publicise: None,
            }),
        ),
        (
            "制定或获取信息之日起10个工作日内",
            Some(Within {
                trigger: Trigger::MadeOrObtained,
                days: 10,
                publicise: None,
            }),
        ),
        (
            "制定或获取信息之日起10个工作日内，公示7个工作日",
            Some(Within {
                trigger: Trigger::MadeOrObtained,
                days: 10,
                publicise: Some(7),
            }),
        ),
        (
            "信息形成之日起二十个工作日内",
            Some(Within {
                trigger: Trigger::FormedOrChanged,
                days: 20,
                publicise: None,
            }),
        ),
        (
            "自信息形成或变更之日起 ２０ 个工作日内",
            Some(Within {
                trigger: Trigger::FormedOrChanged,
                days: 20,
                publicise: None,
            }),
        ),
        ("公示7个工作日", Some(Publicise { days: 7 })),
        ("公示十个工作日", Some(Publicise { days: 10 })),
        ("公示十五个工作日", Some(Publicise { days: 15 })),
        ("实时公开", Some(RealTime)),
        ("实时", Some(RealTime)),
        ("长期公开", Some(LongTerm)),
        ("每年3月底前", Some(Yearly { month: 3, day: 31 })),
        ("每年1月31日前", Some(Yearly { month: 1, day: 31 })),
        ("每年十二月十五日前", Some(Yearly { month: 12, day: 15 })),
        ("按有关规定及时公开", None),
        ("每年13月底前", None),
        ("", None),
    ];
    for (text, want) in cases {
        assert_eq!(TimeRule::parse(text), want, "{text}");
    }
    assert_eq!(
        TimeRule::parse("制定或获取信息之日起10个工作日内，公示7个工作日")
            .unwrap()
            .describe(),
        "制定或获取信息之日起10个工作日内公开，公示7个工作日"
    );
}

#[test]
fn deadlines_follow_the_working_day_calendar() {
    let cal = WorkCalendar::builtin();
    let twenty = TimeRule::parse("信息形成或变更之日起20个工作日内").unwrap();
    // Formed Fri 26 Sep 2025: National Day and its make-up days → 30 Oct.
    assert_eq!(
        twenty.deadline(&cal, d("2025-09-26")),
        Some(d("2025-10-30"))
    );
    let march = TimeRule::parse("每年3月底前").unwrap();
    assert_eq!(march.deadline(&cal, d("2025-01-10")), Some(d("2025-03-31")));
    let feb = TimeRule::Yearly { month: 2, day: 31 };
    assert_eq!(
        feb.deadline(&cal, d("2025-01-10")),
        Some(d("2025-02-28")),
        "月底 of February"
    );
    assert_eq!(TimeRule::LongTerm.deadline(&cal, d("2025-01-10")), None);
}

#[test]
fn compliance_of_published_content() {
    let cal = WorkCalendar::builtin();
    let twenty = TimeRule::parse("信息形成或变更之日起20个工作日内").unwrap();
    let formed = d("2025-09-26");
    let on_time = check(
        Some(&twenty),
        &cal,
        formed,
        Some(d("2025-10-30")),
        None,
        d("2025-11-20"),
    );
    assert_eq!(on_time, Compliance::Met);
    let late = check(
        Some(&twenty),
        &cal,
        formed,
        Some(d("2025-11-03")),
        None,
        d("2025-11-20"),
    );
    assert_eq!(
        late,
        Compliance::Late {
            due: d("2025-10-30"),
            workdays: 2
        }
    );
    assert!(late.is_failure());
    let pending = check(Some(&twenty), &cal, formed, None, None, d("2025-10-09"));
    assert_eq!(
        pending,
        Compliance::Pending {
            due: d("2025-10-30")
        }
    );
    assert!(!pending.is_failure());
    let overdue = check(Some(&twenty), &cal, formed, None, None, d("2025-11-03"));
    assert_eq!(
        overdue,
        Compliance::Overdue {
            due: d("2025-10-30"),
            workdays: 2
        }
    );
    assert_eq!(overdue.label(), "已超期2个工作日未公开");

    // 公示7个工作日 across 清明 2025 (4–6 Apr): up Wed 2 Apr, down after Thu 10 Apr is 6
    // working days (2, 3, 7, 8, 9, 10) — one short.
    let window = TimeRule::parse("制定或获取信息之日起10个工作日内，公示7个工作日").unwrap();
    let short = check(
        Some(&window),
        &cal,
        d("2025-03-31"),
        Some(d("2025-04-02")),
        Some(d("2025-04-10")),
        d("2025-04-20"),
    );
    assert_eq!(
        short,
        Compliance::WindowShort {
            shown: 6,
            required: 7
        }
    );
    let full = check(
        Some(&window),
        &cal,
        d("2025-03-31"),
        Some(d("2025-04-02")),
        Some(d("2025-04-11")),
        d("2025-04-20"),
    );
    assert_eq!(full, Compliance::Met);
    let still_up = check(
        Some(&window),
        &cal,
        d("2025-03-31"),
        Some(d("2025-04-02")),
        None,
        d("2025-04-03"),
    );
    assert_eq!(still_up, Compliance::Met);

    assert_eq!(
        check(None, &cal, formed, None, None, d("2025-11-03")),
        Compliance::NotCheckable
    );
    let standing = check(
        Some(&TimeRule::LongTerm),
        &cal,
        d("2025-03-03"),
        None,
        None,
        d("2025-03-10"),
    );
    assert!(
        standing.is_failure(),
        "long-term content that does not exist fails"
    );
}

#[test]
fn table_cells_read_as_the_fixed_lists() {
    assert_eq!(STANDARD_DOMAINS.len(), 26);
    assert_eq!(Channel::recognise("政府网站"), Some(Channel::Website));
    assert_eq!(Channel::recognise("网站"), Some(Channel::Website));
    assert_eq!(Channel::recognise("村公示栏"), Some(Channel::NoticeBoard));
    assert_eq!(Channel::recognise("电子屏"), Some(Channel::NoticeBoard));
    assert_eq!(
        Channel::recognise("12345政务服务便民热线"),
        Some(Channel::Hotline)
    );
    assert_eq!(Channel::recognise("入户"), Some(Channel::OnSite));
    assert_eq!(Channel::recognise("信鸽"), None);
    assert_eq!(Channel::recognise("政务微信公众号"), Some(Channel::Apps));
    assert_eq!(
        Channel::recognise("村民微信群"),
        None,
        "a chat group is not an official account"
    );
    assert_eq!(Audience::recognise("全社会"), Some(Audience::Everyone));
    assert_eq!(Audience::recognise("特定群体"), Some(Audience::Group));
    assert_eq!(Method::recognise("主动公开"), Some(Method::Proactive));
    assert_eq!(Method::recognise("依申请公开"), Some(Method::OnRequest));
    assert_eq!(Method::recognise("看情况"), None);
}

fn item(first: &str, second: &str, time_limit: &str) -> gongkai_domain::catalog::CatalogItem {
    gongkai_domain::catalog::RawItem {
        domain: "社会救助".into(),
        first: first.into(),
        second: second.into(),
        content: "名单".into(),
        basis: "《社会救助暂行办法》".into(),
        time_limit: time_limit.into(),
        subject: "县民政局".into(),
        channels: vec!["政府网站".into()],
        audience: "全社会".into(),
        method: "主动".into(),
        ..Default::default()
    }
    .parse(|_| true)
    .unwrap()
}

#[test]
fn a_derived_catalog_against_its_reference() {
    use gongkai_domain::catalog::lifecycle::{DiffRow, diff};
    let twenty = "信息形成或变更之日起20个工作日内";
    let reference = vec![
        item("最低生活保障", "办事指南", twenty),
        item("最低生活保障", "审核信息", twenty),
        item("特困人员救助供养", "办事指南", twenty),
        item("临时救助", "", twenty),
    ];
    let mut derived = vec![
        item("最低生活保障", "办事指南", twenty),
        item(
            "最低生活保障",
            "审核信息",
            "制定或获取信息之日起10个工作日内，公示7个工作日",
        ),
        item("乡镇临时救助备用金", "", twenty),
    ];
    derived[0].subject = "县民政局".into();
    let mut removed = std::collections::BTreeMap::new();
    removed.insert(
        ("特困人员救助供养".to_owned(), "办事指南".to_owned()),
        "本乡无特困供养机构".to_owned(),
    );
    let (rows, unexplained) = diff(&reference, &derived, &removed);
    assert_eq!(unexplained, [("临时救助".to_owned(), String::new())]);
    assert!(matches!(&rows[0], DiffRow::Inherited { .. }));
    assert!(matches!(&rows[1], DiffRow::Changed { columns, .. } if columns == &["公开时限"]));
    assert!(matches!(&rows[2], DiffRow::Removed { reason, .. } if reason == "本乡无特困供养机构"));
    assert!(matches!(&rows[3], DiffRow::Added { first, .. } if first == "乡镇临时救助备用金"));
    assert_eq!(rows.len(), 4);
}

#[test]
fn the_catalog_lifecycle_table() {
    use gongkai_domain::catalog::lifecycle::{Action, Status};
    for a in Action::ALL {
        for s in Status::ALL {
            assert_eq!(a.refusal(*s).is_none(), a.from_states().contains(s));
        }
    }
    assert_eq!(Action::Submit.target(), Status::Submitted);
    assert!(Action::Return.needs_note() && Action::Return.by_superior());
    assert!(!Action::Publish.by_superior());
    assert!(
        Action::Publish
            .refusal(Status::Submitted)
            .unwrap()
            .contains("审核通过")
    );
}
