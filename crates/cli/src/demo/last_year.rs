//! A full year of 依申请公开 before the current one, so that the report the demo publishes
//! for last year counts real cases: applications received across the year from every
//! kind of applicant, some carried in from the December before and some carried out into
//! January, answered with every outcome the report has a row for — by reply, by closing
//! for want of a correction, by closing an unpaid fee — after consultations, extensions
//! and fees, delivered and archived.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use gongkai_app::{Actor, App, ManualClock, StepInput};
use gongkai_domain::application::{ApplicantInput, Channel, Outcome, RequestInput};
use gongkai_domain::calendar::WorkCalendar;

use super::applications::step_input;
use super::at;

/// Who applies, in turn: mostly people, and each kind of organisation the report counts.
const APPLICANTS: [(&str, &str, &str, &str); 8] = [
    (
        "natural_person",
        "resident_card",
        "11010519491231002X",
        "林晓",
    ),
    (
        "natural_person",
        "resident_card",
        "11010519491231002X",
        "黄建平",
    ),
    (
        "business",
        "credit_code",
        "11990000MB0000002Q",
        "云溪县某某建材有限公司",
    ),
    (
        "natural_person",
        "resident_card",
        "11010519491231002X",
        "许文",
    ),
    (
        "research",
        "credit_code",
        "11990000MB0000001M",
        "某某大学公共管理学院",
    ),
    (
        "natural_person",
        "resident_card",
        "11010519491231002X",
        "邓丽",
    ),
    (
        "legal_service",
        "credit_code",
        "11990000MB0000003U",
        "某某律师事务所",
    ),
    (
        "public_interest",
        "credit_code",
        "11990000MB0000001M",
        "云溪县某某公益协会",
    ),
];

/// What is asked for.
const TITLES: [&str; 12] = [
    "城关镇老旧小区改造项目实施方案",
    "县级财政预算执行情况",
    "某村土地征收补偿标准及发放情况",
    "城乡居民最低生活保障资金分配情况",
    "县政府常务会议纪要",
    "高标准农田建设项目验收报告",
    "农村危房改造补助对象名单",
    "某小区规划许可证及附图",
    "义务教育学校招生划片方案",
    "县人民医院药品集中采购结果",
    "某企业环境影响评价文件",
    "交通违法处理记录",
];

/// The replies, in turn: every row of section 三 but the two closings (below), most
/// often 予以公开.
const OUTCOMES: [Outcome; 24] = [
    Outcome::Disclosed,
    Outcome::Disclosed,
    Outcome::PartlyDisclosed,
    Outcome::NotHeld,
    Outcome::Disclosed,
    Outcome::ProcessInformation,
    Outcome::Repeated,
    Outcome::Disclosed,
    Outcome::ThirdPartyRights,
    Outcome::NeedsCreation,
    Outcome::Petition,
    Outcome::Disclosed,
    Outcome::InternalAffairs,
    Outcome::Publication,
    Outcome::PartlyDisclosed,
    Outcome::StillUnclear,
    Outcome::StateSecret,
    Outcome::AdministrativeQuery,
    Outcome::ForbiddenByLaw,
    Outcome::EndangersSecurity,
    Outcome::EnforcementFile,
    Outcome::Excessive,
    Outcome::Reconfirm,
    Outcome::OtherHandling,
];

/// How a case goes after it is accepted.
#[derive(Clone, Copy)]
enum Path {
    /// Replied after `after` working days.
    Reply(Outcome, u32),
    /// A third party consulted, answering after 6 working days; then the reply.
    Consulted(Outcome),
    /// Extended by 20 working days, replied late in the extension.
    Extended(Outcome),
    /// A fee notice, paid; then the reply.
    Paid,
    /// A fee notice never paid: closed after the 20 working days.
    Unpaid,
    /// A correction asked for and never given: closed after its period.
    Uncorrected,
}

struct Plan {
    received: NaiveDate,
    who: usize,
    title: &'static str,
    path: Path,
}

/// The cases of the year before `today`: three received the December before, one about
/// every six working days across the year, and three in its last December weeks.
fn plans(cal: &WorkCalendar, year: i32) -> Vec<Plan> {
    let mut out = Vec::new();
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
    for (i, day) in [12, 18, 24].iter().enumerate() {
        out.push(Plan {
            received: cal.next_workday_on_or_after(ymd(year - 1, 12, *day)),
            who: i,
            title: TITLES[i],
            path: Path::Reply(Outcome::Disclosed, 14),
        });
    }
    let mut d = cal.next_workday_on_or_after(ymd(year, 1, 5));
    let last = ymd(year, 12, 1);
    let mut k = 0usize;
    // The replies take the outcomes in turn, so every one is used once the year is full.
    let mut j = 0usize;
    while d < last {
        let path = match k {
            5 => Path::Consulted(Outcome::ThirdPartyRights),
            9 => Path::Extended(Outcome::Disclosed),
            13 => Path::Paid,
            17 => Path::Unpaid,
            21 => Path::Uncorrected,
            _ => {
                j += 1;
                Path::Reply(OUTCOMES[(j - 1) % OUTCOMES.len()], 4 + (k as u32 * 7) % 15)
            }
        };
        out.push(Plan {
            received: d,
            who: k % APPLICANTS.len(),
            title: TITLES[k % TITLES.len()],
            path,
        });
        k += 1;
        d = cal.add_workdays(d, 6).date;
    }
    for (i, day) in [15, 22, 28].iter().enumerate() {
        out.push(Plan {
            received: cal.next_workday_on_or_after(ymd(year, 12, *day)),
            who: i + 3,
            title: TITLES[i + 5],
            path: Path::Reply(OUTCOMES[i], 16),
        });
    }
    out
}

fn reply_step(outcome: Outcome, on: NaiveDate, cal: &WorkCalendar) -> StepInput {
    let basis = outcome
        .default_basis()
        .unwrap_or("《中华人民共和国政府信息公开条例》第三十六条");
    let mut fields = vec![("outcome", outcome.as_str()), ("basis", basis)];
    if outcome.needs_withheld_account() {
        fields.push(("withheld", "涉及个人隐私的部分不予公开"));
    }
    if outcome.names_responsible_agency() {
        fields.push(("responsible_agency", "县自然资源局，电话0599-6200001"));
    }
    step_input("reply", on, &fields, cal)
}

/// Registers and works last year's cases of `org`; a step that would fall after `today`
/// is not taken (the case stays open, as it would in real life).
pub async fn load(
    app: &App,
    clock: &ManualClock,
    today: NaiveDate,
    org: &str,
    officer: &Actor,
    head: &Actor,
) -> Result<usize> {
    let cal = app.calendar();
    let step =
        |action: &str, on: NaiveDate, fields: &[(&str, &str)]| step_input(action, on, fields, &cal);
    let reply = |outcome: Outcome, on: NaiveDate| reply_step(outcome, on, &cal);
    let year = today.year() - 1;
    let plans = plans(&cal, year);
    for (i, p) in plans.iter().enumerate() {
        let (kind, id_kind, id_number, name) = APPLICANTS[p.who];
        clock.set(at(p.received, i as i64));
        let applicant = ApplicantInput {
            kind: kind.into(),
            name: name.into(),
            id_kind: id_kind.into(),
            id_number: id_number.into(),
            contact_person: if kind == "natural_person" {
                ""
            } else {
                "办公室"
            }
            .into(),
            phone: "13900000000".into(),
            ..Default::default()
        };
        let request = RequestInput {
            title: p.title.into(),
            delivery_form: "electronic".into(),
            delivery_way: "email".into(),
            ..Default::default()
        };
        let channel = [Channel::InPerson, Channel::RegisteredPost, Channel::Email][i % 3];
        let receipt = app
            .register_application(officer, org, channel, p.received, &applicant, &request, &[])
            .await
            .with_context(|| format!("上年示例申请 {}", p.title))?;
        let add = |n: u32, from: NaiveDate| cal.add_workdays(from, n).date;
        let r = p.received;
        let mut steps: Vec<(&Actor, StepInput)> = Vec::new();
        let after_reply = |replied: NaiveDate| {
            [
                step("deliver", add(1, replied), &[("delivery_way", "email")]),
                step("archive", add(3, replied), &[]),
            ]
        };
        match p.path {
            Path::Reply(outcome, after) => {
                steps.push((officer, step("accept", add(1, r), &[])));
                steps.push((officer, reply(outcome, add(after, r))));
                steps.extend(after_reply(add(after, r)).map(|s| (officer, s)));
            }
            Path::Consulted(outcome) => {
                steps.push((officer, step("accept", add(1, r), &[])));
                let party = [("party", "某某建设工程有限公司")];
                steps.push((officer, step("consult_third_party", add(3, r), &party)));
                let opinion = [("note", "不同意公开其报价明细")];
                steps.push((officer, step("end_consultation", add(9, r), &opinion)));
                steps.push((officer, reply(outcome, add(14, r))));
                steps.extend(after_reply(add(14, r)).map(|s| (officer, s)));
            }
            Path::Extended(outcome) => {
                steps.push((officer, step("accept", add(1, r), &[])));
                let why = [
                    ("days", "15"),
                    ("note", "所需信息分散于多个部门，需汇总核对"),
                ];
                steps.push((head, step("extend", add(18, r), &why)));
                steps.push((officer, reply(outcome, add(30, r))));
                steps.extend(after_reply(add(30, r)).map(|s| (officer, s)));
            }
            Path::Paid | Path::Unpaid => {
                steps.push((officer, step("accept", add(1, r), &[])));
                let notice = [
                    ("fee_basis", "per_page"),
                    ("pages", "160"),
                    ("sent_by", "pickup"),
                ];
                steps.push((officer, step("notify_fee", add(4, r), &notice)));
                if matches!(p.path, Path::Paid) {
                    steps.push((officer, step("record_payment", add(9, r), &[])));
                    steps.push((officer, reply(Outcome::Disclosed, add(12, r))));
                    steps.extend(after_reply(add(12, r)).map(|s| (officer, s)));
                } else {
                    steps.push((officer, step("close_unpaid", add(25, r), &[])));
                }
            }
            Path::Uncorrected => {
                let by = add(12, r).to_string();
                let items = [
                    ("note", "请写明所需信息的名称、文号或能够指向该信息的描述"),
                    ("correct_by", by.as_str()),
                ];
                steps.push((officer, step("request_correction", add(2, r), &items)));
                steps.push((officer, step("close_uncorrected", add(13, r), &[])));
            }
        }
        for (n, (who, s)) in steps.into_iter().enumerate() {
            let on: NaiveDate = s.on_date.parse().expect("a date");
            if on > today {
                break;
            }
            clock.set(at(on, 30 + n as i64));
            app.act_on_application(who, &receipt.tracking_number, &s)
                .await
                .with_context(|| format!("上年示例申请 {}：{}", p.title, s.action))?;
        }
    }
    Ok(plans.len())
}
