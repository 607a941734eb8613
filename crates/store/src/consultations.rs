//! Public consultations (意见征集) and their comments.

use chrono::NaiveDate;
use gongkai_domain::interaction::consultation::{Adoption, CommentStatus, Feedback};
use gongkai_domain::interaction::message::Writer;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consultation {
    pub id: i64,
    pub org_id: i64,
    pub title: String,
    pub draft: String,
    pub explanation: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub shortened_reason: String,
    pub other_ways: String,
    pub document_id: Option<i64>,
    pub comment_count: i64,
    pub published_at: Option<String>,
    pub feedback: Option<Feedback>,
    pub feedback_published_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const COLS: &str = "id, org_id, title, draft, explanation, opens_on, closes_on, shortened_reason, \
    other_ways, document_id, comment_count, published_at, feedback, feedback_published_at, \
    created_at, updated_at";

fn from_row(r: &AnyRow) -> StoreResult<Consultation> {
    let feedback: Option<String> = r.try_get("feedback")?;
    Ok(Consultation {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        title: r.try_get("title")?,
        draft: r.try_get("draft")?,
        explanation: r.try_get("explanation")?,
        opens_on: parse_date(&r.try_get::<String, _>("opens_on")?)?,
        closes_on: parse_date(&r.try_get::<String, _>("closes_on")?)?,
        shortened_reason: r.try_get("shortened_reason")?,
        other_ways: r.try_get("other_ways")?,
        document_id: r.try_get("document_id")?,
        comment_count: r.try_get("comment_count")?,
        published_at: r.try_get("published_at")?,
        feedback: feedback
            .map(|f| serde_json::from_str(&f).map_err(StoreError::corrupt))
            .transpose()?,
        feedback_published_at: r.try_get("feedback_published_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub struct NewConsultation<'a> {
    pub org_id: i64,
    pub title: &'a str,
    pub draft: &'a str,
    pub explanation: &'a str,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub shortened_reason: &'a str,
    pub other_ways: &'a str,
    pub document_id: Option<i64>,
    pub created_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, n: &NewConsultation<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO consultations (org_id, title, draft, explanation, opens_on, closes_on, \
         shortened_reason, other_ways, document_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(n.org_id)
    .bind(n.title)
    .bind(n.draft)
    .bind(n.explanation)
    .bind(format_date(n.opens_on))
    .bind(format_date(n.closes_on))
    .bind(n.shortened_reason)
    .bind(n.other_ways)
    .bind(n.document_id)
    .bind(n.created_by)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

/// Rewrites what a consultation says (before it is announced).
pub async fn update(tx: &mut Tx, id: i64, n: &NewConsultation<'_>) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "UPDATE consultations SET title = $1, draft = $2, explanation = $3, opens_on = $4, closes_on = $5, \
         shortened_reason = $6, other_ways = $7, document_id = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(n.title)
    .bind(n.draft)
    .bind(n.explanation)
    .bind(format_date(n.opens_on))
    .bind(format_date(n.closes_on))
    .bind(n.shortened_reason)
    .bind(n.other_ways)
    .bind(n.document_id)
    .bind(&now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Consultation>> {
    sqlx::query(trusted(format!(
        "SELECT {COLS} FROM consultations WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The consultations of the organisations, latest closing first; `published_only`
/// keeps those announced to the public.
pub async fn in_orgs(
    c: &mut AnyConnection,
    org_ids: &[i64],
    published_only: bool,
) -> StoreResult<Vec<Consultation>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let published = if published_only {
        " AND published_at IS NOT NULL"
    } else {
        ""
    };
    let q = format!(
        "SELECT {COLS} FROM consultations WHERE org_id IN ({}){published} ORDER BY closes_on DESC, id DESC",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

/// The consultations about a document.
pub async fn of_document(
    c: &mut AnyConnection,
    document_id: i64,
) -> StoreResult<Vec<Consultation>> {
    sqlx::query(trusted(format!(
        "SELECT {COLS} FROM consultations WHERE document_id = $1 AND published_at IS NOT NULL ORDER BY id"
    )))
    .bind(document_id)
    .fetch_all(c)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn set_published(tx: &mut Tx, id: i64) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE consultations SET published_at = $1, updated_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_feedback(tx: &mut Tx, id: i64, feedback: &Feedback) -> StoreResult<()> {
    let now = tx.now_text();
    let text = serde_json::to_string(feedback).map_err(StoreError::corrupt)?;
    sqlx::query(
        "UPDATE consultations SET feedback = $1, feedback_published_at = $2, updated_at = $2 WHERE id = $3",
    )
    .bind(text)
    .bind(&now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub consultation_id: i64,
    pub number: u32,
    /// Personal data: staff views only.
    pub writer: Writer,
    pub body: String,
    pub public: bool,
    pub status: CommentStatus,
    pub moderation_note: String,
    pub adoption: Option<Adoption>,
    pub reason: String,
    pub received_at: String,
}

fn comment_from_row(r: &AnyRow) -> StoreResult<Comment> {
    let writer: String = r.try_get("writer")?;
    let status: String = r.try_get("status")?;
    let adoption: Option<String> = r.try_get("adoption")?;
    let number: i64 = r.try_get("number")?;
    Ok(Comment {
        id: r.try_get("id")?,
        consultation_id: r.try_get("consultation_id")?,
        number: u32::try_from(number).map_err(StoreError::corrupt)?,
        writer: serde_json::from_str(&writer).map_err(StoreError::corrupt)?,
        body: r.try_get("body")?,
        public: r.try_get::<i64, _>("public")? != 0,
        status: status.parse().map_err(StoreError::corrupt)?,
        moderation_note: r.try_get("moderation_note")?,
        adoption: adoption
            .map(|a| a.parse().map_err(StoreError::corrupt))
            .transpose()?,
        reason: r.try_get("reason")?,
        received_at: r.try_get("received_at")?,
    })
}

/// Adds a comment with the consultation's next number; returns (id, number).
pub async fn add_comment(
    tx: &mut Tx,
    consultation_id: i64,
    writer: &Writer,
    body: &str,
    public: bool,
) -> StoreResult<(i64, u32)> {
    let now = tx.now_text();
    let row = sqlx::query(
        "UPDATE consultations SET comment_count = comment_count + 1 WHERE id = $1 RETURNING comment_count",
    )
    .bind(consultation_id)
    .fetch_one(&mut **tx)
    .await?;
    let number: i64 = row.try_get(0)?;
    let writer = serde_json::to_string(writer).map_err(StoreError::corrupt)?;
    let row = sqlx::query(
        "INSERT INTO consultation_comments (consultation_id, number, writer, body, public, status, \
         received_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(consultation_id)
    .bind(number)
    .bind(writer)
    .bind(body)
    .bind(i64::from(public))
    .bind(CommentStatus::Pending.as_str())
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok((
        row.try_get(0)?,
        u32::try_from(number).map_err(StoreError::corrupt)?,
    ))
}

const COMMENT_COLS: &str = "id, consultation_id, number, writer, body, public, status, moderation_note, \
    adoption, reason, received_at";

pub async fn comments(c: &mut AnyConnection, consultation_id: i64) -> StoreResult<Vec<Comment>> {
    sqlx::query(trusted(format!(
        "SELECT {COMMENT_COLS} FROM consultation_comments WHERE consultation_id = $1 ORDER BY number"
    )))
    .bind(consultation_id)
    .fetch_all(c)
    .await?
    .iter()
    .map(comment_from_row)
    .collect()
}

pub async fn comment(
    c: &mut AnyConnection,
    consultation_id: i64,
    number: u32,
) -> StoreResult<Option<Comment>> {
    sqlx::query(trusted(format!(
        "SELECT {COMMENT_COLS} FROM consultation_comments WHERE consultation_id = $1 AND number = $2"
    )))
    .bind(consultation_id)
    .bind(i64::from(number))
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(comment_from_row)
    .transpose()
}

pub async fn moderate(tx: &mut Tx, id: i64, status: CommentStatus, note: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "UPDATE consultation_comments SET status = $1, moderation_note = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status.as_str())
    .bind(note)
    .bind(&now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn decide(tx: &mut Tx, id: i64, adoption: Adoption, reason: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "UPDATE consultation_comments SET adoption = $1, reason = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(adoption.as_str())
    .bind(reason)
    .bind(&now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A file published with a consultation; the bytes live in the blob store.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConsultationFile {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// Where the bytes are: never shown.
    #[serde(skip)]
    pub storage_key: String,
}

pub struct NewFile<'a> {
    pub consultation_id: i64,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
}

pub async fn add_file(tx: &mut Tx, f: &NewFile<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO consultation_files (consultation_id, filename, content_type, size_bytes, sha256, \
         storage_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(f.consultation_id)
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

pub async fn files(
    c: &mut AnyConnection,
    consultation_id: i64,
) -> StoreResult<Vec<ConsultationFile>> {
    let rows = sqlx::query(
        "SELECT id, filename, content_type, size_bytes, sha256, storage_key FROM consultation_files \
         WHERE consultation_id = $1 ORDER BY id",
    )
    .bind(consultation_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ConsultationFile {
                id: r.try_get("id")?,
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
pub async fn remove_file(
    tx: &mut Tx,
    consultation_id: i64,
    id: i64,
) -> StoreResult<Option<String>> {
    let row = sqlx::query(
        "DELETE FROM consultation_files WHERE consultation_id = $1 AND id = $2 RETURNING storage_key",
    )
    .bind(consultation_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}
