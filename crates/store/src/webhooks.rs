//! Webhooks, their deliveries and the log of every attempt.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::{StoreResult, Tx, trusted};

/// The settings row holding the last event fanned out to webhooks.
pub const CURSOR: &str = "webhooks.cursor";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub id: i64,
    pub org_id: i64,
    pub url: String,
    pub secret: String,
    /// Topic codes; empty means every topic.
    pub topics: Vec<String>,
    pub origin: String,
    pub note: String,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

pub struct NewWebhook<'a> {
    pub org_id: i64,
    pub url: &'a str,
    pub secret: &'a str,
    pub topics: &'a [&'a str],
    pub origin: &'a str,
    pub note: &'a str,
    pub created_by: Option<i64>,
}

const HOOK_COLS: &str =
    "id, org_id, url, secret, topics, origin, note, active, created_at, updated_at";

fn hook(r: &AnyRow) -> StoreResult<Webhook> {
    let topics: String = r.try_get("topics")?;
    Ok(Webhook {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        url: r.try_get("url")?,
        secret: r.try_get("secret")?,
        topics: topics
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        origin: r.try_get("origin")?,
        note: r.try_get("note")?,
        active: r.try_get::<i64, _>("active")? != 0,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn insert(tx: &mut Tx, w: &NewWebhook<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO webhooks (org_id, url, secret, topics, origin, note, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(w.org_id)
    .bind(w.url)
    .bind(w.secret)
    .bind(w.topics.join(","))
    .bind(w.origin)
    .bind(w.note)
    .bind(w.created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Webhook>> {
    let r = sqlx::query(trusted(format!(
        "SELECT {HOOK_COLS} FROM webhooks WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(hook).transpose()
}

/// Every webhook, newest first (the caller keeps those its reader may see).
pub async fn all(c: &mut AnyConnection) -> StoreResult<Vec<Webhook>> {
    let rows = sqlx::query(trusted(format!(
        "SELECT {HOOK_COLS} FROM webhooks ORDER BY id DESC"
    )))
    .fetch_all(c)
    .await?;
    rows.iter().map(hook).collect()
}

pub async fn set_active(tx: &mut Tx, id: i64, active: bool) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE webhooks SET active = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(active))
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Queues a delivery of event `seq` to `webhook_id`; once per event and webhook,
/// so fanning out the same events again adds nothing.
pub async fn queue(
    tx: &mut Tx,
    webhook_id: i64,
    seq: i64,
    topic: &str,
    body: &str,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO webhook_deliveries (webhook_id, event_seq, topic, body, status, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $5) ON CONFLICT (webhook_id, event_seq) DO NOTHING",
    )
    .bind(webhook_id)
    .bind(seq)
    .bind(topic)
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub webhook_id: i64,
    pub event_seq: i64,
    pub topic: String,
    pub body: String,
    /// pending, delivered or failed.
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub delivered_at: Option<String>,
}

const DELIVERY_COLS: &str = "id, webhook_id, event_seq, topic, body, status, attempts, next_attempt_at, created_at, delivered_at";

fn delivery(r: &AnyRow) -> StoreResult<Delivery> {
    Ok(Delivery {
        id: r.try_get("id")?,
        webhook_id: r.try_get("webhook_id")?,
        event_seq: r.try_get("event_seq")?,
        topic: r.try_get("topic")?,
        body: r.try_get("body")?,
        status: r.try_get("status")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        created_at: r.try_get("created_at")?,
        delivered_at: r.try_get("delivered_at")?,
    })
}

pub async fn delivery_by_id(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Delivery>> {
    let r = sqlx::query(trusted(format!(
        "SELECT {DELIVERY_COLS} FROM webhook_deliveries WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(delivery).transpose()
}

/// A webhook's deliveries, newest first.
pub async fn deliveries(
    c: &mut AnyConnection,
    webhook_id: i64,
    limit: i64,
) -> StoreResult<Vec<Delivery>> {
    let rows = sqlx::query(trusted(format!(
        "SELECT {DELIVERY_COLS} FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2"
    )))
    .bind(webhook_id)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(delivery).collect()
}

/// Pending deliveries whose next attempt is due at `now`, of active webhooks, oldest
/// first (a subscriber gets its events in order as far as retries allow).
pub async fn due(c: &mut AnyConnection, now: &str, limit: i64) -> StoreResult<Vec<Delivery>> {
    let cols = DELIVERY_COLS
        .split(", ")
        .map(|c| format!("d.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = sqlx::query(trusted(format!(
        "SELECT {cols} FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND w.active = 1 \
         ORDER BY d.id LIMIT $2"
    )))
    .bind(now)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(delivery).collect()
}

/// How many deliveries of each status a webhook has: (pending, delivered, failed).
pub async fn counts(c: &mut AnyConnection, webhook_id: i64) -> StoreResult<(i64, i64, i64)> {
    let r = sqlx::query(
        "SELECT \
           COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS p, \
           COALESCE(SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END), 0) AS d, \
           COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS f \
         FROM webhook_deliveries WHERE webhook_id = $1",
    )
    .bind(webhook_id)
    .fetch_one(c)
    .await?;
    Ok((r.try_get("p")?, r.try_get("d")?, r.try_get("f")?))
}

/// One attempt's result, as the delivery log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub id: i64,
    pub delivery_id: i64,
    pub at: String,
    pub status_code: Option<i64>,
    pub error: String,
    pub duration_ms: i64,
    pub manual: bool,
}

/// What an attempt did to its delivery.
pub struct AttemptOutcome<'a> {
    pub status_code: Option<i64>,
    pub error: &'a str,
    pub duration_ms: i64,
    pub manual: bool,
    /// The delivery's status after it: pending, delivered or failed.
    pub status: &'a str,
    pub next_attempt_at: Option<&'a str>,
}

/// Logs an attempt and moves its delivery on.
pub async fn record_attempt(
    tx: &mut Tx,
    delivery_id: i64,
    o: &AttemptOutcome<'_>,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms, manual) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(delivery_id)
    .bind(&now)
    .bind(o.status_code)
    .bind(o.error)
    .bind(o.duration_ms)
    .bind(i64::from(o.manual))
    .execute(&mut **tx)
    .await?;
    let delivered = (o.status == "delivered").then_some(now);
    sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, next_attempt_at = $2, \
         delivered_at = COALESCE($3, delivered_at) WHERE id = $4",
    )
    .bind(o.status)
    .bind(o.next_attempt_at)
    .bind(delivered)
    .bind(delivery_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes the finished deliveries made before `before`, with their attempts; returns
/// how many deliveries went.
pub async fn prune(tx: &mut Tx, before: &str) -> StoreResult<u64> {
    sqlx::query(
        "DELETE FROM webhook_attempts WHERE delivery_id IN \
         (SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1)",
    )
    .bind(before)
    .execute(&mut **tx)
    .await?;
    let done =
        sqlx::query("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1")
            .bind(before)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected())
}

/// The attempts of a webhook's deliveries from `from_delivery` on, oldest first.
pub async fn attempts(
    c: &mut AnyConnection,
    webhook_id: i64,
    from_delivery: i64,
) -> StoreResult<Vec<Attempt>> {
    let rows = sqlx::query(
        "SELECT a.id, a.delivery_id, a.at, a.status_code, a.error, a.duration_ms, a.manual \
         FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id \
         WHERE d.webhook_id = $1 AND d.id >= $2 ORDER BY a.id",
    )
    .bind(webhook_id)
    .bind(from_delivery)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Attempt {
                id: r.try_get("id")?,
                delivery_id: r.try_get("delivery_id")?,
                at: r.try_get("at")?,
                status_code: r.try_get("status_code")?,
                error: r.try_get("error")?,
                duration_ms: r.try_get("duration_ms")?,
                manual: r.try_get::<i64, _>("manual")? != 0,
            })
        })
        .collect()
}
