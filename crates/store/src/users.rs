//! Accounts, role grants, sessions, login throttling and API tokens.

use chrono::{DateTime, Utc};
use gongkai_domain::role::Role;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::time::{format_instant, parse_instant};
use crate::trusted;
use crate::{Store, StoreError, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub platform_admin: bool,
    pub active: bool,
    /// Where the daily digest goes; empty for none.
    pub email: String,
    /// Wants the daily digest of due-soon and overdue work.
    pub digest: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Grant {
    pub user_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_slug: String,
    pub role: Role,
}

const USER_COLS: &str =
    "u.id, u.username, u.display_name, u.platform_admin, u.active, u.email, u.digest";

fn user_from_row(r: &AnyRow) -> StoreResult<User> {
    Ok(User {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        platform_admin: r.try_get::<i64, _>("platform_admin")? != 0,
        active: r.try_get::<i64, _>("active")? != 0,
        email: r.try_get("email")?,
        digest: r.try_get::<i64, _>("digest")? != 0,
    })
}

/// Where a person gets the daily digest, and whether they want it.
pub async fn set_mail(tx: &mut Tx, id: i64, email: &str, digest: bool) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE users SET email = $1, digest = $2, updated_at = $3 WHERE id = $4")
        .bind(email)
        .bind(i64::from(digest))
        .bind(&now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The active users holding one of `roles` on one of `org_ids`.
pub async fn holding(
    c: &mut AnyConnection,
    org_ids: &[i64],
    roles: &[Role],
) -> StoreResult<Vec<User>> {
    if org_ids.is_empty() || roles.is_empty() {
        return Ok(Vec::new());
    }
    let mut n = 0;
    let mut p = || {
        n += 1;
        format!("${n}")
    };
    let orgs: Vec<String> = org_ids.iter().map(|_| p()).collect();
    let rs: Vec<String> = roles.iter().map(|_| p()).collect();
    let sql = format!(
        "SELECT DISTINCT {USER_COLS} FROM users u JOIN role_grants g ON g.user_id = u.id \
         WHERE u.active = 1 AND g.org_id IN ({}) AND g.role IN ({}) ORDER BY u.id",
        orgs.join(", "),
        rs.join(", ")
    );
    let mut q = sqlx::query(trusted(sql));
    for o in org_ids {
        q = q.bind(*o);
    }
    for r in roles {
        q = q.bind(r.as_str());
    }
    let rows = q.fetch_all(c).await?;
    rows.iter().map(user_from_row).collect()
}

/// Every active user who wants the digest and has an address for it.
pub async fn with_digest(c: &mut AnyConnection) -> StoreResult<Vec<User>> {
    let rows = sqlx::query(trusted(format!(
        "SELECT {USER_COLS} FROM users u WHERE u.active = 1 AND u.digest = 1 AND u.email <> '' ORDER BY u.id"
    )))
    .fetch_all(c)
    .await?;
    rows.iter().map(user_from_row).collect()
}

pub async fn insert(
    tx: &mut Tx,
    username: &str,
    display_name: &str,
    password_hash: &str,
    platform_admin: bool,
) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO users (username, display_name, password_hash, platform_admin, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(password_hash)
    .bind(i64::from(platform_admin))
    .bind(&now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| StoreError::on_unique(e, || format!("用户名“{username}”已存在")))?;
    Ok(row.try_get(0)?)
}

pub async fn set_password(tx: &mut Tx, id: i64, password_hash: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(&now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn update_profile(
    tx: &mut Tx,
    id: i64,
    display_name: &str,
    active: bool,
    platform_admin: bool,
) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE users SET display_name = $1, active = $2, platform_admin = $3, updated_at = $4 WHERE id = $5")
        .bind(display_name)
        .bind(i64::from(active))
        .bind(i64::from(platform_admin))
        .bind(&now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn get(c: &mut AnyConnection, id: i64) -> StoreResult<Option<User>> {
    let q = format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1");
    sqlx::query(trusted(q))
        .bind(id)
        .fetch_optional(c)
        .await?
        .as_ref()
        .map(user_from_row)
        .transpose()
}

/// The user and their password hash, for logging in.
pub async fn by_username(
    c: &mut AnyConnection,
    username: &str,
) -> StoreResult<Option<(User, String)>> {
    let q = format!("SELECT {USER_COLS}, u.password_hash FROM users u WHERE u.username = $1");
    let Some(r) = sqlx::query(trusted(q))
        .bind(username)
        .fetch_optional(c)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some((user_from_row(&r)?, r.try_get("password_hash")?)))
}

pub async fn all(c: &mut AnyConnection) -> StoreResult<Vec<User>> {
    let q = format!("SELECT {USER_COLS} FROM users u ORDER BY u.username");
    sqlx::query(trusted(q))
        .fetch_all(c)
        .await?
        .iter()
        .map(user_from_row)
        .collect()
}

/// Users holding any role on one of `org_ids`.
pub async fn in_orgs(c: &mut AnyConnection, org_ids: &[i64]) -> StoreResult<Vec<User>> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = format!(
        "SELECT DISTINCT {USER_COLS} FROM users u JOIN role_grants g ON g.user_id = u.id \
         WHERE g.org_id IN ({}) ORDER BY u.username",
        placeholders(1, org_ids.len())
    );
    let mut query = sqlx::query(trusted(q));
    for id in org_ids {
        query = query.bind(*id);
    }
    query
        .fetch_all(c)
        .await?
        .iter()
        .map(user_from_row)
        .collect()
}

/// `$from, $from+1, …` for an IN list.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Grants a role; returns false if the user already held it there.
pub async fn grant(tx: &mut Tx, user_id: i64, org_id: i64, role: Role) -> StoreResult<bool> {
    let now = tx.now_text();
    let done = sqlx::query(
        "INSERT INTO role_grants (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, org_id, role) DO NOTHING",
    )
    .bind(user_id)
    .bind(org_id)
    .bind(role.as_str())
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Revokes a role; returns false if the user did not hold it there.
pub async fn revoke(tx: &mut Tx, user_id: i64, org_id: i64, role: Role) -> StoreResult<bool> {
    let done =
        sqlx::query("DELETE FROM role_grants WHERE user_id = $1 AND org_id = $2 AND role = $3")
            .bind(user_id)
            .bind(org_id)
            .bind(role.as_str())
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn grants_of(c: &mut AnyConnection, user_id: i64) -> StoreResult<Vec<Grant>> {
    let rows = sqlx::query(
        "SELECT g.user_id, g.org_id, o.name, o.slug, g.role FROM role_grants g \
         JOIN organisations o ON o.id = g.org_id WHERE g.user_id = $1 ORDER BY o.sort_order, o.id, g.role",
    )
    .bind(user_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get(4)?;
            Ok(Grant {
                user_id: r.try_get(0)?,
                org_id: r.try_get(1)?,
                org_name: r.try_get(2)?,
                org_slug: r.try_get(3)?,
                role: role.parse().map_err(StoreError::corrupt)?,
            })
        })
        .collect()
}

// ---- sessions ----

#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn create_session(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    csrf_token: &str,
    ip: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, ip, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(csrf_token)
    .bind(ip)
    .bind(&now)
    .bind(format_instant(expires_at))
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

/// The live session with this token hash, of an active user.
pub async fn find_session(
    c: &mut AnyConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<Session>> {
    let q = format!(
        "SELECT s.id AS session_id, s.csrf_token, s.expires_at, {USER_COLS} FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
    );
    let Some(r) = sqlx::query(trusted(q))
        .bind(token_hash)
        .bind(format_instant(now))
        .fetch_optional(c)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Session {
        id: r.try_get("session_id")?,
        user: user_from_row(&r)?,
        csrf_token: r.try_get("csrf_token")?,
        expires_at: parse_instant(&r.try_get::<String, _>("expires_at")?)?,
    }))
}

pub async fn delete_session(tx: &mut Tx, session_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends every session of a user (after a password change or deactivation).
pub async fn delete_sessions_of(tx: &mut Tx, user_id: i64) -> StoreResult<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}

// ---- login throttling ----

#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub failures: i64,
    pub locked_until: DateTime<Utc>,
}

/// Failed logins for `username` from the client address `ip`.
pub async fn throttle(
    c: &mut AnyConnection,
    username: &str,
    ip: &str,
) -> StoreResult<Option<Throttle>> {
    let Some((failures, until)): Option<(i64, String)> = sqlx::query_as(
        "SELECT failures, locked_until FROM login_throttle WHERE username = $1 AND ip = $2",
    )
    .bind(username)
    .bind(ip)
    .fetch_optional(c)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Throttle {
        failures,
        locked_until: parse_instant(&until)?,
    }))
}

pub async fn set_throttle(tx: &mut Tx, username: &str, ip: &str, t: Throttle) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO login_throttle (username, ip, failures, locked_until, last_failure_at) VALUES ($1, $5, $2, $3, $4) \
         ON CONFLICT (username, ip) DO UPDATE SET failures = $2, locked_until = $3, last_failure_at = $4",
    )
    .bind(username)
    .bind(t.failures)
    .bind(format_instant(t.locked_until))
    .bind(&now)
    .bind(ip)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Forgets a user's failures from every address, once the password was right.
pub async fn clear_throttle(tx: &mut Tx, username: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_throttle WHERE username = $1")
        .bind(username)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

// ---- API tokens ----

#[derive(Debug, Clone, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

pub async fn create_token(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    token_hash: &str,
) -> StoreResult<i64> {
    let now = tx.now_text();
    let row = sqlx::query(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(token_hash)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

/// The token id and active user behind an unrevoked token.
pub async fn find_token(
    c: &mut AnyConnection,
    token_hash: &str,
) -> StoreResult<Option<(i64, User)>> {
    let q = format!(
        "SELECT t.id AS token_id, {USER_COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1"
    );
    let Some(r) = sqlx::query(trusted(q))
        .bind(token_hash)
        .fetch_optional(c)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some((r.try_get("token_id")?, user_from_row(&r)?)))
}

pub async fn tokens_of(c: &mut AnyConnection, user_id: i64) -> StoreResult<Vec<ApiToken>> {
    let rows = sqlx::query(
        "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApiToken {
                id: r.try_get(0)?,
                user_id: r.try_get(1)?,
                name: r.try_get(2)?,
                created_at: r.try_get(3)?,
                last_used_at: r.try_get(4)?,
                revoked: r.try_get::<Option<String>, _>(5)?.is_some(),
            })
        })
        .collect()
}

pub async fn revoke_token(tx: &mut Tx, user_id: i64, token_id: i64) -> StoreResult<bool> {
    let now = tx.now_text();
    let r = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(&now)
        .bind(token_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() > 0)
}

impl Store {
    /// Bookkeeping only, not a change of state: no audit entry.
    pub async fn touch_token(&self, token_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let mut c = self.write_pool().acquire().await?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(format_instant(now))
            .bind(token_id)
            .execute(&mut *c)
            .await?;
        Ok(())
    }
}

/// The account that console (`gongkai …`) actions are attributed to: created on first
/// use, inactive, and with a password hash nothing can match.
pub async fn console_user(tx: &mut Tx) -> StoreResult<i64> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO users (username, display_name, password_hash, platform_admin, active, created_at, updated_at) \
         VALUES ('cli', '命令行操作员', '!', 0, 0, $1, $1) ON CONFLICT (username) DO NOTHING",
    )
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE username = 'cli'")
        .fetch_one(&mut **tx)
        .await?;
    Ok(id)
}
