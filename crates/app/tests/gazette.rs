//! Gazette issues through the use cases, on every backend: published in sequence with
//! their contents and e-edition, each one a leaf in the signed log; refused twice, out
//! of sequence, naming a missing document, or without a PDF; a changed row found by the
//! audit.

use gongkai_app::gazette::IssueInput;
use gongkai_app::gazette::keys::KeyStore;
use gongkai_app::testing::*;
use gongkai_app::{AppError, AttachmentUpload, Config};
use gongkai_domain::gazette::leaf::IssueLeaf;
use gongkai_domain::gazette::merkle::{from_hex, leaf_hash, verify_inclusion};
use gongkai_domain::role::Role;
use gongkai_store::testing::fresh_stores;

fn pdf(n: u32) -> AttachmentUpload {
    AttachmentUpload {
        filename: format!("公报-{n}.pdf"),
        bytes: format!("%PDF-1.4\n% issue {n}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
            .into_bytes(),
    }
}

fn issue(year: i32, number: u32, total: u32, on: &str) -> IssueInput {
    IssueInput {
        year: year.to_string(),
        number: number.to_string(),
        total_number: total.to_string(),
        published_on: on.into(),
        toc: "规章|云溪县城区停车场管理办法|云政令〔2026〕1号||3\n人事任免|县政府任免名单".into(),
        texts: Vec::new(),
    }
}

#[tokio::test]
async fn issues_are_published_in_sequence_and_logged() {
    for db in fresh_stores().await.unwrap() {
        let store = db.store.clone();
        let keys = std::env::temp_dir().join(format!("gk-gz-{}", gongkai_app::random_token(4)));
        KeyStore::new(&keys).generate(false).unwrap();
        let c = TestCounty::new(
            db,
            Config {
                gazette_keys: Some(keys.clone()),
                ..Config::default()
            },
        )
        .await;
        let app = &c.app;
        c.clock.set(at(d("2026-06-30")));
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let admin = c.user("admin", &[], true).await;
        assert!(
            matches!(
                app.publish_gazette_issue(
                    &officer,
                    "yunxi",
                    &issue(2026, 1, 1, "2026-01-15"),
                    &pdf(1),
                    None
                )
                .await,
                Err(AppError::NotFound(_))
            ),
            "no gazette yet"
        );
        assert!(matches!(
            app.set_gazette(&officer, "yunxi", "云溪县人民政府公报")
                .await,
            Err(AppError::Forbidden(_))
        ));
        app.set_gazette(&admin, "yunxi", "云溪县人民政府公报")
            .await
            .unwrap();
        app.publish_gazette_issue(
            &officer,
            "yunxi",
            &issue(2026, 1, 235, "2026-01-15"),
            &pdf(1),
            None,
        )
        .await
        .unwrap();
        // Twice, out of sequence, a missing document, not a PDF: each refused, nothing logged.
        assert!(matches!(
            app.publish_gazette_issue(
                &officer,
                "yunxi",
                &issue(2026, 1, 235, "2026-01-15"),
                &pdf(1),
                None
            )
            .await,
            Err(AppError::Conflict(_))
        ));
        let e = app
            .publish_gazette_issue(
                &officer,
                "yunxi",
                &issue(2026, 3, 237, "2026-02-15"),
                &pdf(3),
                None,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(v) if v[0].message.contains("第2期")),
            "{e:?}"
        );
        let mut missing = issue(2026, 2, 236, "2026-02-15");
        missing.toc =
            "政府文件|不存在的文件|云政发〔2026〕99号|11350999MB0012345G-2026-99999".into();
        let e = app
            .publish_gazette_issue(&officer, "yunxi", &missing, &pdf(2), None)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(v) if v[0].message.contains("不存在")),
            "{e:?}"
        );
        let mut text = pdf(2);
        text.filename = "公报.txt".into();
        assert!(
            app.publish_gazette_issue(
                &officer,
                "yunxi",
                &issue(2026, 2, 236, "2026-02-15"),
                &text,
                None
            )
            .await
            .is_err()
        );
        assert_eq!(
            app.gazette_tree_head().await.unwrap().unwrap().tree_size,
            1,
            "{}",
            c.label
        );
        app.publish_gazette_issue(
            &officer,
            "yunxi",
            &issue(2026, 2, 236, "2026-02-15"),
            &pdf(2),
            None,
        )
        .await
        .unwrap();

        // Each issue is the leaf at its position, provable against the signed head.
        let v = app.gazette_issue("yunxi", 2026, 2).await.unwrap();
        assert_eq!((v.total_number, v.leaf_index), (236, 1));
        assert_eq!(v.articles[0].section, "规章");
        let bytes = app.gazette_pdf("yunxi", 2026, 2).await.unwrap();
        assert_eq!(bytes, pdf(2).bytes);
        let leaf = IssueLeaf {
            number: 2,
            org: "yunxi".into(),
            pdf_sha256: v.pdf_sha256.clone(),
            pdf_sm3: v.pdf_sm3.clone(),
            published_on: "2026-02-15".into(),
            total_number: 236,
            year: 2026,
        };
        let head = app.gazette_tree_head().await.unwrap().unwrap();
        let path: Vec<_> = app
            .gazette_inclusion(1, head.tree_size)
            .await
            .unwrap()
            .iter()
            .map(|h| from_hex(h).unwrap())
            .collect();
        assert!(verify_inclusion(
            &leaf_hash(leaf.to_json().as_bytes()),
            1,
            head.tree_size,
            &path,
            &from_hex(&head.root_hash).unwrap()
        ));
        let (title, all) = app.gazette("yunxi").await.unwrap();
        assert_eq!(title, "云溪县人民政府公报");
        assert_eq!(all.iter().map(|i| i.number).collect::<Vec<_>>(), vec![2, 1]);
        assert!(app.gazette_log_audit().await.unwrap().is_empty());
        // A row changed behind the application's back no longer matches its leaf.
        gongkai_store::testing::tamper_gazette_issue(&store, 0, &"0".repeat(64))
            .await
            .unwrap();
        let problems = app.gazette_log_audit().await.unwrap();
        assert!(
            problems.iter().any(|p| p.contains("2026年第1期")),
            "{problems:?}"
        );
        let _ = std::fs::remove_dir_all(keys);
    }
}

/// Readers search the text of the gazette's articles, not only its contents; the text
/// comes with a back issue or from the documents the contents name; an edition set for
/// a log position another issue took first is refused, leaving nothing written.
#[tokio::test]
async fn the_gazette_is_searched_in_full_text_and_a_stale_edition_is_refused() {
    for db in fresh_stores().await.unwrap() {
        let keys = std::env::temp_dir().join(format!("gk-gz-{}", gongkai_app::random_token(4)));
        KeyStore::new(&keys).generate(false).unwrap();
        let c = TestCounty::new(
            db,
            Config {
                gazette_keys: Some(keys.clone()),
                ..Config::default()
            },
        )
        .await;
        let app = &c.app;
        c.clock.set(at(d("2026-06-30")));
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let admin = c.user("admin", &[], true).await;
        app.set_gazette(&admin, "yunxi", "云溪县人民政府公报")
            .await
            .unwrap();
        let mut back = issue(2026, 1, 1, "2026-01-15");
        back.texts = vec![
            "第一条 为加强城区停车场管理，规范停车秩序，制定本办法。\n第二条 本办法适用于县城规划区。"
                .into(),
            String::new(),
        ];
        app.publish_gazette_issue(&officer, "yunxi", &back, &pdf(1), None)
            .await
            .unwrap();
        let hits = app.search_gazette("yunxi", "停车秩序").await.unwrap();
        assert_eq!(hits.len(), 1, "{}", c.label);
        assert!(hits[0].passage.contains("停车秩序"), "{}", hits[0].passage);
        assert_eq!(
            app.search_gazette("yunxi", "停车秩序 县城规划区")
                .await
                .unwrap()
                .len(),
            1,
            "every word, anywhere in the article"
        );
        assert!(
            app.search_gazette("yunxi", "停车秩序 供暖")
                .await
                .unwrap()
                .is_empty()
        );
        let mut wrong = issue(2026, 2, 2, "2026-02-15");
        wrong.texts = vec!["只有一篇".into()];
        let e = app
            .publish_gazette_issue(&officer, "yunxi", &wrong, &pdf(2), None)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)), "{}: {e}", c.label);

        // The next issue's edition is set for position 1; another issue takes it first.
        let next = issue(2026, 2, 2, "2026-02-15");
        let edition = app.gazette_edition(&officer, "yunxi", &next).await.unwrap();
        assert_eq!(edition.leaf_index, 1);
        assert_eq!(edition.articles[0].title, "云溪县城区停车场管理办法");
        app.publish_gazette_issue(&officer, "yunxi", &next, &pdf(2), None)
            .await
            .unwrap();
        let third = issue(2026, 3, 3, "2026-03-15");
        let e = app
            .publish_gazette_issue(&officer, "yunxi", &third, &pdf(3), Some(1))
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Conflict(ref m) if m.contains("重新发布")),
            "{e}"
        );
        assert_eq!(app.gazette_tree_head().await.unwrap().unwrap().tree_size, 2);
        assert!(matches!(
            app.gazette_issue("yunxi", 2026, 3).await,
            Err(AppError::NotFound(_))
        ));
        let _ = std::fs::remove_dir_all(keys);
    }
}
