//! The standard columns say one thing each: one annual report per year, 机构职能 from
//! the organisation's own record, a 目录 that can be narrowed by 主题, 机构 and 体裁,
//! and a staff list without the accounts nobody uses.

mod support;

use axum::http::StatusCode;
use gongkai_app::RawOrg;
use gongkai_app::testing::{at, d, raw_doc};
use gongkai_domain::role::Role;
use support::*;

/// Publishes a proactive document of `org` through its four sign-offs.
async fn publish(s: &TestApp, org: i64, raw: gongkai_domain::document::RawDocument) -> String {
    let signers = s.signers(org).await;
    let index = s
        .app
        .create_document(&signers.drafter, org, &raw, &[])
        .await
        .unwrap();
    signers.advance(&s.app, &index, 4).await;
    index
}

#[tokio::test]
async fn the_report_column_shows_one_report_per_year() {
    for s in apps().await {
        s.clock.set(at(d("2025-01-20")));
        let mut old = raw_doc(
            "云溪县人民政府2024年政府信息公开工作年度报告",
            "",
            "2025-01-15",
        );
        old.column = "annual_report".into();
        old.category = String::new();
        publish(&s, s.county, old.clone()).await;
        s.clock.set(at(d("2026-01-12")));
        // The same year twice: once uploaded as a document, once made on the platform.
        let mut dup = old.clone();
        dup.title = "云溪县人民政府2025年政府信息公开工作年度报告".into();
        dup.written_on = "2026-01-09".into();
        publish(&s, s.county, dup).await;
        let officer = s.staff("officer", Role::DisclosureOfficer, s.county).await;
        s.app
            .save_report_input(&officer.actor, s.county, 2025, &Default::default())
            .await
            .unwrap();
        s.app
            .publish_report(&officer.actor, s.county, 2025)
            .await
            .unwrap();
        let mut c = s.client();
        let html = c.get("/yunxi/xxgk/nb").await.text();
        assert_eq!(
            html.matches("2025年政府信息公开工作年度报告").count(),
            1,
            "{}: one 2025 report",
            s.label
        );
        assert!(html.contains("href=\"/yunxi/xxgk/nb/2025\""), "{}", s.label);
        assert!(
            html.contains("2024年政府信息公开工作年度报告"),
            "{}",
            s.label
        );
        // The platform's card on the column's front page agrees.
        let front = c.get("/yunxi/xxgk/").await.text();
        assert_eq!(front.matches("2025年政府信息公开工作年度报告").count(), 1);
    }
}

#[tokio::test]
async fn institutional_functions_come_from_the_organisations_record() {
    for s in apps().await {
        let admin = s.user("root", &[], true).await;
        let tree = s.app.org_tree().await.unwrap();
        let mut raw = RawOrg::from_org(tree.get(s.county).unwrap());
        raw.intro = "县人民政府是县级国家行政机关。\n执行县人民代表大会的决议。".into();
        raw.leaders = "县长：王建国\n副县长：李明华".into();
        raw.address = "云溪县府前路1号".into();
        s.app.update_org(&admin, s.county, &raw).await.unwrap();
        let mut c = s.client();
        let page = c.get("/yunxi/xxgk/fdzdgknr/a20-02").await;
        assert_eq!(page.status, StatusCode::OK, "{}", s.label);
        let html = page.text();
        for shown in [
            "<p>县人民政府是县级国家行政机关。</p>",
            "县长：王建国<br>副县长：李明华",
            "云溪县府前路1号",
            "<dt>机构设置</dt><dd>县财政局",
        ] {
            assert!(html.contains(shown), "{}: lacks {shown}", s.label);
        }
        assert!(
            !html.contains("暂无公开信息"),
            "{}: not an empty column",
            s.label
        );
    }
}

#[tokio::test]
async fn the_catalogue_filters_by_topic_organisation_and_genre() {
    for s in apps().await {
        s.clock.set(at(d("2025-06-02")));
        let notice = raw_doc("云溪县人民政府关于做好防汛工作的通知", "", "2025-05-20");
        publish(&s, s.county, notice).await;
        let mut rule = raw_doc("云溪县财政专项资金管理办法（试行）", "", "2025-05-21");
        rule.topic = "czjr".into();
        publish(&s, s.county, rule).await;
        let dept = raw_doc("县财政局关于预算公开的通知", "", "2025-05-22");
        publish(&s, s.dept, dept).await;
        let mut c = s.client();
        let list = |html: &str| {
            [
                "做好防汛工作的通知",
                "财政专项资金管理办法",
                "预算公开的通知",
            ]
            .iter()
            .filter(|t| html.contains(*t))
            .count()
        };
        let all = c.get("/yunxi/xxgk/ml").await.text();
        assert_eq!(list(&all), 2, "{}: the county's own", s.label);
        assert!(all.contains("<label for=\"ml-genre\">体裁</label>"));
        let notices = c
            .get("/yunxi/xxgk/ml?genre=%E9%80%9A%E7%9F%A5")
            .await
            .text();
        assert!(
            notices.contains("做好防汛工作的通知") && list(&notices) == 1,
            "{}",
            s.label
        );
        let rules = c
            .get("/yunxi/xxgk/ml?genre=%E5%8A%9E%E6%B3%95")
            .await
            .text();
        assert!(rules.contains("财政专项资金管理办法") && list(&rules) == 1);
        let finance = c.get("/yunxi/xxgk/ml?topic=czjr").await.text();
        assert!(finance.contains("财政专项资金管理办法") && list(&finance) == 1);
        let dept = c.get("/yunxi/xxgk/ml?org=czj").await.text();
        assert!(
            dept.contains("预算公开的通知") && list(&dept) == 1,
            "{}",
            s.label
        );
        // A value no list offers is ignored, not an empty page.
        let odd = c.get("/yunxi/xxgk/ml?genre=x&topic=y&org=nowhere").await;
        assert_eq!(odd.status, StatusCode::OK);
        assert_eq!(list(&odd.text()), 2);
        let none = c
            .get("/yunxi/xxgk/ml?genre=%E6%89%B9%E5%A4%8D")
            .await
            .text();
        assert!(none.contains("没有符合筛选条件的信息"));
    }
}

#[tokio::test]
async fn stopped_accounts_are_out_of_the_daily_list() {
    for s in apps().await {
        let admin = s.user("root", &[], true).await;
        let gone = s.staff("gone", Role::Drafter, s.county).await;
        s.app
            .set_user_profile(&admin, gone.user_id, "已调离人员", false, false)
            .await
            .unwrap();
        let mut c = s.client();
        c.login("root").await;
        let list = c.get("/admin/users").await.text();
        assert!(!list.contains("已调离人员"), "{}", s.label);
        assert!(list.contains("显示已停用的账号（1个）"));
        assert!(
            c.get("/admin/users?all=1")
                .await
                .text()
                .contains("已调离人员")
        );
    }
}
