//! The organisation tree in memory, for rendering and for rules that look at levels.

use std::collections::HashMap;
use std::sync::Arc;

use gongkai_domain::org::OrgLevel;
use gongkai_domain::role::Role;
use gongkai_store::orgs::{self, Org};

use crate::{Actor, App, AppResult};

/// A snapshot of every organisation. A county has tens; a province a few thousand,
/// which is still a small table to hold.
#[derive(Debug, Clone, Default)]
pub struct OrgTree {
    orgs: Vec<Org>,
    index: HashMap<i64, usize>,
    children: HashMap<Option<i64>, Vec<usize>>,
}

impl OrgTree {
    pub fn new(orgs: Vec<Org>) -> Self {
        let index = orgs.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        let mut children: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
        for (i, o) in orgs.iter().enumerate() {
            children.entry(o.parent_id).or_default().push(i);
        }
        Self {
            orgs,
            index,
            children,
        }
    }

    pub fn get(&self, id: i64) -> Option<&Org> {
        self.index.get(&id).map(|&i| &self.orgs[i])
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.slug == slug)
    }

    pub fn all(&self) -> &[Org] {
        &self.orgs
    }

    pub fn roots(&self) -> Vec<&Org> {
        self.children_of(None)
    }

    pub fn children(&self, id: i64) -> Vec<&Org> {
        self.children_of(Some(id))
    }

    fn children_of(&self, id: Option<i64>) -> Vec<&Org> {
        self.children
            .get(&id)
            .map(|v| v.iter().map(|&i| &self.orgs[i]).collect())
            .unwrap_or_default()
    }

    /// Children of one level, e.g. the departments or the townships of a county.
    pub fn children_at(&self, id: i64, level: OrgLevel) -> Vec<&Org> {
        self.children(id)
            .into_iter()
            .filter(|o| o.level == level)
            .collect()
    }

    /// The organisation and its ancestors, nearest first.
    pub fn ancestry(&self, id: i64) -> Vec<&Org> {
        let mut out = Vec::new();
        let mut cur = self.get(id);
        while let Some(o) = cur {
            if out.len() > 64 {
                break;
            }
            out.push(o);
            cur = o.parent_id.and_then(|p| self.get(p));
        }
        out
    }

    pub fn ancestry_ids(&self, id: i64) -> Vec<i64> {
        self.ancestry(id).iter().map(|o| o.id).collect()
    }

    /// The organisation and everything below it, depth first.
    pub fn subtree_ids(&self, id: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(cur) = stack.pop() {
            if self.get(cur).is_none() || out.contains(&cur) {
                continue;
            }
            out.push(cur);
            for c in self.children(cur).iter().rev() {
                stack.push(c.id);
            }
        }
        out
    }

    /// Organisations where the actor holds one of `roles`: the granted organisation,
    /// and everything below it for a role that covers its subtree (an org admin of
    /// the county keeps the townships' catalogs too).
    pub fn held(&self, actor: &Actor, roles: &[Role]) -> Vec<i64> {
        let mut ids = Vec::new();
        for g in actor.grants.iter().filter(|g| roles.contains(&g.role)) {
            if g.role.covers_subtree() {
                ids.extend(self.subtree_ids(g.org_id));
            } else if self.get(g.org_id).is_some() {
                ids.push(g.org_id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The level of the government an organisation belongs to: its own for a
    /// government, its parent's for a department (whose Art.21 duties follow it).
    pub fn government_level(&self, org: &Org) -> OrgLevel {
        if org.level == OrgLevel::Department {
            org.parent_id
                .and_then(|p| self.get(p))
                .map_or(OrgLevel::County, |p| p.level)
        } else {
            org.level
        }
    }

    /// Depth below the roots (0 for a root), for indenting.
    pub fn depth(&self, id: i64) -> usize {
        self.ancestry(id).len().saturating_sub(1)
    }
}

impl App {
    /// The organisation tree: read on almost every request, changed rarely, so kept
    /// in memory (see [`crate::ttl_cache`]).
    pub async fn org_tree(&self) -> AppResult<Arc<OrgTree>> {
        self.tree_cache
            .get_or_load(async {
                let mut c = self.store.conn().await?;
                AppResult::Ok(OrgTree::new(orgs::all(&mut c).await?))
            })
            .await
    }
}
