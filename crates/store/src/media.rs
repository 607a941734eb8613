//! 政务新媒体 accounts and the record of their changes.

use chrono::NaiveDate;
use gongkai_domain::media::{AccountStatus, Change, NewAccount, Platform};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_date, parse_date};
use crate::{StoreResult, Tx, code};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub org_id: i64,
    pub platform: Platform,
    pub name: String,
    pub handle: String,
    pub url: String,
    pub status: AccountStatus,
    pub last_post_on: Option<NaiveDate>,
    pub merged_into: Option<i64>,
    pub updated_at: String,
}

const COLS: &str =
    "id, org_id, platform, name, handle, url, status, last_post_on, merged_into, updated_at";

fn account(r: &AnyRow) -> StoreResult<Account> {
    let last: Option<String> = r.try_get("last_post_on")?;
    Ok(Account {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        platform: code(r, "platform")?,
        name: r.try_get("name")?,
        handle: r.try_get("handle")?,
        url: r.try_get("url")?,
        status: code(r, "status")?,
        last_post_on: last.as_deref().map(parse_date).transpose()?,
        merged_into: r.try_get("merged_into")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Opens an account; returns its number.
pub async fn insert(tx: &mut Tx, org_id: i64, a: &NewAccount) -> StoreResult<i64> {
    let now = tx.now_text();
    let r = sqlx::query(
        "INSERT INTO media_accounts (org_id, platform, name, handle, url, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $6) RETURNING id",
    )
    .bind(org_id)
    .bind(a.platform.as_str())
    .bind(&a.name)
    .bind(&a.handle)
    .bind(&a.url)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get(0)?)
}

/// Every account, by organisation, platform and name.
pub async fn all(c: &mut AnyConnection) -> StoreResult<Vec<Account>> {
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT {COLS} FROM media_accounts ORDER BY org_id, platform, name, id"
    )))
    .fetch_all(c)
    .await?;
    rows.iter().map(account).collect()
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<Account>> {
    let r = sqlx::query(crate::trusted(format!(
        "SELECT {COLS} FROM media_accounts WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(account).transpose()
}

/// Moves an open account to the status of `change` (refused when it is no longer open).
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    change: Change,
    merged_into: Option<i64>,
) -> StoreResult<bool> {
    let now = tx.now_text();
    let n = sqlx::query(
        "UPDATE media_accounts SET status = $1, merged_into = $2, updated_at = $3 WHERE id = $4 AND status = 'open'",
    )
    .bind(change.status().as_str())
    .bind(merged_into)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn set_last_post(tx: &mut Tx, id: i64, on: NaiveDate) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE media_accounts SET last_post_on = $1, updated_at = $2 WHERE id = $3")
        .bind(format_date(on))
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One change in an account's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRecord {
    pub account_id: i64,
    pub change: Change,
    pub on: NaiveDate,
    pub approved_by: String,
    pub approval: String,
    pub note: String,
    pub actor: String,
}

pub async fn add_change(tx: &mut Tx, r: &ChangeRecord) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO media_changes (account_id, change, on_date, approved_by, approval, note, actor, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.account_id)
    .bind(r.change.as_str())
    .bind(format_date(r.on))
    .bind(&r.approved_by)
    .bind(&r.approval)
    .bind(&r.note)
    .bind(&r.actor)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every account's changes, oldest first.
pub async fn changes(c: &mut AnyConnection) -> StoreResult<Vec<ChangeRecord>> {
    let rows = sqlx::query(
        "SELECT account_id, change, on_date, approved_by, approval, note, actor FROM media_changes ORDER BY id",
    )
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ChangeRecord {
                account_id: r.try_get("account_id")?,
                change: code(r, "change")?,
                on: parse_date(&r.try_get::<String, _>("on_date")?)?,
                approved_by: r.try_get("approved_by")?,
                approval: r.try_get("approval")?,
                note: r.try_get("note")?,
                actor: r.try_get("actor")?,
            })
        })
        .collect()
}
