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
        private_dir(dir)
            .map_err(|e| StoreError::BadUrl(format!("无法创建目录 {}：{e}", dir.display())))?;
    }
    if !query.contains("mode=ro") && file != ":memory:" {
        private_file(Path::new(file))
            .map_err(|e| StoreError::BadUrl(format!("无法创建数据库文件 {file}：{e}")))?;
    }
    let query = if query.is_empty() { "mode=rwc" } else { query };
    Ok((Backend::Sqlite, format!("sqlite://{file}?{query}")))
}

/// Creates a directory (and its parents) readable by the owner only, if missing.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// The database file holds applicants' personal data: it is created, or kept, readable
/// and writable by the owner only (SQLite gives its -wal and -shm files the same mode).
fn private_file(file: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(file)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
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

    #[cfg(unix)]
    #[test]
    fn the_database_file_is_the_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("gk-perm-{}", std::process::id()));
        let file = dir.join("sub").join("gongkai.db");
        normalise_url(file.to_str().unwrap()).unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        let dmode = std::fs::metadata(file.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dmode & 0o077, 0, "{dmode:o}");
        // An existing file opened to the world is closed again.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        normalise_url(file.to_str().unwrap()).unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
