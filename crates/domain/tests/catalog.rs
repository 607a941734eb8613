//! The standard catalog's rules: 公开时限 in the forms counties write (the examples of
//! DOMAIN §9 among them) parsed into checkable rules, the rest kept as text; deadlines
//! and publication windows across holidays; the fixed lists read from table cells.

use chrono::NaiveDate;
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::catalog::{
    Audience, Channel, Compliance, DayUnit, Method, Place, STANDARD_DOMAINS, TimeLimit, TimeRule,
    Trigger, check,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn within(trigger: Trigger, days: u32, publicise: Option<u32>) -> TimeRule {
    TimeRule::Within {
        trigger,
        days,
        unit: DayUnit::Working,
        publicise,
    }
}

#[test]
fn time_limits_in_their_recurring_forms() {
    use TimeRule::*;
    let cases = [
        (
            "信息形成或变更之日起20个工作日内",
            Some(within(Trigger::FormedOrChanged, 20, None)),
        ),
        (
            "制定或获取信息之日起10个工作日内",
            Some(within(Trigger::MadeOrObtained, 10, None)),
        ),
        (
            "制定或获取信息之日起10个工作日内，公示7个工作日",
            Some(within(Trigger::MadeOrObtained, 10, Some(7))),
        ),
        (
            "信息形成之日起二十个工作日内",
            Some(within(Trigger::FormedOrChanged, 20, None)),
        ),
        (
            "自信息形成或变更之日起 ２０ 个工作日内",
            Some(within(Trigger::FormedOrChanged, 20, None)),
        ),
        // A stray space inside the number's phrase.
        (
            "信息形成之日起 14个工作日内",
            Some(within(Trigger::FormedOrChanged, 14, None)),
        ),
        (
            "自信息形成或者变更之日起20个工作日内予以公开",
            Some(within(Trigger::FormedOrChanged, 20, None)),
        ),
        (
            "信息形成（变更）20个工作日内",
            Some(within(Trigger::FormedOrChanged, 20, None)),
        ),
        (
            "自制作或获取该信息之日起20个工作日内公开",
            Some(within(Trigger::MadeOrObtained, 20, None)),
        ),
        ("20工作日", Some(within(Trigger::Unstated, 20, None))),
        (
            "信息形成之日起7日内",
            Some(Within {
                trigger: Trigger::FormedOrChanged,
                days: 7,
                unit: DayUnit::Calendar,
                publicise: None,
            }),
        ),
        // Deadlines after a 公示, not windows (issue 8, deviation 8).
        (
            "经公示无异议后20个工作日内公开",
            Some(within(Trigger::PublicityEnded, 20, None)),
        ),
        (
            "公示结束之日起5个工作日内公开结果",
            Some(within(Trigger::PublicityEnded, 5, None)),
        ),
        (
            "拟征收土地现状调查结束后5个工作日内，在村公示栏公开",
            Some(within(Trigger::Event, 5, None)),
        ),
        (
            "收到征地批准文件之日起10个工作日内，在政府网站公开",
            Some(within(Trigger::MadeOrObtained, 10, None)),
        ),
        (
            "公示7个工作日",
            Some(Publicise {
                days: 7,
                unit: DayUnit::Working,
            }),
        ),
        (
            "公示十个工作日",
            Some(Publicise {
                days: 10,
                unit: DayUnit::Working,
            }),
        ),
        (
            "公示期不少于7天",
            Some(Publicise {
                days: 7,
                unit: DayUnit::Calendar,
            }),
        ),
        (
            "及时公开，公告期限为5个工作日",
            Some(Publicise {
                days: 5,
                unit: DayUnit::Working,
            }),
        ),
        ("实时公开", Some(RealTime)),
        ("实时", Some(RealTime)),
        ("长期公开", Some(LongTerm)),
        ("每年3月底前", Some(Yearly { month: 3, day: 31 })),
        ("每年1月31日前", Some(Yearly { month: 1, day: 31 })),
        ("每年十二月十五日前", Some(Yearly { month: 12, day: 15 })),
        ("按有关规定及时公开", None),
        ("开学前", None),
        ("每季度", None),
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
    assert_eq!(
        TimeRule::parse("经公示无异议后20个工作日内公开")
            .unwrap()
            .window(),
        None,
        "a deadline after a 公示 sets no window"
    );
}

/// A cell may hold several clauses on several lines, and a trailing legal reservation
/// that restates Art.26; each clause is read on its own, the reservation left out.
#[test]
fn multi_clause_time_limits() {
    let t = TimeLimit::parse(
        "拟征收土地现状调查结束后5个工作日内，在村公示栏公开。\n收到征地批准文件之日起10个工作日内，在政府网站公开。",
    );
    assert_eq!(t.clauses.len(), 2);
    assert!(t.understood());
    assert_eq!(t.clauses[0].place, Some(Place::NoticeBoard));
    assert_eq!(t.clauses[1].place, Some(Place::Website));
    // The portal is checked against the website's clause.
    assert_eq!(
        t.portal_rule(),
        Some(within(Trigger::MadeOrObtained, 10, None))
    );

    let reserved = TimeLimit::parse(
        "信息形成或变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定",
    );
    assert_eq!(reserved.clauses.len(), 1);
    assert!(reserved.understood());
    let aside = TimeLimit::parse(
        "信息产生、变更之日起20个工作日内公开，保持长期公开（相关政策法规另有规定的应从其规定）",
    );
    assert_eq!(
        aside.portal_rule(),
        Some(within(Trigger::FormedOrChanged, 20, None))
    );
    assert!(aside.understood());

    let partly = TimeLimit::parse("信息形成之日起20个工作日内；按上级要求");
    assert!(!partly.understood(), "one clause is not checkable");
    assert_eq!(
        partly.portal_rule(),
        Some(within(Trigger::FormedOrChanged, 20, None)),
        "the one understood is still checked"
    );
    assert!(
        !TimeLimit::parse("　").understood(),
        "a full-width space is blank"
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

    // 公示7个工作日 across 清明 2025 (4–6 Apr). Like every other period (民法典 Art.201)
    // the window starts the day after posting: posted Wed 2 Apr, it runs 3, 7, 8, 9, 10,
    // 11, 14 Apr. Taken down at the end of Fri 11 Apr it was up 6 working days — short.
    let window = TimeRule::parse("制定或获取信息之日起10个工作日内，公示7个工作日").unwrap();
    let short = check(
        Some(&window),
        &cal,
        d("2025-03-31"),
        Some(d("2025-04-02")),
        Some(d("2025-04-11")),
        d("2025-04-20"),
    );
    assert_eq!(
        short,
        Compliance::WindowShort {
            shown: 6,
            required: 7,
            unit: DayUnit::Working,
        }
    );
    assert_eq!(
        short.label(),
        "公示6个工作日（不含张贴当日），少于规定的7个工作日"
    );
    let full = check(
        Some(&window),
        &cal,
        d("2025-03-31"),
        Some(d("2025-04-02")),
        Some(d("2025-04-14")),
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
    assert_eq!(Audience::recognise("特定群众"), Some(Audience::Group));
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
    .parse_complete(|_| true)
    .unwrap()
}

#[test]
fn a_derived_catalog_against_its_reference() {
    use gongkai_domain::catalog::assign_ids;
    use gongkai_domain::catalog::lifecycle::{DiffRow, Removal, diff};
    let twenty = "信息形成或变更之日起20个工作日内";
    let mut reference = vec![
        item("最低生活保障", "办事指南", twenty),
        item("最低生活保障", "审核信息", twenty),
        item("特困人员救助供养", "办事指南", twenty),
        item("临时救助", "", twenty),
    ];
    assign_ids(&mut reference);
    // A derived catalog keeps the reference's ids (derivation copies them).
    let mut derived = vec![
        reference[0].clone(),
        reference[1].clone(),
        item("乡镇临时救助备用金", "", twenty),
    ];
    derived[1].time_limit = "制定或获取信息之日起10个工作日内，公示7个工作日".into();
    assign_ids(&mut derived);
    let removed = [Removal {
        id: reference[2].id.clone(),
        label: "特困人员救助供养 / 办事指南".into(),
        reason: "本乡无特困供养机构".into(),
    }];
    let (rows, unexplained) = diff(&reference, &derived, &removed);
    assert_eq!(
        unexplained,
        [("临时救助/".to_owned(), "临时救助".to_owned())]
    );
    assert!(matches!(&rows[0], DiffRow::Inherited { .. }));
    assert!(matches!(&rows[1], DiffRow::Changed { columns, .. } if columns == &["公开时限"]));
    assert!(matches!(&rows[2], DiffRow::Removed { reason, .. } if reason == "本乡无特困供养机构"));
    assert!(matches!(&rows[3], DiffRow::Added { label, .. } if label == "乡镇临时救助备用金"));
    assert_eq!(rows.len(), 4);
}

/// The same 二级事项 on several rows that differ in 公开内容 are distinct items, and stay
/// distinct when a township's own table (read without the reference's ids) is compared
/// with the county's: each row finds its own, by content, then by order.
#[test]
fn repeated_names_stay_distinct_through_comparison() {
    use gongkai_domain::catalog::assign_ids;
    use gongkai_domain::catalog::lifecycle::{DiffRow, diff};
    let twenty = "信息形成或变更之日起20个工作日内";
    let dibao = |content: &str| {
        let mut i = item("最低生活保障", "", twenty);
        i.content = content.into();
        i
    };
    let mut county = vec![
        dibao("政策文件"),
        dibao("办理流程"),
        dibao("初审对象名单及相关信息"),
        dibao("监督渠道"),
    ];
    assign_ids(&mut county);
    let ids: Vec<&str> = county.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "最低生活保障/",
            "最低生活保障/#2",
            "最低生活保障/#3",
            "最低生活保障/#4"
        ]
    );
    assert_eq!(
        county[2].label_among(&county),
        "最低生活保障（初审对象名单及相关信息）"
    );
    // The township's own table leaves out the procedure and rewrites the supervision
    // channel; read on its own, its items get ids other than the county's.
    let mut township = vec![
        dibao("政策文件"),
        dibao("初审对象名单及相关信息"),
        dibao("监督渠道：镇民政办电话"),
    ];
    let reserved: Vec<String> = county.iter().map(|i| i.id.clone()).collect();
    gongkai_domain::catalog::assign_ids_avoiding(&mut township, &reserved);
    assert_eq!(township[0].id, "最低生活保障/#5");
    let (rows, unexplained) = diff(&county, &township, &[]);
    assert!(matches!(&rows[0], DiffRow::Inherited { .. }));
    assert!(matches!(&rows[1], DiffRow::Inherited { .. }), "{rows:?}");
    assert!(
        matches!(&rows[2], DiffRow::Changed { columns, .. } if columns == &["公开内容（要素）"])
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(unexplained.len(), 1);
    assert_eq!(unexplained[0].1, "最低生活保障（办理流程）");
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
