//! Standard catalogs, their versions and their lifecycle steps.

use gongkai_domain::catalog::lifecycle::{Removal, Status};
use gongkai_domain::catalog::{CatalogItem, assign_ids};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::{StoreError, StoreResult, Tx, trusted};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub id: i64,
    pub org_id: i64,
    pub domain: String,
    pub reference_id: Option<i64>,
    pub status: Status,
    /// The latest version.
    pub version: i64,
    /// The version shown on the portal, once one was published.
    pub published_version: Option<i64>,
    pub filed_at: Option<String>,
    pub updated_at: String,
}

/// One version's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub version: i64,
    pub items: Vec<CatalogItem>,
    /// Reference items left out, with their reasons.
    pub removed: Vec<Removal>,
    pub note: String,
    pub created_by: String,
    pub created_at: String,
    pub published_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    pub action: String,
    pub version: i64,
    pub note: String,
    pub actor: String,
    pub at: String,
}

const COLS: &str =
    "id, org_id, domain, reference_id, status, version, published_version, filed_at, updated_at";

fn from_row(r: &AnyRow) -> StoreResult<Catalog> {
    let status: String = r.try_get("status")?;
    Ok(Catalog {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        domain: r.try_get("domain")?,
        reference_id: r.try_get("reference_id")?,
        status: status.parse().map_err(StoreError::corrupt)?,
        version: r.try_get("version")?,
        published_version: r.try_get("published_version")?,
        filed_at: r.try_get("filed_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Catalog>> {
    let q = format!("SELECT {COLS} FROM catalogs WHERE id = $1");
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_org_domain(
    c: &mut AnyConnection,
    org_id: i64,
    domain: &str,
) -> StoreResult<Option<Catalog>> {
    let q = format!("SELECT {COLS} FROM catalogs WHERE org_id = $1 AND domain = $2");
    sqlx::query(trusted(q))
        .bind(org_id)
        .bind(domain)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The catalogs of the given organisations, by organisation and domain.
pub async fn in_orgs(c: &mut AnyConnection, org_ids: &[i64]) -> StoreResult<Vec<Catalog>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT {COLS} FROM catalogs WHERE org_id IN ({}) ORDER BY org_id, domain",
        crate::users::placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

pub async fn insert(
    tx: &mut Tx,
    org_id: i64,
    domain: &str,
    reference_id: Option<i64>,
) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO catalogs (org_id, domain, reference_id, status, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $5) RETURNING id",
    )
    .bind(org_id)
    .bind(domain)
    .bind(reference_id)
    .bind(Status::Draft.as_str())
    .bind(&now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| StoreError::on_unique(e, || format!("本机关已有“{domain}”领域的目录")))?;
    Ok(row.try_get(0)?)
}

/// Adds the next version and makes it current; the catalog goes back to draft.
pub async fn add_version(
    tx: &mut Tx,
    catalog_id: i64,
    items: &[CatalogItem],
    removed: &[Removal],
    note: &str,
    actor: &str,
) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "UPDATE catalogs SET version = version + 1, status = $1, updated_at = $2 WHERE id = $3 RETURNING version",
    )
    .bind(Status::Draft.as_str())
    .bind(&now)
    .bind(catalog_id)
    .fetch_one(&mut **tx)
    .await?;
    let version: i64 = row.try_get(0)?;
    let items = serde_json::to_string(items).map_err(StoreError::corrupt)?;
    let removed = serde_json::to_string(removed).map_err(StoreError::corrupt)?;
    sqlx::query(
        "INSERT INTO catalog_versions (catalog_id, version, items, removed, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(catalog_id)
    .bind(version)
    .bind(items)
    .bind(removed)
    .bind(note)
    .bind(actor)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(version)
}

pub async fn version(
    c: &mut AnyConnection,
    catalog_id: i64,
    version: i64,
) -> StoreResult<Option<Version>> {
    let row = sqlx::query(
        "SELECT version, items, removed, note, created_by, created_at, published_at FROM catalog_versions \
         WHERE catalog_id = $1 AND version = $2",
    )
    .bind(catalog_id)
    .bind(version)
    .fetch_optional(c)
    .await?;
    row.map(|r| {
        let items: String = r.try_get("items")?;
        let removed: String = r.try_get("removed")?;
        let mut items: Vec<CatalogItem> =
            serde_json::from_str(&items).map_err(StoreError::corrupt)?;
        // Items stored before they had ids get the ones they were known by.
        assign_ids(&mut items);
        Ok(Version {
            version: r.try_get("version")?,
            items,
            removed: serde_json::from_str(&removed).map_err(StoreError::corrupt)?,
            note: r.try_get("note")?,
            created_by: r.try_get("created_by")?,
            created_at: r.try_get("created_at")?,
            published_at: r.try_get("published_at")?,
        })
    })
    .transpose()
}

/// Every version's number, author, date and note, newest first (no items).
pub async fn history(
    c: &mut AnyConnection,
    catalog_id: i64,
) -> StoreResult<Vec<(i64, String, String, String, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT version, note, created_by, created_at, published_at FROM catalog_versions \
         WHERE catalog_id = $1 ORDER BY version DESC",
    )
    .bind(catalog_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("version")?,
                r.try_get("note")?,
                r.try_get("created_by")?,
                r.try_get("created_at")?,
                r.try_get("published_at")?,
            ))
        })
        .collect()
}

/// Moves the catalog to `status`, recording the step. Publishing fixes the current
/// version as the published one; filing stamps the catalog.
pub async fn step(
    tx: &mut Tx,
    c: &Catalog,
    action: &str,
    status: Status,
    note: &str,
    actor: &str,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE catalogs SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(&now)
        .bind(c.id)
        .execute(&mut **tx)
        .await?;
    if status == Status::Published {
        sqlx::query(
            "UPDATE catalogs SET published_version = version, filed_at = NULL WHERE id = $1",
        )
        .bind(c.id)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "UPDATE catalog_versions SET published_at = $1 WHERE catalog_id = $2 AND version = $3",
        )
        .bind(&now)
        .bind(c.id)
        .bind(c.version)
        .execute(&mut **tx)
        .await?;
    }
    if status == Status::Filed {
        sqlx::query("UPDATE catalogs SET filed_at = $1 WHERE id = $2")
            .bind(&now)
            .bind(c.id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO catalog_steps (catalog_id, action, version, note, actor, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(c.id)
    .bind(action)
    .bind(c.version)
    .bind(note)
    .bind(actor)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn steps(c: &mut AnyConnection, catalog_id: i64) -> StoreResult<Vec<Step>> {
    let rows = sqlx::query(
        "SELECT action, version, note, actor, at FROM catalog_steps WHERE catalog_id = $1 ORDER BY id",
    )
    .bind(catalog_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Step {
                action: r.try_get("action")?,
                version: r.try_get("version")?,
                note: r.try_get("note")?,
                actor: r.try_get("actor")?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}

/// A document tagged with a catalog item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub item_id: String,
    pub document_id: i64,
    pub title: String,
    pub index_number: String,
    pub org_slug: String,
    pub written_on: chrono::NaiveDate,
    pub published_on: Option<chrono::NaiveDate>,
    pub state: String,
    /// When the document was withdrawn, if it was (its publication window ended then).
    pub withdrawn_at: Option<String>,
}

pub async fn link(
    tx: &mut Tx,
    catalog_id: i64,
    item_id: &str,
    document_id: i64,
) -> StoreResult<bool> {
    let now = tx.now_text();
    let r = sqlx::query(
        "INSERT INTO catalog_item_links (catalog_id, item_id, document_id, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(catalog_id)
    .bind(item_id)
    .bind(document_id)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// The documents tagged with the catalog's items, oldest first.
pub async fn links(c: &mut AnyConnection, catalog_id: i64) -> StoreResult<Vec<Link>> {
    let rows = sqlx::query(
        "SELECT l.item_id, d.id, d.title, d.index_number, o.slug, d.written_on, d.published_on, d.state, \
         (SELECT MAX(a.at) FROM audit_log a WHERE a.entity_type = 'document' AND a.entity_id = d.id \
          AND a.action = 'document.withdraw') AS withdrawn_at \
         FROM catalog_item_links l JOIN documents d ON d.id = l.document_id JOIN organisations o ON o.id = d.org_id \
         WHERE l.catalog_id = $1 ORDER BY d.written_on, d.id",
    )
    .bind(catalog_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let written: String = r.try_get(5)?;
            let published: Option<String> = r.try_get(6)?;
            Ok(Link {
                item_id: r.try_get(0)?,
                document_id: r.try_get(1)?,
                title: r.try_get(2)?,
                index_number: r.try_get(3)?,
                org_slug: r.try_get(4)?,
                written_on: crate::time::parse_date(&written)?,
                published_on: published
                    .as_deref()
                    .map(crate::time::parse_date)
                    .transpose()?,
                state: r.try_get(7)?,
                withdrawn_at: r.try_get(8)?,
            })
        })
        .collect()
}

/// The domains a deployment added.
pub async fn extra_domains(c: &mut AnyConnection) -> StoreResult<Vec<String>> {
    let rows = sqlx::query("SELECT name FROM catalog_domains ORDER BY created_at, name")
        .fetch_all(c)
        .await?;
    rows.iter().map(|r| Ok(r.try_get("name")?)).collect()
}

pub async fn add_domain(tx: &mut Tx, name: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("INSERT INTO catalog_domains (name, created_at) VALUES ($1, $2)")
        .bind(name)
        .bind(&now)
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::on_unique(e, || format!("领域“{name}”已存在")))?;
    Ok(())
}
