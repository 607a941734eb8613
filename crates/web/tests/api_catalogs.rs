//! Standard catalogs over the JSON API: import a table as the body (a bad one is a
//! 422 naming sheet and row), review and publish, derive with a reasoned removal,
//! tag content, export, and the public list of published catalogs.

mod support;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use gongkai_app::catalog_xlsx::write;
use gongkai_domain::catalog::{CatalogItem, RawItem};
use gongkai_domain::role::Role;
use serde_json::json;
use support::*;

fn item(first: &str) -> CatalogItem {
    RawItem {
        domain: "社会救助".into(),
        first: first.into(),
        content: "名单".into(),
        basis: "《社会救助暂行办法》".into(),
        time_limit: "信息形成或变更之日起20个工作日内".into(),
        subject: "县民政局".into(),
        channels: vec!["政府网站".into()],
        audience: "全社会".into(),
        method: "主动".into(),
        ..Default::default()
    }
    .parse_complete(|_| true)
    .unwrap()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn catalogs_through_the_api() {
    for s in apps().await {
        let dept = s
            .staff("dept-officer", Role::DisclosureOfficer, s.dept)
            .await;
        let town = s
            .staff("town-officer", Role::DisclosureOfficer, s.town)
            .await;
        let sup = s.staff("supervisor", Role::Supervisor, s.county).await;
        let mut bad = item("临时救助");
        bad.content = String::new();
        let r = s
            .request(
                Method::POST,
                "/api/v1/catalogs/import?org=czj",
                Some(&dept.token),
                Some(XLSX),
                Body::from(write("县财政局", &[bad]).unwrap()),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        let e = r.json();
        assert_eq!(e["ready"], false);
        assert_eq!(e["preview"]["errors"][0]["sheet"], "社会救助");
        assert_eq!(e["preview"]["errors"][0]["row"], 4);
        assert!(
            e["preview"]["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("缺少公开内容")
        );
        // An area that is not a domain: a dry run says so; map_area lets it in.
        let mut jobs = item("就业援助");
        jobs.domain = "就业".into();
        let jobs_table = write("县财政局", &[jobs]).unwrap();
        let r = s
            .request(
                Method::POST,
                "/api/v1/catalogs/import?org=czj&dry_run=true",
                Some(&dept.token),
                Some(XLSX),
                Body::from(jobs_table.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let p = r.json();
        assert_eq!(p["ready"], false);
        assert_eq!(p["preview"]["areas"][0]["name"], "就业");
        assert_eq!(p["preview"]["areas"][0]["status"]["kind"], "undecided");
        assert!(p["what_to_do"].as_str().unwrap().contains("就业"));
        let mapped = format!(
            "/api/v1/catalogs/import?org=czj&dry_run=1&map_area={}",
            "%E5%B0%B1%E4%B8%9A=%E5%B0%B1%E4%B8%9A%E5%88%9B%E4%B8%9A"
        );
        let r = s
            .request(
                Method::POST,
                &mapped,
                Some(&dept.token),
                Some(XLSX),
                Body::from(jobs_table.clone()),
            )
            .await;
        assert_eq!(r.json()["ready"], true, "{}", r.text());
        assert_eq!(
            r.json()["preview"]["areas"][0]["status"]["domain"],
            "就业创业"
        );
        let r = s
            .request(
                Method::POST,
                "/api/v1/catalogs/import?org=czj&add_areas=true",
                Some(&dept.token),
                Some(XLSX),
                Body::from(jobs_table),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "adding domains is the platform administrator's"
        );
        let table = write("县财政局", &[item("最低生活保障"), item("临时救助")]).unwrap();
        let r = s
            .request(
                Method::POST,
                "/api/v1/catalogs/import?org=czj",
                Some(&dept.token),
                Some(XLSX),
                Body::from(table.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()[0]["catalog_id"].as_i64().unwrap();
        let r = s
            .request(
                Method::POST,
                "/api/v1/catalogs/import?org=czj",
                None,
                Some(XLSX),
                Body::from(table),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);

        let act = |who: &Staff, action: &str, note: &str| {
            let path = format!("/api/v1/catalogs/{id}/actions");
            let body = json!({"action": action, "note": note});
            let token = who.token.clone();
            let s = &s;
            async move { s.json(Method::POST, &path, Some(&token), &body).await }
        };
        assert_eq!(act(&dept, "submit", "").await.status, StatusCode::OK);
        assert_eq!(
            act(&dept, "approve", "").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(act(&sup, "publish", "").await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            act(&sup, "return", "").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let r = act(&sup, "approve", "同意").await;
        assert_eq!(r.json()["catalog"]["status"], "approved");
        let r = act(&dept, "publish", "").await;
        assert_eq!(r.json()["catalog"]["published_version"], 1);
        assert_eq!(act(&dept, "publish", "").await.status, StatusCode::CONFLICT);
        assert_eq!(
            act(&dept, "fly", "").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );

        // The township derives and leaves one item out with a reason.
        let r = s
            .json(
                Method::POST,
                "/api/v1/catalogs/derive",
                Some(&town.token),
                &json!({"org": "qingshi", "reference_id": id}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let derived = r.json()["catalog"]["id"].as_i64().unwrap();
        let r = s
            .json(
                Method::POST,
                &format!("/api/v1/catalogs/{derived}/removals"),
                Some(&town.token),
                &json!({"item": "临时救助/", "reason": "由县级统一公开"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let v = r.json();
        assert_eq!(v["catalog"]["version"], 2);
        assert_eq!(v["catalog"]["diff"][1]["kind"], "removed");

        // Tagging needs a published document of the catalog's organisation.
        let r = s
            .json(
                Method::POST,
                &format!("/api/v1/catalogs/{id}/links"),
                Some(&dept.token),
                &json!({"item": "最低生活保障/", "index_number": "NONE-2025-00001"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

        let list = s.get("/api/v1/catalogs", Some(&sup.token)).await.json();
        assert_eq!(list.as_array().unwrap().len(), 2);
        let csv = s
            .get(
                &format!("/api/v1/catalogs/{id}/export?format=csv&published=true"),
                Some(&dept.token),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.text().contains("\"最低生活保障\""));
        let x = s
            .get(
                &format!("/api/v1/catalogs/{derived}/export"),
                Some(&town.token),
            )
            .await;
        assert!(x.body.starts_with(b"PK"));
        let none = s
            .get(
                &format!("/api/v1/catalogs/{derived}/export?published=true"),
                Some(&town.token),
            )
            .await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);

        let public = s.get("/api/v1/orgs/czj/catalogs", None).await.json();
        assert_eq!(public["catalogs"][0]["domain"], "社会救助");
        assert_eq!(public["catalogs"][0]["items"].as_array().unwrap().len(), 2);
        assert_eq!(
            s.get("/api/v1/orgs/qingshi/catalogs", None).await.json()["catalogs"],
            json!([])
        );
    }
}
