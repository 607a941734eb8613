//! 村(居)务公开 (seed 002 item 12): a list read from a pasted table or .xlsx with every
//! malformed row reported and nothing kept; its personal data confirmed before it is
//! published and masked when it is; kept by the village's township; each column's
//! schedule with the overdue ones; the 公示 end on the working-day calendar. On every
//! backend.

use gongkai_app::AppError;
use gongkai_app::pii_review::{PiiDecisionInput, PiiSubject};
use gongkai_app::testing::*;
use gongkai_app::villages::VillageListInput;
use gongkai_domain::role::Role;
use gongkai_domain::village::Column;

const ID1: &str = "11010519491231002X";

fn dibao(rows: &str) -> VillageListInput {
    VillageListInput {
        village: "qingshi-cun".into(),
        kind: "dibao".into(),
        title: "青石村2026年3月最低生活保障对象公示".into(),
        period_from: "2026-03-01".into(),
        period_to: "2026-03-31".into(),
        committee: "青石村村务监督委员会".into(),
        complaint_phone: "0591-22340000".into(),
        notice_days: "5".into(),
        rows: rows.into(),
    }
}

fn problems(e: AppError) -> Vec<String> {
    match e {
        AppError::Invalid(v) => v.into_iter().map(|i| i.message).collect(),
        e => vec![e.to_string()],
    }
}

#[tokio::test]
async fn a_township_officer_imports_confirms_and_publishes_a_list() {
    for c in TestCounty::all().await {
        let officer = c.actor("town", Role::DisclosureOfficer, c.town).await;
        let rows = format!(
            "青石村低保对象公示名单\n序号\t户主姓名\t身份证号码\t保障金额（元）\t银行账号\n1\t张　三\t{ID1}\t620\t6217 9948 0000 1234 561\n2\t欧阳明月\t110105194912310021\t1,240.00\t\n合计\t\t\t1860\t\n监督电话：0591-22340000"
        );
        let id = c
            .app
            .create_village_list(&officer, &dibao(&rows), None)
            .await
            .unwrap();
        let v = c.app.village_list_view(&officer, id).await.unwrap();
        assert_eq!(v.list.table.rows.len(), 3, "{}", c.label);
        let kinds: Vec<&str> = v.review.findings.iter().map(|f| f.kind.label()).collect();
        assert!(kinds.contains(&"疑似身份证号码（校验位不符）"), "{kinds:?}");
        assert_eq!(v.review.pending, v.review.findings.len());
        // Nothing is published while a piece is undecided.
        let e = c.app.publish_village_list(&officer, id).await.unwrap_err();
        assert!(problems(e)[0].contains("尚未确认"));
        let all = PiiDecisionInput::mask_all(&v.review);
        c.app
            .decide_pii(&officer, &PiiSubject::VillageList(id), &all)
            .await
            .unwrap();
        c.app.publish_village_list(&officer, id).await.unwrap();
        let public = c
            .app
            .public_village_list("qingshi", "qingshi-cun", id)
            .await
            .unwrap();
        let text = format!("{:?}", public.rows);
        assert!(
            !text.contains(ID1) && !text.contains("张三") && !text.contains("欧阳明月"),
            "{text}"
        );
        assert!(
            text.contains("张*") && text.contains("欧阳**") && text.contains("110105***********X")
        );
        assert!(
            text.contains("6217 99** **** ***4 561"),
            "the card keeps 6 and 4: {text}"
        );
        // Published on Monday 2 March 2026: five working days end on Monday 9 March.
        assert_eq!(public.notice_ends, d("2026-03-09"));
        assert!(
            c.app
                .public_village_list("qingshi", "other", id)
                .await
                .is_err()
        );
        // Once published it stays.
        assert!(c.app.remove_village_list(&officer, id).await.is_err());
        let audit = recent_audit(&c.app, Some("village_list.publish"), 1).await;
        assert_eq!(audit.len(), 1);
    }
}

#[tokio::test]
async fn a_list_with_malformed_rows_is_reported_row_by_row_and_not_kept() {
    for c in TestCounty::all().await {
        let officer = c.actor("town", Role::DisclosureOfficer, c.town).await;
        let rows = "姓名\t身份证号码\t金额\n李四\t1101051949\t100\n\t\t200\n王五\t\t一百元";
        let e = c
            .app
            .create_village_list(&officer, &dibao(rows), None)
            .await
            .unwrap_err();
        let p = problems(e);
        assert_eq!(p.len(), 3, "{}: {p:?}", c.label);
        assert!(
            p[0].starts_with("第2行") && p[1].starts_with("第3行") && p[2].starts_with("第4行")
        );
        assert!(
            c.app
                .staff_village_lists(&officer)
                .await
                .unwrap()
                .is_empty()
        );
        // The same from an .xlsx with a title row and a header broken over lines.
        let x = xlsx_of(&[&["名单"], &["姓\n名", "金额（元）"], &["赵六", "abc"]]);
        let p = problems(
            c.app
                .create_village_list(&officer, &dibao(""), Some(&x))
                .await
                .unwrap_err(),
        );
        assert_eq!(p, vec!["第3行：“金额（元）”的“abc”不是金额"]);
        let x = xlsx_of(&[&["名单"], &["姓\n名", "金额（元）"], &["赵六", "300"]]);
        c.app
            .create_village_list(&officer, &dibao(""), Some(&x))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn only_the_village_or_its_township_keeps_its_lists() {
    for c in TestCounty::all().await {
        let county_officer = c.actor("county", Role::DisclosureOfficer, c.county).await;
        let dept = c.actor("dept", Role::DisclosureOfficer, c.dept).await;
        let drafter = c.actor("drafter", Role::Drafter, c.town).await;
        let rows = "姓名\t金额\n李四\t100";
        for who in [&county_officer, &dept, &drafter] {
            let e = c
                .app
                .create_village_list(who, &dibao(rows), None)
                .await
                .unwrap_err();
            assert!(matches!(e, AppError::Forbidden(_)), "{}: {e}", c.label);
        }
        let own = c.actor("village", Role::DisclosureHead, c.village).await;
        let id = c
            .app
            .create_village_list(&own, &dibao(rows), None)
            .await
            .unwrap();
        assert!(
            c.app
                .decide_pii(&dept, &PiiSubject::VillageList(id), &[])
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn columns_are_overdue_by_their_schedule() {
    for c in TestCounty::all().await {
        let officer = c.actor("town", Role::DisclosureOfficer, c.town).await;
        let overdue = |v: &[gongkai_app::villages::ColumnStatus]| -> Vec<Column> {
            v.iter().filter(|s| s.overdue).map(|s| s.column).collect()
        };
        // Never published: finance (monthly), affairs and party (quarterly) are due.
        let now = c.app.overdue_village_columns(&officer).await.unwrap();
        assert_eq!(
            overdue(&now),
            vec![Column::Party, Column::Affairs, Column::Finance],
            "{}",
            c.label
        );
        c.app
            .set_village_schedule(&officer, "qingshi-cun", "party", "event")
            .await
            .unwrap();
        let id = c
            .app
            .create_village_list(&officer, &dibao("姓名\t金额\n李四\t100"), None)
            .await
            .unwrap();
        let v = c.app.village_list_view(&officer, id).await.unwrap();
        let mask: Vec<PiiDecisionInput> = v
            .review
            .findings
            .iter()
            .map(|f| PiiDecisionInput {
                value: f.value.clone(),
                keep: false,
                reason: String::new(),
            })
            .collect();
        c.app
            .decide_pii(&officer, &PiiSubject::VillageList(id), &mask)
            .await
            .unwrap();
        c.app.publish_village_list(&officer, id).await.unwrap();
        let now = c.app.overdue_village_columns(&officer).await.unwrap();
        assert_eq!(overdue(&now), vec![Column::Finance]);
        // Three months and a day later, affairs is due again.
        c.clock.set(at(d("2026-06-03")));
        let later = c.app.overdue_village_columns(&officer).await.unwrap();
        assert_eq!(overdue(&later), vec![Column::Affairs, Column::Finance]);
        assert!(
            c.app
                .set_village_schedule(&officer, "qingshi-cun", "party", "weekly")
                .await
                .is_err()
        );
    }
}
