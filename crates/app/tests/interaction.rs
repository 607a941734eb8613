//! 互动交流 through the use cases, on every backend: messages dispatched across the tree
//! with each role's part, reply clocks across holidays, the 19号 veto, publication
//! without personal data; consultations with the 30-day floor, moderation, every
//! adoption decision landing in the feedback, and the feedback refused while comments
//! wait.

use gongkai_app::testing::*;
use gongkai_app::{AppError, MessageFilter};
use gongkai_domain::interaction::consultation::{CommentInput, ConsultationInput};
use gongkai_domain::interaction::message::{MessageInput, MessageStatus, VetoRisk};
use gongkai_domain::notification::{NotificationKind, Target};
use gongkai_domain::publication::ClockStatus;
use gongkai_domain::role::Role;

fn letter(kind: &str, publish: bool) -> MessageInput {
    MessageInput {
        kind: kind.into(),
        title: "关于学生资助的咨询".into(),
        body: "孩子上高一，家里是脱贫户，请问可以享受哪些资助？我的电话13912345678。".into(),
        name: "唐小红".into(),
        phone: "13912345678".into(),
        email: "tang@example.com".into(),
        publish: if publish { "1" } else { "0" }.into(),
    }
}

#[tokio::test]
async fn a_message_goes_down_the_tree_and_its_answer_comes_back_up() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2025-09-30")));
        let office = c.actor("office", Role::DisclosureOfficer, c.county).await;
        let unit = c.actor("unit", Role::DisclosureOfficer, c.dept).await;
        let town = c.actor("town", Role::DisclosureOfficer, c.town).await;
        let drafter = c.actor("drafter", Role::Drafter, c.county).await;
        let supervisor = c.actor("sup", Role::Supervisor, c.county).await;

        // Personal data in a message to be published is refused, with its kind named.
        let e = app
            .submit_message("yunxi", &letter("consult", true), "1.2.3.4")
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(v) if v[0].message.contains("手机号码")),
            "{e:?}"
        );
        let mut m = letter("consult", true);
        m.body = "孩子上高一，家里是脱贫户，请问可以享受哪些资助？".into();
        let r = app.submit_message("yunxi", &m, "1.2.3.4").await.unwrap();
        // 10 working days from 30 September 2025: the National Day week is skipped.
        assert_eq!(r.due_on, d("2025-10-21"), "{}", c.label);
        let n = &r.tracking_number;
        assert!(n.starts_with("yunxi-LY2025-"), "{n}");
        let note = &app.notifications(&office).await.unwrap()[0];
        assert_eq!(note.kind, NotificationKind::NewMessage);
        assert_eq!(note.target, Target::Message(n.clone()));
        assert!(
            app.my_tasks(&office)
                .await
                .unwrap()
                .iter()
                .any(|t| t.what == "新留言，待受理")
        );

        // Only the office written to takes it up; only below it may it go.
        for who in [&unit, &drafter, &supervisor] {
            assert!(
                matches!(
                    app.dispatch_message(who, n, "czj", "").await,
                    Err(AppError::Forbidden(_))
                ),
                "{}",
                c.label
            );
        }
        let up = app.submit_message("qingshi", &m, "").await.unwrap();
        assert!(
            matches!(
                app.dispatch_message(&town, &up.tracking_number, "yunxi", "")
                    .await,
                Err(AppError::Invalid(_))
            ),
            "a township cannot dispatch to the county above it"
        );
        app.dispatch_message(&office, n, "czj", "请答复")
            .await
            .unwrap();
        assert_eq!(
            app.notifications(&unit).await.unwrap()[0].kind,
            NotificationKind::MessageToAnswer
        );
        // The writer's data: to the office and the unit, not to the supervisor.
        assert!(app.message_view(&unit, n).await.unwrap().writer.is_some());
        assert!(
            app.message_view(&supervisor, n)
                .await
                .unwrap()
                .writer
                .is_none()
        );
        assert!(matches!(
            app.message_view(&town, n).await,
            Err(AppError::NotFound(_))
        ));

        // Only the competent unit answers; its answer waits for the office.
        assert!(matches!(
            app.reply_message(&office, n, "答复").await,
            Err(AppError::Forbidden(_))
        ));
        c.clock.set(at(d("2025-10-15")));
        app.reply_message(&unit, n, "可享受国家助学金。")
            .await
            .unwrap();
        let v = app.message_view(&office, n).await.unwrap();
        assert_eq!(v.status, MessageStatus::Review);
        // Still unanswered for the writer.
        let t = app.track_message(n, &r.query_code).await.unwrap();
        assert!(t.reply.is_none());
        // The office returns it; the unit alone cannot approve its own answer.
        assert!(matches!(
            app.approve_message_reply(&unit, n).await,
            Err(AppError::Forbidden(_))
        ));
        app.return_message_reply(&office, n, "请写明申请材料")
            .await
            .unwrap();
        assert_eq!(
            app.notifications(&unit).await.unwrap()[0].kind,
            NotificationKind::MessageReturned
        );
        c.clock.set(at(d("2025-10-22")));
        app.reply_message(
            &unit,
            n,
            "可享受国家助学金，请向学校资助办提交申请表（资助办老师手机13800001111）。",
        )
        .await
        .unwrap();
        app.approve_message_reply(&office, n).await.unwrap();
        let t = app
            .track_message(n, &r.query_code.to_lowercase())
            .await
            .unwrap();
        assert_eq!(t.status, MessageStatus::Answered);
        assert_eq!(t.answered_on, Some(d("2025-10-22")));
        assert!(
            t.reply.unwrap().contains("手机13800001111"),
            "the writer reads the reply whole"
        );
        // A wrong code is the same as a wrong number.
        let wrong = app.track_message(n, "AAAAAAAA").await.unwrap_err();
        let missing = app
            .track_message("yunxi-LY2025-99999", "AAAAAAAA")
            .await
            .unwrap_err();
        assert_eq!(wrong.to_string(), missing.to_string());

        // Answered one working day late: counted so in the unit's figures.
        let stats = app.message_stats(Some("yunxi"), 2025).await.unwrap();
        let czj = stats.iter().find(|s| s.org_slug == "czj").unwrap();
        assert_eq!(
            (czj.received, czj.answered, czj.on_time),
            (1, 1, 0),
            "{}",
            c.label
        );
        assert_eq!(czj.average_workdays.as_deref(), Some("11.0"));

        // Publication: with the writer's consent, without personal data, by the office.
        let e = app
            .publish_message(&office, n, "学生资助咨询", "我的电话13912345678")
            .await
            .unwrap_err();
        assert!(matches!(&e, AppError::Invalid(v) if v[0].message.contains("手机号码")));
        assert!(matches!(
            app.publish_message(&unit, n, "学生资助咨询", "请问资助政策")
                .await,
            Err(AppError::Forbidden(_))
        ));
        app.publish_message(&office, n, "学生资助咨询", "孩子上高一，请问资助政策")
            .await
            .unwrap();
        let (list, total) = app.published_messages(None, 20, 0).await.unwrap();
        assert_eq!(total, 1);
        let shown = format!("{:?}", list[0]);
        for secret in ["唐小红", "13912345678", "tang@example.com"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        assert!(list[0].replied_by.ends_with("财政局"));
        // A person's number in the reply: the writer reads it, the public reads it masked.
        assert!(list[0].reply.contains("138****1111"), "{}", list[0].reply);
    }
}

#[tokio::test]
async fn refusals_tell_the_writer_why_and_private_messages_stay_private() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        let office = c.actor("office", Role::DisclosureOfficer, c.county).await;
        let r = app
            .submit_message("yunxi", &letter("complain", false), "")
            .await
            .unwrap();
        let n = &r.tracking_number;
        assert!(matches!(
            app.refuse_message(&office, n, "", "").await,
            Err(AppError::Invalid(_))
        ));
        app.refuse_message(&office, n, "petition", "可向县信访局提出")
            .await
            .unwrap();
        let t = app.track_message(n, &r.query_code).await.unwrap();
        let (reason, note) = t.refusal.unwrap();
        assert!(reason.label().contains("信访工作条例"));
        assert_eq!(note, "可向县信访局提出");
        // A refused message is closed: no dispatch, no publication.
        assert!(matches!(
            app.dispatch_message(&office, n, "yunxi", "").await,
            Err(AppError::Conflict(_))
        ));
        // Answered by the office itself, the writer kept it private: never published.
        let r = app
            .submit_message("yunxi", &letter("suggest", false), "")
            .await
            .unwrap();
        app.dispatch_message(&office, &r.tracking_number, "yunxi", "")
            .await
            .unwrap();
        app.reply_message(&office, &r.tracking_number, "感谢建议")
            .await
            .unwrap();
        let v = app.message_view(&office, &r.tracking_number).await.unwrap();
        assert_eq!(
            v.status,
            MessageStatus::Answered,
            "the office's own answer is final"
        );
        assert!(matches!(
            app.publish_message(&office, &r.tracking_number, "建议", "建议")
                .await,
            Err(AppError::Conflict(_))
        ));
    }
}

#[tokio::test]
async fn overdue_and_veto_lists_follow_the_calendar() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let office = c.actor("office", Role::DisclosureOfficer, c.county).await;
        c.clock.set(at(d("2026-01-30")));
        let mut m = letter("consult", false);
        m.body = "请问危房改造补助的申请条件？".into();
        let consult = app.submit_message("yunxi", &m, "").await.unwrap();
        m.kind = "suggest".into();
        let suggest = app.submit_message("yunxi", &m, "").await.unwrap();
        let officer = &office;
        let urgent = |f| async move {
            app.staff_messages(officer, f)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.tracking_number)
                .collect::<Vec<_>>()
        };
        assert_eq!(urgent(MessageFilter::Queue).await.len(), 2);
        // Ten working days from 30 January 2026 end on 13 February, before the
        // Spring Festival holiday.
        c.clock.set(at(d("2026-02-10")));
        assert_eq!(urgent(MessageFilter::DueSoon).await.len(), 2, "{}", c.label);
        c.clock.set(at(d("2026-02-16")));
        assert_eq!(urgent(MessageFilter::Overdue).await.len(), 2);
        assert!(urgent(MessageFilter::Veto).await.is_empty());
        // Three months after 30 January is 30 April; flagged from 15 April, and only
        // the 政务咨询.
        c.clock.set(at(d("2026-04-15")));
        assert_eq!(
            urgent(MessageFilter::Veto).await,
            vec![consult.tracking_number.clone()]
        );
        let alerts = app.message_alerts(&office).await.unwrap();
        assert_eq!(alerts.veto.len(), 1);
        assert_eq!(alerts.veto[0].clock.veto, VetoRisk::Near);
        assert_eq!(alerts.overdue, 2);
        // The office's daily digest lists them among the overdue.
        let digest = app.digest_of(office.user.as_ref().unwrap()).await.unwrap();
        assert_eq!(
            digest
                .overdue
                .iter()
                .filter(|l| l.starts_with("留言"))
                .count(),
            2,
            "{:?}",
            digest.overdue
        );
        c.clock.set(at(d("2026-05-01")));
        let alerts = app.message_alerts(&office).await.unwrap();
        assert_eq!(alerts.veto[0].clock.veto, VetoRisk::Over);
        assert_eq!(alerts.veto[0].clock.status, ClockStatus::Overdue);
        // Answering clears it.
        app.dispatch_message(&office, &consult.tracking_number, "yunxi", "")
            .await
            .unwrap();
        app.reply_message(&office, &consult.tracking_number, "已答复")
            .await
            .unwrap();
        assert!(app.message_alerts(&office).await.unwrap().veto.is_empty());
        let _ = suggest;
    }
}

#[tokio::test]
async fn the_reply_time_is_a_platform_setting_kept_by_each_message() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        let office = c.actor("office", Role::DisclosureOfficer, c.county).await;
        let admin = c.user("admin", &[], true).await;
        assert!(matches!(
            app.set_message_reply_workdays(&office, "5").await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.set_message_reply_workdays(&admin, "0").await,
            Err(AppError::Invalid(_))
        ));
        let before = app
            .submit_message("yunxi", &letter("suggest", false), "")
            .await
            .unwrap();
        app.set_message_reply_workdays(&admin, "5").await.unwrap();
        let after = app
            .submit_message("yunxi", &letter("suggest", false), "")
            .await
            .unwrap();
        assert_eq!(before.due_on, d("2026-03-16"));
        assert_eq!(after.due_on, d("2026-03-09"));
        let v = app
            .message_view(&office, &before.tracking_number)
            .await
            .unwrap();
        assert_eq!(
            v.clock.due_on,
            d("2026-03-16"),
            "old messages keep their time"
        );
    }
}

fn consultation(opens: &str, closes: &str, reason: &str) -> ConsultationInput {
    ConsultationInput {
        title: "关于《云溪县农村人居环境整治办法（征求意见稿）》公开征求意见的公告".into(),
        draft: "第一条 为改善农村人居环境……".into(),
        explanation: "起草说明……".into(),
        opens_on: opens.into(),
        closes_on: closes.into(),
        shortened_reason: reason.into(),
        ..Default::default()
    }
}

fn said(body: &str, public: bool) -> CommentInput {
    CommentInput {
        name: "李某".into(),
        phone: "13812345678".into(),
        email: String::new(),
        body: body.into(),
        public: if public { "1" } else { "0" }.into(),
    }
}

#[tokio::test]
async fn a_consultation_runs_from_notice_to_feedback() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        let drafter = c.actor("drafter", Role::Drafter, c.county).await;
        let unit = c.actor("unit", Role::Drafter, c.dept).await;
        // The 30-day floor, counted without the opening day.
        let e = app
            .create_consultation(
                &drafter,
                "yunxi",
                &consultation("2026-03-02", "2026-03-31", ""),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(v) if v[0].field == "shortened_reason"),
            "{e:?}"
        );
        assert!(matches!(
            app.create_consultation(
                &unit,
                "yunxi",
                &consultation("2026-03-02", "2026-04-01", "")
            )
            .await,
            Err(AppError::Forbidden(_))
        ));
        let id = app
            .create_consultation(
                &drafter,
                "yunxi",
                &consultation("2026-03-02", "2026-04-01", ""),
            )
            .await
            .unwrap();
        // Not public until announced.
        assert!(matches!(
            app.public_consultation(None, id).await,
            Err(AppError::NotFound(_))
        ));
        assert!(
            app.submit_comment(id, &said("意见", false), "")
                .await
                .is_err()
        );
        app.publish_consultation(&drafter, id).await.unwrap();
        let n1 = app
            .submit_comment(id, &said("建议第五条写明清运频次。", true), "")
            .await
            .unwrap()
            .number;
        let n2 = app
            .submit_comment(id, &said("保洁员工资应有标准。", false), "")
            .await
            .unwrap()
            .number;
        let n3 = app
            .submit_comment(id, &said("低价出售发票", true), "")
            .await
            .unwrap()
            .number;
        let n4 = app
            .submit_comment(id, &said("罚款太高。", true), "")
            .await
            .unwrap()
            .number;
        assert_eq!((n1, n2, n3, n4), (1, 2, 3, 4));
        // A public comment with personal data is refused.
        assert!(
            app.submit_comment(id, &said("我的电话13812345678", true), "")
                .await
                .is_err()
        );
        // Nothing is shown before moderation.
        assert!(
            app.public_consultation(Some("yunxi"), id)
                .await
                .unwrap()
                .comments
                .is_empty()
        );
        app.moderate_comment(&drafter, id, 1, true, "")
            .await
            .unwrap();
        app.moderate_comment(&drafter, id, 2, true, "")
            .await
            .unwrap();
        assert!(
            matches!(
                app.moderate_comment(&drafter, id, 3, false, "").await,
                Err(AppError::Invalid(_))
            ),
            "a rejection states why"
        );
        app.moderate_comment(&drafter, id, 3, false, "广告")
            .await
            .unwrap();
        app.moderate_comment(&drafter, id, 4, true, "")
            .await
            .unwrap();
        let public = app.public_consultation(Some("yunxi"), id).await.unwrap();
        let numbers: Vec<u32> = public.comments.iter().map(|x| x.number).collect();
        assert_eq!(numbers, vec![1, 4], "accepted and agreed to be public only");
        assert!(public.comments.iter().all(|x| x.writer.is_none()));
        // No decisions while the period runs; no comments after it.
        assert!(matches!(
            app.decide_comment(&drafter, id, 1, "adopted", "已采纳")
                .await,
            Err(AppError::Conflict(_))
        ));
        c.clock.set(at(d("2026-04-02")));
        assert!(matches!(
            app.submit_comment(id, &said("晚到的意见", false), "").await,
            Err(AppError::Conflict(_))
        ));
        app.decide_comment(&drafter, id, 1, "adopted", "已在第五条增加")
            .await
            .unwrap();
        app.decide_comment(&drafter, id, 2, "partly", "另行规定")
            .await
            .unwrap();
        assert!(
            matches!(
                app.decide_comment(&drafter, id, 3, "adopted", "x").await,
                Err(AppError::Conflict(_))
            ),
            "a rejected comment gets no decision"
        );
        // Comment 4 undecided: the feedback is refused, naming it.
        let e = app.publish_feedback(&drafter, id).await.unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(v) if v[0].message.contains("第4条")),
            "{e:?}"
        );
        app.decide_comment(&drafter, id, 4, "not_adopted", "罚款标准依据上位法")
            .await
            .unwrap();
        app.publish_feedback(&drafter, id).await.unwrap();
        let f = app
            .public_consultation(None, id)
            .await
            .unwrap()
            .feedback
            .unwrap();
        assert_eq!(
            (f.received, f.adopted, f.partly_adopted, f.not_adopted),
            (3, 1, 1, 1),
            "{}",
            c.label
        );
        assert!(f.rows.iter().all(|r| !r.comment.contains("13812345678")));
        assert!(f.rows[1].comment.contains("未同意公开"));
        assert!(matches!(
            app.publish_feedback(&drafter, id).await,
            Err(AppError::Conflict(_))
        ));
    }
}
