//! Government information records (政府信息), their co-issuers and relations.

use chrono::NaiveDate;
use gongkai_domain::attribute::{Attribute, AttributeDecision};
use gongkai_domain::docnum::{DocNumber, Scheme};
use gongkai_domain::document::{Column, DocumentFields};
use gongkai_domain::validity::{Relation, Validity};
use gongkai_domain::workflow::State;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: i64,
    pub org_id: i64,
    pub index_number: String,
    pub title: String,
    pub doc_number: Option<DocNumber>,
    pub written_on: NaiveDate,
    pub published_on: Option<NaiveDate>,
    pub topic: String,
    pub category: Option<String>,
    pub column: Column,
    pub summary: String,
    /// Sanitised HTML.
    pub body: String,
    pub decision: AttributeDecision,
    pub state: State,
    pub validity: Validity,
    pub rereviewed_year: Option<i32>,
    /// When a re-review made it 主动公开 after it was formed (条例 Art.26: "变更").
    pub proactive_since: Option<NaiveDate>,
    /// Signed off only together with its interpretation.
    pub needs_interpretation: bool,
    /// Raised on every change of title, 文号 or body.
    pub version: i64,
    pub created_by: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl Document {
    /// The document as a line of a list, with its organisation's name and slug.
    pub fn summary(&self, org_name: &str, org_slug: &str) -> DocumentSummary {
        DocumentSummary {
            id: self.id,
            org_id: self.org_id,
            org_name: org_name.to_owned(),
            org_slug: org_slug.to_owned(),
            index_number: self.index_number.clone(),
            title: self.title.clone(),
            doc_number: self.doc_number.as_ref().map(|n| n.normalized().to_owned()),
            written_on: self.written_on,
            published_on: self.published_on,
            topic: self.topic.clone(),
            category: self.category.clone(),
            attribute: self.decision.attribute,
            state: self.state,
            validity: self.validity,
            summary: self.summary.clone(),
        }
    }
}

/// A row of a document list: no body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocumentSummary {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_slug: String,
    pub index_number: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub written_on: NaiveDate,
    pub published_on: Option<NaiveDate>,
    pub topic: String,
    pub category: Option<String>,
    pub attribute: Attribute,
    pub state: State,
    pub validity: Validity,
    pub summary: String,
}

const DOC_COLS: &str = "d.id, d.org_id, d.index_number, d.title, d.doc_number_raw, d.doc_code, d.doc_year, \
    d.doc_serial, d.doc_scheme, d.written_on, d.published_on, d.topic, d.category, d.column_kind, d.summary, \
    d.body, d.attribute, d.legal_ground, d.attribute_reason, d.state, d.validity, d.rereviewed_year, \
    d.proactive_since, d.needs_interpretation, d.version, d.created_by, d.created_at, d.updated_at";

const SUMMARY_COLS: &str = "d.id, d.org_id, o.name AS org_name, o.slug AS org_slug, d.index_number, d.title, \
    d.doc_number, d.written_on, d.published_on, d.topic, d.category, d.attribute, d.state, d.validity, d.summary";

fn parse<T: std::str::FromStr>(s: String) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(StoreError::corrupt)
}

fn opt_date(s: Option<String>) -> StoreResult<Option<NaiveDate>> {
    s.as_deref().map(parse_date).transpose()
}

fn scheme_str(s: Scheme) -> &'static str {
    match s {
        Scheme::Standard => "standard",
        Scheme::Order => "order",
        Scheme::Announcement => "announcement",
    }
}

fn scheme_parse(s: &str) -> StoreResult<Scheme> {
    match s {
        "standard" => Ok(Scheme::Standard),
        "order" => Ok(Scheme::Order),
        "announcement" => Ok(Scheme::Announcement),
        other => Err(StoreError::corrupt(format!("文号类型“{other}”"))),
    }
}

fn doc_from_row(r: &AnyRow) -> StoreResult<Document> {
    let raw: Option<String> = r.try_get("doc_number_raw")?;
    let doc_number = match raw {
        None => None,
        Some(raw) => {
            let code: String = r.try_get("doc_code")?;
            let year: Option<i64> = r.try_get("doc_year")?;
            let serial: i64 = r.try_get("doc_serial")?;
            let scheme: String = r.try_get("doc_scheme")?;
            Some(DocNumber::from_parts(
                raw,
                code,
                year.map(|y| y as i32),
                serial as u32,
                scheme_parse(&scheme)?,
            ))
        }
    };
    let ground: Option<String> = r.try_get("legal_ground")?;
    let column: String = r.try_get("column_kind")?;
    Ok(Document {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        index_number: r.try_get("index_number")?,
        title: r.try_get("title")?,
        doc_number,
        written_on: parse_date(&r.try_get::<String, _>("written_on")?)?,
        published_on: opt_date(r.try_get("published_on")?)?,
        topic: r.try_get("topic")?,
        category: r.try_get("category")?,
        column: Column::parse(&column).map_err(StoreError::corrupt)?,
        summary: r.try_get("summary")?,
        body: r.try_get("body")?,
        decision: AttributeDecision {
            attribute: parse(r.try_get("attribute")?)?,
            ground: ground.map(parse).transpose()?,
            reason: r.try_get("attribute_reason")?,
        },
        state: parse(r.try_get("state")?)?,
        validity: parse(r.try_get("validity")?)?,
        rereviewed_year: r
            .try_get::<Option<i64>, _>("rereviewed_year")?
            .map(|y| y as i32),
        proactive_since: opt_date(r.try_get("proactive_since")?)?,
        needs_interpretation: r.try_get::<i64, _>("needs_interpretation")? != 0,
        version: r.try_get("version")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn summary_from_row(r: &AnyRow) -> StoreResult<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_slug: r.try_get("org_slug")?,
        index_number: r.try_get("index_number")?,
        title: r.try_get("title")?,
        doc_number: r.try_get("doc_number")?,
        written_on: parse_date(&r.try_get::<String, _>("written_on")?)?,
        published_on: opt_date(r.try_get("published_on")?)?,
        topic: r.try_get("topic")?,
        category: r.try_get("category")?,
        attribute: parse(r.try_get("attribute")?)?,
        state: parse(r.try_get("state")?)?,
        validity: parse(r.try_get("validity")?)?,
        summary: r.try_get("summary")?,
    })
}

/// Issues the next 索引号 serial of an organisation for a year. The counter only
/// grows, so a serial is never handed out twice, even when documents are withdrawn.
pub async fn next_index_serial(tx: &mut Tx, org_id: i64, year: i32) -> StoreResult<u32> {
    crate::counters::take(tx, crate::counters::Counter::IndexNumber, org_id, year, 1).await
}

fn duplicate_number(e: sqlx::Error, f: &DocumentFields) -> StoreError {
    let msg = e.to_string();
    StoreError::on_unique(e, || match &f.doc_number {
        Some(n) if !msg.contains("index_number") => {
            format!(
                "本机关已有文号为“{}”的文件，同一发文机关同一年度的文号不能重复",
                n.normalized()
            )
        }
        _ => "索引号冲突，请重试".to_owned(),
    })
}

/// A document to insert. `fields.body` must already be sanitised.
pub struct NewDocument<'a> {
    pub org_id: i64,
    pub index_number: &'a str,
    pub fields: &'a DocumentFields,
    pub created_by: i64,
    /// Draft for documents entered by staff; published for imports.
    pub state: State,
    pub published_on: Option<NaiveDate>,
    pub validity: Validity,
    /// The document's key in an import source.
    pub source_key: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, d: &NewDocument<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let f = d.fields;
    let n = f.doc_number.as_ref();
    let row = sqlx::query(
        "INSERT INTO documents (org_id, index_number, title, doc_number_raw, doc_number, doc_code, doc_year, \
         doc_serial, doc_scheme, written_on, topic, category, column_kind, summary, body, attribute, \
         legal_ground, attribute_reason, state, validity, created_by, created_at, updated_at, published_on, source_key, \
         needs_interpretation) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, $23, $24, $25) \
         RETURNING id",
    )
    .bind(d.org_id)
    .bind(d.index_number)
    .bind(&f.title)
    .bind(n.map(|n| n.raw().to_owned()))
    .bind(n.map(|n| n.normalized().to_owned()))
    .bind(n.map(|n| n.code().to_owned()))
    .bind(n.and_then(|n| n.year()).map(i64::from))
    .bind(n.map(|n| i64::from(n.serial())))
    .bind(n.map(|n| scheme_str(n.scheme())))
    .bind(format_date(f.written_on))
    .bind(f.topic.code)
    .bind(f.category.map(|c| c.code))
    .bind(f.column.as_str())
    .bind(&f.summary)
    .bind(&f.body)
    .bind(f.decision.attribute.as_str())
    .bind(f.decision.ground.map(|g| g.as_str()))
    .bind(&f.decision.reason)
    .bind(d.state.as_str())
    .bind(d.validity.as_str())
    .bind(d.created_by)
    .bind(&now)
    .bind(d.published_on.map(format_date))
    .bind(d.source_key)
    .bind(i64::from(f.needs_interpretation))
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| duplicate_number(e, f))?;
    Ok(row.try_get(0)?)
}

/// Reserves `n` consecutive 索引号 serials of an organisation for a year; returns the first.
pub async fn reserve_index_serials(
    tx: &mut Tx,
    org_id: i64,
    year: i32,
    n: u32,
) -> StoreResult<u32> {
    crate::counters::take(tx, crate::counters::Counter::IndexNumber, org_id, year, n).await
}

/// Which of `keys` are already imported for the organisation.
pub async fn existing_source_keys(
    c: &mut AnyConnection,
    org_id: i64,
    keys: &[&str],
) -> StoreResult<Vec<String>> {
    existing(c, "source_key", org_id, keys).await
}

/// Which of the normalised 文号 `numbers` the organisation already uses.
pub async fn existing_doc_numbers(
    c: &mut AnyConnection,
    org_id: i64,
    numbers: &[&str],
) -> StoreResult<Vec<String>> {
    existing(c, "doc_number", org_id, numbers).await
}

async fn existing(
    c: &mut AnyConnection,
    column: &'static str,
    org_id: i64,
    values: &[&str],
) -> StoreResult<Vec<String>> {
    let mut out = Vec::new();
    // SQLite allows at most 32766 parameters per statement; stay well below.
    for chunk in values.chunks(500) {
        let q = format!(
            "SELECT {column} FROM documents WHERE org_id = $1 AND {column} IN ({})",
            placeholders(2, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (String,)>(trusted(q)).bind(org_id);
        for v in chunk {
            query = query.bind(*v);
        }
        out.extend(query.fetch_all(&mut *c).await?.into_iter().map(|r| r.0));
    }
    Ok(out)
}

/// Lines of an import file already committed.
pub async fn import_progress(c: &mut AnyConnection, file_id: &str) -> StoreResult<i64> {
    let r: Option<(i64,)> =
        sqlx::query_as("SELECT lines_done FROM import_progress WHERE file_id = $1")
            .bind(file_id)
            .fetch_optional(c)
            .await?;
    Ok(r.map_or(0, |r| r.0))
}

pub async fn set_import_progress(
    tx: &mut Tx,
    file_id: &str,
    source: &str,
    lines_done: i64,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO import_progress (file_id, source, lines_done, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (file_id) DO UPDATE SET lines_done = $3, updated_at = $4",
    )
    .bind(file_id)
    .bind(source)
    .bind(lines_done)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Replaces the editable fields. `f.body` must already be sanitised.
pub async fn update_fields(tx: &mut Tx, id: i64, f: &DocumentFields) -> StoreResult<()> {
    let now = tx.now_text();
    let n = f.doc_number.as_ref();
    sqlx::query(
        "UPDATE documents SET title = $1, doc_number_raw = $2, doc_number = $3, doc_code = $4, doc_year = $5, \
         doc_serial = $6, doc_scheme = $7, written_on = $8, topic = $9, category = $10, column_kind = $11, \
         summary = $12, body = $13, attribute = $14, legal_ground = $15, attribute_reason = $16, updated_at = $17, \
         needs_interpretation = $19 WHERE id = $18",
    )
    .bind(&f.title)
    .bind(n.map(|n| n.raw().to_owned()))
    .bind(n.map(|n| n.normalized().to_owned()))
    .bind(n.map(|n| n.code().to_owned()))
    .bind(n.and_then(|n| n.year()).map(i64::from))
    .bind(n.map(|n| i64::from(n.serial())))
    .bind(n.map(|n| scheme_str(n.scheme())))
    .bind(format_date(f.written_on))
    .bind(f.topic.code)
    .bind(f.category.map(|c| c.code))
    .bind(f.column.as_str())
    .bind(&f.summary)
    .bind(&f.body)
    .bind(f.decision.attribute.as_str())
    .bind(f.decision.ground.map(|g| g.as_str()))
    .bind(&f.decision.reason)
    .bind(&now)
    .bind(id)
    .bind(i64::from(f.needs_interpretation))
    .execute(&mut **tx)
    .await
    .map_err(|e| duplicate_number(e, f))?;
    Ok(())
}

/// Counts a change of the document's text (title, 文号 or body).
pub async fn bump_version(tx: &mut Tx, id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE documents SET version = version + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves a document to `to`, but only if it is still in `from`: a concurrent action on
/// the same document makes this return false instead of acting twice.
pub async fn transition(
    tx: &mut Tx,
    id: i64,
    from: State,
    to: State,
    published_on: Option<NaiveDate>,
) -> StoreResult<bool> {
    let now = tx.now_text();
    let r = sqlx::query(
        "UPDATE documents SET state = $1, published_on = COALESCE($2, published_on), updated_at = $3 \
         WHERE id = $4 AND state = $5",
    )
    .bind(to.as_str())
    .bind(published_on.map(format_date))
    .bind(&now)
    .bind(id)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_decision(tx: &mut Tx, id: i64, d: &AttributeDecision) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE documents SET attribute = $1, legal_ground = $2, attribute_reason = $3, updated_at = $4 WHERE id = $5")
        .bind(d.attribute.as_str())
        .bind(d.ground.map(|g| g.as_str()))
        .bind(&d.reason)
        .bind(&now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_validity(tx: &mut Tx, id: i64, v: Validity) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE documents SET validity = $1, updated_at = $2 WHERE id = $3")
        .bind(v.as_str())
        .bind(&now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records the day a document became 主动公开 after it was formed.
pub async fn set_proactive_since(tx: &mut Tx, id: i64, on: NaiveDate) -> StoreResult<()> {
    sqlx::query("UPDATE documents SET proactive_since = $1 WHERE id = $2")
        .bind(crate::time::format_date(on))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_rereviewed(tx: &mut Tx, id: i64, year: i32) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE documents SET rereviewed_year = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(year))
        .bind(&now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Document>> {
    let q = format!("SELECT {DOC_COLS} FROM documents d WHERE d.id = $1");
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(doc_from_row)
        .transpose()
}

pub async fn by_index_number(
    c: &mut AnyConnection,
    index_number: &str,
) -> StoreResult<Option<Document>> {
    let q = format!("SELECT {DOC_COLS} FROM documents d WHERE d.index_number = $1");
    sqlx::query(trusted(q))
        .bind(index_number)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(doc_from_row)
        .transpose()
}

// ---- co-issuers and relations ----

pub async fn set_coissuers(tx: &mut Tx, id: i64, org_ids: &[i64]) -> StoreResult<()> {
    sqlx::query("DELETE FROM document_coissuers WHERE document_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for org in org_ids {
        sqlx::query("INSERT INTO document_coissuers (document_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(*org)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// (id, name, slug) of the co-issuing organisations.
pub async fn coissuers(c: &mut AnyConnection, id: i64) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.name, o.slug FROM document_coissuers x JOIN organisations o ON o.id = x.org_id \
         WHERE x.document_id = $1 ORDER BY o.sort_order, o.id",
    )
    .bind(id)
    .fetch_all(c)
    .await?)
}

/// Records that document `from` stands in `kind` to document `to` (e.g. amends it).
pub async fn add_relation(tx: &mut Tx, from: i64, to: i64, kind: Relation) -> StoreResult<bool> {
    let now = tx.now_text();
    let r = sqlx::query(
        "INSERT INTO document_relations (from_id, to_id, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(to)
    .bind(kind.as_str())
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn remove_relation(tx: &mut Tx, from: i64, to: i64, kind: Relation) -> StoreResult<bool> {
    let r = sqlx::query(
        "DELETE FROM document_relations WHERE from_id = $1 AND to_id = $2 AND kind = $3",
    )
    .bind(from)
    .bind(to)
    .bind(kind.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() > 0)
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Related {
    pub kind: Relation,
    /// True when the other document is the newer one (e.g. it amends this one).
    pub incoming: bool,
    pub doc: DocumentSummary,
}

/// Documents related to `id` in either direction, optionally only public ones.
pub async fn relations(
    c: &mut AnyConnection,
    id: i64,
    public_only: bool,
) -> StoreResult<Vec<Related>> {
    let filter = if public_only { PUBLIC } else { "1 = 1" };
    let q = format!(
        "SELECT r.kind, 0 AS incoming, {SUMMARY_COLS} FROM document_relations r \
           JOIN documents d ON d.id = r.to_id JOIN organisations o ON o.id = d.org_id \
           WHERE r.from_id = $1 AND {filter} \
         UNION ALL \
         SELECT r.kind, 1 AS incoming, {SUMMARY_COLS} FROM document_relations r \
           JOIN documents d ON d.id = r.from_id JOIN organisations o ON o.id = d.org_id \
           WHERE r.to_id = $1 AND {filter} \
         UNION ALL \
         SELECT 'interprets' AS kind, 0 AS incoming, {SUMMARY_COLS} FROM interpretations r \
           JOIN documents d ON d.id = r.policy_id JOIN organisations o ON o.id = d.org_id \
           WHERE r.document_id = $1 AND {filter} \
         UNION ALL \
         SELECT 'interprets' AS kind, 1 AS incoming, {SUMMARY_COLS} FROM interpretations r \
           JOIN documents d ON d.id = r.document_id JOIN organisations o ON o.id = d.org_id \
           WHERE r.policy_id = $1 AND {filter} \
         ORDER BY 2, 3"
    );
    let rows = sqlx::query(trusted(q)).bind(id).fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            Ok(Related {
                kind: parse(r.try_get("kind")?)?,
                incoming: r.try_get::<i64, _>("incoming")? != 0,
                doc: summary_from_row(r)?,
            })
        })
        .collect()
}

// ---- lists ----

/// The one definition of "may appear on a public page".
pub const PUBLIC: &str = "d.state = 'published' AND d.attribute = 'proactive'";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Newest publication first (public lists).
    #[default]
    Published,
    /// Newest 成文日期 first.
    Written,
    /// Most recently changed first (staff lists).
    Updated,
}

/// Where a page by [`Order::Published`] continues: after the last document shown, by
/// its keys. Stable where an offset is not — a document published meanwhile neither
/// shifts nor repeats what follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    pub published_on: NaiveDate,
    pub written_on: NaiveDate,
    pub id: i64,
}

#[derive(Debug, Clone, Default)]
pub struct DocQuery {
    /// Restrict to documents issued by these organisations; None = everywhere.
    pub org_ids: Option<Vec<i64>>,
    pub public_only: bool,
    pub states: Vec<State>,
    pub attributes: Vec<Attribute>,
    pub category: Option<String>,
    pub column: Option<Column>,
    pub topic: Option<String>,
    /// 体裁: titles ending in this genre (see `gongkai_domain::genre`).
    pub genre: Option<String>,
    pub validity: Option<Validity>,
    /// Documents not re-reviewed in this year or later (the yearly re-review list).
    pub rereview_before: Option<i32>,
    /// Substring of the title or the normalised 文号.
    pub text: Option<String>,
    pub order: Order,
    pub limit: i64,
    pub offset: i64,
    /// Continue after this document (newest-published order only); the total still
    /// counts every match.
    pub after: Option<After>,
}

enum Arg {
    Int(i64),
    Text(String),
}

impl DocQuery {
    fn where_clause(&self) -> (String, Vec<Arg>) {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        let next = |args: &mut Vec<Arg>, a: Arg| {
            args.push(a);
            format!("${}", args.len())
        };
        if self.public_only {
            conds.push(PUBLIC.to_owned());
        }
        if let Some(ids) = &self.org_ids {
            if ids.is_empty() {
                conds.push("1 = 0".into());
            } else {
                let ps: Vec<String> = ids.iter().map(|i| next(&mut args, Arg::Int(*i))).collect();
                conds.push(format!("d.org_id IN ({})", ps.join(", ")));
            }
        }
        if !self.states.is_empty() {
            let ps: Vec<String> = self
                .states
                .iter()
                .map(|s| next(&mut args, Arg::Text(s.as_str().into())))
                .collect();
            conds.push(format!("d.state IN ({})", ps.join(", ")));
        }
        if !self.attributes.is_empty() {
            let ps: Vec<String> = self
                .attributes
                .iter()
                .map(|s| next(&mut args, Arg::Text(s.as_str().into())))
                .collect();
            conds.push(format!("d.attribute IN ({})", ps.join(", ")));
        }
        if let Some(c) = &self.category {
            let p = next(&mut args, Arg::Text(c.clone()));
            conds.push(format!("d.category = {p}"));
        }
        if let Some(c) = self.column {
            let p = next(&mut args, Arg::Text(c.as_str().into()));
            conds.push(format!("d.column_kind = {p}"));
        }
        if let Some(t) = &self.topic {
            let p = next(&mut args, Arg::Text(t.clone()));
            conds.push(format!("d.topic = {p}"));
        }
        if let Some(g) = &self.genre {
            let [a, b] = gongkai_domain::genre::title_patterns(g);
            let a = next(&mut args, Arg::Text(a));
            let b = next(&mut args, Arg::Text(b));
            conds.push(format!("(d.title LIKE {a} OR d.title LIKE {b})"));
        }
        if let Some(v) = self.validity {
            let p = next(&mut args, Arg::Text(v.as_str().into()));
            conds.push(format!("d.validity = {p}"));
        }
        if let Some(y) = self.rereview_before {
            let p = next(&mut args, Arg::Int(i64::from(y)));
            conds.push(format!(
                "(d.rereviewed_year IS NULL OR d.rereviewed_year < {p})"
            ));
        }
        if let Some(t) = self
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let escaped = t
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = next(&mut args, Arg::Text(format!("%{escaped}%")));
            conds.push(format!(
                "(d.title LIKE {p} ESCAPE '\\' OR d.doc_number LIKE {p} ESCAPE '\\' OR d.index_number LIKE {p} ESCAPE '\\')"
            ));
        }
        let w = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        (w, args)
    }
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    args: &'q [Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for a in args {
        q = match a {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.as_str()),
        };
    }
    q
}

/// One page of documents and the total count.
pub async fn list(
    c: &mut AnyConnection,
    query: &DocQuery,
) -> StoreResult<(Vec<DocumentSummary>, i64)> {
    let (w, args) = query.where_clause();
    let count_sql = format!("SELECT COUNT(*) FROM documents d {w}");
    let total: i64 = bind_all(sqlx::query(trusted(count_sql)), &args)
        .fetch_one(&mut *c)
        .await?
        .try_get(0)?;
    let order = match query.order {
        Order::Published => "d.published_on DESC, d.written_on DESC, d.id DESC",
        Order::Written => "d.written_on DESC, d.id DESC",
        Order::Updated => "d.updated_at DESC, d.id DESC",
    };
    let limit = if query.limit <= 0 {
        20
    } else {
        query.limit.min(500)
    };
    let mut args = args;
    let mut w = w;
    if let (Some(a), Order::Published) = (query.after, query.order) {
        args.push(Arg::Text(format_date(a.published_on)));
        args.push(Arg::Text(format_date(a.written_on)));
        args.push(Arg::Int(a.id));
        let n = args.len();
        let cond = format!(
            "(d.published_on, d.written_on, d.id) < (${}, ${}, ${n})",
            n - 2,
            n - 1
        );
        w = if w.is_empty() {
            format!("WHERE {cond}")
        } else {
            format!("{w} AND {cond}")
        };
    }
    let sql = format!(
        "SELECT {SUMMARY_COLS} FROM documents d JOIN organisations o ON o.id = d.org_id {w} \
         ORDER BY {order} LIMIT {limit} OFFSET {offset}",
        offset = query.offset.max(0)
    );
    let rows = bind_all(sqlx::query(trusted(sql)), &args)
        .fetch_all(&mut *c)
        .await?;
    Ok((
        rows.iter()
            .map(summary_from_row)
            .collect::<StoreResult<_>>()?,
        total,
    ))
}

/// Number of documents per state for a set of organisations.
pub async fn state_counts(
    c: &mut AnyConnection,
    org_ids: &[i64],
) -> StoreResult<Vec<(State, i64)>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT state, COUNT(*) FROM documents WHERE org_id IN ({}) GROUP BY state",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query_as::<_, (String, i64)>(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query
        .fetch_all(c)
        .await?
        .into_iter()
        .map(|(s, n)| Ok((parse(s)?, n)))
        .collect()
}

/// The dates the clocks need, without bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockRow {
    pub id: i64,
    pub org_id: i64,
    pub state: State,
    pub attribute: Attribute,
    pub written_on: NaiveDate,
    pub proactive_since: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub rereviewed_year: Option<i32>,
}

/// Rows the dashboards look at for `year`: documents on their way to publication,
/// documents published in the year, and non-public documents not yet re-reviewed in it.
/// Bounded by the year rather than by the whole history.
pub async fn clock_rows(
    c: &mut AnyConnection,
    org_ids: &[i64],
    year: i32,
) -> StoreResult<Vec<ClockRow>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let n = org_ids.len();
    let q = format!(
        "SELECT id, org_id, state, attribute, written_on, proactive_since, published_on, rereviewed_year FROM documents \
         WHERE org_id IN ({}) AND ( \
           (state IN ('draft', 'pending_review', 'pending_secrecy', 'pending_approval') AND attribute = 'proactive') \
           OR published_on >= ${} \
           OR (state = 'archived' AND attribute <> 'proactive' AND (rereviewed_year IS NULL OR rereviewed_year < ${})))",
        placeholders(1, n),
        n + 1,
        n + 2
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    let rows = query
        .bind(format!("{year:04}-01-01"))
        .bind(i64::from(year))
        .fetch_all(c)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ClockRow {
                id: r.try_get("id")?,
                org_id: r.try_get("org_id")?,
                state: parse(r.try_get("state")?)?,
                attribute: parse(r.try_get("attribute")?)?,
                written_on: parse_date(&r.try_get::<String, _>("written_on")?)?,
                proactive_since: opt_date(r.try_get("proactive_since")?)?,
                published_on: opt_date(r.try_get("published_on")?)?,
                rereviewed_year: r
                    .try_get::<Option<i64>, _>("rereviewed_year")?
                    .map(|y| y as i32),
            })
        })
        .collect()
}

/// Summaries of the given documents, in the order of `ids`.
pub async fn summaries(c: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<DocumentSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT {SUMMARY_COLS} FROM documents d JOIN organisations o ON o.id = d.org_id WHERE d.id IN ({})",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in ids {
        query = query.bind(*id);
    }
    let mut out: Vec<DocumentSummary> = query
        .fetch_all(c)
        .await?
        .iter()
        .map(summary_from_row)
        .collect::<StoreResult<_>>()?;
    out.sort_by_key(|d| ids.iter().position(|i| *i == d.id));
    Ok(out)
}

/// Public documents per category of one organisation: how many, and the newest
/// one's publication date.
pub async fn public_category_counts(
    c: &mut AnyConnection,
    org_id: i64,
) -> StoreResult<Vec<(String, i64, Option<NaiveDate>)>> {
    let q = format!(
        "SELECT d.category, COUNT(*) AS n, MAX(d.published_on) AS last FROM documents d \
         WHERE d.org_id = $1 AND d.category IS NOT NULL AND {PUBLIC} GROUP BY d.category"
    );
    let rows = sqlx::query(trusted(q)).bind(org_id).fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            let last: Option<String> = r.try_get("last")?;
            Ok((
                r.try_get("category")?,
                r.try_get("n")?,
                last.as_deref().map(parse_date).transpose()?,
            ))
        })
        .collect()
}

/// Public documents' ids above `after`, in id order, at most `limit`: a walk over every
/// public document without an OFFSET.
pub async fn public_ids(c: &mut AnyConnection, after: i64, limit: i64) -> StoreResult<Vec<i64>> {
    let q =
        format!("SELECT d.id FROM documents d WHERE d.id > $1 AND {PUBLIC} ORDER BY d.id LIMIT $2");
    Ok(sqlx::query_scalar(trusted(q))
        .bind(after)
        .bind(limit)
        .fetch_all(c)
        .await?)
}

/// The newest publication date among an organisation's public documents.
pub async fn last_published_on(
    c: &mut AnyConnection,
    org_id: i64,
) -> StoreResult<Option<NaiveDate>> {
    let q = format!("SELECT MAX(d.published_on) FROM documents d WHERE d.org_id = $1 AND {PUBLIC}");
    let last: Option<String> = sqlx::query_scalar(trusted(q))
        .bind(org_id)
        .fetch_one(c)
        .await?;
    last.as_deref().map(parse_date).transpose()
}

/// An organisation's public documents of `category` published without a 文号, as
/// (索引号, title).
pub async fn public_without_number(
    c: &mut AnyConnection,
    org_id: i64,
    category: &str,
) -> StoreResult<Vec<(String, String)>> {
    let q = format!(
        "SELECT d.index_number, d.title FROM documents d WHERE d.org_id = $1 AND d.category = $2 \
         AND (d.doc_number IS NULL OR d.doc_number = '') AND {PUBLIC} ORDER BY d.published_on DESC, d.id DESC"
    );
    Ok(sqlx::query_as(trusted(q))
        .bind(org_id)
        .bind(category)
        .fetch_all(c)
        .await?)
}

/// Full documents by id (any state), in no particular order.
pub async fn get_many(c: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<Document>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let q = format!(
            "SELECT {DOC_COLS} FROM documents d WHERE d.id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query(trusted(q));
        for id in chunk {
            query = query.bind(*id);
        }
        for r in query.fetch_all(&mut *c).await? {
            out.push(doc_from_row(&r)?);
        }
    }
    Ok(out)
}

/// Public documents with id above `after_id`, by id, at most `limit`: for rebuilding
/// the search index page by page.
pub async fn public_after(
    c: &mut AnyConnection,
    after_id: i64,
    limit: i64,
) -> StoreResult<Vec<Document>> {
    let q = format!(
        "SELECT {DOC_COLS} FROM documents d WHERE d.id > $1 AND {PUBLIC} ORDER BY d.id LIMIT $2"
    );
    sqlx::query(trusted(q))
        .bind(after_id)
        .bind(limit)
        .fetch_all(c)
        .await?
        .iter()
        .map(doc_from_row)
        .collect()
}

/// (id, source key) of the given documents, for comparing result lists with other engines.
pub async fn source_keys(
    c: &mut AnyConnection,
    ids: &[i64],
) -> StoreResult<Vec<(i64, Option<String>)>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let q = format!(
            "SELECT id, source_key FROM documents WHERE id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (i64, Option<String>)>(trusted(q));
        for id in chunk {
            query = query.bind(*id);
        }
        out.extend(query.fetch_all(&mut *c).await?);
    }
    Ok(out)
}

/// What the sitemap needs of a public document: its address and when it was published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPage {
    pub org_slug: String,
    pub index_number: String,
    pub published_on: Option<NaiveDate>,
}

/// The public documents whose ids are in `from..to`, by id: the sitemap is cut into
/// files by id ranges, so no file needs an OFFSET over a million rows.
pub async fn public_pages(
    c: &mut AnyConnection,
    from: i64,
    to: i64,
) -> StoreResult<Vec<PublicPage>> {
    let sql = format!(
        "SELECT o.slug, d.index_number, d.published_on FROM documents d \
         JOIN organisations o ON o.id = d.org_id \
         WHERE d.id >= $1 AND d.id < $2 AND {PUBLIC} ORDER BY d.id"
    );
    let rows = sqlx::query(trusted(sql))
        .bind(from)
        .bind(to)
        .fetch_all(&mut *c)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PublicPage {
                org_slug: r.try_get(0)?,
                index_number: r.try_get(1)?,
                published_on: opt_date(r.try_get(2)?)?,
            })
        })
        .collect()
}

/// The largest document id (0 when there is none).
pub async fn max_id(c: &mut AnyConnection) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM documents")
            .fetch_one(&mut *c)
            .await?
            .unwrap_or(0),
    )
}
