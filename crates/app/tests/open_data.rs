//! 开放数据 through the use cases, on every backend: the bulk files hold exactly the
//! public documents, masked as the portal shows them, with the sums the manifest
//! gives; they are made again only when something changed, and the files replaced are
//! removed; the JSON Lines file, imported into another platform, gives the same
//! documents back; and the catalogs, service guides and report figures hold what is
//! published and nothing else.

use std::io::Read;

use gongkai_app::catalog_xlsx::write;
use gongkai_app::pii_review::{PiiDecisionInput, PiiSubject};
use gongkai_app::services::ServiceInput;
use gongkai_app::testing::*;
use gongkai_app::{ActionInput, Actor, AreaMapping, BlobStore, ImportBatch, ImportRecord};
use gongkai_domain::catalog::RawItem;
use gongkai_domain::catalog::lifecycle::Action as CatalogAction;
use gongkai_domain::channels::open_data::{DOCUMENT_FIELDS, Dataset, Format, Table};
use gongkai_domain::report::StaffInput;
use gongkai_domain::role::Role;
use gongkai_domain::workflow::Action;

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn exports_hold_the_public_documents_and_import_back_the_same() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        let s = c.signers(c.county).await;
        let mut policy = raw_doc(
            "云溪县农村饮水安全工程管理办法",
            "云政规〔2026〕2号",
            "2026-03-02",
        );
        policy.category = "a20-01".into();
        policy.body =
            "<p>第一条 为加强农村饮水安全工程管理……</p><p>联系人：张三，电话13912345678。</p>"
                .into();
        let a = app
            .create_document(&s.drafter, c.county, &policy, &[])
            .await
            .unwrap();
        s.advance(app, &a, 3).await;
        // The approver has the telephone number masked before signing off.
        let (review, _) = app.document_pii_review(&s.approver, &a).await.unwrap();
        let masked = PiiDecisionInput::mask_all(&review);
        app.decide_pii(&s.approver, &PiiSubject::Document(a.clone()), &masked)
            .await
            .unwrap();
        app.act(&s.approver, &a, ActionInput::new(Action::Approve))
            .await
            .unwrap();
        let ds = c.signers(c.dept).await;
        let b = app
            .create_document(
                &ds.drafter,
                c.dept,
                &raw_doc("县财政局2026年部门预算", "", "2026-03-02"),
                &[],
            )
            .await
            .unwrap();
        ds.advance(app, &b, 4).await;
        // Not public: a draft, and a document decided not to be disclosed.
        app.create_document(
            &s.drafter,
            c.county,
            &raw_doc("草稿", "", "2026-03-02"),
            &[],
        )
        .await
        .unwrap();
        let secret = private_doc("内部名单", "2026-03-02");
        let hidden = app
            .create_document(&s.drafter, c.county, &secret, &[])
            .await
            .unwrap();
        s.advance(app, &hidden, 4).await;

        let manifest = app.open_datasets().await.unwrap();
        assert_eq!(manifest.len(), 8, "{}", c.label);
        let docs: Vec<_> = manifest
            .iter()
            .filter(|d| d.dataset.table == Table::Documents)
            .collect();
        assert!(docs.len() == 2 && docs.iter().all(|d| d.count == 2));
        assert_eq!(manifest[0].dataset.file(), "documents.jsonl.gz");
        let (kind, bytes) = app.open_dataset_bytes("documents.jsonl.gz").await.unwrap();
        assert_eq!(kind, Dataset::new(Table::Documents, Format::Jsonl));
        assert_eq!(gongkai_app::sha256_hex_bytes(&bytes), manifest[0].sha256);
        let text = gunzip(&bytes);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["index_number"], a.as_str());
        assert_eq!(lines[0]["org"], "yunxi");
        assert_eq!(lines[0]["doc_number"], "云政规〔2026〕2号");
        assert_eq!(lines[0]["category"], "a20-01");
        assert_eq!(lines[0]["url"], format!("/yunxi/xxgk/doc/{a}"));
        assert_eq!(lines[1]["org"], "czj");
        assert!(
            !text.contains("13912345678") && !text.contains("内部名单") && !text.contains("草稿")
        );
        assert_eq!(lines[0].as_object().unwrap().len(), DOCUMENT_FIELDS.len());

        // The CSV: a header of the same fields and one row per document.
        let (_, csv) = app.open_dataset_bytes("documents.csv.gz").await.unwrap();
        let csv = gunzip(&csv);
        assert!(csv.starts_with("\u{feff}\"key\",\"org\",\"title\""));
        assert_eq!(csv.matches("\r\n").count(), 3);
        assert!(csv.contains("\"云溪县农村饮水安全工程管理办法\""));

        // Nothing changed: not made again; a publication: made again.
        assert!(!app.refresh_open_data(false).await.unwrap());
        let e = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("关于春季植树的通知", "", "2026-03-02"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &e, 4).await;
        assert!(app.refresh_open_data(false).await.unwrap());
        let after = app.open_datasets().await.unwrap();
        assert_eq!(after[0].count, 3);
        assert_ne!(after[0].sha256, manifest[0].sha256);
        // The replaced file's bytes are gone; an unchanged table's stay under their key.
        let key = |sha: &str| format!("open{sha}");
        assert!(
            c.blobs
                .get(&key(&manifest[0].sha256))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(after[2].sha256, manifest[2].sha256, "no catalog changed");
        assert!(c.blobs.get(&key(&after[2].sha256)).await.unwrap().is_some());

        // Imported into a fresh platform: the same documents.
        let other = TestCounty::new(
            gongkai_store::testing::fresh_sqlite().await.unwrap(),
            Default::default(),
        )
        .await;
        let (_, bytes) = app.open_dataset_bytes("documents.jsonl.gz").await.unwrap();
        let lines: Vec<(u64, Result<ImportRecord, String>)> = gunzip(&bytes)
            .lines()
            .enumerate()
            .map(|(i, l)| {
                (
                    i as u64 + 1,
                    serde_json::from_str(l).map_err(|e| e.to_string()),
                )
            })
            .collect();
        let report = other
            .app
            .import_batch(
                &Actor::cli(),
                ImportBatch {
                    source: "documents.jsonl.gz",
                    progress: None,
                    default_org: other.county,
                    lines,
                },
            )
            .await
            .unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let (_, again) = other
            .app
            .open_dataset_bytes("documents.jsonl.gz")
            .await
            .unwrap();
        let strip = |t: String| -> Vec<serde_json::Value> {
            let mut v: Vec<serde_json::Value> = t
                .lines()
                .map(|l| {
                    let mut o: serde_json::Value = serde_json::from_str(l).unwrap();
                    // Each platform numbers its documents itself.
                    for k in ["key", "index_number", "url"] {
                        o.as_object_mut().unwrap().remove(k);
                    }
                    o
                })
                .collect();
            v.sort_by_key(|o| o["title"].as_str().unwrap().to_owned());
            v
        };
        assert_eq!(strip(gunzip(&again)), strip(gunzip(&bytes)), "{}", c.label);
    }
}

fn gunzip_of(bytes: (Dataset, Vec<u8>)) -> String {
    gunzip(&bytes.1)
}

#[tokio::test]
async fn catalogs_service_guides_and_report_figures_as_published() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-01-12")));
        let officer = c.actor("officer", Role::DisclosureOfficer, c.dept).await;
        let supervisor = c.actor("supervisor", Role::Supervisor, c.county).await;

        // A catalog published; another imported and left in draft.
        let item = |first: &str| {
            RawItem {
                domain: "社会救助".into(),
                first: first.into(),
                second: "办事指南".into(),
                content: "申请条件、办理流程".into(),
                basis: "《社会救助暂行办法》".into(),
                time_limit: "信息形成或变更之日起20个工作日内".into(),
                subject: "县财政局".into(),
                channels: vec!["政府网站".into(), "公示栏".into()],
                audience: "全社会".into(),
                method: "主动".into(),
                levels: vec!["县级".into()],
                ..Default::default()
            }
            .parse_complete(|_| true)
            .unwrap()
        };
        let table = write("县财政局", &[item("最低生活保障"), item("临时救助")]).unwrap();
        let imported = app
            .import_catalog(&officer, c.dept, &table, &AreaMapping::default())
            .await
            .unwrap()
            .unwrap();
        let id = imported[0].catalog_id;
        app.catalog_act(&officer, id, CatalogAction::Submit, "")
            .await
            .unwrap();
        app.catalog_act(&supervisor, id, CatalogAction::Approve, "同意")
            .await
            .unwrap();
        app.catalog_act(&officer, id, CatalogAction::Publish, "")
            .await
            .unwrap();
        let town_officer = c.actor("town", Role::DisclosureOfficer, c.town).await;
        let mut draft = item("特困人员救助供养");
        draft.subject = "镇政府".into();
        let draft_table = write("某镇", &[draft]).unwrap();
        app.import_catalog(&town_officer, c.town, &draft_table, &AreaMapping::default())
            .await
            .unwrap()
            .unwrap();

        // A guide published with a telephone number in its materials; one in draft.
        let guide = |name: &str| ServiceInput {
            org: "czj".into(),
            name: name.into(),
            audience: "person".into(),
            themes: vec!["assistance".into()],
            basis: "《社会救助暂行办法》第四十七条".into(),
            office: "县财政局".into(),
            steps: "1. 申请\n2. 审核".into(),
            materials: "身份证\n联系人张三13912345678".into(),
            fees: "不收费".into(),
            time_limit: "20个工作日".into(),
            phone: "0591-22345678".into(),
            approved_on: "2026-01-12".into(),
            ..Default::default()
        };
        // The number is masked on review before the guide goes out.
        let published = app
            .save_service(&officer, None, &guide("临时救助给付"), false)
            .await
            .unwrap();
        let (_, review, _) = app.service_view(&officer, published).await.unwrap();
        app.decide_pii(
            &officer,
            &PiiSubject::Service(published),
            &PiiDecisionInput::mask_all(&review),
        )
        .await
        .unwrap();
        app.save_service(&officer, Some(published), &guide("临时救助给付"), true)
            .await
            .unwrap();
        app.save_service(&officer, None, &guide("尚未发布的事项"), false)
            .await
            .unwrap();

        // The department's 2025 report published; the county's only drafted.
        let input = StaffInput {
            licences: 7,
            reconsideration: [1, 0, 0, 0],
            ..Default::default()
        };
        app.save_report_input(&officer, c.dept, 2025, &input)
            .await
            .unwrap();
        app.publish_report(&officer, c.dept, 2025).await.unwrap();

        app.refresh_open_data(true).await.unwrap();
        let manifest = app.open_datasets().await.unwrap();
        let count = |t: Table| {
            manifest
                .iter()
                .find(|d| d.dataset.table == t)
                .unwrap()
                .count
        };
        assert_eq!(count(Table::Catalogs), 2, "{}", c.label);
        assert_eq!(count(Table::Services), 1);

        let catalogs: Vec<serde_json::Value> =
            gunzip_of(app.open_dataset_bytes("catalogs.jsonl.gz").await.unwrap())
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
        assert_eq!(catalogs[0]["org"], "czj");
        assert_eq!(catalogs[0]["domain"], "社会救助");
        assert_eq!(catalogs[0]["version"], 1, "a number");
        assert_eq!(catalogs[0]["first"], "最低生活保障");
        assert_eq!(
            catalogs[0]["channels"],
            "政府网站、社区/企事业单位/村公示栏（电子屏）"
        );
        assert_eq!(catalogs[0]["documents"], 0);
        assert_eq!(catalogs[0]["url"], format!("/czj/xxgk/bzml#ml-{id}"));
        assert!(catalogs.iter().all(|l| l["first"] != "特困人员救助供养"));

        let services = gunzip_of(app.open_dataset_bytes("services.jsonl.gz").await.unwrap());
        let s: serde_json::Value = serde_json::from_str(services.lines().next().unwrap()).unwrap();
        assert_eq!(s["id"], published);
        assert_eq!(s["name"], "临时救助给付");
        assert_eq!(s["audience"], "个人办事");
        assert_eq!(s["url"], format!("/czj/bsfw/{published}"));
        assert!(
            !services.contains("13912345678"),
            "masked as the page shows it"
        );
        assert!(!services.contains("尚未发布的事项"));

        let figures: Vec<serde_json::Value> =
            gunzip_of(app.open_dataset_bytes("statistics.jsonl.gz").await.unwrap())
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
        assert!(
            figures
                .iter()
                .all(|f| f["org"] == "czj" && f["year"] == 2025)
        );
        assert!(
            figures
                .iter()
                .any(|f| f["section"] == "二" && f["row"] == "行政许可" && f["value"] == 7)
        );
        assert!(figures.iter().any(|f| f["section"] == "四"
            && f["row"] == "行政复议"
            && f["column"] == "总计"
            && f["value"] == 1));
        assert_eq!(figures[0]["url"], "/czj/xxgk/nb/2025");
        let csv = gunzip_of(app.open_dataset_bytes("statistics.csv.gz").await.unwrap());
        assert_eq!(
            csv.matches("\r\n").count() as i64,
            count(Table::Statistics) + 1
        );
    }
}
