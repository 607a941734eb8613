//! The demo county's 政府公报: back issues for the two years before this one, quarterly,
//! and this year's issues every other month up to today, each e-edition set by the
//! platform (watermark, log position) and logged; this year's contents name the
//! county's published documents.

use anyhow::{Result, anyhow};
use chrono::{Datelike, NaiveDate};
use gongkai_app::gazette::IssueInput;
use gongkai_app::model::DocQuery;
use gongkai_app::{Actor, App, ManualClock};

use super::at;
use gongkai_web::pdf::gazette::publish;

/// Articles of a back issue: (section, title, 文号, text).
fn back_articles(year: i32, n: u32) -> Vec<(&'static str, String, String, String)> {
    vec![
        (
            "规章",
            format!("云溪县城乡环境卫生管理办法（{year}年第{n}次修订）"),
            format!("云政令〔{year}〕{n}号"),
            format!(
                "第一条 为加强城乡环境卫生管理，创造整洁、优美的生活环境，根据有关法律法规，结合本县实际，制定本办法。\n第二条 本办法适用于本县行政区域内的城乡环境卫生管理活动。\n第三条 县城市管理部门负责全县环境卫生工作，乡镇人民政府负责本辖区农村环境卫生工作。{year}年起，农村生活垃圾收运处置体系覆盖所有行政村。"
            ),
        ),
        (
            "政府文件",
            format!("云溪县人民政府关于做好{year}年春耕生产工作的通知"),
            format!("云政发〔{year}〕{}号", n * 3),
            "各乡镇人民政府，县政府各部门：\n为确保全年粮食播种面积稳定在25万亩以上，现就做好春耕生产工作通知如下：一、落实耕地地力保护补贴，补贴资金于4月底前发放到户；二、做好农资供应和市场监管；三、加强农田水利设施检修。".to_owned(),
        ),
        (
            "政府办公室文件",
            format!("云溪县人民政府办公室关于印发{year}年政务公开工作要点的通知"),
            format!("云政办发〔{year}〕{}号", n + 10),
            "各乡镇人民政府，县政府各部门：\n《政务公开工作要点》已经县政府同意，现印发给你们，请认真贯彻落实。重点做好政策解读、回应关切和基层政务公开标准化规范化工作。".to_owned(),
        ),
        (
            "人事任免",
            format!("云溪县人民政府关于王建国等同志任免职务的通知（{year}年第{n}批）"),
            String::new(),
            "任命王建国为县农业农村局副局长；免去李明华的县交通运输局副局长职务。".to_owned(),
        ),
    ]
}

fn input(
    year: i32,
    number: u32,
    total: u32,
    on: NaiveDate,
    toc: &[String],
    texts: Vec<String>,
) -> IssueInput {
    IssueInput {
        year: year.to_string(),
        number: number.to_string(),
        total_number: total.to_string(),
        published_on: on.to_string(),
        toc: toc.join("\n"),
        texts,
    }
}

pub async fn load(
    app: &App,
    clock: &ManualClock,
    today: NaiveDate,
    admin: &Actor,
    officer: &Actor,
    county: i64,
) -> Result<()> {
    app.set_gazette(admin, "yunxi", "云溪县人民政府公报")
        .await?;
    if gongkai_web::pdf::font().is_none() {
        println!("未安装中文字体（fonts-noto-cjk），示例公报未生成电子版，未发布示例公报。");
        return Ok(());
    }
    let mut total = 200;
    for year in [today.year() - 2, today.year() - 1] {
        for n in 1..=4u32 {
            let on = NaiveDate::from_ymd_opt(year, n * 3, 20).ok_or_else(|| anyhow!("日期"))?;
            let arts = back_articles(year, n);
            let toc: Vec<String> = arts
                .iter()
                .map(|(s, t, d, _)| format!("{s}|{t}|{d}"))
                .collect();
            let texts = arts.into_iter().map(|a| a.3).collect();
            total += 1;
            clock.set(at(on, 0));
            publish(
                app,
                officer,
                "yunxi",
                &input(year, n, total, on, &toc, texts),
            )
            .await
            .map_err(|e| anyhow!("{year}年第{n}期公报：{e}"))?;
        }
    }
    // This year's issues name the county's published documents of the months before.
    let (docs, _) = app
        .public_documents(DocQuery {
            org_ids: Some(vec![county]),
            limit: 200,
            ..Default::default()
        })
        .await?;
    let year = today.year();
    let mut n = 0;
    for month in (2..=12).step_by(2) {
        let Some(on) = NaiveDate::from_ymd_opt(year, month, 25) else {
            continue;
        };
        if on > today {
            break;
        }
        let from = NaiveDate::from_ymd_opt(year, month - 1, 1).unwrap_or(on);
        let mut toc: Vec<String> = docs
            .iter()
            .filter(|d| d.published_on.is_some_and(|p| p >= from && p <= on))
            .take(4)
            .map(|d| {
                format!(
                    "政府文件|{}|{}|{}",
                    d.title.replace('|', "／"),
                    d.doc_number.clone().unwrap_or_default(),
                    d.index_number
                )
            })
            .collect();
        toc.push(format!(
            "人事任免|云溪县人民政府关于{year}年第{}批干部任免职务的通知",
            n + 1
        ));
        n += 1;
        total += 1;
        clock.set(at(on, 0));
        publish(
            app,
            officer,
            "yunxi",
            &input(year, n, total, on, &toc, Vec::new()),
        )
        .await
        .map_err(|e| anyhow!("{year}年第{n}期公报：{e}"))?;
    }
    clock.set(at(today, 0));
    Ok(())
}
