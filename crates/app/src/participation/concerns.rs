//! 回应关切: a concern with the time it arose and the responses to it, checked against
//! the 5-hour, 24-hour and 48-hour rules.

use chrono::{DateTime, Utc};
use gongkai_domain::interaction::concern::{Gravity, Response, ResponseForm, RuleCheck, checks};
use gongkai_domain::invalid::{Problems, multi_line, single_line};
use gongkai_store::concerns::{self as store, Concern, ConcernResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{KEEPERS, china_instant, org_of};
use crate::{Actor, App, AppError, AppResult};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConcernInput {
    #[serde(default)]
    pub org: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub gravity: String,
    /// When the concern arose, China time ("2026-07-01 09:30").
    #[serde(default)]
    pub arose_at: String,
    #[serde(default)]
    pub summary: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ResponseInput {
    #[serde(default)]
    pub form: String,
    /// When it was given, China time.
    #[serde(default)]
    pub at: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub link: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConcernView {
    pub id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub title: String,
    pub gravity: Gravity,
    pub arose_at: DateTime<Utc>,
    pub summary: String,
    pub responses: Vec<ConcernResponse>,
    pub checks: Vec<RuleCheck>,
    /// Staff: the viewer may record responses to it.
    pub may_act: bool,
}

impl ConcernView {
    /// Some rule's time passed without its response, or was met late.
    pub fn is_late(&self) -> bool {
        self.checks.iter().any(|c| c.late || c.met_late)
    }
}

impl App {
    async fn concern_view(
        &self,
        tree: &crate::OrgTree,
        c: Concern,
        viewer: Option<&Actor>,
    ) -> AppResult<ConcernView> {
        let may_act = viewer.is_some_and(|a| a.holds_any(&KEEPERS, &tree.ancestry_ids(c.org_id)));
        let mut conn = self.store.conn().await?;
        let responses = store::responses(&mut conn, c.id).await?;
        let rs: Vec<Response> = responses
            .iter()
            .map(|r| Response {
                form: r.form,
                at: r.at,
            })
            .collect();
        let org = tree.get(c.org_id);
        Ok(ConcernView {
            id: c.id,
            org_slug: org.map(|o| o.slug.clone()).unwrap_or_default(),
            org_name: org.map(|o| o.name.clone()).unwrap_or_default(),
            checks: checks(c.gravity, c.arose_at, self.now(), &rs),
            title: c.title,
            gravity: c.gravity,
            arose_at: c.arose_at,
            summary: c.summary,
            responses,
            may_act,
        })
    }

    /// Records a concern of public opinion an organisation must respond to.
    pub async fn record_concern(&self, actor: &Actor, input: &ConcernInput) -> AppResult<i64> {
        let tree = self.org_tree().await?;
        let org_id = org_of(&tree, &input.org)?.id;
        self.must_keep(actor, org_id, &KEEPERS, "登记回应关切事项")
            .await?;
        let mut p = Problems::default();
        let title = p.text(single_line("title", "事项", &input.title, true, 100));
        let gravity = p.choice::<Gravity>("gravity", "请选择事件级别", &input.gravity);
        let arose = china_instant("arose_at", "舆情发生时间", &input.arose_at)
            .map_err(|e| p.push(e))
            .ok();
        if arose.is_some_and(|a| a > self.now()) {
            p.push(gongkai_domain::Invalid::new(
                "arose_at",
                "舆情发生时间不能晚于现在",
            ));
        }
        let summary = p.text(multi_line(
            "summary",
            "情况摘要",
            &input.summary,
            true,
            2000,
        ));
        let (Some(gravity), Some(arose_at)) = (gravity, arose) else {
            return Err(AppError::Invalid(p.0));
        };
        if !p.is_empty() {
            return Err(AppError::Invalid(p.0));
        }
        let mut tx = self.store.begin(self.now()).await?;
        let id = store::insert(&mut tx, org_id, &title, gravity, arose_at, &summary).await?;
        self.record_participation(
            &mut tx,
            actor,
            "concern",
            "concern.record",
            (id, org_id),
            json!({ "title": title }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds a response given to a concern.
    pub async fn respond_to_concern(
        &self,
        actor: &Actor,
        id: i64,
        input: &ResponseInput,
    ) -> AppResult<()> {
        let mut c = self.store.conn().await?;
        let concern = store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("回应关切事项不存在".into()))?;
        drop(c);
        self.must_keep(actor, concern.org_id, &KEEPERS, "记录回应")
            .await?;
        let mut p = Problems::default();
        let form = p.choice::<ResponseForm>("form", "请选择回应方式", &input.form);
        let at = china_instant("at", "回应时间", &input.at)
            .map_err(|e| p.push(e))
            .ok();
        if at.is_some_and(|a| a < concern.arose_at) {
            p.push(gongkai_domain::Invalid::new(
                "at",
                "回应时间不能早于舆情发生时间",
            ));
        }
        if at.is_some_and(|a| a > self.now()) {
            p.push(gongkai_domain::Invalid::new("at", "回应时间不能晚于现在"));
        }
        let content = p.text(multi_line(
            "content",
            "回应内容",
            &input.content,
            true,
            5000,
        ));
        let link = p.text(single_line("link", "发布网址", &input.link, false, 500));
        let (Some(form), Some(at)) = (form, at) else {
            return Err(AppError::Invalid(p.0));
        };
        if !p.is_empty() {
            return Err(AppError::Invalid(p.0));
        }
        let mut tx = self.store.begin(self.now()).await?;
        store::add_response(
            &mut tx,
            id,
            &ConcernResponse {
                form,
                at,
                content,
                link,
            },
        )
        .await?;
        self.record_participation(
            &mut tx,
            actor,
            "concern",
            "concern.respond",
            (id, concern.org_id),
            json!({ "form": form.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Concerns of an organisation (every one without), newest first.
    pub async fn concerns(&self, org_slug: Option<&str>) -> AppResult<Vec<ConcernView>> {
        let tree = self.org_tree().await?;
        let ids = Self::scope_ids(&tree, org_slug)?;
        self.concern_list(&tree, &ids, None).await
    }

    /// Concerns the actor keeps or oversees.
    pub async fn staff_concerns(&self, actor: &Actor) -> AppResult<Vec<ConcernView>> {
        let tree = self.org_tree().await?;
        let ids = self.overseen(&tree, actor);
        self.concern_list(&tree, &ids, Some(actor)).await
    }

    async fn concern_list(
        &self,
        tree: &crate::OrgTree,
        ids: &[i64],
        viewer: Option<&Actor>,
    ) -> AppResult<Vec<ConcernView>> {
        let mut c = self.store.conn().await?;
        let all = store::in_orgs(&mut c, ids).await?;
        drop(c);
        let mut out = Vec::new();
        for x in all {
            out.push(self.concern_view(tree, x, viewer).await?);
        }
        Ok(out)
    }
}
