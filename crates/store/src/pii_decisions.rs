//! The reviewer's decisions on personal data found in a publication.

use std::collections::HashMap;

use gongkai_domain::pii::review::Decision;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx, trusted};

/// The decisions on one publication ("document:12").
pub async fn of(c: &mut AnyConnection, subject: &str) -> StoreResult<Vec<Decision>> {
    let rows = sqlx::query(
        "SELECT value, kind, keep, reason FROM pii_decisions WHERE subject = $1 ORDER BY value",
    )
    .bind(subject)
    .fetch_all(c)
    .await?;
    rows.iter().map(decision).collect()
}

/// The decisions on each of several publications, by subject (those with none are
/// left out): one query for a batch, where a bulk export would otherwise make one per
/// publication.
pub async fn of_many(
    c: &mut AnyConnection,
    subjects: &[String],
) -> StoreResult<HashMap<String, Vec<Decision>>> {
    let mut out: HashMap<String, Vec<Decision>> = HashMap::new();
    if subjects.is_empty() {
        return Ok(out);
    }
    let q = format!(
        "SELECT subject, value, kind, keep, reason FROM pii_decisions WHERE subject IN ({}) \
         ORDER BY subject, value",
        placeholders(1, subjects.len())
    );
    let mut query = sqlx::query(trusted(q));
    for s in subjects {
        query = query.bind(s);
    }
    for r in query.fetch_all(c).await? {
        out.entry(r.try_get("subject")?)
            .or_default()
            .push(decision(&r)?);
    }
    Ok(out)
}

fn decision(r: &AnyRow) -> StoreResult<Decision> {
    let kind: String = r.try_get("kind")?;
    Ok(Decision {
        value: r.try_get("value")?,
        kind: kind.parse().map_err(StoreError::corrupt)?,
        keep: r.try_get::<i64, _>("keep")? != 0,
        reason: r.try_get("reason")?,
    })
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
