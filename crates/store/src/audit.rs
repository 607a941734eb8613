//! Reading the audit log (writing happens only through [`crate::Tx::record`]).

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::StoreResult;
use crate::trusted;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRecord {
    pub id: i64,
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub ip: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<i64>,
    pub org_id: Option<i64>,
    pub detail: serde_json::Value,
}

const COLS: &str = "id, at, actor_id, actor, ip, action, entity_type, entity_id, org_id, detail";

fn from_row(r: &AnyRow) -> StoreResult<AuditRecord> {
    let detail: String = r.try_get("detail")?;
    Ok(AuditRecord {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        actor_id: r.try_get("actor_id")?,
        actor: r.try_get("actor")?,
        ip: r.try_get("ip")?,
        action: r.try_get("action")?,
        entity_type: r.try_get("entity_type")?,
        entity_id: r.try_get("entity_id")?,
        org_id: r.try_get("org_id")?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
    })
}

/// The trail of one entity, oldest first.
pub async fn of_entity(
    c: &mut AnyConnection,
    entity_type: &str,
    entity_id: i64,
) -> StoreResult<Vec<AuditRecord>> {
    let q = format!(
        "SELECT {COLS} FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id"
    );
    sqlx::query(trusted(q))
        .bind(entity_type)
        .bind(entity_id)
        .fetch_all(c)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// The most recent entries, newest first, optionally of one action prefix (e.g. `user.login`).
pub async fn recent(
    c: &mut AnyConnection,
    action_prefix: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<AuditRecord>> {
    let q = format!(
        "SELECT {COLS} FROM audit_log WHERE ($1 = '' OR action LIKE $2) ORDER BY id DESC LIMIT {}",
        limit.clamp(1, 1000)
    );
    let p = action_prefix.unwrap_or("");
    sqlx::query(trusted(q))
        .bind(p)
        .bind(format!("{p}%"))
        .fetch_all(c)
        .await?
        .iter()
        .map(from_row)
        .collect()
}
