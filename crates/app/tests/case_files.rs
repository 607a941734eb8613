//! Files on a case through the use cases, on every backend: a letter scanned at
//! registration (a bad file refuses the whole registration), released files that the
//! applicant downloads by tracking number and query code once the reply is made, and
//! nobody else; the same content checks as document attachments.

use gongkai_app::testing::*;
use gongkai_app::{AppError, AttachmentUpload, StepInput};
use gongkai_domain::application::{CaseFileKind, Channel};
use gongkai_domain::role::Role;

fn pdf(name: &str) -> AttachmentUpload {
    AttachmentUpload {
        filename: name.into(),
        bytes: b"%PDF-1.4\n% scanned letter\n".to_vec(),
    }
}

fn step(action: &str) -> StepInput {
    StepInput {
        action: action.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_scanned_letter_arrives_with_its_registration() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2025-03-10")));
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let before = app.staff_applications(&officer, false).await.unwrap().len();
        // A file that is not what its name says: nothing is registered.
        let fake = AttachmentUpload {
            filename: "申请书.pdf".into(),
            bytes: b"<html>not a pdf</html>".to_vec(),
        };
        let e = app
            .register_application(
                &officer,
                "yunxi",
                Channel::InPerson,
                d("2025-03-10"),
                &applicant(),
                &request("2024年低保资金分配表"),
                &[pdf("申请书.pdf"), fake],
            )
            .await
            .unwrap_err();
        match e {
            AppError::Invalid(v) => {
                assert_eq!(v[0].field, "scan");
                assert!(v[0].message.starts_with("第2个文件："), "{}", v[0].message);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            app.staff_applications(&officer, false).await.unwrap().len(),
            before
        );

        let r = app
            .register_application(
                &officer,
                "yunxi",
                Channel::InPerson,
                d("2025-03-10"),
                &applicant(),
                &request("2024年低保资金分配表"),
                &[pdf("申请书.pdf"), pdf("身份证复印件.pdf")],
            )
            .await
            .unwrap();
        let files = app.case_files(&officer, &r.tracking_number).await.unwrap();
        assert_eq!(files.len(), 2, "{}", c.label);
        assert!(files.iter().all(|f| f.kind == CaseFileKind::Received));
        let (f, bytes) = app
            .case_file(&officer, &r.tracking_number, files[0].id)
            .await
            .unwrap();
        assert_eq!((f.filename.as_str(), bytes.len()), ("申请书.pdf", 26));
        // A letter carries personal data: not for the supervising office.
        let supervisor = c.actor("supervisor", Role::Supervisor, c.county).await;
        assert!(matches!(
            app.case_files(&supervisor, &r.tracking_number).await,
            Err(AppError::NotFound(_))
        ));
        let view = app
            .application_view(&supervisor, &r.tracking_number)
            .await
            .unwrap();
        assert!(view.files.is_empty(), "{}", c.label);
    }
}

#[tokio::test]
async fn released_files_reach_the_applicant_after_the_reply_only() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2025-03-10")));
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let receipt = app
            .submit_application("yunxi", &applicant(), &request("2024年低保资金分配表"), "")
            .await
            .unwrap();
        let number = receipt.tracking_number.clone();
        app.act_on_application(&officer, &number, &step("accept"))
            .await
            .unwrap();
        let received = app
            .add_case_file(
                &officer,
                &number,
                CaseFileKind::Received,
                &pdf("补正材料.pdf"),
            )
            .await
            .unwrap();
        let released = app
            .add_case_file(
                &officer,
                &number,
                CaseFileKind::Released,
                &pdf("低保资金分配表.pdf"),
            )
            .await
            .unwrap();
        // Before the reply the applicant sees nothing.
        let t = app
            .track_application(&number, &receipt.query_code)
            .await
            .unwrap();
        assert!(t.released.is_empty(), "{}", c.label);
        assert!(
            app.tracked_file(&number, &receipt.query_code, released)
                .await
                .is_err()
        );
        let reply = StepInput {
            outcome: "disclosed".into(),
            basis: "《中华人民共和国政府信息公开条例》第三十六条第（二）项".into(),
            ..step("reply")
        };
        app.act_on_application(&officer, &number, &reply)
            .await
            .unwrap();
        let t = app
            .track_application(&number, &receipt.query_code)
            .await
            .unwrap();
        assert_eq!(t.released.len(), 1, "{}", c.label);
        let code = receipt.query_code.to_lowercase();
        let (f, _) = app.tracked_file(&number, &code, released).await.unwrap();
        assert_eq!(f.filename, "低保资金分配表.pdf");
        // The received material, a wrong code, another case's file: all "not found".
        for (n, code, id) in [
            (number.as_str(), receipt.query_code.as_str(), received),
            (number.as_str(), "WRONGCODE", released),
        ] {
            assert!(
                matches!(
                    app.tracked_file(n, code, id).await,
                    Err(AppError::NotFound(_))
                ),
                "{}",
                c.label
            );
        }
        // Someone else's officer cannot add or read files of this case.
        let other = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        assert!(matches!(
            app.add_case_file(&other, &number, CaseFileKind::Released, &pdf("x.pdf"))
                .await,
            Err(AppError::NotFound(_))
        ));
        // An executable named as a picture is refused like any attachment.
        let exe = AttachmentUpload {
            filename: "照片.jpg".into(),
            bytes: b"MZ\x90\x00".to_vec(),
        };
        assert!(matches!(
            app.add_case_file(&officer, &number, CaseFileKind::Received, &exe)
                .await,
            Err(AppError::Invalid(_))
        ));
        // Archived: the file set is closed.
        let deliver = StepInput {
            delivery_way: "post".into(),
            ..step("deliver")
        };
        app.act_on_application(&officer, &number, &deliver)
            .await
            .unwrap();
        app.act_on_application(&officer, &number, &step("archive"))
            .await
            .unwrap();
        assert!(matches!(
            app.add_case_file(&officer, &number, CaseFileKind::Received, &pdf("y.pdf"))
                .await,
            Err(AppError::Conflict(_))
        ));
        assert!(matches!(
            app.remove_case_file(&officer, &number, released).await,
            Err(AppError::Conflict(_))
        ));
        // Still downloadable by the applicant after archiving.
        assert!(app.tracked_file(&number, &code, released).await.is_ok());
    }
}
