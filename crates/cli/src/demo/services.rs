//! The demo county's 办事服务: guides of several departments — most complete, two
//! missing elements, one a draft without its legal basis (which cannot be published),
//! one whose change was published four working days after its approval — with forms
//! and a filled-in sample whose specimen numbers the reviewer keeps with a reason.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use gongkai_app::pii_review::{PiiDecisionInput, PiiSubject};
use gongkai_app::services::ServiceInput;
use gongkai_app::{Actor, App, AttachmentUpload};

use super::workdays_before;

pub struct Cast<'a> {
    /// Each department's guide keeper, by its slug.
    pub keepers: Vec<(&'a str, &'a Actor)>,
}

struct Spec {
    org: &'static str,
    name: &'static str,
    audience: &'static str,
    themes: &'static [&'static str],
    basis: &'static str,
    office: &'static str,
    steps: &'static str,
    materials: &'static str,
    mistakes: &'static str,
    fees: &'static str,
    time_limit: &'static str,
    place: &'static str,
    hours: &'static str,
    /// Approved this many working days before it is published (1 is on time).
    approved_ago: u32,
    /// Left as a draft.
    draft: bool,
}

const HALL: &str = "云溪县政务服务中心一楼综合窗口";
const HOURS: &str = "工作日上午8:30—12:00，下午14:30—17:30";

const SPECS: &[Spec] = &[
    Spec {
        org: "mzj",
        name: "内地居民结婚登记",
        audience: "person",
        themes: &["marriage"],
        basis: "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条至第七条",
        office: "云溪县民政局婚姻登记处",
        steps: "1. 当事人双方共同到婚姻登记处提出申请\n2. 婚姻登记员审查证件和声明\n3. 符合条件的当场予以登记\n4. 颁发结婚证",
        materials: "本人的户口簿、身份证\n本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明\n2张2寸近期半身免冠合影照片",
        mistakes: "照片须为双方合影，背景为红色；声明须当场在登记员面前签字，不能事先代签。",
        fees: "不收费",
        time_limit: "即时办结",
        place: "云溪县民政局婚姻登记处（城关镇人民路88号）",
        hours: HOURS,
        approved_ago: 1,
        draft: false,
    },
    Spec {
        org: "mzj",
        name: "最低生活保障对象认定",
        audience: "person",
        themes: &["assistance"],
        basis: "《社会救助暂行办法》第九条至第十一条；《最低生活保障审核确认办法》",
        office: "户籍所在地乡镇人民政府（街道办事处）",
        steps: "申请人向乡镇人民政府提出书面申请\n乡镇人民政府组织入户调查、核对家庭经济状况\n在申请人所在村（社区）公示\n县民政局审核确认\n按月发放最低生活保障金",
        materials: "最低生活保障申请书\n家庭成员身份证、户口簿\n家庭经济状况核对授权书",
        mistakes: "",
        fees: "不收费",
        time_limit: "法定30个工作日，承诺20个工作日",
        place: "户籍所在地乡镇人民政府社会事务办",
        hours: HOURS,
        approved_ago: 1,
        draft: false,
    },
    Spec {
        org: "mzj",
        name: "临时救助给付",
        audience: "person",
        themes: &["assistance"],
        basis: "《社会救助暂行办法》第四十七条至第五十一条",
        office: "户籍所在地乡镇人民政府",
        steps: "提出申请\n审核\n审批\n发放救助金",
        materials: "临时救助申请书\n身份证、户口簿\n遭遇困难的证明材料",
        mistakes: "",
        fees: "不收费",
        time_limit: "法定20个工作日；情况紧急的先行救助",
        // Where and when are not yet given: the guide is published, but incomplete.
        place: "",
        hours: "",
        approved_ago: 0,
        draft: false,
    },
    Spec {
        org: "rsj",
        name: "失业保险金申领",
        audience: "person",
        themes: &["employment", "insurance"],
        basis: "《失业保险条例》第十四条、第十六条；《失业保险金申领发放办法》",
        office: "云溪县社会保险中心",
        steps: "线上或窗口提出申请\n审核失业登记和参保缴费情况\n核定失业保险金标准和期限\n按月发放",
        materials: "本人社会保障卡或身份证",
        mistakes: "无需提供解除劳动合同证明原件，系统可查询的不再要求提供。",
        fees: "不收费",
        time_limit: "承诺5个工作日",
        place: HALL,
        hours: HOURS,
        approved_ago: 1,
        draft: false,
    },
    Spec {
        org: "rsj",
        name: "就业创业证申领",
        audience: "person",
        themes: &["employment"],
        basis: "《就业服务与就业管理规定》第六十三条",
        office: "云溪县公共就业服务中心",
        steps: "提出申请\n审核\n发证",
        materials: "本人身份证\n近期免冠照片1张",
        mistakes: "",
        fees: "不收费",
        time_limit: "即时办结",
        place: HALL,
        hours: HOURS,
        // Approved four working days before the change was published: late.
        approved_ago: 4,
        draft: false,
    },
    Spec {
        org: "wjj",
        name: "出生医学证明首次签发",
        audience: "person",
        themes: &["birth", "medical"],
        basis: "《中华人民共和国母婴保健法》第二十三条",
        office: "新生儿出生的助产机构",
        steps: "助产机构采集新生儿及父母信息\n父母核对信息并签字\n签发出生医学证明",
        materials: "父母双方身份证\n结婚证（非必需）",
        mistakes: "新生儿姓名一经签发不能随意更改，请在签字前仔细核对。",
        fees: "不收费",
        time_limit: "即时办结",
        place: "云溪县医院、云溪县妇幼保健院产科",
        hours: "全天",
        approved_ago: 1,
        draft: false,
    },
    Spec {
        org: "jyj",
        name: "义务教育阶段入学登记",
        audience: "person",
        themes: &["education"],
        basis: "《中华人民共和国义务教育法》第十二条",
        office: "云溪县教育局基础教育股",
        steps: "网上报名\n学校审核\n公布录取结果",
        materials: "户口簿\n房产证明或居住证",
        mistakes: "",
        fees: "不收费",
        time_limit: "按年度招生公告",
        place: "各义务教育学校",
        hours: HOURS,
        approved_ago: 1,
        draft: false,
    },
    Spec {
        org: "zrzyj",
        name: "国有建设用地使用权首次登记",
        audience: "legal",
        themes: &["building", "starting"],
        basis: "《不动产登记暂行条例》第十四条；《不动产登记暂行条例实施细则》第三十四条",
        office: "云溪县不动产登记中心",
        steps: "申请\n受理\n审核\n登簿\n发证",
        materials: "不动产登记申请书\n申请人身份证明\n土地出让价款、税费缴纳凭证",
        mistakes: "",
        fees: "每件550元",
        time_limit: "法定30个工作日，承诺5个工作日",
        place: HALL,
        hours: HOURS,
        approved_ago: 1,
        draft: false,
    },
    Spec {
        org: "fgj",
        name: "企业投资项目备案",
        audience: "legal",
        themes: &["building", "licensing"],
        // No basis yet: a guide without it cannot be published, so it stays a draft.
        basis: "",
        office: "云溪县发展和改革局",
        steps: "在线提交备案信息\n告知性备案，即时出具备案证明",
        materials: "项目单位基本情况\n项目名称、建设地点、规模、内容\n项目总投资额",
        mistakes: "",
        fees: "不收费",
        time_limit: "即时办结",
        place: HALL,
        hours: HOURS,
        approved_ago: 1,
        draft: true,
    },
];

/// Loads the guides; returns how many were published.
pub async fn load(app: &App, cast: &Cast<'_>, today: NaiveDate) -> Result<usize> {
    let cal = app.calendar();
    let mut published = 0;
    for s in SPECS {
        let keeper = cast
            .keepers
            .iter()
            .find(|(o, _)| *o == s.org)
            .map(|(_, a)| *a)
            .with_context(|| format!("示例办事指南的机构 {} 没有经办人", s.org))?;
        let approved = workdays_before(&cal, today, s.approved_ago);
        let input = ServiceInput {
            org: s.org.into(),
            name: s.name.into(),
            audience: s.audience.into(),
            themes: s.themes.iter().map(|t| (*t).to_owned()).collect(),
            basis: s.basis.into(),
            office: s.office.into(),
            steps: s.steps.into(),
            materials: s.materials.into(),
            mistakes: s.mistakes.into(),
            fees: s.fees.into(),
            fee_basis: if s.fees.starts_with("每件") {
                "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）".into()
            } else {
                String::new()
            },
            time_limit: s.time_limit.into(),
            place: s.place.into(),
            hours: s.hours.into(),
            phone: "0591-22345678".into(),
            complaint_phone: "12345".into(),
            approved_on: approved.to_string(),
            ..Default::default()
        };
        let id = app
            .save_service(keeper, None, &input, false)
            .await
            .with_context(|| format!("示例办事指南“{}”", s.name))?;
        if s.org == "mzj" && s.name.starts_with("最低生活保障") {
            forms(app, keeper, id).await?;
        }
        if !s.draft {
            app.save_service(keeper, Some(id), &input, true)
                .await
                .with_context(|| format!("发布示例办事指南“{}”", s.name))?;
            published += 1;
        }
    }
    Ok(published)
}

/// The application form, and a filled-in sample whose specimen identity number (with
/// a wrong check character) and office telephone the reviewer keeps: examples, not
/// anyone's.
async fn forms(app: &App, keeper: &Actor, id: i64) -> Result<()> {
    let header = [
        "申请人姓名",
        "身份证号码",
        "家庭住址",
        "联系电话",
        "家庭人口",
        "申请理由",
    ];
    let blank = gongkai_web::xlsx_table("申请表", &header, &[vec![String::new(); 6]])?;
    app.add_service_file(
        keeper,
        id,
        "form",
        &AttachmentUpload {
            filename: "最低生活保障申请表.xlsx".into(),
            bytes: blank,
        },
    )
    .await?;
    let sample_row = vec![
        "张三（示例）".to_owned(),
        // A specimen: its check character deliberately wrong, so it is nobody's
        // number; the scan flags it as suspicious and the reviewer keeps it.
        "110101198001010011".to_owned(),
        "青石镇东岭村某组".to_owned(),
        "0591-12345678".to_owned(),
        "3".to_owned(),
        "家庭成员因病丧失劳动能力".to_owned(),
    ];
    let sample = gongkai_web::xlsx_table("填写示例", &header, &[sample_row])?;
    app.add_service_file(
        keeper,
        id,
        "sample",
        &AttachmentUpload {
            filename: "最低生活保障申请表（填写示例）.xlsx".into(),
            bytes: sample,
        },
    )
    .await?;
    let review = app.service_view(keeper, id).await?.1;
    let keep: Vec<PiiDecisionInput> = review
        .findings
        .iter()
        .map(|f| PiiDecisionInput {
            value: f.value.clone(),
            keep: true,
            reason: "示范文本中的样例，非真实个人信息".into(),
        })
        .collect();
    if !keep.is_empty() {
        app.decide_pii(keeper, &PiiSubject::Service(id), &keep)
            .await?;
    }
    Ok(())
}
