//! Standard catalogs through the pages: a department uploads its county table, a bad
//! table is reported row by row, the supervisor reviews, the department publishes and
//! files; a township derives, explains a removal, exports; the portal shows the
//! published catalog.

mod support;

use axum::http::StatusCode;
use gongkai_app::catalog_xlsx::write;
use gongkai_domain::catalog::{CatalogItem, RawItem};
use gongkai_domain::role::Role;
use support::*;

fn item(first: &str, second: &str) -> CatalogItem {
    RawItem {
        domain: "社会救助".into(),
        first: first.into(),
        second: second.into(),
        content: "申请条件、办理流程".into(),
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

#[tokio::test]
async fn catalogs_from_upload_to_filing_and_the_portal() {
    for s in apps().await {
        s.staff("dept-officer", Role::DisclosureOfficer, s.dept)
            .await;
        s.staff("town-officer", Role::DisclosureOfficer, s.town)
            .await;
        s.staff("supervisor", Role::Supervisor, s.county).await;
        let mut dept = s.client();
        dept.login("dept-officer").await;
        let page = dept.get("/admin/catalogs").await;
        assert_eq!(page.status, StatusCode::OK, "{}", s.label);
        let dept_id = s.dept.to_string();
        let import = format!("/admin/catalogs/import?_csrf={}", dept.csrf);

        // A table with a problem: nothing imported, the row named.
        let mut bad = item("最低生活保障", "办事指南");
        bad.content = String::new();
        let r = dept
            .multipart(
                &import,
                &[("org", &dept_id)],
                "目录.xlsx",
                &write("县财政局", &[item("临时救助", ""), bad]).unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = r.text();
        assert!(
            text.contains("工作表“社会救助”第5行：缺少公开内容"),
            "{text}"
        );
        assert!(!text.contains("确认导入"), "no import offered");
        assert!(
            dept.get("/admin/catalogs")
                .await
                .text()
                .contains("暂无目录"),
            "nothing was imported"
        );
        let r = dept
            .multipart(&import, &[("org", &dept_id)], "x.xlsx", b"not a table")
            .await;
        assert!(r.text().contains("不是可读取的 .xlsx 表格"));

        let items = [
            item("最低生活保障", "办事指南"),
            item("最低生活保障", "审核信息"),
            item("临时救助", ""),
        ];
        let r = dept
            .multipart(
                &import,
                &[("org", &dept_id)],
                "目录.xlsx",
                &write("县财政局", &items).unwrap(),
            )
            .await;
        // The preview first: areas, items, time limits; nothing saved yet.
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let preview = r.text();
        assert!(
            preview.contains("共读到 <strong>3</strong> 个事项"),
            "{preview}"
        );
        assert!(
            dept.get("/admin/catalogs")
                .await
                .text()
                .contains("暂无目录")
        );
        let key = preview
            .split("name=\"key\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let r = dept
            .submit(
                "/admin/catalogs/import/confirm",
                &[("org", &dept_id), ("key", &key), ("go", "import")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        // The kept upload is gone once imported.
        let r = dept
            .submit(
                "/admin/catalogs/import/confirm",
                &[("org", &dept_id), ("key", &key), ("go", "import")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let list = dept.get("/admin/catalogs").await.text();
        let href = list
            .split("href=\"/admin/catalogs/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let case = format!("/admin/catalogs/{href}");
        let html = dept.get(&case).await.text();
        assert!(html.contains("目录事项（3）"));
        assert!(
            dept.submit(&format!("{case}/act"), &[("action", "submit")])
                .await
                .status
                == StatusCode::SEE_OTHER
        );
        // The department cannot approve itself; the supervisor can.
        assert_eq!(
            dept.submit(&format!("{case}/act"), &[("action", "approve")])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut sup = s.client();
        sup.login("supervisor").await;
        assert_eq!(
            sup.submit(
                &format!("{case}/act"),
                &[("action", "approve"), ("note", "同意")]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            dept.submit(&format!("{case}/act"), &[("action", "publish")])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            dept.submit(&format!("{case}/act"), &[("action", "file")])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let overview = sup.get("/admin/catalogs").await.text();
        assert!(
            overview.contains("已备案") && !overview.contains("未备案"),
            "filing status across the subtree"
        );

        // The township derives, leaves one item out with its reason, exports.
        let mut town = s.client();
        town.login("town-officer").await;
        let r = town
            .submit(
                "/admin/catalogs/derive",
                &[("org", &s.town.to_string()), ("reference", &href)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let derived = r.location().split('?').next().unwrap().to_owned();
        let r = town
            .submit(
                &format!("{derived}/remove"),
                &[("item", "临时救助/"), ("reason", "由县级统一公开")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let html = town.get(&derived).await.text();
        assert!(
            html.contains("<td>删减</td><td>由县级统一公开</td>"),
            "{html}"
        );
        assert!(html.contains("第2版"));
        // A local change to one column, through the item form: the comparison names it.
        let form = town
            .get(&format!(
                "{derived}/item?item={}",
                "%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E9%9A%9C/%E5%AE%A1%E6%A0%B8%E4%BF%A1%E6%81%AF"
            ))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(
            form.text()
                .contains(">信息形成或变更之日起20个工作日内</textarea>"),
            "{}",
            form.text()
        );
        let mut fields = vec![
            ("original", "最低生活保障/审核信息"),
            ("first", "最低生活保障"),
            ("second", "审核信息"),
            ("content", "申请条件、办理流程"),
            ("basis", "《社会救助暂行办法》"),
            (
                "time_limit",
                "制定或获取信息之日起10个工作日内，公示7个工作日",
            ),
            ("subject", "县民政局"),
            ("channels", "政府网站、村公示栏"),
            ("audience", "看情况"),
            ("method", "主动"),
        ];
        let bad = town.submit(&format!("{derived}/item"), &fields).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().contains("公开对象“看情况”无法识别"));
        fields[8].1 = "特定群体";
        let ok = town.submit(&format!("{derived}/item"), &fields).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
        let html = town.get(&derived).await.text();
        assert!(
            html.contains("<td>调整</td><td>公开时限、公开渠道和载体、公开对象</td>"),
            "{html}"
        );
        assert!(html.contains("第3版"));
        assert_eq!(
            town.get(&format!("{derived}/item?item=x")).await.status,
            StatusCode::NOT_FOUND
        );
        let x = town.get(&format!("{derived}/export.xlsx")).await;
        assert!(x.body.starts_with(b"PK"));
        let csv = town.get(&format!("{derived}/export.csv")).await.text();
        assert!(csv.contains("\"最低生活保障\",\"审核信息\""));
        assert!(!csv.contains("临时救助"));

        // The portal's column shows the department's published catalog.
        let mut public = s.client();
        let col = public.get("/czj/xxgk/bzml").await;
        assert_eq!(col.status, StatusCode::OK);
        let html = col.text();
        assert!(
            html.contains("社会救助") && html.contains("最低生活保障") && html.contains("审核信息")
        );
        assert!(
            public
                .get("/qingshi/xxgk/bzml")
                .await
                .text()
                .contains("暂无已发布的标准目录")
        );
    }
}

/// A county org admin keeps the catalogs of the county's townships and departments
/// (the role covers its subtree), so the import form offers them; a township's
/// officer is offered the township alone.
#[tokio::test]
async fn the_import_form_offers_every_organisation_the_user_keeps() {
    for s in apps().await {
        s.staff("county-admin", Role::OrgAdmin, s.county).await;
        s.staff("town-officer", Role::DisclosureOfficer, s.town)
            .await;
        let option = |id: i64| format!("<option value=\"{id}\"");
        let mut admin = s.client();
        admin.login("county-admin").await;
        let html = admin.get("/admin/catalogs").await.text();
        for org in [s.county, s.dept, s.town] {
            assert!(
                html.contains(&option(org)),
                "{}: org {org} offered",
                s.label
            );
        }
        let mut officer = s.client();
        officer.login("town-officer").await;
        let html = officer.get("/admin/catalogs").await.text();
        assert!(html.contains(&option(s.town)), "{}", s.label);
        for org in [s.county, s.dept] {
            assert!(
                !html.contains(&option(org)),
                "{}: org {org} not offered",
                s.label
            );
        }
    }
}
