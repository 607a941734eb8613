//! Records of hearings, forums, expert meetings and visits.

use chrono::NaiveDate;
use gongkai_domain::interaction::hearing::HearingKind;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hearing {
    pub id: i64,
    pub org_id: i64,
    pub consultation_id: Option<i64>,
    pub kind: HearingKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub participants: String,
    pub notice: String,
    pub minutes: String,
    pub outcome: String,
}

const COLS: &str = "id, org_id, consultation_id, kind, title, held_on, place, participants, notice, minutes, outcome";

fn from_row(r: &AnyRow) -> StoreResult<Hearing> {
    let kind: String = r.try_get("kind")?;
    Ok(Hearing {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        consultation_id: r.try_get("consultation_id")?,
        kind: kind.parse().map_err(StoreError::corrupt)?,
        title: r.try_get("title")?,
        held_on: parse_date(&r.try_get::<String, _>("held_on")?)?,
        place: r.try_get("place")?,
        participants: r.try_get("participants")?,
        notice: r.try_get("notice")?,
        minutes: r.try_get("minutes")?,
        outcome: r.try_get("outcome")?,
    })
}

pub async fn insert(tx: &mut Tx, h: &Hearing) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO hearings (org_id, consultation_id, kind, title, held_on, place, participants, \
         notice, minutes, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(h.org_id)
    .bind(h.consultation_id)
    .bind(h.kind.as_str())
    .bind(&h.title)
    .bind(format_date(h.held_on))
    .bind(&h.place)
    .bind(&h.participants)
    .bind(&h.notice)
    .bind(&h.minutes)
    .bind(&h.outcome)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Hearing>> {
    sqlx::query(trusted(format!(
        "SELECT {COLS} FROM hearings WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub async fn in_orgs(c: &mut AnyConnection, org_ids: &[i64]) -> StoreResult<Vec<Hearing>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT {COLS} FROM hearings WHERE org_id IN ({}) ORDER BY held_on DESC, id DESC",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}
