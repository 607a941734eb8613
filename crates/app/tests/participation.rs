//! Surveys, hearings, the suggestions-and-proposals register and responses to public
//! concerns through the use cases, on every backend.

use gongkai_app::testing::*;
use gongkai_app::{
    AppError, ConcernInput, HearingInput, ProposalInput, ReplyInput, ResponseInput, SurveyInput,
};
use gongkai_domain::role::Role;

const QUESTIONS: &str = "[单选] 是否满意？\n- 满意\n- 不满意\n[多选] 哪些区域？\n- 老城区\n- 医院\n- 学校\n[填空] 其他建议";

#[tokio::test]
async fn a_survey_counts_one_answer_per_person() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        let drafter = c.actor("drafter", Role::Drafter, c.county).await;
        let outsider = c.actor("other", Role::Drafter, c.dept).await;
        let input = SurveyInput {
            org: "yunxi".into(),
            title: "停车状况调查".into(),
            questions: QUESTIONS.into(),
            opens_on: "2026-03-02".into(),
            closes_on: "2026-03-31".into(),
            ..Default::default()
        };
        assert!(matches!(
            app.create_survey(&outsider, &input).await,
            Err(AppError::Forbidden(_))
        ));
        let mut bad = input.clone();
        bad.questions = "[单选] 只有一个\n- 是".into();
        assert!(matches!(
            app.create_survey(&drafter, &bad).await,
            Err(AppError::Invalid(_))
        ));
        let id = app.create_survey(&drafter, &input).await.unwrap();
        let answer = |mobile: &'static str, q1: usize, q2: Vec<usize>, text: &'static str| {
            let q2 = q2.clone();
            async move {
                app.answer_survey(
                    id,
                    mobile,
                    |q| match q {
                        0 => vec![q1],
                        1 => q2.clone(),
                        _ => Vec::new(),
                    },
                    |_| text.to_owned(),
                    "",
                )
                .await
            }
        };
        answer("13800000001", 0, vec![0, 1], "多建停车场")
            .await
            .unwrap();
        answer("13800000002", 1, vec![1], "").await.unwrap();
        // The same person again, written differently: refused.
        let again = app
            .answer_survey(
                id,
                "138 0000 0001",
                |q| vec![usize::from(q == 1)],
                |_| String::new(),
                "",
            )
            .await;
        assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
        assert!(matches!(
            answer("13800000003", 5, vec![0], "").await,
            Err(AppError::Invalid(_))
        ));
        assert!(matches!(
            answer("1234", 0, vec![0], "").await,
            Err(AppError::Invalid(_))
        ));
        let v = app.public_survey(Some("yunxi"), id).await.unwrap();
        assert_eq!(v.respondents, 2, "{}", c.label);
        assert_eq!(v.tally[0].counts, vec![1, 1]);
        assert_eq!(v.tally[1].counts, vec![1, 2, 0]);
        assert!(v.tally[2].texts.is_empty(), "free text stays with staff");
        let staff = app.staff_survey(&drafter, id).await.unwrap();
        assert_eq!(staff.tally[2].texts, vec!["多建停车场".to_owned()]);
        c.clock.set(at(d("2026-04-01")));
        assert!(matches!(
            answer("13800000009", 0, vec![0], "").await,
            Err(AppError::Conflict(_))
        ));
    }
}

#[tokio::test]
async fn replies_to_suggestions_are_published_unless_withheld_with_a_reason() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let drafter = c.actor("drafter", Role::Drafter, c.county).await;
        let input = |number: &str, kind: &str| ProposalInput {
            org: "yunxi".into(),
            kind: kind.into(),
            number: number.into(),
            title: "关于增加公交班次的建议".into(),
            proposer: "县人大代表 王某".into(),
            received_on: "2026-03-02".into(),
        };
        assert!(matches!(
            app.register_proposal(&drafter, &input("第1号", "suggestion"))
                .await,
            Err(AppError::Forbidden(_))
        ));
        let a = app
            .register_proposal(&officer, &input("第1号", "suggestion"))
            .await
            .unwrap();
        let e = app
            .register_proposal(&officer, &input("第1号", "suggestion"))
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(v) if v[0].message.contains("已登记")),
            "{e:?}"
        );
        let b = app
            .register_proposal(&officer, &input("第1号", "proposal"))
            .await
            .unwrap();
        app.reply_proposal(
            &officer,
            a,
            &ReplyInput {
                result: "solved".into(),
                reply: "已增开班次。".into(),
                withheld_reason: String::new(),
            },
        )
        .await
        .unwrap();
        app.reply_proposal(
            &officer,
            b,
            &ReplyInput {
                result: "planned".into(),
                reply: "涉及选址。".into(),
                withheld_reason: "过程性信息".into(),
            },
        )
        .await
        .unwrap();
        let public = app.proposals(Some("yunxi")).await.unwrap();
        let pa = public.iter().find(|p| p.id == a).unwrap();
        let pb = public.iter().find(|p| p.id == b).unwrap();
        assert!(pa.published && pa.reply == "已增开班次。");
        assert!(
            !pb.published && pb.reply.is_empty(),
            "a withheld reply is not shown"
        );
        assert_eq!(pb.withheld_reason, "过程性信息");
        let n = app.proposal_counts("yunxi", 2026).await.unwrap();
        assert_eq!(
            (n.suggestions, n.proposals, n.replied, n.published),
            (1, 1, 2, 1),
            "{}",
            c.label
        );
    }
}

#[tokio::test]
async fn responses_to_concerns_are_checked_against_the_hours() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        // 2026-07-01 00:00 UTC is 08:00 in China.
        c.clock.set(at(d("2026-07-02")));
        let e = app
            .record_concern(
                &officer,
                &ConcernInput {
                    org: "yunxi".into(),
                    title: "山洪".into(),
                    gravity: "major".into(),
                    arose_at: "2026-07-01 25:00".into(),
                    summary: "暴雨".into(),
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(&e, AppError::Invalid(v) if v[0].field == "arose_at"));
        let id = app
            .record_concern(
                &officer,
                &ConcernInput {
                    org: "yunxi".into(),
                    title: "山洪".into(),
                    gravity: "major".into(),
                    arose_at: "2026-07-01 08:00".into(),
                    summary: "暴雨".into(),
                },
            )
            .await
            .unwrap();
        let respond = |form: &str, at: &str| ResponseInput {
            form: form.into(),
            at: at.into(),
            content: "通报".into(),
            link: String::new(),
        };
        assert!(
            matches!(
                app.respond_to_concern(&officer, id, &respond("release", "2026-07-01 07:00"))
                    .await,
                Err(AppError::Invalid(_))
            ),
            "before the concern arose"
        );
        app.respond_to_concern(&officer, id, &respond("release", "2026-07-01 12:30"))
            .await
            .unwrap();
        let v = &app.concerns(Some("yunxi")).await.unwrap()[0];
        assert_eq!(v.checks[0].met_after_minutes, Some(270));
        assert!(!v.checks[0].met_late);
        assert!(
            v.checks[1].late,
            "{}: 24 hours passed without a press conference",
            c.label
        );
        assert!(v.is_late());
    }
}

#[tokio::test]
async fn a_hearing_record_names_its_participants() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let drafter = c.actor("drafter", Role::Drafter, c.county).await;
        let mut h = HearingInput {
            org: "yunxi".into(),
            kind: "hearing".into(),
            title: "水价调整听证会".into(),
            held_on: "2026-03-10".into(),
            place: "县政府会议室".into(),
            participants: "消费者代表9人、经营者代表2人、专家2人".into(),
            ..Default::default()
        };
        let e = app.record_hearing(&drafter, &h).await.unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(v) if v[0].field == "notice"),
            "{e:?}"
        );
        h.minutes = "与会代表发表意见……".into();
        let id = app.record_hearing(&drafter, &h).await.unwrap();
        let v = app.hearing(Some("yunxi"), id).await.unwrap();
        assert_eq!(v.kind.label(), "听证会");
        assert!(matches!(
            app.hearing(Some("czj"), id).await,
            Err(AppError::NotFound(_))
        ));
    }
}
