//! Bulk import: every line either imported, skipped as already imported, or reported
//! with its reason; numbering, events and progress committed with the batch.

use gongkai_app::testing::*;
use gongkai_app::{Actor, ImportBatch, ImportRecord};
use gongkai_domain::role::Role;
use gongkai_domain::validity::Validity;
use gongkai_domain::workflow::State;
use gongkai_store::documents::DocQuery;

fn rec(key: &str, title: &str, written: &str, number: &str) -> ImportRecord {
    ImportRecord {
        key: key.into(),
        title: title.into(),
        written_on: written.into(),
        doc_number: number.into(),
        body: "# 第一章 总则\n第一条 为了规范管理，制定本办法。".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn import_reports_every_line_and_is_idempotent() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let cli = Actor::cli();
        let lines = vec![
            (1, Ok(rec("a", "甲办法", "2025-03-04", "云政发〔2025〕1号"))),
            (2, Ok(rec("b", "乙办法", "2025-03-05", "云政发[2025]2号"))),
            (3, Err("不是有效的 JSON：expected value".to_owned())),
            (4, Ok(rec("", "缺少key", "2025-03-05", ""))),
            (5, Ok(rec("c", "", "2025-03-05", ""))),
            (6, Ok(rec("d", "日期坏", "2025-02-30", ""))),
            (7, Ok(rec("e", "文号坏", "2025-03-05", "〔2025〕3号"))),
            (
                8,
                Ok(rec("f", "文号重复", "2025-03-06", "云政发〔2025〕1号")),
            ),
            (
                9,
                Ok(ImportRecord {
                    org: "nosuch".into(),
                    ..rec("g", "机构坏", "2025-03-05", "")
                }),
            ),
            (
                10,
                Ok(ImportRecord {
                    category: "cw-cw".into(),
                    ..rec("h", "类别不符", "2025-03-05", "")
                }),
            ),
            (11, Ok(rec("i", "未来", "2027-01-01", ""))),
            (
                12,
                Ok(ImportRecord {
                    org: "czj".into(),
                    validity: "repealed".into(),
                    published_on: "2026-01-10".into(),
                    ..rec("j", "财政局文件", "2026-01-05", "云政发〔2025〕1号")
                }),
            ),
            (13, Ok(rec("a", "同一key再次出现", "2025-03-04", ""))),
            (
                14,
                Ok(ImportRecord {
                    published_on: "2025-01-01".into(),
                    ..rec("k", "发布早于成文", "2025-03-04", "")
                }),
            ),
        ];
        let report = app
            .import_batch(
                &cli,
                ImportBatch {
                    source: "test.jsonl",
                    progress: Some(("file-1", 14)),
                    default_org: c.county,
                    lines,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (report.imported, report.skipped),
            (3, 1),
            "{}: {:?}",
            c.label,
            report.errors
        );
        let lines: Vec<u64> = report.errors.iter().map(|e| e.0).collect();
        assert_eq!(
            lines,
            vec![3, 4, 5, 6, 7, 8, 9, 10, 11, 14],
            "{}: {:?}",
            c.label,
            report.errors
        );
        let why = |n: u64| report.errors.iter().find(|e| e.0 == n).unwrap().1.clone();
        assert!(why(4).contains("key"));
        assert!(why(5).contains("标题"));
        assert!(why(6).contains("2025-02-30"));
        assert!(why(7).contains("发文机关代字"));
        assert!(why(8).contains("云政发〔2025〕1号"), "{}", why(8));
        assert!(why(9).contains("nosuch"));
        assert!(why(10).contains("不适用"));
        assert!(why(11).contains("晚于今天"));
        assert!(why(14).contains("早于成文日期"));
        assert_eq!(app.import_progress("file-1").await.unwrap(), 14);

        // Imported documents are published, numbered consecutively, searchable by
        // events, and keep their source key; the department's own 文号 space is separate.
        let (docs, total) = app.public_documents(DocQuery::default()).await.unwrap();
        assert_eq!(total, 3, "{}", c.label);
        let mut numbers: Vec<&str> = docs.iter().map(|d| d.index_number.as_str()).collect();
        numbers.sort();
        assert_eq!(
            numbers,
            vec![
                "11350999MB0012345X-2025-00001",
                "11350999MB0012345X-2025-00002",
                "11350999MB0012346X-2026-00001"
            ],
            "{}",
            c.label
        );
        let fin = docs.iter().find(|d| d.title == "财政局文件").unwrap();
        assert_eq!(
            (
                fin.state,
                fin.validity,
                fin.published_on.unwrap().to_string().as_str()
            ),
            (State::Published, Validity::Repealed, "2026-01-10")
        );
        let a = app
            .public_document("11350999MB0012345X-2025-00001")
            .await
            .unwrap()
            .unwrap();
        assert!(
            a.doc.body.starts_with("<h2>第一章 总则</h2>"),
            "{}",
            a.doc.body
        );
        assert!(app.last_event_seq().await.unwrap() >= 3);
        let view = app.document_view(&cli, &a.doc.index_number).await.unwrap();
        assert_eq!(view.trail[0].action, "document.import");
        assert_eq!(view.trail[0].detail["line"], 1);

        // The same lines again: nothing new.
        let again = vec![
            (1, Ok(rec("a", "甲办法", "2025-03-04", "云政发〔2025〕1号"))),
            (2, Ok(rec("b", "乙办法", "2025-03-05", "云政发[2025]2号"))),
        ];
        let report = app
            .import_batch(
                &cli,
                ImportBatch {
                    source: "test.jsonl",
                    progress: None,
                    default_org: c.county,
                    lines: again,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (report.imported, report.skipped, report.errors.len()),
            (0, 2, 0),
            "{}",
            c.label
        );
        assert_eq!(
            app.public_documents(DocQuery::default()).await.unwrap().1,
            3
        );

        // Only platform administrators and the unit's disclosure officers import.
        let drafter = c.actor("drafter", Role::Drafter, c.county).await;
        let officer = c.actor("officer", Role::DisclosureOfficer, c.town).await;
        let lines = vec![
            (1, Ok(rec("x", "起草人导入", "2025-03-04", ""))),
            (
                2,
                Ok(ImportRecord {
                    org: "qingshi".into(),
                    ..rec("y", "乡镇导入", "2025-03-04", "")
                }),
            ),
        ];
        let report = app
            .import_batch(
                &drafter,
                ImportBatch {
                    source: "t",
                    progress: None,
                    default_org: c.county,
                    lines: lines.clone(),
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (report.imported, report.errors.len()),
            (0, 2),
            "{}",
            c.label
        );
        let report = app
            .import_batch(
                &officer,
                ImportBatch {
                    source: "t",
                    progress: None,
                    default_org: c.county,
                    lines,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (report.imported, report.errors.len()),
            (1, 1),
            "{}: {:?}",
            c.label,
            report.errors
        );
    }
}
