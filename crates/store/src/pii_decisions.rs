//! The reviewer's decisions on personal data found in a publication.

use gongkai_domain::pii::review::Decision;
use sqlx::{AnyConnection, Row};

use crate::{StoreError, StoreResult, Tx};

/// The decisions on one publication ("document:12").
pub async fn of(c: &mut AnyConnection, subject: &str) -> StoreResult<Vec<Decision>> {
    let rows = sqlx::query(
        "SELECT value, kind, keep, reason FROM pii_decisions WHERE subject = $1 ORDER BY value",
    )
    .bind(subject)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(Decision {
                value: r.try_get("value")?,
                kind: kind.parse().map_err(StoreError::corrupt)?,
                keep: r.try_get::<i64, _>("keep")? != 0,
                reason: r.try_get("reason")?,
            })
        })
        .collect()
}

/// Records a decision, replacing an earlier one on the same piece.
pub async fn put(tx: &mut Tx, subject: &str, d: &Decision, by: i64) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("DELETE FROM pii_decisions WHERE subject = $1 AND value = $2")
        .bind(subject)
        .bind(&d.value)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO pii_decisions (subject, value, kind, keep, reason, decided_by, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(subject)
    .bind(&d.value)
    .bind(d.kind.as_str())
    .bind(i64::from(d.keep))
    .bind(&d.reason)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
