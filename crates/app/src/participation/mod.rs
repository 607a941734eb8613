//! 公众参与 beyond comments: surveys ([`surveys`]), hearing and forum records
//! ([`hearings`]), the register of deputies' suggestions and members' proposals
//! ([`proposals`]) and responses to public concerns ([`concerns`]).

mod concerns;
mod hearings;
mod proposals;
mod surveys;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use gongkai_domain::Invalid;
use gongkai_domain::role::Role;
use gongkai_store::{NewEvent, Tx};
use serde_json::{Value, json};

use crate::{Actor, App, AppError, AppResult, OrgTree};

pub use concerns::{ConcernInput, ConcernView, ResponseInput};
pub use hearings::{HearingInput, HearingView};
pub use proposals::{ProposalInput, ProposalView, ReplyInput};
pub use surveys::{SurveyInput, SurveyView};

/// Who keeps the public-participation records of an organisation: its disclosure
/// staff, and (for surveys and hearings, which a drafting unit runs) its drafters.
const KEEPERS: [Role; 2] = [Role::DisclosureOfficer, Role::DisclosureHead];

pub(crate) fn date(field: &'static str, label: &str, v: &str) -> Result<NaiveDate, Invalid> {
    gongkai_domain::china_time::parse_date(field, label, v)
}

/// A moment given in China time as "2026-07-01 09:30" (or with a "T").
pub(crate) fn china_instant(
    field: &'static str,
    label: &str,
    v: &str,
) -> Result<DateTime<Utc>, Invalid> {
    let v = v.trim().replace('T', " ");
    NaiveDateTime::parse_from_str(&v, "%Y-%m-%d %H:%M")
        .ok()
        .and_then(|t| {
            gongkai_domain::china_time::china_offset()
                .from_local_datetime(&t)
                .single()
        })
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            Invalid::new(
                field,
                format!("{label}须为“年-月-日 时:分”，如2026-07-01 09:30"),
            )
        })
}

/// The organisation named by slug, with the tree.
pub(crate) fn org_of<'a>(tree: &'a OrgTree, slug: &str) -> AppResult<&'a gongkai_store::orgs::Org> {
    tree.by_slug(slug.trim())
        .ok_or_else(|| AppError::Invalid(vec![Invalid::new("org", "请选择单位")]))
}

impl App {
    pub(crate) async fn must_keep(
        &self,
        actor: &Actor,
        org_id: i64,
        roles: &[Role],
        what: &str,
    ) -> AppResult<()> {
        let tree = self.org_tree().await?;
        if actor.holds_any(roles, &tree.ancestry_ids(org_id)) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.label()).collect();
            Err(AppError::Forbidden(format!(
                "{what}须由本单位的“{}”办理",
                names.join("”“")
            )))
        }
    }

    /// The organisations where the actor keeps these records: (slug, name).
    pub async fn keeper_orgs(
        &self,
        actor: &Actor,
        drafting: bool,
    ) -> AppResult<Vec<(String, String)>> {
        let tree = self.org_tree().await?;
        let roles: &[Role] = if drafting {
            &crate::consultations::RUNNERS
        } else {
            &KEEPERS
        };
        Ok(tree
            .held(actor, roles)
            .into_iter()
            .filter_map(|id| tree.get(id))
            .map(|o| (o.slug.clone(), o.name.clone()))
            .collect())
    }

    /// Organisations whose records the actor reads in the back office.
    pub(crate) fn overseen(&self, tree: &OrgTree, actor: &Actor) -> Vec<i64> {
        if actor.is_platform_admin() {
            return tree.all().iter().map(|o| o.id).collect();
        }
        let mut ids = tree.held(actor, &crate::consultations::RUNNERS);
        ids.extend(tree.held(actor, &[Role::Supervisor, Role::OrgAdmin]));
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The ids of an organisation by slug (all of them without one).
    pub(crate) fn scope_ids(tree: &OrgTree, org_slug: Option<&str>) -> AppResult<Vec<i64>> {
        Ok(match org_slug {
            Some(s) => vec![
                tree.by_slug(s)
                    .ok_or_else(|| AppError::NotFound("机构不存在".into()))?
                    .id,
            ],
            None => tree.all().iter().map(|o| o.id).collect(),
        })
    }

    pub(crate) async fn record_participation(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        entity: &'static str,
        action: &str,
        ids: (i64, i64),
        detail: Value,
    ) -> AppResult<()> {
        let (id, org_id) = ids;
        tx.record(
            self.audit(actor, action, entity, Some(id), Some(org_id), detail),
            Some(NewEvent {
                kind: "participation.changed",
                entity_type: entity,
                entity_id: Some(id),
                org_id: Some(org_id),
                payload: json!({ "id": id }),
            }),
        )
        .await?;
        Ok(())
    }
}
