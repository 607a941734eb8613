//! 依申请公开 over the JSON API: online submission and staff registration, the
//! register, one application with its clock and history, steps refused with the reason,
//! and public tracking without personal data.

mod support;

use axum::http::{Method, StatusCode};
use gongkai_app::testing::{at, d};
use gongkai_domain::role::Role;
use serde_json::json;
use support::*;

fn application(org: &str) -> serde_json::Value {
    json!({
        "org": org,
        "applicant": {
            "kind": "business",
            "name": "云溪某某建材有限公司",
            "id_kind": "credit_code",
            "id_number": "11990000MB0000001M",
            "contact_person": "李娜",
            "email": "lina@example.com"
        },
        "doc_number": "云政办发（2024）3号",
        "delivery_form": "electronic",
        "delivery_way": "email"
    })
}

#[tokio::test]
async fn submit_register_act_and_track_through_the_api() {
    for s in apps().await {
        s.clock.set(at(d("2025-09-26")));
        let officer = s.staff("officer", Role::DisclosureOfficer, s.county).await;
        let supervisor = s.staff("supervisor", Role::Supervisor, s.county).await;

        // Incomplete: 422 with every field named.
        let r = s
            .json(
                Method::POST,
                "/api/v1/applications",
                None,
                &json!({"org": "yunxi"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        let fields: Vec<String> = r.json()["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            fields,
            [
                "kind",
                "id_kind",
                "name",
                "id_number",
                "phone",
                "description",
                "delivery_form",
                "delivery_way"
            ]
        );
        let r = s
            .json(
                Method::POST,
                "/api/v1/applications",
                None,
                &json!({"org": "yunxi", "purpose": "x"}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "unknown fields are refused"
        );

        // Online, no token.
        let r = s
            .json(
                Method::POST,
                "/api/v1/applications",
                None,
                &application("yunxi"),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let receipt = r.json();
        let number = receipt["tracking_number"].as_str().unwrap().to_owned();
        let code = receipt["query_code"].as_str().unwrap().to_owned();
        assert_eq!(receipt["received_on"], "2025-09-26");
        assert_eq!(receipt["due_on"], "2025-10-30");

        // Staff registration needs a token and a receipt date.
        let mut letter = application("yunxi");
        letter["channel"] = json!("registered_post");
        let r = s
            .json(Method::POST, "/api/v1/applications", None, &letter)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = s
            .json(
                Method::POST,
                "/api/v1/applications",
                Some(&officer.token),
                &letter,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        letter["received_on"] = json!("2025-09-25");
        let r = s
            .json(
                Method::POST,
                "/api/v1/applications",
                Some(&supervisor.token),
                &letter,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = s
            .json(
                Method::POST,
                "/api/v1/applications",
                Some(&officer.token),
                &letter,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        assert_eq!(r.json()["tracking_number"], "yunxi-2025-00002");

        // The staff view: dates, clock, history, the applicant for the handler only.
        let path = format!("/api/v1/applications/{number}");
        let v = s.get(&path, Some(&officer.token)).await.json();
        assert_eq!(v["status"]["code"], "registered");
        assert_eq!(v["received_on"], "2025-09-26");
        assert_eq!(v["due_on"], "2025-10-30");
        assert_eq!(v["clock"]["allowed"], 20);
        assert_eq!(v["history"][0]["action"]["code"], "register");
        assert_eq!(v["applicant"]["contact_person"], "李娜");
        assert_eq!(v["doc_number"], "云政办发（2024）3号");
        let v = s.get(&path, Some(&supervisor.token)).await.json();
        assert_eq!(v["applicant"], serde_json::Value::Null);
        assert_eq!(s.get(&path, None).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            s.get(
                "/api/v1/applications/yunxi-2025-99999",
                Some(&officer.token)
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );

        // Steps: one that does not fit the state is a 409 with the reason; a reply
        // without its basis is a 422.
        let act = format!("{path}/actions");
        let r = s
            .json(
                Method::POST,
                &act,
                Some(&officer.token),
                &json!({"action": "deliver"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("已登记")
        );
        let r = s
            .json(
                Method::POST,
                &act,
                Some(&officer.token),
                &json!({"action": "reply", "outcome": "withheld_state_secret"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["error"]["fields"][0]["field"], "basis");
        let r = s
            .json(
                Method::POST,
                &act,
                Some(&officer.token),
                &json!({"action": "reply", "outcome": "withheld_state_secret", "basis": "《中华人民共和国政府信息公开条例》第十四条"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let v = r.json();
        assert_eq!(v["status"]["code"], "replied");
        assert_eq!(v["outcome"]["label"], "不予公开：属于国家秘密");
        assert_eq!(v["clock"]["state"]["code"], "stopped");

        // The register.
        let open = s
            .get("/api/v1/applications", Some(&officer.token))
            .await
            .json();
        assert_eq!(
            open.as_array().unwrap().len(),
            1,
            "only the letter is still open"
        );
        let all = s
            .get("/api/v1/applications?all=true", Some(&officer.token))
            .await
            .json();
        assert_eq!(all.as_array().unwrap().len(), 2);

        // Public tracking.
        let r = s
            .json(
                Method::POST,
                "/api/v1/applications/track",
                None,
                &json!({"tracking_number": number, "query_code": "AAAAAAAA"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = s
            .json(
                Method::POST,
                "/api/v1/applications/track",
                None,
                &json!({"tracking_number": number, "query_code": code}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let text = r.text();
        assert!(text.contains("不予公开：属于国家秘密"));
        for secret in ["李娜", "11990000MB0000001M", "lina@example.com", "建材"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
}
