//! Notifications in the back office: the count in the staff bar, the list, opening one
//! (read, and on to its record), all read; the daily-digest address on one's account.

mod support;

use axum::http::StatusCode;
use gongkai_app::testing::{applicant, at, d, request};
use gongkai_domain::role::Role;
use support::*;

#[tokio::test]
async fn a_new_application_is_announced_in_the_staff_bar() {
    for s in apps().await {
        s.clock.set(at(d("2025-03-10")));
        s.staff("officer", Role::DisclosureOfficer, s.county).await;
        let r = s
            .app
            .submit_application(
                "yunxi",
                &applicant(),
                &request("某路段拓宽工程立项批复"),
                "",
            )
            .await
            .unwrap();
        let mut c = s.client();
        c.login("officer").await;
        let board = c.get("/admin/").await.text();
        assert!(board.contains("aria-label=\"1条未读\""), "{}", s.label);
        assert!(board.contains("新申请，待受理"), "{}: in 待我处理", s.label);
        let list = c.get("/admin/notifications").await.text();
        let link = list
            .split("href=\"/admin/notifications/")
            .nth(1)
            .and_then(|p| p.split('"').next())
            .expect("a notification");
        assert!(list.contains(&r.tracking_number));
        let open = c.get(&format!("/admin/notifications/{link}")).await;
        assert_eq!(open.status, StatusCode::SEE_OTHER);
        assert_eq!(
            open.location(),
            format!("/admin/applications/{}", r.tracking_number)
        );
        assert!(
            !c.get("/admin/").await.text().contains("条未读"),
            "{}",
            s.label
        );
        // Someone else's notification is not there for them.
        s.staff("other", Role::DisclosureOfficer, s.dept).await;
        let mut other = s.client();
        other.login("other").await;
        let r = other.get(&format!("/admin/notifications/{link}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_digest_address_is_set_on_the_account_page() {
    for s in apps().await {
        s.staff("officer", Role::DisclosureOfficer, s.county).await;
        let mut c = s.client();
        c.login("officer").await;
        let bad = c
            .submit(
                "/admin/account/mail",
                &[("email", "not mail"), ("digest", "1")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(bad.text().contains("电子邮箱格式不正确"));
        let ok = c
            .submit(
                "/admin/account/mail",
                &[("email", "officer@yunxi.gov.example"), ("digest", "1")],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let page = c.get("/admin/account").await.text();
        assert!(
            page.contains("value=\"officer@yunxi.gov.example\""),
            "{}",
            s.label
        );
        assert!(page.contains("name=\"digest\" value=\"1\" checked"));
    }
}
