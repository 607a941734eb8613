//! Saved inspections: their units' scores, their findings with each one's
//! rectification, and the steps taken on it.

use chrono::NaiveDate;
use gongkai_domain::inspection::Rule;
use gongkai_domain::inspection::rectification::{Status, Step};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::{StoreResult, Tx, code};

fn day(r: &AnyRow, col: &str) -> StoreResult<Option<NaiveDate>> {
    let s: Option<String> = r.try_get(col)?;
    s.as_deref().map(parse_date).transpose()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub id: i64,
    pub org_id: i64,
    pub run_on: NaiveDate,
    pub points: String,
    pub created_at: String,
}

fn run_row(r: &AnyRow) -> StoreResult<Run> {
    Ok(Run {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        run_on: parse_date(&r.try_get::<String, _>("run_on")?)?,
        points: r.try_get("points")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn insert_run(
    tx: &mut Tx,
    org_id: i64,
    run_on: NaiveDate,
    points: &str,
    created_by: Option<i64>,
) -> StoreResult<i64> {
    let now = tx.now_text();
    let r = sqlx::query(
        "INSERT INTO inspections (org_id, run_on, points, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(org_id)
    .bind(format_date(run_on))
    .bind(points)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get(0)?)
}

/// A unit's score and rank in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitScore {
    pub run_id: i64,
    pub org_id: i64,
    pub rank: i64,
    pub points: i64,
    pub vetoed: bool,
}

pub async fn insert_unit(tx: &mut Tx, u: &UnitScore) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO inspection_units (inspection_id, org_id, rank, points, vetoed) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(u.run_id)
    .bind(u.org_id)
    .bind(u.rank)
    .bind(u.points)
    .bind(i64::from(u.vetoed))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A saved finding with where its rectification stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFinding {
    pub id: i64,
    pub run_id: i64,
    pub org_id: i64,
    pub rule: Rule,
    pub veto: bool,
    pub page: String,
    pub detail: String,
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    pub updated_at: String,
}

const FINDING_COLS: &str =
    "id, inspection_id, org_id, rule, veto, page, detail, status, due_on, updated_at";

fn finding_row(r: &AnyRow) -> StoreResult<SavedFinding> {
    Ok(SavedFinding {
        id: r.try_get("id")?,
        run_id: r.try_get("inspection_id")?,
        org_id: r.try_get("org_id")?,
        rule: code(r, "rule")?,
        veto: r.try_get::<i64, _>("veto")? != 0,
        page: r.try_get("page")?,
        detail: r.try_get("detail")?,
        status: code(r, "status")?,
        due_on: day(r, "due_on")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub struct NewFinding<'a> {
    pub run_id: i64,
    pub org_id: i64,
    pub rule: Rule,
    pub veto: bool,
    pub page: &'a str,
    pub detail: &'a str,
}

pub async fn insert_finding(tx: &mut Tx, f: &NewFinding<'_>) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO inspection_findings (inspection_id, org_id, rule, veto, page, detail, status, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)",
    )
    .bind(f.run_id)
    .bind(f.org_id)
    .bind(f.rule.code())
    .bind(i64::from(f.veto))
    .bind(f.page)
    .bind(f.detail)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Saved runs of the organisation `org_id`, newest first.
pub async fn runs(c: &mut AnyConnection, org_id: i64, limit: i64) -> StoreResult<Vec<Run>> {
    let rows = sqlx::query(
        "SELECT id, org_id, run_on, points, created_at FROM inspections WHERE org_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(org_id)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(run_row).collect()
}

pub async fn run(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Run>> {
    let r =
        sqlx::query("SELECT id, org_id, run_on, points, created_at FROM inspections WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?;
    r.as_ref().map(run_row).transpose()
}

/// The units' scores of some runs, by run and rank.
pub async fn scores(c: &mut AnyConnection, org_id: i64, limit: i64) -> StoreResult<Vec<UnitScore>> {
    let rows = sqlx::query(
        "SELECT u.inspection_id, u.org_id, u.rank, u.points, u.vetoed FROM inspection_units u \
         WHERE u.inspection_id IN (SELECT id FROM inspections WHERE org_id = $1 ORDER BY id DESC LIMIT $2) \
         ORDER BY u.inspection_id, u.rank",
    )
    .bind(org_id)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(UnitScore {
                run_id: r.try_get("inspection_id")?,
                org_id: r.try_get("org_id")?,
                rank: r.try_get("rank")?,
                points: r.try_get("points")?,
                vetoed: r.try_get::<i64, _>("vetoed")? != 0,
            })
        })
        .collect()
}

pub async fn findings(c: &mut AnyConnection, run_id: i64) -> StoreResult<Vec<SavedFinding>> {
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT {FINDING_COLS} FROM inspection_findings WHERE inspection_id = $1 ORDER BY org_id, id"
    )))
    .bind(run_id)
    .fetch_all(c)
    .await?;
    rows.iter().map(finding_row).collect()
}

pub async fn finding(c: &mut AnyConnection, id: i64) -> StoreResult<Option<SavedFinding>> {
    let r = sqlx::query(crate::trusted(format!(
        "SELECT {FINDING_COLS} FROM inspection_findings WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(finding_row).transpose()
}

/// Findings in a rectification status, of any run, oldest first (a unit's work list).
pub async fn in_status(c: &mut AnyConnection, status: Status) -> StoreResult<Vec<SavedFinding>> {
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT {FINDING_COLS} FROM inspection_findings WHERE status = $1 ORDER BY id"
    )))
    .bind(status.as_str())
    .fetch_all(c)
    .await?;
    rows.iter().map(finding_row).collect()
}

/// One step on a rectification, as its history keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    pub step: Step,
    pub note: String,
    pub due_on: Option<NaiveDate>,
    pub actor: String,
    pub at: String,
}

/// Moves a finding's rectification from `from` (refused if it moved meanwhile) and
/// records the step.
#[allow(clippy::too_many_arguments)]
pub async fn take_step(
    tx: &mut Tx,
    finding_id: i64,
    from: Status,
    to: Status,
    step: Step,
    note: &str,
    due_on: Option<NaiveDate>,
    actor: (Option<i64>, &str),
) -> StoreResult<bool> {
    let now = tx.now_text();
    let due = due_on.map(format_date);
    let moved = sqlx::query(
        "UPDATE inspection_findings SET status = $1, due_on = COALESCE($2, due_on), updated_at = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(due.clone())
    .bind(&now)
    .bind(finding_id)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO rectification_steps (finding_id, step, note, due_on, actor_id, actor, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(finding_id)
    .bind(step.as_str())
    .bind(note)
    .bind(due)
    .bind(actor.0)
    .bind(actor.1)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

pub async fn steps(c: &mut AnyConnection, finding_id: i64) -> StoreResult<Vec<StepRecord>> {
    let rows = sqlx::query(
        "SELECT step, note, due_on, actor, at FROM rectification_steps WHERE finding_id = $1 ORDER BY id",
    )
    .bind(finding_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StepRecord {
                step: code(r, "step")?,
                note: r.try_get("note")?,
                due_on: day(r, "due_on")?,
                actor: r.try_get("actor")?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}
