//! The gazette's log: leaves appended in order and never changed, and the signed tree
//! heads.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub leaf_index: u64,
    /// The canonical JSON of the leaf.
    pub leaf: String,
    pub leaf_hash: String,
}

/// A signed tree head as issued.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TreeHead {
    pub tree_size: u64,
    pub timestamp: u64,
    pub root_hash: String,
    pub signature_sm2: String,
    pub signature_ed25519: String,
    /// The public keys that made the signatures (keys rotate; old heads stay checkable).
    pub sm2_public_key: String,
    pub ed25519_public_key: String,
}

fn u(v: i64) -> StoreResult<u64> {
    u64::try_from(v).map_err(StoreError::corrupt)
}

fn i(v: u64) -> StoreResult<i64> {
    i64::try_from(v).map_err(StoreError::corrupt)
}

/// Leaves so far.
pub async fn size(c: &mut AnyConnection) -> StoreResult<u64> {
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM gazette_log")
        .fetch_one(c)
        .await?
        .try_get(0)?;
    u(n)
}

/// Appends the leaf at `leaf_index`, which must be the next one: a second writer at
/// the same index fails on the key, so the log never forks or rewrites.
pub async fn append(tx: &mut Tx, leaf_index: u64, leaf: &str, leaf_hash: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO gazette_log (leaf_index, leaf, leaf_hash, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(i(leaf_index)?)
    .bind(leaf)
    .bind(leaf_hash)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn entry(r: &AnyRow) -> StoreResult<Entry> {
    Ok(Entry {
        leaf_index: u(r.try_get("leaf_index")?)?,
        leaf: r.try_get("leaf")?,
        leaf_hash: r.try_get("leaf_hash")?,
    })
}

/// Entries `start..end` (end exclusive), in order.
pub async fn entries(c: &mut AnyConnection, start: u64, end: u64) -> StoreResult<Vec<Entry>> {
    sqlx::query(
        "SELECT leaf_index, leaf, leaf_hash FROM gazette_log WHERE leaf_index >= $1 AND leaf_index < $2 \
         ORDER BY leaf_index",
    )
    .bind(i(start)?)
    .bind(i(end)?)
    .fetch_all(c)
    .await?
    .iter()
    .map(entry)
    .collect()
}

pub async fn add_tree_head(tx: &mut Tx, h: &TreeHead) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO gazette_tree_heads (tree_size, timestamp_ms, root_hash, signature_sm2, \
         signature_ed25519, sm2_public_key, ed25519_public_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(i(h.tree_size)?)
    .bind(i(h.timestamp)?)
    .bind(&h.root_hash)
    .bind(&h.signature_sm2)
    .bind(&h.signature_ed25519)
    .bind(&h.sm2_public_key)
    .bind(&h.ed25519_public_key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn head(r: &AnyRow) -> StoreResult<TreeHead> {
    Ok(TreeHead {
        tree_size: u(r.try_get("tree_size")?)?,
        timestamp: u(r.try_get("timestamp_ms")?)?,
        root_hash: r.try_get("root_hash")?,
        signature_sm2: r.try_get("signature_sm2")?,
        signature_ed25519: r.try_get("signature_ed25519")?,
        sm2_public_key: r.try_get("sm2_public_key")?,
        ed25519_public_key: r.try_get("ed25519_public_key")?,
    })
}

const HEAD_COLS: &str = "tree_size, timestamp_ms, root_hash, signature_sm2, signature_ed25519, \
    sm2_public_key, ed25519_public_key";

/// Every tree head ever issued, oldest first.
pub async fn tree_heads(c: &mut AnyConnection) -> StoreResult<Vec<TreeHead>> {
    sqlx::query(crate::trusted(format!(
        "SELECT {HEAD_COLS} FROM gazette_tree_heads ORDER BY tree_size"
    )))
    .fetch_all(c)
    .await?
    .iter()
    .map(head)
    .collect()
}

/// The newest tree head.
pub async fn latest(c: &mut AnyConnection) -> StoreResult<Option<TreeHead>> {
    sqlx::query(crate::trusted(format!(
        "SELECT {HEAD_COLS} FROM gazette_tree_heads ORDER BY tree_size DESC LIMIT 1"
    )))
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(head)
    .transpose()
}
