//! Reading the event log, which derived data (search index, caches) follows by sequence.

use sqlx::{AnyConnection, Row};

use crate::StoreResult;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Event {
    pub seq: i64,
    pub at: String,
    pub kind: String,
    pub entity_type: String,
    pub entity_id: Option<i64>,
    pub org_id: Option<i64>,
    pub payload: serde_json::Value,
}

/// Events with sequence number above `after`, in order, at most `limit`.
pub async fn after(c: &mut AnyConnection, after: i64, limit: i64) -> StoreResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT seq, at, kind, entity_type, entity_id, org_id, payload FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let payload: String = r.try_get("payload")?;
            Ok(Event {
                seq: r.try_get("seq")?,
                at: r.try_get("at")?,
                kind: r.try_get("kind")?,
                entity_type: r.try_get("entity_type")?,
                entity_id: r.try_get("entity_id")?,
                org_id: r.try_get("org_id")?,
                payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect()
}

/// The highest sequence number written so far (0 when empty).
pub async fn last_seq(c: &mut AnyConnection) -> StoreResult<i64> {
    let r = sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM events")
        .fetch_one(c)
        .await?;
    Ok(r.try_get(0)?)
}

/// When the first event after `seq` was written, if any: how far behind a follower is.
pub async fn first_after(c: &mut AnyConnection, seq: i64) -> StoreResult<Option<String>> {
    let r: Option<(String,)> =
        sqlx::query_as("SELECT at FROM events WHERE seq > $1 ORDER BY seq LIMIT 1")
            .bind(seq)
            .fetch_optional(c)
            .await?;
    Ok(r.map(|r| r.0))
}
