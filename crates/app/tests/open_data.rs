//! 开放数据 through the use cases, on every backend: the bulk files hold exactly the
//! public documents, masked as the portal shows them, with the sums the manifest
//! gives; they are made again only when something changed; and the JSON Lines file,
//! imported into another platform, gives the same documents back.

use std::io::Read;

use gongkai_app::pii_review::{PiiDecisionInput, PiiSubject};
use gongkai_app::testing::*;
use gongkai_app::{ActionInput, Actor, ImportBatch, ImportRecord};
use gongkai_domain::channels::open_data::{DOCUMENT_FIELDS, Dataset};
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
        let mut secret = raw_doc("内部名单", "", "2026-03-02");
        secret.attribute = "not_disclosed".into();
        secret.legal_ground = "personal_privacy".into();
        secret.attribute_reason = "含个人信息".into();
        let hidden = app
            .create_document(&s.drafter, c.county, &secret, &[])
            .await
            .unwrap();
        s.advance(app, &hidden, 4).await;

        let manifest = app.open_datasets().await.unwrap();
        assert_eq!(manifest.len(), 2, "{}", c.label);
        assert!(manifest.iter().all(|d| d.count == 2));
        let (kind, bytes) = app.open_dataset_bytes("documents.jsonl.gz").await.unwrap();
        assert_eq!(kind, Dataset::DocumentsJsonl);
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
