//! What is done with a consultation, one function per action.

use gongkai_domain::Invalid;
use gongkai_domain::interaction::consultation::{
    self as rules, Adoption, CommentInput, CommentStatus, ConsultationInput, Decided,
    NewConsultation, Phase,
};
use gongkai_domain::notification::{NotificationKind, Target};
use gongkai_store::consultations::{self as store, Consultation};
use serde_json::json;

use super::RUNNERS;
use crate::{Actor, App, AppError, AppResult};

/// What a commenter is told: the comment's number and that it waits for moderation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CommentReceipt {
    pub consultation_id: i64,
    pub number: u32,
}

impl App {
    fn phase_of(&self, c: &Consultation) -> Phase {
        Phase::of(
            c.published_at.is_some(),
            c.feedback_published_at.is_some(),
            c.opens_on,
            c.closes_on,
            self.today(),
        )
    }

    async fn document_id(&self, index: Option<&str>) -> AppResult<Option<i64>> {
        let Some(index) = index else {
            return Ok(None);
        };
        let mut c = self.store.conn().await?;
        gongkai_store::documents::by_index_number(&mut c, index)
            .await?
            .map(|d| Some(d.id))
            .ok_or_else(|| {
                AppError::Invalid(vec![Invalid::new(
                    "document",
                    format!("未找到索引号为“{index}”的文件"),
                )])
            })
    }

    /// A new consultation of an organisation (by slug), not yet announced.
    pub async fn create_consultation(
        &self,
        actor: &Actor,
        org_slug: &str,
        input: &ConsultationInput,
    ) -> AppResult<i64> {
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(org_slug.trim())
            .ok_or_else(|| AppError::Invalid(vec![Invalid::new("org", "请选择起草单位")]))?;
        let org_id = org.id;
        self.must_run(actor, org_id).await?;
        let n = input.parse(self.today()).map_err(AppError::Invalid)?;
        let document_id = self.document_id(n.document.as_deref()).await?;
        let mut tx = self.store.begin(self.now()).await?;
        let created_by = Some(self.author(&mut tx, actor).await?);
        let id = store::insert(&mut tx, &stored(org_id, &n, document_id, created_by)).await?;
        self.record_consultation(
            &mut tx,
            actor,
            "consultation.create",
            (id, org_id),
            json!({ "title": n.title }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Rewrites a consultation before it is announced.
    pub async fn update_consultation(
        &self,
        actor: &Actor,
        id: i64,
        input: &ConsultationInput,
    ) -> AppResult<()> {
        let c = self.load_consultation(id).await?;
        self.must_run(actor, c.org_id).await?;
        if c.published_at.is_some() {
            return Err(AppError::Conflict(
                "征集公告已发布，不能再修改；如需更正，请另行发布补充说明".into(),
            ));
        }
        let n = input.parse(self.today()).map_err(AppError::Invalid)?;
        let document_id = self.document_id(n.document.as_deref()).await?;
        let mut tx = self.store.begin(self.now()).await?;
        store::update(&mut tx, id, &stored(c.org_id, &n, document_id, None)).await?;
        self.record_consultation(
            &mut tx,
            actor,
            "consultation.update",
            (id, c.org_id),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Announces the consultation on the portal. The period is checked again from the
    /// day it is announced: days already past were never open to the public.
    pub async fn publish_consultation(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let c = self.load_consultation(id).await?;
        self.must_run(actor, c.org_id).await?;
        if c.published_at.is_some() {
            return Err(AppError::Conflict("征集公告已发布".into()));
        }
        let from = c.opens_on.max(self.today());
        if c.closes_on < self.today() {
            return Err(AppError::Invalid(vec![Invalid::new(
                "closes_on",
                "截止日期已过，请修改征集期限后再发布",
            )]));
        }
        rules::check_period(from, c.closes_on, &c.shortened_reason)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        let mut tx = self.store.begin(self.now()).await?;
        store::set_published(&mut tx, id).await?;
        self.record_consultation(
            &mut tx,
            actor,
            "consultation.publish",
            (id, c.org_id),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A comment from the public while the consultation is open; it waits for
    /// moderation before anyone else reads it.
    pub async fn submit_comment(
        &self,
        id: i64,
        input: &CommentInput,
        ip: &str,
    ) -> AppResult<CommentReceipt> {
        let c = self.load_consultation(id).await?;
        match self.phase_of(&c) {
            Phase::Open => {}
            Phase::Draft => return Err(AppError::NotFound("意见征集不存在".into())),
            Phase::Announced => {
                return Err(AppError::Conflict(format!(
                    "征集尚未开始：{}起可以提出意见",
                    c.opens_on
                )));
            }
            Phase::Closed | Phase::FeedbackPublished => {
                return Err(AppError::Conflict(format!(
                    "征集已于{}截止，不再接收意见",
                    c.closes_on
                )));
            }
        }
        let n = input.parse().map_err(AppError::Invalid)?;
        let actor = Actor {
            user: None,
            grants: Vec::new(),
            ip: ip.to_owned(),
            via: crate::Via::Session,
        };
        let runners = self.holders(&[c.org_id], &RUNNERS).await?;
        let mut tx = self.store.begin(self.now()).await?;
        let (_, number) = store::add_comment(&mut tx, id, &n.writer, &n.body, n.public).await?;
        self.record_consultation(
            &mut tx,
            &actor,
            "consultation.comment",
            (id, c.org_id),
            json!({ "number": number }),
        )
        .await?;
        self.notify(
            &mut tx,
            &actor,
            &runners,
            NotificationKind::NewComment,
            &format!("“{}”收到第{number}条意见，待审核", c.title),
            &Target::Consultation(id),
        )
        .await?;
        tx.commit().await?;
        Ok(CommentReceipt {
            consultation_id: id,
            number,
        })
    }

    async fn comment_of(
        &self,
        actor: &Actor,
        id: i64,
        number: u32,
    ) -> AppResult<(Consultation, gongkai_store::consultations::Comment)> {
        let c = self.load_consultation(id).await?;
        self.must_run(actor, c.org_id).await?;
        let mut conn = self.store.conn().await?;
        let comment = store::comment(&mut conn, id, number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("第{number}条意见不存在")))?;
        Ok((c, comment))
    }

    /// Moderation: a real comment on the draft is accepted (and shown when its writer
    /// agreed); spam, abuse or anything unrelated is rejected with a note.
    pub async fn moderate_comment(
        &self,
        actor: &Actor,
        id: i64,
        number: u32,
        accept: bool,
        note: &str,
    ) -> AppResult<()> {
        let (c, comment) = self.comment_of(actor, id, number).await?;
        if c.feedback_published_at.is_some() {
            return Err(AppError::Conflict(
                "采纳情况反馈已发布，意见不能再改动".into(),
            ));
        }
        let note = gongkai_domain::invalid::multi_line(
            "note",
            "审核说明",
            note,
            !accept,
            rules::REASON_MAX,
        )
        .map_err(|e| AppError::Invalid(vec![e]))?;
        let status = if accept {
            CommentStatus::Accepted
        } else {
            CommentStatus::Rejected
        };
        let mut tx = self.store.begin(self.now()).await?;
        store::moderate(&mut tx, comment.id, status, &note).await?;
        self.record_consultation(
            &mut tx,
            actor,
            "consultation.moderate",
            (id, c.org_id),
            json!({ "number": number, "status": status.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The decision on one accepted comment, with its reason, once the period is over.
    pub async fn decide_comment(
        &self,
        actor: &Actor,
        id: i64,
        number: u32,
        adoption: &str,
        reason: &str,
    ) -> AppResult<()> {
        let (c, comment) = self.comment_of(actor, id, number).await?;
        if self.phase_of(&c) != Phase::Closed {
            return Err(AppError::Conflict(match self.phase_of(&c) {
                Phase::FeedbackPublished => "采纳情况反馈已发布，决定不能再改动".to_owned(),
                _ => format!("征集{}截止后才能作出采纳决定", c.closes_on),
            }));
        }
        if comment.status != CommentStatus::Accepted {
            return Err(AppError::Conflict(
                "只能对审核通过的意见作出采纳决定".into(),
            ));
        }
        let mut problems = Vec::new();
        let adoption: Option<Adoption> = if adoption.trim().is_empty() {
            problems.push(Invalid::new("adoption", "请选择采纳情况"));
            None
        } else {
            adoption.trim().parse().map_err(|e| problems.push(e)).ok()
        };
        let reason = rules::decision_reason(reason)
            .map_err(|e| problems.push(e))
            .ok();
        let (Some(adoption), Some(reason)) = (adoption, reason) else {
            return Err(AppError::Invalid(problems));
        };
        let mut tx = self.store.begin(self.now()).await?;
        store::decide(&mut tx, comment.id, adoption, &reason).await?;
        self.record_consultation(
            &mut tx,
            actor,
            "consultation.decide",
            (id, c.org_id),
            json!({ "number": number, "adoption": adoption.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes the 意见采纳情况反馈 made from every comment's decision; refused while a
    /// comment waits for moderation or a decision.
    pub async fn publish_feedback(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let c = self.load_consultation(id).await?;
        self.must_run(actor, c.org_id).await?;
        match self.phase_of(&c) {
            Phase::Closed => {}
            Phase::FeedbackPublished => {
                return Err(AppError::Conflict("采纳情况反馈已发布".into()));
            }
            _ => {
                return Err(AppError::Conflict(format!(
                    "征集{}截止后才能发布采纳情况反馈",
                    c.closes_on
                )));
            }
        }
        let mut conn = self.store.conn().await?;
        let comments = store::comments(&mut conn, id).await?;
        drop(conn);
        let decided: Vec<Decided<'_>> = comments
            .iter()
            .map(|x| Decided {
                number: x.number,
                status: x.status,
                body: &x.body,
                public: x.public,
                adoption: x.adoption,
                reason: &x.reason,
            })
            .collect();
        let feedback = rules::feedback(&decided).map_err(|e| AppError::Invalid(vec![e]))?;
        let mut tx = self.store.begin(self.now()).await?;
        store::set_feedback(&mut tx, id, &feedback).await?;
        self.record_consultation(
            &mut tx,
            actor,
            "consultation.feedback",
            (id, c.org_id),
            json!({ "received": feedback.received, "adopted": feedback.adopted }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn stored<'a>(
    org_id: i64,
    n: &'a NewConsultation,
    document_id: Option<i64>,
    created_by: Option<i64>,
) -> store::NewConsultation<'a> {
    store::NewConsultation {
        org_id,
        title: &n.title,
        draft: &n.draft,
        explanation: &n.explanation,
        opens_on: n.opens_on,
        closes_on: n.closes_on,
        shortened_reason: &n.shortened_reason,
        other_ways: &n.other_ways,
        document_id,
        created_by,
    }
}
