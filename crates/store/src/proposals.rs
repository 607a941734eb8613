//! The register of deputies' suggestions and members' proposals, with their replies.

use chrono::NaiveDate;
use gongkai_domain::interaction::proposal::{ProposalKind, ProposalResult};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub id: i64,
    pub org_id: i64,
    pub kind: ProposalKind,
    pub year: i32,
    /// The number the congress or committee gave it ("第15号").
    pub number: String,
    pub title: String,
    pub proposer: String,
    pub received_on: NaiveDate,
    pub result: Option<ProposalResult>,
    pub reply: String,
    pub replied_on: Option<NaiveDate>,
    pub withheld_reason: String,
    pub published_at: Option<String>,
}

const COLS: &str = "id, org_id, kind, year, number, title, proposer, received_on, result, reply, \
    replied_on, withheld_reason, published_at";

fn from_row(r: &AnyRow) -> StoreResult<Proposal> {
    let kind: String = r.try_get("kind")?;
    let result: Option<String> = r.try_get("result")?;
    let replied: Option<String> = r.try_get("replied_on")?;
    let year: i64 = r.try_get("year")?;
    Ok(Proposal {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        kind: kind.parse().map_err(StoreError::corrupt)?,
        year: i32::try_from(year).map_err(StoreError::corrupt)?,
        number: r.try_get("number")?,
        title: r.try_get("title")?,
        proposer: r.try_get("proposer")?,
        received_on: parse_date(&r.try_get::<String, _>("received_on")?)?,
        result: result
            .map(|x| x.parse().map_err(StoreError::corrupt))
            .transpose()?,
        reply: r.try_get("reply")?,
        replied_on: replied.as_deref().map(parse_date).transpose()?,
        withheld_reason: r.try_get("withheld_reason")?,
        published_at: r.try_get("published_at")?,
    })
}

pub struct NewProposal<'a> {
    pub org_id: i64,
    pub kind: ProposalKind,
    pub year: i32,
    pub number: &'a str,
    pub title: &'a str,
    pub proposer: &'a str,
    pub received_on: NaiveDate,
}

/// Registers an item; `None` when the organisation already has that number.
pub async fn insert(tx: &mut Tx, p: &NewProposal<'_>) -> StoreResult<Option<i64>> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO proposals (org_id, kind, year, number, title, proposer, received_on, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
         ON CONFLICT (org_id, kind, year, number) DO NOTHING RETURNING id",
    )
    .bind(p.org_id)
    .bind(p.kind.as_str())
    .bind(i64::from(p.year))
    .bind(p.number)
    .bind(p.title)
    .bind(p.proposer)
    .bind(format_date(p.received_on))
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Proposal>> {
    sqlx::query(trusted(format!(
        "SELECT {COLS} FROM proposals WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub async fn in_orgs(c: &mut AnyConnection, org_ids: &[i64]) -> StoreResult<Vec<Proposal>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT {COLS} FROM proposals WHERE org_id IN ({}) ORDER BY year DESC, kind, id",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

/// Records the reply and whether it is public: published now, or withheld with a reason.
pub async fn set_reply(
    tx: &mut Tx,
    id: i64,
    result: ProposalResult,
    reply: &str,
    replied_on: NaiveDate,
    withheld_reason: &str,
) -> StoreResult<()> {
    let now = tx.now_text();
    let published = withheld_reason.is_empty().then(|| now.clone());
    sqlx::query(
        "UPDATE proposals SET result = $1, reply = $2, replied_on = $3, withheld_reason = $4, \
         published_at = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(result.as_str())
    .bind(reply)
    .bind(format_date(replied_on))
    .bind(withheld_reason)
    .bind(published)
    .bind(&now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
