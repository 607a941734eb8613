//! 意见征集 use cases: staff prepare and announce a consultation on a draft, the public
//! comment while it is open, staff moderate each comment and decide on its adoption,
//! and the adoption feedback is published ([`actions`]); what staff and the public see
//! ([`views`]). A consultation is known by its number in the portal's URL.

mod actions;
mod files;
mod views;

use gongkai_domain::role::Role;
use gongkai_store::consultations::{self as store, Consultation};
use gongkai_store::{NewEvent, Tx};
use serde_json::{Value, json};

use crate::{Actor, App, AppError, AppResult};

pub use actions::CommentReceipt;
pub use views::{CommentView, ConsultationSummary, ConsultationView};

/// Who runs a consultation for the drafting unit (谁起草、谁征求意见): its drafters and
/// the disclosure staff who publish on its behalf.
pub(crate) const RUNNERS: [Role; 3] =
    [Role::Drafter, Role::DisclosureOfficer, Role::DisclosureHead];

impl App {
    pub(crate) async fn load_consultation(&self, id: i64) -> AppResult<Consultation> {
        let mut c = self.store.conn().await?;
        store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("意见征集不存在".into()))
    }

    /// Refuses unless the actor runs consultations for the organisation.
    pub(crate) async fn must_run(&self, actor: &Actor, org_id: i64) -> AppResult<()> {
        let tree = self.org_tree().await?;
        if actor.holds_any(&RUNNERS, &tree.ancestry_ids(org_id)) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "意见征集须由起草单位的“起草人”“信息公开专员”或“信息公开机构负责人”办理".into(),
            ))
        }
    }

    pub(crate) async fn record_consultation(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: &str,
        c: (i64, i64),
        detail: Value,
    ) -> AppResult<()> {
        let (id, org_id) = c;
        tx.record(
            self.audit(
                actor,
                action,
                "consultation",
                Some(id),
                Some(org_id),
                detail,
            ),
            Some(NewEvent {
                kind: "consultation.changed",
                entity_type: "consultation",
                entity_id: Some(id),
                org_id: Some(org_id),
                payload: json!({ "id": id }),
            }),
        )
        .await?;
        Ok(())
    }
}
