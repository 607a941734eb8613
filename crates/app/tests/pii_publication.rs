//! Personal data on the documents path (DOMAIN §11): a document whose body or readable
//! attachment holds an identity, card or mobile number is not published until a
//! reviewer decides on each; the public page masks what was not kept and shows what
//! was kept with a reason; staff see the original. On every backend.

use gongkai_app::pii_review::{PiiDecisionInput, PiiSubject};
use gongkai_app::testing::*;
use gongkai_app::{ActionInput, AppError, AttachmentUpload};
use gongkai_domain::role::Role;
use gongkai_domain::workflow::Action;

const ID1: &str = "11010519491231002X";

fn message(e: &AppError) -> String {
    match e {
        AppError::Invalid(v) => v
            .iter()
            .map(|i| i.message.clone())
            .collect::<Vec<_>>()
            .join("；"),
        e => e.to_string(),
    }
}

#[tokio::test]
async fn a_penalty_decision_keeps_its_party_and_masks_the_rest() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let mut raw = raw_doc("行政处罚决定书", "云政罚〔2026〕3号", "2026-02-27");
        raw.body = format!(
            "<p>当事人：某某，身份证号码{ID1}。</p><p>联系电话：139 5000 1237；办公室电话0599-1234567。</p>"
        );
        let index = c
            .app
            .create_document(&s.drafter, c.county, &raw, &[])
            .await
            .unwrap();
        s.advance(&c.app, &index, 3).await;
        let e = c
            .app
            .act(&s.approver, &index, ActionInput::new(Action::Approve))
            .await
            .unwrap_err();
        assert!(
            message(&e).contains("2处个人信息尚未确认"),
            "{}: {}",
            c.label,
            message(&e)
        );
        let (review, may) = c
            .app
            .document_pii_review(&s.approver, &index)
            .await
            .unwrap();
        assert!(may);
        let decisions: Vec<PiiDecisionInput> = review
            .findings
            .iter()
            .map(|f| PiiDecisionInput {
                value: f.value.clone(),
                keep: f.value == ID1,
                reason: if f.value == ID1 {
                    "行政处罚决定依法公开当事人身份".into()
                } else {
                    String::new()
                },
            })
            .collect();
        // A drafter cannot decide.
        assert!(
            c.app
                .decide_pii(&s.drafter, &PiiSubject::Document(index.clone()), &decisions)
                .await
                .is_err()
        );
        // Keeping without a reason is refused, and nothing is recorded.
        let mut no_reason = decisions.clone();
        for d in &mut no_reason {
            d.reason.clear();
        }
        assert!(
            c.app
                .decide_pii(
                    &s.approver,
                    &PiiSubject::Document(index.clone()),
                    &no_reason
                )
                .await
                .is_err()
        );
        assert_eq!(
            c.app
                .document_pii_review(&s.approver, &index)
                .await
                .unwrap()
                .0
                .pending,
            2
        );
        c.app
            .decide_pii(
                &s.approver,
                &PiiSubject::Document(index.clone()),
                &decisions,
            )
            .await
            .unwrap();
        c.app
            .act(&s.approver, &index, ActionInput::new(Action::Approve))
            .await
            .unwrap();
        let public = c.app.public_document(&index).await.unwrap().unwrap();
        assert!(public.doc.body.contains(ID1), "kept with its reason");
        assert!(
            public.doc.body.contains("139 **** 1237"),
            "{}",
            public.doc.body
        );
        assert!(
            public.doc.body.contains("0599-1234567"),
            "an office's line stays"
        );
        let staff = c.app.document_of(&s.approver, &index).await.unwrap();
        assert!(
            staff.body.contains("139 5000 1237"),
            "staff see the original"
        );
    }
}

#[tokio::test]
async fn an_attachment_holding_personal_data_is_kept_with_a_reason_or_replaced() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let raw = raw_doc("关于2026年春季临时救助对象的公示", "", "2026-02-27");
        let index = c
            .app
            .create_document(&s.drafter, c.county, &raw, &[])
            .await
            .unwrap();
        let list = xlsx_of(&[&["姓名", "身份证号码", "金额"], &["李四", ID1, "500"]]);
        c.app
            .add_attachment(
                &s.drafter,
                &index,
                AttachmentUpload {
                    filename: "名单.xlsx".into(),
                    bytes: list,
                },
            )
            .await
            .unwrap();
        s.advance(&c.app, &index, 3).await;
        let (review, _) = c.app.document_pii_review(&officer, &index).await.unwrap();
        assert_eq!(
            review.findings.len(),
            2,
            "{}: the name and the number",
            c.label
        );
        assert!(review.findings.iter().all(|f| f.in_file));
        let mask = PiiDecisionInput::mask_all(&review);
        c.app
            .decide_pii(&officer, &PiiSubject::Document(index.clone()), &mask)
            .await
            .unwrap();
        let e = c
            .app
            .act(&s.approver, &index, ActionInput::new(Action::Approve))
            .await
            .unwrap_err();
        assert!(message(&e).contains("附件"), "{}", message(&e));
    }
}
