//! Saved inspections and 整改: the office saves an inspection's results, hands each
//! finding to its unit with a date, the unit reports what it did, and the office
//! checks — with the rule run again on today's records beside it — and closes the
//! finding or sends it back. Scores of saved runs give each unit's trend.

use chrono::NaiveDate;
use gongkai_domain::Invalid;
use gongkai_domain::inspection::rectification::{Party, Status, Step, steps_from};
use gongkai_domain::inspection::{Thresholds, inspect};
use gongkai_domain::notification::Target;
use gongkai_domain::role::Role;
use gongkai_store::inspections::{
    self as store, NewFinding, Run, SavedFinding, StepRecord, UnitScore,
};
use gongkai_store::orgs::Org;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult, Task};

/// Saved runs shown with their trend.
const RUNS_SHOWN: i64 = 12;

/// Those who report on a unit's rectification.
const UNIT_ROLES: [Role; 3] = [
    Role::DisclosureOfficer,
    Role::DisclosureHead,
    Role::OrgAdmin,
];

/// A saved inspection as the office reads it.
#[derive(Debug, Clone)]
pub struct SavedInspection {
    pub run: Run,
    pub root: Org,
    /// Each unit with its score, by rank.
    pub units: Vec<(Org, UnitScore)>,
    pub findings: Vec<SavedFinding>,
}

/// Each unit's points in the latest saved runs of an organisation, oldest run first.
#[derive(Debug, Clone)]
pub struct Trend {
    pub runs: Vec<Run>,
    /// Per unit: its score in each run (None where it was not inspected).
    pub units: Vec<(Org, Vec<Option<UnitScore>>)>,
}

/// One finding's rectification as someone with a part in it sees it.
#[derive(Debug, Clone)]
pub struct RectificationView {
    pub finding: SavedFinding,
    pub org: Org,
    pub run: Run,
    pub root: Org,
    pub history: Vec<StepRecord>,
    /// The steps the viewer may take now.
    pub allowed: Vec<Step>,
    /// Whether the rule still finds the same thing on the same page today (shown to
    /// the office before it verifies).
    pub still_found: Option<bool>,
}

/// What a step carries.
#[derive(Debug, Clone, Default)]
pub struct RectifyInput {
    pub step: String,
    pub note: String,
    /// For 交办: the date by which the unit is to put it right (YYYY-MM-DD).
    pub due_on: String,
}

impl App {
    /// Runs the inspection of `slug` (with the dead links a walk found) and saves it:
    /// every unit's score and every finding, each finding open for rectification.
    /// Returns the run's number.
    pub async fn save_inspection(
        &self,
        actor: &Actor,
        slug: &str,
        broken: &[gongkai_domain::inspection::BrokenLink],
    ) -> AppResult<i64> {
        let run = self.inspect(actor, slug, broken).await?;
        let mut tx = self.store.begin(self.now()).await?;
        let id = store::insert_run(
            &mut tx,
            run.root.id,
            run.on,
            &run.table.to_text(),
            actor.user_id(),
        )
        .await?;
        let mut total = 0;
        for (rank, u) in run.units.iter().enumerate() {
            store::insert_unit(
                &mut tx,
                &UnitScore {
                    run_id: id,
                    org_id: u.org.id,
                    rank: i64::try_from(rank + 1).unwrap_or(i64::MAX),
                    points: i64::from(u.score.points),
                    vetoed: u.score.vetoed,
                },
            )
            .await?;
            for f in &u.findings {
                store::insert_finding(
                    &mut tx,
                    &NewFinding {
                        run_id: id,
                        org_id: u.org.id,
                        rule: f.rule,
                        veto: f.veto,
                        page: &f.page,
                        detail: &f.detail,
                    },
                )
                .await?;
                total += 1;
            }
        }
        tx.record(
            self.audit(
                actor,
                "inspection.save",
                "inspection",
                Some(id),
                Some(run.root.id),
                json!({ "units": run.units.len(), "findings": total }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Whether the actor is the inspecting office for `org`'s subtree.
    fn inspects(&self, actor: &Actor, ancestry: &[i64]) -> bool {
        actor.is_platform_admin() || actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], ancestry)
    }

    /// A saved inspection (the inspecting office only).
    pub async fn saved_inspection(&self, actor: &Actor, id: i64) -> AppResult<SavedInspection> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let run = store::run(&mut c, id)
            .await?
            .filter(|r| self.inspects(actor, &tree.ancestry_ids(r.org_id)))
            .ok_or_else(|| AppError::NotFound("检查记录不存在".into()))?;
        let root = tree
            .get(run.org_id)
            .cloned()
            .ok_or_else(|| AppError::NotFound("检查记录不存在".into()))?;
        let units = store::scores(&mut c, run.org_id, i64::MAX)
            .await?
            .into_iter()
            .filter(|u| u.run_id == id)
            .filter_map(|u| Some((tree.get(u.org_id)?.clone(), u)))
            .collect();
        let findings = store::findings(&mut c, id).await?;
        Ok(SavedInspection {
            run,
            root,
            units,
            findings,
        })
    }

    /// The latest saved runs of `slug` with each unit's points across them.
    pub async fn inspection_trend(&self, actor: &Actor, slug: &str) -> AppResult<Trend> {
        let tree = self.org_tree().await?;
        let root = tree
            .by_slug(slug)
            .cloned()
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        if !self.inspects(actor, &tree.ancestry_ids(root.id)) {
            return Err(AppError::Forbidden(
                "检查记录须由政务公开办（监督）查看".into(),
            ));
        }
        let mut c = self.store.conn().await?;
        let mut runs = store::runs(&mut c, root.id, RUNS_SHOWN).await?;
        runs.reverse();
        let scores = store::scores(&mut c, root.id, RUNS_SHOWN).await?;
        let mut units: Vec<(Org, Vec<Option<UnitScore>>)> = Vec::new();
        for s in &scores {
            if units.iter().any(|(o, _)| o.id == s.org_id) {
                continue;
            }
            let Some(org) = tree.get(s.org_id) else {
                continue;
            };
            let row = runs
                .iter()
                .map(|r| {
                    scores
                        .iter()
                        .find(|x| x.run_id == r.id && x.org_id == s.org_id)
                        .cloned()
                })
                .collect();
            units.push((org.clone(), row));
        }
        Ok(Trend { runs, units })
    }

    /// A finding's rectification, for the office or the unit.
    pub async fn rectification(&self, actor: &Actor, id: i64) -> AppResult<RectificationView> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let not_found = || AppError::NotFound("整改事项不存在".into());
        let finding = store::finding(&mut c, id).await?.ok_or_else(not_found)?;
        let run = store::run(&mut c, finding.run_id)
            .await?
            .ok_or_else(not_found)?;
        let office = self.inspects(actor, &tree.ancestry_ids(run.org_id));
        let unit = actor.holds_any(&UNIT_ROLES, &tree.ancestry_ids(finding.org_id));
        if !office && !unit {
            return Err(not_found());
        }
        let history = store::steps(&mut c, id).await?;
        drop(c);
        let allowed = steps_from(finding.status)
            .into_iter()
            .filter(|s| match s.party() {
                Party::Office => office,
                Party::Unit => unit,
            })
            .collect();
        let org = tree.get(finding.org_id).cloned().ok_or_else(not_found)?;
        let root = tree.get(run.org_id).cloned().ok_or_else(not_found)?;
        // A dead link is found by walking the portal, which the web layer does; it is
        // checked by following the page's link, not here.
        let still_found = if office
            && finding.status == Status::Responded
            && finding.rule != gongkai_domain::inspection::Rule::BrokenLink
        {
            let kinds = self.column_kinds().await?;
            let media = self.media_accounts_all().await?;
            let facts = self
                .unit_facts(&tree, &org, self.today(), &kinds, &media)
                .await?;
            Some(
                inspect(&facts, &Thresholds::default())
                    .iter()
                    .any(|f| f.rule == finding.rule && f.page == finding.page),
            )
        } else {
            None
        };
        Ok(RectificationView {
            finding,
            org,
            run,
            root,
            history,
            allowed,
            still_found,
        })
    }

    /// Takes a step on a finding's rectification.
    pub async fn rectify(&self, actor: &Actor, id: i64, input: &RectifyInput) -> AppResult<Status> {
        let view = self.rectification(actor, id).await?;
        let step: Step = input.step.parse()?;
        if !view.allowed.contains(&step) {
            return Err(AppError::Forbidden(format!(
                "整改事项当前为“{}”，您不能“{}”",
                view.finding.status.label(),
                step.label()
            )));
        }
        let to = step
            .next(view.finding.status)
            .ok_or_else(|| AppError::Conflict("整改事项状态已变更，请刷新后重试".into()))?;
        let note: String = input.note.trim().chars().take(2000).collect();
        let mut errors = Vec::new();
        if step.needs_note() && note.is_empty() {
            errors.push(Invalid::new(
                "note",
                format!("“{}”须写明情况", step.label()),
            ));
        }
        let due_on = if step == Step::Assign {
            match NaiveDate::parse_from_str(input.due_on.trim(), "%Y-%m-%d") {
                Ok(d) if d >= self.today() => Some(d),
                Ok(_) => {
                    errors.push(Invalid::new("due_on", "整改期限不能早于今天"));
                    None
                }
                Err(_) => {
                    errors.push(Invalid::new("due_on", "请填写整改期限，格式如2026-06-30"));
                    None
                }
            }
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let mut tx = self.store.begin(self.now()).await?;
        let moved = store::take_step(
            &mut tx,
            id,
            view.finding.status,
            to,
            step,
            &note,
            due_on,
            (actor.user_id(), &actor.label()),
        )
        .await?;
        if !moved {
            return Err(AppError::Conflict(
                "整改事项状态已被他人更改，请刷新后重试".into(),
            ));
        }
        tx.record(
            self.audit(
                actor,
                &format!("rectification.{}", step.as_str()),
                "inspection_finding",
                Some(id),
                Some(view.finding.org_id),
                json!({ "from": view.finding.status, "to": to, "note": note, "due_on": due_on }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(to)
    }

    /// 待我处理: findings assigned to the actor's units, and reports the actor's office
    /// is to check.
    pub(crate) async fn rectification_tasks(&self, actor: &Actor) -> AppResult<Vec<Task>> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let mut out = Vec::new();
        let mut run_orgs: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        for (status, what) in [
            (Status::Assigned, "整改任务，待报告"),
            (Status::Responded, "整改报告，待核查"),
        ] {
            for f in store::in_status(&mut c, status).await? {
                let mine = match status {
                    Status::Assigned => actor
                        .grants
                        .iter()
                        .any(|g| g.org_id == f.org_id && UNIT_ROLES.contains(&g.role)),
                    _ => {
                        // Many reports of one run wait together: its organisation is read once.
                        let org_id = match run_orgs.get(&f.run_id) {
                            Some(o) => *o,
                            None => {
                                let Some(run) = store::run(&mut c, f.run_id).await? else {
                                    continue;
                                };
                                run_orgs.insert(f.run_id, run.org_id);
                                run.org_id
                            }
                        };
                        !actor.is_platform_admin()
                            && actor.holds(Role::Supervisor, &tree.ancestry_ids(org_id))
                    }
                };
                if mine {
                    out.push(Task {
                        what,
                        title: format!("{}：{}", f.rule.label(), f.detail),
                        org_name: tree
                            .get(f.org_id)
                            .map(|o| o.name.clone())
                            .unwrap_or_default(),
                        target: Target::Rectification(f.id),
                        since: crate::tasks::day_of(&f.updated_at),
                    });
                }
            }
        }
        Ok(out)
    }
}
