//! Messages (留言) and their steps.

use chrono::NaiveDate;
use gongkai_domain::interaction::message::{
    MessageAction, MessageKind, MessageStatus, RefusalReason, Writer,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub tracking_number: String,
    pub query_code_hash: String,
    /// The organisation written to: it takes the message up and dispatches it.
    pub org_id: i64,
    /// The competent unit it was dispatched to.
    pub handling_org_id: Option<i64>,
    pub kind: MessageKind,
    pub status: MessageStatus,
    pub title: String,
    pub body: String,
    /// Personal data: staff views only.
    pub writer: Writer,
    pub publish_consent: bool,
    pub received_on: NaiveDate,
    pub reply_workdays: u32,
    pub refusal_reason: Option<RefusalReason>,
    pub refusal_note: String,
    pub reply: String,
    pub replied_by_org_id: Option<i64>,
    pub answered_on: Option<NaiveDate>,
    pub public_title: String,
    pub public_body: String,
    pub published_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const COLS: &str = "id, tracking_number, query_code_hash, org_id, handling_org_id, kind, status, \
    title, body, writer, publish_consent, received_on, reply_workdays, refusal_reason, refusal_note, \
    reply, replied_by_org_id, answered_on, public_title, public_body, published_at, created_at, updated_at";

fn parse<T: std::str::FromStr>(s: String) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(StoreError::corrupt)
}

fn from_row(r: &AnyRow) -> StoreResult<Message> {
    let writer: String = r.try_get("writer")?;
    let reason: Option<String> = r.try_get("refusal_reason")?;
    let answered: Option<String> = r.try_get("answered_on")?;
    let days: i64 = r.try_get("reply_workdays")?;
    Ok(Message {
        id: r.try_get("id")?,
        tracking_number: r.try_get("tracking_number")?,
        query_code_hash: r.try_get("query_code_hash")?,
        org_id: r.try_get("org_id")?,
        handling_org_id: r.try_get("handling_org_id")?,
        kind: parse(r.try_get("kind")?)?,
        status: parse(r.try_get("status")?)?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        writer: serde_json::from_str(&writer).map_err(StoreError::corrupt)?,
        publish_consent: r.try_get::<i64, _>("publish_consent")? != 0,
        received_on: parse_date(&r.try_get::<String, _>("received_on")?)?,
        reply_workdays: u32::try_from(days).map_err(StoreError::corrupt)?,
        refusal_reason: reason.map(parse).transpose()?,
        refusal_note: r.try_get("refusal_note")?,
        reply: r.try_get("reply")?,
        replied_by_org_id: r.try_get("replied_by_org_id")?,
        answered_on: answered.as_deref().map(parse_date).transpose()?,
        public_title: r.try_get("public_title")?,
        public_body: r.try_get("public_body")?,
        published_at: r.try_get("published_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// The next serial of an organisation's message numbers for a year.
pub async fn next_serial(tx: &mut Tx, org_id: i64, year: i32) -> StoreResult<u32> {
    crate::counters::take(tx, crate::counters::Counter::Message, org_id, year, 1).await
}

pub struct NewMessage<'a> {
    pub tracking_number: &'a str,
    pub query_code_hash: &'a str,
    pub org_id: i64,
    pub kind: MessageKind,
    pub title: &'a str,
    pub body: &'a str,
    pub writer: &'a Writer,
    pub publish_consent: bool,
    pub received_on: NaiveDate,
    pub reply_workdays: u32,
}

pub async fn insert(tx: &mut Tx, m: &NewMessage<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let writer = serde_json::to_string(m.writer).map_err(StoreError::corrupt)?;
    let row = sqlx::query(
        "INSERT INTO messages (tracking_number, query_code_hash, org_id, kind, status, title, body, \
         writer, publish_consent, received_on, reply_workdays, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(m.tracking_number)
    .bind(m.query_code_hash)
    .bind(m.org_id)
    .bind(m.kind.as_str())
    .bind(MessageStatus::Received.as_str())
    .bind(m.title)
    .bind(m.body)
    .bind(writer)
    .bind(i64::from(m.publish_consent))
    .bind(format_date(m.received_on))
    .bind(i64::from(m.reply_workdays))
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

pub async fn by_tracking_number(
    c: &mut AnyConnection,
    tracking_number: &str,
) -> StoreResult<Option<Message>> {
    let q = format!("SELECT {COLS} FROM messages WHERE tracking_number = $1");
    sqlx::query(trusted(q))
        .bind(tracking_number)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Messages written to, or dispatched to, any of the organisations; newest first.
pub async fn in_orgs(c: &mut AnyConnection, org_ids: &[i64]) -> StoreResult<Vec<Message>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ph = placeholders(1, org_ids.len());
    let q = format!(
        "SELECT {COLS} FROM messages WHERE org_id IN ({ph}) OR handling_org_id IN ({ph}) \
         ORDER BY received_on DESC, id DESC"
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

/// Where a page of published exchanges starts: after so many, or after the exchange
/// answered on a day with a tracking number (the list's order), which a new answer
/// cannot shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Window {
    Offset(i64),
    After(NaiveDate, String),
}

/// Published exchanges written to any of the organisations, newest answer first; and
/// how many there are in all.
pub async fn published(
    c: &mut AnyConnection,
    org_ids: &[i64],
    limit: i64,
    from: &Window,
) -> StoreResult<(Vec<Message>, i64)> {
    if org_ids.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let ph = placeholders(1, org_ids.len());
    let filter =
        format!("published_at IS NOT NULL AND (org_id IN ({ph}) OR handling_org_id IN ({ph}))");
    let mut count = sqlx::query(trusted(format!(
        "SELECT COUNT(*) FROM messages WHERE {filter}"
    )));
    for id in org_ids {
        count = count.bind(*id);
    }
    let total: i64 = count.fetch_one(&mut *c).await?.try_get(0)?;
    let n = org_ids.len();
    let (after, offset) = match from {
        Window::Offset(_) => (String::new(), format!("OFFSET ${}", n + 2)),
        Window::After(..) => (
            format!(
                " AND (answered_on < ${a} OR (answered_on = ${a} AND tracking_number < ${t}))",
                a = n + 2,
                t = n + 3
            ),
            String::new(),
        ),
    };
    let q = format!(
        "SELECT {COLS} FROM messages WHERE {filter}{after} \
         ORDER BY answered_on DESC, tracking_number DESC LIMIT ${} {offset}",
        n + 1,
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query = query.bind(limit);
    query = match from {
        Window::Offset(o) => query.bind(*o),
        Window::After(day, number) => query.bind(format_date(*day)).bind(number.clone()),
    };
    let rows = query.fetch_all(c).await?;
    Ok((
        rows.iter().map(from_row).collect::<StoreResult<_>>()?,
        total,
    ))
}

/// The state an action leaves a message in.
pub struct StateChange<'a> {
    pub status: MessageStatus,
    pub handling_org_id: Option<i64>,
    pub refusal_reason: Option<RefusalReason>,
    pub refusal_note: &'a str,
    pub reply: &'a str,
    pub replied_by_org_id: Option<i64>,
    pub answered_on: Option<NaiveDate>,
}

pub async fn set_state(tx: &mut Tx, id: i64, s: &StateChange<'_>) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "UPDATE messages SET status = $1, handling_org_id = $2, refusal_reason = $3, refusal_note = $4, \
         reply = $5, replied_by_org_id = $6, answered_on = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(s.status.as_str())
    .bind(s.handling_org_id)
    .bind(s.refusal_reason.map(|r| r.as_str()))
    .bind(s.refusal_note)
    .bind(s.reply)
    .bind(s.replied_by_org_id)
    .bind(s.answered_on.map(format_date))
    .bind(&now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Publishes the exchange with the question as the public reads it, or (with `None`)
/// takes it down.
pub async fn set_publication(
    tx: &mut Tx,
    id: i64,
    public: Option<(&str, &str)>,
) -> StoreResult<()> {
    let now = tx.now_text();
    let (title, body, at) = match public {
        Some((t, b)) => (t, b, Some(now.clone())),
        None => ("", "", None),
    };
    sqlx::query(
        "UPDATE messages SET public_title = $1, public_body = $2, published_at = $3, updated_at = $4 \
         WHERE id = $5",
    )
    .bind(title)
    .bind(body)
    .bind(at)
    .bind(&now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageStep {
    pub action: MessageAction,
    pub org_id: Option<i64>,
    pub note: String,
    pub actor: String,
    pub on_date: NaiveDate,
    pub at: String,
}

pub struct NewStep<'a> {
    pub message_id: i64,
    pub action: MessageAction,
    pub org_id: Option<i64>,
    pub note: &'a str,
    pub actor: &'a str,
    pub on_date: NaiveDate,
}

pub async fn add_step(tx: &mut Tx, s: &NewStep<'_>) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO message_steps (message_id, action, org_id, note, actor, on_date, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.message_id)
    .bind(s.action.as_str())
    .bind(s.org_id)
    .bind(s.note)
    .bind(s.actor)
    .bind(format_date(s.on_date))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn steps(c: &mut AnyConnection, message_id: i64) -> StoreResult<Vec<MessageStep>> {
    let rows = sqlx::query(
        "SELECT action, org_id, note, actor, on_date, at FROM message_steps WHERE message_id = $1 \
         ORDER BY id",
    )
    .bind(message_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MessageStep {
                action: parse(r.try_get("action")?)?,
                org_id: r.try_get("org_id")?,
                note: r.try_get("note")?,
                actor: r.try_get("actor")?,
                on_date: parse_date(&r.try_get::<String, _>("on_date")?)?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}
