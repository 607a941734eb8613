use std::ops::{Deref, DerefMut};

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{Any, AnyConnection, Executor, Transaction};

use crate::time::format_instant;
use crate::{Backend, Store, StoreError, StoreResult};

/// Who did what to which entity, for the audit log.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor_id: Option<i64>,
    /// A readable name of the actor: username, `cli:root`, `system`.
    pub actor: String,
    pub ip: String,
    /// Dotted action name, e.g. `document.approve`, `user.login_failed`.
    pub action: String,
    pub entity_type: &'static str,
    pub entity_id: Option<i64>,
    pub org_id: Option<i64>,
    pub detail: Value,
}

/// A change other parts of the system follow (search index, caches, feeds).
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: &'static str,
    pub entity_type: &'static str,
    pub entity_id: Option<i64>,
    pub org_id: Option<i64>,
    pub payload: Value,
}

/// A write transaction. Dereferences to the connection for queries. `commit` refuses
/// a transaction that recorded no audit entry: every change is on the record.
pub struct Tx {
    inner: Transaction<'static, Any>,
    backend: Backend,
    now: DateTime<Utc>,
    audited: bool,
}

impl Store {
    /// Starts a write transaction at instant `now` (the use case's clock), which every
    /// timestamp written in it uses.
    pub async fn begin(&self, now: DateTime<Utc>) -> StoreResult<Tx> {
        let inner = match self.backend() {
            Backend::Sqlite => self.write_pool().begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.write_pool().begin().await?,
        };
        Ok(Tx {
            inner,
            backend: self.backend(),
            now,
            audited: false,
        })
    }
}

impl Tx {
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn now_text(&self) -> String {
        format_instant(self.now)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Writes the audit entry and, when given, the event, in this transaction.
    pub async fn record(&mut self, audit: AuditEntry, event: Option<NewEvent>) -> StoreResult<()> {
        let at = self.now_text();
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor, ip, action, entity_type, entity_id, org_id, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&at)
        .bind(audit.actor_id)
        .bind(&audit.actor)
        .bind(&audit.ip)
        .bind(&audit.action)
        .bind(audit.entity_type)
        .bind(audit.entity_id)
        .bind(audit.org_id)
        .bind(audit.detail.to_string())
        .execute(&mut *self.inner)
        .await?;
        if let Some(ev) = event {
            if self.backend == Backend::Postgres {
                // Sequence numbers are handed out at insert but become visible at commit;
                // holding this lock to commit makes commit order equal sequence order, so
                // a follower reading "events after N" can never skip one.
                self.inner
                    .execute("SELECT pg_advisory_xact_lock(7102)")
                    .await?;
            }
            sqlx::query(
                "INSERT INTO events (at, kind, entity_type, entity_id, org_id, payload) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&at)
            .bind(ev.kind)
            .bind(ev.entity_type)
            .bind(ev.entity_id)
            .bind(ev.org_id)
            .bind(ev.payload.to_string())
            .execute(&mut *self.inner)
            .await?;
        }
        self.audited = true;
        Ok(())
    }

    pub async fn commit(self) -> StoreResult<()> {
        if !self.audited {
            // Dropping `inner` rolls back.
            return Err(StoreError::Unaudited);
        }
        Ok(self.inner.commit().await?)
    }

    pub async fn rollback(self) -> StoreResult<()> {
        Ok(self.inner.rollback().await?)
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}
