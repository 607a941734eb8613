//! The source-disclosure workflow through the use cases, on every backend.

use gongkai_app::testing::*;
use gongkai_app::{ActionInput, AppError};
use gongkai_domain::attribute::{Attribute, AttributeDecision};
use gongkai_domain::role::Role;
use gongkai_domain::validity::{Relation, Validity};
use gongkai_domain::workflow::{Action, State};
use gongkai_store::documents::DocQuery;

#[tokio::test]
async fn a_proactive_document_goes_from_draft_to_the_portal() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let (drafter, reviewer, secrecy, approver) =
            (&s.drafter, &s.reviewer, &s.secrecy, &s.approver);
        let app = &c.app;

        let id = app
            .create_document(
                drafter,
                c.county,
                &raw_doc("关于印发某办法的通知", "云政发〔2026〕3号", "2026-02-27"),
                &[c.dept],
            )
            .await
            .unwrap();
        let view = app.document_view(drafter, &id).await.unwrap();
        assert_eq!(view.doc.state, State::Draft, "{}", c.label);
        assert_eq!(view.doc.index_number, "11350999MB0012345X-2026-00001");
        assert_eq!(view.coissuers.len(), 1);
        assert_eq!(view.allowed, vec![Action::Submit]);

        // Nothing public yet.
        assert!(
            app.public_document(&view.doc.index_number)
                .await
                .unwrap()
                .is_none()
        );

        assert_eq!(
            app.act(drafter, &id, ActionInput::new(Action::Submit))
                .await
                .unwrap(),
            State::PendingReview
        );
        // The drafter cannot review their own document.
        let err = app
            .act(drafter, &id, ActionInput::new(Action::Review))
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Forbidden(ref m) if m.contains("审核人")),
            "{err}"
        );
        assert_eq!(
            app.act(reviewer, &id, ActionInput::new(Action::Review))
                .await
                .unwrap(),
            State::PendingSecrecy
        );
        assert_eq!(
            app.act(secrecy, &id, ActionInput::new(Action::SecrecyClear))
                .await
                .unwrap(),
            State::PendingApproval
        );
        // Approving twice: the second finds the wrong state.
        assert_eq!(
            app.act(approver, &id, ActionInput::new(Action::Approve))
                .await
                .unwrap(),
            State::Published
        );
        let err = app
            .act(approver, &id, ActionInput::new(Action::Approve))
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "{err}");

        let public = app
            .public_document("11350999MB0012345X-2026-00001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            public.doc.published_on,
            Some(d("2026-03-02")),
            "{}",
            c.label
        );
        let trail: Vec<String> = app
            .document_view(drafter, &id)
            .await
            .unwrap()
            .trail
            .iter()
            .map(|t| t.action.clone())
            .collect();
        assert_eq!(
            trail,
            [
                "document.create",
                "document.submit",
                "document.review",
                "document.secrecy_clear",
                "document.approve"
            ],
            "{}",
            c.label
        );
    }
}

#[tokio::test]
async fn non_public_documents_are_archived_never_published() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let (drafter, reviewer, secrecy, approver) =
            (&s.drafter, &s.reviewer, &s.secrecy, &s.approver);
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let app = &c.app;

        // 不予公开 without a ground and reason is refused, with both fields named.
        let mut raw = raw_doc("内部人事安排", "", "2026-02-27");
        raw.attribute = "not_disclosed".into();
        match app
            .create_document(drafter, c.county, &raw, &[])
            .await
            .unwrap_err()
        {
            AppError::Invalid(v) => assert!(v.iter().any(|i| i.field == "legal_ground"), "{v:?}"),
            e => panic!("{e}"),
        }
        raw.legal_ground = "internal_affairs".into();
        raw.attribute_reason = "属于人事管理信息".into();
        let id = app
            .create_document(drafter, c.county, &raw, &[])
            .await
            .unwrap();
        for (who, action) in [
            (&drafter, Action::Submit),
            (&reviewer, Action::Review),
            (&secrecy, Action::SecrecyClear),
        ] {
            app.act(who, &id, ActionInput::new(action)).await.unwrap();
        }
        assert_eq!(
            app.act(approver, &id, ActionInput::new(Action::Approve))
                .await
                .unwrap(),
            State::Archived,
            "{}",
            c.label
        );
        let index = app
            .document_view(drafter, &id)
            .await
            .unwrap()
            .doc
            .index_number;
        assert!(app.public_document(&index).await.unwrap().is_none());
        assert_eq!(
            app.public_documents(DocQuery::default()).await.unwrap().1,
            0
        );
        // Decided this year: not on this year's re-review list.
        assert!(app.rereview_list(&[c.county]).await.unwrap().is_empty());

        // Next year it is due; the officer converts it, and the approver publishes it.
        c.clock.set(at(d("2027-01-11")));
        assert_eq!(
            app.rereview_list(&[c.county]).await.unwrap().len(),
            1,
            "{}",
            c.label
        );
        let err = app
            .act(&officer, &id, ActionInput::new(Action::Rereview))
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Invalid(ref v) if v[0].field == "reason"),
            "{err}"
        );
        let mut input = ActionInput::new(Action::Rereview).with_reason("情况变化，申请较多");
        input.convert = true;
        assert_eq!(
            app.act(&officer, &id, input).await.unwrap(),
            State::PendingApproval
        );
        assert!(app.rereview_list(&[c.county]).await.unwrap().is_empty());
        // Art.26: the 20 working days run from the change, not from the 成文日期 a year
        // ago: the converted document is not overdue.
        let clocks = app.publication_clocks(&[c.county]).await.unwrap();
        let mine = clocks.iter().find(|x| x.doc.index_number == id).unwrap();
        assert_eq!(
            mine.clock.due_on,
            gongkai_domain::publication::publication_due(&app.calendar(), d("2027-01-11"))
        );
        assert_ne!(
            mine.clock.status,
            gongkai_domain::publication::ClockStatus::Overdue
        );
        c.clock.set(at(d("2027-01-15")));
        assert_eq!(
            app.act(approver, &id, ActionInput::new(Action::Approve))
                .await
                .unwrap(),
            State::Published
        );
        let orgs = vec![app.org_tree().await.unwrap().get(c.county).unwrap().clone()];
        let summary = app.clock_summary(&orgs).await.unwrap();
        assert_eq!(
            (
                summary[0].published_this_year,
                summary[0].published_late_this_year
            ),
            (1, 0),
            "published 4 days after the change: on time"
        );
        let p = app.public_document(&index).await.unwrap().unwrap();
        assert_eq!(
            p.doc.decision.attribute,
            Attribute::Proactive,
            "{}",
            c.label
        );
    }
}

#[tokio::test]
async fn returns_reviewer_corrections_withdrawal_and_validity() {
    for c in TestCounty::all().await {
        let s = c.signers(c.dept).await;
        let (drafter, reviewer, secrecy) = (&s.drafter, &s.reviewer, &s.secrecy);
        let officer = c.actor("officer", Role::DisclosureOfficer, c.dept).await;
        let app = &c.app;

        let old = app
            .create_document(
                drafter,
                c.dept,
                &raw_doc("资金管理办法", "云财发〔2026〕1号", "2026-01-05"),
                &[],
            )
            .await
            .unwrap();
        app.act(drafter, &old, ActionInput::new(Action::Submit))
            .await
            .unwrap();
        // A return needs a reason, and lands back in draft.
        assert!(
            app.act(reviewer, &old, ActionInput::new(Action::Return))
                .await
                .is_err()
        );
        assert_eq!(
            app.act(
                reviewer,
                &old,
                ActionInput::new(Action::Return).with_reason("文号有误")
            )
            .await
            .unwrap(),
            State::Draft
        );
        // The reviewer corrects the attribute on review: the correction is on the record.
        app.act(drafter, &old, ActionInput::new(Action::Submit))
            .await
            .unwrap();
        let mut review = ActionInput::new(Action::Review);
        review.decision = Some(
            AttributeDecision::parse(
                "on_request",
                Some("outside_proactive_scope"),
                Some("仅涉及特定对象"),
            )
            .unwrap(),
        );
        app.act(reviewer, &old, review).await.unwrap();
        let view = app.document_view(reviewer, &old).await.unwrap();
        assert_eq!(
            view.doc.decision.attribute,
            Attribute::OnRequest,
            "{}",
            c.label
        );
        assert!(
            view.trail
                .last()
                .unwrap()
                .detail
                .get("attribute_before")
                .is_some()
        );
        // …and back to proactive by a second round.
        app.act(
            secrecy,
            &old,
            ActionInput::new(Action::Return).with_reason("属性应为主动公开"),
        )
        .await
        .unwrap();
        let mut raw = raw_doc("资金管理办法", "云财发〔2026〕1号", "2026-01-05");
        raw.attribute = "proactive".into();
        app.edit_document(drafter, &old, &raw, &[]).await.unwrap();
        s.advance(app, &old, 4).await;
        let new = app
            .create_document(
                drafter,
                c.dept,
                &raw_doc("资金管理办法（修订）", "云财发〔2026〕8号", "2026-02-26"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &new, 4).await;
        let new_index = app
            .document_view(drafter, &new)
            .await
            .unwrap()
            .doc
            .index_number;

        // Repeal needs the repealing document, and links the two.
        assert!(
            app.set_validity(&officer, &old, Validity::Repealed, "", "")
                .await
                .is_err()
        );
        assert!(
            app.set_validity(drafter, &old, Validity::Repealed, &new_index, "")
                .await
                .is_err(),
            "drafters cannot"
        );
        app.set_validity(&officer, &old, Validity::Repealed, &new_index, "")
            .await
            .unwrap();
        let old_index = app
            .document_view(drafter, &old)
            .await
            .unwrap()
            .doc
            .index_number;
        let p = app.public_document(&old_index).await.unwrap().unwrap();
        assert_eq!(p.doc.validity, Validity::Repealed, "{}", c.label);
        assert!(
            p.related
                .iter()
                .any(|r| r.incoming && r.kind == Relation::Repeals && r.doc.index_number == new)
        );

        // Withdrawn from the portal, with a reason; the repeal link no longer shows publicly.
        assert_eq!(
            app.act(
                &officer,
                &new,
                ActionInput::new(Action::Withdraw).with_reason("内容需更正")
            )
            .await
            .unwrap(),
            State::Withdrawn
        );
        assert!(app.public_document(&new_index).await.unwrap().is_none());
        assert!(
            app.public_document(&old_index)
                .await
                .unwrap()
                .unwrap()
                .related
                .is_empty(),
            "{}",
            c.label
        );
        // A published document's attribute cannot be changed by editing.
        let mut raw = raw_doc("资金管理办法", "云财发〔2026〕1号", "2026-01-05");
        raw.attribute = "not_disclosed".into();
        raw.legal_ground = "state_secret".into();
        raw.attribute_reason = "x".into();
        let err = app
            .edit_document(&officer, &old, &raw, &[])
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Invalid(ref v) if v[0].field == "attribute"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn document_numbers_and_categories_are_checked() {
    for c in TestCounty::all().await {
        let drafter = c.actor("drafter", Role::Drafter, c.town).await;
        let app = &c.app;
        let err = app
            .create_document(
                &drafter,
                c.town,
                &raw_doc("x", "青石镇政发2026年", "2026-02-02"),
                &[],
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Invalid(ref v) if v[0].field == "doc_number"),
            "{err}"
        );
        let mut raw = raw_doc("乡镇文件", "青石镇政发〔2026〕2号", "2026-02-02");
        raw.category = "a21-sz".into(); // a county-level Art.21 item
        let err = app
            .create_document(&drafter, c.town, &raw, &[])
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Invalid(ref v) if v[0].field == "category"),
            "{err}"
        );
        raw.category = "a21x-nc".into();
        app.create_document(&drafter, c.town, &raw, &[])
            .await
            .unwrap();
        // The same number again, written messily: refused as a duplicate, nothing saved.
        let err = app
            .create_document(
                &drafter,
                c.town,
                &raw_doc("重复", "青石镇政发[2026]002号", "2026-02-03"),
                &[],
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Conflict(ref m) if m.contains("青石镇政发〔2026〕2号")),
            "{err}"
        );
        let (_, total) = app
            .staff_documents(&drafter, DocQuery::default())
            .await
            .unwrap();
        assert_eq!(total, 1, "{}", c.label);
        // A future 成文日期 is refused.
        let err = app
            .create_document(&drafter, c.town, &raw_doc("未来", "", "2026-03-03"), &[])
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Invalid(ref v) if v[0].field == "written_on"),
            "{err}"
        );
        // Someone without a role in the township cannot enter documents there.
        let other = c.actor("other", Role::Drafter, c.dept).await;
        assert!(matches!(
            app.create_document(&other, c.town, &raw_doc("越权", "", "2026-02-02"), &[])
                .await,
            Err(AppError::Forbidden(_))
        ));
    }
}
