//! 村(居)务公开: the lists a village publishes and the schedule of its columns.

use chrono::NaiveDate;
use gongkai_domain::village::{Column, ListKind, ListTable, Schedule};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageList {
    pub id: i64,
    pub village_id: i64,
    pub kind: ListKind,
    pub title: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub committee: String,
    pub complaint_phone: String,
    /// The 公示 period in working days.
    pub notice_days: u32,
    pub table: ListTable,
    pub published_on: Option<NaiveDate>,
    pub created_by: i64,
}

const COLUMNS: &str = "id, village_id, kind, title, period_from, period_to, committee, \
    complaint_phone, notice_days, headers, rows_json, name_columns, published_on, created_by";

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::corrupt(format!("名单表格：{e}"))
}

fn from_row(r: &AnyRow) -> StoreResult<VillageList> {
    let kind: String = r.try_get("kind")?;
    let published: Option<String> = r.try_get("published_on")?;
    Ok(VillageList {
        id: r.try_get("id")?,
        village_id: r.try_get("village_id")?,
        kind: kind.parse().map_err(StoreError::corrupt)?,
        title: r.try_get("title")?,
        period_from: parse_date(&r.try_get::<String, _>("period_from")?)?,
        period_to: parse_date(&r.try_get::<String, _>("period_to")?)?,
        committee: r.try_get("committee")?,
        complaint_phone: r.try_get("complaint_phone")?,
        notice_days: u32::try_from(r.try_get::<i64, _>("notice_days")?).unwrap_or(0),
        table: ListTable {
            headers: serde_json::from_str(&r.try_get::<String, _>("headers")?).map_err(json_err)?,
            rows: serde_json::from_str(&r.try_get::<String, _>("rows_json")?).map_err(json_err)?,
            name_columns: serde_json::from_str(&r.try_get::<String, _>("name_columns")?)
                .map_err(json_err)?,
        },
        published_on: published.as_deref().map(parse_date).transpose()?,
        created_by: r.try_get("created_by")?,
    })
}

/// Adds a list, not yet published.
pub async fn insert(tx: &mut Tx, l: &VillageList) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO village_lists (village_id, kind, title, period_from, period_to, committee, \
         complaint_phone, notice_days, headers, rows_json, name_columns, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(l.village_id)
    .bind(l.kind.as_str())
    .bind(&l.title)
    .bind(format_date(l.period_from))
    .bind(format_date(l.period_to))
    .bind(&l.committee)
    .bind(&l.complaint_phone)
    .bind(i64::from(l.notice_days))
    .bind(json(&l.table.headers))
    .bind(json(&l.table.rows))
    .bind(json(&l.table.name_columns))
    .bind(l.created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

/// Values stored as JSON text.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<VillageList>> {
    let q = format!("SELECT {COLUMNS} FROM village_lists WHERE id = $1");
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The lists of some villages, newest first; only published ones when `published`.
pub async fn of_villages(
    c: &mut AnyConnection,
    village_ids: &[i64],
    published: bool,
) -> StoreResult<Vec<VillageList>> {
    if village_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT {COLUMNS} FROM village_lists WHERE village_id IN ({}){} \
         ORDER BY period_to DESC, id DESC",
        placeholders(1, village_ids.len()),
        if published {
            " AND published_on IS NOT NULL"
        } else {
            ""
        }
    );
    let mut query = sqlx::query(trusted(q));
    for id in village_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

/// Publishes a list; false when it was already published.
pub async fn publish(tx: &mut Tx, id: i64, on: NaiveDate) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE village_lists SET published_on = $1 WHERE id = $2 AND published_on IS NULL",
    )
    .bind(format_date(on))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a list not yet published; false when there was none.
pub async fn remove_draft(tx: &mut Tx, id: i64) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM village_lists WHERE id = $1 AND published_on IS NULL")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The schedules set for some villages' columns (those left at their default absent).
pub async fn schedules(
    c: &mut AnyConnection,
    village_ids: &[i64],
) -> StoreResult<Vec<(i64, Column, Schedule)>> {
    if village_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT village_id, column_code, schedule FROM village_columns WHERE village_id IN ({})",
        placeholders(1, village_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in village_ids {
        query = query.bind(*id);
    }
    query
        .fetch_all(c)
        .await?
        .iter()
        .map(|r| {
            let col: String = r.try_get("column_code")?;
            let s: String = r.try_get("schedule")?;
            Ok((
                r.try_get("village_id")?,
                col.parse().map_err(StoreError::corrupt)?,
                s.parse().map_err(StoreError::corrupt)?,
            ))
        })
        .collect()
}

pub async fn set_schedule(
    tx: &mut Tx,
    village_id: i64,
    column: Column,
    schedule: Schedule,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM village_columns WHERE village_id = $1 AND column_code = $2")
        .bind(village_id)
        .bind(column.as_str())
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO village_columns (village_id, column_code, schedule) VALUES ($1, $2, $3)",
    )
    .bind(village_id)
    .bind(column.as_str())
    .bind(schedule.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// For each village, category and the latest date a public document of it was
/// published: what the columns' schedules are checked against, with the lists.
pub async fn last_documents(
    c: &mut AnyConnection,
    village_ids: &[i64],
) -> StoreResult<Vec<(i64, String, NaiveDate)>> {
    if village_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT org_id, category, MAX(published_on) AS last FROM documents \
         WHERE org_id IN ({}) AND state = 'published' AND category IS NOT NULL \
         AND published_on IS NOT NULL GROUP BY org_id, category",
        placeholders(1, village_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in village_ids {
        query = query.bind(*id);
    }
    query
        .fetch_all(c)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("org_id")?,
                r.try_get("category")?,
                parse_date(&r.try_get::<String, _>("last")?)?,
            ))
        })
        .collect()
}
