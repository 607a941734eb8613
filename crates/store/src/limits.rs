//! Per-address limits counted in the database, so that every node gives the same
//! answer: a sliding window of attempts per (kind, client). Not audited — these are
//! counters, not changes of record. Each check runs in its own transaction, serialised
//! per key on PostgreSQL by a transaction-scoped advisory lock, so two nodes counting
//! the same address at the same moment cannot both let the last attempt through.

use sqlx::{Executor, Row};

use crate::{Backend, Store, StoreResult};

/// What a check does besides answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Answers and, when allowed, counts the attempt.
    Check,
    /// Answers only.
    Peek,
    /// Counts without asking (a failure, after the fact).
    Record,
}

impl Store {
    /// `Ok(None)` when allowed, `Ok(Some(ms to wait))` when `client` has had `max`
    /// attempts of `kind` within `window_ms` before `now_ms`.
    pub async fn rate_limit(
        &self,
        kind: &str,
        client: &str,
        now_ms: i64,
        window_ms: i64,
        max: i64,
        count: Count,
    ) -> StoreResult<Option<i64>> {
        let mut tx = self.write_pool().begin().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(format!("{kind}|{client}"))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM rate_events WHERE kind = $1 AND client = $2 AND at_ms <= $3")
            .bind(kind)
            .bind(client)
            .bind(now_ms - window_ms)
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(at_ms) AS first FROM rate_events WHERE kind = $1 AND client = $2",
        )
        .bind(kind)
        .bind(client)
        .fetch_one(&mut *tx)
        .await?;
        let n: i64 = row.try_get("n")?;
        let first: Option<i64> = row.try_get("first")?;
        let over = count != Count::Record && n >= max;
        if over {
            tx.commit().await?;
            let wait = first.map_or(window_ms, |f| f + window_ms - now_ms);
            return Ok(Some(wait.max(1)));
        }
        if count != Count::Peek {
            sqlx::query("INSERT INTO rate_events (kind, client, at_ms) VALUES ($1, $2, $3)")
                .bind(kind)
                .bind(client)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Drops every window that ended before `before_ms` (housekeeping by the worker).
    pub async fn prune_rate_events(&self, before_ms: i64) -> StoreResult<u64> {
        let mut c = self.write_pool().acquire().await?;
        let done = c
            .execute(sqlx::query("DELETE FROM rate_events WHERE at_ms < $1").bind(before_ms))
            .await?;
        Ok(done.rows_affected())
    }
}
