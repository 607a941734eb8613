//! 依申请公开 use cases: online submission and staff registration ([`register`]), every
//! workflow step ([`actions`], one function per action), the staff view with its clock
//! and public tracking by number and query code ([`views`]). Cases are found by their
//! tracking number, the number the applicant and the letters carry.

mod actions;
mod files;
mod guard;
mod register;
mod views;

use chrono::NaiveDate;
use gongkai_domain::Invalid;
use gongkai_domain::application::step::clock_events;
use gongkai_domain::application::{ClockSettings, ReplyClock, StepRef, reply_clock};
use gongkai_domain::role::Role;
use gongkai_store::NewEvent;
use gongkai_store::Tx;
use gongkai_store::applications::{self as store, Application, Step};
use serde_json::{Value, json};

use crate::{Actor, App, AppError, AppResult};

pub use actions::StepInput;
pub use register::Receipt;
pub(crate) use register::query_code;
pub use views::{ApplicationView, StepView, Tracking};

/// Roles that handle applications and may read the applicant's personal data.
pub(crate) const HANDLERS: [Role; 2] = [Role::DisclosureOfficer, Role::DisclosureHead];

/// A case as loaded for a use case: the application and its steps in order.
pub(crate) struct Case {
    pub a: Application,
    pub steps: Vec<Step>,
}

impl Case {
    pub fn refs(&self) -> Vec<StepRef<'_>> {
        self.steps.iter().map(Step::as_ref).collect()
    }
}

fn date_field(field: &'static str, label: &str, value: &str) -> Result<Option<NaiveDate>, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            Invalid::new(
                field,
                format!("{label}须为“年-月-日”格式的日期，如2025-03-04"),
            )
        })
}

impl App {
    fn clock_settings(&self) -> ClockSettings {
        ClockSettings::default()
    }

    pub(crate) fn clock_of(&self, steps: &[Step]) -> ReplyClock {
        let refs: Vec<StepRef<'_>> = steps.iter().map(Step::as_ref).collect();
        reply_clock(
            &self.calendar(),
            &clock_events(&refs),
            self.clock_settings(),
            self.today(),
        )
    }

    /// The case with this tracking number, or "not found".
    pub(crate) async fn load_case(&self, tracking_number: &str) -> AppResult<Case> {
        let mut c = self.store.conn().await?;
        let a = store::by_tracking_number(&mut c, tracking_number.trim())
            .await?
            .ok_or_else(|| AppError::NotFound("申请不存在".into()))?;
        let steps = store::steps(&mut c, a.id).await?;
        Ok(Case { a, steps })
    }

    fn step_actor(&self, actor: &Actor) -> String {
        match (&actor.user, actor.via) {
            (Some(u), _) => u.display_name.clone(),
            (None, crate::Via::Cli) => "控制台".into(),
            (None, _) => "申请人（网上提交）".into(),
        }
    }

    async fn record_application(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: &str,
        id: i64,
        org_id: i64,
        detail: Value,
    ) -> AppResult<()> {
        tx.record(
            self.audit(actor, action, "application", Some(id), Some(org_id), detail),
            Some(NewEvent {
                kind: "application.changed",
                entity_type: "application",
                entity_id: Some(id),
                org_id: Some(org_id),
                payload: json!({ "id": id }),
            }),
        )
        .await?;
        Ok(())
    }
}
