//! Notifications and 待我处理 through the use cases, on every backend; the daily digest
//! by mail to a real SMTP server (Python's aiosmtpd) started by the test.

use gongkai_app::testing::*;
use gongkai_app::{ActionInput, AppError, Mailer};
use gongkai_domain::notification::{NotificationKind, Target};
use gongkai_domain::role::Role;
use gongkai_domain::workflow::Action;

#[tokio::test]
async fn work_arriving_is_announced_to_whoever_must_act() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2025-03-10")));
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let head = c.actor("head", Role::DisclosureHead, c.county).await;
        let other = c
            .actor("dept-officer", Role::DisclosureOfficer, c.dept)
            .await;
        let r = app
            .submit_application("yunxi", &applicant(), &request("2024年低保资金分配表"), "")
            .await
            .unwrap();
        // Both handlers of the county hear of it; the department's officer does not.
        for who in [&officer, &head] {
            let n = app.notifications(who).await.unwrap();
            assert_eq!(n.len(), 1, "{}", c.label);
            assert_eq!(n[0].kind, NotificationKind::NewApplication);
            assert_eq!(n[0].target, Target::Application(r.tracking_number.clone()));
            assert!(n[0].title.contains(&r.tracking_number));
        }
        assert_eq!(app.unread_notifications(&other).await.unwrap(), 0);
        // …and it waits in their 待我处理 until accepted.
        let tasks = app.my_tasks(&officer).await.unwrap();
        assert!(tasks.iter().any(|t| t.what == "新申请，待受理"
            && t.target == Target::Application(r.tracking_number.clone())));
        // Opening marks it read; someone else's cannot be opened.
        let id = app.notifications(&officer).await.unwrap()[0].id;
        assert!(matches!(
            app.open_notification(&other, id).await,
            Err(AppError::NotFound(_))
        ));
        assert_eq!(
            app.open_notification(&officer, id).await.unwrap(),
            Target::Application(r.tracking_number.clone())
        );
        assert_eq!(app.unread_notifications(&officer).await.unwrap(), 0);
        assert_eq!(app.unread_notifications(&head).await.unwrap(), 1);
        app.read_all_notifications(&head).await.unwrap();
        assert_eq!(app.unread_notifications(&head).await.unwrap(), 0);

        // A document goes through its sign-offs: each holder hears when it is theirs;
        // whoever acted is not told of their own step.
        let s = c.signers(c.county).await;
        let index = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("关于防汛的通知", "", "2025-03-10"),
                &[],
            )
            .await
            .unwrap();
        app.act(&s.drafter, &index, ActionInput::new(Action::Submit))
            .await
            .unwrap();
        let reviewer = app.notifications(&s.reviewer).await.unwrap();
        assert_eq!(reviewer.len(), 1, "{}", c.label);
        assert_eq!(reviewer[0].kind, NotificationKind::DocumentToSign);
        assert!(reviewer[0].title.starts_with("待审核"));
        assert!(app.notifications(&s.drafter).await.unwrap().is_empty());
        let mut back = ActionInput::new(Action::Return);
        back.reason = "请补充依据".into();
        app.act(&s.reviewer, &index, back).await.unwrap();
        let drafter = app.notifications(&s.drafter).await.unwrap();
        assert_eq!(
            drafter[0].kind,
            NotificationKind::DocumentReturned,
            "{}",
            c.label
        );
    }
}

/// The daily digest through a real SMTP server. Needs Python with aiosmtpd (the CI's
/// virtual environment has it, as GONGKAI_PYTHON); elsewhere the test says so and ends.
#[tokio::test]
async fn the_daily_digest_goes_out_once_by_smtp() {
    let python = std::env::var("GONGKAI_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = std::process::Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide aiosmtpd (GONGKAI_PYTHON)"
        );
        eprintln!("skipped: no Python with aiosmtpd (set GONGKAI_PYTHON)");
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // aiosmtpd's Mailbox handler makes the Maildir itself.
    let maildir = std::env::temp_dir().join(format!("gk-mail-{}", gongkai_app::random_token(4)));
    let server = std::process::Command::new(&python)
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(&maildir)
        .spawn()
        .unwrap();
    // Stopped however the test ends.
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _server = Stop(server);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let messages = |dir: &std::path::Path| -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(rd) = std::fs::read_dir(dir.join(sub)) {
                for e in rd.flatten() {
                    out.push(std::fs::read_to_string(e.path()).unwrap_or_default());
                }
            }
        }
        out
    };

    let c = TestCounty::all().await.into_iter().next().unwrap();
    let app = &c.app;
    c.clock.set(at(d("2025-03-10")));
    let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
    let r = app
        .submit_application("yunxi", &applicant(), &request("2024年低保资金分配表"), "")
        .await
        .unwrap();
    app.set_mail(&officer, "officer@yunxi.gov.example", true)
        .await
        .unwrap();
    // An officer without an address gets nothing, and is no error.
    let quiet = c.actor("quiet", Role::DisclosureOfficer, c.county).await;
    app.set_mail(&quiet, "", false).await.unwrap();
    // 20 working days later the reply is overdue.
    c.clock.set(at(d("2025-04-10")));

    // A server that is not there: the failure is reported and the day stays open.
    let dead = Mailer::new(
        "smtp://127.0.0.1:1",
        "政务公开平台 <noreply@yunxi.gov.example>",
    )
    .unwrap();
    let run = app.send_digests(&dead, None).await.unwrap();
    assert_eq!(run.failed.len(), 1);

    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "政务公开平台 <noreply@yunxi.gov.example>",
    )
    .unwrap();
    let run = app
        .send_digests(&mailer, Some("https://gk.yunxi.gov.example"))
        .await
        .unwrap();
    assert_eq!(run.sent, vec!["officer@yunxi.gov.example".to_owned()]);
    let got = messages(&maildir);
    assert_eq!(got.len(), 1);
    // Read back by Python's own mail parser: subject and body decoded.
    let read = std::process::Command::new(&python)
        .args([
            "-c",
            "import email,email.header,sys; m=email.message_from_string(sys.stdin.read()); \
             print(str(email.header.make_header(email.header.decode_header(m['Subject'])))); \
             print(m['To']); print(m.get_payload(decode=True).decode())",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    read.stdin
        .as_ref()
        .unwrap()
        .write_all(got[0].as_bytes())
        .unwrap();
    let text = String::from_utf8(read.wait_with_output().unwrap().stdout).unwrap();
    assert!(
        text.starts_with("【政务公开】2025-04-10：超期1项"),
        "{text}"
    );
    assert!(text.contains("officer@yunxi.gov.example"));
    assert!(
        text.contains("【已超期】") && text.contains(&r.tracking_number),
        "{text}"
    );
    assert!(
        text.contains("https://gk.yunxi.gov.example/admin/"),
        "{text}"
    );
    // Once a day: a second run sends nothing more.
    let again = app.send_digests(&mailer, None).await.unwrap();
    assert!(again.sent.is_empty() && again.failed.is_empty());
    assert_eq!(messages(&maildir).len(), 1);
    let _ = std::fs::remove_dir_all(&maildir);
}
