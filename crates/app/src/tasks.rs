//! 待我处理: what waits for the person's role, wherever it comes from — documents at
//! their sign-off, new applications to accept, catalogs sent up for their review.

use gongkai_domain::application::Status as CaseStatus;
use gongkai_domain::catalog::lifecycle::Status as CatalogStatus;
use gongkai_domain::notification::Target;
use gongkai_domain::role::Role;
use gongkai_domain::workflow::State;
use gongkai_store::documents::{DocQuery, Order};

use crate::applications::HANDLERS;
use crate::{Actor, App, AppResult};

/// One thing waiting for the person.
#[derive(Debug, Clone)]
pub struct Task {
    /// What is to be done ("待审核", "新申请，待受理").
    pub what: &'static str,
    pub title: String,
    pub org_name: String,
    pub target: Target,
    /// Since when it has waited.
    pub since: String,
}

/// The document state a role's holder acts on next, and what that is called.
fn waiting_state(role: Role) -> Option<(State, &'static str)> {
    match role {
        Role::Reviewer => Some((State::PendingReview, "待审核")),
        Role::SecrecyReviewer => Some((State::PendingSecrecy, "待保密审查")),
        Role::Approver => Some((State::PendingApproval, "待签发")),
        Role::Drafter => Some((State::Draft, "草稿，待提交")),
        _ => None,
    }
}

impl App {
    /// What waits for the actor, oldest first within each kind.
    pub async fn my_tasks(&self, actor: &Actor) -> AppResult<Vec<Task>> {
        let mut out = Vec::new();
        for g in &actor.grants {
            if let Some((state, what)) = waiting_state(g.role) {
                let q = DocQuery {
                    org_ids: Some(vec![g.org_id]),
                    states: vec![state],
                    order: Order::Updated,
                    limit: 50,
                    ..Default::default()
                };
                let (docs, _) = self.staff_documents(actor, q).await?;
                out.extend(docs.into_iter().map(|d| Task {
                    what,
                    title: d.title,
                    org_name: d.org_name,
                    target: Target::Document(d.index_number),
                    since: d.written_on.to_string(),
                }));
            }
        }
        let tree = self.org_tree().await?;
        for (a, _) in self.staff_applications(actor, true).await? {
            if a.status == CaseStatus::Registered
                && actor.holds_any(&HANDLERS, &tree.ancestry_ids(a.org_id))
            {
                out.push(Task {
                    what: "新申请，待受理",
                    title: a.request.headline_short(40),
                    org_name: tree
                        .get(a.org_id)
                        .map(|o| o.name.clone())
                        .unwrap_or_default(),
                    target: Target::Application(a.tracking_number),
                    since: a.received_on.to_string(),
                });
            }
        }
        for cat in self.catalogs_overview(actor).await? {
            if cat.status == CatalogStatus::Submitted
                && self.superior_of(actor, &tree.ancestry_ids(cat.org_id))
            {
                out.push(Task {
                    what: "目录待审核",
                    title: format!("“{}”领域标准目录", cat.domain),
                    org_name: tree
                        .get(cat.org_id)
                        .map(|o| o.name.clone())
                        .unwrap_or_default(),
                    target: Target::Catalog(cat.id),
                    since: crate::tasks::day_of(&cat.updated_at),
                });
            }
        }
        out.extend(self.message_tasks(actor).await?);
        out.extend(self.consultation_tasks(actor).await?);
        out.extend(self.rectification_tasks(actor).await?);
        Ok(out)
    }
}

/// The day of a stored instant, in China.
pub(crate) fn day_of(instant: &str) -> String {
    gongkai_store::parse_instant(instant)
        .map(|t| gongkai_domain::china_time::china_date(t).to_string())
        .unwrap_or_default()
}
