//! Metadata of files attached to documents; the bytes live in a blob store.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::trusted;
use crate::{StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Attachment {
    pub id: i64,
    pub document_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub created_at: String,
}

pub struct NewAttachment<'a> {
    pub document_id: i64,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub created_by: i64,
}

const COLS: &str =
    "id, document_id, filename, content_type, size_bytes, sha256, storage_key, created_at";

fn from_row(r: &AnyRow) -> StoreResult<Attachment> {
    Ok(Attachment {
        id: r.try_get("id")?,
        document_id: r.try_get("document_id")?,
        filename: r.try_get("filename")?,
        content_type: r.try_get("content_type")?,
        size_bytes: r.try_get("size_bytes")?,
        sha256: r.try_get("sha256")?,
        storage_key: r.try_get("storage_key")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn insert(tx: &mut Tx, a: &NewAttachment<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO attachments (document_id, filename, content_type, size_bytes, sha256, storage_key, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(a.document_id)
    .bind(a.filename)
    .bind(a.content_type)
    .bind(a.size_bytes)
    .bind(a.sha256)
    .bind(a.storage_key)
    .bind(a.created_by)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

pub async fn delete(tx: &mut Tx, id: i64) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM attachments WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn of_document(c: &mut AnyConnection, document_id: i64) -> StoreResult<Vec<Attachment>> {
    let q = format!("SELECT {COLS} FROM attachments WHERE document_id = $1 ORDER BY id");
    sqlx::query(trusted(q))
        .bind(document_id)
        .fetch_all(c)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Attachment>> {
    let q = format!("SELECT {COLS} FROM attachments WHERE id = $1");
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}
