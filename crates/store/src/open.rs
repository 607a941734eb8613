use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor};

use crate::{StoreError, StoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle on the database. Cheap to clone.
///
/// SQLite allows one writer at a time, so writes go through a pool of exactly one
/// connection (and `BEGIN IMMEDIATE`, which also orders us against other processes
/// such as the CLI), while reads use a pool of their own and never wait in WAL mode.
/// On PostgreSQL both are the same pool.
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
    read: AnyPool,
    write: AnyPool,
}

impl Store {
    /// Opens `url`: `postgres://…`, `sqlite:…`, or a plain file path (SQLite).
    /// Creates a SQLite file (and its directory) if missing. Does not migrate.
    pub async fn open(url: &str) -> StoreResult<Store> {
        sqlx::any::install_default_drivers();
        let (backend, url) = normalise_url(url)?;
        let opts =
            AnyConnectOptions::from_str(&url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
        match backend {
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?;
                Ok(Store {
                    backend,
                    read: pool.clone(),
                    write: pool,
                })
            }
            Backend::Sqlite => {
                let pool = |n: u32| {
                    AnyPoolOptions::new()
                        .max_connections(n)
                        .acquire_timeout(Duration::from_secs(30))
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                conn.execute(
                                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
                                     PRAGMA busy_timeout=15000; PRAGMA foreign_keys=ON;",
                                )
                                .await?;
                                Ok(())
                            })
                        })
                };
                let write = pool(1).connect_with(opts.clone()).await?;
                let read = pool(8).connect_with(opts).await?;
                Ok(Store {
                    backend,
                    read,
                    write,
                })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for reading outside any transaction.
    pub async fn conn(&self) -> StoreResult<PoolConnection<Any>> {
        Ok(self.read.acquire().await?)
    }

    pub(crate) fn write_pool(&self) -> &AnyPool {
        &self.write
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }

    /// Liveness check for `/healthz`.
    pub async fn ping(&self) -> StoreResult<()> {
        let mut c = self.conn().await?;
        c.execute("SELECT 1").await?;
        Ok(())
    }
}

fn normalise_url(url: &str) -> StoreResult<(Backend, String)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_owned()));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if path.contains("://") {
        return Err(StoreError::BadUrl(format!(
            "不支持“{url}”：请使用 postgres:// 地址或 SQLite 文件路径"
        )));
    }
    let (file, query) = path.split_once('?').unwrap_or((path, ""));
    if file.is_empty() {
        return Err(StoreError::BadUrl("SQLite 文件路径为空".into()));
    }
    if let Some(dir) = Path::new(file)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::BadUrl(format!("无法创建目录 {}：{e}", dir.display())))?;
    }
    let query = if query.is_empty() { "mode=rwc" } else { query };
    Ok((Backend::Sqlite, format!("sqlite://{file}?{query}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            normalise_url("postgres://u@h/db").unwrap().0,
            Backend::Postgres
        );
        let (b, u) = normalise_url("/tmp/gk-url-test/x.db").unwrap();
        assert_eq!(b, Backend::Sqlite);
        assert_eq!(u, "sqlite:///tmp/gk-url-test/x.db?mode=rwc");
        assert_eq!(
            normalise_url("sqlite:/tmp/gk-url-test/y.db?mode=ro")
                .unwrap()
                .1,
            "sqlite:///tmp/gk-url-test/y.db?mode=ro"
        );
        assert!(normalise_url("mysql://x").is_err());
    }
}
