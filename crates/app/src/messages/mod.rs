//! 留言 use cases: a writer's message and its receipt ([`write`]), the office's and the
//! competent unit's actions ([`actions`], one function each), and what staff, the
//! writer and the public see ([`views`]). Messages are found by tracking number.

mod actions;
mod views;
mod write;

use gongkai_domain::interaction::message::{
    DEFAULT_REPLY_WORKDAYS, MessageAction, MessageClock, message_clock, reply_workdays,
};
use gongkai_domain::role::Role;
use gongkai_store::messages::{self as store, Message, NewStep};
use gongkai_store::{NewEvent, Tx};
use serde_json::{Value, json};

use crate::{Actor, App, AppError, AppResult};

pub use views::{
    MessageAlerts, MessageFilter, MessageRow, MessageTracking, MessageView, PublicExchange,
    UnitStats,
};
pub use write::MessageReceipt;

/// Who takes up, dispatches and answers messages for an organisation. In a county the
/// 政府信息公开工作机构 also runs the site's interaction; a deployment that separates the
/// two grants these roles to the interaction staff.
pub(crate) const HANDLERS: [Role; 2] = [Role::DisclosureOfficer, Role::DisclosureHead];

const REPLY_WORKDAYS_SETTING: &str = "message.reply_workdays";

impl App {
    /// The deployment's reply time for messages, in working days.
    pub async fn message_reply_workdays(&self) -> AppResult<u32> {
        let mut c = self.store.conn().await?;
        match gongkai_store::settings::get(&mut c, REPLY_WORKDAYS_SETTING).await? {
            Some(v) => reply_workdays(&v)
                .map_err(|e| AppError::Internal(format!("留言答复时限设置有误：{e}"))),
            None => Ok(DEFAULT_REPLY_WORKDAYS),
        }
    }

    /// Sets the reply time (a platform administrator's decision); messages already
    /// received keep the time they were received with.
    pub async fn set_message_reply_workdays(&self, actor: &Actor, value: &str) -> AppResult<u32> {
        if !actor.is_platform_admin() {
            return Err(AppError::Forbidden(
                "留言答复时限是全平台设置，须由平台管理员修改".into(),
            ));
        }
        let days = reply_workdays(value).map_err(|e| AppError::Invalid(vec![e]))?;
        let mut tx = self.store.begin(self.now()).await?;
        gongkai_store::settings::set(&mut tx, REPLY_WORKDAYS_SETTING, &days.to_string()).await?;
        tx.record(
            self.audit(
                actor,
                "settings.message_reply_workdays",
                "settings",
                None,
                None,
                json!({ "workdays": days }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(days)
    }

    pub(crate) fn message_clock_of(&self, m: &Message) -> MessageClock {
        message_clock(
            &self.calendar(),
            m.kind,
            m.received_on,
            m.reply_workdays,
            m.answered_on,
            self.today(),
        )
    }

    pub(crate) async fn load_message(&self, tracking_number: &str) -> AppResult<Message> {
        let mut c = self.store.conn().await?;
        store::by_tracking_number(&mut c, tracking_number.trim())
            .await?
            .ok_or_else(|| AppError::NotFound("留言不存在".into()))
    }

    /// Writes a step of a message's history with its audit entry and event.
    #[allow(clippy::too_many_arguments)] // one history line: each part is what it records
    pub(crate) async fn record_message(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        m: &Message,
        action: MessageAction,
        org_id: Option<i64>,
        note: &str,
        detail: Value,
    ) -> AppResult<()> {
        let who = match &actor.user {
            Some(u) => u.display_name.clone(),
            None if actor.via == crate::Via::Cli => "控制台".into(),
            None => "留言人".into(),
        };
        store::add_step(
            tx,
            &NewStep {
                message_id: m.id,
                action,
                org_id,
                note,
                actor: &who,
                on_date: self.today(),
            },
        )
        .await?;
        tx.record(
            self.audit(
                actor,
                &format!("message.{}", action.as_str()),
                "message",
                Some(m.id),
                Some(m.org_id),
                detail,
            ),
            Some(NewEvent {
                kind: "message.changed",
                entity_type: "message",
                entity_id: Some(m.id),
                org_id: Some(m.org_id),
                payload: json!({ "id": m.id, "tracking_number": m.tracking_number }),
            }),
        )
        .await?;
        Ok(())
    }
}
