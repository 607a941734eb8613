//! Surveys (问卷调查) and their answers.

use chrono::NaiveDate;
use gongkai_domain::interaction::survey::{Answer, Question};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::trusted;
use crate::users::placeholders;
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub id: i64,
    pub org_id: i64,
    pub consultation_id: Option<i64>,
    pub title: String,
    pub intro: String,
    pub questions: Vec<Question>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub published_at: Option<String>,
}

const COLS: &str =
    "id, org_id, consultation_id, title, intro, questions, opens_on, closes_on, published_at";

fn from_row(r: &AnyRow) -> StoreResult<Survey> {
    let qs: String = r.try_get("questions")?;
    Ok(Survey {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        consultation_id: r.try_get("consultation_id")?,
        title: r.try_get("title")?,
        intro: r.try_get("intro")?,
        questions: serde_json::from_str(&qs).map_err(StoreError::corrupt)?,
        opens_on: parse_date(&r.try_get::<String, _>("opens_on")?)?,
        closes_on: parse_date(&r.try_get::<String, _>("closes_on")?)?,
        published_at: r.try_get("published_at")?,
    })
}

pub struct NewSurvey<'a> {
    pub org_id: i64,
    pub consultation_id: Option<i64>,
    pub title: &'a str,
    pub intro: &'a str,
    pub questions: &'a [Question],
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

/// A survey, published at once (it is announced when saved).
pub async fn insert(tx: &mut Tx, s: &NewSurvey<'_>) -> StoreResult<i64> {
    let now = tx.now_text();
    let qs = serde_json::to_string(s.questions).map_err(StoreError::corrupt)?;
    let row = sqlx::query(
        "INSERT INTO surveys (org_id, consultation_id, title, intro, questions, opens_on, closes_on, \
         published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8) RETURNING id",
    )
    .bind(s.org_id)
    .bind(s.consultation_id)
    .bind(s.title)
    .bind(s.intro)
    .bind(qs)
    .bind(format_date(s.opens_on))
    .bind(format_date(s.closes_on))
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Survey>> {
    sqlx::query(trusted(format!("SELECT {COLS} FROM surveys WHERE id = $1")))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn in_orgs(c: &mut AnyConnection, org_ids: &[i64]) -> StoreResult<Vec<Survey>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT {COLS} FROM surveys WHERE org_id IN ({}) ORDER BY closes_on DESC, id DESC",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(c).await?.iter().map(from_row).collect()
}

/// Records an answer; `false` when this respondent already answered.
pub async fn answer(
    tx: &mut Tx,
    survey_id: i64,
    respondent_key: &str,
    answers: &[Answer],
) -> StoreResult<bool> {
    let now = tx.now_text();
    let text = serde_json::to_string(answers).map_err(StoreError::corrupt)?;
    let done = sqlx::query(
        "INSERT INTO survey_answers (survey_id, respondent_key, answers, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (survey_id, respondent_key) DO NOTHING",
    )
    .bind(survey_id)
    .bind(respondent_key)
    .bind(text)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn answers(c: &mut AnyConnection, survey_id: i64) -> StoreResult<Vec<Vec<Answer>>> {
    let rows = sqlx::query("SELECT answers FROM survey_answers WHERE survey_id = $1 ORDER BY id")
        .bind(survey_id)
        .fetch_all(c)
        .await?;
    rows.iter()
        .map(|r| {
            let t: String = r.try_get("answers")?;
            serde_json::from_str(&t).map_err(StoreError::corrupt)
        })
        .collect()
}
