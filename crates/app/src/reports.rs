//! The annual report of an organisation for a year: computed from the records, with
//! what staff enter, checked, and published as a snapshot on the portal's 年报 column.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::application::Fen;
use gongkai_domain::report::{Format, Report, StaffInput, rules_block, section3};
use gongkai_domain::role::Role;
use gongkai_store::reports as store;
use serde::Serialize;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// Who prepares and publishes an organisation's report.
const PREPARERS: [Role; 2] = [Role::DisclosureOfficer, Role::DisclosureHead];

/// A report as staff work on it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportDraft {
    pub report: Report,
    /// The 勾稽 problems, if any (publication is refused while there are some).
    pub problems: Vec<String>,
    pub published_at: Option<String>,
    /// The publication deadline of Art.49.
    pub due_on: NaiveDate,
    pub may_edit: bool,
}

/// A published report on the portal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedReport {
    pub year: i32,
    pub published_at: String,
    pub report: Report,
}

fn check_year(year: i32, today: NaiveDate) -> AppResult<()> {
    Format::for_year(year)?;
    if year > today.year() {
        return Err(gongkai_domain::Invalid::new("year", "不能编制尚未开始年度的年度报告").into());
    }
    Ok(())
}

impl App {
    fn report_access(&self, actor: &Actor, ancestry: &[i64]) -> AppResult<bool> {
        let edit = actor.holds_any(&PREPARERS, ancestry);
        let view = edit
            || actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], ancestry)
            || actor.is_platform_admin();
        if !view {
            return Err(AppError::NotFound("机构不存在".into()));
        }
        Ok(edit)
    }

    /// Computes the report from today's records.
    async fn compute_report(&self, org_id: i64, year: i32, input: StaffInput) -> AppResult<Report> {
        let format = Format::for_year(year)?;
        let tree = self.org_tree().await?;
        let org = tree
            .get(org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
        let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
        let mut c = self.store.conn().await?;
        let cases = store::case_facts(&mut c, org_id, end).await?;
        let rules = store::rule_facts(&mut c, org_id).await?;
        let fees = store::fees_paid(&mut c, org_id, start, end).await?;
        Ok(Report {
            year,
            format,
            org_name: org.name.clone(),
            rules: rules_block(&rules, year, format),
            section3: section3(&cases, year),
            input,
            fees_collected: Fen(fees),
        })
    }

    /// The report of `org_id` for `year` as it stands, with the staff input saved so far.
    pub async fn report_draft(
        &self,
        actor: &Actor,
        org_id: i64,
        year: i32,
    ) -> AppResult<ReportDraft> {
        check_year(year, self.today())?;
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(org_id);
        let may_edit = self.report_access(actor, &ancestry)?;
        let org = tree
            .get(org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let mut c = self.store.conn().await?;
        let stored = store::get(&mut c, org_id, year).await?;
        drop(c);
        let input = match &stored {
            Some(s) => {
                serde_json::from_str(&s.input).map_err(|e| AppError::Internal(e.to_string()))?
            }
            None => StaffInput::default(),
        };
        let report = self.compute_report(org_id, year, input).await?;
        let problems = report.section3.check().err().unwrap_or_default();
        Ok(ReportDraft {
            due_on: Report::due_on(year, org.level),
            report,
            problems,
            published_at: stored.and_then(|s| s.published_at),
            may_edit,
        })
    }

    /// Saves what staff entered.
    pub async fn save_report_input(
        &self,
        actor: &Actor,
        org_id: i64,
        year: i32,
        input: &StaffInput,
    ) -> AppResult<()> {
        check_year(year, self.today())?;
        let tree = self.org_tree().await?;
        if !self.report_access(actor, &tree.ancestry_ids(org_id))? {
            return Err(AppError::Forbidden(
                "编制年度报告须具有本机关“信息公开专员”或“信息公开机构负责人”角色".into(),
            ));
        }
        input.check()?;
        let text = serde_json::to_string(input).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.store.begin(self.now()).await?;
        store::save_input(&mut tx, org_id, year, &text).await?;
        tx.record(
            self.audit(
                actor,
                "report.save",
                "annual_report",
                None,
                Some(org_id),
                json!({ "year": year }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes the report as it computes now. Refused before the year has ended and
    /// while the 勾稽 check fails.
    pub async fn publish_report(&self, actor: &Actor, org_id: i64, year: i32) -> AppResult<()> {
        let draft = self.report_draft(actor, org_id, year).await?;
        if !draft.may_edit {
            return Err(AppError::Forbidden(
                "发布年度报告须具有本机关“信息公开专员”或“信息公开机构负责人”角色".into(),
            ));
        }
        if self.today() <= NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year") {
            return Err(AppError::Conflict(format!(
                "{year}年度尚未结束，不能发布该年度报告"
            )));
        }
        if !draft.problems.is_empty() {
            return Err(AppError::Conflict(format!(
                "勾稽关系不成立，不能发布：{}",
                draft.problems.join("；")
            )));
        }
        let input = serde_json::to_string(&draft.report.input)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let snapshot =
            serde_json::to_string(&draft.report).map_err(|e| AppError::Internal(e.to_string()))?;
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(org_id);
        let mut tx = self.store.begin(self.now()).await?;
        store::publish(&mut tx, org_id, year, &input, &snapshot).await?;
        tx.record(
            self.audit(
                actor,
                "report.publish",
                "annual_report",
                None,
                Some(org_id),
                json!({ "year": year }),
            ),
            Some(gongkai_store::NewEvent {
                kind: "report.published",
                entity_type: "annual_report",
                entity_id: None,
                org_id: Some(org_id),
                payload: json!({ "year": year, "org_ancestry": ancestry }),
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A published report, for the portal and the public API.
    pub async fn published_report(&self, org_id: i64, year: i32) -> AppResult<PublishedReport> {
        let mut c = self.store.conn().await?;
        let s = store::get(&mut c, org_id, year)
            .await?
            .filter(|s| s.published.is_some())
            .ok_or_else(|| AppError::NotFound(format!("{year}年度报告尚未发布")))?;
        let report: Report = serde_json::from_str(s.published.as_deref().unwrap_or("{}"))
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(PublishedReport {
            year,
            published_at: s.published_at.unwrap_or_default(),
            report,
        })
    }

    /// The years with a published report, newest first, with their publication instants.
    pub async fn published_report_years(&self, org_id: i64) -> AppResult<Vec<(i32, String)>> {
        let mut c = self.store.conn().await?;
        Ok(store::published_years(&mut c, org_id).await?)
    }
}
