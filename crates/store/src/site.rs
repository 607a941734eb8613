//! The site's identity and the images it shows (emblem) or prints (seals).

use gongkai_domain::site::{ImageKind, SiteIdentity};
use sqlx::{AnyConnection, Row};

use crate::{StoreError, StoreResult, Tx};

/// The identity, or `None` before an administrator set it.
pub async fn identity(c: &mut AnyConnection) -> StoreResult<Option<SiteIdentity>> {
    let row = sqlx::query("SELECT identity FROM site_settings WHERE id = 1")
        .fetch_optional(c)
        .await?;
    row.map(|r| {
        let text: String = r.try_get("identity")?;
        serde_json::from_str(&text).map_err(StoreError::corrupt)
    })
    .transpose()
}

pub async fn set_identity(tx: &mut Tx, identity: &SiteIdentity) -> StoreResult<()> {
    let now = tx.now_text();
    let text = serde_json::to_string(identity).map_err(StoreError::corrupt)?;
    sqlx::query(
        "INSERT INTO site_settings (id, identity, updated_at) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET identity = excluded.identity, updated_at = excluded.updated_at",
    )
    .bind(text)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An image kept under a name ("site/emblem", "org/12/seal"); its bytes are in the
/// blob store under `blob_key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImage {
    pub blob_key: String,
    pub kind: ImageKind,
    pub updated_at: String,
}

pub async fn image(c: &mut AnyConnection, name: &str) -> StoreResult<Option<StoredImage>> {
    let row = sqlx::query("SELECT blob_key, content_type, updated_at FROM images WHERE name = $1")
        .bind(name)
        .fetch_optional(c)
        .await?;
    row.map(|r| {
        let content_type: String = r.try_get("content_type")?;
        let kind = match content_type.as_str() {
            "image/png" => ImageKind::Png,
            "image/jpeg" => ImageKind::Jpeg,
            other => return Err(StoreError::corrupt(format!("image type {other}"))),
        };
        Ok(StoredImage {
            blob_key: r.try_get("blob_key")?,
            kind,
            updated_at: r.try_get("updated_at")?,
        })
    })
    .transpose()
}

pub async fn set_image(
    tx: &mut Tx,
    name: &str,
    blob_key: &str,
    kind: ImageKind,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO images (name, blob_key, content_type, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name) DO UPDATE SET blob_key = excluded.blob_key, \
         content_type = excluded.content_type, updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(blob_key)
    .bind(kind.content_type())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn remove_image(tx: &mut Tx, name: &str) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM images WHERE name = $1")
        .bind(name)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() > 0)
}
