//! Channels from one source: an organisation's Atom feed takes what it and the units
//! under it publish, newest first, and nothing else.

mod support;

use axum::http::StatusCode;
use gongkai_app::testing::raw_doc;
use support::*;

async fn publish(t: &TestApp, org: i64, title: &str, category: &str, written: &str) -> String {
    let mut raw = raw_doc(title, "", written);
    raw.category = category.into();
    publish_raw(t, org, &raw).await
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

#[tokio::test]
async fn interpretations_consultations_and_the_gazette_have_feeds_of_their_own() {
    use gongkai_domain::interaction::consultation::ConsultationInput;
    use gongkai_domain::role::Role;
    for t in apps().await {
        t.clock
            .set(gongkai_app::testing::at(gongkai_app::testing::d(
                "2026-03-02",
            )));
        let drafter = t
            .user("feed-drafter", &[(Role::Drafter, t.county)], false)
            .await;
        let input = ConsultationInput {
            title: "云溪县城区生活垃圾分类管理办法（征求意见稿）".into(),
            draft: "第一条 为规范城区生活垃圾分类……".into(),
            explanation: "根据上级部署起草。".into(),
            opens_on: "2026-03-02".into(),
            closes_on: "2026-04-01".into(),
            ..Default::default()
        };
        let id = t
            .app
            .create_consultation(&drafter, "yunxi", &input)
            .await
            .unwrap();
        let mut c = t.client();
        // Not announced yet: not in the feed.
        assert!(
            !c.get("/yunxi/feed/yjzj.atom")
                .await
                .text()
                .contains("<entry>")
        );
        t.app.publish_consultation(&drafter, id).await.unwrap();
        let r = c.get("/yunxi/feed/yjzj.atom").await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.label);
        assert!(r.content_type().starts_with("application/atom+xml"));
        let x = r.text();
        assert!(
            x.contains("<title>云溪县人民政府 · 意见征集</title>"),
            "{x}"
        );
        assert!(x.contains(&format!("/yunxi/hdjl/yjzj/{id}\"")), "{x}");
        assert!(x.contains("征集时间：2026-03-02至2026-04-01"));
        assert!(x.contains("<published>2026-03-02T00:00:00+08:00</published>"));
        // The pages name their feeds in the head.
        let page = c.get("/yunxi/hdjl/yjzj/").await.text();
        assert!(page.contains("href=\"/yunxi/feed/yjzj.atom\""), "{page}");
        let page = c.get("/yunxi/xxgk/zcjd").await.text();
        assert!(page.contains("href=\"/yunxi/feed/zcjd.atom\""));
        let page = c.get("/yunxi/xxgk/fdzdgknr/a20-01").await.text();
        assert!(page.contains("href=\"/yunxi/feed/a20-01.atom\""));
        // No interpretation yet: an empty feed that still parses; no gazette: none.
        let x = c.get("/yunxi/feed/zcjd.atom").await.text();
        assert!(x.contains("<title>云溪县人民政府 · 政策解读</title>") && !x.contains("<entry>"));
        assert_eq!(
            c.get("/yunxi/feed/gb.atom").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            c.get("/nowhere/feed/yjzj.atom").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn the_media_registry_is_kept_in_the_back_office_and_shown_to_the_public() {
    use gongkai_domain::role::Role;
    for t in apps().await {
        t.clock
            .set(gongkai_app::testing::at(gongkai_app::testing::d(
                "2026-03-02",
            )));
        t.user("xmt-officer", &[(Role::DisclosureOfficer, t.county)], false)
            .await;
        let mut staff = t.client();
        staff.login("xmt-officer").await;
        assert!(
            staff
                .get("/admin/")
                .await
                .text()
                .contains("href=\"/admin/media\"")
        );
        assert!(
            staff
                .get("/admin/media")
                .await
                .text()
                .contains("尚未登记账号")
        );
        let fields = |name: &'static str, on: &'static str| {
            vec![
                ("org", "yunxi"),
                ("platform", "wechat"),
                ("name", name),
                ("handle", "yunxifabu"),
                ("url", ""),
                ("approved_by", "云溪县人民政府办公室"),
                ("approval", "云政办函〔2026〕5号"),
                ("on", on),
            ]
        };
        let r = staff
            .submit("/admin/media", &fields("", "2026-03-09"))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(
            html.contains("请填写账号名称") && html.contains("日期不能晚于今天"),
            "{html}"
        );
        let r = staff
            .submit("/admin/media", &fields("云溪发布", "2026-03-02"))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = staff
            .submit("/admin/media", &fields("云溪政务", "2026-03-02"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("原则上只开设一个账号"));
        let public = t.client().get("/xmt/").await;
        assert_eq!(public.status, StatusCode::OK);
        let html = public.text();
        assert!(
            html.contains("云溪发布") && html.contains("微信公众号") && !html.contains("云政办函")
        );
        assert!(html.contains("云溪县人民政府办公室批准"));
        assert!(t.client().get("/").await.text().contains("href=\"/xmt/\""));
    }
}

#[tokio::test]
async fn the_open_data_page_lists_every_table_and_serves_its_files() {
    for t in apps().await {
        publish(&t, t.town, "青石镇防汛应急预案", "a20-01", "2026-02-03").await;
        let mut c = t.client();
        let page = c.get("/kfsj/").await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label);
        let html = page.text();
        for (title, file) in [
            ("主动公开文件", "documents.jsonl.gz"),
            ("政务公开标准目录", "catalogs.csv.gz"),
            ("办事指南", "services.jsonl.gz"),
            ("政府信息公开工作年度报告统计数据", "statistics.csv.gz"),
        ] {
            assert!(html.contains(&format!(">{title}</h2>")), "{title}");
            assert!(html.contains(&format!("href=\"/kfsj/{file}\"")), "{file}");
            let r = c.get(&format!("/kfsj/{file}")).await;
            assert_eq!(r.status, StatusCode::OK, "{file}");
            assert_eq!(r.content_type(), "application/gzip");
            assert_eq!(&r.body[..2], [0x1f, 0x8b], "{file} is gzip");
        }
        let manifest = c.get("/api/v1/open/").await.json();
        assert_eq!(manifest["datasets"].as_array().unwrap().len(), 8);
        assert_eq!(manifest["datasets"][0]["count"], 1);
        let missing = c.get("/kfsj/secrets.jsonl.gz").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(
            missing.text().contains("没有这一数据集"),
            "{}",
            missing.text()
        );
    }
}
