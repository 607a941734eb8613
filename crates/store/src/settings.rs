//! Deployment settings kept by name (the message reply time, …); each use case parses
//! its own value, so a bad row is reported where it is read.

use sqlx::{AnyConnection, Row};

use crate::{StoreResult, Tx};

pub async fn get(c: &mut AnyConnection, name: &str) -> StoreResult<Option<String>> {
    let row = sqlx::query("SELECT value FROM settings WHERE name = $1")
        .bind(name)
        .fetch_optional(c)
        .await?;
    Ok(row.map(|r| r.try_get("value")).transpose()?)
}

pub async fn set(tx: &mut Tx, name: &str, value: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO settings (name, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(value)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
