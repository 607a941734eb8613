//! Accounts and role grants.

use gongkai_domain::Invalid;
use gongkai_domain::invalid::single_line;
use gongkai_domain::role::Role;
use gongkai_store::users::{self, Grant, User};
use serde_json::json;

use crate::auth::hash_password;
use crate::{Actor, App, AppError, AppResult};

pub const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_CHARS: usize = 128;

fn check_password(p: &str) -> Result<(), Invalid> {
    let n = p.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(Invalid::new(
            "password",
            format!("密码至少{MIN_PASSWORD_CHARS}个字符"),
        ));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(Invalid::new(
            "password",
            format!("密码最多{MAX_PASSWORD_CHARS}个字符"),
        ));
    }
    if p.chars().any(char::is_control) {
        return Err(Invalid::new("password", "密码不能包含控制字符"));
    }
    Ok(())
}

fn check_username(u: &str) -> Result<String, Invalid> {
    let u = u.trim().to_lowercase();
    let ok = (3..=40).contains(&u.len())
        && u.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.'
        })
        && u.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(u)
    } else {
        Err(Invalid::new(
            "username",
            "用户名须为3至40位小写字母、数字、点、下划线或连字符，并以字母或数字开头",
        ))
    }
}

impl App {
    /// Creates an account. Platform administrators may create any account; an org
    /// admin may create ordinary accounts (then grant them roles in their subtree).
    pub async fn create_user(
        &self,
        actor: &Actor,
        username: &str,
        display_name: &str,
        password: &str,
        platform_admin: bool,
    ) -> AppResult<i64> {
        let may = actor.is_platform_admin()
            || (!platform_admin && actor.grants.iter().any(|g| g.role == Role::OrgAdmin));
        if !may {
            return Err(AppError::Forbidden("您没有创建该账号的权限".into()));
        }
        let mut errors = Vec::new();
        let username = check_username(username).map_err(|e| errors.push(e)).ok();
        let display = single_line("display_name", "姓名", display_name, true, 40)
            .map_err(|e| errors.push(e))
            .ok();
        if let Err(e) = check_password(password) {
            errors.push(e);
        }
        let (Some(username), Some(display)) = (username, display) else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let hash = hash_password(password.to_owned()).await?;
        let mut tx = self.store.begin(self.now()).await?;
        let id = users::insert(&mut tx, &username, &display, &hash, platform_admin).await?;
        tx.record(
            self.audit(
                actor,
                "user.create",
                "user",
                Some(id),
                None,
                json!({ "username": username, "platform_admin": platform_admin }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets a password: one's own, or anyone's for a platform administrator, or an
    /// org admin's for users whose roles all lie in their subtree. Ends the user's sessions.
    pub async fn set_password(&self, actor: &Actor, user_id: i64, password: &str) -> AppResult<()> {
        check_password(password)?;
        self.require_user_admin(actor, user_id, true).await?;
        let hash = hash_password(password.to_owned()).await?;
        let mut tx = self.store.begin(self.now()).await?;
        users::set_password(&mut tx, user_id, &hash).await?;
        let ended = users::delete_sessions_of(&mut tx, user_id).await?;
        tx.record(
            self.audit(
                actor,
                "user.password",
                "user",
                Some(user_id),
                None,
                json!({ "sessions_ended": ended }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_user_profile(
        &self,
        actor: &Actor,
        user_id: i64,
        display_name: &str,
        active: bool,
        platform_admin: bool,
    ) -> AppResult<()> {
        let user = self.require_user_admin(actor, user_id, false).await?;
        if platform_admin != user.platform_admin && !actor.is_platform_admin() {
            return Err(AppError::Forbidden(
                "只有平台管理员可以授予或收回平台管理员身份".into(),
            ));
        }
        if actor.user_id() == Some(user_id) && !active {
            return Err(Invalid::new("active", "不能停用自己的账号").into());
        }
        let display = single_line("display_name", "姓名", display_name, true, 40)?;
        let mut tx = self.store.begin(self.now()).await?;
        users::update_profile(&mut tx, user_id, &display, active, platform_admin).await?;
        if !active {
            users::delete_sessions_of(&mut tx, user_id).await?;
        }
        tx.record(
            self.audit(
                actor,
                "user.update",
                "user",
                Some(user_id),
                None,
                json!({ "display_name": display, "active": active, "platform_admin": platform_admin }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Grants `role` in `org_id`. Platform administration is not a per-organisation
    /// role and is set on the account instead.
    pub async fn grant_role(
        &self,
        actor: &Actor,
        user_id: i64,
        org_id: i64,
        role: Role,
    ) -> AppResult<bool> {
        self.change_grant(actor, user_id, org_id, role, true).await
    }

    pub async fn revoke_role(
        &self,
        actor: &Actor,
        user_id: i64,
        org_id: i64,
        role: Role,
    ) -> AppResult<bool> {
        self.change_grant(actor, user_id, org_id, role, false).await
    }

    async fn change_grant(
        &self,
        actor: &Actor,
        user_id: i64,
        org_id: i64,
        role: Role,
        grant: bool,
    ) -> AppResult<bool> {
        if role == Role::PlatformAdmin {
            return Err(Invalid::new("role", "平台管理员身份在账号上设置，不按机构授予").into());
        }
        let tree = self.org_tree().await?;
        let org = tree
            .get(org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        if !actor.may_administer(&tree.ancestry_ids(org_id)) {
            return Err(AppError::Forbidden(format!(
                "您没有管理“{}”人员角色的权限",
                org.name
            )));
        }
        let mut c = self.store.conn().await?;
        if users::get(&mut c, user_id).await?.is_none() {
            return Err(AppError::NotFound("用户不存在".into()));
        }
        drop(c);
        let mut tx = self.store.begin(self.now()).await?;
        let changed = if grant {
            users::grant(&mut tx, user_id, org_id, role).await?
        } else {
            users::revoke(&mut tx, user_id, org_id, role).await?
        };
        let action = if grant { "user.grant" } else { "user.revoke" };
        tx.record(
            self.audit(
                actor,
                action,
                "user",
                Some(user_id),
                Some(org_id),
                json!({ "role": role, "org": org.slug, "changed": changed }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// The user, if the actor may administer them: platform admins anyone; org admins
    /// users whose every role lies inside the admin's subtrees (or who have none yet);
    /// and, when `self_ok`, the user themselves.
    async fn require_user_admin(
        &self,
        actor: &Actor,
        user_id: i64,
        self_ok: bool,
    ) -> AppResult<User> {
        let mut c = self.store.conn().await?;
        let user = users::get(&mut c, user_id)
            .await?
            .ok_or_else(|| AppError::NotFound("用户不存在".into()))?;
        if actor.is_platform_admin() || (self_ok && actor.user_id() == Some(user_id)) {
            return Ok(user);
        }
        let grants = users::grants_of(&mut c, user_id).await?;
        drop(c);
        let tree = self.org_tree().await?;
        let admin_somewhere = actor.grants.iter().any(|g| g.role == Role::OrgAdmin);
        let all_inside = grants
            .iter()
            .all(|g| actor.may_administer(&tree.ancestry_ids(g.org_id)));
        if admin_somewhere && all_inside && !user.platform_admin {
            Ok(user)
        } else {
            Err(AppError::Forbidden("您没有管理该用户的权限".into()))
        }
    }

    /// Users the actor may see in administration, with their grants.
    pub async fn visible_users(&self, actor: &Actor) -> AppResult<Vec<(User, Vec<Grant>)>> {
        let mut c = self.store.conn().await?;
        let list = if actor.is_platform_admin() {
            users::all(&mut c).await?
        } else {
            let tree = self.org_tree().await?;
            users::in_orgs(&mut c, &tree.held(actor, &[Role::OrgAdmin])).await?
        };
        let mut out = Vec::with_capacity(list.len());
        for u in list {
            let g = users::grants_of(&mut c, u.id).await?;
            out.push((u, g));
        }
        Ok(out)
    }

    pub async fn user_by_name(&self, username: &str) -> AppResult<Option<(User, Vec<Grant>)>> {
        let mut c = self.store.conn().await?;
        let Some((u, _)) = users::by_username(&mut c, &username.trim().to_lowercase()).await?
        else {
            return Ok(None);
        };
        let g = users::grants_of(&mut c, u.id).await?;
        Ok(Some((u, g)))
    }

    pub async fn user_by_id(&self, id: i64) -> AppResult<Option<(User, Vec<Grant>)>> {
        let mut c = self.store.conn().await?;
        let Some(u) = users::get(&mut c, id).await? else {
            return Ok(None);
        };
        let g = users::grants_of(&mut c, u.id).await?;
        Ok(Some((u, g)))
    }
}
