//! 依申请公开 end to end through the use cases, on every configured backend: intake,
//! every workflow step with its legal checks, the clock as the history moves it,
//! roles, personal data, and public tracking.

use gongkai_app::testing::*;
use gongkai_app::{Actor, AppError, StepInput};
use gongkai_domain::application::{
    ApplicantInput, Channel, ClockState, Outcome, PauseKind, RequestInput, Status, StepDetail,
};
use gongkai_domain::role::Role;

fn person() -> ApplicantInput {
    ApplicantInput {
        kind: "natural_person".into(),
        name: "王晓明".into(),
        id_kind: "resident_card".into(),
        id_number: "11010519491231002X".into(),
        phone: "13800000000".into(),
        address: "云溪县城关镇和平路8号".into(),
        ..Default::default()
    }
}

fn asking() -> RequestInput {
    RequestInput {
        title: "2024年城乡居民最低生活保障资金分配情况".into(),
        delivery_form: "electronic".into(),
        delivery_way: "email".into(),
        ..Default::default()
    }
}

fn step(action: &str, on: &str) -> StepInput {
    StepInput {
        action: action.into(),
        on_date: on.into(),
        ..Default::default()
    }
}

struct Staff {
    officer: Actor,
    head: Actor,
    supervisor: Actor,
    drafter: Actor,
}

async fn staff(c: &TestCounty) -> Staff {
    Staff {
        officer: c.actor("officer", Role::DisclosureOfficer, c.county).await,
        head: c.actor("head", Role::DisclosureHead, c.county).await,
        supervisor: c.actor("supervisor", Role::Supervisor, c.county).await,
        drafter: c.actor("drafter", Role::Drafter, c.county).await,
    }
}

fn fields(e: AppError) -> Vec<&'static str> {
    match e {
        AppError::Invalid(v) => v.iter().map(|i| i.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn online_intake_checks_everything_and_gives_a_tracking_number_and_code() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2025-09-26")));
        let e = app
            .submit_application(
                "yunxi",
                &ApplicantInput::default(),
                &RequestInput::default(),
                "1.2.3.4",
            )
            .await
            .unwrap_err();
        assert_eq!(
            fields(e),
            [
                "kind",
                "id_kind",
                "name",
                "id_number",
                "phone",
                "description",
                "delivery_form",
                "delivery_way"
            ],
            "{}",
            c.label
        );
        let r = app
            .submit_application("yunxi", &person(), &asking(), "1.2.3.4")
            .await
            .unwrap();
        assert_eq!(r.tracking_number, "yunxi-2025-00001");
        assert_eq!(r.query_code.len(), 8);
        assert_eq!(r.received_on, d("2025-09-26"));
        // Across National Day and its two make-up days.
        assert_eq!(r.due_on, Some(d("2025-10-30")));
        let r2 = app
            .submit_application("yunxi", &person(), &asking(), "1.2.3.4")
            .await
            .unwrap();
        assert_eq!(
            r2.tracking_number, "yunxi-2025-00002",
            "the failed attempt used no serial"
        );
        let e = app
            .submit_application("nowhere", &person(), &asking(), "1.2.3.4")
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::NotFound(_)));
    }
}

#[tokio::test]
async fn staff_registration_needs_a_handler_and_a_lawful_receipt_date() {
    for c in TestCounty::all().await {
        let s = staff(&c).await;
        let app = &c.app;
        c.clock.set(at(d("2025-03-10")));
        let e = app
            .register_application(
                &s.drafter,
                "yunxi",
                Channel::InPerson,
                d("2025-03-10"),
                &person(),
                &asking(),
                &[],
            )
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
        let e = app
            .register_application(
                &s.officer,
                "yunxi",
                Channel::RegisteredPost,
                d("2025-03-11"),
                &person(),
                &asking(),
                &[],
            )
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["received_on"]);
        // A letter signed for on Friday 7 March counts from that day.
        let r = app
            .register_application(
                &s.officer,
                "yunxi",
                Channel::RegisteredPost,
                d("2025-03-07"),
                &person(),
                &asking(),
                &[],
            )
            .await
            .unwrap();
        assert_eq!(r.received_on, d("2025-03-07"));
        let v = app
            .application_view(&s.officer, &r.tracking_number)
            .await
            .unwrap();
        assert_eq!(
            (v.status, v.channel),
            (Status::Registered, Channel::RegisteredPost)
        );
        assert_eq!(v.steps.len(), 1);
        assert_eq!(v.steps[0].label, "登记");
        assert_eq!(v.clock.used, 1, "Mon 10 Mar counted");
    }
}

#[tokio::test]
async fn consultation_extension_reply_delivery_and_archive() {
    for c in TestCounty::all().await {
        let s = staff(&c).await;
        let app = &c.app;
        c.clock.set(at(d("2025-09-26")));
        let r = app
            .submit_application("yunxi", &person(), &asking(), "1.2.3.4")
            .await
            .unwrap();
        let id = r.tracking_number.clone();
        // Not a step that fits a fresh application.
        let e = app
            .act_on_application(&s.officer, &id, &step("deliver", ""))
            .await
            .unwrap_err();
        match e {
            AppError::Conflict(why) => {
                assert!(why.contains("已登记") && why.contains("送达"), "{why}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            app.act_on_application(&s.officer, &id, &step("accept", ""))
                .await
                .unwrap(),
            Status::Processing
        );
        c.clock.set(at(d("2025-10-09")));
        let mut consult = step("consult_third_party", "2025-10-09");
        let e = app
            .act_on_application(&s.officer, &id, &consult)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["party"]);
        consult.party = "云溪某某建材有限公司".into();
        assert_eq!(
            app.act_on_application(&s.officer, &id, &consult)
                .await
                .unwrap(),
            Status::Consulting
        );
        let v = app.application_view(&s.officer, &id).await.unwrap();
        assert_eq!(v.clock.state, ClockState::Paused(PauseKind::ThirdParty));
        assert_eq!(v.clock.used, 4);
        // 15 working days for the third party: 10, 11 (Sat), 13–17, 20–24, 27–29.
        match &v.steps[2].detail {
            StepDetail::ConsultThirdParty(c) => assert_eq!(c.answer_by, d("2025-10-29")),
            other => panic!("{other:?}"),
        }
        // With no answer the clock would resume on 30 Oct: due 21 Nov.
        assert_eq!(v.clock.paused_until, Some(d("2025-10-29")));

        c.clock.set(at(d("2025-10-20")));
        app.act_on_application(&s.officer, &id, &step("end_consultation", "2025-10-20"))
            .await
            .unwrap();
        let v = app.application_view(&s.officer, &id).await.unwrap();
        // 10–20 Oct left out: 16 working days remain from 20 Oct.
        assert_eq!(v.clock.due_on, Some(d("2025-11-11")));

        // Only the head of the disclosure office extends, once, with a reason.
        let mut extend = step("extend", "2025-10-20");
        let e = app
            .act_on_application(&s.officer, &id, &extend)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
        let e = app
            .act_on_application(&s.head, &id, &extend)
            .await
            .unwrap_err();
        assert_eq!(fields(e), ["note"]);
        extend.days = "21".into();
        extend.note = "涉及多个部门，需协调".into();
        assert_eq!(
            fields(
                app.act_on_application(&s.head, &id, &extend)
                    .await
                    .unwrap_err()
            ),
            ["days"]
        );
        extend.days = String::new();
        assert_eq!(
            app.act_on_application(&s.head, &id, &extend).await.unwrap(),
            Status::Processing
        );
        let v = app.application_view(&s.officer, &id).await.unwrap();
        assert_eq!(
            (v.clock.allowed, v.clock.due_on),
            (40, Some(d("2025-12-09")))
        );
        let e = app
            .act_on_application(&s.head, &id, &extend)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "{e:?}");

        // A partial disclosure must say what was withheld; a reply needs its basis.
        c.clock.set(at(d("2025-11-20")));
        let mut reply = step("reply", "2025-11-20");
        reply.outcome = "partly_disclosed".into();
        assert_eq!(
            fields(
                app.act_on_application(&s.officer, &id, &reply)
                    .await
                    .unwrap_err()
            ),
            ["basis", "withheld"]
        );
        reply.basis = Outcome::PartlyDisclosed.default_basis().unwrap().into();
        reply.withheld = "第三方企业的银行账户信息，属于商业秘密".into();
        let before = app
            .application_view(&s.officer, &id)
            .await
            .unwrap()
            .steps
            .len();
        reply.on_date = "2025-10-01".into();
        assert_eq!(
            fields(
                app.act_on_application(&s.officer, &id, &reply)
                    .await
                    .unwrap_err()
            ),
            ["on_date"]
        );
        assert_eq!(
            app.application_view(&s.officer, &id)
                .await
                .unwrap()
                .steps
                .len(),
            before,
            "nothing half-saved"
        );
        reply.on_date = "2025-11-20".into();
        assert_eq!(
            app.act_on_application(&s.officer, &id, &reply)
                .await
                .unwrap(),
            Status::Replied
        );
        let v = app.application_view(&s.officer, &id).await.unwrap();
        assert_eq!(v.outcome, Some(Outcome::PartlyDisclosed));
        assert_eq!(
            (v.clock.state, v.clock.used, v.clock.left),
            (ClockState::Stopped, 27, 13)
        );

        let mut deliver = step("deliver", "2025-11-21");
        c.clock.set(at(d("2025-11-21")));
        assert_eq!(
            fields(
                app.act_on_application(&s.officer, &id, &deliver)
                    .await
                    .unwrap_err()
            ),
            ["delivery_way"]
        );
        deliver.delivery_way = "email".into();
        assert_eq!(
            app.act_on_application(&s.officer, &id, &deliver)
                .await
                .unwrap(),
            Status::Delivered
        );
        assert_eq!(
            app.act_on_application(&s.officer, &id, &step("archive", ""))
                .await
                .unwrap(),
            Status::Archived
        );
        let v = app.application_view(&s.officer, &id).await.unwrap();
        let labels: Vec<&str> = v.steps.iter().map(|s| s.label).collect();
        assert_eq!(
            labels,
            [
                "登记",
                "受理",
                "征求第三方意见",
                "征求意见结束",
                "延期答复",
                "作出答复",
                "送达",
                "归档"
            ]
        );
        assert!(v.actions.is_empty());
    }
}

#[tokio::test]
async fn correction_once_within_seven_working_days_and_the_clock_restarts() {
    for c in TestCounty::all().await {
        let s = staff(&c).await;
        let app = &c.app;
        c.clock.set(at(d("2025-04-28")));
        let id = app
            .submit_application("yunxi", &person(), &asking(), "")
            .await
            .unwrap()
            .tracking_number;
        c.clock.set(at(d("2025-05-13")));
        let mut corr = step("request_correction", "2025-05-13");
        corr.note = "请说明所需信息的年度和范围".into();
        corr.correct_by = "2025-05-30".into();
        let e = app
            .act_on_application(&s.officer, &id, &corr)
            .await
            .unwrap_err();
        match e {
            AppError::Invalid(v) => assert!(v[0].message.contains("2025-05-12"), "{:?}", v),
            other => panic!("{other:?}"),
        }
        corr.on_date = "2025-04-30".into();
        corr.correct_by = "2025-04-29".into();
        assert_eq!(
            fields(
                app.act_on_application(&s.officer, &id, &corr)
                    .await
                    .unwrap_err()
            ),
            ["correct_by"]
        );
        corr.correct_by = "2025-05-16".into();
        assert_eq!(
            app.act_on_application(&s.officer, &id, &corr)
                .await
                .unwrap(),
            Status::AwaitingCorrection
        );
        let v = app.application_view(&s.officer, &id).await.unwrap();
        assert_eq!(
            (v.clock.state, v.clock.due_on),
            (ClockState::AwaitingCorrection, None)
        );
        // Not yet abandoned: the period runs until 16 May. The case page offers receiving
        // the correction, and says why closing must wait.
        assert!(
            v.actions
                .contains(&gongkai_domain::application::Action::ReceiveCorrection)
        );
        assert!(
            v.waiting.iter().any(|(a, why)| *a
                == gongkai_domain::application::Action::CloseUncorrected
                && why.contains("补正期限（2025-05-16）尚未届满")),
            "{:?}",
            v.waiting
        );
        let e = app
            .act_on_application(&s.officer, &id, &step("close_uncorrected", "2025-05-13"))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
        let mut got = step("receive_correction", "2025-05-06");
        got.description = "2024年度全县低保资金按乡镇分配的明细".into();
        assert_eq!(
            app.act_on_application(&s.officer, &id, &got).await.unwrap(),
            Status::Processing
        );
        let v = app.application_view(&s.officer, &id).await.unwrap();
        assert_eq!(v.clock.counts_from, Some(d("2025-05-06")));
        assert_eq!(v.clock.due_on, Some(d("2025-06-04")));
        assert_eq!(
            v.request.description,
            "2024年度全县低保资金按乡镇分配的明细"
        );
        // Once only.
        corr.on_date = "2025-05-13".into();
        let e = app
            .act_on_application(&s.officer, &id, &corr)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "{e:?}");

        // Another applicant never corrects: after the period, the application closes
        // with the outcome the report counts as 其他处理 (1).
        c.clock.set(at(d("2025-04-28")));
        let id2 = app
            .submit_application("yunxi", &person(), &asking(), "")
            .await
            .unwrap()
            .tracking_number;
        c.clock.set(at(d("2025-04-29")));
        corr.on_date = "2025-04-29".into();
        app.act_on_application(&s.officer, &id2, &corr)
            .await
            .unwrap();
        c.clock.set(at(d("2025-05-19")));
        assert_eq!(
            app.act_on_application(&s.officer, &id2, &step("close_uncorrected", "2025-05-19"))
                .await
                .unwrap(),
            Status::Replied
        );
        let v = app.application_view(&s.officer, &id2).await.unwrap();
        assert_eq!(v.outcome, Some(Outcome::NotCorrected));
        // Art.30: the reply clock never started, so the case is not a late reply.
        assert_eq!(v.clock.state, ClockState::NeverStarted);
        assert!(!v.clock.is_overdue());
        let late: Vec<String> = app
            .staff_applications(&s.officer, false)
            .await
            .unwrap()
            .into_iter()
            .filter(|(_, clock)| clock.is_overdue())
            .map(|(a, _)| a.tracking_number)
            .collect();
        assert!(!late.contains(&id2), "{late:?}");
    }
}

#[tokio::test]
async fn fees_per_page_and_per_application_pause_the_clock_and_lapse() {
    for c in TestCounty::all().await {
        let s = staff(&c).await;
        let app = &c.app;
        c.clock.set(at(d("2025-03-03")));
        let id = app
            .submit_application("yunxi", &person(), &asking(), "")
            .await
            .unwrap()
            .tracking_number;
        app.act_on_application(&s.officer, &id, &step("accept", ""))
            .await
            .unwrap();
        c.clock.set(at(d("2025-03-05")));
        let mut notice = step("notify_fee", "2025-03-05");
        notice.fee_basis = "per_application".into();
        notice.sent_by = "pickup".into();
        let e = app
            .act_on_application(&s.officer, &id, &notice)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Conflict(m) if m.contains("无需收费")),
            "{e:?}"
        );
        notice.fee_basis = "per_page".into();
        assert_eq!(
            fields(
                app.act_on_application(&s.officer, &id, &notice)
                    .await
                    .unwrap_err()
            ),
            ["pages"]
        );
        notice.pages = "120".into();
        notice.sent_by = String::new();
        assert_eq!(
            fields(
                app.act_on_application(&s.officer, &id, &notice)
                    .await
                    .unwrap_err()
            ),
            ["sent_by"],
            "how the notice goes decides when it is received"
        );
        notice.sent_by = "pickup".into();
        assert_eq!(
            app.act_on_application(&s.officer, &id, &notice)
                .await
                .unwrap(),
            Status::AwaitingFee
        );
        let v = app.application_view(&s.officer, &id).await.unwrap();
        match &v.steps.last().unwrap().detail {
            // 31–100 at 10元 (700) and 101–120 at 20元 (400).
            StepDetail::NotifyFee(f) => assert_eq!(f.amount_fen, 110_000),
            other => panic!("{other:?}"),
        }
        // Handed over on 5 Mar: received that day, 20 working days from 6 Mar.
        let fee = v.fee.clone().unwrap();
        assert_eq!(fee.received_on, Some(d("2025-03-05")));
        assert_eq!(fee.pay_by, Some(d("2025-04-02")));
        assert_eq!(v.clock.state, ClockState::Paused(PauseKind::Fee));
        c.clock.set(at(d("2025-03-12")));
        app.act_on_application(&s.officer, &id, &step("record_payment", "2025-03-12"))
            .await
            .unwrap();
        let v = app.application_view(&s.officer, &id).await.unwrap();
        assert_eq!(v.clock.due_on, Some(d("2025-04-08")));

        // The 11th application of the month from the same person costs 100元.
        let mut last = String::new();
        for _ in 0..10 {
            last = app
                .submit_application("yunxi", &person(), &asking(), "")
                .await
                .unwrap()
                .tracking_number;
        }
        app.act_on_application(&s.officer, &last, &step("accept", ""))
            .await
            .unwrap();
        let mut notice = step("notify_fee", "2025-03-12");
        notice.fee_basis = "per_application".into();
        notice.sent_by = "post".into();
        app.act_on_application(&s.officer, &last, &notice)
            .await
            .unwrap();
        let v = app.application_view(&s.officer, &last).await.unwrap();
        match &v.steps.last().unwrap().detail {
            StepDetail::NotifyFee(f) => assert_eq!((f.quantity, f.amount_fen), (11, 10_000)),
            other => panic!("{other:?}"),
        }
        // 国办函〔2020〕109号: the 20 working days run from the applicant's receipt of the
        // notice. Sent by post, it is received when signed for: until that is recorded
        // the period has not begun and the case cannot lapse, however long it waits.
        assert_eq!(v.fee.as_ref().unwrap().pay_by, None);
        c.clock.set(at(d("2025-05-30")));
        let e = app
            .act_on_application(&s.officer, &last, &step("close_unpaid", "2025-05-30"))
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Conflict(m) if m.contains("尚未确认送达")),
            "{e:?}"
        );
        // Signed for on Fri 14 Mar: 17 Mar … 14 Apr are the 20 working days (清明 4 Apr).
        app.act_on_application(
            &s.officer,
            &last,
            &step("fee_notice_received", "2025-03-14"),
        )
        .await
        .unwrap();
        let v = app.application_view(&s.officer, &last).await.unwrap();
        assert_eq!(v.status, Status::AwaitingFee);
        assert_eq!(v.fee.as_ref().unwrap().pay_by, Some(d("2025-04-14")));
        let e = app
            .act_on_application(
                &s.officer,
                &last,
                &step("fee_notice_received", "2025-03-15"),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "recorded once: {e:?}");
        let e = app
            .act_on_application(&s.officer, &last, &step("close_unpaid", "2025-04-14"))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
        app.act_on_application(&s.officer, &last, &step("close_unpaid", "2025-04-15"))
            .await
            .unwrap();
        let v = app.application_view(&s.officer, &last).await.unwrap();
        assert_eq!(
            (v.status, v.outcome),
            (Status::Replied, Some(Outcome::FeeUnpaid))
        );
    }
}

#[tokio::test]
async fn personal_data_is_for_handlers_and_tracking_shows_none_of_it() {
    for c in TestCounty::all().await {
        let s = staff(&c).await;
        let app = &c.app;
        c.clock.set(at(d("2025-09-26")));
        let r = app
            .submit_application("yunxi", &person(), &asking(), "")
            .await
            .unwrap();
        let officer_view = app
            .application_view(&s.officer, &r.tracking_number)
            .await
            .unwrap();
        assert_eq!(officer_view.applicant.unwrap().name, "王晓明");
        let sup = app
            .application_view(&s.supervisor, &r.tracking_number)
            .await
            .unwrap();
        assert!(sup.applicant.is_none());
        assert!(sup.actions.is_empty(), "supervisors watch, they do not act");
        let e = app
            .application_view(&s.drafter, &r.tracking_number)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::NotFound(_)));
        assert!(
            app.staff_applications(&s.drafter, false)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            app.staff_applications(&s.supervisor, false)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            app.staff_applications(&s.officer, true)
                .await
                .unwrap()
                .len(),
            1
        );
        let e = app
            .act_on_application(&s.supervisor, &r.tracking_number, &step("accept", ""))
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::NotFound(_) | AppError::Forbidden(_)),
            "{e:?}"
        );
        let town_officer = c
            .actor("town-officer", Role::DisclosureOfficer, c.town)
            .await;
        assert!(
            app.application_view(&town_officer, &r.tracking_number)
                .await
                .is_err()
        );

        let e = app
            .track_application(&r.tracking_number, "WRONGCOD")
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::NotFound(_)));
        let e = app
            .track_application("yunxi-2025-99999", &r.query_code)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::NotFound(_)));
        let t = app
            .track_application(
                &format!(" {} ", r.tracking_number),
                &r.query_code.to_lowercase(),
            )
            .await
            .unwrap();
        assert_eq!(
            (t.status, t.due_on),
            (Status::Registered, Some(d("2025-10-30")))
        );
        let json = serde_json::to_string(&t).unwrap();
        for secret in ["王晓明", "11010519491231002X", "13800000000", "和平路"] {
            assert!(!json.contains(secret), "{secret} leaked into {json}");
        }
        c.clock.set(at(d("2025-10-10")));
        let mut reply = step("reply", "2025-10-10");
        reply.outcome = "cannot_not_held".into();
        reply.basis = Outcome::NotHeld.default_basis().unwrap().into();
        reply.responsible_agency = "云溪县民政局，电话0599-1234000".into();
        app.act_on_application(&s.officer, &r.tracking_number, &reply)
            .await
            .unwrap();
        let t = app
            .track_application(&r.tracking_number, &r.query_code)
            .await
            .unwrap();
        assert_eq!(t.outcome, Some(Outcome::NotHeld));
        assert_eq!(
            t.reply.unwrap().responsible_agency,
            "云溪县民政局，电话0599-1234000"
        );
    }
}

/// Late in a year whose successor has no holiday notice yet, dates reckoned into that
/// year may move: the case, the API and the letters say so.
#[tokio::test]
async fn dates_in_a_year_without_its_notice_are_provisional_in_the_letters() {
    use gongkai_domain::application::LetterKind;
    for c in TestCounty::all().await {
        let s = staff(&c).await;
        let app = &c.app;
        c.clock.set(at(d("2026-12-10")));
        let r = app
            .register_application(
                &s.officer,
                "yunxi",
                Channel::InPerson,
                d("2026-12-10"),
                &person(),
                &asking(),
                &[],
            )
            .await
            .unwrap();
        let id = r.tracking_number;
        let v = app.application_view(&s.officer, &id).await.unwrap();
        assert!(v.clock.provisional, "{}: due in January 2027", c.label);
        app.act_on_application(&s.officer, &id, &step("accept", ""))
            .await
            .unwrap();
        let mut extend = step("extend", "2026-12-30");
        extend.days = "20".into();
        extend.note = "涉及多个部门，需协调".into();
        c.clock.set(at(d("2026-12-30")));
        app.act_on_application(&s.head, &id, &extend).await.unwrap();
        let letter = app
            .application_letter(&s.officer, &id, LetterKind::Extension)
            .await
            .unwrap();
        let text = letter.paragraphs.join("\n");
        assert!(
            text.contains("（暂定：2027年节假日安排尚未公布，公布后按实际工作日计算）"),
            "{}: {text}",
            c.label
        );
    }
}
