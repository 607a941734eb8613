//! 政策解读 (DOMAIN §14): drafted with the policy, signed off only together with it and
//! published in the same transaction; each form carries its own material; a change of
//! the policy puts its interpretations up for review; search finds the Q&A and shows
//! the pair. On every backend.

use std::sync::Arc;

use gongkai_app::testing::*;
use gongkai_app::{ActionInput, AppError, AttachmentUpload};
use gongkai_domain::interpretation::RawDetails;
use gongkai_domain::role::Role;
use gongkai_domain::validity::Validity;
use gongkai_domain::workflow::{Action, State};
use gongkai_search::{SearchIndex, SearchQuery};

fn policy_raw() -> gongkai_domain::document::RawDocument {
    let mut raw = raw_doc(
        "云溪县城乡居民最低生活保障审核确认办法",
        "云政规〔2026〕1号",
        "2026-02-27",
    );
    raw.body = "<p>第一条 为规范最低生活保障审核确认工作，制定本办法。</p>".into();
    raw.needs_interpretation = "1".into();
    raw
}

fn qa_details(qa: &str) -> RawDetails {
    RawDetails {
        form: "qa".into(),
        qa: qa.into(),
        ..Default::default()
    }
}

fn interp_raw(title: &str) -> gongkai_domain::document::RawDocument {
    let mut raw = raw_doc(title, "", "2026-02-27");
    raw.attribute = String::new();
    raw.body = String::new();
    raw
}

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
async fn a_policy_that_needs_interpretation_is_signed_off_and_published_with_it() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let app = &c.app;
        let policy = app
            .create_document(&s.drafter, c.county, &policy_raw(), &[])
            .await
            .unwrap();
        s.advance(app, &policy, 3).await;
        let e = app
            .act(&s.approver, &policy, ActionInput::new(Action::Approve))
            .await
            .unwrap_err();
        assert!(message(&e).contains("须同步解读"), "{}: {e}", c.label);

        // Drafted as Q&A but with no questions yet: it cannot go forward.
        let interp = app
            .create_interpretation(
                &s.drafter,
                &policy,
                c.county,
                &interp_raw("《云溪县城乡居民最低生活保障审核确认办法》政策解读"),
                &qa_details(""),
            )
            .await
            .unwrap();
        let e = app
            .act(&s.drafter, &interp, ActionInput::new(Action::Submit))
            .await
            .unwrap_err();
        assert!(message(&e).contains("至少一组问答"), "{}: {e}", c.label);
        app.edit_interpretation(
            &s.drafter,
            &interp,
            &qa_details("一、问：哪些家庭可以申请低保？\n答：共同生活的家庭成员人均收入低于当地低保标准的家庭。\n二、问：多久办结？\n答：自受理之日起30个工作日内。"),
        )
        .await
        .unwrap();
        s.advance(app, &interp, 2).await;

        // Reviewed but not yet through secrecy review: the policy still waits.
        let e = app
            .act(&s.approver, &policy, ActionInput::new(Action::Approve))
            .await
            .unwrap_err();
        assert!(message(&e).contains("待保密审查"), "{}: {e}", c.label);
        app.act(&s.secrecy, &interp, ActionInput::new(Action::SecrecyClear))
            .await
            .unwrap();
        // The interpretation is not signed off on its own before its policy.
        let e = app
            .act(&s.approver, &interp, ActionInput::new(Action::Approve))
            .await
            .unwrap_err();
        assert!(message(&e).contains("同步审签"), "{}: {e}", c.label);

        assert_eq!(
            app.act(&s.approver, &policy, ActionInput::new(Action::Approve))
                .await
                .unwrap(),
            State::Published
        );
        let p = app.public_document(&policy).await.unwrap().unwrap();
        let i = app.public_document(&interp).await.unwrap().unwrap();
        assert_eq!(i.doc.state, State::Published, "{}", c.label);
        assert_eq!(i.doc.published_on, p.doc.published_on, "{}", c.label);
        assert_eq!(p.pairs.len(), 1);
        assert_eq!(p.pairs[0].interpretation.index_number, interp);
        assert_eq!(i.pairs[0].policy.index_number, policy);
        let details = i.interpretation.as_ref().unwrap();
        assert_eq!(details.details.qa.len(), 2);
        assert_eq!(details.details.qa[1].question, "多久办结？");
        let trail = app.document_view(&s.drafter, &interp).await.unwrap().trail;
        let approve = trail
            .iter()
            .find(|t| t.action == "document.approve")
            .unwrap();
        assert_eq!(
            approve.detail["with_policy"],
            policy.as_str(),
            "{}",
            c.label
        );

        let tasks = app.interpretation_tasks(&s.drafter).await.unwrap();
        assert!(tasks.to_review.is_empty() && tasks.policies_without.is_empty());

        // Amended by a later document: the interpretation carries the banner's cause
        // and is listed for review until the officer confirms it.
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let newer = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc(
                    "关于修改最低生活保障审核确认办法的决定",
                    "云政规〔2026〕4号",
                    "2026-03-02",
                ),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &newer, 4).await;
        app.set_validity(&officer, &policy, Validity::Amended, &newer, "")
            .await
            .unwrap();
        let tasks = app.interpretation_tasks(&officer).await.unwrap();
        assert_eq!(tasks.to_review.len(), 1, "{}", c.label);
        assert_eq!(tasks.to_review[0].policy.validity, Validity::Amended);
        let i = app.public_document(&interp).await.unwrap().unwrap();
        assert!(i.pairs[0].stale, "{}", c.label);
        let e = app
            .confirm_interpretation(&s.drafter, &interp, "仍然适用")
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{}: {e}", c.label);
        let e = app
            .confirm_interpretation(&officer, &interp, " ")
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Invalid(_)),
            "{}: a review says what was decided",
            c.label
        );
        app.confirm_interpretation(&officer, &interp, "修改部分不涉及解读内容，解读仍然适用")
            .await
            .unwrap();
        assert!(
            app.interpretation_tasks(&officer)
                .await
                .unwrap()
                .to_review
                .is_empty()
        );
    }
}

#[tokio::test]
async fn who_interprets_what_and_what_each_form_needs() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let town_drafter = c.actor("town-drafter", Role::Drafter, c.town).await;
        let app = &c.app;
        let policy = app
            .create_document(&s.drafter, c.county, &policy_raw(), &[])
            .await
            .unwrap();
        // 谁起草、谁解读: a township did not draft the county's policy.
        let e = app
            .create_interpretation(
                &town_drafter,
                &policy,
                c.town,
                &interp_raw("解读"),
                &RawDetails::default(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::NotFound(_)) || message(&e).contains("谁起草、谁解读"),
            "{}: {e}",
            c.label
        );
        // The drafting department (a unit under the issuing government) does not see
        // the government's drafts, and interprets its published policies.
        let dept = c.actor("dept-drafter", Role::Drafter, c.dept).await;
        let e = app
            .create_interpretation(
                &dept,
                &policy,
                c.dept,
                &interp_raw("解读"),
                &RawDetails::default(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::NotFound(_)), "{}: {e}", c.label);
        let published = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("云溪县临时救助实施细则", "云政规〔2026〕3号", "2026-02-27"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &published, 4).await;
        let chart = app
            .create_interpretation(
                &dept,
                &published,
                c.dept,
                &interp_raw("一图读懂最低生活保障审核确认办法"),
                &RawDetails {
                    form: "chart".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", c.label));
        let e = app
            .act(&dept, &chart, ActionInput::new(Action::Submit))
            .await
            .unwrap_err();
        assert!(
            message(&e).contains("图解的文字说明") && message(&e).contains("图解图片"),
            "{}: {e}",
            c.label
        );
        app.add_attachment(
            &dept,
            &chart,
            AttachmentUpload {
                filename: "一图读懂.png".into(),
                bytes: b"\x89PNG\r\n\x1a\n0000".to_vec(),
            },
        )
        .await
        .unwrap();
        let e = app
            .act(&dept, &chart, ActionInput::new(Action::Submit))
            .await
            .unwrap_err();
        assert!(
            message(&e).contains("图解的文字说明") && !message(&e).contains("图解图片"),
            "{}: {e}",
            c.label
        );
        // A video must be a video, and needs its transcript.
        let media = app
            .create_interpretation(
                &s.drafter,
                &policy,
                c.county,
                &interp_raw("视频解读"),
                &RawDetails {
                    form: "media".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let not_video = app
            .add_attachment(
                &s.drafter,
                &media,
                AttachmentUpload {
                    filename: "解读.mp4".into(),
                    bytes: b"MZ\x90\x00not a video".to_vec(),
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(not_video, AppError::Invalid(_)), "{}", c.label);
        app.add_attachment(
            &s.drafter,
            &media,
            AttachmentUpload {
                filename: "解读.mp4".into(),
                bytes: b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00".to_vec(),
            },
        )
        .await
        .unwrap();
        let e = app
            .act(&s.drafter, &media, ActionInput::new(Action::Submit))
            .await
            .unwrap_err();
        assert!(message(&e).contains("文字稿"), "{}: {e}", c.label);
        // An interpretation is not interpreted again, and one explains one policy.
        let e = app
            .create_interpretation(
                &s.drafter,
                &media,
                c.county,
                &interp_raw("解读的解读"),
                &RawDetails::default(),
            )
            .await
            .unwrap_err();
        assert!(message(&e).contains("不能再被解读"), "{}: {e}", c.label);
        let other = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("另一份文件", "", "2026-02-27"),
                &[],
            )
            .await
            .unwrap();
        let e = app
            .relate(
                &s.drafter,
                &media,
                &other,
                gongkai_domain::validity::Relation::Interprets,
                true,
            )
            .await
            .unwrap_err();
        assert!(message(&e).contains("只解读一份"), "{}: {e}", c.label);
        // Bad Q&A is refused with its line, nothing saved.
        let e = app
            .create_interpretation(
                &s.drafter,
                &policy,
                c.county,
                &interp_raw("问答解读"),
                &qa_details("答：没有问题"),
            )
            .await
            .unwrap_err();
        assert!(message(&e).contains("第1行"), "{}: {e}", c.label);
        assert_eq!(
            app.interpretations_of_policy(&s.drafter, &policy)
                .await
                .unwrap()
                .len(),
            1,
            "{}: the refused one left nothing behind",
            c.label
        );
    }
}

#[tokio::test]
async fn a_policy_rewritten_after_its_interpretation_waits_for_the_officer() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let app = &c.app;
        let mut raw = policy_raw();
        let policy = app
            .create_document(&s.drafter, c.county, &raw, &[])
            .await
            .unwrap();
        let mut text = interp_raw("文字解读");
        text.body = "一、制定背景……".into();
        let interp = app
            .create_interpretation(&s.drafter, &policy, c.county, &text, &RawDetails::default())
            .await
            .unwrap();
        raw.body = "<p>第一条 修改后的条文。</p>".into();
        app.edit_document(&s.drafter, &policy, &raw, &[])
            .await
            .unwrap();
        s.advance(app, &policy, 3).await;
        s.advance(app, &interp, 3).await;
        let e = app
            .act(&s.approver, &policy, ActionInput::new(Action::Approve))
            .await
            .unwrap_err();
        assert!(message(&e).contains("第1稿→第2稿"), "{}: {e}", c.label);
        app.confirm_interpretation(&officer, &interp, "已核对，解读与修改后条文一致")
            .await
            .unwrap();
        app.act(&s.approver, &policy, ActionInput::new(Action::Approve))
            .await
            .unwrap();
        assert!(app.public_document(&interp).await.unwrap().is_some());

        // Marked as needing an interpretation only after publication: listed.
        let later = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc(
                    "云溪县农村危房改造补助办法",
                    "云政规〔2026〕2号",
                    "2026-02-27",
                ),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &later, 4).await;
        let mut flagged = raw_doc(
            "云溪县农村危房改造补助办法",
            "云政规〔2026〕2号",
            "2026-02-27",
        );
        flagged.needs_interpretation = "1".into();
        app.edit_document(&officer, &later, &flagged, &[])
            .await
            .unwrap();
        let tasks = app.interpretation_tasks(&officer).await.unwrap();
        assert_eq!(
            tasks
                .policies_without
                .iter()
                .map(|d| d.index_number.as_str())
                .collect::<Vec<_>>(),
            [later.as_str()],
            "{}",
            c.label
        );
    }
}

#[tokio::test]
async fn search_finds_the_questions_and_shows_the_pair() {
    for c in TestCounty::all().await {
        let dir = std::env::temp_dir().join(format!("gk-interp-{}", gongkai_app::random_token(6)));
        let app = c.app.clone().with_search(Arc::new(
            SearchIndex::open(Some(&dir), &["云溪县".into()]).unwrap(),
        ));
        let s = c.signers(c.county).await;
        let policy = app
            .create_document(&s.drafter, c.county, &policy_raw(), &[])
            .await
            .unwrap();
        let interp = app
            .create_interpretation(
                &s.drafter,
                &policy,
                c.county,
                &interp_raw("低保审核确认办法问答"),
                &qa_details("问：低保金什么时候发放？\n答：每月十日前通过一卡通发放到户。"),
            )
            .await
            .unwrap();
        s.advance(&app, &policy, 3).await;
        s.advance(&app, &interp, 3).await;
        s.advance(&app, &policy, 0).await;
        app.act(&s.approver, &policy, ActionInput::new(Action::Approve))
            .await
            .unwrap();
        while app.follow_events().await.unwrap() > 0 {}
        let page = app
            .search(SearchQuery {
                text: "一卡通 发放".into(),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page.hits.len(), 1, "{}: the answer is searched", c.label);
        let hit = &page.hits[0];
        assert_eq!(hit.doc.index_number, interp);
        assert!(hit.interprets);
        assert_eq!(hit.paired[0].index_number, policy, "{}", c.label);
        let page = app
            .search(SearchQuery {
                text: "最低生活保障审核确认办法".into(),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        let p = page
            .hits
            .iter()
            .find(|h| h.doc.index_number == policy)
            .unwrap();
        assert_eq!(p.paired[0].index_number, interp, "{}", c.label);
        let _ = std::fs::remove_dir_all(dir);
    }
}
