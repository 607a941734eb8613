//! Self-inspection through the use cases, on every backend: a county whose department
//! keeps its pages (no veto), whose county government has empty columns, a policy
//! without its 文号, a late document and a late application, and whose township has
//! published nothing and left a consultation unanswered past three months — each
//! finding naming its page and rule, scored, ranked, and who may look.

use gongkai_app::AppError;
use gongkai_app::testing::*;
use gongkai_domain::category::categories_for;
use gongkai_domain::inspection::Rule;
use gongkai_domain::interaction::message::MessageInput;
use gongkai_domain::org::OrgLevel;
use gongkai_domain::role::Role;

fn consultation() -> MessageInput {
    MessageInput {
        kind: "consult".into(),
        title: "宅基地审批要多久".into(),
        body: "我家想在村里翻建老房子，宅基地审批要多长时间？需要哪些材料？".into(),
        name: "林大山".into(),
        phone: "13912345678".into(),
        email: String::new(),
        publish: "0".into(),
    }
}

#[tokio::test]
async fn units_are_inspected_scored_and_ranked() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let office = c.actor("office", Role::DisclosureOfficer, c.county).await;
        let supervisor = c.actor("sup", Role::Supervisor, c.county).await;
        let drafter = c.actor("lonely-drafter", Role::Drafter, c.dept).await;

        // 5 January: a consultation for the township, never answered.
        c.clock.set(at(d("2026-01-05")));
        let m = app
            .submit_message("yunxi", &consultation(), "1.2.3.4")
            .await
            .unwrap();
        app.dispatch_message(&office, &m.tracking_number, "qingshi", "")
            .await
            .unwrap();
        // A county document written in January and still a draft in May.
        let s = c.signers(c.county).await;
        let stuck = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("关于春季森林防火的通告", "", "2026-01-05"),
                &[],
            )
            .await
            .unwrap();
        // 1 April: an application to the county, unanswered past its 20 working days.
        c.clock.set(at(d("2026-04-01")));
        let late = app
            .submit_application(
                "yunxi",
                &applicant(),
                &request("2025年农村公路养护资金使用情况"),
                "",
            )
            .await
            .unwrap();

        // Received 5 January: three months end on 5 April (in the Qingming holiday,
        // which does not move it: the rule counts months, not working days).
        let consult_veto = |run: &gongkai_app::Inspection| {
            run.units[0]
                .findings
                .iter()
                .any(|f| f.rule == Rule::ConsultUnanswered && f.veto)
        };
        c.clock.set(at(d("2026-04-05")));
        assert!(
            !consult_veto(&app.inspect(&supervisor, "qingshi", &[]).await.unwrap()),
            "{}",
            c.label
        );
        c.clock.set(at(d("2026-04-06")));
        assert!(
            consult_veto(&app.inspect(&supervisor, "qingshi", &[]).await.unwrap()),
            "{}",
            c.label
        );

        // 28 April: the department fills every column it has; the county publishes a
        // policy without its 文号.
        c.clock.set(at(d("2026-04-28")));
        let ds = c.signers(c.dept).await;
        let columns = categories_for(OrgLevel::Department, OrgLevel::County);
        for (i, cat) in columns.iter().enumerate() {
            let number = if cat.code == "a20-01" {
                "云财发〔2026〕1号".to_owned()
            } else {
                String::new()
            };
            let mut raw = raw_doc(
                &format!("县财政局{}信息（第{}号）", cat.title, i + 1),
                &number,
                "2026-04-27",
            );
            raw.category = cat.code.into();
            let index = app
                .create_document(&ds.drafter, c.dept, &raw, &[])
                .await
                .unwrap();
            ds.advance(app, &index, 4).await;
        }
        let mut policy = raw_doc("云溪县农村人居环境整治实施办法", "", "2026-04-27");
        policy.category = "a20-01".into();
        let policy = app
            .create_document(&s.drafter, c.county, &policy, &[])
            .await
            .unwrap();
        s.advance(app, &policy, 4).await;

        // 6 May, the first working day after the May Day holiday.
        c.clock.set(at(d("2026-05-06")));
        let run = app.inspect(&supervisor, "yunxi", &[]).await.unwrap();
        assert_eq!(run.on, d("2026-05-06"));
        let names: Vec<&str> = run.units.iter().map(|u| u.org.slug.as_str()).collect();
        // Villages are inspected through their township; the unit that passed first.
        assert_eq!(names[0], "czj", "{}: {names:?}", c.label);
        assert_eq!(names.len(), 3, "{names:?}");
        let unit = |slug: &str| run.units.iter().find(|u| u.org.slug == slug).unwrap();
        let rules = |slug: &str| -> Vec<(Rule, bool)> {
            unit(slug)
                .findings
                .iter()
                .map(|f| (f.rule, f.veto))
                .collect()
        };

        // The department: only last year's report missing, a deduction.
        let dept = unit("czj");
        assert_eq!(
            rules("czj"),
            [(Rule::ReportLate, false)],
            "{}: {:?}",
            c.label,
            dept.findings
        );
        assert!(!dept.score.vetoed);
        assert_eq!(dept.score.points, 95);
        assert!(
            dept.findings[0].detail.contains("2026-01-31"),
            "{}",
            dept.findings[0].detail
        );

        // The county: empty columns veto; the policy without 文号, the stuck draft and
        // the late application are deductions naming their pages.
        let county = unit("yunxi");
        assert!(county.score.vetoed);
        let r = rules("yunxi");
        assert!(r.iter().filter(|(x, _)| *x == Rule::ColumnEmpty).count() >= 5);
        assert!(r.iter().all(|(x, veto)| *x != Rule::ColumnEmpty || *veto));
        assert!(!r.iter().any(|(x, _)| *x == Rule::HomepageStale), "{r:?}");
        let find = |rule: Rule| county.findings.iter().find(|f| f.rule == rule).unwrap();
        assert_eq!(
            find(Rule::MissingDocNumber).page,
            format!("/yunxi/xxgk/doc/{policy}")
        );
        assert!(!find(Rule::MissingDocNumber).veto);
        assert_eq!(
            find(Rule::PublicationOverdue).page,
            format!("/admin/docs/{stuck}")
        );
        assert!(
            find(Rule::ApplicationOverdue)
                .detail
                .contains(&late.tracking_number)
        );
        assert!(find(Rule::ReportLate).detail.contains("2026-03-31"));
        assert_eq!(find(Rule::ColumnEmpty).page.split('/').nth(2), Some("xxgk"));

        // The township: nothing published, and the consultation past three months.
        let town = unit("qingshi");
        assert!(town.score.vetoed);
        let r = rules("qingshi");
        assert!(r.contains(&(Rule::HomepageStale, true)), "{r:?}");
        assert!(r.contains(&(Rule::ConsultUnanswered, true)), "{r:?}");
        let consult = town
            .findings
            .iter()
            .find(|f| f.rule == Rule::ConsultUnanswered)
            .unwrap();
        assert!(
            consult.detail.contains(&m.tracking_number) && consult.detail.contains("至今未答复")
        );
        assert_eq!(town.findings[0].page, "/qingshi/");
        // Both vetoed: below the department, by points.
        assert!(run.units[1].score.points >= run.units[2].score.points);

        // The points table is a setting: a harsher one changes the scores.
        assert!(matches!(
            app.set_inspection_points(&drafter, "report_late 10 10")
                .await,
            Err(AppError::Forbidden(_))
        ));
        match app
            .set_inspection_points(&supervisor, "report_late ten 10")
            .await
        {
            Err(AppError::Invalid(v)) => assert!(v[0].message.contains("第1行")),
            other => panic!("{:?}", other.map(|_| ())),
        }
        app.set_inspection_points(&supervisor, "report_late 10 10")
            .await
            .unwrap();
        let again = app.inspect(&supervisor, "czj", &[]).await.unwrap();
        assert_eq!(again.units.len(), 1);
        assert_eq!(again.units[0].score.points, 90);

        // Who may inspect: not a drafter; a department's administrator its own unit only.
        assert!(matches!(
            app.inspect(&drafter, "czj", &[]).await,
            Err(AppError::Forbidden(_))
        ));
        let dept_admin = c.actor("dept-admin", Role::OrgAdmin, c.dept).await;
        assert!(app.inspect(&dept_admin, "czj", &[]).await.is_ok());
        assert!(matches!(
            app.inspect(&dept_admin, "yunxi", &[]).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.inspect(&supervisor, "nowhere", &[]).await,
            Err(AppError::NotFound(_))
        ));
    }
}

#[tokio::test]
async fn a_finding_is_assigned_answered_checked_and_closed() {
    use gongkai_app::RectifyInput;
    use gongkai_domain::inspection::rectification::{Status, Step};
    use gongkai_domain::notification::Target;
    let step = |s: Step, note: &str, due: &str| RectifyInput {
        step: s.as_str().into(),
        note: note.into(),
        due_on: due.into(),
    };
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-06-01")));
        let office = c.actor("sup", Role::Supervisor, c.county).await;
        let town = c
            .actor("town-officer", Role::DisclosureOfficer, c.town)
            .await;
        let dept = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        let first = app.save_inspection(&office, "yunxi", &[]).await.unwrap();
        let saved = app.saved_inspection(&office, first).await.unwrap();
        assert_eq!(saved.units.len(), 3, "{}", c.label);
        let home = saved
            .findings
            .iter()
            .find(|f| f.page == "/qingshi/" && f.rule == Rule::HomepageStale)
            .unwrap();
        assert_eq!(home.status, Status::Open);
        assert!(matches!(
            app.saved_inspection(&town, first).await,
            Err(AppError::NotFound(_))
        ));

        // Assigning needs a date not in the past; the unit cannot assign.
        for due in ["", "2026-05-31", "六月底"] {
            assert!(matches!(
                app.rectify(&office, home.id, &step(Step::Assign, "", due))
                    .await,
                Err(AppError::Invalid(_))
            ));
        }
        assert!(matches!(
            app.rectify(&town, home.id, &step(Step::Assign, "", "2026-06-30"))
                .await,
            Err(AppError::Forbidden(_))
        ));
        assert_eq!(
            app.rectify(
                &office,
                home.id,
                &step(Step::Assign, "请两周内更新首页", "2026-06-15")
            )
            .await
            .unwrap(),
            Status::Assigned
        );
        // The unit finds it among its work; another unit cannot see it.
        let tasks = app.my_tasks(&town).await.unwrap();
        assert!(
            tasks
                .iter()
                .any(|t| t.target == Target::Rectification(home.id)
                    && t.what == "整改任务，待报告"
                    && t.since == "2026-06-01")
        );
        assert!(matches!(
            app.rectification(&dept, home.id).await,
            Err(AppError::NotFound(_))
        ));
        // A report must say what was done.
        assert!(matches!(
            app.rectify(&town, home.id, &step(Step::Respond, " ", ""))
                .await,
            Err(AppError::Invalid(_))
        ));
        app.rectify(
            &town,
            home.id,
            &step(Step::Respond, "已安排专人每周更新", ""),
        )
        .await
        .unwrap();
        // Checked against today's records: nothing published, so still found; sent back.
        let v = app.rectification(&office, home.id).await.unwrap();
        assert_eq!(v.still_found, Some(true));
        assert_eq!(v.allowed, [Step::Verify, Step::Reject, Step::Dismiss]);
        assert!(
            app.my_tasks(&office)
                .await
                .unwrap()
                .iter()
                .any(|t| t.target == Target::Rectification(home.id))
        );
        app.rectify(&office, home.id, &step(Step::Reject, "首页仍无新内容", ""))
            .await
            .unwrap();
        // The township publishes; reported again, checked, closed.
        c.clock.set(at(d("2026-06-08")));
        let s = c.signers(c.town).await;
        let index = app
            .create_document(
                &s.drafter,
                c.town,
                &raw_doc("青石镇2026年夏季防汛工作安排", "", "2026-06-08"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &index, 4).await;
        app.rectify(&town, home.id, &step(Step::Respond, "已发布防汛安排", ""))
            .await
            .unwrap();
        let v = app.rectification(&office, home.id).await.unwrap();
        assert_eq!(v.still_found, Some(false));
        // Closed: checked once, nothing more to do.
        assert_eq!(
            app.rectify(&office, home.id, &step(Step::Verify, "", ""))
                .await
                .unwrap(),
            Status::Closed
        );
        assert!(matches!(
            app.rectify(&office, home.id, &step(Step::Verify, "", ""))
                .await,
            Err(AppError::Forbidden(_))
        ));
        let v = app.rectification(&town, home.id).await.unwrap();
        assert_eq!(v.finding.status, Status::Closed);
        assert!(v.allowed.is_empty());
        assert_eq!(
            v.history.iter().map(|h| h.step).collect::<Vec<_>>(),
            [
                Step::Assign,
                Step::Respond,
                Step::Reject,
                Step::Respond,
                Step::Verify
            ]
        );
        assert_eq!(v.history[0].due_on, Some(d("2026-06-15")));

        // A second run: the trend shows the township's score move.
        let second = app.save_inspection(&office, "yunxi", &[]).await.unwrap();
        let trend = app.inspection_trend(&office, "yunxi").await.unwrap();
        assert_eq!(
            trend.runs.iter().map(|r| r.id).collect::<Vec<_>>(),
            [first, second]
        );
        let (_, row) = trend
            .units
            .iter()
            .find(|(o, _)| o.slug == "qingshi")
            .unwrap();
        let points: Vec<i64> = row.iter().map(|s| s.as_ref().unwrap().points).collect();
        assert!(points[1] > points[0], "{points:?}");
        assert!(matches!(
            app.inspection_trend(&town, "yunxi").await,
            Err(AppError::Forbidden(_))
        ));
    }
}

#[tokio::test]
async fn a_column_goes_stale_by_the_kind_it_is_given() {
    use gongkai_domain::inspection::{ColumnKind, ColumnKinds};
    let c = TestCounty::all().await.into_iter().next().unwrap();
    let app = &c.app;
    let office = c.actor("sup", Role::Supervisor, c.county).await;
    c.clock.set(at(d("2026-09-15")));
    let s = c.signers(c.county).await;
    let mut raw = raw_doc("云溪县人民政府领导分工调整", "", "2026-09-15");
    raw.category = "a20-02".into();
    let index = app
        .create_document(&s.drafter, c.county, &raw, &[])
        .await
        .unwrap();
    s.advance(app, &index, 4).await;
    let page = "/yunxi/xxgk/fdzdgknr/a20-02";
    let stale = |run: &gongkai_app::Inspection| {
        run.units
            .iter()
            .find(|u| u.org.slug == "yunxi")
            .unwrap()
            .findings
            .iter()
            .any(|f| f.page == page && f.rule == Rule::ColumnStale)
    };
    // Fifteen days on (across the Mid-Autumn and National Day holidays' eve):
    // no cycle of its own, so fresh; as 动态要闻, two weeks have passed.
    c.clock.set(at(d("2026-09-30")));
    assert!(!stale(&app.inspect(&office, "yunxi", &[]).await.unwrap()));
    let mut kinds = ColumnKinds::default();
    kinds.set("a20-02", ColumnKind::News);
    app.set_column_kinds(&office, &kinds).await.unwrap();
    assert!(stale(&app.inspect(&office, "yunxi", &[]).await.unwrap()));
    c.clock.set(at(d("2026-09-29")));
    assert!(
        !stale(&app.inspect(&office, "yunxi", &[]).await.unwrap()),
        "the 14th day is still fresh"
    );
    let drafter = c.actor("kind-drafter", Role::Drafter, c.county).await;
    assert!(matches!(
        app.set_column_kinds(&drafter, &kinds).await,
        Err(AppError::Forbidden(_))
    ));
}
