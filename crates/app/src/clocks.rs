//! The statutory clocks staff watch: documents overdue for publication or due soon,
//! documents published late, and the yearly re-review of non-public documents.

use chrono::Datelike;
use gongkai_domain::attribute::Attribute;
use gongkai_domain::publication::{
    ClockStatus, PublicationClock, clock_start, publication_clock, publication_due,
};
use gongkai_domain::workflow::State;
use gongkai_store::documents::{self, ClockRow, DocumentSummary};
use gongkai_store::orgs::Org;
use serde::Serialize;

use crate::{App, AppResult};

#[derive(Debug, Clone, Serialize)]
pub struct DocClock {
    pub doc: DocumentSummary,
    pub clock: PublicationClock,
}

/// One organisation's line in the clock table.
#[derive(Debug, Clone, Serialize)]
pub struct OrgClockSummary {
    pub org: Org,
    pub in_progress: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub published_this_year: usize,
    /// Published this year later than 20 working days after the 成文日期.
    pub published_late_this_year: usize,
    pub rereview_due: usize,
}

fn rereview_due(r: &ClockRow, year: i32) -> bool {
    r.state == State::Archived
        && r.attribute != Attribute::Proactive
        && r.rereviewed_year.is_none_or(|y| y < year)
}

impl App {
    async fn clock_rows(&self, org_ids: &[i64]) -> AppResult<Vec<ClockRow>> {
        let mut c = self.store.conn().await?;
        Ok(documents::clock_rows(&mut c, org_ids, self.today().year()).await?)
    }

    /// Proactive documents still in the workflow, most urgent first.
    pub async fn publication_clocks(&self, org_ids: &[i64]) -> AppResult<Vec<DocClock>> {
        let cal = self.calendar();
        let today = self.today();
        let mut clocks: Vec<(i64, PublicationClock)> = self
            .clock_rows(org_ids)
            .await?
            .into_iter()
            .filter(|r| r.state.in_progress() && r.attribute == Attribute::Proactive)
            .map(|r| {
                let start = clock_start(r.written_on, r.proactive_since);
                (r.id, publication_clock(&cal, start, today))
            })
            .collect();
        clocks.sort_by_key(|(id, c)| (c.due_on, *id));
        let ids: Vec<i64> = clocks.iter().map(|c| c.0).collect();
        let mut c = self.store.conn().await?;
        let docs = documents::summaries(&mut c, &ids).await?;
        Ok(docs
            .into_iter()
            .zip(clocks)
            .map(|(doc, (_, clock))| DocClock { doc, clock })
            .collect())
    }

    /// Non-public documents not yet re-reviewed this year.
    pub async fn rereview_list(&self, org_ids: &[i64]) -> AppResult<Vec<DocumentSummary>> {
        let year = self.today().year();
        let ids: Vec<i64> = self
            .clock_rows(org_ids)
            .await?
            .iter()
            .filter(|r| rereview_due(r, year))
            .map(|r| r.id)
            .collect();
        let mut c = self.store.conn().await?;
        Ok(documents::summaries(&mut c, &ids).await?)
    }

    /// One line per organisation of `orgs`, counting its own documents.
    pub async fn clock_summary(&self, orgs: &[Org]) -> AppResult<Vec<OrgClockSummary>> {
        let ids: Vec<i64> = orgs.iter().map(|o| o.id).collect();
        let rows = self.clock_rows(&ids).await?;
        let cal = self.calendar();
        let today = self.today();
        let year = today.year();
        Ok(orgs
            .iter()
            .map(|org| {
                let mine = rows.iter().filter(|r| r.org_id == org.id);
                let mut s = OrgClockSummary {
                    org: org.clone(),
                    in_progress: 0,
                    overdue: 0,
                    due_soon: 0,
                    published_this_year: 0,
                    published_late_this_year: 0,
                    rereview_due: 0,
                };
                for r in mine {
                    let start = clock_start(r.written_on, r.proactive_since);
                    if r.state.in_progress() && r.attribute == Attribute::Proactive {
                        s.in_progress += 1;
                        match publication_clock(&cal, start, today).status {
                            ClockStatus::Overdue => s.overdue += 1,
                            ClockStatus::DueSoon => s.due_soon += 1,
                            ClockStatus::OnTime => {}
                        }
                    }
                    if let Some(p) = r.published_on
                        && p.year() == year
                        && r.attribute == Attribute::Proactive
                    {
                        s.published_this_year += 1;
                        if p > publication_due(&cal, start) {
                            s.published_late_this_year += 1;
                        }
                    }
                    if rereview_due(r, year) {
                        s.rereview_due += 1;
                    }
                }
                s
            })
            .collect())
    }
}

impl App {
    /// Documents per workflow state across the deployment (for `/metrics`).
    pub async fn document_state_counts(&self) -> AppResult<Vec<(State, i64)>> {
        let tree = self.org_tree().await?;
        let ids: Vec<i64> = tree.all().iter().map(|o| o.id).collect();
        let mut c = self.store.conn().await?;
        Ok(documents::state_counts(&mut c, &ids).await?)
    }

    pub async fn last_event_seq(&self) -> AppResult<i64> {
        let mut c = self.store.conn().await?;
        Ok(gongkai_store::events::last_seq(&mut c).await?)
    }
}
