//! 依申请公开 through the pages: a citizen applies on the portal and tracks the case;
//! an officer registers a letter and takes the steps; personal data stays off public
//! pages; bad input gets Chinese messages and nothing is saved.

mod support;

use axum::http::StatusCode;
use gongkai_app::testing::{at, d};
use gongkai_domain::role::Role;
use support::*;

const APPLICANT: [(&str, &str); 8] = [
    ("kind", "natural_person"),
    ("name", "王晓明"),
    ("id_kind", "resident_card"),
    ("id_number", "11010519491231002X"),
    ("phone", "13800000000"),
    ("title", "2024年城乡低保资金分配情况"),
    ("delivery_form", "electronic"),
    ("delivery_way", "email"),
];

/// The text between `<dt>label</dt><dd>` and `</dd>`, tags removed.
fn dd(html: &str, label: &str) -> String {
    let start = html
        .find(&format!("<dt>{label}</dt><dd>"))
        .unwrap_or_else(|| panic!("no {label} in {html}"))
        + label.len()
        + 13;
    let end = html[start..].find("</dd>").unwrap() + start;
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html[start..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn a_citizen_applies_online_and_tracks_the_case() {
    for s in apps().await {
        s.clock.set(at(d("2025-09-26")));
        let mut web = s.client();
        let page = web.get("/yunxi/xxgk/ysq").await;
        assert_eq!(page.status, StatusCode::OK, "{}", s.label);
        assert!(page.text().contains("向云溪县人民政府申请政府信息公开"));
        assert!(
            web.get("/yunxi/xxgk/")
                .await
                .text()
                .contains("/yunxi/xxgk/ysq")
        );
        // Villages have no 政府信息公开 platform.
        assert_eq!(
            web.get("/qingshi-cun/xxgk/ysq").await.status,
            StatusCode::NOT_FOUND
        );

        // Missing and malformed fields: every problem in Chinese, the input kept.
        let bad = web
            .submit(
                "/yunxi/xxgk/ysq",
                &[
                    ("kind", "natural_person"),
                    ("name", "王晓明"),
                    ("id_kind", "resident_card"),
                    ("id_number", "123"),
                    ("email", "x@"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text();
        for msg in [
            "居民身份证号码应为18位",
            "电子邮箱格式不正确",
            "至少一项",
            "请选择信息提供形式",
            "请选择获取途径",
        ] {
            assert!(html.contains(msg), "{msg} missing");
        }
        assert!(html.contains("value=\"王晓明\""), "input kept");
        assert!(html.contains("aria-invalid=\"true\""));

        let done = web.submit("/yunxi/xxgk/ysq", &APPLICANT).await;
        assert_eq!(done.status, StatusCode::OK);
        let html = done.text();
        let number = dd(&html, "申请编号");
        let code = dd(&html, "查询码");
        assert_eq!(number, "yunxi-2025-00001");
        assert_eq!(code.len(), 8);
        assert!(dd(&html, "答复期限").starts_with("2025-10-30"));
        assert!(!html.contains("11010519491231002X"));

        let form = web.get("/yunxi/xxgk/ysq/cx").await;
        assert_eq!(form.status, StatusCode::OK);
        let wrong = web
            .post(
                "/yunxi/xxgk/ysq/cx",
                &[("number", &number), ("code", "AAAAAAAA")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        assert!(wrong.text().contains("请核对申请编号和查询码"));
        let empty = web.post("/yunxi/xxgk/ysq/cx", &[("number", &number)]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let ok = web
            .post(
                "/yunxi/xxgk/ysq/cx",
                &[("number", &number), ("code", &code)],
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK);
        let html = ok.text();
        assert!(dd(&html, "办理状态").starts_with("已登记"));
        assert_eq!(dd(&html, "答复期限"), "2025-10-30");
        for secret in ["王晓明", "11010519491231002X", "13800000000"] {
            assert!(!html.contains(secret), "{secret} on a public page");
        }
        assert!(!html.contains(&code), "the code is not echoed back");
    }
}

#[tokio::test]
async fn an_officer_registers_a_letter_and_takes_the_steps() {
    for s in apps().await {
        s.clock.set(at(d("2025-03-10")));
        let officer = s.staff("officer", Role::DisclosureOfficer, s.county).await;
        s.staff("head", Role::DisclosureHead, s.county).await;
        s.staff("drafter", Role::Drafter, s.county).await;
        s.staff("supervisor", Role::Supervisor, s.county).await;

        let mut drafter = s.client();
        drafter.login("drafter").await;
        assert_eq!(
            drafter.get("/admin/applications/new").await.status,
            StatusCode::FORBIDDEN
        );

        let mut web = s.client();
        web.login("officer").await;
        let form = web.get("/admin/applications/new").await;
        assert_eq!(form.status, StatusCode::OK, "{}", s.label);
        assert!(form.text().contains("以本机关签收之日为收到申请之日"));
        let mut fields = vec![
            ("org", "yunxi"),
            ("channel", "registered_post"),
            ("received_on", "2025-03-11"),
        ];
        fields.extend_from_slice(&APPLICANT);
        let bad = web.submit("/admin/applications/new", &fields).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().contains("收到申请日期不能晚于今天"));
        fields[2].1 = "2025-03-07";
        let r = web.submit("/admin/applications/new", &fields).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        // The receipt shows the query code, once; the case is one link away.
        let receipt = r.text();
        assert!(receipt.contains("申请已登记") && receipt.contains("<dt>查询码</dt>"));
        let case = receipt_case(&receipt);
        let page = web.get(&case).await;
        let html = page.text();
        assert!(html.contains("王晓明"), "the handler sees the applicant");
        assert!(html.contains("110*************2X"), "the ID number masked");
        assert!(html.contains("邮寄（需签收）"));
        assert!(html.contains("已用1、剩余19个工作日"));

        // A step without its CSRF token is refused; a step that does not fit is explained.
        let act = format!("{case}/act");
        let forged = web.post(&act, &[("action", "accept")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let wrong = web
            .submit(&act, &[("action", "archive"), ("on_date", "2025-03-10")])
            .await;
        assert_eq!(wrong.status, StatusCode::CONFLICT);
        assert!(wrong.text().contains("不能归档"));
        let ok = web
            .submit(&act, &[("action", "accept"), ("on_date", "2025-03-10")])
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let reply = web
            .submit(
                &act,
                &[
                    ("action", "reply"),
                    ("on_date", "2025-03-10"),
                    ("outcome", "disclosed"),
                    ("basis", ""),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        // The form comes back open, as entered, the problem linked to its field.
        let html = reply.text();
        assert!(
            html.contains("<a href=\"#f-basis\">请填写法律依据</a>"),
            "{html}"
        );
        assert!(html.contains("value=\"disclosed\" selected"));
        assert_eq!(
            html.matches("name=\"action\"").count(),
            1,
            "one form at a time"
        );
        let reply = web
            .submit(
                &act,
                &[
                    ("action", "reply"),
                    ("on_date", "2025-03-10"),
                    ("outcome", "disclosed"),
                    (
                        "basis",
                        "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
                    ),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let html = web.get(&case).await.text();
        assert!(html.contains("结果：予以公开"));
        // The page lists what can be done next; each opens its own form.
        assert!(html.contains("?do=deliver#act\">送达</a>"), "{html}");
        assert!(
            !html.contains("name=\"action\""),
            "no form until one is chosen"
        );
        let html = web.get(&format!("{case}?do=deliver")).await.text();
        assert!(html.contains("<h3 id=\"h-act\">送达</h3>"));
        assert_eq!(html.matches("name=\"action\"").count(), 1);
        // An action the state does not allow opens nothing.
        let html = web.get(&format!("{case}?do=extend")).await.text();
        assert!(!html.contains("name=\"action\""));

        // A letter received on 5 Feb is late by 10 March: the dashboard says so.
        let late = s
            .app
            .register_application(
                &officer.actor,
                "yunxi",
                gongkai_domain::application::Channel::Fax,
                d("2025-02-05"),
                &gongkai_domain::application::ApplicantInput {
                    kind: "natural_person".into(),
                    name: "赵六".into(),
                    id_kind: "passport".into(),
                    id_number: "E12345678".into(),
                    phone: "13000000000".into(),
                    ..Default::default()
                },
                &gongkai_domain::application::RequestInput {
                    description: "某路段改造工程的环评批复".into(),
                    delivery_form: "paper".into(),
                    delivery_way: "post".into(),
                    ..Default::default()
                },
                &[],
            )
            .await
            .unwrap();
        let dash = web.get("/admin/").await.text();
        assert!(dash.contains(&late.tracking_number), "{dash}");
        // Sat 8 Feb is a make-up working day: due 4 Mar, late by 5, 6, 7 and 10 Mar.
        assert!(dash.contains("超期4个工作日"), "{dash}");
        assert!(
            !drafter
                .get("/admin/")
                .await
                .text()
                .contains(&late.tracking_number)
        );

        // The register lists it; the supervisor sees the case but not the applicant.
        let list = web.get("/admin/applications?all=1").await.text();
        assert!(list.contains("yunxi-2025-00001"));
        let mut sup = s.client();
        sup.login("supervisor").await;
        let html = sup.get(&case).await.text();
        assert!(html.contains("yunxi-2025-00001") && !html.contains("王晓明"));
        assert!(
            !html.contains("<h2>办理</h2>"),
            "no step forms for a supervisor"
        );
        assert_eq!(drafter.get(&case).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn form_spam_and_code_guessing_are_rate_limited() {
    for s in apps().await {
        s.clock.set(at(d("2025-09-26")));
        let mut web = s.client();
        web.get("/yunxi/xxgk/ysq").await;
        // Ten attempts from one address in ten minutes, valid or not; the eleventh waits.
        for i in 0..10 {
            let fields: &[(&str, &str)] = if i % 2 == 0 {
                &APPLICANT
            } else {
                &[("name", "x")]
            };
            let r = web.submit("/yunxi/xxgk/ysq", fields).await;
            assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "attempt {i}");
        }
        let r = web.submit("/yunxi/xxgk/ysq", &APPLICANT).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", s.label);
        assert!(r.text().contains("提交过于频繁"));
        assert!(r.headers.get("retry-after").is_some());
        // The API shares the allowance.
        let api = s
            .json(
                axum::http::Method::POST,
                "/api/v1/applications",
                None,
                &serde_json::json!({"org": "yunxi"}),
            )
            .await;
        assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(api.json()["error"]["code"], "throttled");
        // Guessing query codes: thirty tries, then a wait.
        for _ in 0..30 {
            let r = web
                .post(
                    "/yunxi/xxgk/ysq/cx",
                    &[("number", "yunxi-2025-00001"), ("code", "AAAAAAAA")],
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND);
        }
        let r = web
            .post(
                "/yunxi/xxgk/ysq/cx",
                &[("number", "yunxi-2025-00001"), ("code", "AAAAAAAA")],
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.text().contains("查询过于频繁"));
    }
}

/// The case page a registration receipt links to.
fn receipt_case(html: &str) -> String {
    html.split("<a class=\"button\" href=\"")
        .nth(1)
        .and_then(|p| p.split('"').next())
        .expect("a link to the case")
        .to_owned()
}

/// A letter scanned on registration, information released with the reply: the officer
/// sees both on the case page; the applicant downloads the released one from the
/// tracking page with the number and code, and nothing without them.
#[tokio::test]
async fn files_on_a_case_from_the_letter_to_the_applicant() {
    for s in apps().await {
        s.clock.set(at(d("2025-03-10")));
        let officer = s.staff("officer", Role::DisclosureOfficer, s.county).await;
        let mut web = s.client();
        web.login("officer").await;
        web.get("/admin/applications/new").await;
        let csrf = web.csrf.clone();
        let mut fields = vec![
            ("_csrf", csrf.as_str()),
            ("org", "yunxi"),
            ("channel", "in_person"),
            ("received_on", "2025-03-10"),
        ];
        fields.extend_from_slice(&APPLICANT);
        let pdf = b"%PDF-1.4\n% letter\n";
        let r = web
            .multipart_as("/admin/applications/new", &fields, "scan", "来信.pdf", pdf)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.text());
        let receipt = r.text();
        assert!(
            receipt.contains("<dt>来信扫描件</dt><dd>1个</dd>"),
            "{}",
            s.label
        );
        let code = dd(&receipt, "查询码");
        let case = receipt_case(&receipt);
        let number = case.rsplit('/').next().unwrap().to_owned();
        let html = web.get(&case).await.text();
        assert!(
            html.contains(">来信.pdf</a>") && html.contains("收到的申请材料"),
            "{}",
            s.label
        );

        web.submit(&format!("{case}/act"), &[("action", "accept")])
            .await;
        let csrf = web.csrf.clone();
        let r = web
            .multipart_as(
                &format!("{case}/files"),
                &[("_csrf", &csrf), ("kind", "released")],
                "file",
                "分配表.pdf",
                pdf,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.text());
        // A file that is not what its name says comes back on the case page.
        let r = web
            .multipart_as(
                &format!("{case}/files"),
                &[("_csrf", &csrf), ("kind", "released")],
                "file",
                "分配表.pdf",
                b"<html>",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("附件内容与扩展名"));
        let reply = gongkai_app::StepInput {
            action: "reply".into(),
            outcome: "disclosed".into(),
            basis: "《中华人民共和国政府信息公开条例》第三十六条第（二）项".into(),
            ..Default::default()
        };
        s.app
            .act_on_application(&officer.actor, &number, &reply)
            .await
            .unwrap();

        // The applicant: the tracking page lists the released file, and downloads it.
        let mut citizen = s.client();
        let page = citizen
            .post(
                "/yunxi/xxgk/ysq/cx",
                &[("number", &number), ("code", &code)],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", s.label);
        let html = page.text();
        assert!(
            html.contains("分配表.pdf") && !html.contains("来信.pdf"),
            "{}",
            s.label
        );
        let id = hidden(&html, "file").expect("a download form");
        let file = citizen
            .post(
                "/yunxi/xxgk/ysq/cx/file",
                &[("number", &number), ("code", &code), ("file", &id)],
            )
            .await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(&file.body[..], pdf);
        assert_eq!(file.headers["cache-control"], "no-store");
        let wrong = citizen
            .post(
                "/yunxi/xxgk/ysq/cx/file",
                &[("number", &number), ("code", "NOTTHECODE"), ("file", &id)],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    }
}
