//! Publication clocks across Spring Festival, and logging in.

use gongkai_app::AppError;
use gongkai_app::testing::*;
use gongkai_domain::publication::ClockStatus;
use gongkai_domain::role::Role;

#[tokio::test]
async fn clocks_across_spring_festival_2026() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let drafter = &s.drafter;
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        // Written Tue 2026-01-20. Working days from Jan 21: 21,22,23,26,27,28,29,30 (8),
        // Feb 2-6 (13), 9-13 (18), Sat 14 is a make-up day (19), 15-23 are Spring
        // Festival, Tue 24 (20) → due 2026-02-24; on Mar 2 it is 5 working days late
        // (25, 26, 27, Sat 28 make-up, Mar 2).
        let late = app
            .create_document(
                drafter,
                c.county,
                &raw_doc("早就该发布", "", "2026-01-20"),
                &[],
            )
            .await
            .unwrap();
        // Written Mon 2026-02-02: Feb 3-6 (4), 9-13 (9), 14 (10), 24-27 (14), 28 (15),
        // Mar 2-6 (20) → due 2026-03-06; on Mar 2, 4 working days left (3, 4, 5, 6).
        let soon = app
            .create_document(
                drafter,
                c.county,
                &raw_doc("即将到期", "", "2026-02-02"),
                &[],
            )
            .await
            .unwrap();
        // Written Tue 2026-02-10: 11,12,13 (3), 14 (4), 24-27 (8), 28 (9), Mar 2-6 (14),
        // 9-13 (19), 16 (20) → due 2026-03-16; 10 working days left.
        let fine = app
            .create_document(
                drafter,
                c.county,
                &raw_doc("时间充裕", "", "2026-02-10"),
                &[],
            )
            .await
            .unwrap();
        // Non-public documents have no publication clock.
        let mut raw = raw_doc("不公开的", "", "2026-01-05");
        raw.attribute = "not_disclosed".into();
        raw.legal_ground = "process_information".into();
        raw.attribute_reason = "过程稿".into();
        app.create_document(drafter, c.county, &raw, &[])
            .await
            .unwrap();

        let clocks = app.publication_clocks(&[c.county]).await.unwrap();
        let got: Vec<(String, String, ClockStatus, i64)> = clocks
            .iter()
            .map(|x| {
                (
                    x.doc.index_number.clone(),
                    x.clock.due_on.to_string(),
                    x.clock.status,
                    x.clock.workdays_left,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (late.clone(), "2026-02-24".into(), ClockStatus::Overdue, -5),
                (soon.clone(), "2026-03-06".into(), ClockStatus::DueSoon, 4),
                (fine.clone(), "2026-03-16".into(), ClockStatus::OnTime, 10),
            ],
            "{}",
            c.label
        );
        let tree = app.org_tree().await.unwrap();
        let summary = app
            .clock_summary(&[tree.get(c.county).unwrap().clone()])
            .await
            .unwrap();
        assert_eq!(
            (
                summary[0].in_progress,
                summary[0].overdue,
                summary[0].due_soon
            ),
            (3, 1, 1),
            "{}",
            c.label
        );

        // Published late: signed off on Mar 2 although due Feb 24.
        s.advance(app, &late, 4).await;
        let summary = app
            .clock_summary(&[tree.get(c.county).unwrap().clone()])
            .await
            .unwrap();
        assert_eq!(
            (
                summary[0].overdue,
                summary[0].published_this_year,
                summary[0].published_late_this_year
            ),
            (0, 1, 1),
            "{}",
            c.label
        );
    }
}

#[tokio::test]
async fn logins_grow_delays_and_are_audited() {
    for c in TestCounty::all().await {
        let _ = c.actor("zhang", Role::Drafter, c.county).await;
        let app = &c.app;
        let s = app
            .login("zhang", "correct horse battery", "10.0.0.1")
            .await
            .unwrap();
        let (actor, csrf, _) = app
            .session_actor(&s.token, "10.0.0.1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(actor.user.as_ref().unwrap().username, "zhang");
        assert_eq!(csrf, s.csrf_token);
        assert!(
            app.session_actor("not-a-token", "x")
                .await
                .unwrap()
                .is_none()
        );

        for _ in 0..3 {
            assert!(matches!(
                app.login("ZHANG", "wrong", "10.0.0.1").await,
                Err(AppError::Unauthenticated(_))
            ));
        }
        // After the third failure, even the right password waits.
        match app
            .login("zhang", "correct horse battery", "10.0.0.1")
            .await
        {
            Err(AppError::Throttled { retry_after_secs }) => {
                assert_eq!(retry_after_secs, 2, "{}", c.label)
            }
            other => panic!(
                "{}: expected throttling, got {:?}",
                c.label,
                other.map(|_| ())
            ),
        }
        c.clock.set(start() + chrono::Duration::seconds(3));
        assert!(matches!(
            app.login("zhang", "wrong", "10.0.0.1").await,
            Err(AppError::Unauthenticated(_))
        ));
        match app
            .login("zhang", "correct horse battery", "10.0.0.1")
            .await
        {
            Err(AppError::Throttled { retry_after_secs }) => {
                assert_eq!(retry_after_secs, 4, "{}", c.label)
            }
            other => panic!(
                "{}: expected throttling, got {:?}",
                c.label,
                other.map(|_| ())
            ),
        }
        c.clock.set(start() + chrono::Duration::seconds(10));
        app.login("zhang", "correct horse battery", "10.0.0.1")
            .await
            .unwrap();
        // Unknown users get the same answer as wrong passwords.
        assert!(
            matches!(app.login("nobody", "whatever-long", "10.0.0.1").await, Err(AppError::Unauthenticated(m)) if m == "用户名或密码错误")
        );

        let log = recent_audit(app, Some("user.login"), 50).await;
        let failed = log
            .iter()
            .filter(|r| r.action == "user.login_failed")
            .count();
        let ok = log.iter().filter(|r| r.action == "user.login").count();
        assert_eq!((ok, failed), (2, 5), "{}", c.label);

        // A password change ends existing sessions.
        app.set_password(&actor, actor.user_id().unwrap(), "another long password")
            .await
            .unwrap();
        assert!(
            app.session_actor(&s.token, "x").await.unwrap().is_none(),
            "{}",
            c.label
        );
        assert!(
            app.set_password(&actor, actor.user_id().unwrap(), "short")
                .await
                .is_err()
        );
    }
}
