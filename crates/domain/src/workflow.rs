//! The document workflow: 草稿 → 待审核 → 待保密审查 → 待签发 → 已发布 (主动公开) or
//! 已归档 (the others), with a return to 草稿 from every step (DOMAIN §2; seed 002 item 4).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::attribute::Attribute;
use crate::invalid::Invalid;
use crate::role::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    PendingReview,
    PendingSecrecy,
    PendingApproval,
    Published,
    Archived,
    Withdrawn,
}

impl State {
    pub const ALL: [State; 7] = [
        Self::Draft,
        Self::PendingReview,
        Self::PendingSecrecy,
        Self::PendingApproval,
        Self::Published,
        Self::Archived,
        Self::Withdrawn,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::PendingReview => "pending_review",
            Self::PendingSecrecy => "pending_secrecy",
            Self::PendingApproval => "pending_approval",
            Self::Published => "published",
            Self::Archived => "archived",
            Self::Withdrawn => "withdrawn",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::PendingReview => "待审核",
            Self::PendingSecrecy => "待保密审查",
            Self::PendingApproval => "待签发",
            Self::Published => "已发布",
            Self::Archived => "已归档",
            Self::Withdrawn => "已撤回",
        }
    }
    /// Still on its way to publication or archive: the publication clock runs.
    pub fn in_progress(self) -> bool {
        matches!(
            self,
            Self::Draft | Self::PendingReview | Self::PendingSecrecy | Self::PendingApproval
        )
    }
    /// Content may be edited by the drafter only while it is a draft; afterwards only
    /// the disclosure office corrects it, on the record.
    pub fn editable_by_drafter(self) -> bool {
        self == Self::Draft
    }
}

impl FromStr for State {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Invalid::new("state", format!("未知的流程状态“{s}”")))
    }
}

/// Everything that can be done to a document after it was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 提交审核
    Submit,
    /// 审核通过 (confirming or correcting the attribute)
    Review,
    /// 保密审查通过
    SecrecyClear,
    /// 签发
    Approve,
    /// 退回 with a reason, from any pending step
    Return,
    /// 撤回 a published document from the portal
    Withdraw,
    /// 重新编辑 a withdrawn document
    Reopen,
    /// 年度复核 of a non-public document: keep it, or convert it to 主动公开
    Rereview,
    /// 变更有效性
    SetValidity,
    /// 修改内容
    Edit,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Self::Submit,
        Self::Review,
        Self::SecrecyClear,
        Self::Approve,
        Self::Return,
        Self::Withdraw,
        Self::Reopen,
        Self::Rereview,
        Self::SetValidity,
        Self::Edit,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Review => "review",
            Self::SecrecyClear => "secrecy_clear",
            Self::Approve => "approve",
            Self::Return => "return",
            Self::Withdraw => "withdraw",
            Self::Reopen => "reopen",
            Self::Rereview => "rereview",
            Self::SetValidity => "set_validity",
            Self::Edit => "edit",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Submit => "提交审核",
            Self::Review => "审核通过",
            Self::SecrecyClear => "保密审查通过",
            Self::Approve => "签发",
            Self::Return => "退回修改",
            Self::Withdraw => "撤回",
            Self::Reopen => "重新编辑",
            Self::Rereview => "年度复核",
            Self::SetValidity => "变更有效性",
            Self::Edit => "修改内容",
        }
    }

    /// The roles (in the document's own organisation) that may take this action in
    /// `state`. Platform administrators are deliberately absent: they run the platform,
    /// they do not sign off a unit's documents.
    pub fn required_roles(self, state: State) -> &'static [Role] {
        use Role::*;
        match (self, state) {
            (Self::Submit, _) => &[Drafter, DisclosureOfficer],
            (Self::Review, _) => &[Reviewer],
            (Self::SecrecyClear, _) => &[SecrecyReviewer],
            (Self::Approve, _) => &[Approver],
            (Self::Return, State::PendingReview) => &[Reviewer],
            (Self::Return, State::PendingSecrecy) => &[SecrecyReviewer],
            (Self::Return, State::PendingApproval) => &[Approver],
            (Self::Return, _) => &[],
            (Self::Withdraw, _) => &[DisclosureOfficer, Approver],
            (Self::Reopen, _) => &[Drafter, DisclosureOfficer],
            (Self::Rereview, _) => &[DisclosureOfficer, Reviewer],
            (Self::SetValidity, _) => &[DisclosureOfficer],
            (Self::Edit, State::Draft) => &[Drafter, DisclosureOfficer],
            (Self::Edit, _) => &[DisclosureOfficer],
        }
    }

    /// The state this action leads to from `state` for a document with `attribute`,
    /// or why it does not fit. `convert` is only read by [`Action::Rereview`].
    pub fn next_state(
        self,
        state: State,
        attribute: Attribute,
        convert: bool,
    ) -> Result<State, Invalid> {
        let refuse = || {
            Err(Invalid::new(
                "action",
                format!("文件当前状态为“{}”，不能“{}”", state.label(), self.label()),
            ))
        };
        match (self, state) {
            (Self::Submit, State::Draft) => Ok(State::PendingReview),
            (Self::Review, State::PendingReview) => Ok(State::PendingSecrecy),
            (Self::SecrecyClear, State::PendingSecrecy) => Ok(State::PendingApproval),
            (Self::Approve, State::PendingApproval) => Ok(if attribute.is_public() {
                State::Published
            } else {
                State::Archived
            }),
            (
                Self::Return,
                State::PendingReview | State::PendingSecrecy | State::PendingApproval,
            ) => Ok(State::Draft),
            (Self::Withdraw, State::Published) => Ok(State::Withdrawn),
            (Self::Reopen, State::Withdrawn) => Ok(State::Draft),
            (Self::Rereview, State::Archived) => Ok(if convert {
                State::PendingApproval
            } else {
                State::Archived
            }),
            (Self::SetValidity, State::Published | State::Archived | State::Withdrawn) => Ok(state),
            (Self::Edit, State::Draft | State::Published | State::Archived) => Ok(state),
            _ => refuse(),
        }
    }

    /// Actions that must carry a reason in the audit trail.
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Return | Self::Withdraw)
    }
}

impl FromStr for Action {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Invalid::new("action", format!("未知的操作“{s}”")))
    }
}
