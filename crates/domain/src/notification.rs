//! What staff are told of in the back office: work arriving for their role, and the
//! outcome of work they sent on.

use crate::code_enum::code_enum;

code_enum! {
    /// The kind of a notification.
    pub enum NotificationKind("kind", "通知类别") {
        /// A new application for an organisation the person handles applications of.
        NewApplication = ("new_application", "新的政府信息公开申请"),
        /// A document waiting for the person's sign-off (审核, 保密审查, 签发).
        DocumentToSign = ("document_to_sign", "文件待签批"),
        /// A document the person entered came back for changes.
        DocumentReturned = ("document_returned", "文件被退回修改"),
        /// A document the person entered was published.
        DocumentPublished = ("document_published", "文件已发布"),
        /// A catalog submitted for the person's review.
        CatalogToReview = ("catalog_to_review", "标准目录待审核"),
        /// The superior's decision on a catalog the person keeps.
        CatalogReviewed = ("catalog_reviewed", "标准目录审核结果"),
        /// A message written to an organisation whose messages the person takes up.
        NewMessage = ("new_message", "新的网民留言"),
        /// A message dispatched to the person's unit to answer.
        MessageToAnswer = ("message_to_answer", "留言待答复"),
        /// A reply waiting for the dispatching office's review, or a message sent back.
        MessageToReview = ("message_to_review", "留言答复待审核"),
        /// A reply the dispatching office returned for rework.
        MessageReturned = ("message_returned", "留言答复被退回"),
        /// A comment on a consultation waiting for moderation.
        NewComment = ("new_comment", "新的征集意见"),
    }
}

/// What a notification is about, by the number the outside world knows it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An application, by tracking number.
    Application(String),
    /// A document, by 索引号.
    Document(String),
    /// A standard catalog, by its number.
    Catalog(i64),
    /// A message, by tracking number.
    Message(String),
    /// A public consultation, by its number.
    Consultation(i64),
    /// A finding's rectification (整改), by the finding's number.
    Rectification(i64),
}

impl Target {
    /// The stored form, `kind:key`.
    pub fn code(&self) -> String {
        match self {
            Self::Application(n) => format!("application:{n}"),
            Self::Document(i) => format!("document:{i}"),
            Self::Catalog(id) => format!("catalog:{id}"),
            Self::Message(n) => format!("message:{n}"),
            Self::Consultation(id) => format!("consultation:{id}"),
            Self::Rectification(id) => format!("rectification:{id}"),
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let (kind, key) = code.split_once(':')?;
        match kind {
            "application" => Some(Self::Application(key.to_owned())),
            "document" => Some(Self::Document(key.to_owned())),
            "catalog" => key.parse().ok().map(Self::Catalog),
            "message" => Some(Self::Message(key.to_owned())),
            "consultation" => key.parse().ok().map(Self::Consultation),
            "rectification" => key.parse().ok().map(Self::Rectification),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip() {
        for t in [
            Target::Application("yunxi-2025-00001".into()),
            Target::Document("11350999MB0012345G-2025-00001".into()),
            Target::Catalog(7),
            Target::Message("yunxi-LY2026-00003".into()),
            Target::Consultation(4),
            Target::Rectification(12),
        ] {
            assert_eq!(Target::parse(&t.code()), Some(t));
        }
        assert_eq!(Target::parse("nothing"), None);
    }
}
