//! The annual report through the pages and the API: the officer sees the computed
//! tables, enters the rest (bad figures get Chinese messages), cannot publish before
//! the year ends, publishes; the portal's 年报 column shows it and offers .xlsx; the
//! register exports as CSV and .xlsx.

mod support;

use axum::http::{Method, StatusCode};
use gongkai_app::StepInput;
use gongkai_app::testing::{applicant, at, d, request};
use gongkai_domain::role::Role;
use support::*;

#[tokio::test]
async fn prepare_publish_and_read_an_annual_report() {
    for s in apps().await {
        s.clock.set(at(d("2025-06-02")));
        let officer = s.staff("officer", Role::DisclosureOfficer, s.county).await;
        let a = s
            .app
            .submit_application(
                "yunxi",
                &applicant(),
                &request("某路段拓宽工程立项批复"),
                "",
            )
            .await
            .unwrap();
        let _open = s
            .app
            .submit_application(
                "yunxi",
                &applicant(),
                &request("某路段拓宽工程立项批复"),
                "",
            )
            .await
            .unwrap();
        let reply = StepInput {
            action: "reply".into(),
            outcome: "disclosed".into(),
            basis: "《中华人民共和国政府信息公开条例》第三十六条第（二）项".into(),
            ..Default::default()
        };
        s.app
            .act_on_application(&officer.actor, &a.tracking_number, &reply)
            .await
            .unwrap();

        let mut web = s.client();
        web.login("officer").await;
        let index = web.get("/admin/reports").await;
        assert_eq!(index.status, StatusCode::OK, "{}", s.label);
        let base = format!("/admin/reports/{}/2025", s.county);
        assert!(index.text().contains(&base), "the 2025 link of the county");
        let page = web.get(&base).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains("云溪县人民政府2025年政府信息公开工作年度报告"));
        assert!(html.contains("勾稽关系成立"));
        assert!(
            html.contains("一、本年新收政府信息公开申请数量</th><td>2</td>"),
            "two new, both 自然人"
        );
        assert!(html.contains("四、结转下年度继续办理</th><td>1</td>"));

        // Bad figures: every problem in Chinese, nothing saved.
        let bad = web
            .submit(
                &base,
                &[("licences", "-1"), ("charges", "1.23456"), ("r0", "两")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = bad.text();
        for msg in [
            "行政许可处理决定数量须为不小于0的整数",
            "最多4位小数",
            "行政复议各项数量须为不小于0的整数",
        ] {
            assert!(text.contains(msg), "{msg}");
        }
        let ok = web
            .submit(
                &base,
                &[
                    ("overview", "2025年，本机关认真贯彻落实条例。"),
                    ("licences", "36"),
                    ("charges", "1.5"),
                    ("r0", "1"),
                    ("r3", "2"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
        let html = web.get(&base).await.text();
        assert!(html.contains("<th scope=\"row\">行政许可</th><td>36</td>"));
        assert!(html.contains("<td>1.5000</td>"), "万元 with four decimals");
        assert!(
            html.contains("<td>1</td><td>0</td><td>0</td><td>2</td><td>3</td>"),
            "section 四 with its total"
        );

        let xlsx = web.get(&format!("{base}/report.xlsx")).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.content_type().contains("spreadsheetml"));
        assert!(xlsx.body.starts_with(b"PK"), "an .xlsx is a zip");

        // Not before the year is over.
        let early = web.submit(&format!("{base}/publish"), &[]).await;
        assert_eq!(early.status, StatusCode::CONFLICT);
        assert!(early.text().contains("年度尚未结束"));
        let r = s.get("/api/v1/reports/yunxi/2025", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let draft = s
            .get(
                "/api/v1/reports/yunxi/2025?draft=true",
                Some(&officer.token),
            )
            .await;
        assert_eq!(draft.status, StatusCode::OK);
        assert_eq!(draft.json()["report"]["section3"]["new"][6], 2);
        assert_eq!(
            s.get("/api/v1/reports/yunxi/2025?draft=true", None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );

        s.clock.set(at(d("2026-01-15")));
        let mut web = s.client();
        web.login("officer").await;
        let published = web.submit(&format!("{base}/publish"), &[]).await;
        assert_eq!(published.status, StatusCode::SEE_OTHER);
        assert!(
            web.get(&format!("{base}?done=published"))
                .await
                .text()
                .contains("年度报告已发布")
        );

        // The portal.
        let list = web.get("/yunxi/xxgk/nb").await.text();
        assert!(list.contains("/yunxi/xxgk/nb/2025"));
        let report = web.get("/yunxi/xxgk/nb/2025").await;
        assert_eq!(report.status, StatusCode::OK);
        let html = report.text();
        assert!(html.contains("2025年，本机关认真贯彻落实条例。"));
        assert!(html.contains("（三）不予公开"));
        assert!(!html.contains("王晓明"));
        assert_eq!(
            web.get("/yunxi/xxgk/nb/2024").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            web.get("/yunxi/xxgk/nb/abc").await.status,
            StatusCode::NOT_FOUND
        );
        let x = web.get("/yunxi/xxgk/nb/2025/report.xlsx").await;
        assert_eq!(x.status, StatusCode::OK);
        assert!(x.body.starts_with(b"PK"));
        let api = s.get("/api/v1/reports/yunxi/2025", None).await;
        assert_eq!(api.status, StatusCode::OK);
        assert_eq!(api.json()["report"]["input"]["licences"], 36);
        let api_x = s.get("/api/v1/reports/yunxi/2025/xlsx", None).await;
        assert!(api_x.body.starts_with(b"PK"));

        // The register.
        let csv = web.get("/admin/applications/register.csv").await;
        assert_eq!(csv.status, StatusCode::OK);
        let text = csv.text();
        assert!(text.starts_with("\u{feff}\"申请编号\""), "{text}");
        assert!(text.contains("\"yunxi-2025-00001\""));
        assert!(text.contains("\"予以公开\""));
        assert!(!text.contains("王晓明"), "no personal data in the register");
        let x = web.get("/admin/applications/register.xlsx").await;
        assert!(x.body.starts_with(b"PK"));
        let api = s
            .request(
                Method::GET,
                "/api/v1/applications/register?format=csv",
                Some(&officer.token),
                None,
                axum::body::Body::empty(),
            )
            .await;
        assert_eq!(api.status, StatusCode::OK);
        assert!(api.text().contains("yunxi-2025-00002"));
        let bad = s
            .get(
                "/api/v1/applications/register?format=pdf",
                Some(&officer.token),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
