//! The bulk files of 开放数据 as last generated.

use sqlx::{AnyConnection, Row};

use crate::{StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDataset {
    pub name: String,
    pub storage_key: String,
    pub count: i64,
    pub size: i64,
    pub sha256: String,
    pub seq: i64,
    pub generated_at: String,
}

pub async fn all(c: &mut AnyConnection) -> StoreResult<Vec<StoredDataset>> {
    let rows = sqlx::query(
        "SELECT name, storage_key, row_count, size_bytes, sha256, seq, generated_at FROM open_datasets ORDER BY name",
    )
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StoredDataset {
                name: r.try_get("name")?,
                storage_key: r.try_get("storage_key")?,
                count: r.try_get("row_count")?,
                size: r.try_get("size_bytes")?,
                sha256: r.try_get("sha256")?,
                seq: r.try_get("seq")?,
                generated_at: r.try_get("generated_at")?,
            })
        })
        .collect()
}

/// Records a file as generated now, replacing the one before.
pub async fn put(tx: &mut Tx, d: &StoredDataset) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO open_datasets (name, storage_key, row_count, size_bytes, sha256, seq, generated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO UPDATE SET \
         storage_key = excluded.storage_key, row_count = excluded.row_count, size_bytes = excluded.size_bytes, \
         sha256 = excluded.sha256, seq = excluded.seq, generated_at = excluded.generated_at",
    )
    .bind(&d.name)
    .bind(&d.storage_key)
    .bind(d.count)
    .bind(d.size)
    .bind(&d.sha256)
    .bind(d.seq)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
