//! 开放数据 (issue 14): public documents, the standard catalogs, the service guides and
//! the annual reports' figures in bulk, each as JSON Lines and as CSV, gzip, with a
//! manifest of counts and SHA-256 sums. The files are made again when the event log has
//! moved on (by the worker, at most every [`REFRESH_EVERY`], see [`wait_after`]), kept in
//! the blob store so every node serves the same bytes, and read exactly as the portal
//! shows their records (personal data masked unless a reviewer kept it).

mod sink;
mod tables;

use std::time::Duration;

use gongkai_domain::channels::open_data::{Dataset, Format, Table};
use gongkai_store::events;
use gongkai_store::open_data::{self as store, StoredDataset};
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// A file is made again at most this often, however busy the log.
pub const REFRESH_EVERY: Duration = Duration::from_secs(600);

/// The wait after making the files took `took`: at least [`REFRESH_EVERY`], and ten
/// times as long as the making, so that on a large portal (about three minutes at a
/// million documents, BENCHMARKS.md) the files never take more than a tenth of a core.
pub fn wait_after(took: Duration) -> Duration {
    REFRESH_EVERY.max(took.saturating_mul(10))
}

/// A file as the manifest lists it.
#[derive(Debug, Clone)]
pub struct OpenDataset {
    pub dataset: Dataset,
    pub count: i64,
    pub size: i64,
    pub sha256: String,
    pub generated_at: String,
}

impl App {
    /// The files as last made; made now if they never were.
    pub async fn open_datasets(&self) -> AppResult<Vec<OpenDataset>> {
        let mut stored = self.stored_datasets().await?;
        if Dataset::ALL
            .iter()
            .any(|d| !stored.iter().any(|s| s.name == d.file()))
        {
            self.refresh_open_data(true).await?;
            stored = self.stored_datasets().await?;
        }
        Ok(Dataset::ALL
            .into_iter()
            .filter_map(|d| {
                let s = stored.iter().find(|s| s.name == d.file())?;
                Some(OpenDataset {
                    dataset: d,
                    count: s.count,
                    size: s.size,
                    sha256: s.sha256.clone(),
                    generated_at: s.generated_at.clone(),
                })
            })
            .collect())
    }

    async fn stored_datasets(&self) -> AppResult<Vec<StoredDataset>> {
        let mut c = self.store.conn().await?;
        Ok(store::all(&mut c).await?)
    }

    /// A file's bytes, by its name.
    pub async fn open_dataset_bytes(&self, file: &str) -> AppResult<(Dataset, Vec<u8>)> {
        let dataset =
            Dataset::by_file(file).ok_or_else(|| AppError::NotFound("没有这一数据集".into()))?;
        // Made again, once, when never made, or when two nodes making the files at once
        // left the record naming bytes the other one has just removed.
        for again in [false, true] {
            if again {
                self.refresh_open_data(true).await?;
            }
            let Some(stored) = self
                .stored_datasets()
                .await?
                .into_iter()
                .find(|s| s.name == file)
            else {
                continue;
            };
            if let Some(bytes) = self
                .blobs
                .get(&stored.storage_key)
                .await
                .map_err(|e| AppError::Internal(format!("数据集读取失败：{e}")))?
            {
                return Ok((dataset, bytes));
            }
        }
        Err(AppError::Internal("数据集文件缺失".into()))
    }

    /// Makes the files again when the log has moved past them (or always, with
    /// `force`); returns whether it did.
    pub async fn refresh_open_data(&self, force: bool) -> AppResult<bool> {
        let mut c = self.store.conn().await?;
        let seq = events::last_seq(&mut c).await?;
        let stored = store::all(&mut c).await?;
        drop(c);
        let current = Dataset::ALL
            .iter()
            .all(|d| stored.iter().any(|s| s.name == d.file() && s.seq >= seq));
        if current && !force {
            return Ok(false);
        }
        let mut made = Vec::new();
        let mut counts = serde_json::Map::new();
        for table in Table::ALL {
            let written = self.write_table(table).await?;
            counts.insert(table.name().to_owned(), written.count.into());
            for (format, bytes) in [(Format::Jsonl, written.jsonl), (Format::Csv, written.csv)] {
                let sha256 = crate::sha256_hex_bytes(&bytes);
                let key = format!("open{sha256}");
                self.blobs
                    .put(&key, &bytes)
                    .await
                    .map_err(|e| AppError::Internal(format!("数据集无法保存：{e}")))?;
                made.push(StoredDataset {
                    name: Dataset::new(table, format).file(),
                    storage_key: key,
                    count: written.count,
                    size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                    sha256,
                    seq,
                    generated_at: String::new(),
                });
            }
        }
        let mut tx = self.store.begin(self.now()).await?;
        for d in &made {
            store::put(&mut tx, d).await?;
        }
        tx.record(
            self.audit(
                &Actor::cli(),
                "open_data.generate",
                "open_dataset",
                None,
                None,
                json!({ "records": counts, "seq": seq }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        // The files replaced go once nothing names them; a reader that found a key just
        // before it went reads the record again (see `open_dataset_bytes`).
        for old in stored {
            if !made.iter().any(|m| m.storage_key == old.storage_key)
                && let Err(e) = self.blobs.delete(&old.storage_key).await
            {
                tracing::warn!(error = %e, key = old.storage_key, "replaced open data file not deleted");
            }
        }
        Ok(true)
    }

    /// Makes the files again on the node holding the worker lease, for ever.
    pub async fn run_open_data(self) {
        loop {
            let started = std::time::Instant::now();
            if self.is_worker()
                && let Err(e) = self.refresh_open_data(false).await
            {
                tracing::warn!(error = %e, "open data refresh failed");
            }
            tokio::time::sleep(wait_after(started.elapsed())).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_generation_waits_ten_times_as_long() {
        assert_eq!(wait_after(Duration::from_secs(2)), REFRESH_EVERY);
        assert_eq!(wait_after(Duration::from_secs(60)), REFRESH_EVERY);
        assert_eq!(
            wait_after(Duration::from_secs(180)),
            Duration::from_secs(1800)
        );
    }
}
