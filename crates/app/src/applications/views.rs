//! What staff and the public see of a case: the staff view with its clock and the
//! actions the viewer may take, the register, and public tracking.

use chrono::NaiveDate;
use gongkai_domain::application::step::{fee_standing, open_consultations};
use gongkai_domain::application::{
    Action, Applicant, ApplicantKind, Channel, FeeStanding, InformationRequest, LetterKind,
    Outcome, ReplyClock, ReplyDetail, Status, StepDetail,
};
use gongkai_domain::role::Role;
use gongkai_store::applications::{self as store, Application, Step};
use serde::Serialize;

use super::{Case, HANDLERS};
use crate::{Actor, App, AppError, AppResult};
use gongkai_store::case_files::CaseFile;

/// An application as staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView {
    pub org_id: i64,
    pub org_name: String,
    pub tracking_number: String,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub status: Status,
    /// `None` unless the viewer handles applications for the organisation.
    pub applicant: Option<Applicant>,
    pub applicant_kind: ApplicantKind,
    pub request: InformationRequest,
    pub assigned_org: Option<String>,
    pub outcome: Option<Outcome>,
    pub replied_on: Option<NaiveDate>,
    pub clock: ReplyClock,
    pub steps: Vec<StepView>,
    /// Actions the viewer may take now.
    pub actions: Vec<Action>,
    /// Actions the viewer could take in this state, not yet possible, with the reason
    /// ("补正期限（…）尚未届满").
    pub waiting: Vec<(Action, String)>,
    /// The files on the case (its handlers only: received letters carry personal data).
    pub files: Vec<CaseFile>,
    /// Letters the case has (one per kind whose step was taken), for handlers.
    pub letters: Vec<LetterKind>,
    /// Consultations without a recorded answer: (step id, consulted party).
    pub open_consultations: Vec<(i64, String)>,
    /// The latest fee notice and its payment period.
    pub fee: Option<FeeStanding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub action: &'static str,
    pub label: &'static str,
    /// The particulars in words, for the case page.
    pub summary: String,
    pub on_date: NaiveDate,
    pub status_after: Status,
    pub detail: StepDetail,
    pub actor: String,
    pub at: String,
}

fn step_view(s: &Step) -> StepView {
    StepView {
        action: s.detail.code(),
        label: s.detail.label(),
        summary: s.detail.summary(),
        on_date: s.on_date,
        status_after: s.status_after,
        detail: s.detail.clone(),
        actor: s.actor.clone(),
        at: s.at.clone(),
    }
}

/// What the public sees with the tracking number and the query code: no personal data.
#[derive(Debug, Clone, Serialize)]
pub struct Tracking {
    pub tracking_number: String,
    pub org_name: String,
    pub received_on: NaiveDate,
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    pub clock: ReplyClock,
    pub outcome: Option<Outcome>,
    pub replied_on: Option<NaiveDate>,
    /// The reply's legal basis and explanation, once replied.
    pub reply: Option<ReplyDetail>,
    /// The reply letter (答复书), addressed to "申请人" rather than by name.
    pub reply_letter: Option<crate::letters::Letter>,
    pub steps: Vec<(NaiveDate, &'static str)>,
    /// The files released with the reply, once it is made.
    pub released: Vec<CaseFile>,
}

impl App {
    /// A case as `actor` may see it: handlers of its organisation see the applicant;
    /// supervisors and administrators above it see everything else.
    pub async fn application_view(
        &self,
        actor: &Actor,
        tracking_number: &str,
    ) -> AppResult<ApplicationView> {
        let case = self.load_case(tracking_number).await?;
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(case.a.org_id);
        let handler = actor.holds_any(&HANDLERS, &ancestry);
        let oversees = actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], &ancestry)
            || actor.is_platform_admin();
        if !handler && !oversees {
            return Err(AppError::NotFound("申请不存在".into()));
        }
        let refs = case.refs();
        let clock = self.clock_of(&case.steps);
        let calendar = self.calendar();
        let today = self.today();
        let mut actions = Vec::new();
        let mut waiting = Vec::new();
        for x in Action::ALL
            .iter()
            .copied()
            .filter(|x| x.from_states().contains(&case.a.status))
            .filter(|x| actor.holds_any(x.required_roles(), &ancestry))
        {
            match super::guard::unavailable(&case, &calendar, x, today) {
                None => actions.push(x),
                Some(why) => waiting.push((x, why)),
            }
        }
        let letters = if handler {
            LetterKind::ALL
                .iter()
                .copied()
                .filter(|k| {
                    case.steps
                        .iter()
                        .any(|s| s.detail.action().is_some_and(|x| k.steps().contains(&x)))
                })
                .collect()
        } else {
            Vec::new()
        };
        let files = if handler {
            let mut c = self.store.conn().await?;
            gongkai_store::case_files::of_application(&mut c, case.a.id).await?
        } else {
            Vec::new()
        };
        let open_consultations = open_consultations(&refs);
        let fee = fee_standing(&self.calendar(), &refs);
        let a = case.a;
        Ok(ApplicationView {
            org_id: a.org_id,
            org_name: tree
                .get(a.org_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            tracking_number: a.tracking_number,
            channel: a.channel,
            received_on: a.received_on,
            status: a.status,
            applicant_kind: a.applicant.kind,
            applicant: handler.then_some(a.applicant),
            request: a.request,
            assigned_org: a
                .assigned_org_id
                .and_then(|o| tree.get(o))
                .map(|o| o.name.clone()),
            outcome: a.outcome,
            replied_on: a.replied_on,
            clock,
            letters,
            steps: case.steps.iter().map(step_view).collect(),
            actions,
            waiting,
            files,
            open_consultations,
            fee,
        })
    }

    /// The applications of the organisations `actor` handles or oversees (other roles
    /// see none), with clocks, soonest due first among the open ones.
    pub async fn staff_applications(
        &self,
        actor: &Actor,
        open_only: bool,
    ) -> AppResult<Vec<(Application, ReplyClock)>> {
        let tree = self.org_tree().await?;
        let org_ids: Vec<i64> = self
            .visible_org_ids(actor)
            .await?
            .into_iter()
            .filter(|id| {
                let ancestry = tree.ancestry_ids(*id);
                actor.is_platform_admin()
                    || actor.holds_any(&HANDLERS, &ancestry)
                    || actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], &ancestry)
            })
            .collect();
        let mut c = self.store.conn().await?;
        let apps = store::in_orgs(&mut c, &org_ids, open_only).await?;
        let ids: Vec<i64> = apps.iter().map(|a| a.id).collect();
        let mut steps = store::steps_of(&mut c, &ids).await?;
        let mut out: Vec<(Application, ReplyClock)> = apps
            .into_iter()
            .map(|a| {
                let clock = self.clock_of(&steps.remove(&a.id).unwrap_or_default());
                (a, clock)
            })
            .collect();
        out.sort_by_key(|(a, c)| (!a.status.is_open(), c.due_on.is_none(), c.due_on, a.id));
        Ok(out)
    }

    /// Public tracking: the tracking number and the query code show status, due date
    /// and the reply, never the applicant. A wrong code looks exactly like a wrong number.
    pub async fn track_application(
        &self,
        tracking_number: &str,
        code: &str,
    ) -> AppResult<Tracking> {
        let case = self.tracked_case(tracking_number, code).await?;
        let released = self.released_files(&case).await?;
        let clock = self.clock_of(&case.steps);
        let reply_letter = if case.a.outcome.is_some() {
            Some(self.fill_letter(&case, LetterKind::Reply, true).await?)
        } else {
            None
        };
        let tree = self.org_tree().await?;
        let reply = case
            .steps
            .iter()
            .rev()
            .find_map(|s| s.detail.reply())
            .cloned();
        let a = &case.a;
        Ok(Tracking {
            tracking_number: a.tracking_number.clone(),
            org_name: tree
                .get(a.org_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            received_on: a.received_on,
            status: a.status,
            due_on: clock.due_on,
            clock,
            outcome: a.outcome,
            replied_on: a.replied_on,
            reply,
            reply_letter,
            steps: case
                .steps
                .iter()
                .map(|s| (s.on_date, s.detail.label()))
                .collect(),
            released,
        })
    }

    /// The case the applicant's tracking number and query code open; a wrong code and
    /// a wrong number get the same answer.
    pub(crate) async fn tracked_case(&self, tracking_number: &str, code: &str) -> AppResult<Case> {
        let not_found = || AppError::NotFound("未找到该申请：请核对申请编号和查询码".into());
        let case = self.load_case(tracking_number).await.map_err(|e| match e {
            AppError::NotFound(_) => not_found(),
            other => other,
        })?;
        let given = crate::sha256_hex(&code.trim().to_ascii_uppercase());
        if !crate::auth::constant_time_eq(given.as_bytes(), case.a.query_code_hash.as_bytes()) {
            return Err(not_found());
        }
        Ok(case)
    }
}
