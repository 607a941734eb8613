//! Public concerns (回应关切) and the responses to them.

use chrono::{DateTime, Utc};
use gongkai_domain::interaction::concern::{Gravity, ResponseForm};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_instant, parse_instant};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concern {
    pub id: i64,
    pub org_id: i64,
    pub title: String,
    pub gravity: Gravity,
    pub arose_at: DateTime<Utc>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConcernResponse {
    pub form: ResponseForm,
    pub at: DateTime<Utc>,
    pub content: String,
    /// Where the response was published (a page of this site or elsewhere).
    pub link: String,
}

fn from_row(r: &AnyRow) -> StoreResult<Concern> {
    let gravity: String = r.try_get("gravity")?;
    Ok(Concern {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        title: r.try_get("title")?,
        gravity: gravity.parse().map_err(StoreError::corrupt)?,
        arose_at: parse_instant(&r.try_get::<String, _>("arose_at")?)?,
        summary: r.try_get("summary")?,
    })
}

pub async fn insert(
    tx: &mut Tx,
    org_id: i64,
    title: &str,
    gravity: Gravity,
    arose_at: DateTime<Utc>,
    summary: &str,
) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO concerns (org_id, title, gravity, arose_at, summary, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(org_id)
    .bind(title)
    .bind(gravity.as_str())
    .bind(format_instant(arose_at))
    .bind(summary)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Concern>> {
    sqlx::query("SELECT id, org_id, title, gravity, arose_at, summary FROM concerns WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn in_orgs(c: &mut AnyConnection, org_ids: &[i64]) -> StoreResult<Vec<Concern>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT id, org_id, title, gravity, arose_at, summary FROM concerns WHERE org_id IN ({}) \
         ORDER BY arose_at DESC, id DESC",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

pub async fn add_response(tx: &mut Tx, concern_id: i64, r: &ConcernResponse) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO concern_responses (concern_id, form, at, content, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(concern_id)
    .bind(r.form.as_str())
    .bind(format_instant(r.at))
    .bind(&r.content)
    .bind(&r.link)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn responses(
    c: &mut AnyConnection,
    concern_id: i64,
) -> StoreResult<Vec<ConcernResponse>> {
    let rows = sqlx::query(
        "SELECT form, at, content, link FROM concern_responses WHERE concern_id = $1 ORDER BY at, id",
    )
    .bind(concern_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let form: String = r.try_get("form")?;
            Ok(ConcernResponse {
                form: form.parse().map_err(StoreError::corrupt)?,
                at: parse_instant(&r.try_get::<String, _>("at")?)?,
                content: r.try_get("content")?,
                link: r.try_get("link")?,
            })
        })
        .collect()
}
