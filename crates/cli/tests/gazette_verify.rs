//! `gongkai gazette verify`: an issue checked offline from the files the API gives —
//! and a changed PDF, a forged head or a proof for another tree refused, each saying why.

use std::process::Command;

use gongkai_app::gazette::IssueInput;
use gongkai_app::gazette::keys::KeyStore;
use gongkai_app::testing::{TestCounty, at, d};
use gongkai_app::{AttachmentUpload, Config};
use gongkai_domain::role::Role;
use gongkai_store::testing::fresh_sqlite;
use serde_json::json;

fn verify(dir: &std::path::Path, pdf: &str, sth: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["gazette", "verify"])
        .arg(dir.join(pdf))
        .arg("--sth")
        .arg(dir.join(sth))
        .arg("--proof")
        .arg(dir.join("proof.json"))
        .arg("--entry")
        .arg(dir.join("entry.json"))
        .arg("--keys")
        .arg(dir.join("keys.json"))
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn an_issue_is_checked_offline_from_the_published_files() {
    let dir = std::env::temp_dir().join(format!("gk-verify-{}", gongkai_app::random_token(4)));
    std::fs::create_dir_all(&dir).unwrap();
    let keys = dir.join("keys");
    KeyStore::new(&keys).generate(false).unwrap();
    let c = TestCounty::new(
        fresh_sqlite().await.unwrap(),
        Config {
            gazette_keys: Some(keys.clone()),
            ..Config::default()
        },
    )
    .await;
    let app = &c.app;
    c.clock.set(at(d("2026-06-30")));
    let admin = c.user("admin", &[], true).await;
    let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
    app.set_gazette(&admin, "yunxi", "云溪县人民政府公报")
        .await
        .unwrap();
    let pdf = |n: u32| format!("%PDF-1.4\n% issue {n}\n1 0 obj<<>>endobj\n%%EOF\n").into_bytes();
    for n in 1..=3u32 {
        app.publish_gazette_issue(
            &officer,
            "yunxi",
            &IssueInput {
                year: "2026".into(),
                number: n.to_string(),
                total_number: n.to_string(),
                published_on: format!("2026-0{n}-15"),
                toc: "政府文件|某通知".into(),
                texts: Vec::new(),
            },
            &AttachmentUpload {
                filename: "x.pdf".into(),
                bytes: pdf(n),
            },
            None,
        )
        .await
        .unwrap();
    }
    // What a reader saves from the site.
    let head = app.gazette_tree_head().await.unwrap().unwrap();
    let write =
        |name: &str, v: serde_json::Value| std::fs::write(dir.join(name), v.to_string()).unwrap();
    write("sth.json", serde_json::to_value(&head).unwrap());
    let history = app.gazette_public_keys().unwrap();
    write(
        "keys.json",
        json!({ "sm2_public_key": history[0].sm2_public_key, "ed25519_public_key": history[0].ed25519_public_key, "history": history }),
    );
    let entry = &app.gazette_entries(1, 2).await.unwrap()[0];
    write("entry.json", json!({ "leaf_index": 1, "leaf": entry.leaf }));
    write(
        "proof.json",
        json!({ "leaf_index": 1, "tree_size": 3, "audit_path": app.gazette_inclusion(1, 3).await.unwrap() }),
    );
    std::fs::write(dir.join("issue2.pdf"), pdf(2)).unwrap();
    std::fs::write(dir.join("issue3.pdf"), pdf(3)).unwrap();

    let (ok, out) = verify(&dir, "issue2.pdf", "sth.json");
    assert!(ok, "{out}");
    assert!(
        out.contains("签名有效") && out.contains("原件") && out.contains("第1条"),
        "{out}"
    );
    let (ok, out) = verify(&dir, "issue3.pdf", "sth.json");
    assert!(!ok && out.contains("SHA-256"), "another issue's PDF: {out}");
    // The independent verifier (Python's standard library and the OpenSSL command line,
    // written from docs/gazette-verification.md) agrees, and sees the log only grew.
    std::fs::write(dir.join("issue.pdf"), pdf(2)).unwrap();
    let heads = app.gazette_tree_heads().await.unwrap();
    write("old_sth.json", serde_json::to_value(&heads[0]).unwrap());
    write(
        "consistency.json",
        json!({ "first": 1, "second": 3, "consistency": app.gazette_consistency(1, 3).await.unwrap() }),
    );
    let python = std::env::var("GONGKAI_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../e2e/verify_gazette.py");
    let run = |d: &std::path::Path| {
        let o = Command::new(&python).arg(script).arg(d).output().unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    let (ok, out) = run(&dir);
    assert!(ok, "{out}");
    assert!(out.contains("only grew from 1 to 3"), "{out}");
    std::fs::write(dir.join("issue.pdf"), pdf(3)).unwrap();
    let (ok, out) = run(&dir);
    assert!(!ok && out.contains("SHA-256"), "{out}");
    std::fs::write(dir.join("issue.pdf"), pdf(2)).unwrap();
    let mut bad = serde_json::to_value(&head).unwrap();
    bad["signature_sm2"] = serde_json::to_value(&heads[1].signature_sm2).unwrap();
    write("sth.json", bad.clone());
    let (ok, out) = run(&dir);
    assert!(!ok && out.contains("SM2 signature"), "{out}");
    bad["signature_sm2"] = serde_json::to_value(&head.signature_sm2).unwrap();
    bad["signature_ed25519"] = serde_json::to_value(&heads[1].signature_ed25519).unwrap();
    write("sth.json", bad);
    let (ok, out) = run(&dir);
    assert!(!ok && out.contains("Ed25519 signature"), "{out}");
    write("sth.json", serde_json::to_value(&head).unwrap());

    let mut forged = serde_json::to_value(&head).unwrap();
    forged["tree_size"] = json!(4);
    write("forged.json", forged);
    let (ok, out) = verify(&dir, "issue2.pdf", "forged.json");
    assert!(!ok && out.contains("签名验证失败"), "{out}");
    let _ = std::fs::remove_dir_all(dir);
}
