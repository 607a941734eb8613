//! Per-address limits on the public forms that write or guess: the online
//! application (form spam) and tracking (guessing query codes), messages, comments and
//! failed logins. A sliding window of recent attempts for each client address: in
//! memory on a single node (SQLite), in the database when several nodes share it
//! (PostgreSQL), with the same allowances and answers.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use gongkai_app::worker::Count;

/// What a limit is for, with its allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Online applications: a person files a few at a time, not dozens.
    Apply,
    /// Tracking attempts: enough for a family's cases, too few to guess an 8-character code.
    Track,
    /// Messages (留言): a person writes a few, not dozens.
    Message,
    /// Comments on consultations.
    Comment,
    /// Failed logins from one address across all user names: an office behind one
    /// address mistypes a few, a password sprayer trying many names stops here.
    LoginFailures,
}

impl Limit {
    /// The limit's name where it is counted in the database.
    fn code(self) -> &'static str {
        match self {
            Limit::Apply => "apply",
            Limit::Track => "track",
            Limit::Message => "message",
            Limit::Comment => "comment",
            Limit::LoginFailures => "login_failures",
        }
    }

    fn allowance(self) -> (u32, Duration) {
        match self {
            Limit::Apply => (10, Duration::from_secs(600)),
            Limit::Track => (30, Duration::from_secs(600)),
            Limit::Message => (5, Duration::from_secs(600)),
            Limit::Comment => (10, Duration::from_secs(600)),
            Limit::LoginFailures => (20, Duration::from_secs(900)),
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Limit::Apply => {
                "提交过于频繁，请10分钟后再试；如需提交大量申请，请与政府信息公开工作机构联系。"
            }
            Limit::Track => "查询过于频繁，请10分钟后再试。",
            Limit::Message => "留言提交过于频繁，请10分钟后再试。同一事项请勿重复留言。",
            Limit::Comment => "意见提交过于频繁，请10分钟后再试；意见较多的，可合并为一条提交。",
            Limit::LoginFailures => "本地址登录失败次数过多，请15分钟后再试。",
        }
    }
}

/// Counts in memory on one node, or in the database when several nodes share it.
#[derive(Default)]
pub struct Throttle {
    hits: Mutex<HashMap<(Limit, String), VecDeque<Instant>>>,
    shared: Option<gongkai_app::App>,
}

/// Addresses kept at most; beyond this the oldest windows are dropped wholesale, so a
/// flood of addresses cannot grow memory without bound.
const MAX_KEYS: usize = 100_000;

impl Throttle {
    /// Counts in the database when the deployment's nodes share it (PostgreSQL), so
    /// every node gives the same answer; in this node's memory otherwise.
    pub fn new(app: &gongkai_app::App) -> Self {
        Self {
            hits: Mutex::default(),
            shared: app.shares_database().then(|| app.clone()),
        }
    }

    /// The database's answer; a database that cannot count lets the attempt through
    /// (the write it guards would fail on its own) and says so in the log.
    async fn shared(&self, limit: Limit, client: &str, count: Count) -> Option<Result<(), u64>> {
        let app = self.shared.as_ref()?;
        let (max, window) = limit.allowance();
        Some(
            match app
                .shared_limit(limit.code(), client, max, window, count)
                .await
            {
                Ok(None) => Ok(()),
                Ok(Some(wait)) => Err(wait),
                Err(e) => {
                    tracing::warn!(error = %e, "shared rate limit unavailable");
                    Ok(())
                }
            },
        )
    }

    /// Counts an attempt by `client`; `Err(seconds to wait)` when over the limit.
    pub async fn check(&self, limit: Limit, client: &str) -> Result<(), u64> {
        if let Some(r) = self.shared(limit, client, Count::Check).await {
            return r;
        }
        self.blocked_here(limit, client)?;
        self.record_here(limit, client);
        Ok(())
    }

    /// `Err(seconds to wait)` when `client` is over the limit, without counting.
    pub async fn blocked(&self, limit: Limit, client: &str) -> Result<(), u64> {
        if let Some(r) = self.shared(limit, client, Count::Peek).await {
            return r;
        }
        self.blocked_here(limit, client)
    }

    /// Counts one event of `client` (a failure, say) toward the limit.
    pub async fn record(&self, limit: Limit, client: &str) {
        if self.shared(limit, client, Count::Record).await.is_none() {
            self.record_here(limit, client);
        }
    }

    fn blocked_here(&self, limit: Limit, client: &str) -> Result<(), u64> {
        let (max, window) = limit.allowance();
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        let Some(q) = hits.get_mut(&(limit, client.to_owned())) else {
            return Ok(());
        };
        while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
            q.pop_front();
        }
        if q.len() as u32 >= max {
            let wait = q
                .front()
                .map_or(window, |t| window.saturating_sub(now.duration_since(*t)));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }

    fn record_here(&self, limit: Limit, client: &str) {
        let (_, window) = limit.allowance();
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() >= MAX_KEYS {
            hits.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
            if hits.len() >= MAX_KEYS {
                hits.clear();
            }
        }
        hits.entry((limit, client.to_owned()))
            .or_default()
            .push_back(now);
    }
}

/// The page refusing an attempt over the limit: 429 with Retry-After.
pub fn page_refusal(limit: Limit, wait: u64) -> crate::error::PageError {
    let mut e =
        crate::error::PageError::new(axum::http::StatusCode::TOO_MANY_REQUESTS, limit.message());
    e.retry_after = Some(i64::try_from(wait).unwrap_or(i64::MAX));
    e
}

/// The API error refusing an attempt over the limit (the wait is in the message).
pub fn api_refusal(limit: Limit, wait: u64) -> crate::error::ApiError {
    crate::error::ApiError::new(
        axum::http::StatusCode::TOO_MANY_REQUESTS,
        "throttled",
        format!("{}（约{}秒后可再试）", limit.message(), wait),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_address_has_its_own_allowance() {
        let t = Throttle::default();
        for _ in 0..10 {
            t.check(Limit::Apply, "10.0.0.1").await.unwrap();
        }
        let wait = t.check(Limit::Apply, "10.0.0.1").await.unwrap_err();
        assert!(wait > 0 && wait <= 600);
        t.check(Limit::Apply, "10.0.0.2").await.unwrap();
        t.check(Limit::Track, "10.0.0.1").await.unwrap();
    }
}
