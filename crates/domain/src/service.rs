//! 办事服务公开 (DOMAIN §17; seed 000 pilot 8; seed 003 §四; seed 004 §三): a service
//! item and its guide (办事指南) with every element the seeds name, the completeness
//! check, the rule that a changed guide is published within 1 working day of its
//! approval, and the life and business events (个人办事/法人办事) people look services
//! up by.

use chrono::NaiveDate;

use crate::calendar::WorkCalendar as Calendar;
use crate::code_enum::code_enum;

code_enum! {
    /// Whom a service is for.
    pub enum Audience("audience", "服务对象") {
        Person = ("person", "个人办事"),
        Legal = ("legal", "法人办事"),
    }
}

code_enum! {
    /// The life events (个人) and business events (法人) services are grouped by.
    pub enum Theme("theme", "办事主题") {
        Birth = ("birth", "生育收养"),
        Household = ("household", "户籍身份"),
        Education = ("education", "教育培训"),
        Employment = ("employment", "就业创业"),
        Marriage = ("marriage", "婚姻登记"),
        Housing = ("housing", "住房保障"),
        Medical = ("medical", "医疗卫生"),
        Insurance = ("insurance", "社会保险"),
        Assistance = ("assistance", "社会救助"),
        Elderly = ("elderly", "养老服务"),
        Disability = ("disability", "残疾人服务"),
        Farming = ("farming", "农业农村"),
        Travel = ("travel", "交通出行"),
        Death = ("death", "死亡殡葬"),
        Starting = ("starting", "设立变更"),
        Licensing = ("licensing", "准营准办"),
        Taxes = ("taxes", "纳税缴费"),
        Hiring = ("hiring", "用工用人"),
        Building = ("building", "工程建设"),
        Closing = ("closing", "注销退出"),
    }
}

impl Theme {
    pub fn audience(self) -> Audience {
        match self {
            Self::Starting
            | Self::Licensing
            | Self::Taxes
            | Self::Hiring
            | Self::Building
            | Self::Closing => Audience::Legal,
            _ => Audience::Person,
        }
    }
    /// A theme by its code or its label, as lists name them ("婚姻登记", "marriage").
    pub fn read(s: &str) -> Option<Theme> {
        let s = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s || t.label() == s)
    }
}

code_enum! {
    /// The elements of a guide (seed 003 §四; seed 000 pilot 8 adds place and hours).
    pub enum Element("element", "指南要素") {
        Basis = ("basis", "办理依据"),
        Office = ("office", "受理单位"),
        Steps = ("steps", "基本流程"),
        Materials = ("materials", "申请材料"),
        Samples = ("samples", "示范文本及常见错误示例"),
        Fees = ("fees", "收费依据及标准"),
        TimeLimit = ("time_limit", "办理时限"),
        Place = ("place", "办事地点"),
        Hours = ("hours", "办理时间"),
        Contact = ("contact", "咨询方式"),
        Complaint = ("complaint", "监督投诉方式"),
    }
}

impl Element {
    /// A guide missing this cannot be published at all: without its legal basis a
    /// service may not be required of anyone, and without its time limit nobody can
    /// hold the office to it.
    pub fn blocks_publication(self) -> bool {
        matches!(self, Self::Basis | Self::TimeLimit)
    }
}

/// A guide's content, as the completeness check reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guide {
    pub basis: String,
    pub office: String,
    pub steps: Vec<String>,
    pub materials: Vec<String>,
    /// 常见错误示例 as text (samples may also be files).
    pub mistakes: String,
    /// Sample forms or filled-in examples attached.
    pub sample_files: usize,
    pub fees: String,
    pub fee_basis: String,
    pub time_limit: String,
    pub place: String,
    pub hours: String,
    pub phone: String,
    pub complaint_phone: String,
}

/// Whether a fee text says the service is free.
pub fn is_free(fees: &str) -> bool {
    let f = fees.trim();
    ["不收费", "免费", "无", "不收取"]
        .iter()
        .any(|k| f.starts_with(k))
}

impl Guide {
    /// The elements the guide lacks, in the seeds' order.
    pub fn missing(&self) -> Vec<Element> {
        let blank = |s: &str| s.trim().is_empty();
        Element::ALL
            .iter()
            .copied()
            .filter(|e| match e {
                Element::Basis => blank(&self.basis),
                Element::Office => blank(&self.office),
                Element::Steps => self.steps.is_empty(),
                Element::Materials => self.materials.is_empty(),
                Element::Samples => self.sample_files == 0 && blank(&self.mistakes),
                // A fee needs its basis; "不收费" is a complete answer.
                Element::Fees => {
                    blank(&self.fees) || (!is_free(&self.fees) && blank(&self.fee_basis))
                }
                Element::TimeLimit => blank(&self.time_limit),
                Element::Place => blank(&self.place),
                Element::Hours => blank(&self.hours),
                Element::Contact => blank(&self.phone),
                Element::Complaint => blank(&self.complaint_phone),
            })
            .collect()
    }
}

/// The last day a guide approved on `approved` may be published (seed 004 §三: within
/// 1 working day after approval).
pub fn publish_by(cal: &Calendar, approved: NaiveDate) -> NaiveDate {
    cal.add_workdays(approved, 1).date
}

/// Whether a guide approved on `approved` and published on `published` was late.
pub fn published_late(cal: &Calendar, approved: NaiveDate, published: NaiveDate) -> bool {
    published > publish_by(cal, approved)
}

/// The lines of a list as staff type or paste it ("1. 申请", "（二）受理", "第三步：审核",
/// "① 办结"), without their numbers, blank lines dropped.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(strip_number)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn strip_number(line: &str) -> &str {
    let l = line.trim().trim_start_matches('\u{3000}');
    let circled = |c: char| ('①'..='⑳').contains(&c);
    if let Some(c) = l.chars().next()
        && circled(c)
    {
        return l[c.len_utf8()..].trim();
    }
    if let Some(rest) = l.strip_prefix('第')
        && let Some(i) = rest.find('步')
        && rest[..i]
            .chars()
            .all(|c| "一二三四五六七八九十0123456789".contains(c))
    {
        return rest[i + '步'.len_utf8()..]
            .trim_start_matches([':', '：', '、', ' '])
            .trim();
    }
    let inner = l
        .strip_prefix(['(', '（'])
        .and_then(|r| r.split_once([')', '）']))
        .filter(|(n, _)| {
            !n.is_empty()
                && n.chars()
                    .all(|c| "一二三四五六七八九十0123456789".contains(c))
        })
        .map(|(_, rest)| rest);
    if let Some(rest) = inner {
        return rest.trim();
    }
    let n = l
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(n) = n {
        let rest = &l[n..];
        if let Some(r) = rest.strip_prefix(['.', '．', '、', ')', '）']) {
            return r.trim();
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Guide {
        Guide {
            basis: "《婚姻登记条例》第四条".into(),
            office: "县民政局婚姻登记处".into(),
            steps: vec!["申请".into(), "受理".into(), "办结".into()],
            materials: vec!["居民身份证".into()],
            mistakes: "照片须为近期半身免冠合影".into(),
            sample_files: 0,
            fees: "不收费".into(),
            fee_basis: String::new(),
            time_limit: "即时办结".into(),
            place: "县政务服务中心一楼".into(),
            hours: "工作日 9:00—17:00".into(),
            phone: "0591-12345678".into(),
            complaint_phone: "12345".into(),
        }
    }

    #[test]
    fn a_complete_guide_lacks_nothing() {
        assert!(complete().missing().is_empty());
    }

    #[test]
    fn each_missing_element_is_named() {
        let mut g = complete();
        g.basis.clear();
        g.time_limit = "  ".into();
        g.fees = "按件收取20元".into();
        g.mistakes.clear();
        assert_eq!(
            g.missing(),
            vec![
                Element::Basis,
                Element::Samples,
                Element::Fees,
                Element::TimeLimit
            ]
        );
        let blocking: Vec<_> = g
            .missing()
            .into_iter()
            .filter(|e| e.blocks_publication())
            .collect();
        assert_eq!(blocking, vec![Element::Basis, Element::TimeLimit]);
        g.fee_basis = "苏价费〔2020〕1号".into();
        g.sample_files = 1;
        assert_eq!(g.missing(), vec![Element::Basis, Element::TimeLimit]);
    }

    #[test]
    fn one_working_day_after_approval_across_a_holiday() {
        let cal = Calendar::builtin();
        let d = |m, dd| NaiveDate::from_ymd_opt(2025, m, dd).unwrap();
        // Approved on Tuesday 30 September 2025: 1–8 October are the National Day
        // holiday, so the guide is on time up to Thursday 9 October.
        assert_eq!(publish_by(&cal, d(9, 30)), d(10, 9));
        assert!(!published_late(&cal, d(9, 30), d(10, 9)));
        assert!(published_late(&cal, d(9, 30), d(10, 10)));
        // Approved on Friday 26 September: Sunday 28 September is a make-up working day.
        assert_eq!(publish_by(&cal, d(9, 26)), d(9, 28));
        assert!(published_late(&cal, d(9, 26), d(9, 29)));
    }

    #[test]
    fn steps_lose_their_numbers() {
        assert_eq!(
            lines("1. 申请\n（二）受理\n\n第三步：审核\n④ 决定\n5、办结\n 送达"),
            vec!["申请", "受理", "审核", "决定", "办结", "送达"]
        );
        assert_eq!(lines("2024年度报告"), vec!["2024年度报告"]);
    }

    #[test]
    fn themes_by_code_or_label() {
        assert_eq!(Theme::read("婚姻登记"), Some(Theme::Marriage));
        assert_eq!(Theme::read("starting"), Some(Theme::Starting));
        assert_eq!(Theme::Starting.audience(), Audience::Legal);
        assert_eq!(Theme::read("无此主题"), None);
    }
}
