//! What staff, the writer and the public see of messages: the staff view with the
//! actions the viewer may take, the lists with their clocks, tracking by number and
//! query code, the published exchanges and the statistics per unit.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use gongkai_domain::interaction::message::{
    MessageAction, MessageClock, MessageKind, MessageStatus, RefusalReason, VetoRisk, Writer,
};
use gongkai_domain::pii;
use gongkai_domain::publication::ClockStatus;
use gongkai_domain::role::Role;
use gongkai_store::messages::{self as store, Message};
use serde::Serialize;

use super::HANDLERS;
use crate::{Actor, App, AppError, AppResult, OrgTree};

/// A line of a message's history.
#[derive(Debug, Clone, Serialize)]
pub struct StepLine {
    pub on_date: NaiveDate,
    pub action: MessageAction,
    pub org_name: String,
    /// Staff notes (dispatch remarks, return reasons, the text of earlier answers).
    pub note: String,
    pub actor: String,
}

/// A message as staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    pub tracking_number: String,
    pub kind: MessageKind,
    pub status: MessageStatus,
    pub title: String,
    pub body: String,
    /// `None` unless the viewer handles the message (the office or the unit).
    pub writer: Option<Writer>,
    pub publish_consent: bool,
    pub org_name: String,
    pub handling_org: Option<String>,
    pub received_on: NaiveDate,
    pub clock: MessageClock,
    pub refusal: Option<(RefusalReason, String)>,
    pub reply: String,
    pub replied_by: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub published: bool,
    /// The question as the public would read it: what was published, or a masked draft.
    pub public_title: String,
    pub public_body: String,
    pub steps: Vec<StepLine>,
    /// What the viewer may do now.
    pub actions: Vec<MessageAction>,
    /// Where the viewer may dispatch it: (slug, name), the office itself first.
    pub dispatch_to: Vec<(String, String)>,
}

/// A message as a line of a list.
#[derive(Debug, Clone, Serialize)]
pub struct MessageRow {
    pub tracking_number: String,
    pub kind: MessageKind,
    pub title: String,
    pub status: MessageStatus,
    pub org_name: String,
    pub handling_org: Option<String>,
    pub received_on: NaiveDate,
    pub clock: MessageClock,
    pub published: bool,
}

/// Which messages a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageFilter {
    /// Everything still waiting for an answer.
    #[default]
    Open,
    /// Waiting to be taken up (the moderation queue).
    Queue,
    DueSoon,
    Overdue,
    /// Unanswered consultations near or past the 3 months of the 19号 veto.
    Veto,
    All,
}

impl MessageFilter {
    pub const ALL: [MessageFilter; 6] = [
        Self::Open,
        Self::Queue,
        Self::DueSoon,
        Self::Overdue,
        Self::Veto,
        Self::All,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Queue => "queue",
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
            Self::Veto => "veto",
            Self::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "办理中",
            Self::Queue => "待受理",
            Self::DueSoon => "即将到期",
            Self::Overdue => "已超期",
            Self::Veto => "单项否决风险",
            Self::All => "全部",
        }
    }

    pub fn parse(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.code() == code)
            .unwrap_or_default()
    }

    fn keeps(self, m: &Message, c: &MessageClock) -> bool {
        let open = m.status.is_open();
        match self {
            Self::Open => open,
            Self::Queue => m.status == MessageStatus::Received,
            Self::DueSoon => open && c.status == ClockStatus::DueSoon,
            Self::Overdue => open && c.status == ClockStatus::Overdue,
            Self::Veto => c.veto != VetoRisk::None,
            Self::All => true,
        }
    }
}

/// What the writer sees with the tracking number and the query code.
#[derive(Debug, Clone, Serialize)]
pub struct MessageTracking {
    pub tracking_number: String,
    pub kind: MessageKind,
    pub title: String,
    pub status: MessageStatus,
    pub org_name: String,
    pub handling_org: Option<String>,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub refusal: Option<(RefusalReason, String)>,
    /// The answer, once approved.
    pub reply: Option<String>,
    pub replied_by: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub published: bool,
    pub steps: Vec<(NaiveDate, MessageAction)>,
}

/// A published exchange: the question as published, the answer, who answered, both
/// dates. Never the writer.
#[derive(Debug, Clone, Serialize)]
pub struct PublicExchange {
    pub tracking_number: String,
    pub kind: MessageKind,
    pub title: String,
    pub body: String,
    pub org_slug: String,
    pub org_name: String,
    pub replied_by: String,
    pub received_on: NaiveDate,
    pub answered_on: NaiveDate,
    pub reply: String,
}

/// The figures of one unit for a year (by the unit responsible: the one dispatched to,
/// or the office before dispatch). Refused messages are not counted.
#[derive(Debug, Clone, Serialize)]
pub struct UnitStats {
    pub org_slug: String,
    pub org_name: String,
    pub received: u32,
    pub answered: u32,
    pub on_time: u32,
    /// Average working days from receipt to the answer, to one decimal.
    pub average_workdays: Option<String>,
    pub overdue_open: u32,
}

/// The dashboard's interaction figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MessageAlerts {
    pub queue: u32,
    pub due_soon: u32,
    pub overdue: u32,
    /// Unanswered consultations near or past the 19号 veto, most urgent first.
    pub veto: Vec<MessageRow>,
}

fn org_name(tree: &OrgTree, id: Option<i64>) -> Option<String> {
    id.and_then(|i| tree.get(i)).map(|o| o.name.clone())
}

impl App {
    fn row(&self, tree: &OrgTree, m: &Message) -> MessageRow {
        MessageRow {
            tracking_number: m.tracking_number.clone(),
            kind: m.kind,
            title: m.title.clone(),
            status: m.status,
            org_name: org_name(tree, Some(m.org_id)).unwrap_or_default(),
            handling_org: org_name(tree, m.handling_org_id),
            received_on: m.received_on,
            clock: self.message_clock_of(m),
            published: m.published_at.is_some(),
        }
    }

    /// Organisations whose messages the actor sees: those they handle messages for,
    /// and every one below where they supervise or administer.
    fn message_orgs(&self, tree: &OrgTree, actor: &Actor) -> Vec<i64> {
        if actor.is_platform_admin() {
            return tree.all().iter().map(|o| o.id).collect();
        }
        let mut ids = tree.held(actor, &HANDLERS);
        ids.extend(tree.held(actor, &[Role::Supervisor, Role::OrgAdmin]));
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The messages the actor sees, by a filter, most urgent first.
    pub async fn staff_messages(
        &self,
        actor: &Actor,
        filter: MessageFilter,
    ) -> AppResult<Vec<MessageRow>> {
        let tree = self.org_tree().await?;
        let ids = self.message_orgs(&tree, actor);
        let mut c = self.store.conn().await?;
        let all = store::in_orgs(&mut c, &ids).await?;
        let mut rows: Vec<MessageRow> = all
            .iter()
            .map(|m| (m, self.message_clock_of(m)))
            .filter(|(m, c)| filter.keeps(m, c))
            .map(|(m, _)| self.row(&tree, m))
            .collect();
        if filter != MessageFilter::All {
            rows.sort_by_key(|r| (r.clock.due_on, r.received_on));
        }
        Ok(rows)
    }

    /// Messages waiting for the actor's hand, with what is to be done: to take up or
    /// review as the office, to answer as the unit.
    pub(crate) async fn messages_in_hand(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<(Message, &'static str)>> {
        let tree = self.org_tree().await?;
        let ids = tree.held(actor, &HANDLERS);
        let mut c = self.store.conn().await?;
        let mut out = Vec::new();
        for m in store::in_orgs(&mut c, &ids).await? {
            let office = actor.holds_any(&HANDLERS, &tree.ancestry_ids(m.org_id));
            let unit = m
                .handling_org_id
                .is_some_and(|h| actor.holds_any(&HANDLERS, &tree.ancestry_ids(h)));
            let what = match m.status {
                MessageStatus::Received if office => "新留言，待受理",
                MessageStatus::Dispatched if unit => "留言待答复",
                MessageStatus::Review if office => "留言答复待审核",
                _ => continue,
            };
            out.push((m, what));
        }
        Ok(out)
    }

    /// [`Self::messages_in_hand`] as 待我处理.
    pub(crate) async fn message_tasks(&self, actor: &Actor) -> AppResult<Vec<crate::Task>> {
        let tree = self.org_tree().await?;
        Ok(self
            .messages_in_hand(actor)
            .await?
            .into_iter()
            .map(|(m, what)| crate::Task {
                what,
                org_name: org_name(&tree, m.handling_org_id.or(Some(m.org_id))).unwrap_or_default(),
                target: gongkai_domain::notification::Target::Message(m.tracking_number),
                title: m.title,
                since: m.received_on.to_string(),
            })
            .collect())
    }

    /// Counts for the dashboard.
    pub async fn message_alerts(&self, actor: &Actor) -> AppResult<MessageAlerts> {
        let rows = self.staff_messages(actor, MessageFilter::Open).await?;
        let mut a = MessageAlerts::default();
        for r in rows {
            match r.clock.status {
                ClockStatus::Overdue => a.overdue += 1,
                ClockStatus::DueSoon => a.due_soon += 1,
                ClockStatus::OnTime => {}
            }
            if r.status == MessageStatus::Received {
                a.queue += 1;
            }
            if r.clock.veto != VetoRisk::None {
                a.veto.push(r);
            }
        }
        a.veto.sort_by_key(|r| r.clock.veto_on);
        Ok(a)
    }

    /// A message as `actor` may see it; "not found" for anyone with no part in it.
    pub async fn message_view(
        &self,
        actor: &Actor,
        tracking_number: &str,
    ) -> AppResult<MessageView> {
        let m = self.load_message(tracking_number).await?;
        let tree = self.org_tree().await?;
        let office_anc = tree.ancestry_ids(m.org_id);
        let unit_anc = m.handling_org_id.map(|h| tree.ancestry_ids(h));
        let office = actor.holds_any(&HANDLERS, &office_anc);
        let unit = unit_anc
            .as_ref()
            .is_some_and(|a| actor.holds_any(&HANDLERS, a));
        let oversees = actor.is_platform_admin()
            || actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], &office_anc)
            || unit_anc
                .as_ref()
                .is_some_and(|a| actor.holds_any(&[Role::Supervisor, Role::OrgAdmin], a));
        if !office && !unit && !oversees {
            return Err(AppError::NotFound("留言不存在".into()));
        }
        let own = m.handling_org_id == Some(m.org_id);
        let mut actions = Vec::new();
        match m.status {
            MessageStatus::Received if office => {
                actions.extend([MessageAction::Dispatch, MessageAction::Refuse]);
            }
            MessageStatus::Dispatched => {
                if unit {
                    actions.push(MessageAction::Reply);
                    if !own {
                        actions.push(MessageAction::SendBack);
                    }
                }
                if office {
                    actions.push(MessageAction::Dispatch);
                }
            }
            MessageStatus::Review if office => {
                actions.extend([MessageAction::Approve, MessageAction::Return]);
            }
            MessageStatus::Answered if office && m.publish_consent => {
                actions.push(if m.published_at.is_some() {
                    MessageAction::Unpublish
                } else {
                    MessageAction::Publish
                });
            }
            _ => {}
        }
        let dispatch_to = if actions.contains(&MessageAction::Dispatch) {
            tree.subtree_ids(m.org_id)
                .into_iter()
                .filter_map(|id| tree.get(id))
                .map(|o| (o.slug.clone(), o.name.clone()))
                .collect()
        } else {
            Vec::new()
        };
        let mut c = self.store.conn().await?;
        let steps = store::steps(&mut c, m.id)
            .await?
            .into_iter()
            .map(|s| StepLine {
                on_date: s.on_date,
                action: s.action,
                org_name: org_name(&tree, s.org_id).unwrap_or_default(),
                note: s.note,
                actor: s.actor,
            })
            .collect();
        let published = m.published_at.is_some();
        Ok(MessageView {
            tracking_number: m.tracking_number.clone(),
            kind: m.kind,
            status: m.status,
            writer: (office || unit).then(|| m.writer.clone()),
            publish_consent: m.publish_consent,
            org_name: org_name(&tree, Some(m.org_id)).unwrap_or_default(),
            handling_org: org_name(&tree, m.handling_org_id),
            received_on: m.received_on,
            clock: self.message_clock_of(&m),
            refusal: m.refusal_reason.map(|r| (r, m.refusal_note.clone())),
            reply: m.reply.clone(),
            replied_by: org_name(&tree, m.replied_by_org_id),
            answered_on: m.answered_on,
            published,
            public_title: if published {
                m.public_title.clone()
            } else {
                pii::mask(&m.title)
            },
            public_body: if published {
                m.public_body.clone()
            } else {
                pii::mask(&m.body)
            },
            title: m.title,
            body: m.body,
            steps,
            actions,
            dispatch_to,
        })
    }

    /// The writer's view, by tracking number and query code; a wrong code and a wrong
    /// number get the same answer.
    pub async fn track_message(
        &self,
        tracking_number: &str,
        code: &str,
    ) -> AppResult<MessageTracking> {
        let not_found = || AppError::NotFound("未找到该留言：请核对留言编号和查询码".into());
        let m = self
            .load_message(tracking_number)
            .await
            .map_err(|e| match e {
                AppError::NotFound(_) => not_found(),
                other => other,
            })?;
        let given = crate::sha256_hex(&code.trim().to_ascii_uppercase());
        if !crate::auth::constant_time_eq(given.as_bytes(), m.query_code_hash.as_bytes()) {
            return Err(not_found());
        }
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let steps = store::steps(&mut c, m.id)
            .await?
            .into_iter()
            .map(|s| (s.on_date, s.action))
            .collect();
        let answered = m.status == MessageStatus::Answered;
        Ok(MessageTracking {
            tracking_number: m.tracking_number.clone(),
            kind: m.kind,
            title: m.title.clone(),
            status: m.status,
            org_name: org_name(&tree, Some(m.org_id)).unwrap_or_default(),
            handling_org: org_name(&tree, m.handling_org_id),
            received_on: m.received_on,
            due_on: self.message_clock_of(&m).due_on,
            refusal: m.refusal_reason.map(|r| (r, m.refusal_note.clone())),
            reply: answered.then(|| m.reply.clone()),
            replied_by: answered
                .then(|| org_name(&tree, m.replied_by_org_id))
                .flatten(),
            answered_on: m.answered_on,
            published: m.published_at.is_some(),
            steps,
        })
    }

    fn exchange(tree: &OrgTree, m: Message) -> Option<PublicExchange> {
        let org = tree.get(m.org_id)?;
        Some(PublicExchange {
            tracking_number: m.tracking_number,
            kind: m.kind,
            title: m.public_title,
            body: m.public_body,
            org_slug: org.slug.clone(),
            org_name: org.name.clone(),
            replied_by: org_name(tree, m.replied_by_org_id).unwrap_or_default(),
            received_on: m.received_on,
            answered_on: m.answered_on?,
            // A reply never publishes a person's number, whoever typed it in.
            reply: gongkai_domain::pii::review::public_text(&m.reply, &[]),
        })
    }

    /// Published exchanges written to or answered by the organisation (all of them
    /// without one), newest answer first.
    pub async fn published_messages(
        &self,
        org_slug: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> AppResult<(Vec<PublicExchange>, i64)> {
        self.published_from(org_slug, limit, &store::Window::Offset(offset.max(0)))
            .await
    }

    /// The published exchanges after the one answered on `answered_on` with
    /// `tracking_number`, in the same order: a stable cursor for the API.
    pub async fn published_messages_after(
        &self,
        org_slug: Option<&str>,
        limit: i64,
        answered_on: NaiveDate,
        tracking_number: &str,
    ) -> AppResult<(Vec<PublicExchange>, i64)> {
        let after = store::Window::After(answered_on, tracking_number.to_owned());
        self.published_from(org_slug, limit, &after).await
    }

    async fn published_from(
        &self,
        org_slug: Option<&str>,
        limit: i64,
        from: &store::Window,
    ) -> AppResult<(Vec<PublicExchange>, i64)> {
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
        let (rows, total) = store::published(&mut c, &ids, limit.clamp(1, 100), from).await?;
        Ok((
            rows.into_iter()
                .filter_map(|m| Self::exchange(&tree, m))
                .collect(),
            total,
        ))
    }

    /// One published exchange; "not found" unless it is published.
    pub async fn public_exchange(&self, tracking_number: &str) -> AppResult<PublicExchange> {
        let m = self.load_message(tracking_number).await?;
        let tree = self.org_tree().await?;
        if m.published_at.is_none() {
            return Err(AppError::NotFound("留言不存在或未公开".into()));
        }
        Self::exchange(&tree, m).ok_or_else(|| AppError::NotFound("留言不存在或未公开".into()))
    }

    /// The figures per unit for `year`, for the organisation and the units below it
    /// (the whole deployment without one).
    pub async fn message_stats(
        &self,
        org_slug: Option<&str>,
        year: i32,
    ) -> AppResult<Vec<UnitStats>> {
        let tree = self.org_tree().await?;
        let ids = match org_slug {
            Some(s) => tree.subtree_ids(
                tree.by_slug(s)
                    .ok_or_else(|| AppError::NotFound("机构不存在".into()))?
                    .id,
            ),
            None => tree.all().iter().map(|o| o.id).collect(),
        };
        let mut c = self.store.conn().await?;
        let all = store::in_orgs(&mut c, &ids).await?;
        // (received, answered, on time, working days in total, overdue and open)
        let mut per: BTreeMap<i64, (u32, u32, u32, u64, u32)> = BTreeMap::new();
        for m in all
            .iter()
            .filter(|m| m.received_on.year() == year && m.status != MessageStatus::Refused)
        {
            let unit = m.handling_org_id.unwrap_or(m.org_id);
            if !ids.contains(&unit) {
                continue;
            }
            let clock = self.message_clock_of(m);
            let e = per.entry(unit).or_default();
            e.0 += 1;
            if m.status == MessageStatus::Answered {
                e.1 += 1;
                e.2 += u32::from(clock.answered_on_time == Some(true));
                e.3 += u64::from(clock.workdays_taken.unwrap_or(0));
            } else if clock.status == ClockStatus::Overdue {
                e.4 += 1;
            }
        }
        let mut out: Vec<UnitStats> = per
            .into_iter()
            .filter_map(|(id, (received, answered, on_time, days, overdue_open))| {
                let o = tree.get(id)?;
                Some(UnitStats {
                    org_slug: o.slug.clone(),
                    org_name: o.name.clone(),
                    received,
                    answered,
                    on_time,
                    average_workdays: (answered > 0)
                        .then(|| format!("{:.1}", days as f64 / f64::from(answered))),
                    overdue_open,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.received
                .cmp(&a.received)
                .then(a.org_name.cmp(&b.org_name))
        });
        Ok(out)
    }
}
