//! 意见征集 (DOMAIN §15): a draft opened for public comment for at least 30 days unless
//! a shortening reason is stated, comments moderated before they are shown, a decision
//! on each comment, and the 意见采纳情况反馈 made from those decisions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::code_enum::code_enum;
use crate::invalid::{Problems, multi_line, single_line};
use crate::pii;

/// 重大行政决策程序暂行条例 Art.15, 规章制定程序条例 Art.15, 优化营商环境条例 Art.62:
/// the period for public comment is normally not less than 30 days (日, calendar days).
pub const MIN_PERIOD_DAYS: i64 = 30;

pub const TITLE_MAX: usize = 100;
pub const TEXT_MAX: usize = 100_000;
pub const COMMENT_MAX: usize = 3000;
pub const REASON_MAX: usize = 500;

/// The length of a period from `opens_on` to `closes_on`, as the law counts it: the
/// opening day itself is not counted (民法典 Art.201), so 1 to 31 January is 30 days.
pub fn period_days(opens_on: NaiveDate, closes_on: NaiveDate) -> i64 {
    (closes_on - opens_on).num_days()
}

/// The consultation form as posted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConsultationInput {
    #[serde(default)]
    pub title: String,
    /// The draft's text (征求意见稿).
    #[serde(default)]
    pub draft: String,
    /// 起草说明: why, the basis, the main content.
    #[serde(default)]
    pub explanation: String,
    #[serde(default)]
    pub opens_on: String,
    #[serde(default)]
    pub closes_on: String,
    /// Why the period is shorter than 30 days, when it is.
    #[serde(default)]
    pub shortened_reason: String,
    /// Other ways to comment (post, e-mail, fax), as the notice states them.
    #[serde(default)]
    pub other_ways: String,
    /// The 索引号 of the document this draft becomes, when it is in the system.
    #[serde(default)]
    pub document: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsultation {
    pub title: String,
    pub draft: String,
    pub explanation: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub shortened_reason: String,
    pub other_ways: String,
    pub document: Option<String>,
}

fn date(p: &mut Problems, field: &'static str, label: &str, v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    if v.is_empty() {
        p.push(Invalid::new(field, format!("请填写{label}")));
        return None;
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| {
            p.push(Invalid::new(
                field,
                format!("{label}须为“年-月-日”格式的日期，如2026-12-01"),
            ));
        })
        .ok()
}

impl ConsultationInput {
    /// Checks the form; `today` bounds the opening date (a consultation cannot open in
    /// the past when it is created: the public would have lost days of its period).
    pub fn parse(&self, today: NaiveDate) -> Result<NewConsultation, Vec<Invalid>> {
        let mut p = Problems::default();
        let title = p.text(single_line(
            "title",
            "征集标题",
            &self.title,
            true,
            TITLE_MAX,
        ));
        let draft = p.text(multi_line(
            "draft",
            "征求意见稿",
            &self.draft,
            true,
            TEXT_MAX,
        ));
        let explanation = p.text(multi_line(
            "explanation",
            "起草说明",
            &self.explanation,
            true,
            TEXT_MAX,
        ));
        let shortened_reason = p.text(multi_line(
            "shortened_reason",
            "缩短征求意见期限的理由",
            &self.shortened_reason,
            false,
            REASON_MAX,
        ));
        let other_ways = p.text(multi_line(
            "other_ways",
            "其他意见反馈方式",
            &self.other_ways,
            false,
            REASON_MAX,
        ));
        let document = p.text(single_line(
            "document",
            "关联文件索引号",
            &self.document,
            false,
            60,
        ));
        let opens_on = date(&mut p, "opens_on", "开始日期", &self.opens_on);
        let closes_on = date(&mut p, "closes_on", "截止日期", &self.closes_on);
        if let (Some(o), Some(c)) = (opens_on, closes_on) {
            if let Err(e) = check_period(o, c, &shortened_reason) {
                p.push(e);
            }
            if o < today {
                p.push(Invalid::new("opens_on", "开始日期不能早于今天"));
            }
        }
        let (Some(opens_on), Some(closes_on)) = (opens_on, closes_on) else {
            return Err(p.0);
        };
        if !p.is_empty() {
            return Err(p.0);
        }
        Ok(NewConsultation {
            title,
            draft,
            explanation,
            opens_on,
            closes_on,
            shortened_reason,
            other_ways,
            document: (!document.is_empty()).then_some(document),
        })
    }
}

/// The 30-day floor: a shorter period needs its reason, which is shown with the notice.
pub fn check_period(
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    shortened_reason: &str,
) -> Result<(), Invalid> {
    let days = period_days(opens_on, closes_on);
    if days < 1 {
        return Err(Invalid::new("closes_on", "截止日期须晚于开始日期"));
    }
    if days < MIN_PERIOD_DAYS && shortened_reason.trim().is_empty() {
        return Err(Invalid::new(
            "shortened_reason",
            format!(
                "征求意见期限为{days}日，少于法定的{MIN_PERIOD_DAYS}日：如确需缩短（如情况紧急），请填写缩短期限的理由，该理由将随征集公告一并公布"
            ),
        ));
    }
    Ok(())
}

/// Where a consultation stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Saved by staff, not yet announced.
    Draft,
    /// Announced, before its opening day.
    Announced,
    Open,
    /// Past its closing day; comments being decided.
    Closed,
    /// The adoption feedback is published.
    FeedbackPublished,
}

impl Phase {
    pub fn of(
        published: bool,
        feedback_published: bool,
        opens_on: NaiveDate,
        closes_on: NaiveDate,
        today: NaiveDate,
    ) -> Self {
        match (published, feedback_published) {
            (false, _) => Self::Draft,
            (true, true) => Self::FeedbackPublished,
            (true, false) if today < opens_on => Self::Announced,
            (true, false) if today <= closes_on => Self::Open,
            (true, false) => Self::Closed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "未发布",
            Self::Announced => "即将开始",
            Self::Open => "征集中",
            Self::Closed => "已截止",
            Self::FeedbackPublished => "已反馈",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Announced => "announced",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::FeedbackPublished => "feedback_published",
        }
    }
}

code_enum! {
    /// What moderation made of a comment.
    pub enum CommentStatus("status", "审核状态") {
        Pending = ("pending", "待审核"),
        /// A real comment: decided on, and shown publicly when its writer agreed.
        Accepted = ("accepted", "已通过"),
        /// Not a comment on the draft (spam, abuse, unrelated): neither shown nor counted.
        Rejected = ("rejected", "不予采用（无效意见）"),
    }
}

code_enum! {
    /// The decision on a comment (公众意见采纳情况).
    pub enum Adoption("adoption", "采纳情况") {
        Adopted = ("adopted", "采纳"),
        PartlyAdopted = ("partly", "部分采纳"),
        NotAdopted = ("not_adopted", "不予采纳"),
    }
}

/// A comment form as posted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CommentInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub body: String,
    /// "1" when the writer agrees the comment may be shown publicly.
    #[serde(default)]
    pub public: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub writer: super::message::Writer,
    pub body: String,
    pub public: bool,
}

impl CommentInput {
    pub fn parse(&self) -> Result<NewComment, Vec<Invalid>> {
        let mut p = Problems::default();
        let body = p.text(multi_line(
            "body",
            "意见内容",
            &self.body,
            true,
            COMMENT_MAX,
        ));
        let name = p.text(single_line("name", "姓名或单位名称", &self.name, true, 50));
        let phone = p.text(single_line("phone", "联系电话", &self.phone, false, 30));
        let email = p.text(crate::invalid::email("email", &self.email, false));
        if self.phone.trim().is_empty() && self.email.trim().is_empty() {
            p.push(Invalid::new(
                "phone",
                "请至少填写一种联系方式（联系电话或电子邮箱）；联系方式不会公开",
            ));
        }
        let public = matches!(self.public.trim(), "1" | "true" | "on");
        if public {
            let found = pii::kinds(&body);
            if !found.is_empty() {
                p.push(Invalid::new(
                    "body",
                    format!(
                        "您同意公开本意见，但意见内容中含有{}。请删去这些个人信息后再提交，或选择不公开",
                        pii::describe(&found)
                    ),
                ));
            }
        }
        if !p.is_empty() {
            return Err(p.0);
        }
        Ok(NewComment {
            writer: super::message::Writer { name, phone, email },
            body,
            public,
        })
    }
}

/// One line of the feedback table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRow {
    /// The comment's number within the consultation.
    pub number: u32,
    /// The comment as the public may read it: masked, and only when its writer agreed;
    /// otherwise the decision's summary of it.
    pub comment: String,
    pub adoption: Adoption,
    pub reason: String,
}

/// 意见采纳情况反馈: the counts and the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub received: u32,
    pub adopted: u32,
    pub partly_adopted: u32,
    pub not_adopted: u32,
    pub rows: Vec<FeedbackRow>,
}

/// A comment as the feedback reads it.
pub struct Decided<'a> {
    pub number: u32,
    pub status: CommentStatus,
    pub body: &'a str,
    pub public: bool,
    pub adoption: Option<Adoption>,
    pub reason: &'a str,
}

/// The feedback from every comment's decision: refused while any comment waits for
/// moderation or for a decision.
pub fn feedback(comments: &[Decided<'_>]) -> Result<Feedback, Invalid> {
    let pending = comments
        .iter()
        .filter(|c| c.status == CommentStatus::Pending)
        .count();
    if pending > 0 {
        return Err(Invalid::new(
            "comments",
            format!("尚有{pending}条意见未审核，请审核后再发布采纳情况反馈"),
        ));
    }
    let undecided: Vec<String> = comments
        .iter()
        .filter(|c| c.status == CommentStatus::Accepted && c.adoption.is_none())
        .map(|c| format!("第{}条", c.number))
        .collect();
    if !undecided.is_empty() {
        return Err(Invalid::new(
            "comments",
            format!(
                "尚有{}条意见未作出采纳决定（{}），请逐条作出决定后再发布采纳情况反馈",
                undecided.len(),
                undecided.join("、")
            ),
        ));
    }
    let mut f = Feedback {
        received: 0,
        adopted: 0,
        partly_adopted: 0,
        not_adopted: 0,
        rows: Vec::new(),
    };
    for c in comments {
        let (CommentStatus::Accepted, Some(a)) = (c.status, c.adoption) else {
            continue;
        };
        f.received += 1;
        match a {
            Adoption::Adopted => f.adopted += 1,
            Adoption::PartlyAdopted => f.partly_adopted += 1,
            Adoption::NotAdopted => f.not_adopted += 1,
        }
        f.rows.push(FeedbackRow {
            number: c.number,
            comment: if c.public {
                pii::mask(c.body)
            } else {
                "（提出人未同意公开意见原文）".into()
            },
            adoption: a,
            reason: c.reason.to_owned(),
        });
    }
    Ok(f)
}

/// A decision's reason, checked: every decision states one, the adoption too (what
/// was changed in the draft).
pub fn decision_reason(value: &str) -> Result<String, Invalid> {
    multi_line("reason", "采纳情况说明", value, true, REASON_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input(opens: &str, closes: &str, reason: &str) -> ConsultationInput {
        ConsultationInput {
            title: "关于《云县农村人居环境整治办法（征求意见稿）》公开征求意见的公告".into(),
            draft: "第一条 为了……".into(),
            explanation: "一、起草背景……".into(),
            opens_on: opens.into(),
            closes_on: closes.into(),
            shortened_reason: reason.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_period_is_at_least_thirty_days_not_counting_the_first() {
        let today = d("2026-01-01");
        assert!(input("2026-01-01", "2026-01-31", "").parse(today).is_ok());
        let e = input("2026-01-01", "2026-01-30", "")
            .parse(today)
            .unwrap_err();
        assert_eq!(e[0].field, "shortened_reason");
        assert!(e[0].message.contains("29日"), "{}", e[0].message);
        let ok = input(
            "2026-01-01",
            "2026-01-10",
            "落实上级紧急部署，须于1月底前出台",
        )
        .parse(today)
        .unwrap();
        assert_eq!(period_days(ok.opens_on, ok.closes_on), 9);
        assert!(
            input("2026-01-10", "2026-01-10", "急")
                .parse(today)
                .is_err()
        );
        assert!(input("2025-12-31", "2026-02-28", "").parse(today).is_err());
    }

    #[test]
    fn the_phase_follows_the_dates() {
        let (o, c) = (d("2026-01-01"), d("2026-01-31"));
        assert_eq!(Phase::of(false, false, o, c, d("2026-01-05")), Phase::Draft);
        assert_eq!(
            Phase::of(true, false, o, c, d("2025-12-30")),
            Phase::Announced
        );
        assert_eq!(Phase::of(true, false, o, c, d("2026-01-31")), Phase::Open);
        assert_eq!(Phase::of(true, false, o, c, d("2026-02-01")), Phase::Closed);
        assert_eq!(
            Phase::of(true, true, o, c, d("2026-02-01")),
            Phase::FeedbackPublished
        );
    }

    fn c(
        number: u32,
        status: CommentStatus,
        adoption: Option<Adoption>,
        public: bool,
    ) -> Decided<'static> {
        Decided {
            number,
            status,
            body: "建议把垃圾清运频次写进第五条，联系电话13812345678",
            public,
            adoption,
            reason: "已在第五条增加",
        }
    }

    #[test]
    fn every_decision_lands_in_the_counts() {
        let f = feedback(&[
            c(1, CommentStatus::Accepted, Some(Adoption::Adopted), true),
            c(
                2,
                CommentStatus::Accepted,
                Some(Adoption::PartlyAdopted),
                false,
            ),
            c(3, CommentStatus::Accepted, Some(Adoption::NotAdopted), true),
            c(4, CommentStatus::Accepted, Some(Adoption::NotAdopted), true),
            c(5, CommentStatus::Rejected, None, true),
        ])
        .unwrap();
        assert_eq!(
            (f.received, f.adopted, f.partly_adopted, f.not_adopted),
            (4, 1, 1, 2)
        );
        assert_eq!(f.rows.len(), 4);
        assert!(f.rows[0].comment.contains("138****5678"));
        assert!(f.rows[1].comment.contains("未同意公开"));
    }

    #[test]
    fn feedback_is_refused_while_comments_wait() {
        let e = feedback(&[
            c(1, CommentStatus::Accepted, Some(Adoption::Adopted), true),
            c(2, CommentStatus::Accepted, None, true),
        ])
        .unwrap_err();
        assert!(e.message.contains("第2条"), "{}", e.message);
        let e = feedback(&[c(1, CommentStatus::Pending, None, true)]).unwrap_err();
        assert!(e.message.contains("未审核"));
        assert!(
            feedback(&[]).is_ok(),
            "a consultation nobody commented on reports zero"
        );
    }

    #[test]
    fn a_public_comment_with_personal_data_is_refused() {
        let mut i = CommentInput {
            name: "李某".into(),
            phone: "0591-87654321".into(),
            body: "我的身份证11010519491231002X，建议……".into(),
            public: "1".into(),
            ..Default::default()
        };
        assert!(i.parse().unwrap_err()[0].message.contains("身份证号码"));
        i.public.clear();
        assert!(i.parse().is_ok());
    }
}
