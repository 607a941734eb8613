//! A Word file into the new-document form, checked and saved; the body edited as text,
//! never as HTML.

mod support;

use axum::http::StatusCode;
use gongkai_app::testing::docx::{Flavour, county_notice};
use gongkai_app::testing::{at, d};
use gongkai_domain::role::Role;
use support::*;

/// The textarea's content on a form page.
fn body_of(html: &str) -> String {
    let start = html.find("name=\"body\"").expect("the body field");
    let open = html[start..].find('>').unwrap() + start + 1;
    let close = html[open..].find("</textarea>").unwrap() + open;
    html[open..close]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[tokio::test]
async fn a_word_file_fills_the_form_and_the_body_is_edited_as_text() {
    for s in apps().await {
        s.clock.set(at(d("2025-03-10")));
        s.staff("drafter", Role::Drafter, s.county).await;
        let mut c = s.client();
        c.login("drafter").await;
        c.get("/admin/docs/new").await;
        let csrf = c.csrf.clone();
        let r = c
            .upload(
                &format!("/admin/docs/word?_csrf={csrf}"),
                "分工方案.docx",
                &county_notice(Flavour::Wps, true),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.text());
        let html = r.text();
        assert!(
            html.contains(
                "已从《分工方案.docx》读取标题、文号、成文日期、公开属性，正文6段、表格1个"
            ),
            "{}",
            s.label
        );
        assert!(html.contains("value=\"云溪县人民政府关于印发2025年重点工作任务分工方案的通知\""));
        assert!(html.contains("value=\"云政发〔2025〕8号\""));
        assert!(html.contains("value=\"2025-03-04\""));
        let body = body_of(&html);
        assert!(body.starts_with("各乡镇人民政府，县直各单位：\n"), "{body}");
        assert!(body.contains("| 农村公路养护 | 县交通运输局 | 2025年10月 |"));

        // Saved through the ordinary form, the text becomes structure.
        let org = s.county.to_string();
        let r = c
            .submit(
                "/admin/docs/new",
                &[
                    ("org", &org),
                    (
                        "title",
                        "云溪县人民政府关于印发2025年重点工作任务分工方案的通知",
                    ),
                    ("doc_number", "云政发〔2025〕8号"),
                    ("written_on", "2025-03-04"),
                    ("topic", "zhzw"),
                    ("category", "a20-01"),
                    ("column", "statutory"),
                    ("attribute", "proactive"),
                    ("body_format", "text"),
                    ("body", &body),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.text());
        let page = r.location().split('?').next().unwrap().to_owned();
        let index = page.rsplit('/').next().unwrap().to_owned();
        let edit = c.get(&format!("{page}/edit")).await.text();
        let again = body_of(&edit);
        assert_eq!(again, body, "{}: the same text comes back", s.label);
        assert!(!again.contains("<p>") && !again.contains("<table"));
        // The stored body is structure, escaped.
        let v = s
            .app
            .document_view(&s.user("drafter", &[], false).await, &index)
            .await
            .unwrap();
        assert!(
            v.doc.body.contains("<h2>一、总体要求</h2>"),
            "{}",
            v.doc.body
        );
        assert!(v.doc.body.contains("<th scope=\"col\">牵头单位</th>"));

        // An old .doc is refused with what to do.
        let r = c
            .upload(
                &format!("/admin/docs/word?_csrf={csrf}"),
                "旧格式.doc",
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("另存为"));
    }
}
