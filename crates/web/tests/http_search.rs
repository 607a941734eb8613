//! Search through HTTP: the portal pages and the API, odd input, and the page cache.

mod support;

use std::time::Duration;

use axum::http::{Method, StatusCode, header};
use gongkai_app::testing::{private_doc, raw_doc};
use support::*;

async fn publish(t: &TestApp, org: i64, title: &str, number: &str, body: &str) -> String {
    let mut raw = raw_doc(title, number, "2026-02-27");
    raw.body = body.into();
    publish_raw(t, org, &raw).await
}

async fn catch_up(t: &TestApp) {
    while t.app.follow_events().await.unwrap() > 0 {}
}

#[tokio::test]
async fn search_pages_and_api() {
    for t in apps().await {
        publish(
            &t,
            t.county,
            "云溪县城乡低保审核确认办法",
            "云政发〔2026〕3号",
            "<p>申请最低生活保障应当具备下列条件。</p>",
        )
        .await;
        publish(
            &t,
            t.town,
            "青石镇宅基地审批结果公示",
            "",
            "<p>宅基地审批结果。</p>",
        )
        .await;
        let s = t.signers(t.county).await;
        let hidden = private_doc("低保对象内部名单", "2026-02-27");
        let h = t
            .app
            .create_document(&s.drafter, t.county, &hidden, &[])
            .await
            .unwrap();
        s.advance(&t.app, &h, 4).await;
        catch_up(&t).await;

        let mut c = t.client();
        let p = c.get("/search?q=%E4%BD%8E%E4%BF%9D").await; // 低保
        assert_eq!(p.status, StatusCode::OK, "{}", t.label);
        let html = p.text();
        assert!(html.contains("<mark>低保</mark>"), "{}: {html}", t.label);
        assert!(html.contains("共找到 1 条"), "{html}");
        assert!(
            !html.contains("内部名单"),
            "{}: non-public documents never show",
            t.label
        );
        // Per organisation: the township's page sees only its subtree.
        let p = c.get("/qingshi/search?q=%E4%BD%8E%E4%BF%9D").await;
        assert!(p.text().contains("没有找到相关的公开信息"), "{}", t.label);
        let p = c.get("/qingshi/search?q=%E5%AE%85%E5%9F%BA%E5%9C%B0").await; // 宅基地
        assert!(
            p.text().contains("青石镇<mark>宅基地</mark>审批结果公示"),
            "{}",
            t.label
        );
        // Odd input: always a page, never an error.
        let long = "%E5%AD%97".repeat(3000);
        for q in [
            "%00%1B",
            "%22",
            "%22%E4%BD%8E%E4%BF%9D",
            "AND+OR+NOT",
            &long,
            "%E4%BD%8E%E4%BF%9D&page=999",
            "%E4%BD%8E%E4%BF%9D&year=abc",
            "&org=nosuch",
        ] {
            let p = c.get(&format!("/search?q={q}")).await;
            assert_eq!(p.status, StatusCode::OK, "{}: {q}", t.label);
        }
        assert!(
            c.get("/search?q=x&year=abc")
                .await
                .text()
                .contains("年度“abc”无法识别")
        );
        assert!(
            c.get(&format!("/search?q={long}"))
                .await
                .text()
                .contains("检索词过长")
        );
        assert_eq!(
            c.get("/nosuch/search?q=x").await.status,
            StatusCode::NOT_FOUND
        );

        // The API: the documented shape, a 文号 in a messy form first.
        let r = t
            .get(
                "/api/v1/search?q=%E4%BA%91%E6%94%BF%E5%8F%91%5B2026%5D3%E5%8F%B7",
                None,
            )
            .await; // 云政发[2026]3号
        assert_eq!(r.status, StatusCode::OK);
        let v = r.json();
        assert_eq!(v["total"], 1, "{}: {v}", t.label);
        let hit = &v["hits"][0];
        assert_eq!(hit["title"], "云溪县城乡低保审核确认办法");
        assert_eq!(hit["doc_number"], "云政发〔2026〕3号");
        assert_eq!(hit["org"]["slug"], "yunxi");
        assert!(hit["url"].as_str().unwrap().starts_with("/yunxi/xxgk/doc/"));
        assert!(
            hit["snippet"].is_string()
                && hit["published_on"].is_string()
                && hit["index_number"].is_string()
        );
        let v = t
            .get(
                "/api/v1/search?q=%E5%AE%85%E5%9F%BA%E5%9C%B0&org=qingshi&year=2026",
                None,
            )
            .await
            .json();
        assert_eq!(v["total"], 1);
        let v = t
            .get("/api/v1/search?q=%E5%AE%85%E5%9F%BA%E5%9C%B0&page=50", None)
            .await
            .json();
        assert_eq!(
            (v["total"].as_u64(), v["hits"].as_array().unwrap().len()),
            (Some(1), 0)
        );
        let v = t.get("/api/v1/search?q=", None).await.json();
        assert!(v["notice"].is_string());
        for (bad, param) in [
            ("year=20x", "year"),
            ("org=nosuch", "org"),
            ("order=random", "order"),
            ("page=0", "page"),
            ("foo=1", "foo"),
        ] {
            let r = t.get(&format!("/api/v1/search?q=a&{bad}"), None).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
            assert_eq!(r.json()["error"]["fields"][0]["field"], param);
        }
    }
}

#[tokio::test]
async fn the_page_cache_serves_and_follows_writes() {
    let t = apps().await.into_iter().next().unwrap();
    tokio::spawn(gongkai_web::watch_page_cache(t.state.clone()));
    tokio::time::sleep(Duration::from_millis(50)).await;
    let first = t.get("/yunxi/", None).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.headers.get(header::ETAG).cloned().expect("an ETag");
    let again = t.get("/yunxi/", None).await;
    assert_eq!(again.body, first.body);
    assert!(
        t.state
            .cache
            .hits
            .load(std::sync::atomic::Ordering::Relaxed)
            >= 1,
        "served from the cache"
    );
    // A revalidation with the ETag is answered 304 without a body.
    let req = axum::http::Request::get("/yunxi/")
        .header(header::IF_NONE_MATCH, etag.clone())
        .body(axum::body::Body::empty())
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert!(r.body.is_empty());
    // Staff pages and the API are never cached.
    t.get("/api/v1/orgs", None).await;
    t.get("/admin/login", None).await;
    assert_eq!(t.state.cache.len(), 1);

    // Publishing changes the page within one poll of the watcher.
    publish(&t, t.county, "缓存之后发布的文件", "", "<p>正文</p>").await;
    let mut seen = false;
    for _ in 0..30 {
        if t.get("/yunxi/", None)
            .await
            .text()
            .contains("缓存之后发布的文件")
        {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen, "the cached page was refreshed after the write");
    let r = t
        .request(
            Method::GET,
            "/yunxi/",
            None,
            None,
            axum::body::Body::empty(),
        )
        .await;
    assert_ne!(r.headers.get(header::ETAG), Some(&etag));
}
