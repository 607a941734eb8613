//! The demo county's 依申请公开 cases, received a number of working days before today
//! and taken through the use cases step by step, so the register always shows every
//! state of the workflow: a new case, one awaiting correction, one due soon, one
//! overdue, one paused for consultation, one awaiting a fee, and cases replied,
//! delivered and archived.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use gongkai_app::{Actor, App, ManualClock, StepInput};
use gongkai_domain::application::{ApplicantInput, Channel, RequestInput};
use gongkai_domain::calendar::WorkCalendar;

use super::{at, workdays_before};

/// (action, working days after receipt, extra fields of the step)
type Step = (&'static str, u32, &'static [(&'static str, &'static str)]);

struct Case {
    name: &'static str,
    kind: &'static str,
    id_kind: &'static str,
    id_number: &'static str,
    contact_person: &'static str,
    phone: &'static str,
    channel: Channel,
    title: &'static str,
    description: &'static str,
    received_workdays_ago: u32,
    steps: &'static [Step],
}

const BASIS_DISCLOSED: &str = "《中华人民共和国政府信息公开条例》第三十六条第（二）项";

const CASES: &[Case] = &[
    Case {
        name: "何静",
        kind: "natural_person",
        id_kind: "resident_card",
        id_number: "11010519491231002X",
        contact_person: "",
        phone: "13300005555",
        channel: Channel::Online,
        title: "",
        description: "关于我家附近那条路的文件",
        received_workdays_ago: 3,
        steps: &[(
            "request_correction",
            1,
            &[
                ("note", "请说明道路名称或所在村（社区）、文件的大致时间"),
                ("correct_by", "+10"),
            ],
        )],
    },
    Case {
        name: "云溪县某某物业服务有限公司",
        kind: "business",
        id_kind: "credit_code",
        id_number: "11990000MB0000002Q",
        contact_person: "冯敏",
        phone: "0599-6234567",
        channel: Channel::Fax,
        title: "2024年度物业服务企业信用评价结果",
        description: "",
        received_workdays_ago: 6,
        steps: &[
            ("accept", 1, &[]),
            (
                "reply",
                4,
                &[
                    ("outcome", "withheld_process_information"),
                    ("basis", "《中华人民共和国政府信息公开条例》第十六条第二款"),
                    (
                        "note",
                        "评价结果尚在复核，属于过程性信息，正式结果将主动公开",
                    ),
                ],
            ),
        ],
    },
    Case {
        name: "赵春燕",
        kind: "natural_person",
        id_kind: "resident_card",
        id_number: "11010519491231002X",
        contact_person: "",
        phone: "13905991234",
        channel: Channel::Online,
        title: "2025年城关镇城乡居民最低生活保障对象名单",
        description: "",
        received_workdays_ago: 2,
        steps: &[],
    },
    Case {
        name: "云溪县绿源农业专业合作社",
        kind: "other_organisation",
        id_kind: "credit_code",
        id_number: "11990000MB0000001M",
        contact_person: "钱志强",
        phone: "0599-7654321",
        channel: Channel::RegisteredPost,
        title: "高标准农田建设项目资金分配方案",
        description: "请提供本县近两年高标准农田建设项目的资金分配方案",
        received_workdays_ago: 17,
        steps: &[("accept", 1, &[]), ("assign", 2, &[("assign_to", "czj")])],
    },
    Case {
        name: "孙建国",
        kind: "natural_person",
        id_kind: "resident_card",
        id_number: "11010519491231002X",
        contact_person: "",
        phone: "13700001111",
        channel: Channel::InPerson,
        title: "",
        description: "本村2024年土地征收补偿标准及补偿款发放情况",
        received_workdays_ago: 24,
        steps: &[("accept", 0, &[])],
    },
    Case {
        name: "云溪县某某建材有限公司",
        kind: "business",
        id_kind: "credit_code",
        id_number: "11990000MB0000002Q",
        contact_person: "周敏",
        phone: "0599-6123456",
        channel: Channel::Email,
        title: "城关镇老旧小区改造项目招标文件",
        description: "",
        received_workdays_ago: 12,
        steps: &[
            ("accept", 1, &[]),
            (
                "consult_third_party",
                4,
                &[("party", "中标单位：云溪县某某建设工程有限公司")],
            ),
        ],
    },
    Case {
        name: "吴立新",
        kind: "natural_person",
        id_kind: "resident_card",
        id_number: "11010519491231002X",
        contact_person: "",
        phone: "13600002222",
        channel: Channel::Online,
        title: "2023年以来全部县政府常务会议纪要",
        description: "",
        received_workdays_ago: 9,
        steps: &[
            ("accept", 1, &[]),
            (
                "notify_fee",
                3,
                &[
                    ("fee_basis", "per_page"),
                    ("pages", "160"),
                    ("sent_by", "email"),
                ],
            ),
        ],
    },
    Case {
        name: "陈慧",
        kind: "legal_service",
        id_kind: "credit_code",
        id_number: "11990000MB0000003U",
        contact_person: "陈慧",
        phone: "0599-6667777",
        channel: Channel::Online,
        title: "云溪县2024年度政府信息公开工作年度报告的统计口径说明",
        description: "",
        received_workdays_ago: 30,
        steps: &[
            (
                "request_correction",
                2,
                &[
                    ("note", "请明确所需统计口径涉及的具体表格和栏目"),
                    ("correct_by", "+7"),
                ],
            ),
            (
                "receive_correction",
                5,
                &[(
                    "description",
                    "年度报告第三部分“本年新收政府信息公开申请数量”的统计口径",
                )],
            ),
            (
                "reply",
                12,
                &[
                    ("outcome", "partly_disclosed"),
                    ("basis", "《中华人民共和国政府信息公开条例》第三十七条"),
                    ("withheld", "内部讨论记录属于过程性信息，不予公开"),
                    ("note", "统计口径说明见答复附件"),
                ],
            ),
            ("deliver", 13, &[("delivery_way", "email")]),
            ("archive", 15, &[]),
        ],
    },
    Case {
        name: "郑海波",
        kind: "natural_person",
        id_kind: "resident_card",
        id_number: "11010519491231002X",
        contact_person: "",
        phone: "13500003333",
        channel: Channel::OrdinaryLetter,
        title: "青石镇集镇规划调整方案",
        description: "",
        received_workdays_ago: 40,
        steps: &[
            ("accept", 1, &[]),
            (
                "reply",
                8,
                &[
                    ("outcome", "cannot_not_held"),
                    (
                        "basis",
                        "《中华人民共和国政府信息公开条例》第三十六条第（五）项",
                    ),
                    (
                        "responsible_agency",
                        "青石镇人民政府党政办公室，电话0599-6100001",
                    ),
                ],
            ),
            ("deliver", 10, &[("delivery_way", "post")]),
        ],
    },
    Case {
        name: "刘梅",
        kind: "natural_person",
        id_kind: "resident_card",
        id_number: "11010519491231002X",
        contact_person: "",
        phone: "13400004444",
        channel: Channel::Online,
        title: "2025年县级财政预算执行情况",
        description: "",
        received_workdays_ago: 20,
        steps: &[
            ("accept", 1, &[]),
            (
                "reply",
                6,
                &[
                    ("outcome", "disclosed"),
                    ("basis", BASIS_DISCLOSED),
                    (
                        "note",
                        "该信息已主动公开，见本网站法定主动公开内容“财政预算、决算”栏目",
                    ),
                ],
            ),
            ("deliver", 6, &[("delivery_way", "online")]),
        ],
    },
];

/// A step of a demo case: the action, its date and its fields by name; a value "+N"
/// stands for the date N working days after the step's.
pub(super) fn step_input(
    action: &str,
    on: NaiveDate,
    extra: &[(&str, &str)],
    cal: &WorkCalendar,
) -> StepInput {
    let mut s = StepInput {
        action: action.into(),
        on_date: on.to_string(),
        ..Default::default()
    };
    for (k, v) in extra {
        // "+N": N working days after the step's date.
        let v = match v.strip_prefix('+').and_then(|n| n.parse::<u32>().ok()) {
            Some(n) => cal.add_workdays(on, n).date.to_string(),
            None => (*v).to_owned(),
        };
        let slot = match *k {
            "note" => &mut s.note,
            "correct_by" => &mut s.correct_by,
            "assign_to" => &mut s.assign_to,
            "party" => &mut s.party,
            "days" => &mut s.days,
            "fee_basis" => &mut s.fee_basis,
            "pages" => &mut s.pages,
            "sent_by" => &mut s.sent_by,
            "outcome" => &mut s.outcome,
            "basis" => &mut s.basis,
            "withheld" => &mut s.withheld,
            "responsible_agency" => &mut s.responsible_agency,
            "delivery_way" => &mut s.delivery_way,
            "description" => &mut s.description,
            _ => continue,
        };
        *slot = v;
    }
    s
}

/// Registers and works the demo cases of `org` (the county government).
pub async fn load(
    app: &App,
    clock: &ManualClock,
    today: NaiveDate,
    org: &str,
    officer: &Actor,
) -> Result<usize> {
    let cal = app.calendar();
    for (i, c) in CASES.iter().enumerate() {
        let received = workdays_before(&cal, today, c.received_workdays_ago);
        clock.set(at(received, i as i64));
        let applicant = ApplicantInput {
            kind: c.kind.into(),
            name: c.name.into(),
            id_kind: c.id_kind.into(),
            id_number: c.id_number.into(),
            contact_person: c.contact_person.into(),
            phone: c.phone.into(),
            ..Default::default()
        };
        let request = RequestInput {
            title: c.title.into(),
            description: c.description.into(),
            delivery_form: "electronic".into(),
            delivery_way: "email".into(),
            ..Default::default()
        };
        let receipt = if c.channel == Channel::Online {
            app.submit_application(org, &applicant, &request, "demo")
                .await
        } else {
            app.register_application(officer, org, c.channel, received, &applicant, &request, &[])
                .await
        }
        .with_context(|| format!("示例申请 {}", c.name))?;
        for (action, after, extra) in c.steps {
            let on = cal.add_workdays(received, *after).date.min(today);
            clock.set(at(on, 30 + i as i64));
            app.act_on_application(
                officer,
                &receipt.tracking_number,
                &step_input(action, on, extra, &cal),
            )
            .await
            .with_context(|| format!("示例申请 {}：{action}", c.name))?;
        }
    }
    Ok(CASES.len())
}
