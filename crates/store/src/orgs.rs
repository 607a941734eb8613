//! Organisations and their tree.

use gongkai_domain::org::{Contact, IndexCode, OrgLevel, Slug};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::trusted;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Org {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: OrgLevel,
    pub name: String,
    pub short_name: String,
    pub slug: String,
    pub index_code: String,
    pub intro: String,
    /// 负责人: the leaders' names and posts, as the page shows them.
    pub leaders: String,
    pub contact: Contact,
    pub sort_order: i64,
}

/// Fields an organisation is created or updated with, already validated.
#[derive(Debug, Clone)]
pub struct OrgFields {
    pub level: OrgLevel,
    pub name: String,
    pub short_name: String,
    pub slug: Slug,
    pub index_code: IndexCode,
    pub intro: String,
    /// 负责人: the leaders' names and posts, as the page shows them.
    pub leaders: String,
    pub contact: Contact,
    pub sort_order: i64,
}

const COLUMNS: &str = "id, parent_id, level, name, short_name, slug, index_code, intro, leaders, office, address, \
                       hours, phone, fax, email, postcode, sort_order";

fn from_row(r: &AnyRow) -> StoreResult<Org> {
    let level: String = r.try_get("level")?;
    Ok(Org {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        level: level.parse().map_err(StoreError::corrupt)?,
        name: r.try_get("name")?,
        short_name: r.try_get("short_name")?,
        slug: r.try_get("slug")?,
        index_code: r.try_get("index_code")?,
        intro: r.try_get("intro")?,
        leaders: r.try_get("leaders")?,
        contact: Contact {
            office: r.try_get("office")?,
            address: r.try_get("address")?,
            hours: r.try_get("hours")?,
            phone: r.try_get("phone")?,
            fax: r.try_get("fax")?,
            email: r.try_get("email")?,
            postcode: r.try_get("postcode")?,
        },
        sort_order: r.try_get("sort_order")?,
    })
}

fn conflict(e: sqlx::Error, f: &OrgFields) -> StoreError {
    let msg = e.to_string();
    StoreError::on_unique(e, || {
        if msg.contains("index_code") {
            format!("索引号机构代码“{}”已被其他机构使用", f.index_code)
        } else {
            format!("网址标识“{}”已被其他机构使用", f.slug)
        }
    })
}

pub async fn insert(tx: &mut Tx, parent_id: Option<i64>, f: &OrgFields) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO organisations (parent_id, level, name, short_name, slug, index_code, intro, office, \
         address, hours, phone, fax, email, postcode, sort_order, created_at, updated_at, leaders) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17) RETURNING id",
    )
    .bind(parent_id)
    .bind(f.level.as_str())
    .bind(&f.name)
    .bind(&f.short_name)
    .bind(f.slug.as_str())
    .bind(f.index_code.as_str())
    .bind(&f.intro)
    .bind(&f.contact.office)
    .bind(&f.contact.address)
    .bind(&f.contact.hours)
    .bind(&f.contact.phone)
    .bind(&f.contact.fax)
    .bind(&f.contact.email)
    .bind(&f.contact.postcode)
    .bind(f.sort_order)
    .bind(&now)
    .bind(&f.leaders)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| conflict(e, f))?;
    Ok(row.try_get(0)?)
}

pub async fn update(tx: &mut Tx, id: i64, f: &OrgFields) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "UPDATE organisations SET level = $1, name = $2, short_name = $3, slug = $4, index_code = $5, \
         intro = $6, office = $7, address = $8, hours = $9, phone = $10, fax = $11, email = $12, \
         postcode = $13, sort_order = $14, updated_at = $15, leaders = $17 WHERE id = $16",
    )
    .bind(f.level.as_str())
    .bind(&f.name)
    .bind(&f.short_name)
    .bind(f.slug.as_str())
    .bind(f.index_code.as_str())
    .bind(&f.intro)
    .bind(&f.contact.office)
    .bind(&f.contact.address)
    .bind(&f.contact.hours)
    .bind(&f.contact.phone)
    .bind(&f.contact.fax)
    .bind(&f.contact.email)
    .bind(&f.contact.postcode)
    .bind(f.sort_order)
    .bind(&now)
    .bind(id)
    .bind(&f.leaders)
    .execute(&mut **tx)
    .await
    .map_err(|e| conflict(e, f))?;
    Ok(())
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Org>> {
    let q = format!("SELECT {COLUMNS} FROM organisations WHERE id = $1");
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_slug(c: &mut AnyConnection, slug: &str) -> StoreResult<Option<Org>> {
    let q = format!("SELECT {COLUMNS} FROM organisations WHERE slug = $1");
    sqlx::query(trusted(q))
        .bind(slug)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_index_code(c: &mut AnyConnection, code: &str) -> StoreResult<Option<Org>> {
    let q = format!("SELECT {COLUMNS} FROM organisations WHERE index_code = $1");
    sqlx::query(trusted(q))
        .bind(code)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Every organisation, parents before children is NOT guaranteed; ordered by sort order then id.
pub async fn all(c: &mut AnyConnection) -> StoreResult<Vec<Org>> {
    let q = format!("SELECT {COLUMNS} FROM organisations ORDER BY sort_order, id");
    sqlx::query(trusted(q))
        .fetch_all(c)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn children(c: &mut AnyConnection, parent_id: i64) -> StoreResult<Vec<Org>> {
    let q =
        format!("SELECT {COLUMNS} FROM organisations WHERE parent_id = $1 ORDER BY sort_order, id");
    sqlx::query(trusted(q))
        .bind(parent_id)
        .fetch_all(c)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn roots(c: &mut AnyConnection) -> StoreResult<Vec<Org>> {
    let q = format!(
        "SELECT {COLUMNS} FROM organisations WHERE parent_id IS NULL ORDER BY sort_order, id"
    );
    sqlx::query(trusted(q))
        .fetch_all(c)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// The organisation and all its ancestors, nearest first.
pub async fn ancestry(c: &mut AnyConnection, id: i64) -> StoreResult<Vec<Org>> {
    let q = format!(
        "WITH RECURSIVE up(id, parent_id, depth) AS ( \
           SELECT id, parent_id, 0 FROM organisations WHERE id = $1 \
           UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organisations o JOIN up ON o.id = up.parent_id \
           WHERE up.depth < 64) \
         SELECT {cols} FROM organisations o JOIN up ON o.id = up.id ORDER BY up.depth",
        cols = prefixed("o")
    );
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_all(c)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Ids of the organisation and everything below it.
pub async fn subtree_ids(c: &mut AnyConnection, id: i64) -> StoreResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "WITH RECURSIVE down(id, depth) AS ( \
           SELECT id, 0 FROM organisations WHERE id = $1 \
           UNION ALL SELECT o.id, down.depth + 1 FROM organisations o JOIN down ON o.parent_id = down.id \
           WHERE down.depth < 64) \
         SELECT id FROM down",
    )
    .bind(id)
    .fetch_all(c)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

fn prefixed(alias: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}
