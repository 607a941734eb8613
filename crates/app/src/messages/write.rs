//! How a message arrives: written on a portal, with a receipt the writer keeps.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::interaction::message::{MessageAction, MessageInput, message_clock};
use gongkai_domain::notification::{NotificationKind, Target};
use gongkai_store::messages::{self as store, NewMessage};
use serde::Serialize;
use serde_json::json;

use super::HANDLERS;
use crate::{Actor, App, AppError, AppResult, sha256_hex};

/// What a writer is given once: the tracking number, the secret query code and the
/// day the reply is due.
#[derive(Debug, Clone, Serialize)]
pub struct MessageReceipt {
    pub tracking_number: String,
    pub query_code: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub org_name: String,
}

impl App {
    /// A message written to an organisation (by its slug) on the portal or through the
    /// API. It waits in the organisation's queue to be taken up; the reply clock runs
    /// from today.
    pub async fn submit_message(
        &self,
        org_slug: &str,
        input: &MessageInput,
        ip: &str,
    ) -> AppResult<MessageReceipt> {
        let m = input.parse().map_err(AppError::Invalid)?;
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(org_slug.trim())
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?
            .clone();
        let actor = Actor {
            user: None,
            grants: Vec::new(),
            ip: ip.to_owned(),
            via: crate::Via::Session,
        };
        let days = self.message_reply_workdays().await?;
        let received_on = self.today();
        let code = crate::applications::query_code();
        let handlers = self.holders(&[org.id], &HANDLERS).await?;
        let mut tx = self.store.begin(self.now()).await?;
        let serial = store::next_serial(&mut tx, org.id, received_on.year()).await?;
        let tracking = format!("{}-LY{}-{serial:05}", org.slug, received_on.year());
        let id = store::insert(
            &mut tx,
            &NewMessage {
                tracking_number: &tracking,
                query_code_hash: &sha256_hex(&code),
                org_id: org.id,
                kind: m.kind,
                title: &m.title,
                body: &m.body,
                writer: &m.writer,
                publish_consent: m.publish_consent,
                received_on,
                reply_workdays: days,
            },
        )
        .await?;
        let saved = store::by_tracking_number(&mut tx, &tracking)
            .await?
            .ok_or_else(|| AppError::Internal(format!("留言{id}保存后未能读回")))?;
        self.record_message(
            &mut tx,
            &actor,
            &saved,
            MessageAction::Submit,
            Some(org.id),
            "",
            json!({ "tracking_number": tracking, "kind": m.kind.as_str() }),
        )
        .await?;
        self.notify(
            &mut tx,
            &actor,
            &handlers,
            NotificationKind::NewMessage,
            &format!("新留言 {tracking}（{}）：{}", m.kind.label(), m.title),
            &Target::Message(tracking.clone()),
        )
        .await?;
        tx.commit().await?;
        let clock = message_clock(
            &self.calendar(),
            m.kind,
            received_on,
            days,
            None,
            received_on,
        );
        Ok(MessageReceipt {
            tracking_number: tracking,
            query_code: code,
            received_on,
            due_on: clock.due_on,
            org_name: org.name,
        })
    }
}
