//! Annual reports: staff input and published snapshots, and the facts the computed
//! sections are counted from.

use chrono::NaiveDate;
use gongkai_domain::application::{ApplicantKind, Outcome, StepDetail};
use gongkai_domain::report::{CaseFact, RuleFact};
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date, parse_instant};
use crate::{StoreError, StoreResult, Tx};

/// A stored report row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    pub org_id: i64,
    pub year: i32,
    /// The staff input as JSON.
    pub input: String,
    /// The published snapshot as JSON, once published.
    pub published: Option<String>,
    pub published_at: Option<String>,
}

pub async fn get(
    c: &mut AnyConnection,
    org_id: i64,
    year: i32,
) -> StoreResult<Option<StoredReport>> {
    let row = sqlx::query(
        "SELECT org_id, year, input, published, published_at FROM annual_reports WHERE org_id = $1 AND year = $2",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .fetch_optional(c)
    .await?;
    row.map(|r| {
        Ok(StoredReport {
            org_id: r.try_get("org_id")?,
            year: r.try_get::<i64, _>("year")? as i32,
            input: r.try_get("input")?,
            published: r.try_get("published")?,
            published_at: r.try_get("published_at")?,
        })
    })
    .transpose()
}

/// Years with a published report, newest first.
pub async fn published_years(
    c: &mut AnyConnection,
    org_id: i64,
) -> StoreResult<Vec<(i32, String)>> {
    let rows = sqlx::query(
        "SELECT year, published_at FROM annual_reports WHERE org_id = $1 AND published IS NOT NULL ORDER BY year DESC",
    )
    .bind(org_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get::<i64, _>("year")? as i32,
                r.try_get("published_at")?,
            ))
        })
        .collect()
}

pub async fn save_input(tx: &mut Tx, org_id: i64, year: i32, input: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO annual_reports (org_id, year, input, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, year) DO UPDATE SET input = $3, updated_at = $4",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .bind(input)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn publish(
    tx: &mut Tx,
    org_id: i64,
    year: i32,
    input: &str,
    snapshot: &str,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO annual_reports (org_id, year, input, published, published_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) \
         ON CONFLICT (org_id, year) DO UPDATE SET input = $3, published = $4, published_at = $5, updated_at = $5",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .bind(input)
    .bind(snapshot)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every application of the organisation received up to `until`, as section 三 needs it.
pub async fn case_facts(
    c: &mut AnyConnection,
    org_id: i64,
    until: NaiveDate,
) -> StoreResult<Vec<CaseFact>> {
    let rows = sqlx::query(
        "SELECT applicant_kind, received_on, replied_on, outcome FROM applications \
         WHERE org_id = $1 AND received_on <= $2",
    )
    .bind(org_id)
    .bind(format_date(until))
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("applicant_kind")?;
            let replied: Option<String> = r.try_get("replied_on")?;
            let outcome: Option<String> = r.try_get("outcome")?;
            Ok(CaseFact {
                kind: kind.parse::<ApplicantKind>().map_err(StoreError::corrupt)?,
                received_on: parse_date(&r.try_get::<String, _>("received_on")?)?,
                replied_on: replied.as_deref().map(parse_date).transpose()?,
                outcome: outcome
                    .map(|o| o.parse::<Outcome>().map_err(StoreError::corrupt))
                    .transpose()?,
            })
        })
        .collect()
}

/// The organisation's published 规章 and 规范性文件 (category a20-01), with the day each
/// was repealed or expired (China date of the last such change), if it was.
pub async fn rule_facts(c: &mut AnyConnection, org_id: i64) -> StoreResult<Vec<RuleFact>> {
    let rows = sqlx::query(
        "SELECT id, doc_scheme, written_on, published_on, validity FROM documents \
         WHERE org_id = $1 AND category = 'a20-01' AND published_on IS NOT NULL",
    )
    .bind(org_id)
    .fetch_all(&mut *c)
    .await?;
    let ends = sqlx::query(
        "SELECT entity_id, at, detail FROM audit_log WHERE org_id = $1 AND entity_type = 'document' \
         AND action = 'document.set_validity' ORDER BY id",
    )
    .bind(org_id)
    .fetch_all(&mut *c)
    .await?;
    let mut ended: std::collections::HashMap<i64, Option<NaiveDate>> = Default::default();
    for r in &ends {
        let id: Option<i64> = r.try_get("entity_id")?;
        let detail: String = r.try_get("detail")?;
        let at = parse_instant(&r.try_get::<String, _>("at")?)?;
        let to = serde_json::from_str::<serde_json::Value>(&detail)
            .ok()
            .and_then(|v| v["to"].as_str().map(str::to_owned))
            .unwrap_or_default();
        if let Some(id) = id {
            let day = gongkai_domain::china_time::china_date(at);
            ended.insert(
                id,
                matches!(to.as_str(), "repealed" | "expired").then_some(day),
            );
        }
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let scheme: Option<String> = r.try_get("doc_scheme")?;
            let validity: String = r.try_get("validity")?;
            let published: Option<String> = r.try_get("published_on")?;
            let still_ended = matches!(validity.as_str(), "repealed" | "expired");
            Ok(RuleFact {
                is_rule: scheme.as_deref() == Some("order"),
                written_on: parse_date(&r.try_get::<String, _>("written_on")?)?,
                published_on: published.as_deref().map(parse_date).transpose()?,
                ended_on: if still_ended {
                    ended.get(&id).copied().flatten()
                } else {
                    None
                },
            })
        })
        .collect()
}

/// Fees paid in `[from, to]` for the organisation's applications, in fen.
pub async fn fees_paid(
    c: &mut AnyConnection,
    org_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<i64> {
    let rows = sqlx::query(
        "SELECT s.action, s.detail FROM application_steps s JOIN applications a ON a.id = s.application_id \
         WHERE a.org_id = $1 AND s.action = 'record_payment' AND s.on_date >= $2 AND s.on_date <= $3",
    )
    .bind(org_id)
    .bind(format_date(from))
    .bind(format_date(to))
    .fetch_all(c)
    .await?;
    let mut total = 0;
    for r in &rows {
        let action: String = r.try_get("action")?;
        let detail: String = r.try_get("detail")?;
        let v = serde_json::from_str(&detail).map_err(StoreError::corrupt)?;
        if let StepDetail::RecordPayment { amount_fen, .. } =
            StepDetail::from_stored(&action, v).map_err(StoreError::corrupt)?
        {
            total += amount_fen;
        }
    }
    Ok(total)
}
