//! The gazette on the portal and its log over the API: an issue's contents and PDF, and
//! a reader checking the issue against the signed tree head with nothing but the
//! documented formats.

mod support;

use axum::http::StatusCode;
use gongkai_app::AttachmentUpload;
use gongkai_app::gazette::IssueInput;
use gongkai_app::gazette::keys::{PublicKeys, Signatures, verify};
use gongkai_app::testing::{at, d};
use gongkai_domain::gazette::merkle::{from_hex, leaf_hash, tree_head_bytes, verify_inclusion};
use gongkai_domain::role::Role;
use support::*;

#[tokio::test]
async fn a_reader_finds_an_issue_and_checks_it_against_the_signed_head() {
    for s in with_gazette_keys().await {
        s.clock.set(at(d("2026-06-30")));
        let admin = s.user("admin", &[], true).await;
        let officer = s
            .user("officer", &[(Role::DisclosureOfficer, s.county)], false)
            .await;
        assert_eq!(
            s.get("/yunxi/gb/", None).await.status,
            StatusCode::NOT_FOUND,
            "no gazette yet"
        );
        assert_eq!(
            s.get("/api/v1/gazette/log/sth", None).await.status,
            StatusCode::NOT_FOUND
        );
        s.app
            .set_gazette(&admin, "yunxi", "云溪县人民政府公报")
            .await
            .unwrap();
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
        for n in 1..=3u32 {
            s.app
                .publish_gazette_issue(
                    &officer,
                    "yunxi",
                    &IssueInput {
                        year: "2026".into(),
                        number: n.to_string(),
                        total_number: (240 + n).to_string(),
                        published_on: format!("2026-0{n}-15"),
                        toc: format!("政府文件|第{n}期的文件|云政发〔2026〕{n}号"),
                        texts: Vec::new(),
                    },
                    &AttachmentUpload {
                        filename: format!("{n}.pdf"),
                        bytes: pdf.clone(),
                    },
                    None,
                )
                .await
                .unwrap();
        }
        let list = s.get("/yunxi/gb/", None).await;
        assert_eq!(list.status, StatusCode::OK, "{}", s.label);
        assert!(list.text().contains("2026年第2期（总第242期）"));
        let page = s.get("/yunxi/gb/2026/2", None).await.text();
        assert!(page.contains("第2期的文件") && page.contains("云政发〔2026〕2号"));
        let file = s.get("/yunxi/gb/2026/2.pdf", None).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.body.to_vec(), pdf);
        assert_eq!(
            s.get("/yunxi/gb/2026/9", None).await.status,
            StatusCode::NOT_FOUND
        );

        // The reader: the head, the keys, the entry and its path — and nothing else.
        let sth = s.get("/api/v1/gazette/log/sth", None).await.json();
        assert_eq!(sth["tree_size"], 3);
        let keys = s.get("/api/v1/gazette/keys", None).await.json();
        let root = from_hex(sth["root_hash"].as_str().unwrap()).unwrap();
        let signed = tree_head_bytes(sth["timestamp"].as_u64().unwrap(), 3, &root);
        verify(
            &PublicKeys {
                sm2_public_key: keys["sm2_public_key"].as_str().unwrap().into(),
                ed25519_public_key: keys["ed25519_public_key"].as_str().unwrap().into(),
            },
            &signed,
            &Signatures {
                signature_sm2: sth["signature_sm2"].as_str().unwrap().into(),
                signature_ed25519: sth["signature_ed25519"].as_str().unwrap().into(),
            },
        )
        .unwrap();
        let entries = s
            .get("/api/v1/gazette/log/entries?start=0&end=3", None)
            .await
            .json();
        let leaf = entries[1]["leaf"].as_str().unwrap();
        assert!(leaf.contains("\"number\":2") && leaf.contains("\"total_number\":242"));
        let proof = s
            .get("/api/v1/gazette/log/proof?leaf_index=1&tree_size=3", None)
            .await
            .json();
        let path: Vec<_> = proof["audit_path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| from_hex(h.as_str().unwrap()).unwrap())
            .collect();
        assert!(verify_inclusion(
            &leaf_hash(leaf.as_bytes()),
            1,
            3,
            &path,
            &root
        ));
        let c = s
            .get("/api/v1/gazette/log/consistency?first=1&second=3", None)
            .await;
        assert_eq!(c.status, StatusCode::OK);
        assert_eq!(
            s.get("/api/v1/gazette/log/sths", None)
                .await
                .json()
                .as_array()
                .unwrap()
                .len(),
            3
        );
        // Beyond the tree: refused with the reason.
        let bad = s
            .get("/api/v1/gazette/log/proof?leaf_index=0&tree_size=9", None)
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("tree_size")
        );
    }
}

#[tokio::test]
async fn staff_publish_an_issue_from_the_back_office() {
    for s in with_gazette_keys().await {
        s.clock.set(at(d("2026-06-30")));
        let admin = s.user("admin", &[], true).await;
        s.user("officer", &[(Role::DisclosureOfficer, s.county)], false)
            .await;
        let mut c = s.client();
        c.login("officer").await;
        assert!(
            c.get("/admin/gazette")
                .await
                .text()
                .contains("未开办政府公报")
        );
        s.app
            .set_gazette(&admin, "yunxi", "云溪县人民政府公报")
            .await
            .unwrap();
        let board = c.get("/admin/").await.text();
        assert!(
            board.contains("下一期为2026年第1期（总第1期）"),
            "{}",
            s.label
        );
        let page = c.get("/admin/gazette").await.text();
        assert!(page.contains("name=\"total_number\" value=\"1\""));
        let csrf = c.csrf.clone();
        let path = format!("/admin/gazette?_csrf={csrf}");
        let fields = [
            ("org", "yunxi"),
            ("year", "2026"),
            ("number", "1"),
            ("total_number", "1"),
            ("published_on", "2026-06-30"),
            ("toc", "小说|不是公报栏目"),
            ("edition", "upload"),
        ];
        let bad = c
            .multipart_as(&path, &fields, "pdf", "1.pdf", b"%PDF-1.4\n%%EOF\n")
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().contains("目录第1行"));
        let mut fields = fields;
        fields[5] = ("toc", "政府文件|关于印发某办法的通知|云政发〔2026〕8号");
        let ok = c
            .multipart_as(
                &path,
                &fields,
                "pdf",
                "1.pdf",
                b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
        let again = c
            .multipart_as(
                &path,
                &fields,
                "pdf",
                "1.pdf",
                b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "published twice");
        assert!(
            c.get("/admin/gazette")
                .await
                .text()
                .contains("name=\"number\" value=\"2\"")
        );
        assert!(
            s.get("/yunxi/gb/2026/1", None)
                .await
                .text()
                .contains("关于印发某办法的通知")
        );

        // The next issue's e-edition set by the platform, at the log position it prints.
        fields[2] = ("number", "2");
        fields[3] = ("total_number", "2");
        fields[5] = (
            "toc",
            "政府文件|关于做好冬季供暖保障工作的通知|云政发〔2026〕9号",
        );
        fields[6] = ("edition", "generate");
        let made = c.multipart_as(&path, &fields, "pdf", "", b"").await;
        if gongkai_web::pdf::font().is_none() {
            assert_eq!(made.status, StatusCode::CONFLICT, "{}", s.label);
            assert!(made.text().contains("fonts-noto-cjk"));
            continue;
        }
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text());
        let pdf = s.get("/yunxi/gb/2026/2.pdf", None).await;
        assert!(pdf.body.starts_with(b"%PDF-"), "{}", s.label);
        let issue = s.app.gazette_issue("yunxi", 2026, 2).await.unwrap();
        assert_eq!(issue.leaf_index, 1, "{}", s.label);
        assert_eq!(
            issue.pdf_sha256,
            gongkai_app::sha256_hex_bytes(&pdf.body),
            "{}: the logged hash is of the file served",
            s.label
        );
    }
}
