//! 建议提案办理: the register of suggestions and proposals a unit handles, the reply
//! (复文) published unless withheld with a reason, and the counts per year.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::Invalid;
use gongkai_domain::interaction::proposal::{ProposalKind, ProposalResult};
use gongkai_domain::invalid::{Problems, multi_line, single_line};
use gongkai_store::proposals::{self as store, NewProposal, Proposal};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{KEEPERS, date, org_of};
use crate::{Actor, App, AppError, AppResult};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProposalInput {
    #[serde(default)]
    pub org: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub title: String,
    /// The deputy or member (or group) who made it: a public office, shown.
    #[serde(default)]
    pub proposer: String,
    #[serde(default)]
    pub received_on: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReplyInput {
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub reply: String,
    /// When the reply is not published (it touches a third party's rights, or state
    /// secrets), why.
    #[serde(default)]
    pub withheld_reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProposalView {
    pub id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub kind: ProposalKind,
    pub year: i32,
    pub number: String,
    pub title: String,
    pub proposer: String,
    pub received_on: NaiveDate,
    pub result: Option<ProposalResult>,
    /// The reply text: public only when published.
    pub reply: String,
    pub replied_on: Option<NaiveDate>,
    pub withheld_reason: String,
    pub published: bool,
    /// Staff: the viewer may record the reply.
    pub may_act: bool,
}

/// A year's counts for the annual report's narrative.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProposalCounts {
    pub suggestions: u32,
    pub proposals: u32,
    pub replied: u32,
    pub published: u32,
}

impl App {
    fn proposal_view(tree: &crate::OrgTree, p: Proposal, viewer: Option<&Actor>) -> ProposalView {
        let public = viewer.is_none();
        let may_act = viewer.is_some_and(|a| a.holds_any(&KEEPERS, &tree.ancestry_ids(p.org_id)));
        let org = tree.get(p.org_id);
        let published = p.published_at.is_some();
        ProposalView {
            id: p.id,
            org_slug: org.map(|o| o.slug.clone()).unwrap_or_default(),
            org_name: org.map(|o| o.name.clone()).unwrap_or_default(),
            kind: p.kind,
            year: p.year,
            number: p.number,
            title: p.title,
            proposer: p.proposer,
            received_on: p.received_on,
            result: p.result,
            reply: if public && !published {
                String::new()
            } else {
                p.reply
            },
            replied_on: p.replied_on,
            withheld_reason: p.withheld_reason,
            published,
            may_act,
        }
    }

    /// Registers a suggestion or proposal assigned to an organisation.
    pub async fn register_proposal(&self, actor: &Actor, input: &ProposalInput) -> AppResult<i64> {
        let tree = self.org_tree().await?;
        let org_id = org_of(&tree, &input.org)?.id;
        self.must_keep(actor, org_id, &KEEPERS, "登记建议提案")
            .await?;
        let mut p = Problems::default();
        let kind = p.choice::<ProposalKind>("kind", "请选择类别", &input.kind);
        let number = p.text(single_line("number", "编号", &input.number, true, 30));
        let title = p.text(single_line("title", "标题", &input.title, true, 200));
        let proposer = p.text(single_line(
            "proposer",
            "提出人",
            &input.proposer,
            true,
            100,
        ));
        let received = date("received_on", "交办日期", &input.received_on)
            .map_err(|e| p.push(e))
            .ok();
        let (Some(kind), Some(received_on)) = (kind, received) else {
            return Err(AppError::Invalid(p.0));
        };
        if !p.is_empty() {
            return Err(AppError::Invalid(p.0));
        }
        let mut tx = self.store.begin(self.now()).await?;
        let id = store::insert(
            &mut tx,
            &NewProposal {
                org_id,
                kind,
                year: received_on.year(),
                number: &number,
                title: &title,
                proposer: &proposer,
                received_on,
            },
        )
        .await?
        .ok_or_else(|| {
            AppError::Invalid(vec![Invalid::new(
                "number",
                format!("{}年{}第{number}已登记", received_on.year(), kind.label()),
            )])
        })?;
        self.record_participation(
            &mut tx,
            actor,
            "proposal",
            "proposal.register",
            (id, org_id),
            json!({ "number": number }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records the reply: published today, or withheld with the reason given.
    pub async fn reply_proposal(
        &self,
        actor: &Actor,
        id: i64,
        input: &ReplyInput,
    ) -> AppResult<()> {
        let mut c = self.store.conn().await?;
        let prop = store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("建议提案不存在".into()))?;
        drop(c);
        self.must_keep(actor, prop.org_id, &KEEPERS, "答复建议提案")
            .await?;
        let mut p = Problems::default();
        let result = p.choice::<ProposalResult>("result", "请选择办理结果", &input.result);
        let reply = p.text(multi_line(
            "reply",
            "答复（复文）",
            &input.reply,
            true,
            50_000,
        ));
        let withheld = p.text(multi_line(
            "withheld_reason",
            "不公开的理由",
            &input.withheld_reason,
            false,
            500,
        ));
        let Some(result) = result else {
            return Err(AppError::Invalid(p.0));
        };
        if !p.is_empty() {
            return Err(AppError::Invalid(p.0));
        }
        let mut tx = self.store.begin(self.now()).await?;
        store::set_reply(&mut tx, id, result, &reply, self.today(), &withheld).await?;
        self.record_participation(
            &mut tx,
            actor,
            "proposal",
            "proposal.reply",
            (id, prop.org_id),
            json!({ "published": withheld.is_empty() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The register as the public reads it: every item, replies where published.
    pub async fn proposals(&self, org_slug: Option<&str>) -> AppResult<Vec<ProposalView>> {
        let tree = self.org_tree().await?;
        let ids = Self::scope_ids(&tree, org_slug)?;
        let mut c = self.store.conn().await?;
        Ok(store::in_orgs(&mut c, &ids)
            .await?
            .into_iter()
            .map(|p| Self::proposal_view(&tree, p, None))
            .collect())
    }

    /// One item as the public reads it.
    pub async fn public_proposal(
        &self,
        org_slug: Option<&str>,
        id: i64,
    ) -> AppResult<ProposalView> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        store::get(&mut c, id)
            .await?
            .map(|p| Self::proposal_view(&tree, p, None))
            .filter(|p| org_slug.is_none_or(|s| s == p.org_slug))
            .ok_or_else(|| AppError::NotFound("建议提案不存在".into()))
    }

    /// The register for staff, replies included.
    pub async fn staff_proposals(&self, actor: &Actor) -> AppResult<Vec<ProposalView>> {
        let tree = self.org_tree().await?;
        let ids = self.overseen(&tree, actor);
        let mut c = self.store.conn().await?;
        Ok(store::in_orgs(&mut c, &ids)
            .await?
            .into_iter()
            .map(|p| Self::proposal_view(&tree, p, Some(actor)))
            .collect())
    }

    /// A year's counts of an organisation, for the annual report's narrative.
    pub async fn proposal_counts(&self, org_slug: &str, year: i32) -> AppResult<ProposalCounts> {
        let mut n = ProposalCounts::default();
        for p in self
            .proposals(Some(org_slug))
            .await?
            .iter()
            .filter(|p| p.year == year)
        {
            match p.kind {
                ProposalKind::Suggestion => n.suggestions += 1,
                ProposalKind::Proposal => n.proposals += 1,
            }
            n.replied += u32::from(p.replied_on.is_some());
            n.published += u32::from(p.published);
        }
        Ok(n)
    }
}
