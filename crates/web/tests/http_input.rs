//! Bad input through HTTP: injection payloads stay inert, oversized bodies and files
//! are refused with 413, failures leave nothing behind, unknown addresses give the
//! Chinese 404 page.

mod support;

use axum::http::StatusCode;
use gongkai_app::{ActionInput, Actor};
use gongkai_domain::role::Role;
use gongkai_domain::workflow::Action;
use gongkai_store::documents::DocQuery;
use support::*;

const XSS: &str = r#"<script>alert("x")</script><img src=x onerror=alert(1)>"#;
const SQL: &str = "'; DROP TABLE documents; --";

#[tokio::test]
async fn injection_payloads_are_inert_everywhere() {
    for s in sites().await {
        let c = Actor::cli();
        s.user("drafter", &[(Role::Drafter, s.county)], false).await;
        let reviewer = s
            .user("reviewer", &[(Role::Reviewer, s.county)], false)
            .await;
        let secrecy = s
            .user("secrecy", &[(Role::SecrecyReviewer, s.county)], false)
            .await;
        let approver = s
            .user("approver", &[(Role::Approver, s.county)], false)
            .await;
        s.user("admin", &[], true).await;

        // Organisation fields through the admin form.
        let mut admin = s.client();
        admin.login("admin").await;
        let payload = format!("{XSS}{SQL}");
        let p = admin
            .submit(
                &format!("/admin/orgs/{}", s.county),
                &[
                    ("level", "county"),
                    ("name", "云溪县人民政府"),
                    ("slug", "yunxi"),
                    ("index_code", "11350999MB0012345X"),
                    ("intro", &payload),
                    ("office", &payload),
                    ("address", &payload),
                    ("hours", &payload[..40]),
                    ("phone", "0599-1234567"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}: {}", s.label, p.text());
        // A slug or an index code carrying payloads is refused with a message.
        let p = admin
            .submit(
                &format!("/admin/orgs/{}", s.county),
                &[
                    ("level", "county"),
                    ("name", "x"),
                    ("slug", SQL),
                    ("index_code", XSS),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            p.text().contains("网址标识须为") && p.text().contains("索引号机构代码须为"),
            "{}",
            p.text()
        );

        // A document with payloads in every text field, through the editor.
        let mut d = s.client();
        d.login("drafter").await;
        let county = s.county.to_string();
        let p = d
            .submit(
                "/admin/docs/new",
                &[
                    ("org", &county),
                    ("title", &payload),
                    ("written_on", "2026-02-27"),
                    ("topic", "zhzw"),
                    ("summary", &payload),
                    ("body", &format!("<p>正文</p>{XSS}<p>{SQL}</p>")),
                    ("attribute", "proactive"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}: {}", s.label, p.text());
        // Payloads in fields that must parse are refused, with the reason.
        let p = d
            .submit(
                "/admin/docs/new",
                &[
                    ("org", &county),
                    ("title", "t"),
                    ("doc_number", SQL),
                    ("written_on", XSS),
                    ("topic", SQL),
                    ("attribute", XSS),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        for msg in ["文号", "成文日期", "主题分类", "公开属性"] {
            assert!(
                p.text().contains(msg),
                "{}: no message about {msg}",
                s.label
            );
        }
        assert!(
            !p.text().contains("<script>alert"),
            "the refused input is echoed escaped"
        );

        let (docs, total) = s
            .app
            .staff_documents(&c, DocQuery::default())
            .await
            .unwrap();
        assert_eq!(
            total, 1,
            "{}: the refused form left nothing behind",
            s.label
        );
        let id = docs[0].index_number.clone();
        assert_eq!(
            docs[0].title, payload,
            "{}: the title is kept as typed",
            s.label
        );
        let p = d
            .submit(&format!("/admin/docs/{id}/act"), &[("action", "submit")])
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        for (who, a) in [
            (&reviewer, Action::Review),
            (&secrecy, Action::SecrecyClear),
            (&approver, Action::Approve),
        ] {
            s.app.act(who, &id, ActionInput::new(a)).await.unwrap();
        }

        // Every page that shows these fields shows them as text.
        let index = s.app.document_view(&c, &id).await.unwrap().doc.index_number;
        let mut anon = s.client();
        for path in [
            format!("/yunxi/xxgk/doc/{index}"),
            "/yunxi/xxgk/zn".into(),
            "/yunxi/".into(),
            "/yunxi/xxgk/ml".into(),
            "/".into(),
            format!("/admin/docs/{id}"),
        ] {
            let p = if path.starts_with("/admin") {
                d.get(&path).await
            } else {
                anon.get(&path).await
            };
            assert_eq!(p.status, StatusCode::OK, "{}: {path}", s.label);
            assert!(
                !p.text().contains("<script>alert"),
                "{}: raw script on {path}",
                s.label
            );
            assert!(
                !p.text().contains("<img src=x onerror"),
                "{}: raw handler on {path}",
                s.label
            );
        }
        let p = anon.get(&format!("/yunxi/xxgk/doc/{index}")).await;
        assert!(
            p.text().contains("&#60;script&#62;alert") || p.text().contains("&lt;script&gt;alert"),
            "the title is shown escaped"
        );
        assert!(
            p.text().contains("DROP TABLE documents"),
            "the SQL text is just text"
        );
        // The tables are all still there.
        assert_eq!(
            s.app.public_documents(DocQuery::default()).await.unwrap().1,
            1,
            "{}",
            s.label
        );
        // A search for the payload in the staff list is a plain substring search.
        let p = d.get(&format!("/admin/docs?q={}", "%27%3B%20DROP")).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.text().contains("DROP TABLE"), "{}", s.label);
    }
}

#[tokio::test]
async fn oversized_bodies_uploads_and_unknown_addresses() {
    for s in sites().await {
        let drafter = s.user("drafter", &[(Role::Drafter, s.county)], false).await;
        let mut d = s.client();
        d.login("drafter").await;

        // A form body over the 4 MiB limit: 413 with a Chinese page, nothing saved.
        let huge = "正".repeat(1_500_000);
        let county = s.county.to_string();
        let p = d
            .submit(
                "/admin/docs/new",
                &[
                    ("org", &county),
                    ("title", "大"),
                    ("written_on", "2026-02-27"),
                    ("topic", "zhzw"),
                    ("attribute", "proactive"),
                    ("body", &huge),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", s.label);
        assert!(
            p.content_type().starts_with("text/html") && p.text().contains("过大"),
            "{}",
            p.text()
        );
        assert_eq!(
            s.app
                .staff_documents(&drafter, DocQuery::default())
                .await
                .unwrap()
                .1,
            0
        );

        // Uploads: over the limit → 413; wrong content for the extension → refused; a real PDF → kept.
        let id = s
            .app
            .create_document(
                &drafter,
                s.county,
                &gongkai_domain::document::RawDocument {
                    title: "有附件的文件".into(),
                    written_on: "2026-02-27".into(),
                    topic: "zhzw".into(),
                    attribute: "proactive".into(),
                    ..Default::default()
                },
                &[],
            )
            .await
            .unwrap();
        let url = format!("/admin/docs/{id}/attachments?_csrf={}", d.csrf);
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(2 * 1024 * 1024, b'x');
        let p = d.upload(&url, "大文件.pdf", &big).await;
        assert_eq!(
            p.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}: {}",
            s.label,
            p.text()
        );
        let p = d
            .upload(&url, "伪装.pdf", b"<html><script>alert(1)</script></html>")
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(p.text().contains("附件内容与扩展名"), "{}", p.text());
        let p = d.upload(&url, "程序.exe", b"MZ\x90\x00").await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        let p = d
            .upload(
                &format!("/admin/docs/{id}/attachments?_csrf=forged"),
                "a.pdf",
                b"%PDF-1.4 ok",
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let p = d.upload(&url, "../../通知.pdf", b"%PDF-1.4 fine").await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}: {}", s.label, p.text());
        let view = s.app.document_view(&drafter, &id).await.unwrap();
        assert_eq!(view.attachments.len(), 1, "{}", s.label);
        assert_eq!(view.attachments[0].filename, "通知.pdf");
        let p = d
            .get(&format!("/admin/attachments/{}", view.attachments[0].id))
            .await;
        assert_eq!(
            (p.status, p.text().as_str()),
            (StatusCode::OK, "%PDF-1.4 fine")
        );
        // Not public: the attachment is not served on the portal.
        let mut anon = s.client();
        let p = anon
            .get(&format!(
                "/yunxi/xxgk/doc/{}/att/{}",
                view.doc.index_number, view.attachments[0].id
            ))
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);

        // Unknown addresses and malformed query strings give Chinese pages.
        for path in [
            "/yunxi/xxgk/doc/11350999MB0012345X-2026-99999",
            "/nosuch/",
            "/yunxi/xxgk/fdzdgknr/a99",
            "/admin/docs/999999",
        ] {
            let p = d.get(path).await;
            assert_eq!(p.status, StatusCode::NOT_FOUND, "{}: {path}", s.label);
            assert!(
                p.text().contains("页面不存在") || p.text().contains("不存在"),
                "{path}: {}",
                p.text()
            );
            assert!(p.content_type().starts_with("text/html"));
        }
        let p = anon.get("/yunxi/xxgk/ml?page=abc").await;
        assert_eq!(p.status, StatusCode::OK, "a bad page number is page 1");
        let p = anon.get("/yunxi/xxgk/ml?page=99999").await;
        assert_eq!(
            p.status,
            StatusCode::OK,
            "a page past the end is an empty page"
        );
        let p = d.get("/admin/docs/not-a-number").await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
        let p = anon.post("/yunxi/", &[]).await;
        assert_eq!(p.status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(p.text().contains("不支持"), "{}", p.text());
        // Health and metrics.
        assert_eq!(anon.get("/healthz").await.text(), "ok\n");
        // /metrics answers the node's own machine (see http_edge for the rest).
        let m = s
            .send(
                axum::http::Request::get("/metrics")
                    .extension(axum::extract::ConnectInfo::<std::net::SocketAddr>(
                        "127.0.0.1:9000".parse().unwrap(),
                    ))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert!(
            m.text().contains(
                "gongkai_http_requests_total{route=\"/{org}/\",method=\"POST\",status=\"405\"}"
            ),
            "{}",
            m.text()
        );
        assert!(
            m.text().contains("gongkai_documents{state=\"draft\"} 1"),
            "{}: {}",
            s.label,
            m.text()
        );
        // This node runs no lease loop in the test: it says it does not hold it.
        assert!(
            m.text().contains("gongkai_worker_lease{node=\"\"} 0"),
            "{}",
            m.text()
        );
        // Readiness: the database answers with the schema this binary knows.
        s.app.follow_events().await.unwrap();
        let r = anon.get("/readyz").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let ready: serde_json::Value = serde_json::from_str(&r.text()).unwrap();
        assert_eq!(ready["ready"], true);
        assert_eq!(ready["schema_version"], ready["known_version"]);
        assert_eq!(ready["search_lag_seconds"], 0.0);
    }
}
