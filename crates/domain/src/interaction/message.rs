//! 留言 (DOMAIN §16): what a writer sends, the states a message passes through, why one
//! is not taken up, and its reply clock with the 19号 veto it must never reach.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::calendar::WorkCalendar;
use crate::code_enum::code_enum;
use crate::invalid::{Problems, multi_line, single_line};
use crate::pii;
use crate::publication::{ClockStatus, DUE_SOON_WORKDAYS};

code_enum! {
    /// What the writer wants.
    pub enum MessageKind("kind", "留言类型") {
        Consult = ("consult", "咨询"),
        Suggest = ("suggest", "建议"),
        Complain = ("complain", "投诉"),
    }
}

code_enum! {
    /// Where a message is.
    pub enum MessageStatus("status", "办理状态") {
        /// In the receiving office's queue: to be taken up (dispatched) or refused.
        Received = ("received", "待受理"),
        /// With the competent unit, to be answered.
        Dispatched = ("dispatched", "办理中"),
        /// Answered by the competent unit, awaiting the dispatching office's review.
        Review = ("review", "答复审核中"),
        Answered = ("answered", "已答复"),
        Refused = ("refused", "不予受理"),
    }
}

impl MessageStatus {
    /// Whether the reply clock still runs.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Received | Self::Dispatched | Self::Review)
    }
}

code_enum! {
    /// What was done to a message, as its history lists it.
    pub enum MessageAction("action", "办理环节") {
        Submit = ("submit", "提交留言"),
        Dispatch = ("dispatch", "转办"),
        Refuse = ("refuse", "不予受理"),
        Reply = ("reply", "答复"),
        SendBack = ("send_back", "退回转办单位（非本单位职责）"),
        Return = ("return", "退回重办"),
        Approve = ("approve", "审核通过答复"),
        Publish = ("publish", "公开"),
        Unpublish = ("unpublish", "撤回公开"),
    }
}

code_enum! {
    /// Why a message is not taken up; the label is what the writer reads.
    pub enum RefusalReason("reason", "不予受理理由") {
        Petition = ("petition", "所反映事项属于信访事项，请依照《信访工作条例》向有权处理的机关提出"),
        Application = ("application", "所提内容属于政府信息公开申请，请通过本网站“依申请公开”栏目提交"),
        LegalChannel = ("legal_channel", "所反映事项应通过诉讼、仲裁、行政复议等法定途径解决"),
        Duplicate = ("duplicate", "与您此前提交的留言内容相同，已在原留言中办理"),
        Unclear = ("unclear", "留言内容不明确，无法办理；请写明具体事项后重新提交"),
        Abusive = ("abusive", "留言含有辱骂、攻击他人或其他违反法律法规的内容"),
        Unrelated = ("unrelated", "留言为广告或与政务无关的内容"),
    }
}

/// 信访 is another procedure with its own clock (信访工作条例, 60 days): the writer is told
/// before writing, and a message that is one is refused with [`RefusalReason::Petition`].
pub const PETITION_NOTE: &str = "本栏目受理对政府工作的咨询、建议和投诉。检举、揭发、控告和申诉等信访事项，请依照《信访工作条例》通过信访渠道（来信、来访、网上信访）提出；申请获取政府信息，请通过“依申请公开”栏目提交。";

/// DOMAIN §16: the law sets no reply time for website messages; a deployment sets one
/// (commonly 5 or 10 working days). This is the default of that setting.
pub const DEFAULT_REPLY_WORKDAYS: u32 = 10;

/// The bounds of that setting: a reply time of no working days, or of more than a
/// quarter, is a typing error rather than a policy.
pub const REPLY_WORKDAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

/// 国办秘函〔2019〕19号: an effective 政务咨询 message left unanswered for more than 3
/// months vetoes the whole site (DOMAIN §8).
pub const VETO_MONTHS: u32 = 3;

/// Flag a message this many days before it reaches the veto.
pub const VETO_WARNING_DAYS: i64 = 15;

pub const TITLE_MAX: usize = 50;
pub const BODY_MIN: usize = 10;
pub const BODY_MAX: usize = 2000;
pub const REPLY_MAX: usize = 5000;

/// The message form as posted (web form or API).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MessageInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// "1" (or "true") when the writer agrees that the exchange may be published.
    #[serde(default)]
    pub publish: String,
}

/// The writer: personal data, shown to staff only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Writer {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// A message as the platform accepts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub kind: MessageKind,
    pub title: String,
    pub body: String,
    pub writer: Writer,
    pub publish_consent: bool,
}

fn yes(s: &str) -> bool {
    matches!(s.trim(), "1" | "true" | "on" | "yes")
}

impl MessageInput {
    pub fn parse(&self) -> Result<NewMessage, Vec<Invalid>> {
        let mut p = Problems::default();
        let kind = p.choice::<MessageKind>("kind", "请选择留言类型", &self.kind);
        let title = p.text(single_line(
            "title",
            "留言标题",
            &self.title,
            true,
            TITLE_MAX,
        ));
        let body = p.text(multi_line("body", "留言内容", &self.body, true, BODY_MAX));
        if !body.is_empty() && body.chars().filter(|c| !c.is_whitespace()).count() < BODY_MIN {
            p.push(Invalid::new(
                "body",
                format!("留言内容过短：请写明具体事项（不少于{BODY_MIN}个字）"),
            ));
        }
        let name = p.text(single_line("name", "姓名", &self.name, true, 30));
        let phone = p.text(single_line("phone", "联系电话", &self.phone, false, 30));
        if !phone.is_empty() && phone.chars().filter(char::is_ascii_digit).count() < 7 {
            p.push(Invalid::new("phone", "联系电话应至少含7位数字"));
        }
        let email = p.text(crate::invalid::email("email", &self.email, false));
        if self.phone.trim().is_empty() && self.email.trim().is_empty() {
            p.push(Invalid::new(
                "phone",
                "请至少填写一种联系方式（联系电话或电子邮箱），以便答复和核实；联系方式不会公开",
            ));
        }
        let publish_consent = yes(&self.publish);
        if publish_consent {
            let found = pii::kinds(&format!("{title}\n{body}"));
            if !found.is_empty() {
                p.push(Invalid::new(
                    "body",
                    format!(
                        "您同意公开本留言，但标题或内容中含有{}。请删去这些个人信息后再提交（联系方式请填写在下方的联系方式栏，不会公开），或选择不公开",
                        pii::describe(&found)
                    ),
                ));
            }
        }
        let Some(kind) = kind else {
            return Err(p.0);
        };
        if !p.is_empty() {
            return Err(p.0);
        }
        Ok(NewMessage {
            kind,
            title,
            body,
            writer: Writer { name, phone, email },
            publish_consent,
        })
    }
}

/// The reply-time setting, checked.
pub fn reply_workdays(value: &str) -> Result<u32, Invalid> {
    let v: u32 = value
        .trim()
        .parse()
        .map_err(|_| Invalid::new("reply_workdays", "答复时限应为工作日数（整数），如10"))?;
    if !REPLY_WORKDAYS_RANGE.contains(&v) {
        return Err(Invalid::new(
            "reply_workdays",
            format!(
                "答复时限应在{}至{}个工作日之间",
                REPLY_WORKDAYS_RANGE.start(),
                REPLY_WORKDAYS_RANGE.end()
            ),
        ));
    }
    Ok(v)
}

/// A reply or a reason, checked.
pub fn reply_text(field: &'static str, label: &str, value: &str) -> Result<String, Invalid> {
    multi_line(field, label, value, true, REPLY_MAX)
}

/// How close an unanswered message is to the 19号 veto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VetoRisk {
    None,
    /// Within [`VETO_WARNING_DAYS`] of the 3 months.
    Near,
    /// Past the 3 months.
    Over,
}

impl VetoRisk {
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "",
            Self::Near => "临近3个月未答复（单项否决风险）",
            Self::Over => "超过3个月未答复（触及单项否决）",
        }
    }
}

/// A message's reply clock seen on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MessageClock {
    pub due_on: NaiveDate,
    /// Due date computed with a year whose holiday notice is not loaded.
    pub provisional: bool,
    pub status: ClockStatus,
    /// Working days left until the due date, or (negative) past it; for an answered
    /// message, as it stood on the day of the answer.
    pub workdays_left: i64,
    /// Working days from receipt to the answer.
    pub workdays_taken: Option<u32>,
    pub answered_on_time: Option<bool>,
    /// The day three months after receipt: unanswered beyond it, a 政务咨询 message
    /// vetoes the site.
    pub veto_on: NaiveDate,
    pub veto: VetoRisk,
}

/// The clock of a message received on `received_on` with `reply_workdays` to answer,
/// answered on `answered_on` (if it was), on `today`. The day of receipt is not counted.
/// The veto concerns 政务咨询 only, and only messages taken up (a refused message is
/// answered by its refusal).
pub fn message_clock(
    calendar: &WorkCalendar,
    kind: MessageKind,
    received_on: NaiveDate,
    reply_workdays: u32,
    answered_on: Option<NaiveDate>,
    today: NaiveDate,
) -> MessageClock {
    let due = calendar.add_workdays(received_on, reply_workdays);
    let seen = answered_on.unwrap_or(today);
    let (status, left) = if seen > due.date {
        (
            ClockStatus::Overdue,
            -i64::from(calendar.workdays_between(due.date, seen)),
        )
    } else {
        let left = i64::from(calendar.workdays_between(seen, due.date));
        let status = if answered_on.is_none() && left <= i64::from(DUE_SOON_WORKDAYS) {
            ClockStatus::DueSoon
        } else {
            ClockStatus::OnTime
        };
        (status, left)
    };
    let veto_on = received_on
        .checked_add_months(Months::new(VETO_MONTHS))
        .unwrap_or(NaiveDate::MAX);
    let veto = match answered_on {
        Some(_) => VetoRisk::None,
        None if kind != MessageKind::Consult => VetoRisk::None,
        None if today > veto_on => VetoRisk::Over,
        None if (veto_on - today).num_days() <= VETO_WARNING_DAYS => VetoRisk::Near,
        None => VetoRisk::None,
    };
    MessageClock {
        due_on: due.date,
        provisional: due.provisional,
        status,
        workdays_left: left,
        workdays_taken: answered_on.map(|a| calendar.workdays_between(received_on, a)),
        answered_on_time: answered_on.map(|a| a <= due.date),
        veto_on,
        veto,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input() -> MessageInput {
        MessageInput {
            kind: "consult".into(),
            title: "关于老旧小区改造的咨询".into(),
            body: "请问我们小区今年是否列入老旧小区改造计划？".into(),
            name: "王某".into(),
            phone: "13812345678".into(),
            email: String::new(),
            publish: "1".into(),
        }
    }

    #[test]
    fn a_message_needs_a_kind_a_subject_a_name_and_a_way_to_answer() {
        assert!(input().parse().is_ok());
        let mut m = input();
        m.phone.clear();
        let e = m.parse().unwrap_err();
        assert!(e.iter().any(|e| e.field == "phone"));
        let mut m = input();
        m.kind = "petition".into();
        assert!(m.parse().unwrap_err().iter().any(|e| e.field == "kind"));
        let mut m = input();
        m.body = "请回复".into();
        assert!(
            m.parse()
                .unwrap_err()
                .iter()
                .any(|e| e.message.contains("过短"))
        );
    }

    #[test]
    fn personal_data_in_a_message_to_be_published_is_refused_with_its_kind() {
        let mut m = input();
        m.body
            .push_str("我的电话是13912345678，身份证11010519491231002X。");
        let e = m.parse().unwrap_err();
        assert!(
            e[0].message.contains("身份证号码、手机号码"),
            "{}",
            e[0].message
        );
        m.publish = String::new();
        assert!(
            m.parse().is_ok(),
            "kept private, the writer may say anything"
        );
    }

    #[test]
    fn the_reply_clock_skips_the_national_day_holiday() {
        let cal = WorkCalendar::builtin();
        // Received on 2025-09-30; 1–8 October 2025 are off, 28 Sep and 11 Oct make-up days.
        let c = message_clock(
            &cal,
            MessageKind::Consult,
            d("2025-09-30"),
            10,
            None,
            d("2025-09-30"),
        );
        assert_eq!(c.due_on, d("2025-10-21"));
        assert_eq!(c.status, ClockStatus::OnTime);
        let c = message_clock(
            &cal,
            MessageKind::Consult,
            d("2025-09-30"),
            10,
            None,
            d("2025-10-15"),
        );
        assert_eq!(c.status, ClockStatus::DueSoon);
        let c = message_clock(
            &cal,
            MessageKind::Consult,
            d("2025-09-30"),
            10,
            None,
            d("2025-10-23"),
        );
        assert_eq!((c.status, c.workdays_left), (ClockStatus::Overdue, -2));
        let c = message_clock(
            &cal,
            MessageKind::Consult,
            d("2025-09-30"),
            10,
            Some(d("2025-10-21")),
            d("2025-12-01"),
        );
        assert_eq!(c.answered_on_time, Some(true));
        assert_eq!(c.workdays_taken, Some(10));
        assert_eq!(c.status, ClockStatus::OnTime);
    }

    #[test]
    fn the_veto_comes_three_months_after_receipt_for_unanswered_consultations() {
        let cal = WorkCalendar::builtin();
        let received = d("2026-01-31");
        let at = |today: &str, kind| message_clock(&cal, kind, received, 10, None, d(today));
        // Three months after 31 January is the last day of April.
        assert_eq!(
            at("2026-02-01", MessageKind::Consult).veto_on,
            d("2026-04-30")
        );
        assert_eq!(at("2026-04-14", MessageKind::Consult).veto, VetoRisk::None);
        assert_eq!(at("2026-04-15", MessageKind::Consult).veto, VetoRisk::Near);
        assert_eq!(at("2026-04-30", MessageKind::Consult).veto, VetoRisk::Near);
        assert_eq!(at("2026-05-01", MessageKind::Consult).veto, VetoRisk::Over);
        assert_eq!(at("2026-05-01", MessageKind::Complain).veto, VetoRisk::None);
    }

    #[test]
    fn the_reply_time_setting_is_a_sane_number_of_working_days() {
        assert_eq!(reply_workdays(" 5 "), Ok(5));
        assert!(reply_workdays("0").is_err());
        assert!(reply_workdays("十").is_err());
        assert!(reply_workdays("61").is_err());
    }
}
