//! The JSON API v1, driven through the whole router in-process on every configured
//! backend: public reads, the staff view, the write endpoints per role, bad input,
//! and the OpenAPI document.

mod support;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use gongkai_domain::role::Role;
use gongkai_store::documents::DocQuery;
use serde_json::{Value, json};
use support::{Resp, Staff, TestApp, apps};

/// The people of the county, each with an API token.
struct Cast {
    drafter: Staff,
    reviewer: Staff,
    secrecy: Staff,
    approver: Staff,
    officer: Staff,
    /// 政务公开办 of the county: sees the whole subtree, acts on nothing.
    supervisor: Staff,
    /// A drafter of the township, who has no business with the county's documents.
    town_drafter: Staff,
}

async fn cast(t: &TestApp) -> Cast {
    Cast {
        drafter: t.staff("drafter", Role::Drafter, t.county).await,
        reviewer: t.staff("reviewer", Role::Reviewer, t.county).await,
        secrecy: t.staff("secrecy", Role::SecrecyReviewer, t.county).await,
        approver: t.staff("approver", Role::Approver, t.county).await,
        officer: t.staff("officer", Role::DisclosureOfficer, t.county).await,
        supervisor: t.staff("supervisor", Role::Supervisor, t.county).await,
        town_drafter: t.staff("town-drafter", Role::Drafter, t.town).await,
    }
}

fn doc(org: &str, title: &str, number: &str, written: &str) -> Value {
    json!({
        "org": org,
        "title": title,
        "doc_number": number,
        "written_on": written,
        "topic": "zhzw",
        "category": "a20-01",
        "summary": "内容概述",
        "body": "<p>正文第一段。</p>",
        "attribute": "proactive",
    })
}

fn not_disclosed(mut body: Value) -> Value {
    body["attribute"] = json!("not_disclosed");
    body["legal_ground"] = json!("internal_affairs");
    body["attribute_reason"] = json!("内部事务信息");
    body
}

/// Enters a document through the API and returns its 索引号.
async fn create(t: &TestApp, who: &Staff, body: &Value) -> String {
    let r = t
        .json(Method::POST, "/api/v1/documents", Some(&who.token), body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.label, r.text());
    r.json()["index_number"].as_str().unwrap().to_owned()
}

async fn act(t: &TestApp, who: &Staff, index: &str, body: Value) -> Resp {
    t.json(
        Method::POST,
        &format!("/api/v1/documents/{index}/actions"),
        Some(&who.token),
        &body,
    )
    .await
}

/// Takes a step that must succeed and returns the state code it led to.
async fn step(t: &TestApp, who: &Staff, index: &str, action: &str) -> String {
    let r = act(t, who, index, json!({ "action": action })).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{} {action}: {}",
        t.label,
        r.text()
    );
    r.json()["state"]["code"].as_str().unwrap().to_owned()
}

/// Sends a document through review, secrecy clearance and sign-off.
async fn sign_off(t: &TestApp, c: &Cast, index: &str) -> String {
    assert_eq!(step(t, &c.drafter, index, "submit").await, "pending_review");
    assert_eq!(
        step(t, &c.reviewer, index, "review").await,
        "pending_secrecy"
    );
    assert_eq!(
        step(t, &c.secrecy, index, "secrecy_clear").await,
        "pending_approval"
    );
    step(t, &c.approver, index, "approve").await
}

/// Checks the error envelope and returns its `error` part.
fn error_of(r: &Resp, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert!(
        r.content_type().starts_with("application/json"),
        "{}",
        r.content_type()
    );
    let v = r.json();
    assert_eq!(v["error"]["code"], code, "{v}");
    let message = v["error"]["message"].as_str().unwrap_or("");
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "message should be Chinese: {v}"
    );
    v["error"].clone()
}

fn field_names(e: &Value) -> Vec<String> {
    e["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn indexes(list: &Value) -> BTreeSet<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["index_number"].as_str().unwrap().to_owned())
        .collect()
}

/// Documents in the store, whatever their state.
async fn document_count(t: &TestApp) -> i64 {
    let everyone = gongkai_app::Actor::cli();
    t.app
        .staff_documents(&everyone, DocQuery::default())
        .await
        .unwrap()
        .1
}

// ---- public reads ----

#[tokio::test]
async fn organisations_are_listed_with_their_guide_data() {
    for t in apps().await {
        let r = t.get("/api/v1/orgs", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.label);
        let list = r.json();
        let slugs: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs.len(), 4, "{}: {list}", t.label);
        for s in ["yunxi", "czj", "qingshi", "qingshi-cun"] {
            assert!(slugs.contains(&s), "{s} missing: {list}");
        }
        // One at a time by the Link header: the same four, in the same order.
        let mut paged = Vec::new();
        let mut next = Some("/api/v1/orgs?limit=1".to_owned());
        while let Some(path) = next {
            let r = t.get(&path, None).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            let page = r.json();
            assert_eq!(page.as_array().unwrap().len(), 1, "{path}");
            paged.push(page[0]["slug"].as_str().unwrap().to_owned());
            next = r.next_link();
        }
        assert_eq!(paged, slugs);
        let county = list
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["slug"] == "yunxi")
            .unwrap();
        assert_eq!(county["id"], t.county);
        assert_eq!(county["parent_id"], Value::Null);
        assert_eq!(county["level"]["code"], "county");
        assert_eq!(county["name"], "云溪县人民政府");
        assert_eq!(county["index_code"], "11350999MB0012345X");
        assert_eq!(county["url"], "/yunxi/");
        let dept = list
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["slug"] == "czj")
            .unwrap();
        assert_eq!(dept["parent_id"], t.county);
        assert_eq!(dept["short_name"], "县财政局");

        let r = t.get("/api/v1/orgs/yunxi", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.label);
        let o = r.json();
        assert_eq!(o["slug"], "yunxi");
        assert_eq!(o["contact"]["office"], "云溪县人民政府办公室");
        assert_eq!(o["contact"]["phone"], "0599-1234567");
        assert_eq!(o["contact"]["postcode"], "350999");
        assert_eq!(o["children"], json!(["czj", "qingshi"]), "{o}");
        assert_eq!(o["guide_url"], "/yunxi/xxgk/zn");

        let r = t.get("/api/v1/orgs/qingshi", None).await;
        assert_eq!(r.json()["children"], json!(["qingshi-cun"]));

        let e = error_of(
            &t.get("/api/v1/orgs/nowhere", None).await,
            StatusCode::NOT_FOUND,
            "not_found",
        );
        assert!(e["message"].as_str().unwrap().contains("机构"), "{e}");
    }
}

#[tokio::test]
async fn only_published_proactive_documents_are_public() {
    for t in apps().await {
        let c = cast(&t).await;
        let county_a = create(
            &t,
            &c.drafter,
            &doc("yunxi", "县政府文件甲", "云政发〔2026〕1号", "2026-02-20"),
        )
        .await;
        let county_b = create(
            &t,
            &c.drafter,
            &doc("yunxi", "县政府文件乙", "云政发〔2026〕2号", "2026-02-24"),
        )
        .await;
        let dept_drafter = t.staff("dept-drafter", Role::Drafter, t.dept).await;
        let dept_reviewer = t.staff("dept-reviewer", Role::Reviewer, t.dept).await;
        let dept_secrecy = t.staff("dept-secrecy", Role::SecrecyReviewer, t.dept).await;
        let dept_approver = t.staff("dept-approver", Role::Approver, t.dept).await;
        let dept = Cast {
            drafter: dept_drafter,
            reviewer: dept_reviewer,
            secrecy: dept_secrecy,
            approver: dept_approver,
            officer: c.officer.clone(),
            supervisor: c.supervisor.clone(),
            town_drafter: c.town_drafter.clone(),
        };
        let mut d = doc("czj", "财政局文件", "云财〔2026〕5号", "2026-02-25");
        d["topic"] = json!("czjr");
        let dept_doc = create(&t, &dept.drafter, &d).await;
        let draft = create(&t, &c.drafter, &doc("yunxi", "仍是草稿", "", "2026-02-26")).await;
        let secret = create(
            &t,
            &c.drafter,
            &not_disclosed(doc("yunxi", "不予公开的文件", "", "2026-02-26")),
        )
        .await;
        let pending = create(
            &t,
            &c.drafter,
            &doc("yunxi", "待审核文件", "", "2026-02-26"),
        )
        .await;
        for i in [&county_a, &county_b] {
            assert_eq!(sign_off(&t, &c, i).await, "published", "{}", t.label);
        }
        assert_eq!(sign_off(&t, &dept, &dept_doc).await, "published");
        assert_eq!(sign_off(&t, &c, &secret).await, "archived");
        assert_eq!(
            step(&t, &c.drafter, &pending, "submit").await,
            "pending_review"
        );

        // The list: the three published proactive documents, nothing else.
        let r = t.get("/api/v1/documents", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.label, r.text());
        let list = r.json();
        assert_eq!(list["total"], 3, "{list}");
        assert_eq!(list["page"], 1);
        assert_eq!(list["per_page"], 20);
        let public: BTreeSet<String> = [&county_a, &county_b, &dept_doc]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(indexes(&list), public, "{}", t.label);
        for hidden in [&draft, &secret, &pending] {
            assert!(
                !list.to_string().contains(hidden.as_str()),
                "{hidden} listed"
            );
        }
        let item = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["index_number"] == county_b.as_str())
            .unwrap();
        assert_eq!(item["title"], "县政府文件乙");
        assert_eq!(item["doc_number"], "云政发〔2026〕2号");
        assert_eq!(
            item["org"],
            json!({"slug": "yunxi", "name": "云溪县人民政府"})
        );
        assert_eq!(item["written_on"], "2026-02-24");
        assert_eq!(item["published_on"], "2026-03-02");
        assert_eq!(item["topic"]["code"], "zhzw");
        assert_eq!(item["topic"]["label"], "综合政务");
        assert_eq!(item["category"]["code"], "a20-01");
        assert_eq!(item["validity"]["code"], "valid");
        assert_eq!(item["url"], format!("/yunxi/xxgk/doc/{county_b}"));

        // Filters.
        let only = |q: &'static str| {
            let t = &t;
            async move {
                let r = t.get(&format!("/api/v1/documents?{q}"), None).await;
                assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text());
                indexes(&r.json())
            }
        };
        assert_eq!(only("org=czj").await, [dept_doc.clone()].into());
        assert_eq!(
            only("org=yunxi").await,
            [county_a.clone(), county_b.clone()].into()
        );
        assert_eq!(only("org=yunxi&subtree=false").await.len(), 2);
        assert_eq!(only("org=yunxi&subtree=true").await, public);
        assert_eq!(only("org=qingshi&subtree=true").await, BTreeSet::new());
        assert_eq!(only("topic=czjr").await, [dept_doc.clone()].into());
        assert_eq!(only("category=a20-01&topic=zhzw").await.len(), 2);
        assert_eq!(only("category=a20-02").await.len(), 0);
        assert_eq!(only("column=statutory").await.len(), 3);
        assert_eq!(only("column=rules").await.len(), 0);
        assert_eq!(only("validity=valid").await.len(), 3);
        assert_eq!(only("validity=repealed").await.len(), 0);
        assert_eq!(
            only("org=&topic=").await.len(),
            3,
            "empty values are absent"
        );

        // Pages: per_page is capped; a page past the end is empty, not an error.
        let r = t
            .get("/api/v1/documents?per_page=2&page=2", None)
            .await
            .json();
        assert_eq!(
            (r["total"].clone(), r["page"].clone(), r["per_page"].clone()),
            (json!(3), json!(2), json!(2))
        );
        assert_eq!(r["items"].as_array().unwrap().len(), 1);
        let r = t.get("/api/v1/documents?page=999", None).await;
        assert_eq!(r.status, StatusCode::OK);
        let r = r.json();
        assert_eq!(r["items"], json!([]));
        assert_eq!(r["total"], 3);
        let r = t.get("/api/v1/documents?per_page=1000", None).await.json();
        assert_eq!(r["per_page"], 100);
        let r = t
            .get("/api/v1/documents?page=4294967295&per_page=100", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());

        // The document in full.
        let r = t.get(&format!("/api/v1/documents/{county_a}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.label, r.text());
        let d = r.json();
        assert_eq!(d["title"], "县政府文件甲");
        assert_eq!(d["body"], "<p>正文第一段。</p>");
        assert_eq!(d["summary"], "内容概述");
        assert_eq!(d["column"]["code"], "statutory");
        assert_eq!(d["coissuers"], json!([]));
        assert_eq!(d["attachments"], json!([]));
        assert_eq!(d["url"], format!("/yunxi/xxgk/doc/{county_a}"));
        assert_eq!(d["staff"], Value::Null, "no staff data without a token");

        // Not public, or not there: one and the same answer.
        let missing = t
            .get("/api/v1/documents/11350999MB0012345X-2026-09999", None)
            .await;
        let e = error_of(&missing, StatusCode::NOT_FOUND, "not_found");
        for hidden in [&draft, &secret, &pending] {
            let r = t.get(&format!("/api/v1/documents/{hidden}"), None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{hidden}");
            assert_eq!(
                r.json()["error"],
                e,
                "{hidden} must look like a missing document"
            );
        }

        // Cursors: the next page continues after the last document shown, whatever is
        // published meanwhile (an offset would repeat a document).
        let first = t.get("/api/v1/documents?per_page=2", None).await.json();
        let cursor = first["next_cursor"].as_str().unwrap().to_owned();
        let newer = create(
            &t,
            &c.drafter,
            &doc("yunxi", "新发布的文件", "", "2026-02-27"),
        )
        .await;
        assert_eq!(sign_off(&t, &c, &newer).await, "published");
        let second = t
            .get(
                &format!("/api/v1/documents?per_page=2&cursor={cursor}"),
                None,
            )
            .await
            .json();
        assert_eq!(second["total"], 4, "the total counts everything");
        assert_eq!(second["next_cursor"], Value::Null, "the last page");
        let mut seen: Vec<String> = [&first, &second]
            .iter()
            .flat_map(|p| p["items"].as_array().unwrap().iter())
            .map(|i| i["index_number"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(seen.len(), 3, "{seen:?}");
        seen.sort();
        let mut old: Vec<String> = public.iter().cloned().collect();
        old.sort();
        assert_eq!(seen, old, "each once, the newer one not slipped in");
        let offset = t
            .get("/api/v1/documents?per_page=2&page=2", None)
            .await
            .json();
        assert!(
            offset["items"]
                .to_string()
                .contains(first["items"][1]["index_number"].as_str().unwrap()),
            "an offset repeats"
        );
    }
}

#[tokio::test]
async fn bad_list_parameters_are_refused_by_name() {
    for t in apps().await {
        for (query, param) in [
            ("page=0", "page"),
            ("cursor=abc", "cursor"),
            ("cursor=2026-03-02_2026-02-24_x", "cursor"),
            ("cursor=2026-03-02_2026-02-24_1&page=2", "cursor"),
            ("page=abc", "page"),
            ("page=-1", "page"),
            ("per_page=0", "per_page"),
            ("per_page=1.5", "per_page"),
            ("validity=bogus", "validity"),
            ("category=a99-99", "category"),
            ("topic=%3Cscript%3E", "topic"),
            ("column=x", "column"),
            ("org=nowhere", "org"),
            ("subtree=maybe", "subtree"),
            ("year=2026", "year"),
            ("page=1&page=2", "page"),
        ] {
            let r = t.get(&format!("/api/v1/documents?{query}"), None).await;
            let e = error_of(&r, StatusCode::BAD_REQUEST, "bad_request");
            assert!(
                e["message"].as_str().unwrap().contains(param),
                "{}: {query}: {e}",
                t.label
            );
            assert_eq!(field_names(&e), vec![param.to_owned()], "{query}");
        }
    }
}

// ---- the staff view ----

#[tokio::test]
async fn staff_with_a_token_see_drafts_and_the_trail() {
    for t in apps().await {
        let c = cast(&t).await;
        let draft = create(
            &t,
            &c.drafter,
            &not_disclosed(doc("yunxi", "内部草稿", "", "2026-02-26")),
        )
        .await;
        let path = format!("/api/v1/documents/{draft}");

        let r = t.get(&path, Some(&c.drafter.token)).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.label, r.text());
        let d = r.json();
        assert_eq!(d["title"], "内部草稿");
        assert_eq!(d["url"], Value::Null, "not public: no portal page");
        let s = &d["staff"];
        assert_eq!(s["state"]["code"], "draft", "{d}");
        assert_eq!(s["state"]["label"], "草稿");
        assert_eq!(s["attribute"]["attribute"]["code"], "not_disclosed");
        assert_eq!(s["attribute"]["legal_ground"]["code"], "internal_affairs");
        assert_eq!(s["attribute"]["reason"], "内部事务信息");
        assert_eq!(
            s["allowed_actions"],
            json!([{"code": "submit", "label": "提交审核"}])
        );
        assert!(s["url_staff"].as_str().unwrap().starts_with("/admin/docs/"));
        let trail = s["trail"].as_array().unwrap();
        assert_eq!(trail.len(), 1, "{d}");
        assert_eq!(trail[0]["action"], "document.create");
        assert_eq!(trail[0]["actor"], "drafter");

        assert_eq!(
            step(&t, &c.drafter, &draft, "submit").await,
            "pending_review"
        );
        let d = t.get(&path, Some(&c.reviewer.token)).await.json();
        assert_eq!(d["staff"]["state"]["code"], "pending_review");
        assert_eq!(d["staff"]["trail"].as_array().unwrap().len(), 2);
        assert_eq!(d["staff"]["trail"][1]["action"], "document.submit");
        assert_eq!(
            d["staff"]["allowed_actions"].as_array().unwrap().len(),
            2,
            "review or return: {d}"
        );

        // A supervisor of the county sees it too; a township drafter does not, and
        // gets exactly what the public gets.
        let r = t.get(&path, Some(&c.supervisor.token)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.json()["staff"]["allowed_actions"], json!([]));
        let outsider = t.get(&path, Some(&c.town_drafter.token)).await;
        let anonymous = t.get(&path, None).await;
        assert_eq!(outsider.status, StatusCode::NOT_FOUND);
        assert_eq!(outsider.json(), anonymous.json());

        // A public document seen by an outsider with a token: the public view.
        let public = create(&t, &c.drafter, &doc("yunxi", "公开文件", "", "2026-02-26")).await;
        assert_eq!(sign_off(&t, &c, &public).await, "published");
        let r = t
            .get(
                &format!("/api/v1/documents/{public}"),
                Some(&c.town_drafter.token),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["staff"], Value::Null);
        let r = t
            .get(
                &format!("/api/v1/documents/{public}"),
                Some(&c.officer.token),
            )
            .await;
        assert_eq!(r.json()["staff"]["state"]["code"], "published");
    }
}

// ---- writing, per role ----

#[tokio::test]
async fn entering_and_editing_documents_by_role() {
    for t in apps().await {
        let c = cast(&t).await;
        let before = document_count(&t).await;

        // A reviewer may not enter documents; a township drafter not for the county.
        let body = doc(
            "yunxi",
            "关于做好春耕工作的通知",
            "云政办〔2026〕7号",
            "2026-02-27",
        );
        for who in [&c.reviewer, &c.approver, &c.supervisor, &c.town_drafter] {
            let r = t
                .json(Method::POST, "/api/v1/documents", Some(&who.token), &body)
                .await;
            error_of(&r, StatusCode::FORBIDDEN, "forbidden");
        }
        assert_eq!(
            document_count(&t).await,
            before,
            "{}: refusals leave nothing",
            t.label
        );

        let mut with_coissuer = body.clone();
        with_coissuer["coissuers"] = json!(["czj"]);
        let r = t
            .json(
                Method::POST,
                "/api/v1/documents",
                Some(&c.drafter.token),
                &with_coissuer,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.label, r.text());
        let created = r.json();
        let index = created["index_number"].as_str().unwrap().to_owned();
        assert_eq!(index, "11350999MB0012345X-2026-00001");
        assert_eq!(created["state"]["code"], "draft");
        assert_eq!(created["url_staff"], format!("/admin/docs/{index}"));
        let id = index.to_owned();
        assert_eq!(
            r.headers[header::LOCATION],
            format!("/api/v1/documents/{index}").as_str()
        );
        let view = t.app.document_view(&c.drafter.actor, &id).await.unwrap();
        assert_eq!(view.doc.title, "关于做好春耕工作的通知");
        assert_eq!(view.coissuers.len(), 1);

        // A disclosure officer may enter one too.
        create(&t, &c.officer, &doc("yunxi", "专员录入", "", "2026-02-27")).await;

        // Editing: the drafter while it is a draft; a reviewer never.
        let path = format!("/api/v1/documents/{index}");
        let mut edited = body.clone();
        edited["title"] = json!("关于做好春耕生产工作的通知");
        edited.as_object_mut().unwrap().remove("org");
        let r = t
            .json(Method::PUT, &path, Some(&c.reviewer.token), &edited)
            .await;
        error_of(&r, StatusCode::FORBIDDEN, "forbidden");
        let r = t
            .json(Method::PUT, &path, Some(&c.drafter.token), &edited)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.json()["state"]["code"], "draft");
        let view = t.app.document_view(&c.drafter.actor, &id).await.unwrap();
        assert_eq!(view.doc.title, "关于做好春耕生产工作的通知");
        assert!(view.coissuers.is_empty(), "PUT replaces the whole content");
        // The document's own org may be restated, another may not.
        edited["org"] = json!("yunxi");
        let r = t
            .json(Method::PUT, &path, Some(&c.drafter.token), &edited)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        edited["org"] = json!("czj");
        let r = t
            .json(Method::PUT, &path, Some(&c.drafter.token), &edited)
            .await;
        assert_eq!(
            field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
            ["org"]
        );
        // Someone who may not see the document cannot tell it exists.
        let r = t
            .json(Method::PUT, &path, Some(&c.town_drafter.token), &edited)
            .await;
        error_of(&r, StatusCode::NOT_FOUND, "not_found");
        let r = t
            .json(
                Method::PUT,
                "/api/v1/documents/11350999MB0012345X-2026-09999",
                Some(&c.drafter.token),
                &edited,
            )
            .await;
        error_of(&r, StatusCode::NOT_FOUND, "not_found");

        // Once submitted, the drafter may no longer edit.
        edited["org"] = json!("yunxi");
        assert_eq!(
            step(&t, &c.drafter, &index, "submit").await,
            "pending_review"
        );
        let r = t
            .json(Method::PUT, &path, Some(&c.drafter.token), &edited)
            .await;
        assert!(matches!(r.status.as_u16(), 403 | 422), "{}", r.text());
    }
}

#[tokio::test]
async fn workflow_actions_by_role() {
    for t in apps().await {
        let c = cast(&t).await;
        let index = create(
            &t,
            &c.drafter,
            &doc("yunxi", "流程文件", "云政发〔2026〕9号", "2026-02-27"),
        )
        .await;

        // Each step only by its role.
        let refused = |r: Resp| error_of(&r, StatusCode::FORBIDDEN, "forbidden");
        refused(act(&t, &c.reviewer, &index, json!({"action": "submit"})).await);
        assert_eq!(
            step(&t, &c.drafter, &index, "submit").await,
            "pending_review"
        );
        refused(act(&t, &c.drafter, &index, json!({"action": "review"})).await);
        refused(act(&t, &c.approver, &index, json!({"action": "review"})).await);
        refused(act(&t, &c.supervisor, &index, json!({"action": "review"})).await);
        assert_eq!(
            step(&t, &c.reviewer, &index, "review").await,
            "pending_secrecy"
        );
        refused(act(&t, &c.reviewer, &index, json!({"action": "secrecy_clear"})).await);
        assert_eq!(
            step(&t, &c.secrecy, &index, "secrecy_clear").await,
            "pending_approval"
        );
        refused(act(&t, &c.drafter, &index, json!({"action": "approve"})).await);
        refused(act(&t, &c.secrecy, &index, json!({"action": "approve"})).await);

        // Returning needs a reason.
        let r = act(&t, &c.approver, &index, json!({"action": "return"})).await;
        assert_eq!(
            field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
            ["reason"]
        );
        let r = act(
            &t,
            &c.approver,
            &index,
            json!({"action": "return", "reason": "请补充依据"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.json()["state"]["code"], "draft");
        assert_eq!(sign_off(&t, &c, &index).await, "published", "{}", t.label);
        assert_eq!(
            t.get(&format!("/api/v1/documents/{index}"), None)
                .await
                .status,
            StatusCode::OK
        );

        // An action that does not fit the state, and one that does not exist.
        let r = act(&t, &c.drafter, &index, json!({"action": "submit"})).await;
        assert!(matches!(r.status.as_u16(), 403 | 422), "{}", r.text());
        let r = act(&t, &c.drafter, &index, json!({"action": "publish_now"})).await;
        assert_eq!(
            field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
            ["action"]
        );
        let r = act(&t, &c.drafter, &index, json!({"action": "edit"})).await;
        assert_eq!(
            field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
            ["action"]
        );

        // Withdrawal: by the officer, with a reason; then it is no longer public.
        refused(
            act(
                &t,
                &c.drafter,
                &index,
                json!({"action": "withdraw", "reason": "x"}),
            )
            .await,
        );
        let r = act(
            &t,
            &c.officer,
            &index,
            json!({"action": "withdraw", "reason": "内容需更新"}),
        )
        .await;
        assert_eq!(r.json()["state"]["code"], "withdrawn", "{}", r.text());
        assert_eq!(
            t.get(&format!("/api/v1/documents/{index}"), None)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(step(&t, &c.drafter, &index, "reopen").await, "draft");

        // The reviewer corrects the attribute on review; the document is archived,
        // never public.
        let other = create(
            &t,
            &c.drafter,
            &doc("yunxi", "应不予公开", "", "2026-02-27"),
        )
        .await;
        assert_eq!(
            step(&t, &c.drafter, &other, "submit").await,
            "pending_review"
        );
        let r = act(
            &t,
            &c.drafter,
            &other,
            json!({"action": "submit", "attribute": "on_request"}),
        )
        .await;
        assert_eq!(
            field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
            ["attribute"]
        );
        let r = act(
            &t,
            &c.reviewer,
            &other,
            json!({"action": "review", "attribute": "not_disclosed"}),
        )
        .await;
        assert_eq!(
            field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
            ["legal_ground"]
        );
        let r = act(
            &t,
            &c.reviewer,
            &other,
            json!({"action": "review", "attribute": "not_disclosed", "legal_ground": "process_information", "attribute_reason": "过程性信息"}),
        )
        .await;
        assert_eq!(r.json()["state"]["code"], "pending_secrecy", "{}", r.text());
        assert_eq!(
            step(&t, &c.secrecy, &other, "secrecy_clear").await,
            "pending_approval"
        );
        assert_eq!(step(&t, &c.approver, &other, "approve").await, "archived");
        assert_eq!(
            t.get(&format!("/api/v1/documents/{other}"), None)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let d = t
            .get(
                &format!("/api/v1/documents/{other}"),
                Some(&c.officer.token),
            )
            .await
            .json();
        assert_eq!(
            d["staff"]["attribute"]["legal_ground"]["code"],
            "process_information"
        );
        assert!(
            t.get("/api/v1/documents", None).await.json()["items"]
                .as_array()
                .unwrap()
                .is_empty()
        );

        // Someone outside the organisation: not found, not forbidden.
        let r = act(
            &t,
            &c.town_drafter,
            &other,
            json!({"action": "rereview", "reason": "x"}),
        )
        .await;
        error_of(&r, StatusCode::NOT_FOUND, "not_found");
        // The yearly re-review: by the officer; a drafter may not.
        refused(
            act(
                &t,
                &c.drafter,
                &other,
                json!({"action": "rereview", "reason": "复核"}),
            )
            .await,
        );
        let r = act(
            &t,
            &c.officer,
            &other,
            json!({"action": "rereview", "reason": "复核后转为主动公开", "convert": true}),
        )
        .await;
        assert_eq!(
            r.json()["state"]["code"],
            "pending_approval",
            "{}",
            r.text()
        );
    }
}

#[tokio::test]
async fn validity_and_relations_by_role() {
    for t in apps().await {
        let c = cast(&t).await;
        let old = create(
            &t,
            &c.drafter,
            &doc("yunxi", "旧办法", "云政发〔2026〕10号", "2026-02-20"),
        )
        .await;
        let new = create(
            &t,
            &c.drafter,
            &doc("yunxi", "新办法", "云政发〔2026〕11号", "2026-02-27"),
        )
        .await;
        let reading = create(
            &t,
            &c.drafter,
            &doc("yunxi", "新办法解读", "", "2026-02-27"),
        )
        .await;
        for i in [&old, &new, &reading] {
            assert_eq!(sign_off(&t, &c, i).await, "published");
        }
        let validity = |i: &str| format!("/api/v1/documents/{i}/validity");
        let relations = |i: &str| format!("/api/v1/documents/{i}/relations");

        // Validity: the disclosure officer only.
        let body = json!({"validity": "repealed", "successor_index_number": new, "note": "已被新办法废止"});
        for who in [&c.drafter, &c.approver, &c.supervisor] {
            let r = t
                .json(Method::POST, &validity(&old), Some(&who.token), &body)
                .await;
            error_of(&r, StatusCode::FORBIDDEN, "forbidden");
        }
        let r = t
            .json(
                Method::POST,
                &validity(&old),
                Some(&c.officer.token),
                &json!({"validity": "repealed"}),
            )
            .await;
        assert_eq!(
            field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
            ["successor_index_number"]
        );
        let r = t
            .json(
                Method::POST,
                &validity(&old),
                Some(&c.officer.token),
                &json!({"validity": "void"}),
            )
            .await;
        assert_eq!(
            field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
            ["validity"]
        );
        let r = t
            .json(Method::POST, &validity(&old), Some(&c.officer.token), &body)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.label, r.text());
        assert_eq!(r.json()["validity"]["code"], "repealed");
        let d = t
            .get(&format!("/api/v1/documents/{old}"), None)
            .await
            .json();
        assert_eq!(d["validity"]["code"], "repealed");
        assert_eq!(d["validity"]["label"], "已废止");
        assert_eq!(d["related"][0]["index_number"], new.as_str(), "{d}");
        assert_eq!(d["related"][0]["kind"]["code"], "repeals");
        assert_eq!(d["related"][0]["incoming"], true);
        let only_repealed = t
            .get("/api/v1/documents?validity=repealed", None)
            .await
            .json();
        assert_eq!(indexes(&only_repealed), [old.clone()].into());

        // Relations: editing a published document is the officer's.
        let link = json!({"kind": "interprets", "other_index_number": new});
        let r = t
            .json(
                Method::POST,
                &relations(&reading),
                Some(&c.drafter.token),
                &link,
            )
            .await;
        error_of(&r, StatusCode::FORBIDDEN, "forbidden");
        let r = t
            .json(
                Method::POST,
                &relations(&reading),
                Some(&c.officer.token),
                &link,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.json()["linked"], true);
        let d = t
            .get(&format!("/api/v1/documents/{new}"), None)
            .await
            .json();
        let kinds: Vec<&str> = d["related"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"]["code"].as_str().unwrap())
            .collect();
        assert!(
            kinds.contains(&"interprets") && kinds.contains(&"repeals"),
            "{d}"
        );
        let r = t
            .json(
                Method::POST,
                &relations(&reading),
                Some(&c.officer.token),
                &json!({"kind": "interprets", "other_index_number": new, "link": false}),
            )
            .await;
        assert_eq!(r.json()["linked"], false, "{}", r.text());
        let d = t
            .get(&format!("/api/v1/documents/{new}"), None)
            .await
            .json();
        assert_eq!(d["related"].as_array().unwrap().len(), 1, "{d}");

        for (body, field) in [
            (json!({"kind": "amends", "other_index_number": new}), "kind"),
            (
                json!({"kind": "related", "other_index_number": "11350999MB0012345X-2026-09999"}),
                "other_index_number",
            ),
            (
                json!({"kind": "related", "other_index_number": reading}),
                "other_index_number",
            ),
        ] {
            let r = t
                .json(
                    Method::POST,
                    &relations(&reading),
                    Some(&c.officer.token),
                    &body,
                )
                .await;
            assert_eq!(
                field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid")),
                [field],
                "{body}"
            );
        }
    }
}

// ---- authentication ----

#[tokio::test]
async fn writes_need_a_valid_token() {
    for t in apps().await {
        let c = cast(&t).await;
        let index = create(&t, &c.drafter, &doc("yunxi", "令牌测试", "", "2026-02-27")).await;
        let before = document_count(&t).await;
        let body = doc("yunxi", "无令牌", "", "2026-02-27");
        let writes = [
            (Method::POST, "/api/v1/documents".to_owned()),
            (Method::PUT, format!("/api/v1/documents/{index}")),
            (Method::POST, format!("/api/v1/documents/{index}/actions")),
            (Method::POST, format!("/api/v1/documents/{index}/validity")),
            (Method::POST, format!("/api/v1/documents/{index}/relations")),
        ];
        for (method, path) in &writes {
            let r = t.json(method.clone(), path, None, &body).await;
            error_of(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
            let r = t
                .json(method.clone(), path, Some("gk_not-a-real-token"), &body)
                .await;
            error_of(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
            // No token and a broken body: the 401 comes before any look at the body.
            let r = t
                .request(
                    method.clone(),
                    path,
                    None,
                    Some("application/json"),
                    "{not json",
                )
                .await;
            error_of(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
            // Not a bearer token at all.
            let req = axum::http::Request::builder()
                .method(method.clone())
                .uri(path.as_str())
                .header(header::AUTHORIZATION, "Basic ZHJhZnRlcjpwdw==")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap();
            error_of(
                &t.send(req).await,
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
            );
        }
        assert_eq!(document_count(&t).await, before, "{}", t.label);

        // A revoked token no longer works (reads included).
        let path = format!("/api/v1/documents/{index}");
        assert_eq!(
            t.get(&path, Some(&c.drafter.token)).await.status,
            StatusCode::OK
        );
        let tokens = t.app.tokens_of(&c.drafter.actor).await.unwrap();
        for id in tokens.into_iter().map(|t| t.id) {
            t.app
                .revoke_token(&c.drafter.actor, c.drafter.user_id, id)
                .await
                .unwrap();
        }
        error_of(
            &t.get(&path, Some(&c.drafter.token)).await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        );
    }
}

// ---- bad input ----

#[tokio::test]
async fn invalid_fields_are_reported_per_field() {
    for t in apps().await {
        let c = cast(&t).await;
        let before = document_count(&t).await;
        let post = |body: Value| {
            let t = &t;
            let token = c.drafter.token.clone();
            async move {
                t.json(Method::POST, "/api/v1/documents", Some(&token), &body)
                    .await
            }
        };
        let mut no_title = doc("yunxi", "", "", "2026-02-27");
        no_title.as_object_mut().unwrap().remove("title");
        for (body, field) in [
            (no_title, "title"),
            (doc("yunxi", "文号有误", "abc", "2026-02-27"), "doc_number"),
            (doc("yunxi", "日期有误", "", "2026-02-30"), "written_on"),
            (doc("yunxi", "日期有误", "", "昨天"), "written_on"),
            (doc("yunxi", "日期在未来", "", "2026-12-01"), "written_on"),
            (doc("nowhere", "机构不存在", "", "2026-02-27"), "org"),
            (doc("", "缺少机构", "", "2026-02-27"), "org"),
            (doc("yunxi", "标题\n换行", "", "2026-02-27"), "title"),
            (
                not_disclosed(doc("yunxi", "缺少依据", "", "2026-02-27"))
                    .tap(|b| b["legal_ground"] = json!("")),
                "legal_ground",
            ),
            (
                doc("yunxi", "主题有误", "", "2026-02-27").tap(|b| b["topic"] = json!("nope")),
                "topic",
            ),
            (
                doc("yunxi", "联合发文", "", "2026-02-27")
                    .tap(|b| b["coissuers"] = json!(["nowhere"])),
                "coissuers",
            ),
        ] {
            let r = post(body.clone()).await;
            let e = error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
            assert!(
                field_names(&e).contains(&field.to_owned()),
                "{}: {body}: {e}",
                t.label
            );
            let f = e["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["field"] == field)
                .unwrap();
            assert!(!f["message"].as_str().unwrap().is_empty());
        }
        // Every problem at once.
        let r = post(json!({"org": "yunxi", "doc_number": "abc", "written_on": "x"})).await;
        let names = field_names(&error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid"));
        for f in ["title", "doc_number", "written_on", "topic", "attribute"] {
            assert!(names.contains(&f.to_owned()), "{f} in {names:?}");
        }
        // A duplicate 文号 of the same issuer and year.
        create(
            &t,
            &c.drafter,
            &doc("yunxi", "原文件", "云政发〔2026〕20号", "2026-02-27"),
        )
        .await;
        let r = post(doc("yunxi", "重号文件", "云政发[2026]20号", "2026-02-27")).await;
        error_of(&r, StatusCode::CONFLICT, "conflict");
        assert_eq!(
            document_count(&t).await,
            before + 1,
            "{}: failures leave nothing",
            t.label
        );
    }
}

trait Tap: Sized {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}
impl Tap for Value {}

#[tokio::test]
async fn malformed_requests_get_json_errors() {
    for t in apps().await {
        let c = cast(&t).await;
        let before = document_count(&t).await;
        let token = Some(c.drafter.token.as_str());
        let path = "/api/v1/documents";

        let r = t
            .request(
                Method::POST,
                path,
                token,
                Some("application/json"),
                "{\"title\": ",
            )
            .await;
        error_of(&r, StatusCode::BAD_REQUEST, "bad_request");
        let r = t
            .request(
                Method::POST,
                path,
                token,
                Some("application/json"),
                "[1, 2]",
            )
            .await;
        error_of(&r, StatusCode::BAD_REQUEST, "bad_request");
        let r = t
            .request(
                Method::POST,
                path,
                token,
                Some("application/json"),
                r#"{"org": "yunxi", "title": 5}"#,
            )
            .await;
        error_of(&r, StatusCode::BAD_REQUEST, "bad_request");
        // A misspelt field is refused, not dropped.
        let mut typo = doc("yunxi", "拼写", "", "2026-02-27");
        typo["doc_numbr"] = json!("云政发〔2026〕1号");
        let e = error_of(
            &t.json(Method::POST, path, token, &typo).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        );
        assert!(e["message"].as_str().unwrap().contains("doc_numbr"), "{e}");

        let body = doc("yunxi", "表单提交", "", "2026-02-27").to_string();
        let r = t
            .request(Method::POST, path, token, Some("text/plain"), body.clone())
            .await;
        error_of(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_request");
        let r = t
            .request(
                Method::POST,
                path,
                token,
                Some("application/x-www-form-urlencoded"),
                "title=x",
            )
            .await;
        error_of(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_request");
        let r = t.request(Method::POST, path, token, None, body).await;
        error_of(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_request");

        // Over the 4 MiB limit.
        let mut huge = doc("yunxi", "超大正文", "", "2026-02-27");
        huge["body"] = json!("字".repeat(1_500_000));
        let huge = huge.to_string();
        assert!(huge.len() > 4 * 1024 * 1024);
        let r = t
            .request(Method::POST, path, token, Some("application/json"), huge)
            .await;
        error_of(&r, StatusCode::PAYLOAD_TOO_LARGE, "too_large");

        // Unknown endpoints and methods under the API answer in JSON too.
        error_of(
            &t.get("/api/v1/nothing-here", None).await,
            StatusCode::NOT_FOUND,
            "not_found",
        );
        let r = t
            .request(
                Method::DELETE,
                "/api/v1/documents",
                token,
                None,
                Body::empty(),
            )
            .await;
        error_of(&r, StatusCode::METHOD_NOT_ALLOWED, "bad_request");
        let r = t
            .request(Method::PATCH, "/api/v1/orgs", None, None, Body::empty())
            .await;
        error_of(&r, StatusCode::METHOD_NOT_ALLOWED, "bad_request");

        assert_eq!(
            document_count(&t).await,
            before,
            "{}: nothing was stored",
            t.label
        );
    }
}

#[tokio::test]
async fn script_and_sql_payloads_are_inert() {
    for t in apps().await {
        let c = cast(&t).await;
        let title = r#"<script>alert("x")</script>'; DROP TABLE documents; -- ""#;
        let body = concat!(
            r#"<p onclick="steal()">正文</p><script>alert(1)</script>"#,
            r#"<img src=x onerror="alert(2)"><a href="javascript:alert(3)">链接</a>"#,
            r#"<iframe src="https://evil.example/"></iframe>'); DELETE FROM documents; --"#,
        );
        let mut d = doc("yunxi", title, "", "2026-02-27");
        d["body"] = json!(body);
        d["summary"] = json!("' OR '1'='1");
        let index = create(&t, &c.drafter, &d).await;
        assert_eq!(sign_off(&t, &c, &index).await, "published", "{}", t.label);

        let r = t.get(&format!("/api/v1/documents/{index}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let got = r.json();
        assert_eq!(got["title"], title, "the title is text, returned exactly");
        assert_eq!(got["summary"], "' OR '1'='1");
        let stored = got["body"].as_str().unwrap().to_ascii_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "<img",
        ] {
            assert!(!stored.contains(bad), "{bad} survived in {stored}");
        }
        assert!(stored.contains("正文"), "{stored}");

        // The table is still there and whole.
        let list = t.get("/api/v1/documents", None).await.json();
        assert_eq!(list["total"], 1, "{}: {list}", t.label);
        assert_eq!(list["items"][0]["title"], title);

        // Payloads in query parameters and paths are just unknown values.
        let r = t
            .get(
                "/api/v1/documents?org=yunxi'%3B%20DROP%20TABLE%20documents%3B--",
                None,
            )
            .await;
        error_of(&r, StatusCode::BAD_REQUEST, "bad_request");
        let r = t.get("/api/v1/documents/x'%20OR%20'1'%3D'1", None).await;
        error_of(&r, StatusCode::NOT_FOUND, "not_found");
        let r = t.get("/api/v1/orgs/yunxi'%20OR%20'1'%3D'1", None).await;
        error_of(&r, StatusCode::NOT_FOUND, "not_found");
        let list = t.get("/api/v1/documents", None).await.json();
        assert_eq!(list["total"], 1);
        assert_eq!(
            t.get("/api/v1/orgs", None)
                .await
                .json()
                .as_array()
                .unwrap()
                .len(),
            4
        );
    }
}

// ---- the OpenAPI document ----

/// Every operation the API has, as (path, method).
const OPERATIONS: [(&str, &str); 54] = [
    ("/api/v1/orgs", "get"),
    ("/api/v1/orgs/{slug}", "get"),
    ("/api/v1/documents", "get"),
    ("/api/v1/documents", "post"),
    ("/api/v1/documents/{index_number}", "get"),
    ("/api/v1/documents/{index_number}", "put"),
    ("/api/v1/documents/{index_number}/actions", "post"),
    ("/api/v1/documents/{index_number}/validity", "post"),
    ("/api/v1/documents/{index_number}/relations", "post"),
    ("/api/v1/search", "get"),
    ("/api/v1/open/", "get"),
    ("/api/v1/applications", "get"),
    ("/api/v1/applications", "post"),
    ("/api/v1/applications/track", "post"),
    ("/api/v1/applications/register", "get"),
    ("/api/v1/reports/{org}/{year}", "get"),
    ("/api/v1/reports/{org}/{year}/xlsx", "get"),
    ("/api/v1/catalogs", "get"),
    ("/api/v1/catalogs/import", "post"),
    ("/api/v1/catalogs/derive", "post"),
    ("/api/v1/catalogs/{id}", "get"),
    ("/api/v1/catalogs/{id}/actions", "post"),
    ("/api/v1/catalogs/{id}/removals", "post"),
    ("/api/v1/catalogs/{id}/links", "post"),
    ("/api/v1/catalogs/{id}/export", "get"),
    ("/api/v1/orgs/{slug}/catalogs", "get"),
    ("/api/v1/applications/{tracking_number}", "get"),
    ("/api/v1/applications/{tracking_number}/actions", "post"),
    ("/api/v1/messages", "get"),
    ("/api/v1/messages", "post"),
    ("/api/v1/messages/track", "post"),
    ("/api/v1/messages/published", "get"),
    ("/api/v1/messages/{tracking_number}", "get"),
    ("/api/v1/messages/{tracking_number}/actions", "post"),
    ("/api/v1/consultations", "get"),
    ("/api/v1/consultations/{id}", "get"),
    ("/api/v1/consultations/{id}/feedback", "get"),
    ("/api/v1/consultations/{id}/comments", "post"),
    ("/api/v1/documents/{index_number}/attachments", "get"),
    ("/api/v1/documents/{index_number}/attachments", "post"),
    ("/api/v1/services", "get"),
    ("/api/v1/services/{id}", "get"),
    ("/api/v1/surveys", "get"),
    ("/api/v1/surveys/{id}", "get"),
    ("/api/v1/surveys/{id}/answers", "post"),
    ("/api/v1/proposals", "get"),
    ("/api/v1/proposals/{id}", "get"),
    ("/api/v1/gazette/log/sth", "get"),
    ("/api/v1/gazette/log/sths", "get"),
    ("/api/v1/gazette/log/entries", "get"),
    ("/api/v1/gazette/log/proof", "get"),
    ("/api/v1/gazette/log/consistency", "get"),
    ("/api/v1/gazette/keys", "get"),
    ("/api/v1/openapi.json", "get"),
];

const WRITES: [(&str, &str); 6] = [
    ("/api/v1/messages/{tracking_number}/actions", "post"),
    ("/api/v1/documents", "post"),
    ("/api/v1/documents/{index_number}", "put"),
    ("/api/v1/documents/{index_number}/actions", "post"),
    ("/api/v1/documents/{index_number}/validity", "post"),
    ("/api/v1/documents/{index_number}/relations", "post"),
];

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let t = apps().await.into_iter().next().unwrap();
    let r = t.get("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.content_type().starts_with("application/json"),
        "{}",
        r.content_type()
    );
    let doc = r.json();
    let version = doc["openapi"].as_str().unwrap();
    assert!(version.starts_with("3."), "{version}");
    assert!(doc["info"]["title"].as_str().unwrap().contains("政务公开"));

    // Exactly the operations we have.
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if [
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .contains(&method.as_str())
            {
                documented.insert((path.clone(), method.clone()));
            }
        }
    }
    let expected: BTreeSet<(String, String)> = OPERATIONS
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    assert_eq!(documented, expected);

    // The bearer scheme, required by every write and offered on the document read.
    let scheme = &doc["components"]["securitySchemes"]["api_token"];
    assert_eq!(scheme["type"], "http", "{scheme}");
    assert_eq!(scheme["scheme"], "bearer");
    for (path, method) in WRITES {
        let op = &doc["paths"][path][method];
        assert_eq!(
            op["security"],
            json!([{"api_token": []}]),
            "{method} {path}"
        );
        for status in ["401", "403", "415", "422"] {
            let body = &op["responses"][status]["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(
                body, "#/components/schemas/ErrorEnvelope",
                "{method} {path} {status}"
            );
        }
        assert!(
            op["requestBody"]["content"]["application/json"]["schema"].is_object(),
            "{method} {path}"
        );
    }
    let read = &doc["paths"]["/api/v1/documents/{index_number}"]["get"];
    assert_eq!(read["security"], json!([{}, {"api_token": []}]));
    assert_eq!(
        read["responses"]["404"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorEnvelope"
    );
    assert_eq!(
        doc["paths"]["/api/v1/orgs"]["get"]["security"],
        Value::Null,
        "public"
    );

    // The schemas, with the fixed lists taken from the domain.
    let schemas = &doc["components"]["schemas"];
    for name in [
        "ErrorEnvelope",
        "DocumentItem",
        "DocumentPage",
        "DocumentDetail",
        "DocumentInput",
        "ActionRequest",
        "OrgSummary",
        "OrgDetail",
    ] {
        assert!(schemas[name].is_object(), "schema {name} missing");
    }
    let actions = &schemas["ActionRequest"]["properties"]["action"]["enum"];
    assert!(
        actions
            .as_array()
            .unwrap()
            .contains(&json!("secrecy_clear")),
        "{actions}"
    );
    assert!(
        !actions.as_array().unwrap().contains(&json!("edit")),
        "{actions}"
    );
    let params = doc["paths"]["/api/v1/documents"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let names: BTreeSet<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "category", "column", "cursor", "org", "page", "per_page", "subtree", "topic",
            "validity"
        ]
        .into()
    );
    let validity = params.iter().find(|p| p["name"] == "validity").unwrap();
    assert_eq!(
        validity["schema"]["enum"],
        json!(["valid", "amended", "repealed", "expired"])
    );

    // Every documented operation is routed: substitute the path parameters and the
    // router answers with anything but "no such endpoint" or "method not allowed".
    for (path, method) in OPERATIONS {
        let concrete = path
            .replace("{slug}", "nowhere")
            .replace("{index_number}", "X-2026-00001");
        let r = t
            .request(
                method.to_uppercase().parse().unwrap(),
                &concrete,
                None,
                Some("application/json"),
                "{}",
            )
            .await;
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        if r.status == StatusCode::NOT_FOUND {
            let e = r.json();
            assert_ne!(
                e["error"]["message"], "接口不存在，请查阅 /api/v1/openapi.json",
                "{method} {path} is not routed"
            );
        }
    }
}

/// A multipart body with the file as field `file`.
fn multipart(filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "gk-api-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn attachments_are_uploaded_and_listed_through_the_api() {
    for t in apps().await {
        let c = cast(&t).await;
        let index = create(&t, &c.drafter, &doc("yunxi", "附件测试", "", "2026-02-27")).await;
        let path = format!("/api/v1/documents/{index}/attachments");
        let pdf = b"%PDF-1.4\n% test\n%%EOF\n";
        let (ct, body) = multipart("分配表.pdf", pdf);
        // No token, the wrong office, a file that is not what its name says.
        let r = t
            .request(Method::POST, &path, None, Some(&ct), body.clone())
            .await;
        error_of(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
        let r = t
            .request(
                Method::POST,
                &path,
                Some(&c.town_drafter.token),
                Some(&ct),
                body.clone(),
            )
            .await;
        assert!(
            matches!(r.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}",
            r.text()
        );
        let (ct_bad, bad) = multipart("分配表.pdf", b"not a pdf");
        let r = t
            .request(
                Method::POST,
                &path,
                Some(&c.drafter.token),
                Some(&ct_bad),
                bad,
            )
            .await;
        error_of(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        let r = t
            .request(
                Method::POST,
                &path,
                Some(&c.drafter.token),
                Some("application/json"),
                "{}",
            )
            .await;
        error_of(&r, StatusCode::BAD_REQUEST, "bad_request");
        let r = t
            .request(Method::POST, &path, Some(&c.drafter.token), Some(&ct), body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.label, r.text());
        assert_eq!(r.json()[0]["filename"], "分配表.pdf");
        // Staff list it with the draft; the public does not see a draft at all.
        let r = t.get(&path, Some(&c.drafter.token)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json().as_array().unwrap().len(), 1);
        assert!(r.json()[0]["url"].is_null(), "not public yet");
        assert_eq!(t.get(&path, None).await.status, StatusCode::NOT_FOUND);
        sign_off(&t, &c, &index).await;
        let r = t.get(&path, None).await;
        assert_eq!(r.status, StatusCode::OK);
        let url = r.json()[0]["url"].as_str().unwrap().to_owned();
        let file = t.get(&url, None).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(&file.body[..], pdf);
    }
}

#[tokio::test]
async fn published_services_are_listed_and_filtered_through_the_api() {
    for t in apps().await {
        let keeper = t
            .user("keeper", &[(Role::DisclosureOfficer, t.dept)], false)
            .await;
        let input = gongkai_app::services::ServiceInput {
            org: "czj".into(),
            name: "政府采购投诉处理".into(),
            audience: "legal".into(),
            themes: vec!["licensing".into()],
            basis: "《政府采购法》第五十六条".into(),
            steps: "受理\n调查\n决定".into(),
            time_limit: "30个工作日".into(),
            approved_on: "2026-03-02".into(),
            ..Default::default()
        };
        let id = t
            .app
            .save_service(&keeper, None, &input, true)
            .await
            .unwrap();
        let mut draft = input.clone();
        draft.name = "草稿事项".into();
        t.app
            .save_service(&keeper, None, &draft, false)
            .await
            .unwrap();
        let r = t.get("/api/v1/services?audience=legal", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let list = r.json();
        assert_eq!(
            list.as_array().unwrap().len(),
            1,
            "{}: the draft is not listed",
            t.label
        );
        assert_eq!(list[0]["steps"], json!(["受理", "调查", "决定"]));
        assert!(
            list[0]["missing"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == "受理单位")
        );
        assert_eq!(
            t.get("/api/v1/services?theme=marriage", None).await.json(),
            json!([])
        );
        error_of(
            &t.get("/api/v1/services?theme=nonsense", None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        );
        let one = t.get(&format!("/api/v1/services/{id}"), None).await;
        assert_eq!(one.json()["href"], format!("/czj/bsfw/{id}"));

        // Pages by a stable cursor in the Link header: a service published between two
        // pages, sorting before the cursor, neither repeats nor shifts one.
        for name in ["乙事项", "丙事项", "丁事项"] {
            let mut more = input.clone();
            more.name = name.into();
            t.app
                .save_service(&keeper, None, &more, true)
                .await
                .unwrap();
        }
        let first = t.get("/api/v1/services?org=czj&limit=2", None).await;
        assert_eq!(first.json().as_array().unwrap().len(), 2, "{}", t.label);
        let next = first.next_link().expect("a next page");
        assert!(
            next.starts_with("/api/v1/services?org=czj&limit=2&cursor="),
            "{next}"
        );
        let mut earlier = input.clone();
        earlier.name = "一事项".into();
        t.app
            .save_service(&keeper, None, &earlier, true)
            .await
            .unwrap();
        let second = t.get(&next, None).await;
        assert_eq!(second.status, StatusCode::OK, "{}", second.text());
        assert!(second.next_link().is_none(), "the last page");
        let names = |r: &Resp| -> Vec<String> {
            r.json()
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["name"].as_str().unwrap().to_owned())
                .collect()
        };
        let mut seen = [names(&first), names(&second)].concat();
        assert_eq!(seen.len(), 4, "{seen:?}");
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 4, "no repeats");
        assert!(
            !seen.contains(&"一事项".to_owned()),
            "sorted before the cursor"
        );
        error_of(
            &t.get("/api/v1/services?limit=0", None).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        );
        error_of(
            &t.get("/api/v1/services?cursor=nonsense", None).await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        );
        assert_eq!(
            t.get("/api/v1/services/999999", None).await.status,
            StatusCode::NOT_FOUND
        );
    }
}
