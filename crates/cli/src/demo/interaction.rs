//! The demo county's 互动交流: messages in every state (new, with a unit, answered and
//! published, answered privately, refused as a petition, returned for rework, overdue,
//! and a 政务咨询 near the 3-month veto), a consultation open now with moderated
//! comments, and a closed one whose adoption feedback is published and linked from the
//! policy it became. Each is taken through the use cases on the day it happened.

use anyhow::{Context, Result};
use chrono::{Days, NaiveDate};
use gongkai_app::{
    Actor, App, ConcernInput, HearingInput, ManualClock, ProposalInput, ReplyInput, ResponseInput,
    SurveyInput,
};
use gongkai_domain::interaction::consultation::{CommentInput, ConsultationInput};
use gongkai_domain::interaction::message::MessageInput;

use super::{at, workdays_before};

/// Who acts in the demo's interaction.
pub struct Cast<'a> {
    /// The county government's disclosure officer: takes messages up and dispatches them.
    pub office: &'a Actor,
    /// The finance bureau's disclosure officer: answers what is dispatched to it.
    pub finance: &'a Actor,
    /// 青石镇's officer: answers for the township.
    pub township: &'a Actor,
    /// The county's drafter who runs consultations.
    pub drafter: &'a Actor,
    /// The 索引号 of the measures the closed consultation became.
    pub measures: &'a str,
}

/// (title, kind, body, writer, phone, publish)
struct Letter {
    title: &'static str,
    kind: &'static str,
    body: &'static str,
    name: &'static str,
    phone: &'static str,
    publish: bool,
    /// Calendar days before today it was written.
    days_ago: u64,
}

fn input(l: &Letter) -> MessageInput {
    MessageInput {
        kind: l.kind.into(),
        title: l.title.into(),
        body: l.body.into(),
        name: l.name.into(),
        phone: l.phone.into(),
        email: String::new(),
        publish: if l.publish { "1" } else { "0" }.into(),
    }
}

const NEW: Letter = Letter {
    title: "青石镇到县城的公交班次能否增加",
    kind: "suggest",
    body: "青石镇到县城的公交每天只有4班，早上7点以后要等到10点，学生和上班的人都不方便。建议早高峰增加一班。",
    name: "郭建平",
    phone: "13600001111",
    publish: true,
    days_ago: 0,
};

const NEAR_VETO: Letter = Letter {
    title: "农村危房改造补助的申请条件",
    kind: "consult",
    body: "我家房子是上世纪八十年代建的土木房，墙体开裂。请问农村危房改造补助需要什么条件、到哪里申请？",
    name: "罗秀英",
    phone: "13700002222",
    publish: true,
    days_ago: 80,
};

const OVERDUE: Letter = Letter {
    title: "惠民惠农补贴一卡通到账时间",
    kind: "consult",
    body: "今年的耕地地力保护补贴什么时候发到一卡通？往年9月就到账了，今年还没有收到。",
    name: "蒋德福",
    phone: "13800003333",
    publish: false,
    days_ago: 30,
};

const PUBLISHED: Letter = Letter {
    title: "学生资助政策咨询",
    kind: "consult",
    body: "孩子今年秋季上高一，家里是脱贫户，请问可以享受哪些资助？需要准备什么材料？",
    name: "唐小红",
    phone: "13900004444",
    publish: true,
    days_ago: 45,
};

const PRIVATE: Letter = Letter {
    title: "对县政府网站的建议",
    kind: "suggest",
    body: "县政府网站的办事指南页面在手机上字太小，建议做一个大字版，方便老年人查看。",
    name: "钱伟",
    phone: "13500005555",
    publish: false,
    days_ago: 20,
};

const PETITION: Letter = Letter {
    title: "反映村干部问题",
    kind: "complain",
    body: "我要检举我们村某村干部在低保评定中优亲厚友的问题，请上级调查处理。",
    name: "匿名群众",
    phone: "13400006666",
    publish: false,
    days_ago: 12,
};

const IN_REVIEW: Letter = Letter {
    title: "青石镇集贸市场周边停车难",
    kind: "complain",
    body: "每逢赶集日，青石镇集贸市场周边乱停车严重，救护车都进不去，希望镇里规划停车位并加强管理。",
    name: "孙丽",
    phone: "13300007777",
    publish: true,
    days_ago: 9,
};

fn day(today: NaiveDate, days_ago: u64) -> NaiveDate {
    today - Days::new(days_ago)
}

async fn write(app: &App, clock: &ManualClock, today: NaiveDate, l: &Letter) -> Result<String> {
    clock.set(at(day(today, l.days_ago), 30));
    let r = app
        .submit_message("yunxi", &input(l), "demo")
        .await
        .with_context(|| format!("留言“{}”", l.title))?;
    Ok(r.tracking_number)
}

pub async fn load(app: &App, clock: &ManualClock, today: NaiveDate, c: Cast<'_>) -> Result<()> {
    let cal = app.calendar();
    // Written today: waits in the queue.
    write(app, clock, today, &NEW).await?;

    // A consultation dispatched to the township, never answered: near the veto.
    let n = write(app, clock, today, &NEAR_VETO).await?;
    clock.set(at(day(today, NEAR_VETO.days_ago - 1), 60));
    app.dispatch_message(c.office, &n, "qingshi", "请青石镇核实答复")
        .await?;

    // Dispatched to the finance bureau and overdue.
    let n = write(app, clock, today, &OVERDUE).await?;
    clock.set(at(day(today, OVERDUE.days_ago - 1), 60));
    app.dispatch_message(c.office, &n, "czj", "").await?;

    // Answered by the finance bureau, approved and published with the phone masked.
    let n = write(app, clock, today, &PUBLISHED).await?;
    clock.set(at(day(today, PUBLISHED.days_ago - 1), 60));
    app.dispatch_message(
        c.office,
        &n,
        "czj",
        "涉及教育、财政，请县财政局会同县教育局答复",
    )
    .await?;
    clock.set(at(day(today, PUBLISHED.days_ago - 6), 90));
    app.reply_message(
        c.finance,
        &n,
        "您好！脱贫家庭学生就读普通高中，可享受国家助学金（每生每年2000元）并免除学杂费。请在开学后一个月内向学校资助办提交学生资助申请表和脱贫户证明，由学校审核后发放。详情可咨询县学生资助管理中心。",
    )
    .await?;
    clock.set(at(day(today, PUBLISHED.days_ago - 7), 30));
    app.approve_message_reply(c.office, &n).await?;
    let v = app.message_view(c.office, &n).await?;
    app.publish_message(c.office, &n, &v.public_title, &v.public_body)
        .await?;

    // Answered by the office itself; the writer kept it private.
    let n = write(app, clock, today, &PRIVATE).await?;
    clock.set(at(day(today, PRIVATE.days_ago - 2), 60));
    app.dispatch_message(c.office, &n, "yunxi", "").await?;
    app.reply_message(
        c.office,
        &n,
        "感谢您的建议。本网站已提供大字版（页面顶部“大字版”），办事指南页面将在下次改版时进一步优化手机显示。",
    )
    .await?;

    // A petition: refused with the procedure to follow.
    let n = write(app, clock, today, &PETITION).await?;
    clock.set(at(day(today, PETITION.days_ago - 1), 60));
    app.refuse_message(
        c.office,
        &n,
        "petition",
        "可向县信访局来信来访，或通过网上信访提出。",
    )
    .await?;

    // Answered by the township, returned once for rework, answered again: in review.
    let n = write(app, clock, today, &IN_REVIEW).await?;
    clock.set(at(day(today, IN_REVIEW.days_ago - 1), 60));
    app.dispatch_message(c.office, &n, "qingshi", "").await?;
    clock.set(at(day(today, IN_REVIEW.days_ago - 4), 60));
    app.reply_message(c.township, &n, "已转交相关部门。")
        .await?;
    clock.set(at(day(today, IN_REVIEW.days_ago - 5), 60));
    app.return_message_reply(
        c.office,
        &n,
        "答复过于简单，请说明停车位规划和管理的具体措施和时间。",
    )
    .await?;
    clock.set(at(workdays_before(&cal, today, 1), 60));
    app.reply_message(
        c.township,
        &n,
        "感谢您的反映。镇政府已在集贸市场东侧空地规划临时停车位60个，将于下月投入使用；赶集日由镇综合执法队和派出所在市场周边疏导交通，保障消防和救护通道畅通。",
    )
    .await?;

    consultations(app, clock, today, &c).await?;
    clock.set(at(today, 0));
    Ok(())
}

/// A survey and a forum on the parking measures, the register of suggestions and
/// proposals, and two concerns (one answered in time, one whose press conference came
/// late).
async fn participation(
    app: &App,
    clock: &ManualClock,
    today: NaiveDate,
    c: &Cast<'_>,
    consultation: i64,
) -> Result<()> {
    let opened = day(today, 35);
    clock.set(at(opened, 0));
    let survey = app
        .create_survey(
            c.drafter,
            &SurveyInput {
                org: "yunxi".into(),
                title: "城区停车状况问卷调查".into(),
                intro: "为制定《云溪县城区停车场建设管理办法》，了解群众停车需求，开展本次调查。".into(),
                questions: "[单选] 您对城区停车状况是否满意？\n- 满意\n- 一般\n- 不满意\n[多选] 您认为最需要增加停车位的区域是？\n- 老城区\n- 县医院周边\n- 学校周边\n- 农贸市场周边\n[单选] 您能接受的临时停车收费标准是？\n- 免费\n- 每小时1元\n- 每小时2元\n[填空] 其他意见和建议".into(),
                opens_on: opened.to_string(),
                closes_on: (opened + Days::new(60)).to_string(),
                consultation: consultation.to_string(),
            },
        )
        .await
        .context("示例问卷")?;
    let picks: [(usize, &[usize], usize, &str); 12] = [
        (2, &[0, 1], 1, "医院周边可建立体停车库"),
        (2, &[1], 1, ""),
        (1, &[0, 3], 0, ""),
        (2, &[1, 2], 2, "学校放学时段临停难"),
        (0, &[3], 1, ""),
        (1, &[0], 1, ""),
        (2, &[0, 1, 2], 0, "希望增加充电桩"),
        (2, &[1], 1, ""),
        (1, &[2, 3], 2, ""),
        (2, &[0, 1], 1, ""),
        (0, &[3], 0, ""),
        (1, &[1], 1, "老城区可利用边角地"),
    ];
    for (i, (q1, q2, q3, text)) in picks.iter().enumerate() {
        clock.set(at(opened + Days::new(1 + i as u64 * 2), 0));
        let mobile = format!("1390000{:04}", 1000 + i);
        app.answer_survey(
            survey,
            &mobile,
            |q| match q {
                0 => vec![*q1],
                1 => q2.to_vec(),
                2 => vec![*q3],
                _ => Vec::new(),
            },
            |q| {
                if q == 3 {
                    (*text).to_owned()
                } else {
                    String::new()
                }
            },
            "demo",
        )
        .await?;
    }
    clock.set(at(day(today, 25), 0));
    app.record_hearing(
        c.drafter,
        &HearingInput {
            org: "yunxi".into(),
            kind: "forum".into(),
            title: "《云溪县城区停车场建设管理办法（征求意见稿）》座谈会".into(),
            held_on: day(today, 25).to_string(),
            place: "县政府三楼会议室".into(),
            participants:
                "人大代表2人、政协委员2人、群众代表8人、物业企业代表3人、县住建局等相关部门".into(),
            notice: "定于本月举行座谈会，听取对停车场建设管理办法的意见，欢迎报名参加。".into(),
            minutes: "与会人员围绕配建标准、收费标准、老旧小区停车等发表意见15条。".into(),
            outcome: "采纳“老旧小区周边设置夜间限时停车位”等意见，已在征求意见稿第九条体现。"
                .into(),
            consultation: consultation.to_string(),
        },
    )
    .await?;

    // Suggestions and proposals of this year's sessions.
    let session = day(today, 200);
    clock.set(at(session, 0));
    let items = [
        (
            "suggestion",
            "第12号",
            "关于增加青石镇至县城公交班次的建议",
            "县人大代表 王建国",
        ),
        (
            "proposal",
            "第8号",
            "关于加快城区停车设施建设的提案",
            "县政协委员 李秀兰等3人",
        ),
        (
            "suggestion",
            "第27号",
            "关于加强农村饮用水水源保护的建议",
            "县人大代表 陈立新",
        ),
    ];
    let mut ids = Vec::new();
    for (kind, number, title, proposer) in items {
        ids.push(
            app.register_proposal(
                c.office,
                &ProposalInput {
                    org: "yunxi".into(),
                    kind: kind.into(),
                    number: number.into(),
                    title: title.into(),
                    proposer: proposer.into(),
                    received_on: session.to_string(),
                },
            )
            .await?,
        );
    }
    clock.set(at(session + Days::new(80), 0));
    app.reply_proposal(
        c.office,
        ids[0],
        &ReplyInput {
            result: "solved".into(),
            reply: "王建国代表：您提出的建议收悉。经协调，县公交公司已于7月起在青石镇至县城线路早高峰增开2个班次。感谢您对交通工作的关心。".into(),
            withheld_reason: String::new(),
        },
    )
    .await?;
    app.reply_proposal(
        c.office,
        ids[1],
        &ReplyInput {
            result: "planned".into(),
            reply: "（复文涉及尚在论证的项目选址，暂不公开）".into(),
            withheld_reason:
                "复文涉及停车场项目选址，属于尚在论证的过程性信息（条例第十六条），暂不公开。"
                    .into(),
        },
    )
    .await?;

    // Concerns: one answered within 48 hours, one whose press conference came late.
    let arose = at(day(today, 3), 60);
    clock.set(arose + chrono::Duration::hours(30));
    let china = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&gongkai_domain::china_time::china_offset())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    let water = app
        .record_concern(
            c.office,
            &ConcernInput {
                org: "yunxi".into(),
                title: "网传青石镇自来水出现异味".into(),
                gravity: "other".into(),
                arose_at: china(arose),
                summary: "有网民在本地论坛发帖称青石镇部分村自来水有异味，引发关注。".into(),
            },
        )
        .await?;
    app.respond_to_concern(
        c.office,
        water,
        &ResponseInput {
            form: "statement".into(),
            at: china(arose + chrono::Duration::hours(20)),
            content: "经县水务局检测，出厂水和末梢水各项指标符合国家标准，异味系管网冲洗所致，已处置完毕。".into(),
            link: String::new(),
        },
    )
    .await?;
    let flood = at(day(today, 12), 0);
    clock.set(flood + chrono::Duration::hours(40));
    let major = app
        .record_concern(
            c.office,
            &ConcernInput {
                org: "yunxi".into(),
                title: "柳湾乡突发山洪".into(),
                gravity: "major".into(),
                arose_at: china(flood),
                summary: "柳湾乡河口村一带突降暴雨引发山洪，部分道路中断。".into(),
            },
        )
        .await?;
    for (form, hours, content) in [
        (
            "release",
            4,
            "县防汛抗旱指挥部发布山洪灾害情况通报，启动Ⅳ级应急响应。",
        ),
        (
            "press_conference",
            30,
            "县政府召开新闻发布会，通报人员转移安置和道路抢通情况。",
        ),
    ] {
        app.respond_to_concern(
            c.office,
            major,
            &ResponseInput {
                form: form.into(),
                at: china(flood + chrono::Duration::hours(hours)),
                content: content.into(),
                link: String::new(),
            },
        )
        .await?;
    }
    Ok(())
}

fn comment(name: &str, body: &str, public: bool) -> CommentInput {
    CommentInput {
        name: name.into(),
        phone: "13812340000".into(),
        email: String::new(),
        body: body.into(),
        public: if public { "1" } else { "0" }.into(),
    }
}

async fn consultations(
    app: &App,
    clock: &ManualClock,
    today: NaiveDate,
    c: &Cast<'_>,
) -> Result<()> {
    // Closed, decided, feedback published, linked from the measures it became.
    let opened = day(today, 200);
    clock.set(at(opened, 0));
    let closed = app
        .create_consultation(
            c.drafter,
            "yunxi",
            &ConsultationInput {
                title: "关于《云溪县促进民营经济高质量发展若干措施（征求意见稿）》公开征求意见的公告".into(),
                draft: "一、加大财政支持力度。县财政每年安排民营经济发展专项资金……\n二、降低要素成本。……\n三、优化融资服务。……\n四、强化服务保障。……".into(),
                explanation: "一、起草背景\n为贯彻落实中央和省关于促进民营经济发展壮大的部署，结合我县实际，起草了本措施。\n二、主要内容\n措施共四个方面十八条。".into(),
                opens_on: opened.to_string(),
                closes_on: (opened + Days::new(30)).to_string(),
                shortened_reason: String::new(),
                other_ways: "电子邮箱：yxfgj@example.gov.cn；信函寄云溪县发展和改革局（信封注明“意见征集”）".into(),
                document: c.measures.to_owned(),
            },
        )
        .await
        .context("示例意见征集")?;
    app.publish_consultation(c.drafter, closed).await?;
    let said = [
        (
            "赵明",
            "建议第一条明确专项资金的申报时间和额度上限，便于企业提前准备。",
            true,
        ),
        (
            "云溪县某机械制造有限公司",
            "第三条应增加“首贷续贷中心”，对小微企业首次贷款给予贴息。",
            true,
        ),
        ("钱某", "建议取消对企业招用本地劳动力的比例要求。", false),
        ("推广", "低价出售发票，联系微信……", true),
    ];
    for (i, (name, body, public)) in said.iter().enumerate() {
        clock.set(at(opened + Days::new(3 + 5 * i as u64), 0));
        app.submit_comment(closed, &comment(name, body, *public), "demo")
            .await?;
    }
    clock.set(at(opened + Days::new(25), 0));
    for n in 1..=3 {
        app.moderate_comment(c.drafter, closed, n, true, "").await?;
    }
    app.moderate_comment(c.drafter, closed, 4, false, "广告信息")
        .await?;
    clock.set(at(opened + Days::new(35), 0));
    app.decide_comment(
        c.drafter,
        closed,
        1,
        "adopted",
        "已在第一条增加“每年3月、9月集中申报，单个企业年度支持不超过50万元”。",
    )
    .await?;
    app.decide_comment(
        c.drafter,
        closed,
        2,
        "partly",
        "已增加首贷续贷服务内容；贴息比例待县财政测算后另行规定。",
    )
    .await?;
    app.decide_comment(
        c.drafter,
        closed,
        3,
        "not_adopted",
        "本措施未设本地劳动力比例要求，该意见所指情形不存在。",
    )
    .await?;
    app.publish_feedback(c.drafter, closed).await?;

    // Closed ten days ago: the comments are moderated, the decisions still to make.
    let opened = day(today, 40);
    clock.set(at(opened, 0));
    let waiting = app
        .create_consultation(
            c.drafter,
            "yunxi",
            &ConsultationInput {
                title: "关于《云溪县城区停车场建设管理办法（征求意见稿）》公开征求意见的公告".into(),
                draft: "第一条 为规范城区停车场建设和管理……\n第六条 新建住宅项目按每户不少于1个车位配建停车位。".into(),
                explanation: "为缓解城区停车难，县住房和城乡建设局起草了本办法。".into(),
                opens_on: opened.to_string(),
                closes_on: (opened + Days::new(30)).to_string(),
                shortened_reason: String::new(),
                other_ways: String::new(),
                document: String::new(),
            },
        )
        .await?;
    app.publish_consultation(c.drafter, waiting).await?;
    clock.set(at(opened + Days::new(4), 0));
    app.submit_comment(
        waiting,
        &comment("陈某", "建议老旧小区周边增设夜间限时停车位。", true),
        "demo",
    )
    .await?;
    clock.set(at(opened + Days::new(12), 0));
    app.submit_comment(
        waiting,
        &comment("某物业公司", "第六条的配建标准应区分户型面积。", false),
        "demo",
    )
    .await?;
    clock.set(at(opened + Days::new(20), 0));
    app.moderate_comment(c.drafter, waiting, 1, true, "")
        .await?;
    app.moderate_comment(c.drafter, waiting, 2, true, "")
        .await?;
    participation(app, clock, today, c, waiting).await?;

    // Open now, with comments moderated and one waiting.
    let opened = day(today, 10);
    clock.set(at(opened, 0));
    let open = app
        .create_consultation(
            c.drafter,
            "yunxi",
            &ConsultationInput {
                title: "关于《云溪县农村人居环境整治提升办法（征求意见稿）》公开征求意见的公告".into(),
                draft: "第一条 为改善农村人居环境……\n第五条 农村生活垃圾实行户分类、村收集、镇转运、县处理。\n第九条 ……".into(),
                explanation: "为巩固农村人居环境整治成果，县住房和城乡建设局会同有关部门起草了本办法，现向社会公开征求意见。".into(),
                opens_on: opened.to_string(),
                closes_on: (opened + Days::new(30)).to_string(),
                shortened_reason: String::new(),
                other_ways: String::new(),
                document: String::new(),
            },
        )
        .await?;
    {
        use gongkai_app::testing::docx::{Block, Flavour, docx, p};
        let draft = docx(
            &[
                Block::P(p("云溪县农村人居环境整治提升办法（征求意见稿）")),
                Block::P(p("第一条 为改善农村人居环境……")),
                Block::P(p("第五条 农村生活垃圾实行户分类、村收集、镇转运、县处理。")),
            ],
            Flavour::Word,
        );
        app.add_consultation_file(
            c.drafter,
            open,
            &gongkai_app::AttachmentUpload {
                filename: "云溪县农村人居环境整治提升办法（征求意见稿）.docx".into(),
                bytes: draft,
            },
        )
        .await?;
    }
    app.publish_consultation(c.drafter, open).await?;
    clock.set(at(day(today, 6), 0));
    app.submit_comment(
        open,
        &comment(
            "李村民",
            "建议第五条明确垃圾清运频次，夏季每天清运一次。",
            true,
        ),
        "demo",
    )
    .await?;
    clock.set(at(day(today, 4), 0));
    app.submit_comment(
        open,
        &comment("王某", "希望对保洁员的工资标准作出规定。", false),
        "demo",
    )
    .await?;
    clock.set(at(day(today, 3), 0));
    app.moderate_comment(c.drafter, open, 1, true, "").await?;
    app.moderate_comment(c.drafter, open, 2, true, "").await?;
    clock.set(at(day(today, 1), 0));
    app.submit_comment(
        open,
        &comment("周某", "第九条的罚款标准太高，建议降低。", true),
        "demo",
    )
    .await?;
    Ok(())
}
