//! Webhooks (issue 14): a subscriber's server is told of what an organisation and the
//! units under it publish. Deliveries are fanned out from the event log by the node
//! holding the worker lease, signed with the webhook's secret, retried with back-off,
//! and every attempt is kept; an administrator can send any delivery again.

mod fanout;
mod send;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use gongkai_domain::channels::webhook::{
    self as rules, DELIVERY_HEADER, KEEP_DELIVERIES_DAYS, MAX_ATTEMPTS, SIGNATURE_HEADER,
    TOPIC_HEADER, Topic, WebhookUrl,
};
use gongkai_store::orgs::Org;
use gongkai_store::webhooks::{self as store, Attempt, AttemptOutcome, Delivery, Webhook};
use gongkai_store::{events, settings};
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// How often the worker looks for events to fan out and deliveries that are due.
pub const POLL: Duration = Duration::from_secs(2);

/// How often the worker removes finished deliveries past [`KEEP_DELIVERIES_DAYS`].
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Deliveries shown on a webhook's page.
const SHOWN_DELIVERIES: i64 = 100;

/// What an administrator registers.
#[derive(Debug, Clone, Default)]
pub struct RawWebhook {
    /// The organisation (slug) whose changes, with its units', are delivered.
    pub org: String,
    pub url: String,
    /// Topic codes; none means all.
    pub topics: Vec<String>,
    pub note: String,
}

/// A webhook with its organisation and how its deliveries stand.
#[derive(Debug, Clone)]
pub struct WebhookView {
    pub hook: Webhook,
    pub org: Org,
    /// The topics it wants (all when empty).
    pub topics: Vec<Topic>,
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
}

/// A delivery with the log of its attempts.
#[derive(Debug, Clone)]
pub struct DeliveryView {
    pub delivery: Delivery,
    pub attempts: Vec<Attempt>,
}

/// One webhook's page: the webhook and its latest deliveries.
#[derive(Debug, Clone)]
pub struct WebhookDetail {
    pub view: WebhookView,
    pub deliveries: Vec<DeliveryView>,
}

/// What one round of the worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookRun {
    /// Deliveries queued from new events.
    pub queued: usize,
    pub delivered: usize,
    /// Attempts that failed (to be retried, or given up).
    pub failed: usize,
}

/// The result of one attempt, as the administrator who asked for it sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult {
    pub delivered: bool,
    pub status_code: Option<u16>,
    pub error: String,
}

impl App {
    /// Registers a webhook (administrators of the organisation). `own_origins` are the
    /// platform's addresses as the administrator reached it; a webhook pointing there
    /// is refused, and the first one is used for the absolute links in deliveries.
    /// Returns the webhook's number and its signing secret.
    pub async fn register_webhook(
        &self,
        actor: &Actor,
        raw: &RawWebhook,
        own_origins: &[String],
    ) -> AppResult<(i64, String)> {
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(raw.org.trim())
            .cloned()
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        if !actor.may_administer(&tree.ancestry_ids(org.id)) {
            return Err(AppError::Forbidden(
                "推送订阅须由该机构的单位管理员设置".into(),
            ));
        }
        let url = WebhookUrl::parse(&raw.url, own_origins)?;
        let topics = rules::parse_topics(&raw.topics)?;
        let note: String = raw.note.trim().chars().take(200).collect();
        let secret = crate::random_token(24);
        let codes: Vec<&str> = topics.iter().map(|t| t.code()).collect();
        let origin = own_origins.first().cloned().unwrap_or_default();
        let mut tx = self.store.begin(self.now()).await?;
        // The first webhook starts from now: earlier events are not delivered.
        if store::all(&mut tx).await?.is_empty() {
            let last = events::last_seq(&mut tx).await?;
            settings::set(&mut tx, store::CURSOR, &last.to_string()).await?;
        }
        let id = store::insert(
            &mut tx,
            &store::NewWebhook {
                org_id: org.id,
                url: url.as_str(),
                secret: &secret,
                topics: &codes,
                origin: origin.trim_end_matches('/'),
                note: &note,
                created_by: actor.user_id(),
            },
        )
        .await?;
        tx.record(
            self.audit(
                actor,
                "webhook.register",
                "webhook",
                Some(id),
                Some(org.id),
                json!({ "url": url.as_str(), "topics": codes }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok((id, secret))
    }

    /// The webhooks the actor administers, newest first.
    pub async fn webhooks(&self, actor: &Actor) -> AppResult<Vec<WebhookView>> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let mut out = Vec::new();
        for hook in store::all(&mut c).await? {
            if !actor.may_administer(&tree.ancestry_ids(hook.org_id)) {
                continue;
            }
            let Some(org) = tree.get(hook.org_id).cloned() else {
                continue;
            };
            let (pending, delivered, failed) = store::counts(&mut c, hook.id).await?;
            out.push(WebhookView {
                topics: hook.topics.iter().filter_map(|t| t.parse().ok()).collect(),
                hook,
                org,
                pending,
                delivered,
                failed,
            });
        }
        Ok(out)
    }

    /// One webhook with its latest deliveries and their attempts.
    pub async fn webhook(&self, actor: &Actor, id: i64) -> AppResult<WebhookDetail> {
        let view = self
            .webhooks(actor)
            .await?
            .into_iter()
            .find(|w| w.hook.id == id)
            .ok_or_else(|| AppError::NotFound("推送订阅不存在".into()))?;
        let mut c = self.store.conn().await?;
        let deliveries = store::deliveries(&mut c, id, SHOWN_DELIVERIES).await?;
        let oldest = deliveries.last().map_or(i64::MAX, |d| d.id);
        let mut attempts = store::attempts(&mut c, id, oldest).await?;
        let deliveries = deliveries
            .into_iter()
            .map(|delivery| {
                let (mine, rest): (Vec<Attempt>, Vec<Attempt>) = attempts
                    .drain(..)
                    .partition(|a| a.delivery_id == delivery.id);
                attempts = rest;
                DeliveryView {
                    delivery,
                    attempts: mine,
                }
            })
            .collect();
        Ok(WebhookDetail { view, deliveries })
    }

    /// Stops or resumes a webhook. While stopped nothing is queued for it, and what
    /// was queued waits.
    pub async fn set_webhook_active(&self, actor: &Actor, id: i64, active: bool) -> AppResult<()> {
        let view = self.webhook(actor, id).await?.view;
        let mut tx = self.store.begin(self.now()).await?;
        store::set_active(&mut tx, id, active).await?;
        tx.record(
            self.audit(
                actor,
                if active {
                    "webhook.resume"
                } else {
                    "webhook.stop"
                },
                "webhook",
                Some(id),
                Some(view.org.id),
                json!({}),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends a delivery again now, whatever its status (an administrator's redelivery);
    /// the attempt is logged as manual.
    pub async fn redeliver(&self, actor: &Actor, delivery_id: i64) -> AppResult<AttemptResult> {
        let mut c = self.store.conn().await?;
        let delivery = store::delivery_by_id(&mut c, delivery_id)
            .await?
            .ok_or_else(|| AppError::NotFound("推送记录不存在".into()))?;
        drop(c);
        let hook = self.webhook(actor, delivery.webhook_id).await?.view.hook;
        self.attempt(actor, &hook, &delivery, true).await
    }

    /// One round of the worker: new events fanned out to deliveries, then the due
    /// deliveries attempted.
    pub async fn run_webhooks_once(&self) -> AppResult<WebhookRun> {
        let mut run = WebhookRun {
            queued: self.fan_out().await?,
            ..WebhookRun::default()
        };
        let mut c = self.store.conn().await?;
        let due = store::due(&mut c, &gongkai_store::format_instant(self.now()), 50).await?;
        let hooks = store::all(&mut c).await?;
        drop(c);
        // A subscriber that failed once in a round is not tried again in it: its other
        // deliveries wait their turn, in order, instead of each waiting out a timeout.
        let mut down = HashSet::new();
        for d in due {
            let Some(hook) = hooks.iter().find(|h| h.id == d.webhook_id) else {
                continue;
            };
            if down.contains(&hook.id) {
                continue;
            }
            if self
                .attempt(&Actor::cli(), hook, &d, false)
                .await?
                .delivered
            {
                run.delivered += 1;
            } else {
                run.failed += 1;
                down.insert(hook.id);
            }
        }
        Ok(run)
    }

    /// Removes the deliveries finished more than [`KEEP_DELIVERIES_DAYS`] ago with their
    /// attempts; returns how many went.
    pub async fn prune_webhook_deliveries(&self) -> AppResult<u64> {
        let before = self.now() - chrono::Duration::days(KEEP_DELIVERIES_DAYS);
        let mut tx = self.store.begin(self.now()).await?;
        let gone = store::prune(&mut tx, &gongkai_store::format_instant(before)).await?;
        tx.record(
            self.audit(
                &Actor::cli(),
                "webhook.prune",
                "webhook_delivery",
                None,
                None,
                json!({ "deliveries": gone, "before": gongkai_store::format_instant(before) }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(gone)
    }

    /// Runs the worker's rounds for ever on the node holding the worker lease.
    pub async fn run_webhooks(self) {
        let mut pruned: Option<Instant> = None;
        loop {
            if self.is_worker() {
                if let Err(e) = self.run_webhooks_once().await {
                    tracing::warn!(error = %e, "webhook round failed");
                }
                if pruned.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
                    pruned = Some(Instant::now());
                    if let Err(e) = self.prune_webhook_deliveries().await {
                        tracing::warn!(error = %e, "webhook deliveries not pruned");
                    }
                }
            }
            tokio::time::sleep(POLL).await;
        }
    }

    async fn attempt(
        &self,
        actor: &Actor,
        hook: &Webhook,
        d: &Delivery,
        manual: bool,
    ) -> AppResult<AttemptResult> {
        let url = WebhookUrl::parse(&hook.url, &[])?;
        let now = self.now();
        let headers = [
            (
                SIGNATURE_HEADER,
                rules::signature(&hook.secret, now.timestamp(), d.body.as_bytes()),
            ),
            (TOPIC_HEADER, d.topic.clone()),
            (DELIVERY_HEADER, d.id.to_string()),
        ];
        let started = Instant::now();
        let answer = send::post(&url, &headers, d.body.clone().into_bytes()).await;
        let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let (status_code, error) = match answer {
            Ok(code) if (200..300).contains(&code) => (Some(code), String::new()),
            Ok(code) => (Some(code), format!("接收方应答 HTTP {code}")),
            Err(e) => (None, e),
        };
        let delivered = error.is_empty();
        let attempts = d.attempts + 1;
        let next = (!delivered && !manual && attempts < MAX_ATTEMPTS).then(|| {
            gongkai_store::format_instant(
                now + chrono::Duration::seconds(rules::retry_after(attempts)),
            )
        });
        let status = if delivered {
            "delivered"
        } else if manual {
            // A failed redelivery leaves the delivery as it was.
            d.status.as_str()
        } else if next.is_some() {
            "pending"
        } else {
            "failed"
        };
        let next = if manual && !delivered {
            d.next_attempt_at.clone()
        } else {
            next
        };
        let mut tx = self.store.begin(now).await?;
        store::record_attempt(
            &mut tx,
            d.id,
            &AttemptOutcome {
                status_code: status_code.map(i64::from),
                error: &error,
                duration_ms,
                manual,
                status,
                next_attempt_at: next.as_deref(),
            },
        )
        .await?;
        tx.record(
            self.audit(
                actor,
                if manual {
                    "webhook.redeliver"
                } else {
                    "webhook.deliver"
                },
                "webhook_delivery",
                Some(d.id),
                Some(hook.org_id),
                json!({ "webhook": hook.id, "status": status, "status_code": status_code, "error": error }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(AttemptResult {
            delivered,
            status_code,
            error,
        })
    }
}
