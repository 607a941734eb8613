//! 互动交流 through HTTP: a citizen writes on the portal and reads the published reply;
//! staff dispatch, answer, review and publish on their pages, each role seeing only its
//! buttons; a consultation's comment form, moderation and feedback; the API; the limits;
//! and no personal data on any public page or response.

mod support;

use axum::http::{Method, StatusCode};
use gongkai_app::testing::{at, d};
use gongkai_domain::interaction::consultation::ConsultationInput;
use gongkai_domain::role::Role;
use serde_json::json;
use support::*;

const NAME: &str = "唐小红";
const PHONE: &str = "13912345678";
const EMAIL: &str = "tang@example.com";

fn letter<'a>(publish: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "consult"),
        ("title", "学生资助政策咨询"),
        ("body", body),
        ("name", NAME),
        ("phone", PHONE),
        ("email", EMAIL),
        ("publish", publish),
    ]
}

fn between<'a>(html: &'a str, before: &str, after: &str) -> &'a str {
    html.split(before)
        .nth(1)
        .and_then(|p| p.split(after).next())
        .unwrap_or_else(|| panic!("{before}…{after} not in page"))
}

#[tokio::test]
async fn a_citizen_writes_and_reads_the_published_reply() {
    for s in apps().await {
        s.clock.set(at(d("2026-03-02")));
        let office = s
            .user("office", &[(Role::DisclosureOfficer, s.county)], false)
            .await;
        let unit = s
            .user("unit", &[(Role::DisclosureOfficer, s.dept)], false)
            .await;
        let _ = (&office, &unit);
        let mut web = s.client();
        let home = web.get("/hdjl/").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.text().contains("信访工作条例"), "the petition note");
        let form = web.get("/yunxi/hdjl/xx").await;
        assert_eq!(form.status, StatusCode::OK);
        // Public, with a phone number in it: refused, the kind named, nothing saved.
        let bad = web
            .submit(
                "/yunxi/hdjl/xx",
                &letter("1", "孩子上高一，请问资助政策？电话13912345678"),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(bad.text().contains("手机号码"));
        assert!(
            bad.text().contains("孩子上高一"),
            "what was written stays in the form"
        );
        let done = web
            .submit(
                "/yunxi/hdjl/xx",
                &letter("1", "孩子上高一，家里是脱贫户，请问资助政策？"),
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text());
        let page = done.text();
        let number = between(&page, "<dt>留言编号</dt><dd><strong>", "<").to_owned();
        let code = between(&page, "<dt>查询码</dt><dd><strong>", "<").to_owned();
        assert!(page.contains("2026-03-16"), "due in 10 working days");

        // Staff: the office dispatches to the finance bureau from its page.
        let mut officer = s.client();
        officer.login("office").await;
        let list = officer.get("/admin/messages?f=queue").await.text();
        assert!(list.contains(&number));
        let case = officer
            .get(&format!("/admin/messages/{number}"))
            .await
            .text();
        assert!(
            case.contains(NAME) && case.contains(PHONE),
            "the office reads the writer"
        );
        assert!(case.contains("转办") && !case.contains("提交答复"));
        let r = officer
            .submit(
                &format!("/admin/messages/{number}/act"),
                &[("action", "dispatch"), ("to", "czj")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        // The unit answers; it has no publish button, and cannot approve.
        let mut clerk = s.client();
        clerk.login("unit").await;
        let case = clerk.get(&format!("/admin/messages/{number}")).await.text();
        assert!(case.contains("提交答复") && !case.contains("审核通过"));
        let empty = clerk
            .submit(
                &format!("/admin/messages/{number}/act"),
                &[("action", "reply"), ("reply", " ")],
            )
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.text().contains("请填写答复内容"));
        let r = clerk
            .submit(
                &format!("/admin/messages/{number}/act"),
                &[
                    ("action", "reply"),
                    ("reply", "可享受国家助学金，请向学校资助办申请。"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let wrong = clerk
            .submit(
                &format!("/admin/messages/{number}/act"),
                &[("action", "approve")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::FORBIDDEN, "{}", s.label);
        // The office approves and publishes.
        officer.get(&format!("/admin/messages/{number}")).await;
        let r = officer
            .submit(
                &format!("/admin/messages/{number}/act"),
                &[("action", "approve")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let case = officer
            .get(&format!("/admin/messages/{number}"))
            .await
            .text();
        let title = hidden_value(&case, "public_title");
        let r = officer
            .submit(
                &format!("/admin/messages/{number}/act"),
                &[
                    ("action", "publish"),
                    ("public_title", &title),
                    ("public_body", "孩子上高一，家里是脱贫户，请问资助政策？"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

        // The citizen reads it with the code, and everyone reads it on the portal.
        let t = web
            .post("/yunxi/hdjl/cx", &[("number", &number), ("code", &code)])
            .await;
        assert_eq!(t.status, StatusCode::OK);
        assert!(t.text().contains("可享受国家助学金"));
        let list = web.get("/hdjl/ly/").await.text();
        assert!(list.contains(&title));
        let public = web.get(&format!("/yunxi/hdjl/ly/{number}")).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.text().contains("财政局"));
        assert_eq!(
            web.get(&format!("/czj/hdjl/ly/{number}")).await.status,
            StatusCode::NOT_FOUND
        );
        let stats = web.get("/hdjl/tj").await.text();
        assert!(stats.contains("财政局"));
        for path in [
            "/hdjl/".to_owned(),
            "/hdjl/ly/".to_owned(),
            "/yunxi/hdjl/".to_owned(),
            format!("/yunxi/hdjl/ly/{number}"),
            "/hdjl/tj".to_owned(),
            "/api/v1/messages/published".to_owned(),
        ] {
            let body = s.get(&path, None).await.text();
            for secret in [NAME, PHONE, EMAIL] {
                assert!(!body.contains(secret), "{secret} on {path}");
            }
        }
    }
}

fn hidden_value(html: &str, name: &str) -> String {
    between(html, &format!("name=\"{name}\" value=\""), "\"").to_owned()
}

#[tokio::test]
async fn messages_over_the_api_and_the_limit_per_address() {
    for s in apps().await {
        s.clock.set(at(d("2026-03-02")));
        let office = s.staff("office", Role::DisclosureOfficer, s.county).await;
        let body = json!({
            "org": "yunxi", "kind": "suggest", "title": "公交班次",
            "body": "青石镇到县城的公交班次太少，建议增加。", "name": NAME, "phone": PHONE,
            "publish": true
        });
        let r = s.json(Method::POST, "/api/v1/messages", None, &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let receipt = r.json();
        let number = receipt["tracking_number"].as_str().unwrap().to_owned();
        assert_eq!(receipt["due_on"], "2026-03-16");
        let t = s
            .json(
                Method::POST,
                "/api/v1/messages/track",
                None,
                &json!({"tracking_number": number, "query_code": receipt["query_code"]}),
            )
            .await;
        assert_eq!(t.status, StatusCode::OK);
        assert_eq!(t.json()["status"]["code"], "received");
        assert!(!t.text().contains(PHONE));
        // Staff: without a token 401; with one the writer is there.
        assert_eq!(
            s.get("/api/v1/messages", None).await.status,
            StatusCode::UNAUTHORIZED
        );
        let v = s
            .get(&format!("/api/v1/messages/{number}"), Some(&office.token))
            .await;
        assert_eq!(v.json()["writer_phone"], PHONE);
        assert_eq!(v.json()["actions"], json!(["dispatch", "refuse"]));
        let act = |a: serde_json::Value| {
            let path = format!("/api/v1/messages/{number}/actions");
            let token = office.token.clone();
            let s = &s;
            async move { s.json(Method::POST, &path, Some(&token), &a).await }
        };
        let r = act(json!({"action": "refuse", "reason": "nonsense"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = act(json!({"action": "dispatch", "to": "yunxi"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let r = act(json!({"action": "reply", "reply": "已协调公交公司增开早班车。"})).await;
        assert_eq!(r.json()["status"]["code"], "answered");
        let r = act(json!({"action": "approve"})).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = act(json!({"action": "publish", "public_title": "公交班次", "public_body": "建议增加班次。"})).await;
        assert_eq!(r.status, StatusCode::OK);
        let list = s
            .get("/api/v1/messages/published?org=yunxi", None)
            .await
            .json();
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["reply"], "已协调公交公司增开早班车。");

        // Five messages from one address in ten minutes; the sixth waits.
        for i in 0..4 {
            let mut b = body.clone();
            b["title"] = json!(format!("留言{i}"));
            let r = s.json(Method::POST, "/api/v1/messages", None, &b).await;
            assert_eq!(r.status, StatusCode::CREATED, "{i}");
        }
        let r = s.json(Method::POST, "/api/v1/messages", None, &body).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", s.label);
        assert_eq!(r.json()["error"]["code"], "throttled");

        // The staff list in pages of two by the Link header: all five, once each.
        let mut seen = Vec::new();
        let mut next = Some("/api/v1/messages?filter=all&limit=2".to_owned());
        let mut pages = 0;
        while let Some(path) = next {
            let r = s.get(&path, Some(&office.token)).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            for m in r.json().as_array().unwrap() {
                seen.push(m["tracking_number"].as_str().unwrap().to_owned());
            }
            next = r.next_link();
            pages += 1;
        }
        assert_eq!(pages, 3, "{}", s.label);
        let all = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!((all, seen.len()), (5, 5));
        // The published exchanges by next_cursor: the page after the only one is empty.
        let first = s
            .get("/api/v1/messages/published?limit=1", None)
            .await
            .json();
        let cursor = first["next_cursor"].as_str().unwrap().to_owned();
        assert_eq!(cursor, format!("2026-03-02_{number}"));
        let after = s
            .get(
                &format!("/api/v1/messages/published?limit=1&cursor={cursor}"),
                None,
            )
            .await
            .json();
        assert_eq!(after["items"], json!([]));
        assert_eq!(after["next_cursor"], serde_json::Value::Null);
        for bad in ["cursor=nonsense", "cursor=2026-03-02_x&offset=1"] {
            let r = s
                .get(&format!("/api/v1/messages/published?{bad}"), None)
                .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        }
    }
}

#[tokio::test]
async fn a_consultation_takes_comments_then_publishes_its_feedback() {
    for s in apps().await {
        s.clock.set(at(d("2026-03-02")));
        let drafter = s.user("drafter", &[(Role::Drafter, s.county)], false).await;
        let mut staff = s.client();
        staff.login("drafter").await;
        staff.get("/admin/consultations/new").await;
        // Under 30 days without a reason: refused on the form.
        let short = staff
            .submit(
                "/admin/consultations/new",
                &[
                    ("org", "yunxi"),
                    (
                        "title",
                        "关于《农村人居环境整治办法（征求意见稿）》公开征求意见的公告",
                    ),
                    ("explanation", "起草说明"),
                    ("draft", "第一条……"),
                    ("opens_on", "2026-03-02"),
                    ("closes_on", "2026-03-20"),
                ],
            )
            .await;
        assert_eq!(
            short.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            s.label
        );
        assert!(short.text().contains("少于法定的30日"));
        let id = s
            .app
            .create_consultation(
                &drafter,
                "yunxi",
                &ConsultationInput {
                    title: "关于《农村人居环境整治办法（征求意见稿）》公开征求意见的公告".into(),
                    draft: "第一条……".into(),
                    explanation: "起草说明".into(),
                    opens_on: "2026-03-02".into(),
                    closes_on: "2026-03-20".into(),
                    shortened_reason: "落实省级部署，须于3月底前出台".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let path = format!("/yunxi/hdjl/yjzj/{id}");
        let mut web = s.client();
        assert_eq!(
            web.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "not announced"
        );
        staff.get(&format!("/admin/consultations/{id}")).await;
        let r = staff
            .submit(
                &format!("/admin/consultations/{id}/act"),
                &[("action", "publish")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = web.get(&path).await.text();
        assert!(
            page.contains("落实省级部署"),
            "the shortening reason is shown"
        );
        let r = web
            .submit(
                &path,
                &[
                    ("body", "建议写明清运频次。"),
                    ("name", NAME),
                    ("phone", PHONE),
                    ("public", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("第1条"));
        assert!(
            !web.get(&path).await.text().contains("建议写明清运频次"),
            "moderated first"
        );
        // Over the API too.
        let r = s
            .json(
                Method::POST,
                &format!("/api/v1/consultations/{id}/comments"),
                None,
                &json!({"body": "保洁员工资应有标准。", "name": "王某", "email": EMAIL}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        staff.get(&format!("/admin/consultations/{id}")).await;
        for n in ["1", "2"] {
            let r = staff
                .submit(
                    &format!("/admin/consultations/{id}/act"),
                    &[("action", "accept"), ("number", n)],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
        }
        assert!(web.get(&path).await.text().contains("建议写明清运频次"));
        s.clock.set(at(d("2026-03-21")));
        let closed = web
            .submit(
                &path,
                &[("body", "迟到的意见"), ("name", NAME), ("phone", PHONE)],
            )
            .await;
        assert_eq!(closed.status, StatusCode::CONFLICT);
        assert!(closed.text().contains("截止"));
        // A new day, a new session.
        staff.login("drafter").await;
        staff.get(&format!("/admin/consultations/{id}")).await;
        let early = staff
            .submit(
                &format!("/admin/consultations/{id}/act"),
                &[("action", "feedback")],
            )
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(early.text().contains("未作出采纳决定"));
        for (n, a) in [("1", "adopted"), ("2", "not_adopted")] {
            let r = staff
                .submit(
                    &format!("/admin/consultations/{id}/act"),
                    &[
                        ("action", "decide"),
                        ("number", n),
                        ("adoption", a),
                        ("reason", "理由"),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        }
        let r = staff
            .submit(
                &format!("/admin/consultations/{id}/act"),
                &[("action", "feedback")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = web.get(&path).await.text();
        assert!(page.contains("意见采纳情况反馈"));
        let f = s
            .get(&format!("/api/v1/consultations/{id}/feedback"), None)
            .await
            .json();
        assert_eq!(
            (
                f["received"].as_u64(),
                f["adopted"].as_u64(),
                f["not_adopted"].as_u64()
            ),
            (Some(2), Some(1), Some(1))
        );
        for body in [
            page,
            f.to_string(),
            s.get(&format!("/api/v1/consultations/{id}"), None)
                .await
                .text(),
        ] {
            for secret in [NAME, PHONE, EMAIL] {
                assert!(!body.contains(secret), "{secret} leaked");
            }
        }
    }
}

#[tokio::test]
async fn surveys_proposals_hearings_and_concerns_on_the_portal_and_the_api() {
    for s in apps().await {
        s.clock.set(at(d("2026-03-02")));
        let drafter = s.user("drafter", &[(Role::Drafter, s.county)], false).await;
        let officer = s
            .user("officer", &[(Role::DisclosureOfficer, s.county)], false)
            .await;
        let id = s
            .app
            .create_survey(
                &drafter,
                &gongkai_app::SurveyInput {
                    org: "yunxi".into(),
                    title: "停车状况调查".into(),
                    questions: "[单选] 是否满意？\n- 满意\n- 不满意\n[多选] 哪些区域？\n- 老城区\n- 医院\n[填空] 其他建议".into(),
                    opens_on: "2026-03-02".into(),
                    closes_on: "2026-03-31".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let path = format!("/yunxi/hdjl/wjdc/{id}");
        let mut web = s.client();
        let page = web.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("type=\"radio\" name=\"q0\""));
        // A multiple-choice question left empty: refused, the choice kept.
        let r = web.submit(&path, &[("q0", "1"), ("mobile", PHONE)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(r.text().contains("请回答第2题"));
        let r = web
            .submit(
                &path,
                &[
                    ("q0", "1"),
                    ("q1_0", "1"),
                    ("q1_1", "1"),
                    ("q2", "多建停车场"),
                    ("mobile", PHONE),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("感谢参与"));
        web.get(&path).await;
        let again = web
            .submit(&path, &[("q0", "0"), ("q1_0", "1"), ("mobile", PHONE)])
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let api = s
            .json(
                Method::POST,
                &format!("/api/v1/surveys/{id}/answers"),
                None,
                &json!({"mobile": "13700001111", "answers": [0, [1], ""]}),
            )
            .await;
        assert_eq!(api.status, StatusCode::CREATED, "{}", api.text());
        let v = s.get(&format!("/api/v1/surveys/{id}"), None).await.json();
        assert_eq!(v["respondents"], 2);
        assert_eq!(v["questions"][1]["counts"], json!([1, 2]));
        let results = web.get(&format!("{path}/results.xlsx")).await;
        assert_eq!(results.status, StatusCode::OK);
        assert!(results.content_type().contains("spreadsheetml"));
        assert!(
            !web.get(&path).await.text().contains("多建停车场"),
            "free text is not public"
        );
        assert_eq!(
            web.get(&format!("/czj/hdjl/wjdc/{id}")).await.status,
            StatusCode::NOT_FOUND
        );

        let p = s
            .app
            .register_proposal(
                &officer,
                &gongkai_app::ProposalInput {
                    org: "yunxi".into(),
                    kind: "proposal".into(),
                    number: "第8号".into(),
                    title: "关于加快城区停车设施建设的提案".into(),
                    proposer: "县政协委员 李某".into(),
                    received_on: "2026-03-02".into(),
                },
            )
            .await
            .unwrap();
        s.app
            .reply_proposal(
                &officer,
                p,
                &gongkai_app::ReplyInput {
                    result: "planned".into(),
                    reply: "已列入年度计划。".into(),
                    withheld_reason: String::new(),
                },
            )
            .await
            .unwrap();
        let list = s.get("/api/v1/proposals?year=2026", None).await.json();
        assert_eq!(list[0]["reply"], "已列入年度计划。");
        assert!(web.get("/hdjl/jyta/").await.text().contains("复文已公开"));
        assert!(
            web.get(&format!("/yunxi/hdjl/jyta/{p}"))
                .await
                .text()
                .contains("已列入年度计划")
        );

        // Staff pages: the drafter has surveys and hearings; the officer the register.
        let mut staff = s.client();
        staff.login("officer").await;
        let report = staff
            .get(&format!("/admin/reports/{}/2026", s.county))
            .await
            .text();
        assert!(
            report.contains("承办人大代表建议0件、政协提案1件"),
            "the annual report's section 六 is offered the year's figures"
        );
        for path in [
            "/admin/proposals",
            "/admin/concerns",
            "/admin/surveys",
            "/admin/hearings",
        ] {
            assert_eq!(staff.get(path).await.status, StatusCode::OK, "{path}");
        }
        let r = staff
            .submit(
                "/admin/concerns",
                &[
                    ("org", "yunxi"),
                    ("title", "网传停水"),
                    ("gravity", "other"),
                    ("arose_at", "2026-03-01 09:00"),
                    ("summary", "网民反映"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let board = staff.get("/admin/").await.text();
        assert!(
            board.contains("网传停水") && board.contains("48小时"),
            "{}",
            s.label
        );
        for path in ["/hdjl/wjdc/", "/hdjl/tzh/", "/hdjl/jyta/", "/hdjl/hygz/"] {
            assert_eq!(web.get(path).await.status, StatusCode::OK, "{path}");
        }
    }
}
