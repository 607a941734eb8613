//! The daily digest: each officer who gave an address gets, once a day, what of theirs
//! is overdue or due within five working days — replies to applications they handle,
//! documents of their organisations still to publish — and how much waits for them.
//! A day's digest is claimed in the database before it is sent, so two nodes never
//! send it twice; a failed send gives the claim back.

use chrono::NaiveDate;
use gongkai_domain::publication::ClockStatus;
use gongkai_domain::role::Role;
use gongkai_store::notifications as store;
use gongkai_store::users::{self, User};
use serde_json::json;

use crate::applications::HANDLERS;
use crate::mail::Mailer;
use crate::{Actor, App, AppResult, Via};

/// Roles that answer for a document's publication clock.
const DOCUMENT_ROLES: [Role; 5] = [
    Role::Drafter,
    Role::Reviewer,
    Role::SecrecyReviewer,
    Role::Approver,
    Role::DisclosureOfficer,
];

/// One person's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub overdue: Vec<String>,
    pub due_soon: Vec<String>,
    /// Things waiting for the person's role (待我处理).
    pub waiting: usize,
    pub unread: i64,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.due_soon.is_empty() && self.waiting == 0
    }

    fn items(&self) -> i64 {
        (self.overdue.len() + self.due_soon.len()) as i64
    }

    /// The mail's text; `base` is the site's address for the link, if known.
    pub fn text(&self, name: &str, day: NaiveDate, base: Option<&str>) -> String {
        let mut out = format!("{name}：\n\n以下是截至{day}您负责的事项。\n");
        for (heading, list) in [
            ("已超期", &self.overdue),
            ("即将到期（5个工作日内）", &self.due_soon),
        ] {
            if !list.is_empty() {
                out.push_str(&format!("\n【{heading}】\n"));
                for l in list {
                    out.push_str(&format!("· {l}\n"));
                }
            }
        }
        if self.waiting > 0 {
            out.push_str(&format!("\n待您处理的事项共{}件。\n", self.waiting));
        }
        if self.unread > 0 {
            out.push_str(&format!("未读通知{}条。\n", self.unread));
        }
        if let Some(base) = base {
            out.push_str(&format!(
                "\n请登录工作台处理：{}/admin/\n",
                base.trim_end_matches('/')
            ));
        }
        out.push_str(
            "\n（本邮件由政务公开平台自动发送。不再接收可在“我的账号”中关闭每日提醒。）\n",
        );
        out
    }
}

/// What a run of the digest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigestRun {
    pub sent: Vec<String>,
    /// Nothing to report, or already sent today.
    pub skipped: usize,
    pub failed: Vec<(String, String)>,
}

impl App {
    /// The digest of `user` as of today.
    pub async fn digest_of(&self, user: &User) -> AppResult<Digest> {
        let mut c = self.store.conn().await?;
        let grants = users::grants_of(&mut c, user.id).await?;
        let unread = store::unread(&mut c, user.id).await?;
        drop(c);
        let actor = Actor::user(user.clone(), grants, "digest", Via::Cli);
        let tree = self.org_tree().await?;
        let mut digest = Digest {
            overdue: Vec::new(),
            due_soon: Vec::new(),
            waiting: self.my_tasks(&actor).await?.len(),
            unread,
        };
        for (a, clock) in self.staff_applications(&actor, true).await? {
            if !actor.holds_any(&HANDLERS, &tree.ancestry_ids(a.org_id)) {
                continue;
            }
            let Some(due) = clock.due_on else { continue };
            let line = format!(
                "申请 {}（{}）答复期限 {due}",
                a.tracking_number,
                a.request.headline_short(30)
            );
            match clock.status {
                ClockStatus::Overdue => digest.overdue.push(line),
                ClockStatus::DueSoon => digest.due_soon.push(line),
                ClockStatus::OnTime => {}
            }
        }
        for (m, _) in self.messages_in_hand(&actor).await? {
            let clock = self.message_clock_of(&m);
            let line = format!(
                "留言 {}（{}）答复期限 {}",
                m.tracking_number, m.title, clock.due_on
            );
            match clock.status {
                ClockStatus::Overdue => digest.overdue.push(line),
                ClockStatus::DueSoon => digest.due_soon.push(line),
                ClockStatus::OnTime => {}
            }
        }
        let orgs = tree.held(&actor, &DOCUMENT_ROLES);
        for c in self.publication_clocks(&orgs).await? {
            let line = format!(
                "文件《{}》（{}）应于 {} 前发布",
                c.doc.title, c.doc.org_name, c.clock.due_on
            );
            match c.clock.status {
                ClockStatus::Overdue => digest.overdue.push(line),
                ClockStatus::DueSoon => digest.due_soon.push(line),
                ClockStatus::OnTime => {}
            }
        }
        Ok(digest)
    }

    /// Everyone who wants the digest and has an address for it.
    pub async fn digest_recipients(&self) -> AppResult<Vec<User>> {
        let mut c = self.store.conn().await?;
        Ok(users::with_digest(&mut c).await?)
    }

    /// Sends today's digest to everyone who wants it and has something in it; `base`
    /// is the site's public address for the link in the mail.
    pub async fn send_digests(&self, mailer: &Mailer, base: Option<&str>) -> AppResult<DigestRun> {
        let day = self.today();
        let people = self.digest_recipients().await?;
        let mut run = DigestRun::default();
        for user in people {
            let digest = self.digest_of(&user).await?;
            if digest.is_empty() {
                run.skipped += 1;
                continue;
            }
            let day_text = day.to_string();
            let mut tx = self.store.begin(self.now()).await?;
            let claimed = store::claim_digest(&mut tx, user.id, &day_text, digest.items()).await?;
            if !claimed {
                run.skipped += 1;
                continue;
            }
            tx.record(
                self.audit(
                    &Actor::cli(),
                    "digest.send",
                    "user",
                    Some(user.id),
                    None,
                    json!({ "day": day_text, "items": digest.items(), "to": user.email }),
                ),
                None,
            )
            .await?;
            tx.commit().await?;
            let subject = format!(
                "【政务公开】{day}：超期{}项，即将到期{}项",
                digest.overdue.len(),
                digest.due_soon.len()
            );
            let body = digest.text(&user.display_name, day, base);
            match mailer
                .send(&user.email, &user.display_name, &subject, body)
                .await
            {
                Ok(()) => run.sent.push(user.email.clone()),
                Err(e) => {
                    tracing::warn!(user = %user.username, error = %e, "digest not sent");
                    let mut tx = self.store.begin(self.now()).await?;
                    store::release_digest(&mut tx, user.id, &day_text).await?;
                    tx.record(
                        self.audit(
                            &Actor::cli(),
                            "digest.failed",
                            "user",
                            Some(user.id),
                            None,
                            json!({ "day": day_text, "error": e.to_string() }),
                        ),
                        None,
                    )
                    .await?;
                    tx.commit().await?;
                    run.failed.push((user.email.clone(), e.to_string()));
                }
            }
        }
        Ok(run)
    }
}
