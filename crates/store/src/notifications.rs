//! Notifications in the back office, and the record of digests sent.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub user_id: i64,
    /// What happened, as a code of `gongkai_domain::notification::NotificationKind`.
    pub kind: String,
    pub title: String,
    /// What it is about, as `kind:key` ("application:yunxi-2025-00001").
    pub target: String,
    pub created_at: String,
    pub read_at: Option<String>,
}

fn from_row(r: &AnyRow) -> StoreResult<Notification> {
    Ok(Notification {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        kind: r.try_get("kind")?,
        title: r.try_get("title")?,
        target: r.try_get("target")?,
        created_at: r.try_get("created_at")?,
        read_at: r.try_get("read_at")?,
    })
}

const COLS: &str = "id, user_id, kind, title, target, created_at, read_at";

pub async fn insert(
    tx: &mut Tx,
    user_id: i64,
    kind: &str,
    title: &str,
    target: &str,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, title, target, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(kind)
    .bind(title)
    .bind(target)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A person's notifications, newest first.
pub async fn of_user(
    c: &mut AnyConnection,
    user_id: i64,
    limit: i64,
) -> StoreResult<Vec<Notification>> {
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT {COLS} FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2"
    )))
    .bind(user_id)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn unread(c: &mut AnyConnection, user_id: i64) -> StoreResult<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(c)
    .await?;
    Ok(row.try_get("n")?)
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Notification>> {
    let row = sqlx::query(crate::trusted(format!(
        "SELECT {COLS} FROM notifications WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Marks one notification (or, without `id`, all of the person's) read.
pub async fn mark_read(tx: &mut Tx, user_id: i64, id: Option<i64>) -> StoreResult<u64> {
    let now = tx.now_text();
    let r = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id = $3 AND read_at IS NULL",
            )
            .bind(now)
            .bind(user_id)
            .bind(id)
            .execute(&mut **tx)
            .await?
        }
        None => {
            sqlx::query(
                "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
            )
            .bind(now)
            .bind(user_id)
            .execute(&mut **tx)
            .await?
        }
    };
    Ok(r.rows_affected())
}

/// Claims the day's digest for a person: false when it was claimed already (by this
/// node earlier, or by another).
pub async fn claim_digest(tx: &mut Tx, user_id: i64, day: &str, items: i64) -> StoreResult<bool> {
    let now = tx.now_text();
    let r = sqlx::query(
        "INSERT INTO digests (user_id, day, items, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(day)
    .bind(items)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Gives a claim back when the mail could not be sent, so a later run tries again.
pub async fn release_digest(tx: &mut Tx, user_id: i64, day: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM digests WHERE user_id = $1 AND day = $2")
        .bind(user_id)
        .bind(day)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from)?;
    Ok(())
}
