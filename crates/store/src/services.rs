//! 办事服务: service items with their guides, and the files offered with them.

use chrono::NaiveDate;
use gongkai_domain::service::Audience;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

/// A guide's fields as stored; lists (steps, materials) are one line each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFields {
    pub code: String,
    pub name: String,
    pub audience: Option<Audience>,
    /// Theme codes, space-separated.
    pub themes: String,
    pub basis: String,
    pub office: String,
    pub steps: String,
    pub materials: String,
    pub mistakes: String,
    pub fees: String,
    pub fee_basis: String,
    pub time_limit: String,
    pub place: String,
    pub hours: String,
    pub phone: String,
    pub complaint_phone: String,
    pub online_url: String,
    pub approved_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: i64,
    pub org_id: i64,
    pub fields: ServiceFields,
    pub published_on: Option<NaiveDate>,
}

const COLUMNS: &str = "id, org_id, code, name, audience, themes, basis, office, steps, materials, \
    mistakes, fees, fee_basis, time_limit, place, hours, phone, complaint_phone, online_url, \
    approved_on, published_on";

fn date(r: &AnyRow, col: &str) -> StoreResult<Option<NaiveDate>> {
    let s: Option<String> = r.try_get(col)?;
    s.as_deref().map(parse_date).transpose()
}

fn from_row(r: &AnyRow) -> StoreResult<Service> {
    let audience: String = r.try_get("audience")?;
    let text = |c: &str| r.try_get::<String, _>(c);
    Ok(Service {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        fields: ServiceFields {
            code: text("code")?,
            name: text("name")?,
            audience: Some(audience.parse().map_err(StoreError::corrupt)?),
            themes: text("themes")?,
            basis: text("basis")?,
            office: text("office")?,
            steps: text("steps")?,
            materials: text("materials")?,
            mistakes: text("mistakes")?,
            fees: text("fees")?,
            fee_basis: text("fee_basis")?,
            time_limit: text("time_limit")?,
            place: text("place")?,
            hours: text("hours")?,
            phone: text("phone")?,
            complaint_phone: text("complaint_phone")?,
            online_url: text("online_url")?,
            approved_on: date(r, "approved_on")?,
        },
        published_on: date(r, "published_on")?,
    })
}

fn bind_fields<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    f: &'q ServiceFields,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(&f.code)
        .bind(&f.name)
        .bind(f.audience.unwrap_or(Audience::Person).as_str())
        .bind(&f.themes)
        .bind(&f.basis)
        .bind(&f.office)
        .bind(&f.steps)
        .bind(&f.materials)
        .bind(&f.mistakes)
        .bind(&f.fees)
        .bind(&f.fee_basis)
        .bind(&f.time_limit)
        .bind(&f.place)
        .bind(&f.hours)
        .bind(&f.phone)
        .bind(&f.complaint_phone)
        .bind(&f.online_url)
        .bind(f.approved_on.map(format_date))
}

/// Adds a service, not yet published. A second service of the same name in one
/// organisation is a conflict.
pub async fn insert(tx: &mut Tx, org_id: i64, f: &ServiceFields) -> StoreResult<i64> {
    let now = tx.now_text();
    let q = sqlx::query(
        "INSERT INTO services (code, name, audience, themes, basis, office, steps, materials, \
         mistakes, fees, fee_basis, time_limit, place, hours, phone, complaint_phone, online_url, \
         approved_on, org_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) RETURNING id",
    );
    let row = bind_fields(q, f)
        .bind(org_id)
        .bind(now)
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| StoreError::on_unique(e, || "本机构已有同名服务事项".into()))?;
    Ok(row.try_get(0)?)
}

/// Replaces a service's fields.
pub async fn update(tx: &mut Tx, id: i64, f: &ServiceFields) -> StoreResult<()> {
    let now = tx.now_text();
    let q = sqlx::query(
        "UPDATE services SET code = $1, name = $2, audience = $3, themes = $4, basis = $5, \
         office = $6, steps = $7, materials = $8, mistakes = $9, fees = $10, fee_basis = $11, \
         time_limit = $12, place = $13, hours = $14, phone = $15, complaint_phone = $16, \
         online_url = $17, approved_on = $18, updated_at = $19 WHERE id = $20",
    );
    bind_fields(q, f)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::on_unique(e, || "本机构已有同名服务事项".into()))?;
    Ok(())
}

/// Marks a service published on `on` (again, for a changed guide).
pub async fn publish(tx: &mut Tx, id: i64, on: NaiveDate) -> StoreResult<()> {
    sqlx::query("UPDATE services SET published_on = $1 WHERE id = $2")
        .bind(format_date(on))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Service>> {
    let q = format!("SELECT {COLUMNS} FROM services WHERE id = $1");
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The services of some organisations by name; only published ones when `published`.
pub async fn of_orgs(
    c: &mut AnyConnection,
    org_ids: &[i64],
    published: bool,
) -> StoreResult<Vec<Service>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT {COLUMNS} FROM services WHERE org_id IN ({}){} ORDER BY org_id, name, id",
        placeholders(1, org_ids.len()),
        if published {
            " AND published_on IS NOT NULL"
        } else {
            ""
        }
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

/// A file offered with a service: a form to fill in, a filled-in sample, or an example
/// of common mistakes. The bytes live in the blob store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFile {
    pub id: i64,
    pub service_id: i64,
    pub role: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
}

pub struct NewFile<'a> {
    pub service_id: i64,
    pub role: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
}

pub async fn add_file(tx: &mut Tx, f: &NewFile<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO service_files (service_id, role, filename, content_type, size_bytes, sha256, \
         storage_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(f.service_id)
    .bind(f.role)
    .bind(f.filename)
    .bind(f.content_type)
    .bind(f.size_bytes)
    .bind(f.sha256)
    .bind(f.storage_key)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

/// The files of some services.
pub async fn files(c: &mut AnyConnection, service_ids: &[i64]) -> StoreResult<Vec<ServiceFile>> {
    if service_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT id, service_id, role, filename, content_type, size_bytes, sha256, storage_key \
         FROM service_files WHERE service_id IN ({}) ORDER BY service_id, id",
        placeholders(1, service_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in service_ids {
        query = query.bind(*id);
    }
    query
        .fetch_all(c)
        .await?
        .iter()
        .map(|r| {
            Ok(ServiceFile {
                id: r.try_get("id")?,
                service_id: r.try_get("service_id")?,
                role: r.try_get("role")?,
                filename: r.try_get("filename")?,
                content_type: r.try_get("content_type")?,
                size_bytes: r.try_get("size_bytes")?,
                sha256: r.try_get("sha256")?,
                storage_key: r.try_get("storage_key")?,
            })
        })
        .collect()
}

/// Removes a file's record; returns its storage key when there was one.
pub async fn remove_file(tx: &mut Tx, service_id: i64, id: i64) -> StoreResult<Option<String>> {
    let row = sqlx::query(
        "DELETE FROM service_files WHERE service_id = $1 AND id = $2 RETURNING storage_key",
    )
    .bind(service_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}
