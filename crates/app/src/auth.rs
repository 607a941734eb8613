//! Logging in and out, sessions, API tokens and password hashes.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use gongkai_store::users::{self, Throttle};
use gongkai_store::{AuditEntry, users::User};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::{Actor, App, AppError, AppResult, Via};

/// Random bytes as lower-case hex, from the operating system's generator.
pub fn random_token(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    getrandom::fill(&mut b).expect("the operating system's random generator is available");
    hex(&b)
}

/// Compares secrets without an early exit, so timing does not tell how much matched.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn sha256_hex(s: &str) -> String {
    sha256_hex_bytes(s.as_bytes())
}

pub fn sha256_hex_bytes(b: &[u8]) -> String {
    hex(&Sha256::digest(b))
}

fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    b.iter()
        .fold(String::with_capacity(b.len() * 2), |mut s, x| {
            let _ = write!(s, "{x:02x}");
            s
        })
}

/// Hashes off the async threads: argon2 is deliberately slow.
pub(crate) async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("密码哈希失败：{e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).ok().is_some_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A hash verified against when the user does not exist, so that a wrong username
/// takes as long as a wrong password.
async fn dummy_hash() -> AppResult<String> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash_password(random_token(16)))
        .await
        .cloned()
}

/// Failed attempts tolerated before delays start.
const FREE_FAILURES: i64 = 3;
/// The longest a login is refused after repeated failures.
const MAX_DELAY_SECS: i64 = 15 * 60;

/// The delay imposed after `failures` consecutive failures: none for the first few,
/// then doubling from 2 s up to 15 minutes.
pub(crate) fn delay_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        0
    } else {
        let exp = (failures - FREE_FAILURES + 1).min(20) as u32;
        2i64.pow(exp).min(MAX_DELAY_SECS)
    }
}

pub struct NewSession {
    /// Goes in the cookie; only its hash is stored.
    pub token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

impl App {
    /// Checks a username and password, with growing delays after failures, and opens
    /// a session. Failures are counted per name and client address, so failures from
    /// one address never keep the rightful user out from another. Successes and
    /// failures both go to the audit log.
    pub async fn login(&self, username: &str, password: &str, ip: &str) -> AppResult<NewSession> {
        let username = username.trim().to_lowercase();
        let now = self.now();
        let mut c = self.store.conn().await?;
        let throttle = users::throttle(&mut c, &username, ip).await?;
        if let Some(t) = throttle
            && t.locked_until > now
        {
            return Err(AppError::Throttled {
                retry_after_secs: (t.locked_until - now).num_seconds().max(1),
            });
        }
        let found = users::by_username(&mut c, &username).await?;
        let prior_failures = throttle.map_or(0, |t| t.failures);
        drop(c);
        let hash = match &found {
            Some((_, h)) => h.clone(),
            None => dummy_hash().await?,
        };
        let ok = verify_password(password.to_owned(), hash).await;
        let user = found.map(|(u, _)| u);

        let mut tx = self.store.begin(now).await?;
        match user {
            Some(user) if ok && user.active => {
                let token = random_token(32);
                let csrf_token = random_token(32);
                let expires_at = now + Duration::hours(self.config().session_hours);
                users::clear_throttle(&mut tx, &username).await?;
                users::create_session(
                    &mut tx,
                    &sha256_hex(&token),
                    user.id,
                    &csrf_token,
                    ip,
                    expires_at,
                )
                .await?;
                tx.record(
                    AuditEntry {
                        actor_id: Some(user.id),
                        actor: user.username.clone(),
                        ip: ip.into(),
                        action: "user.login".into(),
                        entity_type: "user",
                        entity_id: Some(user.id),
                        org_id: None,
                        detail: json!({}),
                    },
                    None,
                )
                .await?;
                tx.commit().await?;
                Ok(NewSession {
                    token,
                    csrf_token,
                    expires_at,
                    user,
                })
            }
            user => {
                let failures = prior_failures + 1;
                let delay = delay_after(failures);
                users::set_throttle(
                    &mut tx,
                    &username,
                    ip,
                    Throttle {
                        failures,
                        locked_until: now + Duration::seconds(delay),
                    },
                )
                .await?;
                let reason = match &user {
                    None => "unknown_user",
                    Some(u) if !u.active => "inactive",
                    Some(_) => "wrong_password",
                };
                tx.record(
                    AuditEntry {
                        actor_id: user.as_ref().map(|u| u.id),
                        actor: username.clone(),
                        ip: ip.into(),
                        action: "user.login_failed".into(),
                        entity_type: "user",
                        entity_id: user.as_ref().map(|u| u.id),
                        org_id: None,
                        detail: json!({ "reason": reason, "failures": failures, "delay_secs": delay }),
                    },
                    None,
                )
                .await?;
                tx.commit().await?;
                // One message whatever went wrong: do not reveal which usernames exist.
                Err(AppError::Unauthenticated("用户名或密码错误".into()))
            }
        }
    }

    /// The actor behind a session cookie, with the session's CSRF token and id.
    pub async fn session_actor(
        &self,
        token: &str,
        ip: &str,
    ) -> AppResult<Option<(Actor, String, i64)>> {
        let mut c = self.store.conn().await?;
        let Some(s) = users::find_session(&mut c, &sha256_hex(token), self.now()).await? else {
            return Ok(None);
        };
        let grants = users::grants_of(&mut c, s.user.id).await?;
        Ok(Some((
            Actor::user(s.user, grants, ip, Via::Session),
            s.csrf_token,
            s.id,
        )))
    }

    pub async fn logout(&self, actor: &Actor, session_id: i64) -> AppResult<()> {
        let mut tx = self.store.begin(self.now()).await?;
        users::delete_session(&mut tx, session_id).await?;
        tx.record(
            self.audit(
                actor,
                "user.logout",
                "user",
                actor.user_id(),
                None,
                json!({}),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes one's own password after checking the current one.
    pub async fn change_own_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
    ) -> AppResult<()> {
        let Some(user) = &actor.user else {
            return Err(AppError::Forbidden("命令行操作员没有账号密码".into()));
        };
        let mut c = self.store.conn().await?;
        let (_, hash) = users::by_username(&mut c, &user.username)
            .await?
            .ok_or_else(|| AppError::NotFound("用户不存在".into()))?;
        drop(c);
        if !verify_password(current.to_owned(), hash).await {
            return Err(gongkai_domain::Invalid::new("current", "当前密码不正确").into());
        }
        self.set_password(actor, user.id, new).await
    }

    /// The actor behind an API token (`Authorization: Bearer …`).
    pub async fn token_actor(&self, token: &str, ip: &str) -> AppResult<Option<Actor>> {
        let mut c = self.store.conn().await?;
        let Some((token_id, user)) = users::find_token(&mut c, &sha256_hex(token)).await? else {
            return Ok(None);
        };
        let grants = users::grants_of(&mut c, user.id).await?;
        drop(c);
        self.store.touch_token(token_id, self.now()).await?;
        Ok(Some(Actor::user(user, grants, ip, Via::Token)))
    }

    /// Creates an API token for `user_id`; the token is returned once and only its hash kept.
    pub async fn create_token(&self, actor: &Actor, user_id: i64, name: &str) -> AppResult<String> {
        if actor.user_id() != Some(user_id) && !actor.is_platform_admin() {
            return Err(AppError::Forbidden("只能为自己创建接口令牌".into()));
        }
        let name = gongkai_domain::invalid::single_line("name", "令牌名称", name, true, 60)?;
        let token = format!("gk_{}", random_token(20));
        let mut tx = self.store.begin(self.now()).await?;
        let id = users::create_token(&mut tx, user_id, &name, &sha256_hex(&token)).await?;
        tx.record(
            self.audit(
                actor,
                "token.create",
                "user",
                Some(user_id),
                None,
                json!({ "token_id": id, "name": name }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    pub async fn tokens_of(&self, actor: &Actor) -> AppResult<Vec<users::ApiToken>> {
        let Some(id) = actor.user_id() else {
            return Ok(Vec::new());
        };
        let mut c = self.store.conn().await?;
        Ok(users::tokens_of(&mut c, id).await?)
    }

    pub async fn revoke_token(&self, actor: &Actor, user_id: i64, token_id: i64) -> AppResult<()> {
        if actor.user_id() != Some(user_id) && !actor.is_platform_admin() {
            return Err(AppError::Forbidden("只能撤销自己的接口令牌".into()));
        }
        let mut tx = self.store.begin(self.now()).await?;
        if !users::revoke_token(&mut tx, user_id, token_id).await? {
            return Err(AppError::NotFound("令牌不存在或已撤销".into()));
        }
        tx.record(
            self.audit(
                actor,
                "token.revoke",
                "user",
                Some(user_id),
                None,
                json!({ "token_id": token_id }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user recorded as the author of what `actor` creates in `tx`.
    pub(crate) async fn author(&self, tx: &mut gongkai_store::Tx, actor: &Actor) -> AppResult<i64> {
        match actor.user_id() {
            Some(id) => Ok(id),
            None => Ok(users::console_user(tx).await?),
        }
    }

    /// An audit entry for `actor` doing `action` on an entity.
    pub(crate) fn audit(
        &self,
        actor: &Actor,
        action: &str,
        entity_type: &'static str,
        entity_id: Option<i64>,
        org_id: Option<i64>,
        detail: serde_json::Value,
    ) -> AuditEntry {
        AuditEntry {
            actor_id: actor.user_id(),
            actor: actor.label(),
            ip: actor.ip.clone(),
            action: action.into(),
            entity_type,
            entity_id,
            org_id,
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_cap() {
        assert_eq!(delay_after(1), 0);
        assert_eq!(delay_after(2), 0);
        assert_eq!(delay_after(3), 2);
        assert_eq!(delay_after(4), 4);
        assert_eq!(delay_after(5), 8);
        assert_eq!(delay_after(40), MAX_DELAY_SECS);
    }
}
