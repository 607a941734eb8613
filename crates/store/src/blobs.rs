//! Attachment bytes in the database (several nodes on PostgreSQL): content-addressed,
//! each content stored once whatever the number of keys naming it. The `Any` driver
//! reads a value whole, so a file is loaded whole; attachments are bounded by the
//! upload limit (50 MiB by default).

use sqlx::{Executor, Row};

use crate::time::format_instant;
use crate::{Store, StoreError, StoreResult};

impl Store {
    /// Stores `bytes` (whose SHA-256 is `sha256`) under `key`; the content is written
    /// once. A key already naming other content is refused.
    pub async fn put_blob(&self, key: &str, sha256: &str, bytes: &[u8]) -> StoreResult<()> {
        let now = format_instant(chrono::Utc::now());
        let mut tx = self.write_pool().begin().await?;
        sqlx::query(
            "INSERT INTO blob_contents (sha256, size_bytes, bytes, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(sha256)
        .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
        .bind(bytes.to_vec())
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let existing: Option<String> =
            sqlx::query("SELECT sha256 FROM blob_keys WHERE storage_key = $1")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get("sha256"))
                .transpose()?;
        match existing {
            Some(s) if s == sha256 => {}
            Some(_) => {
                return Err(StoreError::Conflict {
                    what: format!("文件键 {key} 已对应其他内容"),
                });
            }
            None => {
                sqlx::query(
                    "INSERT INTO blob_keys (storage_key, sha256, created_at) VALUES ($1, $2, $3)",
                )
                .bind(key)
                .bind(sha256)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The bytes stored under `key`, with their SHA-256 as recorded.
    pub async fn get_blob(&self, key: &str) -> StoreResult<Option<(String, Vec<u8>)>> {
        let mut c = self.conn().await?;
        let row = sqlx::query(
            "SELECT c.sha256, c.bytes FROM blob_keys k JOIN blob_contents c ON c.sha256 = k.sha256 \
             WHERE k.storage_key = $1",
        )
        .bind(key)
        .fetch_optional(&mut *c)
        .await?;
        Ok(row
            .map(|r| Ok::<_, sqlx::Error>((r.try_get("sha256")?, r.try_get("bytes")?)))
            .transpose()?)
    }

    /// Whether `key` is stored.
    pub async fn has_blob(&self, key: &str) -> StoreResult<bool> {
        let mut c = self.conn().await?;
        Ok(
            sqlx::query("SELECT 1 FROM blob_keys WHERE storage_key = $1")
                .bind(key)
                .fetch_optional(&mut *c)
                .await?
                .is_some(),
        )
    }

    /// Forgets `key`; the content goes when no key names it any more.
    pub async fn delete_blob(&self, key: &str) -> StoreResult<()> {
        let mut tx = self.write_pool().begin().await?;
        let sha: Option<String> =
            sqlx::query("DELETE FROM blob_keys WHERE storage_key = $1 RETURNING sha256")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get("sha256"))
                .transpose()?;
        if let Some(sha) = sha {
            tx.execute(
                sqlx::query(
                    "DELETE FROM blob_contents WHERE sha256 = $1 \
                     AND NOT EXISTS (SELECT 1 FROM blob_keys WHERE sha256 = $1)",
                )
                .bind(sha),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every file the records name: its key and, where the record gives one, its SHA-256.
    pub async fn recorded_blobs(&self) -> StoreResult<Vec<(String, Option<String>)>> {
        let mut c = self.conn().await?;
        let rows = sqlx::query(
            "SELECT storage_key AS k, sha256 AS s FROM attachments              UNION ALL SELECT storage_key, sha256 FROM case_files              UNION ALL SELECT storage_key, sha256 FROM consultation_files              UNION ALL SELECT storage_key, sha256 FROM service_files              UNION ALL SELECT pdf_key, pdf_sha256 FROM gazette_issues              UNION ALL SELECT blob_key, NULL FROM images",
        )
        .fetch_all(&mut *c)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("k")?, r.try_get("s")?)))
            .collect()
    }

    /// A consistent copy of a SQLite database, taken while it serves (`VACUUM INTO`).
    pub async fn snapshot_sqlite(&self, to: &str) -> StoreResult<()> {
        if self.backend() != crate::Backend::Sqlite {
            return Err(StoreError::BadUrl(
                "PostgreSQL 数据库请用 pg_dump 备份（见 docs/production.md）".into(),
            ));
        }
        let mut c = self.conn().await?;
        sqlx::query("VACUUM INTO $1")
            .bind(to)
            .execute(&mut *c)
            .await?;
        Ok(())
    }

    /// The SHA-256 a record gives for the file under `key`, where one does (documents'
    /// attachments, case files, consultation and service files, gazette editions).
    pub async fn recorded_sha256(&self, key: &str) -> StoreResult<Option<String>> {
        let mut c = self.conn().await?;
        for (table, key_col, sha_col) in [
            ("attachments", "storage_key", "sha256"),
            ("case_files", "storage_key", "sha256"),
            ("consultation_files", "storage_key", "sha256"),
            ("service_files", "storage_key", "sha256"),
            ("gazette_issues", "pdf_key", "pdf_sha256"),
        ] {
            let q = format!("SELECT {sha_col} AS sha FROM {table} WHERE {key_col} = $1");
            if let Some(r) = sqlx::query(crate::trusted(q))
                .bind(key)
                .fetch_optional(&mut *c)
                .await?
            {
                return Ok(Some(r.try_get("sha")?));
            }
        }
        Ok(None)
    }
}
