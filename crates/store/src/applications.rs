//! Applications for government information (依申请公开) and their steps.

use chrono::NaiveDate;
use gongkai_domain::application::{
    Applicant, Channel, InformationRequest, Outcome, Status, StepDetail, StepRef,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub id: i64,
    pub org_id: i64,
    pub tracking_number: String,
    pub query_code_hash: String,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub status: Status,
    /// Personal data: staff views only.
    pub applicant: Applicant,
    pub applicant_key: String,
    pub request: InformationRequest,
    pub assigned_org_id: Option<i64>,
    pub outcome: Option<Outcome>,
    pub replied_on: Option<NaiveDate>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

/// One step of an application's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: i64,
    pub on_date: NaiveDate,
    pub status_after: Status,
    /// The action and its particulars.
    pub detail: StepDetail,
    pub actor: String,
    pub at: String,
}

impl Step {
    /// The step as the domain's rules read it.
    pub fn as_ref(&self) -> StepRef<'_> {
        StepRef {
            id: self.id,
            on_date: self.on_date,
            detail: &self.detail,
        }
    }
}

const COLS: &str = "id, org_id, tracking_number, query_code_hash, channel, received_on, status, \
    applicant, applicant_key, title, doc_number, doc_number_normalized, description, delivery_form, \
    delivery_way, assigned_org_id, outcome, replied_on, created_by, created_at, updated_at";

fn parse<T: std::str::FromStr>(s: String) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(StoreError::corrupt)
}

fn from_row(r: &AnyRow) -> StoreResult<Application> {
    let applicant: String = r.try_get("applicant")?;
    let replied: Option<String> = r.try_get("replied_on")?;
    let outcome: Option<String> = r.try_get("outcome")?;
    Ok(Application {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        tracking_number: r.try_get("tracking_number")?,
        query_code_hash: r.try_get("query_code_hash")?,
        channel: parse(r.try_get("channel")?)?,
        received_on: parse_date(&r.try_get::<String, _>("received_on")?)?,
        status: parse(r.try_get("status")?)?,
        applicant: serde_json::from_str(&applicant).map_err(StoreError::corrupt)?,
        applicant_key: r.try_get("applicant_key")?,
        request: InformationRequest {
            title: r.try_get("title")?,
            doc_number: r.try_get("doc_number")?,
            doc_number_normalized: r.try_get("doc_number_normalized")?,
            description: r.try_get("description")?,
            delivery_form: parse(r.try_get("delivery_form")?)?,
            delivery_way: parse(r.try_get("delivery_way")?)?,
        },
        assigned_org_id: r.try_get("assigned_org_id")?,
        outcome: outcome.map(parse).transpose()?,
        replied_on: replied.as_deref().map(parse_date).transpose()?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Issues the next tracking-number serial of an organisation for a year; serials only grow.
pub async fn next_serial(tx: &mut Tx, org_id: i64, year: i32) -> StoreResult<u32> {
    crate::counters::take(tx, crate::counters::Counter::Application, org_id, year, 1).await
}

pub struct NewApplication<'a> {
    pub org_id: i64,
    pub tracking_number: &'a str,
    pub query_code_hash: &'a str,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub status: Status,
    pub applicant: &'a Applicant,
    pub applicant_key: &'a str,
    pub request: &'a InformationRequest,
    pub created_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, a: &NewApplication<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let applicant = serde_json::to_string(a.applicant).map_err(StoreError::corrupt)?;
    let r = a.request;
    let row = sqlx::query(
        "INSERT INTO applications (org_id, tracking_number, query_code_hash, channel, received_on, status, \
         applicant_kind, applicant, applicant_key, title, doc_number, doc_number_normalized, description, \
         delivery_form, delivery_way, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
    )
    .bind(a.org_id)
    .bind(a.tracking_number)
    .bind(a.query_code_hash)
    .bind(a.channel.as_str())
    .bind(format_date(a.received_on))
    .bind(a.status.as_str())
    .bind(a.applicant.kind.as_str())
    .bind(applicant)
    .bind(a.applicant_key)
    .bind(&r.title)
    .bind(&r.doc_number)
    .bind(&r.doc_number_normalized)
    .bind(&r.description)
    .bind(r.delivery_form.as_str())
    .bind(r.delivery_way.as_str())
    .bind(a.created_by)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Application>> {
    let q = format!("SELECT {COLS} FROM applications WHERE id = $1");
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_tracking_number(
    c: &mut AnyConnection,
    tracking_number: &str,
) -> StoreResult<Option<Application>> {
    let q = format!("SELECT {COLS} FROM applications WHERE tracking_number = $1");
    sqlx::query(trusted(q))
        .bind(tracking_number)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The applications of the given organisations, newest receipt first; `open_only`
/// keeps those still waiting for a reply.
pub async fn in_orgs(
    c: &mut AnyConnection,
    org_ids: &[i64],
    open_only: bool,
) -> StoreResult<Vec<Application>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let open = if open_only {
        " AND status NOT IN ('replied', 'delivered', 'archived')"
    } else {
        ""
    };
    let q = format!(
        "SELECT {COLS} FROM applications WHERE org_id IN ({}){open} ORDER BY received_on DESC, id DESC",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

/// The rank of application `id` among those its applicant made to the same organisation
/// in the calendar month of its receipt (from `month_start`), in order of receipt date
/// and then registration: what the 按件 fee counts.
pub async fn rank_in_month(
    c: &mut AnyConnection,
    a: &Application,
    month_start: NaiveDate,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM applications WHERE org_id = $1 AND applicant_key = $2 \
         AND received_on >= $3 AND (received_on < $4 OR (received_on = $4 AND id <= $5))",
    )
    .bind(a.org_id)
    .bind(&a.applicant_key)
    .bind(format_date(month_start))
    .bind(format_date(a.received_on))
    .bind(a.id)
    .fetch_one(c)
    .await?;
    Ok(row.try_get(0)?)
}

/// The state an action leaves the application in.
pub struct StateChange<'a> {
    pub status: Status,
    pub assigned_org_id: Option<i64>,
    pub outcome: Option<Outcome>,
    pub replied_on: Option<NaiveDate>,
    pub request: Option<&'a InformationRequest>,
}

pub async fn set_state(tx: &mut Tx, id: i64, s: &StateChange<'_>) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "UPDATE applications SET status = $1, assigned_org_id = $2, outcome = $3, replied_on = $4, \
         updated_at = $5 WHERE id = $6",
    )
    .bind(s.status.as_str())
    .bind(s.assigned_org_id)
    .bind(s.outcome.map(|o| o.as_str()))
    .bind(s.replied_on.map(format_date))
    .bind(&now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if let Some(r) = s.request {
        sqlx::query(
            "UPDATE applications SET title = $1, doc_number = $2, doc_number_normalized = $3, \
             description = $4 WHERE id = $5",
        )
        .bind(&r.title)
        .bind(&r.doc_number)
        .bind(&r.doc_number_normalized)
        .bind(&r.description)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub struct NewStep<'a> {
    pub application_id: i64,
    pub on_date: NaiveDate,
    pub status_after: Status,
    pub detail: &'a StepDetail,
    pub actor: &'a str,
}

pub async fn add_step(tx: &mut Tx, s: &NewStep<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO application_steps (application_id, action, on_date, status_after, detail, actor, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(s.application_id)
    .bind(s.detail.code())
    .bind(format_date(s.on_date))
    .bind(s.status_after.as_str())
    .bind(s.detail.to_stored().to_string())
    .bind(s.actor)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

fn step_from_row(r: &AnyRow) -> StoreResult<Step> {
    let detail: String = r.try_get("detail")?;
    let action: String = r.try_get("action")?;
    let detail = serde_json::from_str(&detail).map_err(StoreError::corrupt)?;
    Ok(Step {
        id: r.try_get("id")?,
        on_date: parse_date(&r.try_get::<String, _>("on_date")?)?,
        status_after: parse(r.try_get("status_after")?)?,
        detail: StepDetail::from_stored(&action, detail).map_err(StoreError::corrupt)?,
        actor: r.try_get("actor")?,
        at: r.try_get("at")?,
    })
}

/// An application's steps in the order they were taken.
pub async fn steps(c: &mut AnyConnection, application_id: i64) -> StoreResult<Vec<Step>> {
    let rows = sqlx::query(
        "SELECT id, action, on_date, status_after, detail, actor, at FROM application_steps \
         WHERE application_id = $1 ORDER BY id",
    )
    .bind(application_id)
    .fetch_all(c)
    .await?;
    rows.iter().map(step_from_row).collect()
}

/// The steps of many applications at once (a register, a dashboard), by application.
pub async fn steps_of(
    c: &mut AnyConnection,
    application_ids: &[i64],
) -> StoreResult<std::collections::HashMap<i64, Vec<Step>>> {
    let mut out: std::collections::HashMap<i64, Vec<Step>> = Default::default();
    // SQLite allows at most 32766 parameters per statement; stay well below.
    for chunk in application_ids.chunks(500) {
        let q = format!(
            "SELECT application_id, id, action, on_date, status_after, detail, actor, at \
             FROM application_steps WHERE application_id IN ({}) ORDER BY application_id, id",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query(trusted(q));
        for id in chunk {
            query = query.bind(*id);
        }
        for r in query.fetch_all(&mut *c).await? {
            let app: i64 = r.try_get("application_id")?;
            out.entry(app).or_default().push(step_from_row(&r)?);
        }
    }
    Ok(out)
}

/// An organisation's own wording of a letter, if it has one.
pub async fn letter_template(
    c: &mut AnyConnection,
    org_id: i64,
    kind: &str,
) -> StoreResult<Option<String>> {
    let row = sqlx::query("SELECT body FROM letter_templates WHERE org_id = $1 AND kind = $2")
        .bind(org_id)
        .bind(kind)
        .fetch_optional(c)
        .await?;
    Ok(row.map(|r| r.try_get("body")).transpose()?)
}

/// Sets (or, with `None`, removes) an organisation's wording of a letter.
pub async fn set_letter_template(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    body: Option<&str>,
) -> StoreResult<()> {
    let now = tx.now_text();
    match body {
        Some(b) => {
            sqlx::query(
                "INSERT INTO letter_templates (org_id, kind, body, updated_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (org_id, kind) DO UPDATE SET body = $3, updated_at = $4",
            )
            .bind(org_id)
            .bind(kind)
            .bind(b)
            .bind(&now)
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM letter_templates WHERE org_id = $1 AND kind = $2")
                .bind(org_id)
                .bind(kind)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}
