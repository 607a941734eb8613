//! Fresh databases for tests: a SQLite file in the temporary folder always, and a
//! PostgreSQL schema of its own whenever `GONGKAI_TEST_DATABASE_URL` is set.

use sqlx::Executor;

use crate::{Store, StoreResult};

/// Environment variable naming the PostgreSQL database tests may create schemas in.
pub const TEST_DATABASE_ENV: &str = "GONGKAI_TEST_DATABASE_URL";

fn random_suffix() -> String {
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).expect("system randomness");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A migrated, empty store for one test, named `label` in assertion messages.
pub struct TestDb {
    pub label: &'static str,
    pub store: Store,
    pub url: String,
}

/// One fresh store per configured backend.
pub async fn fresh_stores() -> StoreResult<Vec<TestDb>> {
    let mut out = vec![fresh_sqlite().await?];
    if let Some(pg) = fresh_postgres().await? {
        out.push(pg);
    }
    Ok(out)
}

pub async fn fresh_sqlite() -> StoreResult<TestDb> {
    let dir = std::env::temp_dir().join(format!("gongkai-test-{}", random_suffix()));
    let url = dir.join("gongkai.db").display().to_string();
    let store = Store::open(&url).await?;
    store.migrate().await?;
    Ok(TestDb {
        label: "sqlite",
        store,
        url,
    })
}

/// A fresh schema in the configured PostgreSQL database, or None when none is configured.
pub async fn fresh_postgres() -> StoreResult<Option<TestDb>> {
    let Ok(base) = std::env::var(TEST_DATABASE_ENV) else {
        return Ok(None);
    };
    let schema = format!("t_{}", random_suffix());
    let admin = Store::open(&base).await?;
    let mut c = admin.conn().await?;
    c.execute(crate::trusted(format!("CREATE SCHEMA {schema}")))
        .await?;
    drop(c);
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let store = Store::open(&url).await?;
    store.migrate().await?;
    Ok(Some(TestDb {
        label: "postgres",
        store,
        url,
    }))
}

/// Overwrites a gazette log leaf behind the application's back, as an intruder with
/// database access would: what the log audit must catch.
pub async fn tamper_gazette_leaf(store: &Store, leaf_index: i64, leaf: &str) -> StoreResult<()> {
    let mut c = store.conn().await?;
    sqlx::query("UPDATE gazette_log SET leaf = $1 WHERE leaf_index = $2")
        .bind(leaf)
        .bind(leaf_index)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Changes an issue's recorded PDF hash, as an intruder with database access would.
pub async fn tamper_gazette_issue(
    store: &Store,
    leaf_index: i64,
    pdf_sha256: &str,
) -> StoreResult<()> {
    let mut c = store.conn().await?;
    sqlx::query("UPDATE gazette_issues SET pdf_sha256 = $1 WHERE leaf_index = $2")
        .bind(pdf_sha256)
        .bind(leaf_index)
        .execute(&mut *c)
        .await?;
    Ok(())
}
