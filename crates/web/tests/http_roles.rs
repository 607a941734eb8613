//! Every role against every workflow action, through HTTP: the roles allowed succeed,
//! all others are refused and the document stays as it was.

mod support;

use axum::http::StatusCode;
use gongkai_app::testing::Signers;
use gongkai_app::{ActionInput, Actor};
use gongkai_domain::document::RawDocument;
use gongkai_domain::role::Role;
use gongkai_domain::workflow::{Action, State};
use support::*;

struct Cast {
    signers: Signers,
    officer: Actor,
}

fn raw(title: &str, attribute: &str) -> RawDocument {
    let mut r = RawDocument {
        title: title.into(),
        written_on: if attribute == "proactive" {
            "2026-02-27"
        } else {
            "2025-05-30"
        }
        .into(),
        topic: "zhzw".into(),
        attribute: attribute.into(),
        ..Default::default()
    };
    if attribute != "proactive" {
        r.legal_ground = "process_information".into();
        r.attribute_reason = "过程稿".into();
    }
    r
}

/// A county document brought to `state` through the use cases.
async fn doc_in(s: &TestApp, c: &Cast, state: State, n: usize) -> String {
    let attribute = if state == State::Archived {
        "not_disclosed"
    } else {
        "proactive"
    };
    if state == State::Archived {
        // Decided last year, so due for this year's re-review. (Moving the clock forward
        // instead would expire the testers' sessions.)
        s.clock
            .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2025, 6, 2, 2, 0, 0).unwrap());
    }
    let id = s
        .app
        .create_document(
            &c.signers.drafter,
            s.county,
            &raw(&format!("文件{n}"), attribute),
            &[],
        )
        .await
        .unwrap();
    let steps = match state {
        State::Draft => 0,
        State::PendingReview => 1,
        State::PendingSecrecy => 2,
        State::PendingApproval => 3,
        State::Published | State::Archived | State::Withdrawn => 4,
    };
    c.signers.advance(&s.app, &id, steps).await;
    if state == State::Withdrawn {
        s.app
            .act(
                &c.officer,
                &id,
                ActionInput::new(Action::Withdraw).with_reason("更正"),
            )
            .await
            .unwrap();
    }
    s.clock
        .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 2, 2, 0, 0).unwrap());
    id
}

#[tokio::test]
async fn every_role_against_every_workflow_action() {
    for s in sites().await {
        let c = Cast {
            signers: s.signers(s.county).await,
            officer: s
                .user("officer", &[(Role::DisclosureOfficer, s.county)], false)
                .await,
        };
        s.user("orgadmin", &[(Role::OrgAdmin, s.county)], false)
            .await;
        s.user("supervisor", &[(Role::Supervisor, s.county)], false)
            .await;
        s.user("admin", &[], true).await;
        s.user("nobody", &[], false).await;
        s.user(
            "otherdrafter",
            &[(Role::Drafter, s.dept), (Role::Approver, s.dept)],
            false,
        )
        .await;

        // Who may take each action on a county document in the state it applies to.
        let table: &[(Action, State, &[&str])] = &[
            (Action::Submit, State::Draft, &["drafter", "officer"]),
            (Action::Review, State::PendingReview, &["reviewer"]),
            (Action::SecrecyClear, State::PendingSecrecy, &["secrecy"]),
            (Action::Approve, State::PendingApproval, &["approver"]),
            (Action::Return, State::PendingApproval, &["approver"]),
            (Action::Withdraw, State::Published, &["officer", "approver"]),
            (Action::Reopen, State::Withdrawn, &["drafter", "officer"]),
            (Action::Rereview, State::Archived, &["officer", "reviewer"]),
        ];
        let everyone = [
            "drafter",
            "reviewer",
            "secrecy",
            "approver",
            "officer",
            "orgadmin",
            "supervisor",
            "admin",
            "nobody",
            "otherdrafter",
        ];
        let mut clients = Vec::new();
        for name in everyone {
            let mut cl = s.client();
            cl.login(name).await;
            clients.push((name, cl));
        }
        let mut n = 0;
        for (action, state, allowed) in table {
            for (name, cl) in clients.iter_mut() {
                n += 1;
                let id = doc_in(&s, &c, *state, n).await;
                let path = format!("/admin/docs/{id}/act");
                let p = cl
                    .submit(
                        &path,
                        &[("action", action.as_str()), ("reason", "测试理由")],
                    )
                    .await;
                let doc = s.app.document_view(&Actor::cli(), &id).await.unwrap().doc;
                let after = doc.state;
                if allowed.contains(name) {
                    assert_eq!(
                        p.status,
                        StatusCode::SEE_OTHER,
                        "{}: {name} may {action:?}: {}",
                        s.label,
                        p.text()
                    );
                    if *action == Action::Rereview {
                        // Kept non-public: the state stays, the re-review year moves on.
                        assert_eq!(
                            doc.rereviewed_year,
                            Some(2026),
                            "{}: {name} re-review not recorded",
                            s.label
                        );
                    } else {
                        assert_ne!(
                            after, *state,
                            "{}: {name} {action:?} changed nothing",
                            s.label
                        );
                    }
                } else {
                    // Users who cannot see the county's records get 404; those who can see
                    // them but lack the role get 403.
                    let sees = !matches!(*name, "nobody" | "otherdrafter");
                    let expect = if sees {
                        StatusCode::FORBIDDEN
                    } else {
                        StatusCode::NOT_FOUND
                    };
                    assert_eq!(p.status, expect, "{}: {name} must not {action:?}", s.label);
                    assert!(
                        p.text().contains("<h1>"),
                        "a Chinese error page, not a bare status"
                    );
                    assert_eq!(
                        after, *state,
                        "{}: refused {action:?} by {name} changed the document",
                        s.label
                    );
                    assert_ne!(
                        doc.rereviewed_year,
                        Some(2026),
                        "{}: refused re-review by {name} was recorded",
                        s.label
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn pages_by_role_csrf_and_anonymous() {
    for s in sites().await {
        let drafter = s.user("drafter", &[(Role::Drafter, s.county)], false).await;
        s.user("reviewer", &[(Role::Reviewer, s.county)], false)
            .await;
        s.user("officer", &[(Role::DisclosureOfficer, s.county)], false)
            .await;
        s.user("orgadmin", &[(Role::OrgAdmin, s.county)], false)
            .await;
        s.user("admin", &[], true).await;

        // Anonymous visitors are sent to the login page, remembering where they were going.
        let mut anon = s.client();
        let p = anon.get("/admin/docs").await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(p.location(), "/admin/login?next=/admin/docs");

        // Entering documents: drafters yes, reviewers no.
        let mut d = s.client();
        d.login("drafter").await;
        let org = s.county.to_string();
        let form = |title: &'static str| {
            vec![
                ("org", org.clone()),
                ("title", title.to_owned()),
                ("written_on", "2026-02-27".into()),
                ("topic", "zhzw".into()),
                ("attribute", "proactive".into()),
            ]
        };
        let f = form("起草人录入");
        let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let p = d.submit("/admin/docs/new", &fields).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}: {}", s.label, p.text());
        let mut r = s.client();
        r.login("reviewer").await;
        let f = form("审核人录入");
        let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let p = r.submit("/admin/docs/new", &fields).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{}", s.label);

        // A form posted without the session's CSRF token is refused, and nothing changes.
        let id = s
            .app
            .create_document(&drafter, s.county, &raw("待提交", "proactive"), &[])
            .await
            .unwrap();
        let p = d
            .post(&format!("/admin/docs/{id}/act"), &[("action", "submit")])
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        assert!(p.text().contains("CSRF"));
        let p = d
            .post(
                &format!("/admin/docs/{id}/act"),
                &[("_csrf", "forged"), ("action", "submit")],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        assert_eq!(
            s.app
                .document_view(&Actor::cli(), &id)
                .await
                .unwrap()
                .doc
                .state,
            State::Draft,
            "{}",
            s.label
        );

        // Editing a draft: its drafter yes, the reviewer no.
        assert_eq!(
            d.get(&format!("/admin/docs/{id}/edit")).await.status,
            StatusCode::OK
        );
        let p = r
            .submit(
                &format!("/admin/docs/{id}/edit"),
                &[
                    ("title", "改"),
                    ("written_on", "2026-02-27"),
                    ("topic", "zhzw"),
                    ("attribute", "proactive"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{}", s.label);

        // Organisation and user administration: org admin and platform admin only.
        let mut oa = s.client();
        oa.login("orgadmin").await;
        assert_eq!(
            oa.get(&format!("/admin/orgs/{}", s.dept)).await.status,
            StatusCode::OK
        );
        assert_eq!(oa.get("/admin/users/new").await.status, StatusCode::OK);
        assert_eq!(
            d.get(&format!("/admin/orgs/{}", s.dept)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            d.get("/admin/users/new").await.status,
            StatusCode::FORBIDDEN
        );
        let p = oa
            .submit(
                "/admin/users/new",
                &[
                    ("username", "newbie"),
                    ("display_name", "新人"),
                    ("password", "a long enough pw"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}: {}", s.label, p.text());
        let newbie = s.app.user_by_name("newbie").await.unwrap().unwrap().0.id;
        let p = oa
            .submit(
                &format!("/admin/users/{newbie}/grant"),
                &[("org", &s.dept.to_string()), ("role", "drafter")],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        // …but an org admin cannot make a platform administrator.
        let p = oa
            .submit(
                "/admin/users/new",
                &[
                    ("username", "boss"),
                    ("display_name", "大管理员"),
                    ("password", "a long enough pw"),
                    ("platform_admin", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{}", s.label);

        // Loading a calendar year: platform administrators only.
        let year = r#"{"year": 2027, "notices": [], "days": [{"date": "2027-01-01", "name": "元旦", "off": true}]}"#;
        assert_eq!(
            oa.submit("/admin/calendar", &[("schedule", year)])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut admin = s.client();
        admin.login("admin").await;
        assert_eq!(
            admin
                .submit("/admin/calendar", &[("schedule", year)])
                .await
                .status,
            StatusCode::SEE_OTHER,
            "{}",
            s.label
        );
        assert!(s.app.calendar().has_year(2027));
        let p = admin
            .submit("/admin/calendar", &[("schedule", "{not json")])
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.text().contains("不是有效的 JSON"));

        // Logging out ends the session.
        let p = d.submit("/admin/logout", &[]).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(d.get("/admin/").await.status, StatusCode::SEE_OTHER);
    }
}
