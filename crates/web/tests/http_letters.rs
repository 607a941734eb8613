//! Letters through the pages: the handler prints or downloads each letter of a case as
//! HTML or PDF with the CJK font embedded; the organisation edits its wording (unknown
//! placeholders refused); the citizen's tracking page shows the reply letter without
//! their name.

mod support;

use axum::http::StatusCode;
use gongkai_app::StepInput;
use gongkai_app::testing::{applicant, at, d, request};
use gongkai_domain::role::Role;
use support::*;

#[tokio::test]
async fn letters_print_download_and_follow_the_organisations_wording() {
    for s in apps().await {
        s.clock.set(at(d("2025-03-03")));
        let officer = s.staff("officer", Role::DisclosureOfficer, s.county).await;
        s.staff("drafter", Role::Drafter, s.county).await;
        let r = s
            .app
            .submit_application(
                "yunxi",
                &applicant(),
                &request("城关镇老旧小区改造计划"),
                "",
            )
            .await
            .unwrap();
        let correction = StepInput {
            action: "request_correction".into(),
            on_date: "2025-03-04".into(),
            note: "请说明所需计划的年度".into(),
            correct_by: "2025-03-14".into(),
            ..Default::default()
        };
        s.clock.set(at(d("2025-03-04")));
        s.app
            .act_on_application(&officer.actor, &r.tracking_number, &correction)
            .await
            .unwrap();

        let mut web = s.client();
        web.login("officer").await;
        let case = web
            .get(&format!("/admin/applications/{}", &r.tracking_number))
            .await
            .text();
        assert!(case.contains("政府信息公开申请补正告知书"), "{}", s.label);
        assert!(!case.contains("/letters/reply"), "no reply yet");
        let page = web
            .get(&format!(
                "/admin/applications/{}/letters/correction",
                &r.tracking_number
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains("王晓明："));
        assert!(html.contains("请说明所需计划的年度"));
        assert!(html.contains("请于2025年3月14日前提交补正材料"));
        assert!(html.contains("2025年3月4日"), "dated on the notice day");
        assert_eq!(
            web.get(&format!(
                "/admin/applications/{}/letters/reply",
                &r.tracking_number
            ))
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            web.get(&format!(
                "/admin/applications/{}/letters/nonsense",
                &r.tracking_number
            ))
            .await
            .status,
            StatusCode::NOT_FOUND
        );

        let pdf = web
            .get(&format!(
                "/admin/applications/{}/letters/correction/pdf",
                r.tracking_number.clone()
            ))
            .await;
        if crate_has_font() {
            assert_eq!(pdf.status, StatusCode::OK);
            assert_eq!(pdf.content_type(), "application/pdf");
            assert!(pdf.body.starts_with(b"%PDF-"));
            let body = String::from_utf8_lossy(&pdf.body);
            assert!(
                body.contains("/FontFile3") || body.contains("/FontFile2"),
                "the font is embedded"
            );
            assert!(
                body.contains("/ToUnicode"),
                "text can be searched and copied"
            );
            assert!(
                pdf.body.len() < 400_000,
                "subset, not the whole font: {} bytes",
                pdf.body.len()
            );
        } else {
            assert_eq!(pdf.status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(pdf.text().contains("fonts-noto-cjk"));
        }

        // Another role cannot read letters naming the applicant.
        let mut drafter = s.client();
        drafter.login("drafter").await;
        assert_eq!(
            drafter
                .get(&format!(
                    "/admin/applications/{}/letters/correction",
                    &r.tracking_number
                ))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            drafter.get("/admin/letters").await.status,
            StatusCode::FORBIDDEN
        );

        // The organisation's own wording.
        let t = web.get("/admin/letters").await;
        assert_eq!(t.status, StatusCode::OK);
        assert!(t.text().contains("{{补正期限}}"));
        let path = format!("/admin/letters/{}/correction", s.county);
        let bad = web
            .submit(&path, &[("body", "{{申请人}}：\n请补充{{身份证号码}}")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().contains("未知的占位符"));
        let ok = web
            .submit(&path, &[("body", "{{申请人}}：\n您的申请（{{申请编号}}）需补正：{{补正事项}}。期限：{{补正期限}}。")])
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let html = web
            .get(&format!(
                "/admin/applications/{}/letters/correction",
                &r.tracking_number
            ))
            .await
            .text();
        assert!(html.contains(
            "您的申请（yunxi-2025-00001）需补正：请说明所需计划的年度。期限：2025年3月14日。"
        ));
        assert!(web.get("/admin/letters").await.text().contains("已自定义"));
        assert_eq!(
            web.submit(&path, &[("body", "")]).await.status,
            StatusCode::SEE_OTHER
        );
        let html = web
            .get(&format!(
                "/admin/applications/{}/letters/correction",
                &r.tracking_number
            ))
            .await
            .text();
        assert!(
            html.contains("无正当理由逾期不补正的，视为放弃申请"),
            "the default is back"
        );

        // The reply letter on the public tracking page, without the name.
        let got = StepInput {
            action: "receive_correction".into(),
            on_date: "2025-03-06".into(),
            ..Default::default()
        };
        s.clock.set(at(d("2025-03-10")));
        s.app
            .act_on_application(&officer.actor, &r.tracking_number, &got)
            .await
            .unwrap();
        let reply = StepInput {
            action: "reply".into(),
            on_date: "2025-03-10".into(),
            outcome: "partly_disclosed".into(),
            basis: "《中华人民共和国政府信息公开条例》第三十七条".into(),
            withheld: "涉及个人隐私的住户名单".into(),
            ..Default::default()
        };
        s.app
            .act_on_application(&officer.actor, &r.tracking_number, &reply)
            .await
            .unwrap();
        let mut public = s.client();
        let t = public
            .post(
                "/yunxi/xxgk/ysq/cx",
                &[("number", &r.tracking_number), ("code", &r.query_code)],
            )
            .await
            .text();
        assert!(t.contains("政府信息公开申请答复书"));
        assert!(t.contains("申请人："), "addressed without the name");
        assert!(t.contains("不予公开的内容及理由：涉及个人隐私的住户名单"));
        assert!(!t.contains("王晓明"));
    }
}

/// Whether this machine has the CJK font the PDF letters embed (CI installs it).
fn crate_has_font() -> bool {
    std::env::var("GONGKAI_CJK_FONT").is_ok()
        || [
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
            "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        ]
        .iter()
        .any(|p| std::path::Path::new(p).exists())
}
