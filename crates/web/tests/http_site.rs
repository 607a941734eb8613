//! The site's identity as the 政府网站发展指引 lays it out: the name in the header and
//! every title, 主办/承办单位, 网站标识码 and the two record numbers with their links in
//! the footer, 联系我们 and 网站地图 pages; the emblem and the seals.

mod support;

use axum::http::StatusCode;
use gongkai_domain::role::Role;
use support::*;

const IDENTITY: &[(&str, &str)] = &[
    ("name", "云溪县人民政府门户网站"),
    ("sponsor", "云溪县人民政府办公室"),
    ("operator", "云溪县大数据服务中心"),
    ("site_code", "3509990001"),
    ("icp", " 闽ICP备００００００００号-1"),
    ("police_record", "闽公网安备35099900000001号"),
    ("address", "云溪县溪城镇府前路1号"),
    ("postcode", "356700"),
    ("phone", "0599-6322001"),
    ("email", "zwgk@yunxi.gov.example"),
];

#[tokio::test]
async fn the_identity_is_set_once_and_shown_on_every_page() {
    for s in apps().await {
        s.user("root", &[], true).await;
        let mut public = s.client();
        let home = public.get("/").await.text();
        assert!(
            home.contains("<title>政务公开平台</title>"),
            "{}: default",
            s.label
        );

        let mut admin = s.client();
        admin.login("root").await;
        // A bad record number: the form comes back with the message, nothing saved.
        let mut bad: Vec<(&str, &str)> = IDENTITY.to_vec();
        bad[4] = ("icp", "备案中");
        let r = admin.submit("/admin/site", &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(r.text().contains("ICP备案号格式应如"), "{}", s.label);
        assert!(
            public
                .get("/")
                .await
                .text()
                .contains("<title>政务公开平台</title>")
        );

        let r = admin.submit("/admin/site", IDENTITY).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.text());
        s.app.follow_events().await.ok();

        let home = public.get("/").await.text();
        assert!(
            home.contains("<title>云溪县人民政府门户网站</title>"),
            "{}",
            s.label
        );
        for shown in [
            "主办单位：云溪县人民政府办公室",
            "承办单位：云溪县大数据服务中心",
            "网站标识码：3509990001",
            "<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener noreferrer\">闽ICP备00000000号-1</a>",
            "code=35099900000001\" rel=\"noopener noreferrer\">闽公网安备 35099900000001号</a>",
            "href=\"/sitemap\"",
            "href=\"/contact\"",
        ] {
            assert!(home.contains(shown), "{}: footer lacks {shown}", s.label);
        }
        // Titles end with the site's name; an organisation's pages name it under the site.
        let guide = public.get("/qingshi/xxgk/zn").await.text();
        assert!(
            guide.contains("<title>政府信息公开指南 - 云溪县人民政府门户网站</title>")
                || guide.contains(" - 云溪县人民政府门户网站</title>"),
            "{}",
            s.label
        );
        assert!(
            guide.contains("class=\"sub\" href=\"/qingshi/\""),
            "{}",
            s.label
        );

        let contact = public.get("/contact").await;
        assert_eq!(contact.status, StatusCode::OK);
        let contact = contact.text();
        assert!(contact.contains("云溪县溪城镇府前路1号") && contact.contains("（邮编 356700）"));
        assert!(
            contact.contains("青石镇人民政府"),
            "{}: every office listed",
            s.label
        );
    }
}

#[tokio::test]
async fn only_the_platform_administrator_names_the_site() {
    for s in apps().await {
        s.staff("county-admin", Role::OrgAdmin, s.county).await;
        let mut c = s.client();
        c.login("county-admin").await;
        assert_eq!(
            c.get("/admin/site").await.status,
            StatusCode::FORBIDDEN,
            "{}",
            s.label
        );
        let r = c.submit("/admin/site", IDENTITY).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        assert!(
            !c.get("/admin/")
                .await
                .text()
                .contains("href=\"/admin/site\"")
        );
    }
}

#[tokio::test]
async fn every_link_of_the_site_map_leads_somewhere() {
    for s in apps().await {
        let mut c = s.client();
        let map = c.get("/sitemap").await;
        assert_eq!(map.status, StatusCode::OK, "{}", s.label);
        let links = links(&map.text());
        for want in [
            "/yunxi/xxgk/zn",
            "/qingshi/cwgk/",
            "/qingshi-cun/",
            "/czj/xxgk/ysq",
        ] {
            assert!(
                links.iter().any(|l| l == want),
                "{}: {want} on the map",
                s.label
            );
        }
        for l in &links {
            let r = c.get(l).await;
            assert!(
                r.status == StatusCode::OK || r.status.is_redirection(),
                "{}: {l} answers {}",
                s.label,
                r.status
            );
        }
    }
}

#[tokio::test]
async fn the_emblem_and_the_seals_are_images_checked_by_content() {
    for s in apps().await {
        s.user("root", &[], true).await;
        s.staff("town-admin", Role::OrgAdmin, s.town).await;
        let mut admin = s.client();
        admin.login("root").await;
        let csrf = admin.csrf.clone();
        let emblem = format!("/admin/site/emblem?_csrf={csrf}");
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>";
        let r = admin
            .multipart_as(&emblem, &[], "image", "x.svg", svg)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(r.text().contains("图片须为PNG或JPEG格式"));
        let r = admin
            .multipart_as(&emblem, &[], "image", "emblem.png", PNG_1X1)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", s.label);
        let mut public = s.client();
        let home = public.get("/").await.text();
        let src = home
            .split("<img src=\"")
            .nth(1)
            .and_then(|p| p.split('"').next())
            .expect("the emblem in the header")
            .replace("&amp;", "&");
        let img = public.get(&src).await;
        assert_eq!(img.status, StatusCode::OK);
        assert_eq!(img.headers["content-type"], "image/png");
        assert_eq!(&img.body[..], PNG_1X1);

        // A township's administrator sets the township's seal, not the county's.
        let mut town = s.client();
        town.login("town-admin").await;
        let csrf = town.csrf.clone();
        let own = format!("/admin/orgs/{}/seal?_csrf={csrf}", s.town);
        let r = town
            .multipart_as(&own, &[], "image", "seal.png", PNG_1X1)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.text());
        assert_eq!(
            town.get(&format!("/admin/orgs/{}/seal", s.town))
                .await
                .status,
            StatusCode::OK
        );
        let county = format!("/admin/orgs/{}/seal?_csrf={csrf}", s.county);
        let r = town
            .multipart_as(&county, &[], "image", "seal.png", PNG_1X1)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        // Removing puts the page back to "no seal".
        let r = town
            .submit(&format!("/admin/orgs/{}/seal/remove", s.town), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            town.get(&format!("/admin/orgs/{}/seal", s.town))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}
