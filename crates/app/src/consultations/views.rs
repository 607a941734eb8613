//! What the public and staff see of consultations.

use chrono::NaiveDate;
use gongkai_domain::interaction::consultation::{
    Adoption, CommentStatus, Feedback, Phase, period_days,
};
use gongkai_domain::interaction::message::Writer;
use gongkai_domain::pii;
use gongkai_domain::role::Role;
use gongkai_store::consultations::{self as store, Comment, Consultation};
use serde::Serialize;

use super::RUNNERS;
use crate::{Actor, App, AppError, AppResult, OrgTree};

/// A consultation as a line of a list.
#[derive(Debug, Clone, Serialize)]
pub struct ConsultationSummary {
    pub id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub title: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub phase: Phase,
    /// Comments received (all of them, moderated or not).
    pub comments: i64,
}

/// A comment as its reader may see it: the public reads accepted comments whose
/// writers agreed, masked; staff read everything, and the writer.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub number: u32,
    pub body: String,
    pub public: bool,
    pub status: CommentStatus,
    pub moderation_note: String,
    pub adoption: Option<Adoption>,
    pub reason: String,
    pub received_on: String,
    /// Staff only.
    pub writer: Option<Writer>,
}

/// A consultation with its text, comments and feedback.
#[derive(Debug, Clone, Serialize)]
pub struct ConsultationView {
    pub summary: ConsultationSummary,
    pub draft: String,
    pub explanation: String,
    pub period_days: i64,
    /// Shown with the notice when the period is under 30 days.
    pub shortened_reason: String,
    pub other_ways: String,
    /// The document the draft became or belongs to: (索引号, title, org slug), when public.
    pub document: Option<(String, String, String)>,
    /// Staff: the 索引号 of the linked document in whatever state it is.
    pub document_index: Option<String>,
    pub comments: Vec<CommentView>,
    /// The draft and other material as uploaded.
    pub files: Vec<gongkai_store::consultations::ConsultationFile>,
    pub feedback: Option<Feedback>,
    /// Staff: the viewer runs this consultation.
    pub may_run: bool,
}

impl App {
    fn summary(&self, tree: &OrgTree, c: &Consultation) -> ConsultationSummary {
        let org = tree.get(c.org_id);
        ConsultationSummary {
            id: c.id,
            org_slug: org.map(|o| o.slug.clone()).unwrap_or_default(),
            org_name: org.map(|o| o.name.clone()).unwrap_or_default(),
            title: c.title.clone(),
            opens_on: c.opens_on,
            closes_on: c.closes_on,
            phase: Phase::of(
                c.published_at.is_some(),
                c.feedback_published_at.is_some(),
                c.opens_on,
                c.closes_on,
                self.today(),
            ),
            comments: c.comment_count,
        }
    }

    /// Announced consultations of an organisation (every one without), open first.
    pub async fn public_consultations(
        &self,
        org_slug: Option<&str>,
    ) -> AppResult<Vec<ConsultationSummary>> {
        let tree = self.org_tree().await?;
        let ids = match org_slug {
            Some(s) => vec![
                tree.by_slug(s)
                    .ok_or_else(|| AppError::NotFound("机构不存在".into()))?
                    .id,
            ],
            None => tree.all().iter().map(|o| o.id).collect(),
        };
        let mut c = self.store.conn().await?;
        let mut out: Vec<ConsultationSummary> = store::in_orgs(&mut c, &ids, true)
            .await?
            .iter()
            .map(|x| self.summary(&tree, x))
            .collect();
        out.sort_by_key(|s| (s.phase != Phase::Open, std::cmp::Reverse(s.closes_on)));
        Ok(out)
    }

    /// The consultations the actor runs or oversees, in any phase.
    pub async fn staff_consultations(&self, actor: &Actor) -> AppResult<Vec<ConsultationSummary>> {
        let tree = self.org_tree().await?;
        let ids: Vec<i64> = if actor.is_platform_admin() {
            tree.all().iter().map(|o| o.id).collect()
        } else {
            let mut ids = tree.held(actor, &RUNNERS);
            ids.extend(tree.held(actor, &[Role::Supervisor, Role::OrgAdmin]));
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let mut c = self.store.conn().await?;
        Ok(store::in_orgs(&mut c, &ids, false)
            .await?
            .iter()
            .map(|x| self.summary(&tree, x))
            .collect())
    }

    /// The organisations where the actor may start a consultation: (slug, name).
    pub async fn consultation_orgs(&self, actor: &Actor) -> AppResult<Vec<(String, String)>> {
        let tree = self.org_tree().await?;
        Ok(tree
            .held(actor, &RUNNERS)
            .into_iter()
            .filter_map(|id| tree.get(id))
            .map(|o| (o.slug.clone(), o.name.clone()))
            .collect())
    }

    async fn view(
        &self,
        c: &Consultation,
        staff: bool,
        may_run: bool,
    ) -> AppResult<ConsultationView> {
        let tree = self.org_tree().await?;
        let mut conn = self.store.conn().await?;
        let linked = match c.document_id {
            Some(d) => gongkai_store::documents::get(&mut conn, d).await?,
            None => None,
        };
        let document_index = linked
            .as_ref()
            .filter(|_| staff)
            .map(|d| d.index_number.clone());
        let document = match linked {
            Some(d) => Some(d)
                .filter(|d| {
                    d.state == gongkai_domain::workflow::State::Published
                        && d.decision.attribute.is_public()
                })
                .and_then(|d| {
                    tree.get(d.org_id)
                        .map(|o| (d.index_number.clone(), d.title.clone(), o.slug.clone()))
                }),
            None => None,
        };
        let comments = store::comments(&mut conn, c.id)
            .await?
            .into_iter()
            .filter(|x| staff || (x.status == CommentStatus::Accepted && x.public))
            .map(|x| comment_view(x, staff))
            .collect();
        let files = store::files(&mut conn, c.id).await?;
        Ok(ConsultationView {
            summary: self.summary(&tree, c),
            draft: c.draft.clone(),
            explanation: c.explanation.clone(),
            period_days: period_days(c.opens_on, c.closes_on),
            shortened_reason: c.shortened_reason.clone(),
            other_ways: c.other_ways.clone(),
            document,
            document_index,
            comments,
            files,
            feedback: c.feedback.clone(),
            may_run,
        })
    }

    /// An announced consultation as the public sees it; with a slug, only under its
    /// own organisation.
    pub async fn public_consultation(
        &self,
        org_slug: Option<&str>,
        id: i64,
    ) -> AppResult<ConsultationView> {
        let c = self.load_consultation(id).await?;
        let tree = self.org_tree().await?;
        let same_org = org_slug.is_none_or(|s| tree.get(c.org_id).is_some_and(|o| o.slug == s));
        if c.published_at.is_none() || !same_org {
            return Err(AppError::NotFound("意见征集不存在".into()));
        }
        self.view(&c, false, false).await
    }

    /// A consultation as staff see it: every comment with its writer.
    pub async fn consultation_view(&self, actor: &Actor, id: i64) -> AppResult<ConsultationView> {
        let c = self.load_consultation(id).await?;
        let tree = self.org_tree().await?;
        let anc = tree.ancestry_ids(c.org_id);
        let may_run = actor.holds_any(&RUNNERS, &anc);
        let oversees =
            actor.is_platform_admin() || actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], &anc);
        if !may_run && !oversees {
            return Err(AppError::NotFound("意见征集不存在".into()));
        }
        self.view(&c, true, may_run).await
    }

    /// The announced consultations on a document, for its page.
    pub(crate) async fn document_consultations(
        &self,
        document_id: i64,
    ) -> AppResult<Vec<ConsultationSummary>> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        Ok(store::of_document(&mut c, document_id)
            .await?
            .iter()
            .map(|x| self.summary(&tree, x))
            .collect())
    }

    /// Consultations waiting for the actor: comments to moderate, or closed ones whose
    /// feedback is still to publish.
    pub(crate) async fn consultation_tasks(&self, actor: &Actor) -> AppResult<Vec<crate::Task>> {
        let tree = self.org_tree().await?;
        let ids = tree.held(actor, &RUNNERS);
        let mut conn = self.store.conn().await?;
        let mut out = Vec::new();
        for c in store::in_orgs(&mut conn, &ids, true).await? {
            let s = self.summary(&tree, &c);
            let pending = store::comments(&mut conn, c.id)
                .await?
                .iter()
                .any(|x| x.status == CommentStatus::Pending);
            let what = match s.phase {
                _ if pending => "征集意见待审核",
                Phase::Closed => "征集已截止，待发布采纳情况反馈",
                _ => continue,
            };
            out.push(crate::Task {
                what,
                title: s.title,
                org_name: s.org_name,
                target: gongkai_domain::notification::Target::Consultation(c.id),
                since: s.closes_on.to_string(),
            });
        }
        Ok(out)
    }
}

fn comment_view(x: Comment, staff: bool) -> CommentView {
    CommentView {
        number: x.number,
        body: if staff { x.body } else { pii::mask(&x.body) },
        public: x.public,
        status: x.status,
        moderation_note: if staff {
            x.moderation_note
        } else {
            String::new()
        },
        adoption: x.adoption,
        reason: x.reason,
        received_on: crate::tasks::day_of(&x.received_at),
        writer: staff.then_some(x.writer),
    }
}
