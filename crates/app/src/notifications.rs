//! Notifications: written in the same transaction as the change they tell of (a new
//! application, a document reaching someone's sign-off, a catalog sent for review), read
//! in the back office with an unread count.

use gongkai_domain::notification::{NotificationKind, Target};
use gongkai_domain::role::Role;
use gongkai_store::Tx;
use gongkai_store::notifications as store;
use gongkai_store::users::{self, User};
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// A notification as its reader sees it.
#[derive(Debug, Clone)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub title: String,
    pub target: Target,
    pub created_at: String,
    pub read: bool,
}

impl App {
    /// The active users holding one of `roles` on one of `orgs`.
    pub(crate) async fn holders(&self, orgs: &[i64], roles: &[Role]) -> AppResult<Vec<User>> {
        let mut c = self.store.conn().await?;
        Ok(users::holding(&mut c, orgs, roles).await?)
    }

    /// Tells `to` (but not the actor, who did it) of a change, in the change's
    /// transaction.
    pub(crate) async fn notify(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        to: &[User],
        kind: NotificationKind,
        title: &str,
        target: &Target,
    ) -> AppResult<()> {
        let mut seen = Vec::new();
        for u in to {
            if Some(u.id) == actor.user_id() || seen.contains(&u.id) {
                continue;
            }
            seen.push(u.id);
            store::insert(tx, u.id, kind.as_str(), title, &target.code()).await?;
        }
        Ok(())
    }

    /// The actor's notifications, newest first.
    pub async fn notifications(&self, actor: &Actor) -> AppResult<Vec<NotificationView>> {
        let Some(user) = actor.user_id() else {
            return Ok(Vec::new());
        };
        let mut c = self.store.conn().await?;
        Ok(store::of_user(&mut c, user, 200)
            .await?
            .into_iter()
            .filter_map(|n| {
                Some(NotificationView {
                    kind: n.kind.parse().ok()?,
                    target: Target::parse(&n.target)?,
                    id: n.id,
                    title: n.title,
                    created_at: n.created_at,
                    read: n.read_at.is_some(),
                })
            })
            .collect())
    }

    /// How many of the actor's notifications are unread.
    pub async fn unread_notifications(&self, actor: &Actor) -> AppResult<i64> {
        let Some(user) = actor.user_id() else {
            return Ok(0);
        };
        let mut c = self.store.conn().await?;
        Ok(store::unread(&mut c, user).await?)
    }

    /// Opens one of the actor's notifications: marks it read and says what it is about.
    pub async fn open_notification(&self, actor: &Actor, id: i64) -> AppResult<Target> {
        let user = actor
            .user_id()
            .ok_or_else(|| AppError::NotFound("通知不存在".into()))?;
        let mut c = self.store.conn().await?;
        let n = store::get(&mut c, id)
            .await?
            .filter(|n| n.user_id == user)
            .ok_or_else(|| AppError::NotFound("通知不存在".into()))?;
        drop(c);
        if n.read_at.is_none() {
            let mut tx = self.store.begin(self.now()).await?;
            store::mark_read(&mut tx, user, Some(id)).await?;
            tx.record(
                self.audit(
                    actor,
                    "notification.read",
                    "notification",
                    Some(id),
                    None,
                    json!({}),
                ),
                None,
            )
            .await?;
            tx.commit().await?;
        }
        Target::parse(&n.target).ok_or_else(|| AppError::NotFound("通知不存在".into()))
    }

    /// Marks all of the actor's notifications read.
    pub async fn read_all_notifications(&self, actor: &Actor) -> AppResult<u64> {
        let Some(user) = actor.user_id() else {
            return Ok(0);
        };
        let mut tx = self.store.begin(self.now()).await?;
        let n = store::mark_read(&mut tx, user, None).await?;
        tx.record(
            self.audit(
                actor,
                "notification.read_all",
                "notification",
                None,
                None,
                json!({ "count": n }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Where the actor's daily digest goes, and whether they want it.
    pub async fn set_mail(&self, actor: &Actor, email: &str, digest: bool) -> AppResult<()> {
        let user = actor
            .user_id()
            .ok_or_else(|| AppError::Forbidden("命令行账号没有邮箱设置".into()))?;
        let email = gongkai_domain::invalid::email("email", email, digest)?;
        let mut tx = self.store.begin(self.now()).await?;
        users::set_mail(&mut tx, user, &email, digest).await?;
        tx.record(
            self.audit(
                actor,
                "user.set_mail",
                "user",
                Some(user),
                None,
                json!({ "email": email, "digest": digest }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
