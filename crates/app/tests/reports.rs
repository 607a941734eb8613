//! The annual report as a query over what was recorded, on every backend: section 三
//! from applications across the year boundary, section 二 (一) from documents, fees
//! from payments, roles, the 勾稽 check, and publication as an immutable snapshot.

use gongkai_app::testing::*;
use gongkai_app::{AppError, StepInput};
use gongkai_domain::application::{ApplicantInput, Outcome, RequestInput};
use gongkai_domain::report::StaffInput;
use gongkai_domain::role::Role;
use gongkai_domain::validity::Validity;

fn applicant(kind: &str) -> ApplicantInput {
    let person = kind == "natural_person";
    ApplicantInput {
        kind: kind.into(),
        name: "申请人".into(),
        id_kind: if person {
            "resident_card"
        } else {
            "credit_code"
        }
        .into(),
        id_number: if person {
            "11010519491231002X"
        } else {
            "11990000MB0000001M"
        }
        .into(),
        contact_person: if person { "" } else { "联系人" }.into(),
        phone: "13800000000".into(),
        ..Default::default()
    }
}

fn request() -> RequestInput {
    RequestInput {
        title: "某项信息".into(),
        delivery_form: "paper".into(),
        delivery_way: "post".into(),
        ..Default::default()
    }
}

fn step(action: &str, on: &str, extra: &[(&str, &str)]) -> StepInput {
    let mut s = StepInput {
        action: action.into(),
        on_date: on.into(),
        ..Default::default()
    };
    for (k, v) in extra {
        match *k {
            "outcome" => s.outcome = (*v).into(),
            "basis" => s.basis = (*v).into(),
            "withheld" => s.withheld = (*v).into(),
            "fee_basis" => s.fee_basis = (*v).into(),
            "pages" => s.pages = (*v).into(),
            "sent_by" => s.sent_by = (*v).into(),
            _ => unreachable!(),
        }
    }
    s
}

#[tokio::test]
async fn the_report_counts_what_was_recorded_and_publishes_a_snapshot() {
    for c in TestCounty::all().await {
        let app = &c.app;
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let supervisor = c.actor("supervisor", Role::Supervisor, c.county).await;
        let drafter = c.actor("drafter", Role::Drafter, c.county).await;
        let s = c.signers(c.county).await;

        // Carried over from 2024: received 16 Dec 2024, answered in January 2025.
        c.clock.set(at(d("2024-12-16")));
        let old = app
            .submit_application("yunxi", &applicant("natural_person"), &request(), "")
            .await
            .unwrap()
            .tracking_number;
        // Answered within 2024: not in the 2025 report at all.
        let done_2024 = app
            .submit_application("yunxi", &applicant("research"), &request(), "")
            .await
            .unwrap()
            .tracking_number;
        c.clock.set(at(d("2024-12-20")));
        app.act_on_application(
            &officer,
            &done_2024,
            &step(
                "reply",
                "2024-12-20",
                &[("outcome", "disclosed"), ("basis", "第三十六条")],
            ),
        )
        .await
        .unwrap();
        c.clock.set(at(d("2025-01-08")));
        app.act_on_application(
            &officer,
            &old,
            &step(
                "reply",
                "2025-01-08",
                &[
                    ("outcome", "not_handled_repeated"),
                    ("basis", "第三十六条第（六）项"),
                ],
            ),
        )
        .await
        .unwrap();

        // New in 2025: a business (partly disclosed, with a fee paid), a person (still
        // open at year end), a legal-service firm (not held).
        c.clock.set(at(d("2025-03-03")));
        let biz = app
            .submit_application("yunxi", &applicant("business"), &request(), "")
            .await
            .unwrap()
            .tracking_number;
        let open = app
            .submit_application("yunxi", &applicant("natural_person"), &request(), "")
            .await
            .unwrap()
            .tracking_number;
        let law = app
            .submit_application("yunxi", &applicant("legal_service"), &request(), "")
            .await
            .unwrap()
            .tracking_number;
        app.act_on_application(&officer, &biz, &step("accept", "2025-03-03", &[]))
            .await
            .unwrap();
        c.clock.set(at(d("2025-03-05")));
        app.act_on_application(
            &officer,
            &biz,
            &step(
                "notify_fee",
                "2025-03-05",
                &[
                    ("fee_basis", "per_page"),
                    ("pages", "45"),
                    ("sent_by", "email"),
                ],
            ),
        )
        .await
        .unwrap();
        c.clock.set(at(d("2025-03-10")));
        app.act_on_application(&officer, &biz, &step("record_payment", "2025-03-10", &[]))
            .await
            .unwrap();
        app.act_on_application(
            &officer,
            &biz,
            &step(
                "reply",
                "2025-03-10",
                &[
                    ("outcome", "partly_disclosed"),
                    ("basis", "第三十七条"),
                    ("withheld", "商业秘密"),
                ],
            ),
        )
        .await
        .unwrap();
        app.act_on_application(
            &officer,
            &law,
            &step(
                "reply",
                "2025-03-10",
                &[
                    ("outcome", "cannot_not_held"),
                    ("basis", "第三十六条第（四）项"),
                ],
            ),
        )
        .await
        .unwrap();
        let _ = open;

        // Section 二 (一): a 规范性文件 made in 2025, one of 2024 repealed in 2025.
        c.clock.set(at(d("2024-05-06")));
        let old_doc = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("旧办法", "云政发〔2024〕5号", "2024-05-06"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &old_doc, 4).await;
        c.clock.set(at(d("2025-04-01")));
        let new_doc = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("新办法", "云政发〔2025〕2号", "2025-04-01"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &new_doc, 4).await;
        c.clock.set(at(d("2025-04-02")));
        let successor = app
            .document_view(&officer, &new_doc)
            .await
            .unwrap()
            .doc
            .index_number;
        app.set_validity(
            &officer,
            &old_doc,
            Validity::Repealed,
            &successor,
            "被新办法废止",
        )
        .await
        .unwrap();

        let draft = app.report_draft(&officer, c.county, 2025).await.unwrap();
        let r = &draft.report;
        let s3 = &r.section3;
        assert_eq!(s3.new.0, [1, 1, 0, 0, 1, 0, 3], "{}", c.label);
        assert_eq!(s3.carried_over.0, [1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(s3.total.0, [1, 1, 0, 0, 1, 0, 3]);
        assert_eq!(s3.carried_forward.0, [1, 0, 0, 0, 0, 0, 1]);
        let row = |o: Outcome| s3.outcomes.iter().find(|(x, _)| *x == o).unwrap().1.0[6];
        assert_eq!(
            (
                row(Outcome::PartlyDisclosed),
                row(Outcome::NotHeld),
                row(Outcome::Repeated)
            ),
            (1, 1, 1)
        );
        assert!(draft.problems.is_empty());
        assert_eq!(r.rules.normative, [1, 1, 1], "made, repealed, in force");
        // 45 pages: 15 beyond the free 30 at 10元.
        assert_eq!(r.fees_collected.0, 15_000);
        assert_eq!(
            draft.due_on,
            d("2026-03-31"),
            "a government's report: 31 March"
        );
        assert!(draft.may_edit);

        // Roles: the supervisor reads, the drafter sees nothing.
        assert!(
            !app.report_draft(&supervisor, c.county, 2025)
                .await
                .unwrap()
                .may_edit
        );
        assert!(matches!(
            app.report_draft(&drafter, c.county, 2025)
                .await
                .unwrap_err(),
            AppError::NotFound(_)
        ));
        let bad = StaffInput {
            licences: -3,
            ..Default::default()
        };
        assert!(matches!(
            app.save_report_input(&officer, c.county, 2025, &bad)
                .await
                .unwrap_err(),
            AppError::Invalid(_)
        ));
        let input = StaffInput {
            overview: "本年度政府信息公开工作总体情况。".into(),
            licences: 120,
            reconsideration: [1, 0, 0, 0],
            ..Default::default()
        };
        assert!(matches!(
            app.save_report_input(&supervisor, c.county, 2025, &input)
                .await
                .unwrap_err(),
            AppError::Forbidden(_)
        ));
        app.save_report_input(&officer, c.county, 2025, &input)
            .await
            .unwrap();
        assert!(
            app.report_draft(&officer, c.county, 2018).await.is_err(),
            "before the 2019 format"
        );

        // Not before the year is over; then a snapshot that later records do not move.
        let e = app
            .publish_report(&officer, c.county, 2025)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
        c.clock.set(at(d("2026-01-12")));
        app.publish_report(&officer, c.county, 2025).await.unwrap();
        let p = app.published_report(c.county, 2025).await.unwrap();
        assert_eq!(p.report.input.licences, 120);
        assert_eq!(p.report.section3.new.0[6], 3);
        app.act_on_application(
            &officer,
            &open,
            &step(
                "reply",
                "2026-01-12",
                &[("outcome", "disclosed"), ("basis", "第三十六条")],
            ),
        )
        .await
        .unwrap();
        assert_eq!(
            app.published_report(c.county, 2025).await.unwrap(),
            p,
            "the snapshot stays"
        );
        assert_eq!(app.published_report_years(c.county).await.unwrap().len(), 1);
        assert!(matches!(
            app.published_report(c.county, 2024).await.unwrap_err(),
            AppError::NotFound(_)
        ));
    }
}
