//! 网站检查 in the back office: the supervising office sees the ranking and every
//! finding with its page, keeps the points table (a bad line refused with its line
//! number, nothing saved); a drafter has neither the link nor the page.

mod support;

use axum::http::StatusCode;
use gongkai_domain::role::Role;
use support::*;

#[tokio::test]
async fn the_office_inspects_and_keeps_the_points_table() {
    for t in apps().await {
        t.user("ins-sup", &[(Role::Supervisor, t.county)], false)
            .await;
        t.user("ins-drafter", &[(Role::Drafter, t.county)], false)
            .await;
        let mut office = t.client();
        office.login("ins-sup").await;
        assert!(
            office
                .get("/admin/")
                .await
                .text()
                .contains("href=\"/admin/inspection\"")
        );
        let page = office.get("/admin/inspection").await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label);
        let html = page.text();
        // Nothing published anywhere: every unit vetoed, each finding with its page.
        assert!(
            html.contains("云溪县人民政府")
                && html.contains("县财政局")
                && html.contains("青石镇人民政府")
        );
        assert!(
            !html.contains("青石村村民委员会："),
            "villages are inspected through their township"
        );
        assert!(html.contains("单项否决") && html.contains("首页两周未更新"));
        assert!(html.contains("href=\"/czj/\""));
        assert!(html.contains("href=\"/yunxi/xxgk/fdzdgknr/a20-01\""));
        let one = office.get("/admin/inspection?org=czj").await.text();
        assert!(one.contains("共1个单位"), "{one}");

        let r = office
            .submit(
                "/admin/inspection/points",
                &[
                    ("org", "czj"),
                    ("points", "broken_link 1 5\nhomepage_stale 二十 20"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(
            html.contains("第2行") && html.contains("“二十”应为"),
            "{html}"
        );
        assert!(
            html.contains("homepage_stale 二十 20"),
            "the text typed is kept"
        );
        assert!(
            office
                .get("/admin/inspection")
                .await
                .text()
                .contains("20 / 20")
        );
        let r = office
            .submit(
                "/admin/inspection/points",
                &[("org", "czj"), ("points", "homepage_stale 30 30")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), "/admin/inspection?org=czj&done=saved");
        let html = office.get("/admin/inspection?org=czj").await.text();
        assert!(html.contains("30 / 30"), "{html}");

        let mut drafter = t.client();
        drafter.login("ins-drafter").await;
        assert!(
            !drafter
                .get("/admin/")
                .await
                .text()
                .contains("/admin/inspection")
        );
        assert_eq!(
            drafter.get("/admin/inspection").await.status,
            StatusCode::FORBIDDEN
        );
        let r = drafter
            .submit(
                "/admin/inspection/points",
                &[("org", "czj"), ("points", "homepage_stale 1 1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_saved_inspection_is_reported_and_its_findings_rectified() {
    for t in apps().await {
        t.user("rec-sup", &[(Role::Supervisor, t.county)], false)
            .await;
        t.user("rec-town", &[(Role::DisclosureOfficer, t.town)], false)
            .await;
        t.user("rec-dept", &[(Role::DisclosureOfficer, t.dept)], false)
            .await;
        let mut office = t.client();
        office.login("rec-sup").await;
        office.get("/admin/inspection").await;
        let r = office
            .submit("/admin/inspection/save", &[("org", "yunxi")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", t.label);
        let run = r.location().to_owned();
        assert!(run.starts_with("/admin/inspections/"), "{run}");
        let html = office.get(&run).await.text();
        assert!(html.contains("待交办") && html.contains("青石镇人民政府"));
        let xlsx = office
            .get(&format!("{}/report.xlsx", run.split('?').next().unwrap()))
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.content_type().contains("spreadsheetml"));
        assert!(xlsx.body.starts_with(b"PK"));
        // The PDF report needs a CJK font (CI installs fonts-noto-cjk).
        let pdf = office
            .get(&format!("{}/report.pdf", run.split('?').next().unwrap()))
            .await;
        if pdf.status == StatusCode::SERVICE_UNAVAILABLE {
            assert!(std::env::var_os("CI").is_none(), "CI must have a CJK font");
        } else {
            assert_eq!(pdf.status, StatusCode::OK);
            assert!(pdf.body.starts_with(b"%PDF"));
        }
        assert!(
            office
                .get("/admin/inspection")
                .await
                .text()
                .contains(&format!("href=\"{}\"", run.split('?').next().unwrap()))
        );

        // The township's homepage finding, assigned by the office.
        let run_id: i64 = run
            .trim_start_matches("/admin/inspections/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let sup = t.user("rec-sup", &[], false).await;
        let id = t
            .app
            .saved_inspection(&sup, run_id)
            .await
            .unwrap()
            .findings
            .into_iter()
            .find(|f| {
                f.page == "/qingshi/" && f.rule == gongkai_domain::inspection::Rule::HomepageStale
            })
            .expect("the township's homepage finding")
            .id;
        assert!(html.contains(&format!("/admin/rectifications/{id}")));
        let page = format!("/admin/rectifications/{id}");
        office.get(&page).await;
        let r = office
            .submit(
                &page,
                &[("step", "assign"), ("due_on", "二〇二六年"), ("note", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("请填写整改期限"));
        let due = (t.app.today() + chrono::Duration::days(14)).to_string();
        let r = office
            .submit(
                &page,
                &[
                    ("step", "assign"),
                    ("due_on", &due),
                    ("note", "请及时更新首页"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);

        // The unit sees it in 待我处理 and reports; another unit cannot open it.
        let mut town = t.client();
        town.login("rec-town").await;
        assert!(town.get("/admin/").await.text().contains(&page));
        let html = town.get(&page).await.text();
        assert!(html.contains("整改中") && html.contains(&due));
        let r = town
            .submit(&page, &[("step", "respond"), ("note", "已安排专人更新")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let mut dept = t.client();
        dept.login("rec-dept").await;
        assert_eq!(dept.get(&page).await.status, StatusCode::NOT_FOUND);

        // The office checks it again against today's records, and sends it back.
        let html = office.get(&page).await.text();
        assert!(html.contains("仍然存在"), "{html}");
        let r = office
            .submit(&page, &[("step", "reject"), ("note", "首页仍未更新")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let html = town.get(&page).await.text();
        assert!(html.contains("核查未通过，退回") && html.contains("首页仍未更新"));
    }
}

#[tokio::test]
async fn dead_links_on_a_units_pages_are_found_without_leaving_the_platform() {
    for t in apps().await {
        let s = t.signers(t.dept).await;
        let mut raw = gongkai_app::testing::raw_doc("县财政局关于预算公开的说明", "", "2026-03-02");
        raw.body = "<p>详见<a href=\"/czj/xxgk/doc/NO-SUCH-DOC\">附表</a>，政策原文见<a href=\"https://www.gov.cn/zhengce/\">中国政府网</a>。</p>".into();
        let index = t
            .app
            .create_document(&s.drafter, t.dept, &raw, &[])
            .await
            .unwrap();
        s.advance(&t.app, &index, 4).await;
        let walk = gongkai_web::crawl::walk(&t.app, "yunxi").await.unwrap();
        assert!(
            !walk.truncated && walk.fetched > 20,
            "{}: {}",
            t.label,
            walk.fetched
        );
        let page = format!("/czj/xxgk/doc/{index}");
        assert_eq!(
            walk.broken
                .iter()
                .map(|b| (b.page.as_str(), b.target.as_str(), b.status))
                .collect::<Vec<_>>(),
            [(page.as_str(), "/czj/xxgk/doc/NO-SUCH-DOC", 404)],
            "{}",
            t.label
        );
        assert!(
            walk.external
                .contains(&(page.clone(), "https://www.gov.cn/zhengce/".to_owned()))
        );

        // Saved from the back office: the finding counts against the department.
        t.user("link-sup", &[(Role::Supervisor, t.county)], false)
            .await;
        let mut office = t.client();
        office.login("link-sup").await;
        office.get("/admin/inspection").await;
        let r = office
            .submit("/admin/inspection/save", &[("org", "yunxi")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let html = office.get(r.location()).await.text();
        assert!(
            html.contains("链接不可用") && html.contains("NO-SUCH-DOC"),
            "{html}"
        );
        let sup = t.user("link-sup", &[], false).await;
        let run = t.app.inspection_trend(&sup, "yunxi").await.unwrap().runs[0].id;
        let saved = t.app.saved_inspection(&sup, run).await.unwrap();
        let dead = saved
            .findings
            .iter()
            .find(|f| f.rule == gongkai_domain::inspection::Rule::BrokenLink)
            .unwrap();
        assert_eq!(dead.org_id, t.dept);
        assert_eq!(dead.page, page);
    }
}
