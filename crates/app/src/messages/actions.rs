//! What staff do with a message, one function per action: the office written to takes
//! it up by dispatching it (转办, to itself or to a unit below) or refuses it with a
//! reason the writer reads; the competent unit answers or sends it back; the office
//! approves the answer or returns it for rework; and publishes the exchange when the
//! writer agreed.

use gongkai_domain::interaction::message::{
    MessageAction, MessageStatus, RefusalReason, reply_text,
};
use gongkai_domain::notification::{NotificationKind, Target};
use gongkai_domain::{Invalid, pii};
use gongkai_store::messages::{self as store, Message, StateChange};
use serde_json::json;

use super::HANDLERS;
use crate::{Actor, App, AppError, AppResult};

/// Which side of a message acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The office written to: takes up, dispatches, reviews, publishes.
    Office,
    /// The competent unit the message was dispatched to: answers.
    Unit,
}

/// One action's effect.
struct Transition<'a> {
    action: MessageAction,
    from: &'a [MessageStatus],
    by: Side,
    change: StateChange<'a>,
    org_id: Option<i64>,
    note: &'a str,
    /// Who is told, and what.
    tell: Option<(Side, NotificationKind, String)>,
}

impl App {
    fn side_org(m: &Message, side: Side) -> Option<i64> {
        match side {
            Side::Office => Some(m.org_id),
            Side::Unit => m.handling_org_id,
        }
    }

    async fn acts_for(&self, actor: &Actor, m: &Message, side: Side) -> AppResult<bool> {
        let tree = self.org_tree().await?;
        Ok(Self::side_org(m, side)
            .is_some_and(|org| actor.holds_any(&HANDLERS, &tree.ancestry_ids(org))))
    }

    async fn transition(&self, actor: &Actor, m: &Message, t: Transition<'_>) -> AppResult<()> {
        if !t.from.contains(&m.status) {
            return Err(AppError::Conflict(format!(
                "留言当前为“{}”，不能{}",
                m.status.label(),
                t.action.label()
            )));
        }
        if !self.acts_for(actor, m, t.by).await? {
            let whose = match t.by {
                Side::Office => "收到留言的单位",
                Side::Unit => "承办单位",
            };
            return Err(AppError::Forbidden(format!(
                "{}须由{whose}的“信息公开专员”或“信息公开机构负责人”办理",
                t.action.label()
            )));
        }
        let told = match &t.tell {
            Some((side, _, _)) => match match side {
                Side::Office => Some(m.org_id),
                Side::Unit => t.change.handling_org_id.or(m.handling_org_id),
            } {
                Some(org) => self.holders(&[org], &HANDLERS).await?,
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        let mut tx = self.store.begin(self.now()).await?;
        store::set_state(&mut tx, m.id, &t.change).await?;
        self.record_message(
            &mut tx,
            actor,
            m,
            t.action,
            t.org_id,
            t.note,
            json!({ "tracking_number": m.tracking_number, "status": t.change.status.as_str() }),
        )
        .await?;
        if let Some((_, kind, title)) = &t.tell {
            self.notify(
                &mut tx,
                actor,
                &told,
                *kind,
                title,
                &Target::Message(m.tracking_number.clone()),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// 转办: the office sends the message to the competent unit — itself or a unit
    /// below it in the tree, named by slug.
    pub async fn dispatch_message(
        &self,
        actor: &Actor,
        tracking_number: &str,
        to_slug: &str,
        note: &str,
    ) -> AppResult<()> {
        let m = self.load_message(tracking_number).await?;
        let tree = self.org_tree().await?;
        let to = tree
            .by_slug(to_slug.trim())
            .ok_or_else(|| AppError::Invalid(vec![Invalid::new("to", "请选择承办单位")]))?;
        if !tree.subtree_ids(m.org_id).contains(&to.id) {
            return Err(AppError::Invalid(vec![Invalid::new(
                "to",
                "只能转办给本单位或本单位所属的下级单位、部门",
            )]));
        }
        let note = optional_note(note)?;
        let own = to.id == m.org_id;
        let title = format!("留言 {} 请答复：{}", m.tracking_number, m.title);
        self.transition(
            actor,
            &m,
            Transition {
                action: MessageAction::Dispatch,
                from: &[MessageStatus::Received, MessageStatus::Dispatched],
                by: Side::Office,
                change: StateChange {
                    status: MessageStatus::Dispatched,
                    handling_org_id: Some(to.id),
                    refusal_reason: None,
                    refusal_note: "",
                    reply: "",
                    replied_by_org_id: None,
                    answered_on: None,
                },
                org_id: Some(to.id),
                note: &note,
                // The unit is told; the office dispatching to itself knows already.
                tell: (!own).then_some((Side::Unit, NotificationKind::MessageToAnswer, title)),
            },
        )
        .await
    }

    /// 不予受理: the office declines the message with a reason the writer reads.
    pub async fn refuse_message(
        &self,
        actor: &Actor,
        tracking_number: &str,
        reason: &str,
        note: &str,
    ) -> AppResult<()> {
        let m = self.load_message(tracking_number).await?;
        let reason: RefusalReason = if reason.trim().is_empty() {
            Err(Invalid::new("reason", "请选择不予受理的理由"))
        } else {
            reason.trim().parse()
        }
        .map_err(|e| AppError::Invalid(vec![e]))?;
        let note = optional_note(note)?;
        self.transition(
            actor,
            &m,
            Transition {
                action: MessageAction::Refuse,
                from: &[MessageStatus::Received],
                by: Side::Office,
                change: StateChange {
                    status: MessageStatus::Refused,
                    handling_org_id: None,
                    refusal_reason: Some(reason),
                    refusal_note: &note,
                    reply: "",
                    replied_by_org_id: None,
                    answered_on: Some(self.today()),
                },
                org_id: Some(m.org_id),
                note: reason.label(),
                tell: None,
            },
        )
        .await
    }

    /// The competent unit answers. An answer from the office itself is final; one from
    /// a unit below waits for the office's review.
    pub async fn reply_message(
        &self,
        actor: &Actor,
        tracking_number: &str,
        reply: &str,
    ) -> AppResult<()> {
        let m = self.load_message(tracking_number).await?;
        let reply =
            reply_text("reply", "答复内容", reply).map_err(|e| AppError::Invalid(vec![e]))?;
        let own = m.handling_org_id == Some(m.org_id);
        let today = self.today();
        let title = format!("留言 {} 已答复，请审核：{}", m.tracking_number, m.title);
        self.transition(
            actor,
            &m,
            Transition {
                action: MessageAction::Reply,
                from: &[MessageStatus::Dispatched],
                by: Side::Unit,
                change: StateChange {
                    status: if own {
                        MessageStatus::Answered
                    } else {
                        MessageStatus::Review
                    },
                    handling_org_id: m.handling_org_id,
                    refusal_reason: None,
                    refusal_note: "",
                    reply: &reply,
                    replied_by_org_id: m.handling_org_id,
                    answered_on: own.then_some(today),
                },
                org_id: m.handling_org_id,
                note: &reply,
                tell: (!own).then_some((Side::Office, NotificationKind::MessageToReview, title)),
            },
        )
        .await
    }

    /// The unit sends a message back to the office: not its competence.
    pub async fn send_back_message(
        &self,
        actor: &Actor,
        tracking_number: &str,
        note: &str,
    ) -> AppResult<()> {
        let m = self.load_message(tracking_number).await?;
        let note = reply_text("note", "退回理由", note).map_err(|e| AppError::Invalid(vec![e]))?;
        if m.handling_org_id == Some(m.org_id) {
            return Err(AppError::Conflict(
                "本单位自办的留言无需退回，可直接改转其他单位".into(),
            ));
        }
        let title = format!("留言 {} 被承办单位退回，请重新转办", m.tracking_number);
        self.transition(
            actor,
            &m,
            Transition {
                action: MessageAction::SendBack,
                from: &[MessageStatus::Dispatched],
                by: Side::Unit,
                change: StateChange {
                    status: MessageStatus::Received,
                    handling_org_id: None,
                    refusal_reason: None,
                    refusal_note: "",
                    reply: "",
                    replied_by_org_id: None,
                    answered_on: None,
                },
                org_id: m.handling_org_id,
                note: &note,
                tell: Some((Side::Office, NotificationKind::MessageToReview, title)),
            },
        )
        .await
    }

    /// The office returns a unit's answer for rework, saying why.
    pub async fn return_message_reply(
        &self,
        actor: &Actor,
        tracking_number: &str,
        note: &str,
    ) -> AppResult<()> {
        let m = self.load_message(tracking_number).await?;
        let note = reply_text("note", "退回理由", note).map_err(|e| AppError::Invalid(vec![e]))?;
        let title = format!("留言 {} 的答复被退回重办：{note}", m.tracking_number);
        self.transition(
            actor,
            &m,
            Transition {
                action: MessageAction::Return,
                from: &[MessageStatus::Review],
                by: Side::Office,
                change: StateChange {
                    status: MessageStatus::Dispatched,
                    handling_org_id: m.handling_org_id,
                    refusal_reason: None,
                    refusal_note: "",
                    reply: "",
                    replied_by_org_id: None,
                    answered_on: None,
                },
                org_id: m.handling_org_id,
                note: &note,
                tell: Some((Side::Unit, NotificationKind::MessageReturned, title)),
            },
        )
        .await
    }

    /// The office approves a unit's answer: the writer reads it from today.
    pub async fn approve_message_reply(
        &self,
        actor: &Actor,
        tracking_number: &str,
    ) -> AppResult<()> {
        let m = self.load_message(tracking_number).await?;
        self.transition(
            actor,
            &m,
            Transition {
                action: MessageAction::Approve,
                from: &[MessageStatus::Review],
                by: Side::Office,
                change: StateChange {
                    status: MessageStatus::Answered,
                    handling_org_id: m.handling_org_id,
                    refusal_reason: None,
                    refusal_note: "",
                    reply: &m.reply,
                    replied_by_org_id: m.replied_by_org_id,
                    answered_on: Some(self.today()),
                },
                org_id: m.handling_org_id,
                note: "",
                tell: None,
            },
        )
        .await
    }

    /// Publishes an answered exchange whose writer agreed, with the question as the
    /// public will read it (personal data masked; no personal data left).
    pub async fn publish_message(
        &self,
        actor: &Actor,
        tracking_number: &str,
        public_title: &str,
        public_body: &str,
    ) -> AppResult<()> {
        let m = self.load_message(tracking_number).await?;
        if m.status != MessageStatus::Answered {
            return Err(AppError::Conflict("只有已答复的留言才能公开".into()));
        }
        if !m.publish_consent {
            return Err(AppError::Conflict(
                "留言人未同意公开本留言，不能公开".into(),
            ));
        }
        if !self.acts_for(actor, &m, Side::Office).await? {
            return Err(AppError::Forbidden(
                "公开留言须由收到留言的单位的“信息公开专员”或“信息公开机构负责人”办理".into(),
            ));
        }
        let mut problems = Vec::new();
        let title = gongkai_domain::invalid::single_line(
            "public_title",
            "公开标题",
            public_title,
            true,
            gongkai_domain::interaction::message::TITLE_MAX,
        )
        .map_err(|e| problems.push(e))
        .unwrap_or_default();
        let body = gongkai_domain::invalid::multi_line(
            "public_body",
            "公开的留言内容",
            public_body,
            true,
            gongkai_domain::interaction::message::BODY_MAX,
        )
        .map_err(|e| problems.push(e))
        .unwrap_or_default();
        for (field, text) in [("public_title", &title), ("public_body", &body)] {
            let found = pii::kinds(text);
            if !found.is_empty() {
                problems.push(Invalid::new(
                    field,
                    format!("仍含有{}，请去除后再公开", pii::describe(&found)),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let mut tx = self.store.begin(self.now()).await?;
        store::set_publication(&mut tx, m.id, Some((&title, &body))).await?;
        self.record_message(
            &mut tx,
            actor,
            &m,
            MessageAction::Publish,
            Some(m.org_id),
            "",
            json!({ "tracking_number": m.tracking_number }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a published exchange down.
    pub async fn unpublish_message(&self, actor: &Actor, tracking_number: &str) -> AppResult<()> {
        let m = self.load_message(tracking_number).await?;
        if m.published_at.is_none() {
            return Err(AppError::Conflict("该留言尚未公开".into()));
        }
        if !self.acts_for(actor, &m, Side::Office).await? {
            return Err(AppError::Forbidden(
                "撤回公开须由收到留言的单位的“信息公开专员”或“信息公开机构负责人”办理".into(),
            ));
        }
        let mut tx = self.store.begin(self.now()).await?;
        store::set_publication(&mut tx, m.id, None).await?;
        self.record_message(
            &mut tx,
            actor,
            &m,
            MessageAction::Unpublish,
            Some(m.org_id),
            "",
            json!({ "tracking_number": m.tracking_number }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn optional_note(note: &str) -> AppResult<String> {
    gongkai_domain::invalid::multi_line("note", "办理意见", note, false, 500)
        .map_err(|e| AppError::Invalid(vec![e]))
}
