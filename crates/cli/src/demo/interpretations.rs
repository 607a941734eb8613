//! The demo county's 政策解读: a policy signed off and published together with its
//! Q&A, an earlier policy with a chart, a press conference record and a video with its
//! transcript, one policy amended after its interpretation (flagged for review), and
//! one marked as needing an interpretation that was published without one.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use gongkai_app::{ActionInput, Actor, App, AttachmentUpload, ManualClock};
use gongkai_domain::document::RawDocument;
use gongkai_domain::interpretation::RawDetails;
use gongkai_domain::validity::Validity;
use gongkai_domain::workflow::Action;

use super::{at, workdays_before};

/// Documents this part of the demo enters: three policies, an amending decision and
/// four interpretations.
#[cfg(test)]
pub const DOCUMENTS: usize = 8;

/// The county's signers.
pub struct Cast<'a> {
    pub drafter: &'a Actor,
    pub reviewer: &'a Actor,
    pub secrecy: &'a Actor,
    pub approver: &'a Actor,
    pub officer: &'a Actor,
    pub county: i64,
}

impl Cast<'_> {
    /// Takes a document through review and secrecy review (three steps), or through
    /// sign-off too (four).
    async fn advance(&self, app: &App, index: &str, steps: usize) -> Result<()> {
        let path = [
            (self.drafter, Action::Submit),
            (self.reviewer, Action::Review),
            (self.secrecy, Action::SecrecyClear),
            (self.approver, Action::Approve),
        ];
        for (who, action) in path.into_iter().take(steps) {
            app.act(who, index, ActionInput::new(action))
                .await
                .with_context(|| format!("{index}：{}", action.label()))?;
        }
        Ok(())
    }
}

fn policy(title: &str, number: &str, written: NaiveDate, body: &str) -> RawDocument {
    RawDocument {
        title: title.into(),
        doc_number: number.into(),
        written_on: written.to_string(),
        topic: "mzfp".into(),
        category: "a20-01".into(),
        body: body.into(),
        body_format: "text".into(),
        attribute: "proactive".into(),
        needs_interpretation: "1".into(),
        ..Default::default()
    }
}

fn interpretation(title: &str, written: NaiveDate, body: &str) -> RawDocument {
    RawDocument {
        title: title.into(),
        written_on: written.to_string(),
        body: body.into(),
        body_format: "text".into(),
        ..Default::default()
    }
}

/// A bar chart as a PNG (the demo's 一图读懂), drawn pixel by pixel.
fn chart_png(values: &[u32]) -> Vec<u8> {
    use std::io::Write;
    let (w, h) = (480u32, 270u32);
    let max = values.iter().copied().max().unwrap_or(1).max(1);
    let mut raw = Vec::with_capacity(((w * 3 + 1) * h) as usize);
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            let slot = (x.saturating_sub(40)) / 80;
            let inside = x >= 40 && (x - 40) % 80 >= 15 && (x - 40) % 80 < 65;
            let bar = values
                .get(slot as usize)
                .filter(|_| inside)
                .is_some_and(|v| y < h - 30 && h - 30 - y <= (v * (h - 60)) / max);
            let axis = y == h - 30 && x >= 30;
            let px: [u8; 3] = if bar {
                [0xa4, 0x16, 0x1a]
            } else if axis {
                [0x33, 0x33, 0x33]
            } else {
                [0xff, 0xff, 0xff]
            };
            raw.extend_from_slice(&px);
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = z.write_all(&raw);
    let idat = z.finish().unwrap_or_default();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &idat);
    chunk(b"IEND", &[]);
    out
}

/// A tiny but well-formed MP4 header box, standing in for a recorded interpretation.
const VIDEO: &[u8] = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free";

pub async fn load(app: &App, clock: &ManualClock, today: NaiveDate, c: Cast<'_>) -> Result<()> {
    let cal = app.calendar();
    let day = |n: u32| workdays_before(&cal, today, n);

    // 1. Drafted, signed off and published together: the policy and its Q&A.
    clock.set(at(day(30), 0));
    let dibao = app
        .create_document(
            c.drafter,
            c.county,
            &policy(
                "云溪县城乡居民最低生活保障审核确认实施办法",
                "云政规〔2026〕2号",
                day(30),
                "第一条 为规范最低生活保障审核确认工作，根据《社会救助暂行办法》，结合本县实际，制定本办法。\n第二条 户籍在本县、共同生活的家庭成员人均收入低于本县最低生活保障标准，且财产状况符合规定的家庭，可以申请最低生活保障。\n第三条 申请由户籍所在地乡镇人民政府受理，自受理之日起30个工作日内办结；情况复杂的，可以延长15个工作日。\n第四条 本办法自印发之日起施行。",
            ),
            &[],
        )
        .await?;
    let qa = app
        .create_interpretation(
            c.drafter,
            &dibao,
            c.county,
            &interpretation(
                "《云溪县城乡居民最低生活保障审核确认实施办法》政策解读",
                day(30),
                "为便于群众了解低保申请办理，现就《实施办法》的主要内容解读如下。",
            ),
            &RawDetails {
                form: "qa".into(),
                qa: "一、问：哪些家庭可以申请低保？\n答：户籍在本县、共同生活的家庭成员人均收入低于本县低保标准，且财产状况符合规定的家庭。\n二、问：到哪里申请？\n答：向户籍所在地乡镇人民政府（街道办事处）提出，也可以委托村（居）民委员会代为提出。\n三、问：多长时间办结？\n答：自受理之日起30个工作日内办结；情况复杂的，可以延长15个工作日。".into(),
                ..Default::default()
            },
        )
        .await?;
    clock.set(at(day(26), 0));
    c.advance(app, &dibao, 3).await?;
    c.advance(app, &qa, 3).await?;
    clock.set(at(day(25), 0));
    app.act(c.approver, &dibao, ActionInput::new(Action::Approve))
        .await
        .context("低保办法与解读一并签发")?;

    // 2. A chart, a press conference and a video, for a policy published earlier.
    clock.set(at(day(60), 0));
    let subsidy = app
        .create_document(
            c.drafter,
            c.county,
            &policy(
                "云溪县农村危房改造补助办法",
                "云政规〔2026〕1号",
                day(60),
                "第一条 为改善农村低收入群体住房条件，制定本办法。\n第二条 补助对象为农村低保户、分散供养特困人员、低保边缘家庭和未享受过农村住房保障政策支持的因病因灾因意外事故刚性支出较大家庭。\n第三条 重建每户补助4万元，修缮加固每户补助1.5万元。",
            ),
            &[],
        )
        .await?;
    let chart = app
        .create_interpretation(
            c.drafter,
            &subsidy,
            c.county,
            &interpretation(
                "一图读懂《云溪县农村危房改造补助办法》",
                day(60),
                "图解说明：补助对象为四类重点对象；重建每户补助4万元，修缮加固每户补助1.5万元；2024年至2026年全县分别改造危房120户、150户和180户。",
            ),
            &RawDetails {
                form: "chart".into(),
                ..Default::default()
            },
        )
        .await?;
    app.add_attachment(
        c.drafter,
        &chart,
        AttachmentUpload {
            filename: "一图读懂危房改造补助.png".into(),
            bytes: chart_png(&[120, 150, 180]),
        },
    )
    .await?;
    let press = app
        .create_interpretation(
            c.drafter,
            &subsidy,
            c.county,
            &interpretation(
                "《云溪县农村危房改造补助办法》新闻发布会实录",
                day(60),
                "主持人：各位记者朋友，今天我们邀请县住房和城乡建设局负责同志介绍《补助办法》有关情况。\n县住房和城乡建设局局长：《补助办法》明确了四类补助对象，重建每户补助4万元，修缮加固每户补助1.5万元，资金直接拨付到户。\n记者：补助资金多久能到位？\n县住房和城乡建设局局长：竣工验收合格后30日内拨付到农户“一卡通”账户。",
            ),
            &RawDetails {
                form: "press".into(),
                held_on: day(58).to_string(),
                place: "云溪县人民政府新闻发布厅".into(),
                speakers: "县住房和城乡建设局局长 周志强；县财政局副局长 林美华".into(),
                ..Default::default()
            },
        )
        .await?;
    let video = app
        .create_interpretation(
            c.drafter,
            &subsidy,
            c.county,
            &interpretation(
                "视频解读：农村危房改造补助怎么申请",
                day(60),
                "文字稿：农户向村委会提出申请，村委会评议公示后报乡镇审核，县住房和城乡建设局审批。开工前后各拍照存档，竣工验收合格后补助资金拨付到户。",
            ),
            &RawDetails {
                form: "media".into(),
                ..Default::default()
            },
        )
        .await?;
    app.add_attachment(
        c.drafter,
        &video,
        AttachmentUpload {
            filename: "危房改造补助申请.mp4".into(),
            bytes: VIDEO.to_vec(),
        },
    )
    .await?;
    clock.set(at(day(56), 0));
    c.advance(app, &subsidy, 3).await?;
    for i in [&chart, &press, &video] {
        c.advance(app, i, 3).await?;
    }
    clock.set(at(day(55), 0));
    app.act(c.approver, &subsidy, ActionInput::new(Action::Approve))
        .await
        .context("危房改造补助办法与三篇解读一并签发")?;

    // 3. Amended after its interpretation was published: flagged for review.
    clock.set(at(day(12), 0));
    let amend = app
        .create_document(
            c.drafter,
            c.county,
            &RawDocument {
                needs_interpretation: String::new(),
                ..policy(
                    "云溪县人民政府关于修改《云溪县农村危房改造补助办法》的决定",
                    "云政规〔2026〕5号",
                    day(12),
                    "将第三条修改为：“重建每户补助4.5万元，修缮加固每户补助2万元。”本决定自印发之日起施行。",
                )
            },
            &[],
        )
        .await?;
    c.advance(app, &amend, 4).await?;
    app.set_validity(
        c.officer,
        &subsidy,
        Validity::Amended,
        &amend,
        "补助标准提高",
    )
    .await?;

    // 4. Marked as needing an interpretation only after it was published.
    clock.set(at(day(8), 0));
    let late = app
        .create_document(
            c.drafter,
            c.county,
            &RawDocument {
                needs_interpretation: String::new(),
                ..policy(
                    "云溪县高龄津贴发放管理办法",
                    "云政规〔2026〕6号",
                    day(8),
                    "第一条 本县户籍80周岁以上老年人按月享受高龄津贴。\n第二条 80至89周岁每人每月100元，90至99周岁每人每月300元，100周岁以上每人每月600元。",
                )
            },
            &[],
        )
        .await?;
    c.advance(app, &late, 4).await?;
    let mut flagged = policy(
        "云溪县高龄津贴发放管理办法",
        "云政规〔2026〕6号",
        day(8),
        "第一条 本县户籍80周岁以上老年人按月享受高龄津贴。\n第二条 80至89周岁每人每月100元，90至99周岁每人每月300元，100周岁以上每人每月600元。",
    );
    flagged.needs_interpretation = "1".into();
    app.edit_document(c.officer, &late, &flagged, &[]).await?;
    clock.set(at(today, 0));
    Ok(())
}
