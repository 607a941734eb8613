//! Gazettes, their issues and tables of contents.

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::{StoreError, StoreResult, Tx, trusted};

/// Makes (or renames) an organisation's gazette.
pub async fn set_gazette(tx: &mut Tx, org_id: i64, title: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO gazettes (org_id, title, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (org_id) DO UPDATE SET title = excluded.title",
    )
    .bind(org_id)
    .bind(title)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The gazette's title, when the organisation runs one.
pub async fn gazette_title(c: &mut AnyConnection, org_id: i64) -> StoreResult<Option<String>> {
    let row = sqlx::query("SELECT title FROM gazettes WHERE org_id = $1")
        .bind(org_id)
        .fetch_optional(c)
        .await?;
    Ok(row.map(|r| r.try_get("title")).transpose()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub id: i64,
    pub org_id: i64,
    pub year: i32,
    pub number: u32,
    pub total_number: u32,
    pub published_on: NaiveDate,
    /// Where the PDF's bytes are: never shown.
    pub pdf_key: String,
    pub pdf_size: i64,
    pub pdf_sha256: String,
    pub pdf_sm3: String,
    pub leaf_index: u64,
}

const COLS: &str = "id, org_id, year, number, total_number, published_on, pdf_key, pdf_size, \
    pdf_sha256, pdf_sm3, leaf_index";

fn num<T: TryFrom<i64>>(v: i64) -> StoreResult<T> {
    T::try_from(v).map_err(|_| StoreError::corrupt(format!("number out of range: {v}")))
}

fn from_row(r: &AnyRow) -> StoreResult<Issue> {
    Ok(Issue {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        year: num(r.try_get("year")?)?,
        number: num(r.try_get("number")?)?,
        total_number: num(r.try_get("total_number")?)?,
        published_on: parse_date(&r.try_get::<String, _>("published_on")?)?,
        pdf_key: r.try_get("pdf_key")?,
        pdf_size: r.try_get("pdf_size")?,
        pdf_sha256: r.try_get("pdf_sha256")?,
        pdf_sm3: r.try_get("pdf_sm3")?,
        leaf_index: num(r.try_get("leaf_index")?)?,
    })
}

/// The organisation's issues, newest first.
pub async fn issues(c: &mut AnyConnection, org_id: i64) -> StoreResult<Vec<Issue>> {
    sqlx::query(trusted(format!(
        "SELECT {COLS} FROM gazette_issues WHERE org_id = $1 ORDER BY total_number DESC"
    )))
    .bind(org_id)
    .fetch_all(c)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn issue(
    c: &mut AnyConnection,
    org_id: i64,
    year: i32,
    number: u32,
) -> StoreResult<Option<Issue>> {
    sqlx::query(trusted(format!(
        "SELECT {COLS} FROM gazette_issues WHERE org_id = $1 AND year = $2 AND number = $3"
    )))
    .bind(org_id)
    .bind(i64::from(year))
    .bind(i64::from(number))
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub async fn by_id(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Issue>> {
    sqlx::query(trusted(format!(
        "SELECT {COLS} FROM gazette_issues WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Every issue of every gazette, in log order.
pub async fn all_issues(c: &mut AnyConnection) -> StoreResult<Vec<Issue>> {
    sqlx::query(trusted(format!(
        "SELECT {COLS} FROM gazette_issues ORDER BY leaf_index"
    )))
    .fetch_all(c)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub struct NewIssue<'a> {
    pub org_id: i64,
    pub year: i32,
    pub number: u32,
    pub total_number: u32,
    pub published_on: NaiveDate,
    pub pdf_key: &'a str,
    pub pdf_size: i64,
    pub pdf_sha256: &'a str,
    pub pdf_sm3: &'a str,
    pub leaf_index: u64,
}

pub async fn insert_issue(tx: &mut Tx, n: &NewIssue<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO gazette_issues (org_id, year, number, total_number, published_on, pdf_key, \
         pdf_size, pdf_sha256, pdf_sm3, leaf_index, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(n.org_id)
    .bind(i64::from(n.year))
    .bind(i64::from(n.number))
    .bind(i64::from(n.total_number))
    .bind(format_date(n.published_on))
    .bind(n.pdf_key)
    .bind(n.pdf_size)
    .bind(n.pdf_sha256)
    .bind(n.pdf_sm3)
    .bind(i64::try_from(n.leaf_index).map_err(StoreError::corrupt)?)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub section: String,
    pub title: String,
    pub doc_number: String,
    pub document_id: Option<i64>,
    pub page: Option<u32>,
    /// The article's text as printed (empty where only the contents are known).
    pub body: String,
}

pub async fn add_article(
    tx: &mut Tx,
    issue_id: i64,
    position: usize,
    a: &Article,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO gazette_articles (issue_id, position, section, title, doc_number, document_id, page, body) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(issue_id)
    .bind(i64::try_from(position).map_err(StoreError::corrupt)?)
    .bind(&a.section)
    .bind(&a.title)
    .bind(&a.doc_number)
    .bind(a.document_id)
    .bind(a.page.map(i64::from))
    .bind(&a.body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn articles(c: &mut AnyConnection, issue_id: i64) -> StoreResult<Vec<Article>> {
    sqlx::query(
        "SELECT section, title, doc_number, document_id, page, body FROM gazette_articles WHERE issue_id = $1 \
         ORDER BY position",
    )
    .bind(issue_id)
    .fetch_all(c)
    .await?
    .iter()
    .map(|r| {
        let page: Option<i64> = r.try_get("page")?;
        Ok(Article {
            section: r.try_get("section")?,
            title: r.try_get("title")?,
            doc_number: r.try_get("doc_number")?,
            document_id: r.try_get("document_id")?,
            page: page.map(num).transpose()?,
            body: r.try_get("body")?,
        })
    })
    .collect()
}

/// Articles of an organisation's gazette in whose title, 文号 or text every one of
/// `words` occurs (any case), newest issue first, at most `limit`: (year, number, article).
pub async fn search_articles(
    c: &mut AnyConnection,
    org_id: i64,
    words: &[String],
    limit: i64,
) -> StoreResult<Vec<(i32, u32, Article)>> {
    let mut conds = String::new();
    for n in 0..words.len() {
        let p = n + 3;
        conds.push_str(&format!(
            " AND (LOWER(a.title) LIKE ${p} ESCAPE '\\' OR LOWER(a.doc_number) LIKE ${p} ESCAPE '\\' \
             OR LOWER(a.body) LIKE ${p} ESCAPE '\\')"
        ));
    }
    let q = format!(
        "SELECT i.year, i.number, a.section, a.title, a.doc_number, a.document_id, a.page, a.body \
         FROM gazette_articles a JOIN gazette_issues i ON i.id = a.issue_id \
         WHERE i.org_id = $1{conds} ORDER BY i.total_number DESC, a.position LIMIT $2"
    );
    let mut query = sqlx::query(crate::trusted(q)).bind(org_id).bind(limit);
    for w in words {
        query = query.bind(format!(
            "%{}%",
            w.to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        ));
    }
    let rows = query.fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            let page: Option<i64> = r.try_get("page")?;
            Ok((
                num(r.try_get("year")?)?,
                num(r.try_get("number")?)?,
                Article {
                    section: r.try_get("section")?,
                    title: r.try_get("title")?,
                    doc_number: r.try_get("doc_number")?,
                    document_id: r.try_get("document_id")?,
                    page: page.map(num).transpose()?,
                    body: r.try_get("body")?,
                },
            ))
        })
        .collect()
}
