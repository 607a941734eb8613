//! Channels from one source: an organisation's Atom feed takes what it and the units
//! under it publish, newest first, and nothing else.

mod support;

use axum::http::StatusCode;
use gongkai_app::testing::raw_doc;
use support::*;

async fn publish(t: &TestApp, org: i64, title: &str, category: &str, written: &str) -> String {
    let s = t.signers(org).await;
    let mut raw = raw_doc(title, "", written);
    raw.category = category.into();
    let id = t
        .app
        .create_document(&s.drafter, org, &raw, &[])
        .await
        .unwrap();
    s.advance(&t.app, &id, 4).await;
    t.app
        .document_view(&s.drafter, &id)
        .await
        .unwrap()
        .doc
        .index_number
}

#[tokio::test]
async fn feeds_follow_what_an_organisation_publishes() {
    for t in apps().await {
        let county = publish(
            &t,
            t.county,
            "云溪县关于<加强>防汛工作的通知",
            "a20-01",
            "2026-02-02",
        )
        .await;
        let town = publish(
            &t,
            t.town,
            "青石镇宅基地审批结果公示",
            "a20-01",
            "2026-02-03",
        )
        .await;
        // A draft is in no feed.
        let s = t.signers(t.county).await;
        t.app
            .create_document(
                &s.drafter,
                t.county,
                &raw_doc("未发布的草稿", "", "2026-02-04"),
                &[],
            )
            .await
            .unwrap();

        let mut c = t.client();
        let r = c.get("/yunxi/feed.atom").await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.label);
        assert!(
            r.content_type().starts_with("application/atom+xml"),
            "{}",
            t.label
        );
        let x = r.text();
        assert!(
            x.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
            "{x}"
        );
        assert!(x.contains("云溪县关于&lt;加强&gt;防汛工作的通知"), "{x}");
        assert!(
            x.contains(&format!(
                "<id>http://localhost/yunxi/xxgk/doc/{county}</id>"
            )),
            "{x}"
        );
        // The township's document is the county's too, under the township's name.
        let town_at = x
            .find(&format!("/qingshi/xxgk/doc/{town}"))
            .expect("township entry");
        assert!(x[town_at..].contains("<name>青石镇人民政府</name>"), "{x}");
        assert!(!x.contains("未发布的草稿"), "{x}");

        // The township's own feed has only its document; a category feed its category's.
        let x = c.get("/qingshi/feed.atom").await.text();
        assert!(
            x.contains("青石镇宅基地审批结果公示") && !x.contains("防汛"),
            "{x}"
        );
        let x = c.get("/yunxi/feed/a20-01.atom").await.text();
        assert_eq!(x.matches("<entry>").count(), 2, "{x}");
        assert!(
            c.get("/yunxi/feed/a20-02.atom")
                .await
                .text()
                .matches("<entry>")
                .count()
                == 0
        );

        // Every public page of an organisation names its feed.
        let home = c.get("/yunxi/xxgk/").await.text();
        assert!(
            home.contains("type=\"application/atom+xml\"")
                && home.contains("href=\"/yunxi/feed.atom\"")
        );

        for missing in [
            "/nowhere/feed.atom",
            "/yunxi/feed/zz-99.atom",
            "/yunxi/feed/a20-01.rss",
        ] {
            assert_eq!(
                c.get(missing).await.status,
                StatusCode::NOT_FOUND,
                "{missing}"
            );
        }
    }
}

/// The addresses inside `<loc>` elements, without the origin.
fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>"))
        .map(|(loc, _)| {
            loc.strip_prefix("http://localhost")
                .unwrap_or(loc)
                .replace("&amp;", "&")
        })
        .collect()
}

#[tokio::test]
async fn every_address_in_the_sitemap_answers() {
    for t in apps().await {
        let doc = publish(&t, t.town, "青石镇防汛应急预案", "a20-01", "2026-02-03").await;
        let s = t.signers(t.county).await;
        let draft = t
            .app
            .create_document(
                &s.drafter,
                t.county,
                &raw_doc("未发布的草稿", "", "2026-02-04"),
                &[],
            )
            .await
            .unwrap();
        let mut c = t.client();
        let r = c.get("/sitemap.xml").await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.label);
        assert!(r.content_type().starts_with("application/xml"));
        let files = locs(&r.text());
        assert!(files.iter().any(|f| f == "/sitemap/site.xml"), "{files:?}");
        let mut pages = Vec::new();
        for f in &files {
            let r = c.get(f).await;
            assert_eq!(r.status, StatusCode::OK, "{f}");
            assert!(r.text().contains("<urlset"), "{f}");
            pages.extend(locs(&r.text()));
        }
        let doc_page = format!("/qingshi/xxgk/doc/{doc}");
        assert!(pages.contains(&doc_page), "{pages:?}");
        assert!(pages.iter().any(|p| p == "/yunxi/xxgk/"), "{pages:?}");
        assert!(
            !pages.iter().any(|p| p.ends_with(&draft)),
            "a draft is not public"
        );
        for p in &pages {
            assert_eq!(c.get(p).await.status, StatusCode::OK, "{}: {p}", t.label);
        }
        for missing in [
            "/sitemap/docs-0.xml",
            "/sitemap/docs-99.xml",
            "/sitemap/other.xml",
        ] {
            assert_eq!(
                c.get(missing).await.status,
                StatusCode::NOT_FOUND,
                "{missing}"
            );
        }
    }
}
