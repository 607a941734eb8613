//! The worker lease: background work (reminders, digests, audits, deliveries) runs on
//! one node at a time. On PostgreSQL the lease is a session-level advisory lock held on
//! a connection of its own, outside the pool: when the node dies its connection closes
//! and PostgreSQL releases the lock at once, so another node takes over on its next
//! try. The connection carries the node's name as its `application_name`, which is how
//! any node can tell who holds the lease. SQLite deployments are one node, which
//! always holds it.

use sqlx::{AnyConnection, Connection, Executor, Row};

use crate::{Backend, Store, StoreResult};

/// The advisory lock's key (distinct from the migration lock, 7101, and the event-order
/// lock every write takes, 7102).
const LEASE_KEY: i64 = 7103;

/// A held lease; dropping it releases the lock (its connection closes).
pub struct Lease {
    conn: Option<AnyConnection>,
}

impl Store {
    /// Takes the lease for `node` if nobody holds it.
    pub async fn try_lease(&self, node: &str) -> StoreResult<Option<Lease>> {
        if self.backend() == Backend::Sqlite {
            return Ok(Some(Lease { conn: None }));
        }
        let mut conn = self.write_pool().acquire().await?.detach();
        sqlx::query("SELECT set_config('application_name', $1, false)")
            .bind(node)
            .execute(&mut conn)
            .await?;
        let got: bool = sqlx::query("SELECT pg_try_advisory_lock($1) AS got")
            .bind(LEASE_KEY)
            .fetch_one(&mut conn)
            .await?
            .try_get("got")?;
        if got {
            Ok(Some(Lease { conn: Some(conn) }))
        } else {
            let _ = conn.close().await;
            Ok(None)
        }
    }

    /// The name of the node holding the lease (this one, on SQLite), if any.
    pub async fn lease_holder(&self, this_node: &str) -> StoreResult<Option<String>> {
        if self.backend() == Backend::Sqlite {
            return Ok(Some(this_node.to_owned()));
        }
        let mut c = self.conn().await?;
        let row = sqlx::query(
            "SELECT a.application_name AS node FROM pg_locks l \
             JOIN pg_stat_activity a ON a.pid = l.pid \
             WHERE l.locktype = 'advisory' AND l.granted \
             AND ((l.classid::bigint << 32) | l.objid::bigint) = $1 LIMIT 1",
        )
        .bind(LEASE_KEY)
        .fetch_optional(&mut *c)
        .await?;
        Ok(row.map(|r| r.try_get("node")).transpose()?)
    }
}

impl Lease {
    /// Whether the lease still holds: its connection answers.
    pub async fn alive(&mut self) -> bool {
        match &mut self.conn {
            None => true,
            Some(c) => c.execute("SELECT 1").await.is_ok(),
        }
    }
}
