//! Metadata of files on an application; the bytes live in the blob store.

use gongkai_domain::application::CaseFileKind;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseFile {
    pub id: i64,
    pub application_id: i64,
    pub kind: CaseFileKind,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// Where the bytes are: never shown.
    #[serde(skip)]
    pub storage_key: String,
    pub created_at: String,
}

pub struct NewCaseFile<'a> {
    pub application_id: i64,
    pub kind: CaseFileKind,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub created_by: Option<i64>,
}

const COLS: &str =
    "id, application_id, kind, filename, content_type, size_bytes, sha256, storage_key, created_at";

fn from_row(r: &AnyRow) -> StoreResult<CaseFile> {
    let kind: String = r.try_get("kind")?;
    Ok(CaseFile {
        id: r.try_get("id")?,
        application_id: r.try_get("application_id")?,
        kind: kind.parse().map_err(StoreError::corrupt)?,
        filename: r.try_get("filename")?,
        content_type: r.try_get("content_type")?,
        size_bytes: r.try_get("size_bytes")?,
        sha256: r.try_get("sha256")?,
        storage_key: r.try_get("storage_key")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn insert(tx: &mut Tx, f: &NewCaseFile<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO case_files (application_id, kind, filename, content_type, size_bytes, sha256, \
         storage_key, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(f.application_id)
    .bind(f.kind.as_str())
    .bind(f.filename)
    .bind(f.content_type)
    .bind(f.size_bytes)
    .bind(f.sha256)
    .bind(f.storage_key)
    .bind(f.created_by)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

/// The files of an application, oldest first.
pub async fn of_application(
    c: &mut AnyConnection,
    application_id: i64,
) -> StoreResult<Vec<CaseFile>> {
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT {COLS} FROM case_files WHERE application_id = $1 ORDER BY id"
    )))
    .bind(application_id)
    .fetch_all(c)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn delete(tx: &mut Tx, id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM case_files WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
