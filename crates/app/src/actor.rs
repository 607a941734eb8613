//! Who is acting, and what they may do where.

use gongkai_domain::role::Role;
use gongkai_store::users::{Grant, User};

/// How the actor reached us; recorded in the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Session,
    Token,
    Cli,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub user: Option<User>,
    pub grants: Vec<Grant>,
    pub ip: String,
    pub via: Via,
}

impl Actor {
    pub fn user(user: User, grants: Vec<Grant>, ip: impl Into<String>, via: Via) -> Self {
        Self {
            user: Some(user),
            grants,
            ip: ip.into(),
            via,
        }
    }

    /// The operator at the server's console (`gongkai user …`): may administer
    /// everything, and signs the audit trail as `cli`.
    pub fn cli() -> Self {
        Self {
            user: None,
            grants: Vec::new(),
            ip: "local".into(),
            via: Via::Cli,
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        self.user.as_ref().map(|u| u.id)
    }

    /// The name written in the audit trail.
    pub fn label(&self) -> String {
        match &self.user {
            Some(u) => u.username.clone(),
            None => "cli".into(),
        }
    }

    pub fn is_platform_admin(&self) -> bool {
        self.via == Via::Cli || self.user.as_ref().is_some_and(|u| u.platform_admin)
    }

    /// Whether the actor holds `role` for the organisation whose ancestry (itself
    /// first, then its parents) is given. Subtree roles held on an ancestor count.
    pub fn holds(&self, role: Role, ancestry: &[i64]) -> bool {
        if role == Role::PlatformAdmin {
            return self.is_platform_admin();
        }
        let Some(&org) = ancestry.first() else {
            return false;
        };
        self.grants.iter().any(|g| {
            g.role == role
                && if role.covers_subtree() {
                    ancestry.contains(&g.org_id)
                } else {
                    g.org_id == org
                }
        })
    }

    pub fn holds_any(&self, roles: &[Role], ancestry: &[i64]) -> bool {
        roles.iter().any(|r| self.holds(*r, ancestry))
    }

    /// May see the organisation's internal records (documents in any state):
    /// any role in it, a subtree role above it, or platform administration.
    pub fn may_view(&self, ancestry: &[i64]) -> bool {
        self.is_platform_admin()
            || self.grants.iter().any(|g| {
                ancestry.first() == Some(&g.org_id)
                    || (g.role.covers_subtree() && ancestry.contains(&g.org_id))
            })
    }

    /// May change the organisation itself and its users.
    pub fn may_administer(&self, ancestry: &[i64]) -> bool {
        self.is_platform_admin() || self.holds(Role::OrgAdmin, ancestry)
    }

    /// Organisations where the actor holds any grant (the roots of what they see).
    pub fn granted_org_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.grants.iter().map(|g| g.org_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}
