//! 政策解读: the tie of an interpretation to its policy, with its form and Q&A.

use gongkai_domain::interpretation::{Details, Form, QaPair};
use gongkai_domain::validity::Validity;
use sqlx::{AnyConnection, Row};

use crate::documents::{self, DocumentSummary, PUBLIC};
use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpretation {
    /// The interpretation's own document.
    pub document_id: i64,
    pub policy_id: i64,
    /// The policy's version the interpretation was written for or last confirmed against.
    pub policy_version: i64,
    pub reviewed_validity: Validity,
    pub details: Details,
}

/// An interpretation and the policy it explains, as lines of lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub interpretation: DocumentSummary,
    pub form: Form,
    pub policy: DocumentSummary,
    /// The policy changed its text or validity since the interpretation was confirmed.
    pub stale: bool,
}

pub async fn insert(
    tx: &mut Tx,
    document_id: i64,
    policy_id: i64,
    policy_version: i64,
    d: &Details,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO interpretations (document_id, policy_id, policy_version, form, held_on, place, speakers, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(document_id)
    .bind(policy_id)
    .bind(policy_version)
    .bind(d.form.as_str())
    .bind(d.held_on.map(format_date))
    .bind(&d.place)
    .bind(&d.speakers)
    .bind(&now)
    .execute(&mut **tx)
    .await
    .map_err(|e| StoreError::on_unique(e, || "该文件已是一篇政策解读".to_owned()))?;
    set_qa(tx, document_id, &d.qa).await
}

pub async fn update(tx: &mut Tx, document_id: i64, d: &Details) -> StoreResult<()> {
    sqlx::query(
        "UPDATE interpretations SET form = $1, held_on = $2, place = $3, speakers = $4 WHERE document_id = $5",
    )
    .bind(d.form.as_str())
    .bind(d.held_on.map(format_date))
    .bind(&d.place)
    .bind(&d.speakers)
    .bind(document_id)
    .execute(&mut **tx)
    .await?;
    set_qa(tx, document_id, &d.qa).await
}

async fn set_qa(tx: &mut Tx, document_id: i64, qa: &[QaPair]) -> StoreResult<()> {
    sqlx::query("DELETE FROM interpretation_qa WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut **tx)
        .await?;
    for (i, p) in qa.iter().enumerate() {
        sqlx::query(
            "INSERT INTO interpretation_qa (document_id, position, question, answer) VALUES ($1, $2, $3, $4)",
        )
        .bind(document_id)
        .bind(i as i64)
        .bind(&p.question)
        .bind(&p.answer)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Unties an interpretation from its policy; the document itself stays.
pub async fn remove(tx: &mut Tx, document_id: i64) -> StoreResult<bool> {
    sqlx::query("DELETE FROM interpretation_qa WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut **tx)
        .await?;
    let r = sqlx::query("DELETE FROM interpretations WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Records that the interpretation still stands for the policy as it is now.
pub async fn mark_reviewed(
    tx: &mut Tx,
    document_id: i64,
    validity: Validity,
    version: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE interpretations SET reviewed_validity = $1, policy_version = $2 WHERE document_id = $3",
    )
    .bind(validity.as_str())
    .bind(version)
    .bind(document_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn get(c: &mut AnyConnection, document_id: i64) -> StoreResult<Option<Interpretation>> {
    let Some(r) = sqlx::query(
        "SELECT document_id, policy_id, policy_version, form, held_on, place, speakers, reviewed_validity \
         FROM interpretations WHERE document_id = $1",
    )
    .bind(document_id)
    .fetch_optional(&mut *c)
    .await?
    else {
        return Ok(None);
    };
    let held_on: Option<String> = r.try_get("held_on")?;
    let qa = sqlx::query_as::<_, (String, String)>(
        "SELECT question, answer FROM interpretation_qa WHERE document_id = $1 ORDER BY position",
    )
    .bind(document_id)
    .fetch_all(&mut *c)
    .await?
    .into_iter()
    .map(|(question, answer)| QaPair { question, answer })
    .collect();
    Ok(Some(Interpretation {
        document_id: r.try_get("document_id")?,
        policy_id: r.try_get("policy_id")?,
        policy_version: r.try_get("policy_version")?,
        reviewed_validity: r
            .try_get::<String, _>("reviewed_validity")?
            .parse()
            .map_err(StoreError::corrupt)?,
        details: Details {
            form: r
                .try_get::<String, _>("form")?
                .parse()
                .map_err(StoreError::corrupt)?,
            qa,
            held_on: held_on.as_deref().map(parse_date).transpose()?,
            place: r.try_get("place")?,
            speakers: r.try_get("speakers")?,
        },
    }))
}

/// Interpretations and their policies for the rows `filter` picks (over `i`, the
/// interpretation `d` and the policy `p`), binding `ids` from $1.
/// The query of [`pairs_where`].
fn pairs_sql(filter: &str) -> String {
    format!(
        "SELECT i.document_id, i.policy_id, i.form, \
           CASE WHEN p.validity <> i.reviewed_validity OR p.version <> i.policy_version THEN 1 ELSE 0 END AS stale \
         FROM interpretations i CROSS JOIN documents d CROSS JOIN documents p \
         WHERE d.id = i.document_id AND p.id = i.policy_id AND ({filter}) ORDER BY d.published_on DESC, d.id DESC LIMIT 500"
    )
}

/// The pairs matching `filter`. Read from the interpretations first (SQLite keeps the
/// order of a CROSS JOIN): left to itself, SQLite walked every published document in
/// date order looking for the few with an interpretation — a full scan on each search.
async fn pairs_where(c: &mut AnyConnection, filter: &str, ids: &[i64]) -> StoreResult<Vec<Pair>> {
    let q = pairs_sql(filter);
    let mut query = sqlx::query(trusted(q));
    for id in ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&mut *c).await?;
    let mut want: Vec<i64> = Vec::new();
    for r in &rows {
        want.push(r.try_get("document_id")?);
        want.push(r.try_get("policy_id")?);
    }
    want.sort_unstable();
    want.dedup();
    let docs = documents::summaries(c, &want).await?;
    let find = |id: i64| {
        docs.iter()
            .find(|d| d.id == id)
            .cloned()
            .ok_or_else(|| StoreError::corrupt(format!("解读关联的文件{id}不存在")))
    };
    rows.iter()
        .map(|r| {
            Ok(Pair {
                interpretation: find(r.try_get("document_id")?)?,
                policy: find(r.try_get("policy_id")?)?,
                form: r
                    .try_get::<String, _>("form")?
                    .parse()
                    .map_err(StoreError::corrupt)?,
                stale: r.try_get::<i64, _>("stale")? != 0,
            })
        })
        .collect()
}

/// Every interpretation of a policy, in any state.
pub async fn of_policy(c: &mut AnyConnection, policy_id: i64) -> StoreResult<Vec<Pair>> {
    pairs_where(c, "i.policy_id = $1", &[policy_id]).await
}

/// The pairs any of `ids` belongs to (as interpretation or as policy), both sides public.
pub async fn public_pairs(c: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<Pair>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let n = ids.len();
    let public_p = PUBLIC.replace("d.", "p.");
    let filter = format!(
        "(i.document_id IN ({}) OR i.policy_id IN ({})) AND {PUBLIC} AND {public_p}",
        placeholders(1, n),
        placeholders(n + 1, n)
    );
    let twice: Vec<i64> = ids.iter().chain(ids).copied().collect();
    pairs_where(c, &filter, &twice).await
}

/// Published interpretations by `org_ids` whose policy changed its text or validity
/// since they were confirmed: each needs an officer's look.
pub async fn to_review(c: &mut AnyConnection, org_ids: &[i64]) -> StoreResult<Vec<Pair>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let filter = format!(
        "d.org_id IN ({}) AND d.state = 'published' \
         AND (p.validity <> i.reviewed_validity OR p.version <> i.policy_version)",
        placeholders(1, org_ids.len())
    );
    pairs_where(c, &filter, org_ids).await
}

/// Published policies of `org_ids` marked as needing an interpretation that have no
/// published one.
pub async fn policies_without(
    c: &mut AnyConnection,
    org_ids: &[i64],
) -> StoreResult<Vec<DocumentSummary>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT d.id FROM documents d WHERE d.org_id IN ({}) AND d.state = 'published' \
           AND d.needs_interpretation = 1 AND NOT EXISTS (SELECT 1 FROM interpretations i \
             JOIN documents x ON x.id = i.document_id WHERE i.policy_id = d.id AND x.state = 'published') \
         ORDER BY d.published_on DESC LIMIT 200",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query_as::<_, (i64,)>(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    let ids: Vec<i64> = query
        .fetch_all(&mut *c)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect();
    documents::summaries(c, &ids).await
}

/// The questions and answers of those of `ids` that are interpretations, as one text
/// per document, for the search index.
pub async fn qa_texts(c: &mut AnyConnection, ids: &[i64]) -> StoreResult<Vec<(i64, String)>> {
    let mut out: Vec<(i64, String)> = Vec::new();
    for chunk in ids.chunks(500) {
        let q = format!(
            "SELECT document_id, question, answer FROM interpretation_qa WHERE document_id IN ({}) \
             ORDER BY document_id, position",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (i64, String, String)>(trusted(q));
        for id in chunk {
            query = query.bind(*id);
        }
        for (id, question, answer) in query.fetch_all(&mut *c).await? {
            match out.last_mut() {
                Some((last, text)) if *last == id => {
                    text.push('\n');
                    text.push_str(&question);
                    text.push('\n');
                    text.push_str(&answer);
                }
                _ => out.push((id, format!("{question}\n{answer}"))),
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At a million documents, walking the published ones in date order to find the few
    /// with an interpretation cost hundreds of milliseconds on every search.
    #[tokio::test]
    async fn the_pairs_of_search_hits_are_read_from_the_interpretations() {
        let db = crate::testing::fresh_sqlite().await.unwrap();
        let mut c = db.store.conn().await.unwrap();
        let filter = format!(
            "(i.document_id IN (1, 2) OR i.policy_id IN (1, 2)) AND {PUBLIC} AND {}",
            PUBLIC.replace("d.", "p.")
        );
        let sql = format!("EXPLAIN QUERY PLAN {}", pairs_sql(&filter));
        let rows = sqlx::query(trusted(sql)).fetch_all(&mut *c).await.unwrap();
        let plan: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>(3).unwrap())
            .collect();
        assert!(plan.iter().any(|l| l.contains(" i USING")), "{plan:?}");
        assert!(
            !plan
                .iter()
                .any(|l| l.contains("documents_public") || l.starts_with("SCAN d")),
            "{plan:?}"
        );
    }
}
