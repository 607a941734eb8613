//! 推送订阅 in the back office: an organisation's administrator registers an address
//! (bad ones and loops refused with the reason), sees the secret once and the
//! delivery log, sends a delivery again and stops the webhook; nobody else sees it.

mod support;

use axum::http::StatusCode;
use gongkai_app::testing::raw_doc;
use gongkai_domain::role::Role;
use support::*;

#[tokio::test]
async fn an_administrator_registers_watches_and_resends() {
    for t in apps().await {
        t.user("hook-admin", &[(Role::OrgAdmin, t.county)], false)
            .await;
        t.user("hook-drafter", &[(Role::Drafter, t.county)], false)
            .await;
        let mut admin = t.client();
        admin.login("hook-admin").await;
        let home = admin.get("/admin/").await.text();
        assert!(home.contains("href=\"/admin/webhooks\""), "{}", t.label);
        let page = admin.get("/admin/webhooks").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("尚未登记推送地址"));

        for (url, words) in [
            ("ftp://hook.example.gov.cn/in", "http:// 或 https://"),
            ("http://localhost/api/in", "本平台自身"),
            ("hook.example.gov.cn", "有效的网址"),
        ] {
            let r = admin
                .submit("/admin/webhooks", &[("org", "yunxi"), ("url", url)])
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
            let html = r.text();
            assert!(html.contains(words), "{url}: {html}");
            // The form keeps what was typed.
            assert!(html.contains(&format!("value=\"{url}\"")), "{url}");
        }
        // Nothing was saved by the refusals.
        assert!(
            t.app
                .webhooks(&t.user("hook-admin", &[], false).await)
                .await
                .unwrap()
                .is_empty()
        );

        let r = admin
            .submit(
                "/admin/webhooks",
                &[
                    ("org", "yunxi"),
                    ("url", "http://127.0.0.1:9/in"),
                    ("topics", "document.published"),
                    ("topics", "document.withdrawn"),
                    ("note", "县融媒体中心"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let html = r.text();
        assert!(html.contains("签名密钥"));
        let secret = html
            .split("<code>")
            .nth(1)
            .and_then(|s| s.split("</code>").next())
            .unwrap()
            .to_owned();
        assert_eq!(secret.len(), 48, "{secret}");
        assert!(html.contains("文件公开（document.published）"));
        assert!(html.contains("文件撤回（document.withdrawn）"));
        let list = admin.get("/admin/webhooks").await.text();
        assert!(list.contains("http://127.0.0.1:9/in") && list.contains("县融媒体中心"));
        assert!(!list.contains(&secret), "the secret is not on the list");
        let id = t
            .app
            .webhooks(&t.user("hook-admin", &[], false).await)
            .await
            .unwrap()[0]
            .hook
            .id;

        // A publication, a failed attempt, its log, a redelivery by hand.
        let s = t.signers(t.county).await;
        let index = t
            .app
            .create_document(
                &s.drafter,
                t.county,
                &raw_doc("关于春耕备耕的通知", "", "2026-03-02"),
                &[],
            )
            .await
            .unwrap();
        s.advance(&t.app, &index, 4).await;
        let run = t.app.run_webhooks_once().await.unwrap();
        assert_eq!((run.queued, run.failed), (1, 1), "{}", t.label);
        let page = admin.get(&format!("/admin/webhooks/{id}")).await.text();
        assert!(page.contains("无法连接"), "{page}");
        assert!(page.contains("待推送") && page.contains(&index));
        let delivery = page
            .split("/deliveries/")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .unwrap()
            .to_owned();
        let r = admin
            .submit(
                &format!("/admin/webhooks/{id}/deliveries/{delivery}/redeliver"),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text();
        assert!(html.contains("重新发送失败"), "{html}");
        assert!(html.contains("人工重发"));

        // Stopped and resumed.
        let r = admin
            .submit(&format!("/admin/webhooks/{id}/active"), &[("active", "0")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            admin
                .get(&format!("/admin/webhooks/{id}"))
                .await
                .text()
                .contains("已停用")
        );

        // Someone without the role: no link, a refusal, nothing to see or resend.
        let mut drafter = t.client();
        drafter.login("hook-drafter").await;
        assert!(
            !drafter
                .get("/admin/")
                .await
                .text()
                .contains("/admin/webhooks")
        );
        assert_eq!(
            drafter.get("/admin/webhooks").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            drafter.get(&format!("/admin/webhooks/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        let r = drafter
            .submit(
                &format!("/admin/webhooks/{id}/deliveries/{delivery}/redeliver"),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // A form without the session's token changes nothing.
        let r = admin
            .post(&format!("/admin/webhooks/{id}/active"), &[("active", "1")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(
            admin
                .get(&format!("/admin/webhooks/{id}"))
                .await
                .text()
                .contains("已停用")
        );
    }
}
