//! What several nodes share beyond the data: one worker at a time for background work
//! (the lease), per-address limits that count on every node alike, and whether this
//! node is ready to take requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use gongkai_store::lease::Lease;
pub use gongkai_store::limits::Count;
use serde::Serialize;

use crate::{App, AppResult};

/// How often a node tries to take the lease, and checks the one it holds: a dead
/// holder is replaced within about this long (its lock goes with its connection).
pub const LEASE_POLL: Duration = Duration::from_secs(2);

/// This node's part in the lease.
#[derive(Default)]
pub struct WorkerState {
    held: AtomicBool,
    node: std::sync::Mutex<String>,
}

/// Whether this node should take requests, and why not.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    pub ready: bool,
    pub database: bool,
    pub schema_version: i64,
    pub known_version: i64,
    /// Seconds the search index trails the event log (None without an index).
    pub search_lag_seconds: Option<f64>,
    pub problems: Vec<String>,
}

/// The search index may trail the log by this much and the node still be ready.
pub const READY_LAG: f64 = 30.0;

impl App {
    /// Whether this node holds the worker lease now.
    pub fn is_worker(&self) -> bool {
        self.worker.held.load(Ordering::Acquire)
    }

    /// This node's name, as the lease and `/metrics` give it.
    pub fn node_name(&self) -> String {
        self.worker
            .node
            .lock()
            .map(|n| n.clone())
            .unwrap_or_default()
    }

    /// The node holding the lease, as the database tells.
    pub async fn worker_holder(&self) -> AppResult<Option<String>> {
        Ok(self.store.lease_holder(&self.node_name()).await?)
    }

    /// Takes the worker lease whenever nobody holds it and keeps it while its
    /// connection lives; runs for ever (spawn it once per node).
    pub async fn run_worker_lease(self, node: String) {
        if let Ok(mut n) = self.worker.node.lock() {
            n.clone_from(&node);
        }
        let mut lease: Option<Lease> = None;
        loop {
            match &mut lease {
                Some(l) => {
                    if !l.alive().await {
                        tracing::warn!(node, "worker lease lost");
                        self.worker.held.store(false, Ordering::Release);
                        lease = None;
                    }
                }
                None => match self.store.try_lease(&node).await {
                    Ok(Some(l)) => {
                        tracing::info!(node, "worker lease taken: background work runs here");
                        lease = Some(l);
                        self.worker.held.store(true, Ordering::Release);
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, "worker lease cannot be tried"),
                },
            }
            if self.is_worker() {
                self.prune_limits().await;
            }
            tokio::time::sleep(LEASE_POLL).await;
        }
    }

    /// Counts an attempt of `kind` by `client` against `max` per `window` in the
    /// database (for several nodes); `Some(seconds to wait)` when over.
    pub async fn shared_limit(
        &self,
        kind: &str,
        client: &str,
        max: u32,
        window: Duration,
        count: Count,
    ) -> AppResult<Option<u64>> {
        let now = self.now().timestamp_millis();
        let window_ms = i64::try_from(window.as_millis()).unwrap_or(i64::MAX);
        let wait = self
            .store
            .rate_limit(kind, client, now, window_ms, i64::from(max), count)
            .await?;
        Ok(wait.map(|ms| u64::try_from(ms).unwrap_or(0).div_ceil(1000).max(1)))
    }

    /// Whether several nodes share this deployment's database (PostgreSQL), so limits
    /// must be counted there.
    pub fn shares_database(&self) -> bool {
        self.store.backend() == gongkai_store::Backend::Postgres
    }

    async fn prune_limits(&self) {
        // Windows are at most an hour; anything older counts for nothing.
        let before = self.now().timestamp_millis() - 3_600_000;
        if self.shares_database()
            && let Err(e) = self.store.prune_rate_events(before).await
        {
            tracing::warn!(error = %e, "rate limit housekeeping failed");
        }
    }

    /// The newest migration applied to the database.
    pub async fn schema_version(&self) -> AppResult<i64> {
        Ok(self.store.schema_version().await?)
    }

    /// Ready: the database answers, its schema is the one this program knows, and the
    /// search index is within [`READY_LAG`] seconds of the event log.
    pub async fn readiness(&self) -> Readiness {
        let known = gongkai_store::Store::known_version();
        let mut problems = Vec::new();
        let database = self.store.ping().await.is_ok();
        if !database {
            problems.push("数据库无法连接".to_owned());
        }
        let schema = if database {
            self.schema_version().await.unwrap_or(-1)
        } else {
            -1
        };
        if database && schema != known {
            problems.push(format!("数据库结构版本为{schema}，本程序为{known}"));
        }
        let lag = if self.search.is_some() && database {
            match self.search_status().await {
                Ok(s) => Some(s.lag_seconds),
                Err(e) => {
                    problems.push(format!("搜索索引状态无法读取：{e}"));
                    None
                }
            }
        } else {
            None
        };
        if let Some(l) = lag.filter(|l| *l > READY_LAG) {
            problems.push(format!("搜索索引落后{l:.0}秒"));
        }
        Readiness {
            ready: problems.is_empty(),
            database,
            schema_version: schema,
            known_version: known,
            search_lag_seconds: lag,
            problems,
        }
    }
}

pub(crate) fn new_state() -> Arc<WorkerState> {
    Arc::default()
}
