//! Next year's calendar from the State Council's notice: pasted as published, read and
//! shown, then loaded once confirmed; every officer is warned from 1 November while
//! it is missing; dates reckoned into the missing year are marked provisional.

mod support;

use axum::http::StatusCode;
use gongkai_app::testing::{at, d};
use gongkai_domain::role::Role;
use support::*;

/// A notice in the published form for a year not built in (test data, not a real
/// notice: the dates are invented and weekdays checked).
const NOTICE_2027: &str = "国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕99号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2027年元旦、春节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（农历除夕、周六）至13日（周六）放假调休，共8天。2月14日（周日）、2月20日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
国务院办公厅
2026年11月10日";

#[tokio::test]
async fn a_pasted_notice_is_shown_then_loaded_and_the_warning_goes() {
    for s in apps().await {
        s.clock.set(at(d("2026-11-29")));
        s.user("root", &[], true).await;
        s.staff("officer", Role::DisclosureOfficer, s.county).await;
        let mut officer = s.client();
        officer.login("officer").await;
        let board = officer.get("/admin/").await.text();
        assert!(board.contains("2027年节假日安排尚未载入"), "{}", s.label);
        assert!(board.contains("请提醒平台管理员"), "{}", s.label);

        let mut root = s.client();
        root.login("root").await;
        let r = root
            .submit(
                "/admin/calendar/notice",
                &[("notice", NOTICE_2027), ("go", "preview")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.text());
        let page = r.text();
        for shown in [
            "2027年安排（尚未载入）",
            "国办发明电〔2026〕99号",
            "共放假 11 天",
            "2月6日至2月13日（8天）",
            "2月14日（周日）、2月20日（周六）",
            "确认载入",
        ] {
            assert!(page.contains(shown), "{}: preview lacks {shown}", s.label);
        }
        assert!(
            !s.app.calendar().has_year(2027),
            "{}: nothing loaded yet",
            s.label
        );

        // A text edited after its preview is shown again, not loaded unseen.
        let seen = hidden(&page, "seen").unwrap();
        let edited = NOTICE_2027.replace("至3日（周日）放假，共3天", "放假，共1天");
        let r = root
            .submit(
                "/admin/calendar/notice",
                &[("notice", &edited), ("seen", &seen), ("go", "load")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!s.app.calendar().has_year(2027), "{}", s.label);

        let r = root
            .submit(
                "/admin/calendar/notice",
                &[("notice", NOTICE_2027), ("seen", &seen), ("go", "load")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.text());
        let cal = s.app.calendar();
        assert!(!cal.is_workday(d("2027-02-08")) && cal.is_workday(d("2027-02-14")));
        let year = cal.schedule(2027).unwrap();
        assert_eq!(year.notices[0].number, "国办发明电〔2026〕99号");
        assert!(
            !officer
                .get("/admin/")
                .await
                .text()
                .contains("2027年节假日安排尚未载入")
        );
    }
}

#[tokio::test]
async fn a_notice_that_cannot_be_read_says_why_and_only_administrators_load() {
    for s in apps().await {
        s.user("root", &[], true).await;
        s.staff("officer", Role::DisclosureOfficer, s.county).await;
        let mut root = s.client();
        root.login("root").await;
        let wrong = NOTICE_2027.replace("共8天", "共9天");
        let r = root
            .submit(
                "/admin/calendar/notice",
                &[("notice", &wrong), ("go", "preview")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(
            r.text()
                .contains("“春节”写明共9天，但2027-02-06至2027-02-13为8天")
        );
        let mut officer = s.client();
        officer.login("officer").await;
        let r = officer
            .submit(
                "/admin/calendar/notice",
                &[("notice", NOTICE_2027), ("go", "preview")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
    }
}
