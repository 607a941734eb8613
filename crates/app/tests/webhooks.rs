//! Webhooks through the use cases, on every backend, delivering to a real HTTP server
//! written apart from the platform (e2e/webhook_receiver.py, Python's http.server and
//! hmac): signatures checked by that separate implementation, retries against a
//! receiver that fails, back-off by the clock, giving up, redelivery, and who may do
//! what.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use chrono::Duration;
use gongkai_app::testing::*;
use gongkai_app::{ActionInput, AppError, RawWebhook, WebhookRun};
use gongkai_domain::role::Role;
use gongkai_domain::workflow::Action;
use serde_json::Value;

/// The receiver, stopped however the test ends.
struct Receiver {
    child: Child,
    port: u16,
    log: PathBuf,
    secret: PathBuf,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Receiver {
    /// Starts a receiver answering 500 to its first `fail` requests.
    fn start(fail: u32) -> Receiver {
        let python = std::env::var("GONGKAI_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e/webhook_receiver.py");
        let dir = std::env::temp_dir().join(format!("gk-hook-{}", gongkai_app::random_token(4)));
        std::fs::create_dir_all(&dir).unwrap();
        let (log, secret) = (dir.join("log.jsonl"), dir.join("secret"));
        let mut child = Command::new(python)
            .arg(script)
            .arg(&secret)
            .arg(&log)
            .arg(fail.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the receiver");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the receiver prints its port");
        Receiver {
            child,
            port,
            log,
            secret,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook?from=gongkai", self.port)
    }

    fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

const OWN: &str = "https://gk.yunxi.gov.example";

fn hook(org: &str, url: &str, topics: &[&str]) -> RawWebhook {
    RawWebhook {
        org: org.into(),
        url: url.into(),
        topics: topics.iter().map(|t| (*t).to_owned()).collect(),
        note: "新媒体发布系统".into(),
    }
}

#[tokio::test]
async fn deliveries_are_signed_retried_given_up_and_sent_again() {
    for c in TestCounty::all().await {
        let app = &c.app;
        c.clock.set(at(d("2026-03-02")));
        let admin = c.actor("county-admin", Role::OrgAdmin, c.county).await;
        let dept_admin = c.actor("dept-admin", Role::OrgAdmin, c.dept).await;
        let drafter = c.actor("someone", Role::Drafter, c.county).await;
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;
        let own = vec![OWN.to_owned()];

        // Bad addresses, a loop back to the platform, strangers and unknown units.
        let refused = |r: Result<(i64, String), AppError>| match r {
            Err(AppError::Invalid(v)) => v[0].field,
            other => panic!("{:?}", other.map(|x| x.0)),
        };
        assert_eq!(
            refused(
                app.register_webhook(&admin, &hook("yunxi", "ftp://x.example/h", &[]), &own)
                    .await
            ),
            "url"
        );
        assert_eq!(
            refused(
                app.register_webhook(
                    &admin,
                    &hook("yunxi", "https://gk.yunxi.gov.example/api/in", &[]),
                    &own
                )
                .await
            ),
            "url"
        );
        assert_eq!(
            refused(
                app.register_webhook(
                    &admin,
                    &hook("yunxi", "http://x.example/h", &["document.deleted"]),
                    &own
                )
                .await
            ),
            "topics"
        );
        assert!(matches!(
            app.register_webhook(&drafter, &hook("yunxi", "http://x.example/h", &[]), &own)
                .await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.register_webhook(&dept_admin, &hook("yunxi", "http://x.example/h", &[]), &own)
                .await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.register_webhook(&admin, &hook("nowhere", "http://x.example/h", &[]), &own)
                .await,
            Err(AppError::NotFound(_))
        ));
        assert!(
            app.webhooks(&admin).await.unwrap().is_empty(),
            "{}",
            c.label
        );

        // Published before the webhook exists: never delivered.
        let s = c.signers(c.county).await;
        let before = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("登记前公开的通知", "", "2026-03-02"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &before, 4).await;

        let rx = Receiver::start(2);
        let (hook_id, secret) = app
            .register_webhook(&admin, &hook(" yunxi ", &rx.url(), &[]), &own)
            .await
            .unwrap();
        std::fs::write(&rx.secret, &secret).unwrap();
        // One for the department, wanting only gazettes: hears nothing here.
        let quiet = Receiver::start(0);
        let (quiet_id, quiet_secret) = app
            .register_webhook(
                &dept_admin,
                &hook("czj", &quiet.url(), &["gazette.published"]),
                &own,
            )
            .await
            .unwrap();
        std::fs::write(&quiet.secret, &quiet_secret).unwrap();
        // One nobody answers at: given up in the end.
        let (dead_id, _) = app
            .register_webhook(
                &admin,
                &hook("yunxi", "http://127.0.0.1:9/gone", &["document.published"]),
                &own,
            )
            .await
            .unwrap();

        // A county document published; one not public; a draft.
        c.clock.set(at(d("2026-03-03")));
        let raw = raw_doc(
            "云溪县城乡居民最低生活保障审核确认办法",
            "云政发〔2026〕3号",
            "2026-03-03",
        );
        let county_doc = app
            .create_document(&s.drafter, c.county, &raw, &[])
            .await
            .unwrap();
        s.advance(app, &county_doc, 4).await;
        let secret_raw = private_doc("关于低保对象的内部名单", "2026-03-03");
        let hidden = app
            .create_document(&s.drafter, c.county, &secret_raw, &[])
            .await
            .unwrap();
        s.advance(app, &hidden, 4).await;
        app.create_document(
            &s.drafter,
            c.county,
            &raw_doc("尚未提交的草稿", "", "2026-03-03"),
            &[],
        )
        .await
        .unwrap();

        // One publication announced once (not once per sign-off) to each hook that
        // wants it; the receiver's 500 makes the county hook wait 30 s, then 60 s.
        let r = app.run_webhooks_once().await.unwrap();
        assert_eq!(
            r,
            WebhookRun {
                queued: 2,
                delivered: 0,
                failed: 2
            },
            "{}",
            c.label
        );
        c.clock.advance(Duration::seconds(29));
        assert_eq!(
            app.run_webhooks_once().await.unwrap(),
            WebhookRun::default()
        );
        c.clock.advance(Duration::seconds(2));
        assert_eq!(
            app.run_webhooks_once().await.unwrap(),
            WebhookRun {
                queued: 0,
                delivered: 0,
                failed: 2
            }
        );
        c.clock.advance(Duration::seconds(59));
        assert_eq!(
            app.run_webhooks_once().await.unwrap(),
            WebhookRun::default()
        );
        c.clock.advance(Duration::seconds(2));
        assert_eq!(
            app.run_webhooks_once().await.unwrap(),
            WebhookRun {
                queued: 0,
                delivered: 1,
                failed: 1
            }
        );

        // A department's document reaches the county's hook (its unit is under it).
        let ds = c.signers(c.dept).await;
        let dept_doc = app
            .create_document(
                &ds.drafter,
                c.dept,
                &raw_doc("县财政局2026年部门预算", "", "2026-03-03"),
                &[],
            )
            .await
            .unwrap();
        ds.advance(app, &dept_doc, 4).await;
        assert_eq!(
            app.run_webhooks_once().await.unwrap(),
            WebhookRun {
                queued: 2,
                delivered: 1,
                failed: 1
            }
        );

        let got = rx.received();
        assert_eq!(got.len(), 4, "{got:?}");
        for g in &got {
            assert_eq!(g["signature_ok"], true, "checked by Python's hmac: {g}");
            assert_eq!(g["tampered_ok"], false);
            assert_eq!(g["path"], "/hook?from=gongkai");
            assert_eq!(g["topic"], "document.published");
            assert!(
                g["content_type"]
                    .as_str()
                    .unwrap()
                    .starts_with("application/json")
            );
        }
        assert_eq!(
            got.iter()
                .map(|g| g["answered"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            [500, 500, 200, 200]
        );
        // The same delivery, the same bytes, on every attempt.
        assert_eq!(got[0]["delivery"], got[2]["delivery"]);
        assert_eq!(got[0]["body"], got[2]["body"]);
        let first = &got[2]["body"];
        assert_eq!(first["topic"], "document.published");
        assert_eq!(first["org"]["slug"], "yunxi");
        assert_eq!(first["data"]["index_number"], county_doc.as_str());
        assert_eq!(
            first["data"]["title"],
            "云溪县城乡居民最低生活保障审核确认办法"
        );
        assert_eq!(first["data"]["doc_number"], "云政发〔2026〕3号");
        assert_eq!(first["data"]["published_on"], "2026-03-03");
        assert_eq!(
            first["data"]["url"],
            format!("{OWN}/yunxi/xxgk/doc/{county_doc}")
        );
        let second = &got[3]["body"];
        assert_eq!(second["org"]["slug"], "czj");
        assert_eq!(second["data"]["index_number"], dept_doc.as_str());
        let all = serde_json::to_string(&got).unwrap();
        assert!(!all.contains("内部名单") && !all.contains("草稿") && !all.contains(&before));
        assert!(quiet.received().is_empty());
        assert_eq!(
            app.webhook(&dept_admin, quiet_id)
                .await
                .unwrap()
                .deliveries
                .len(),
            0
        );

        // The delivery log: three attempts of the first delivery, in order.
        let detail = app.webhook(&admin, hook_id).await.unwrap();
        assert_eq!(
            (
                detail.view.delivered,
                detail.view.pending,
                detail.view.failed
            ),
            (2, 0, 0)
        );
        let d1 = detail.deliveries.last().unwrap();
        assert_eq!(d1.delivery.status, "delivered");
        assert_eq!(
            d1.attempts
                .iter()
                .map(|a| a.status_code)
                .collect::<Vec<_>>(),
            [Some(500), Some(500), Some(200)]
        );
        assert!(d1.attempts[0].error.contains("500"));

        // Withdrawn: told as gone.
        app.act(
            &officer,
            &county_doc,
            ActionInput::new(Action::Withdraw).with_reason("内容有误"),
        )
        .await
        .unwrap();
        let r = app.run_webhooks_once().await.unwrap();
        assert_eq!(r.queued, 1, "{}", c.label);
        let gone = rx.received().pop().unwrap();
        assert_eq!(gone["topic"], "document.withdrawn");
        assert_eq!(gone["body"]["data"]["index_number"], county_doc.as_str());
        assert_eq!(gone["signature_ok"], true);

        // Sent again by hand: the same delivery, logged as manual.
        let again = app.redeliver(&admin, d1.delivery.id).await.unwrap();
        assert!(again.delivered, "{again:?}");
        let last = rx.received().pop().unwrap();
        assert_eq!(last["delivery"], d1.delivery.id.to_string());
        assert_eq!(last["body"], got[2]["body"]);
        assert_eq!(last["signature_ok"], true);
        let d1 = app
            .webhook(&admin, hook_id)
            .await
            .unwrap()
            .deliveries
            .into_iter()
            .find(|d| d.delivery.id == d1.delivery.id)
            .unwrap();
        assert!(d1.attempts.last().unwrap().manual);
        // Not someone else's to send or see.
        assert!(matches!(
            app.redeliver(&dept_admin, d1.delivery.id).await,
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(
            app.webhook(&dept_admin, hook_id).await,
            Err(AppError::NotFound(_))
        ));
        assert_eq!(app.webhooks(&dept_admin).await.unwrap().len(), 1);
        assert_eq!(app.webhooks(&admin).await.unwrap().len(), 3);

        // The dead address: retried with growing gaps, then given up.
        for _ in 0..26 {
            c.clock.advance(Duration::hours(5));
            app.run_webhooks_once().await.unwrap();
        }
        let dead = app.webhook(&admin, dead_id).await.unwrap();
        assert_eq!((dead.view.failed, dead.view.pending), (2, 0), "{}", c.label);
        for log in &dead.deliveries {
            assert_eq!(log.delivery.status, "failed");
            assert_eq!(
                log.attempts.len() as i64,
                gongkai_domain::channels::webhook::MAX_ATTEMPTS
            );
            assert!(
                log.attempts
                    .iter()
                    .all(|a| a.status_code.is_none() && a.error.contains("无法连接"))
            );
            // The gaps grew: each wait at least the one before.
            let at: Vec<_> = log
                .attempts
                .iter()
                .map(|a| gongkai_app::model::parse_instant(&a.at).unwrap())
                .collect();
            assert!(at.windows(2).all(|w| w[1] > w[0]));
        }

        // Stopped: nothing queued for it while stopped, even after it resumes.
        app.set_webhook_active(&admin, hook_id, false)
            .await
            .unwrap();
        let later = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("停用期间公开的通知", "", "2026-03-04"),
                &[],
            )
            .await
            .unwrap();
        s.advance(app, &later, 4).await;
        let before_count = rx.received().len();
        app.run_webhooks_once().await.unwrap();
        app.set_webhook_active(&admin, hook_id, true).await.unwrap();
        app.run_webhooks_once().await.unwrap();
        assert_eq!(rx.received().len(), before_count, "{}", c.label);
        assert!(matches!(
            app.set_webhook_active(&drafter, hook_id, false).await,
            Err(AppError::NotFound(_))
        ));
        let audit = recent_audit(app, Some("webhook."), 200).await;
        assert!(audit.iter().any(|a| a.action == "webhook.redeliver"));
        assert!(audit.iter().any(|a| a.action == "webhook.register"));

        // The log is kept 90 days: a finished delivery goes after that, with its
        // attempts; one still being retried stays.
        let keep = gongkai_domain::channels::webhook::KEEP_DELIVERIES_DAYS;
        assert_eq!(app.prune_webhook_deliveries().await.unwrap(), 0);
        let fresh = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("九十天后仍在重试的通知", "", "2026-03-04"),
                &[],
            )
            .await
            .unwrap();
        c.clock.advance(Duration::days(keep) - Duration::hours(1));
        s.advance(app, &fresh, 4).await;
        app.run_webhooks_once().await.unwrap();
        c.clock.advance(Duration::hours(2));
        let gone = app.prune_webhook_deliveries().await.unwrap();
        assert!(gone >= 4, "{}: {gone}", c.label);
        let dead = app.webhook(&admin, dead_id).await.unwrap();
        // Gone: the two given up. Kept: the one queued while the other hook was
        // stopped (old, but still being retried) and the new one.
        assert_eq!((dead.view.failed, dead.view.pending), (0, 2), "{}", c.label);
        assert_eq!(dead.deliveries.len(), 2);
        let live = app.webhook(&admin, hook_id).await.unwrap();
        assert!(
            live.deliveries
                .iter()
                .all(|d| d.delivery.status == "delivered" && d.attempts.len() == 1),
            "only the delivery made in the last 90 days is left"
        );
    }
}
