//! 政务新媒体 through the use cases, on every backend: accounts opened on an approval,
//! a second account on one platform warned of, posts recorded, merges and closures
//! with their record, the two-week staleness in the inspection, and who may do what.

use gongkai_app::testing::*;
use gongkai_app::{AppError, MediaChangeInput};
use gongkai_domain::inspection::Rule;
use gongkai_domain::media::{AccountStatus, Change, RawAccount};
use gongkai_domain::role::Role;

fn account(platform: &str, name: &str, on: &str) -> RawAccount {
    RawAccount {
        platform: platform.into(),
        name: name.into(),
        handle: "yunxifabu".into(),
        url: "https://weixin.example/yunxifabu".into(),
        approved_by: "云溪县人民政府办公室".into(),
        approval: "云政办函〔2026〕5号".into(),
        on: on.into(),
    }
}

#[tokio::test]
async fn accounts_are_opened_watched_merged_and_closed() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let drafter = c.actor("drafter", Role::Drafter, c.county).await;
        let dept = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        let supervisor = c.actor("sup", Role::Supervisor, c.county).await;

        let bad = RawAccount {
            platform: "myspace".into(),
            on: "2026-03-03".into(),
            ..RawAccount::default()
        };
        match app.open_media_account(&officer, "yunxi", &bad).await {
            Err(AppError::Invalid(v)) => assert!(
                v.iter().any(|e| e.field == "platform") && v.iter().any(|e| e.field == "on")
            ),
            other => panic!("{:?}", other.map(|x| x.0)),
        }
        assert!(matches!(
            app.open_media_account(
                &drafter,
                "yunxi",
                &account("wechat", "云溪发布", "2026-03-02")
            )
            .await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.open_media_account(&dept, "yunxi", &account("wechat", "云溪发布", "2026-03-02"))
                .await,
            Err(AppError::Forbidden(_))
        ));
        let (main, warning) = app
            .open_media_account(
                &officer,
                "yunxi",
                &account("wechat", "云溪发布", "2026-03-02"),
            )
            .await
            .unwrap();
        assert!(warning.is_none());
        // A second account on the same platform: saved, with a warning naming the first.
        let (second, warning) = app
            .open_media_account(
                &officer,
                "yunxi",
                &account("wechat", "云溪县政务服务", "2026-03-02"),
            )
            .await
            .unwrap();
        assert!(
            warning.unwrap().contains("已有账号“云溪发布”"),
            "{}",
            c.label
        );
        let (video, _) = app
            .open_media_account(
                &officer,
                "yunxi",
                &account("douyin", "云溪发布", "2026-03-02"),
            )
            .await
            .unwrap();

        // Posts recorded; two weeks without one is a finding in the inspection.
        app.record_media_post(&officer, main, "2026-03-02")
            .await
            .unwrap();
        app.record_media_post(&officer, second, "2026-03-02")
            .await
            .unwrap();
        app.record_media_post(&officer, video, "2026-03-02")
            .await
            .unwrap();
        assert!(matches!(
            app.record_media_post(&officer, main, "2026-03-05").await,
            Err(AppError::Invalid(_))
        ));
        c.clock.set(at(d("2026-03-16")));
        let stale = |run: &gongkai_app::Inspection| -> Vec<String> {
            run.units
                .iter()
                .find(|u| u.org.slug == "yunxi")
                .unwrap()
                .findings
                .iter()
                .filter(|f| f.rule == Rule::MediaStale)
                .map(|f| f.page.clone())
                .collect()
        };
        assert!(
            stale(&app.inspect(&supervisor, "yunxi", &[]).await.unwrap()).is_empty(),
            "{}",
            c.label
        );
        c.clock.set(at(d("2026-03-17")));
        app.record_media_post(&officer, video, "2026-03-17")
            .await
            .unwrap();
        let mut found = stale(&app.inspect(&supervisor, "yunxi", &[]).await.unwrap());
        found.sort();
        assert_eq!(
            found,
            [format!("/xmt/#m-{main}"), format!("/xmt/#m-{second}")]
        );

        // The second account merged into the first, on an approval; then nothing to say.
        let merge = MediaChangeInput {
            change: "merge".into(),
            approved_by: "云溪县人民政府办公室".into(),
            approval: "云政办函〔2026〕9号".into(),
            on: "2026-03-17".into(),
            into: main.to_string(),
            note: "同一平台只保留一个账号".into(),
        };
        for (field, broken) in [
            (
                "approval",
                MediaChangeInput {
                    approval: " ".into(),
                    ..merge.clone()
                },
            ),
            (
                "into",
                MediaChangeInput {
                    into: second.to_string(),
                    ..merge.clone()
                },
            ),
            (
                "on",
                MediaChangeInput {
                    on: "2026-03-18".into(),
                    ..merge.clone()
                },
            ),
        ] {
            match app.change_media_account(&officer, second, &broken).await {
                Err(AppError::Invalid(v)) => assert_eq!(v[0].field, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        app.change_media_account(&officer, second, &merge)
            .await
            .unwrap();
        let close = MediaChangeInput {
            change: "close".into(),
            into: String::new(),
            ..merge.clone()
        };
        assert!(matches!(
            app.change_media_account(&officer, second, &close).await,
            Err(AppError::Conflict(_))
        ));
        app.change_media_account(&officer, main, &close)
            .await
            .unwrap();
        let all = app.media_accounts().await.unwrap();
        let get = |id: i64| all.iter().find(|a| a.account.id == id).unwrap();
        assert_eq!(get(second).account.status, AccountStatus::Merged);
        assert_eq!(get(second).account.merged_into, Some(main));
        assert_eq!(
            get(second)
                .history
                .iter()
                .map(|h| h.change)
                .collect::<Vec<_>>(),
            [Change::Open, Change::Merge]
        );
        assert_eq!(get(main).account.status, AccountStatus::Closed);
        // Closed and merged accounts are not inspected.
        assert!(stale(&app.inspect(&supervisor, "yunxi", &[]).await.unwrap()).is_empty());
        assert!(matches!(
            app.record_media_post(&drafter, video, "2026-03-17").await,
            Err(AppError::NotFound(_))
        ));
    }
}
