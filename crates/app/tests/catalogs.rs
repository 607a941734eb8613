//! Catalogs through the use cases, on every backend: a county department imports its
//! reference catalog and takes it through review, publication and filing; a township
//! derives its own, leaves an item out with a reason, and cannot submit while a
//! reference item is missing without one. Roles decide who keeps and who reviews.

use gongkai_app::catalog_xlsx::write;
use gongkai_app::testing::*;
use gongkai_app::{AppError, AreaMapping};
use gongkai_domain::catalog::lifecycle::{Action, DiffRow, Status};
use gongkai_domain::catalog::{CatalogItem, RawItem};
use gongkai_domain::inspection::Rule;
use gongkai_domain::role::Role;

fn item(first: &str, second: &str) -> CatalogItem {
    RawItem {
        domain: "社会救助".into(),
        first: first.into(),
        second: second.into(),
        content: "申请条件、办理流程、办理结果".into(),
        basis: "《社会救助暂行办法》".into(),
        time_limit: "信息形成或变更之日起20个工作日内".into(),
        subject: "县民政局".into(),
        channels: vec!["政府网站".into(), "便民服务站".into()],
        audience: "全社会".into(),
        method: "主动".into(),
        levels: vec!["县级".into(), "乡级".into()],
        ..Default::default()
    }
    .parse_complete(|_| true)
    .unwrap()
}

fn reference_items() -> Vec<CatalogItem> {
    vec![
        item("最低生活保障", "办事指南"),
        item("最低生活保障", "审核信息"),
        item("特困人员救助供养", "办事指南"),
        item("临时救助", ""),
    ]
}

#[tokio::test]
async fn reference_catalog_review_publication_filing_and_a_derived_catalog() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let dept_officer = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        let dept_drafter = c.actor("dept-drafter", Role::Drafter, c.dept).await;
        let town_officer = c
            .actor("town-officer", Role::DisclosureOfficer, c.town)
            .await;
        let supervisor = c.actor("supervisor", Role::Supervisor, c.county).await;
        let table = write("县财政局", &reference_items()).unwrap();

        let e = app
            .import_catalog(&dept_drafter, c.dept, &table, &AreaMapping::default())
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{}", c.label);
        let bad = app
            .import_catalog(
                &dept_officer,
                c.dept,
                b"not a table",
                &AreaMapping::default(),
            )
            .await
            .unwrap()
            .unwrap_err();
        assert!(bad.errors[0].message.contains(".xlsx"));
        let imported = app
            .import_catalog(&dept_officer, c.dept, &table, &AreaMapping::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(imported.len(), 1);
        assert_eq!(
            (
                imported[0].domain.as_str(),
                imported[0].version,
                imported[0].items
            ),
            ("社会救助", 1, 4)
        );
        let reference = imported[0].catalog_id;

        // Review: the superior returns with comments, then approves.
        assert_eq!(
            app.catalog_act(&dept_officer, reference, Action::Submit, "")
                .await
                .unwrap(),
            Status::Submitted
        );
        let again = app
            .import_catalog(&dept_officer, c.dept, &table, &AreaMapping::default())
            .await
            .unwrap_err();
        assert!(
            matches!(again, AppError::Conflict(_)),
            "no new version while under review"
        );
        let e = app
            .catalog_act(&dept_officer, reference, Action::Approve, "")
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Forbidden(_)),
            "one does not approve one's own catalog"
        );
        let e = app
            .catalog_act(&supervisor, reference, Action::Return, "")
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Invalid(_)),
            "returning needs comments"
        );
        assert_eq!(
            app.catalog_act(
                &supervisor,
                reference,
                Action::Return,
                "请补充公开依据的具体条款"
            )
            .await
            .unwrap(),
            Status::Returned
        );
        let e = app
            .catalog_act(&dept_officer, reference, Action::Publish, "")
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "not before approval");
        app.catalog_act(&dept_officer, reference, Action::Submit, "")
            .await
            .unwrap();
        app.catalog_act(&supervisor, reference, Action::Approve, "同意")
            .await
            .unwrap();
        app.catalog_act(&dept_officer, reference, Action::Publish, "")
            .await
            .unwrap();
        assert_eq!(
            app.catalog_act(&dept_officer, reference, Action::File, "")
                .await
                .unwrap(),
            Status::Filed
        );
        let v = app.catalog_view(&supervisor, reference).await.unwrap();
        assert_eq!((v.status, v.published_version), (Status::Filed, Some(1)));
        assert!(v.filed_at.is_some());
        let steps: Vec<&str> = v.steps.iter().map(|s| s.action.as_str()).collect();
        assert_eq!(
            steps,
            ["submit", "return", "submit", "approve", "publish", "file"]
        );
        assert!(v.actions.is_empty());

        // The township derives its own, inheriting every item.
        let derived = app
            .derive_catalog(&town_officer, c.town, reference)
            .await
            .unwrap();
        let v = app.catalog_view(&town_officer, derived).await.unwrap();
        assert_eq!(v.reference.as_ref().unwrap().1, "社会救助");
        assert_eq!(v.items.len(), 4);
        assert!(
            v.diff
                .iter()
                .all(|r| matches!(r, DiffRow::Inherited { .. }))
        );
        let e = app
            .derive_catalog(&town_officer, c.town, reference)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "one catalog per domain");

        // Leaving an item out needs a reason, and makes a new version.
        let e = app
            .remove_catalog_item(&town_officer, derived, "临时救助/", "")
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)));
        let e = app
            .remove_catalog_item(&town_officer, derived, "不存在的事项/", "理由")
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)));
        let version = app
            .remove_catalog_item(
                &town_officer,
                derived,
                "临时救助/",
                "临时救助由县民政局统一公开",
            )
            .await
            .unwrap();
        assert_eq!(version, 2);
        let v = app.catalog_view(&town_officer, derived).await.unwrap();
        assert!(v.diff.iter().any(|r| matches!(r, DiffRow::Removed { reason, .. } if reason == "临时救助由县民政局统一公开")));
        assert_eq!(v.history.len(), 2);

        // A table that drops another item without a reason cannot be submitted.
        let mut local = reference_items();
        local.retain(|i| i.first != "临时救助" && i.first != "特困人员救助供养");
        let mut added = item("乡镇临时救助备用金", "使用情况");
        added.subject = "青石镇人民政府".into();
        local.push(added);
        app.import_catalog(
            &town_officer,
            c.town,
            &write("青石镇", &local).unwrap(),
            &AreaMapping::default(),
        )
        .await
        .unwrap()
        .unwrap();
        let v = app.catalog_view(&town_officer, derived).await.unwrap();
        assert_eq!(
            v.unexplained,
            [(
                "特困人员救助供养/办事指南".to_owned(),
                "特困人员救助供养 / 办事指南".to_owned()
            )]
        );
        assert!(v.diff.iter().any(
            |r| matches!(r, DiffRow::Added { label, .. } if label == "乡镇临时救助备用金 / 使用情况")
        ));
        // The items taken over from the reference kept its ids through the import.
        let ids: Vec<&str> = v.items.iter().map(|i| i.id.as_str()).collect();
        assert!(ids.contains(&"最低生活保障/审核信息"), "{ids:?}");
        let e = app
            .catalog_act(&town_officer, derived, Action::Submit, "")
            .await
            .unwrap_err();
        match e {
            AppError::Invalid(v) => assert!(v[0].message.contains("特困人员救助供养"), "{v:?}"),
            other => panic!("{other:?}"),
        }
        // The reason can be given afterwards; then the catalog goes up for review.
        app.remove_catalog_item(
            &town_officer,
            derived,
            "特困人员救助供养/办事指南",
            "本镇无供养机构",
        )
        .await
        .unwrap();
        assert!(
            app.catalog_view(&town_officer, derived)
                .await
                .unwrap()
                .unexplained
                .is_empty()
        );
        assert_eq!(
            app.catalog_act(&town_officer, derived, Action::Submit, "")
                .await
                .unwrap(),
            Status::Submitted
        );
        assert_eq!(
            app.catalog_act(&supervisor, derived, Action::Approve, "")
                .await
                .unwrap(),
            Status::Approved
        );
        let overview = app.catalogs_overview(&supervisor).await.unwrap();
        assert_eq!(overview.len(), 2);
        let other = c
            .actor("other-town", Role::DisclosureOfficer, c.village)
            .await;
        assert!(matches!(
            app.catalog_view(&other, derived).await.unwrap_err(),
            AppError::NotFound(_)
        ));
    }
}

#[tokio::test]
async fn compliance_of_tagged_content_across_national_day() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let officer = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        let supervisor = c.actor("supervisor", Role::Supervisor, c.county).await;
        let s = c.signers(c.dept).await;
        let mut quarterly = item("临时救助", "");
        quarterly.time_limit = "按季度公开".into();
        let items = vec![
            item("最低生活保障", "保障对象名单"),
            item("最低生活保障", "办事指南"),
            quarterly,
        ];
        let id = app
            .import_catalog(
                &officer,
                c.dept,
                &write("县财政局", &items).unwrap(),
                &AreaMapping::default(),
            )
            .await
            .unwrap()
            .unwrap()[0]
            .catalog_id;

        // Formed Fri 26 Sep 2025; due 30 Oct (National Day and its make-up days).
        c.clock.set(at(d("2025-10-30")));
        let on_time = app
            .create_document(
                &s.drafter,
                c.dept,
                &raw_doc("2025年第三季度低保对象名单", "", "2025-09-26"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &on_time, 4).await;
        c.clock.set(at(d("2025-11-03")));
        let late = app
            .create_document(
                &s.drafter,
                c.dept,
                &raw_doc("2025年9月低保对象名单补充", "", "2025-09-26"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &late, 4).await;
        let draft = app
            .create_document(
                &s.drafter,
                c.dept,
                &raw_doc("未发布的名单", "", "2025-10-01"),
                &[],
            )
            .await
            .unwrap();
        let mut idx = Vec::new();
        for doc in [on_time, late, draft] {
            idx.push(
                app.document_view(&officer, &doc)
                    .await
                    .unwrap()
                    .doc
                    .index_number,
            );
        }
        let (i1, i2, i3) = (idx[0].as_str(), idx[1].as_str(), idx[2].as_str());

        let e = app
            .link_catalog_item(&s.drafter, id, "最低生活保障/保障对象名单", i1)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{}", c.label);
        let e = app
            .link_catalog_item(&officer, id, "不存在/", i1)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)));
        let e = app
            .link_catalog_item(&officer, id, "最低生活保障/保障对象名单", i3)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)), "drafts cannot be linked");
        app.link_catalog_item(&officer, id, "最低生活保障/保障对象名单", i1)
            .await
            .unwrap();
        app.link_catalog_item(&officer, id, "最低生活保障/保障对象名单", i2)
            .await
            .unwrap();
        app.link_catalog_item(&officer, id, "最低生活保障/保障对象名单", i2)
            .await
            .unwrap(); // twice is once

        c.clock.set(at(d("2025-11-20")));
        let checks = app.catalog_compliance(&officer, id).await.unwrap();
        let names = &checks[0];
        assert_eq!(names.content.len(), 2);
        assert_eq!(
            names.content[0].verdict,
            gongkai_domain::catalog::Compliance::Met
        );
        assert_eq!(
            names.content[1].verdict,
            gongkai_domain::catalog::Compliance::Late {
                due: d("2025-10-30"),
                workdays: 2
            }
        );
        assert_eq!(names.last_published, Some(d("2025-11-03")));
        assert!(names.has_content() && !names.on_time());
        assert!(!checks[1].has_content());
        assert!(!checks[2].checkable);

        let overview = app.compliance_overview(&supervisor).await.unwrap();
        let row = overview.iter().find(|r| r.catalog.id == id).unwrap();
        assert_eq!(
            (
                row.items,
                row.with_content,
                row.on_time,
                row.failing,
                row.not_checkable
            ),
            (3, 1, 0, 1, 1)
        );

        // Published, the portal links each item to its content.
        app.catalog_act(&officer, id, Action::Submit, "")
            .await
            .unwrap();
        app.catalog_act(&supervisor, id, Action::Approve, "")
            .await
            .unwrap();
        app.catalog_act(&officer, id, Action::Publish, "")
            .await
            .unwrap();
        let public = app.published_catalogs(c.dept).await.unwrap();
        let links = public[0].content_of("最低生活保障/保障对象名单");
        assert_eq!(links.len(), 2);
        assert!(links[0].1.starts_with("/czj/xxgk/doc/"));

        // The inspection reads the same verdicts: one finding per rule for the catalog,
        // naming its items and pointing at the catalog on the portal.
        let run = app.inspect(&supervisor, "czj", &[]).await.unwrap();
        let found = |rule: Rule| {
            run.units[0]
                .findings
                .iter()
                .filter(|f| f.rule == rule)
                .collect::<Vec<_>>()
        };
        let empty = found(Rule::CatalogEmpty);
        assert_eq!(empty.len(), 1, "{}: {:?}", c.label, run.units[0].findings);
        assert_eq!(empty[0].page, format!("/czj/xxgk/bzml#ml-{id}"));
        assert!(
            empty[0].detail.contains("3项中2项没有已公开的内容")
                && empty[0].detail.contains("临时救助"),
            "{}",
            empty[0].detail
        );
        assert!(!empty[0].veto);
        let late = found(Rule::CatalogLate);
        assert_eq!(late.len(), 1);
        assert!(
            late[0]
                .detail
                .contains("1项有内容未按公开时限公开：最低生活保障 / 保障对象名单"),
            "{}",
            late[0].detail
        );
    }
}

#[tokio::test]
async fn a_deployment_adds_its_own_domains() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let officer = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        let admin = c.user("admin", &[], true).await;
        let mut own = item("城市社区网格服务", "");
        own.domain = "社区治理".into();
        let table = write("县财政局", &[own]).unwrap();
        let e = app
            .import_catalog(&officer, c.dept, &table, &AreaMapping::default())
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(e.undecided(), ["社区治理"], "{}", c.label);
        assert!(e.what_to_do().unwrap().contains("社区治理"));
        assert!(matches!(
            app.add_catalog_domain(&officer, "社区治理")
                .await
                .unwrap_err(),
            AppError::Forbidden(_)
        ));
        app.add_catalog_domain(&admin, "社区治理").await.unwrap();
        assert!(matches!(
            app.add_catalog_domain(&admin, "社区治理")
                .await
                .unwrap_err(),
            AppError::Conflict(_)
        ));
        assert!(matches!(
            app.add_catalog_domain(&admin, "社会救助")
                .await
                .unwrap_err(),
            AppError::Conflict(_)
        ));
        assert_eq!(app.catalog_domains().await.unwrap().len(), 27);
        let done = app
            .import_catalog(&officer, c.dept, &table, &AreaMapping::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(done[0].domain, "社区治理");
    }
}

#[tokio::test]
async fn a_publicity_notice_withdrawn_before_its_window_ends_fails() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let officer = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        let s = c.signers(c.dept).await;
        let mut notice = item("最低生活保障", "审核信息");
        notice.time_limit = "制定或获取信息之日起10个工作日内，公示7个工作日".into();
        let id = app
            .import_catalog(
                &officer,
                c.dept,
                &write("县财政局", &[notice]).unwrap(),
                &AreaMapping::default(),
            )
            .await
            .unwrap()
            .unwrap()[0]
            .catalog_id;
        // Up on Wed 2 Apr 2025, taken down on Thu 10 Apr: shown 3, 7, 8, 9, 10 (清明 4–6
        // Apr; the posting day does not count, 民法典 Art.201).
        c.clock.set(at(d("2025-04-02")));
        let doc = app
            .create_document(
                &s.drafter,
                c.dept,
                &raw_doc("低保审核对象公示", "", "2025-03-31"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &doc, 4).await;
        let index = app
            .document_view(&officer, &doc)
            .await
            .unwrap()
            .doc
            .index_number;
        app.link_catalog_item(&officer, id, "最低生活保障/审核信息", &index)
            .await
            .unwrap();
        c.clock.set(at(d("2025-04-08")));
        let up = app.catalog_compliance(&officer, id).await.unwrap();
        assert_eq!(
            up[0].content[0].verdict,
            gongkai_domain::catalog::Compliance::Met,
            "{}",
            c.label
        );
        c.clock.set(at(d("2025-04-10")));
        let withdraw = gongkai_app::ActionInput::new(gongkai_domain::workflow::Action::Withdraw)
            .with_reason("公示期满前误撤");
        app.act(&officer, &doc, withdraw).await.unwrap();
        c.clock.set(at(d("2025-04-20")));
        let after = app.catalog_compliance(&officer, id).await.unwrap();
        assert_eq!(
            after[0].content[0].verdict,
            gongkai_domain::catalog::Compliance::WindowShort {
                shown: 5,
                required: 7,
                unit: gongkai_domain::catalog::DayUnit::Working,
            }
        );
        assert!(
            !after[0].has_content(),
            "withdrawn content is no longer there"
        );
    }
}

#[tokio::test]
async fn items_are_added_and_changed_as_new_versions() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let officer = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        let drafter = c.actor("dept-drafter", Role::Drafter, c.dept).await;
        let id = app
            .import_catalog(
                &officer,
                c.dept,
                &write("县财政局", &[item("临时救助", "")]).unwrap(),
                &AreaMapping::default(),
            )
            .await
            .unwrap()
            .unwrap()[0]
            .catalog_id;
        let raw = |first: &str, time_limit: &str| RawItem {
            first: first.into(),
            content: "备用金使用情况".into(),
            basis: "—".into(),
            time_limit: time_limit.into(),
            subject: "县财政局".into(),
            channels: vec!["政府网站、村民微信群".into()],
            audience: "全社会".into(),
            method: "主动".into(),
            ..Default::default()
        };
        assert!(matches!(
            app.save_catalog_item(&drafter, id, None, &raw("备用金", "实时公开"))
                .await
                .unwrap_err(),
            AppError::Forbidden(_)
        ));
        assert_eq!(
            app.save_catalog_item(&officer, id, None, &raw("备用金", "实时公开"))
                .await
                .unwrap(),
            2
        );
        let e = app
            .save_catalog_item(&officer, id, None, &raw("备用金", "实时公开"))
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Invalid(_)),
            "a second item of the same name and content"
        );
        let e = app
            .save_catalog_item(&officer, id, Some("备用金/"), &raw("备用金", ""))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(v) if v[0].message.contains("公开时限")));
        assert_eq!(
            app.save_catalog_item(&officer, id, Some("备用金/"), &raw("备用金", "每年1月底前"))
                .await
                .unwrap(),
            3
        );
        let v = app.catalog_view(&officer, id).await.unwrap();
        assert_eq!(v.items.len(), 2);
        assert_eq!(v.items[1].time_limit, "每年1月底前");
        assert_eq!(
            v.items[1].domain, "社会救助",
            "the catalog's domain, whatever the form said"
        );
        assert_eq!(v.items[1].other_channels, "村民微信群");
        assert_eq!(v.history.len(), 3);
    }
}
