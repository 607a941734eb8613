//! The demo's 网站检查: 县教育局 keeps every column of its platform current and
//! published last year's report on time, so it comes out clean; the office saved an
//! inspection this morning, handed two findings over — one the township has already
//! reported on, one still with the unit — and the others wait to be handed over.

use anyhow::{Context, Result, anyhow};
use chrono::{Datelike, NaiveDate};
use gongkai_app::{Actor, App, ManualClock, RectifyInput};
use gongkai_domain::category::categories_for;
use gongkai_domain::document::RawDocument;
use gongkai_domain::inspection::rectification::Step;
use gongkai_domain::org::OrgLevel;

use super::{at, workdays_before};

pub struct Cast<'a> {
    pub supervisor: &'a Actor,
    /// The county's disclosure officer, who keeps its accounts.
    pub county_officer: &'a Actor,
    /// The clean unit's four signers and its disclosure officer.
    pub unit: [&'a Actor; 5],
    pub unit_id: i64,
    /// Its short name, for the titles of what it publishes.
    pub unit_name: &'a str,
    /// 青石镇's disclosure officer.
    pub qingshi: &'a Actor,
}

fn document(title: String, number: &str, category: &str, written: NaiveDate) -> RawDocument {
    RawDocument {
        title,
        doc_number: number.into(),
        written_on: written.to_string(),
        category: category.into(),
        topic: "kjjy".into(),
        attribute: "proactive".into(),
        summary: String::new(),
        body: "<p>根据《中华人民共和国政府信息公开条例》第二十条，现将有关信息公开如下。详细内容见附件。</p>"
            .into(),
        ..Default::default()
    }
}

pub async fn load(app: &App, clock: &ManualClock, today: NaiveDate, cast: &Cast<'_>) -> Result<()> {
    let cal = app.calendar();
    let [drafter, reviewer, secrecy, approver, officer] = cast.unit;
    let year = today.year();

    // Last year's report, published in January as the regulation asks of departments.
    let january = NaiveDate::from_ymd_opt(year, 1, 20).ok_or_else(|| anyhow!("日期无效"))?;
    clock.set(at(january, 0));
    let input = gongkai_domain::report::StaffInput {
        overview: format!(
            "{}年，{}依法主动公开部门预决算、招生考试、学生资助等信息。",
            year - 1,
            cast.unit_name
        ),
        problems: "部分学校信息公开不够及时。".into(),
        other: "无。".into(),
        ..Default::default()
    };
    app.save_report_input(officer, cast.unit_id, year - 1, &input)
        .await?;
    app.publish_report(officer, cast.unit_id, year - 1).await?;

    // Every column of the bureau's platform gets its latest item this month.
    let written = workdays_before(&cal, today, 4);
    clock.set(at(workdays_before(&cal, today, 2), 0));
    let held = app.public_category_counts(cast.unit_id).await?;
    let mut serial = 40;
    for cat in categories_for(OrgLevel::Department, OrgLevel::County) {
        serial += 1;
        let number = if cat.code == "a20-01" {
            format!("云教发〔{year}〕{serial}号")
        } else {
            String::new()
        };
        let title = if held.iter().any(|(c, n)| c == cat.code && *n > 0) {
            format!(
                "{}{}信息更新（{}月）",
                cast.unit_name,
                cat.title,
                today.month()
            )
        } else {
            format!("{}{}信息", cast.unit_name, cat.title)
        };
        let index = app
            .create_document(
                drafter,
                cast.unit_id,
                &document(title, &number, cat.code, written),
                &[],
            )
            .await?;
        for (who, action) in [
            (drafter, gongkai_domain::workflow::Action::Submit),
            (reviewer, gongkai_domain::workflow::Action::Review),
            (secrecy, gongkai_domain::workflow::Action::SecrecyClear),
            (approver, gongkai_domain::workflow::Action::Approve),
        ] {
            app.act(who, &index, gongkai_app::ActionInput::new(action))
                .await
                .with_context(|| format!("{} {}", cat.title, action.label()))?;
        }
    }

    media(app, clock, today, cast)
        .await
        .context("示例政务新媒体")?;

    // This morning's inspection, saved; two of the township's findings handed over.
    clock.set(at(today, 0));
    let run = app.save_inspection(cast.supervisor, "yunxi", &[]).await?;
    let saved = app.saved_inspection(cast.supervisor, run).await?;
    let qingshi: Vec<i64> = saved
        .findings
        .iter()
        .filter(|f| f.page.starts_with("/qingshi/"))
        .map(|f| f.id)
        .take(2)
        .collect();
    let due = cal.add_workdays(today, 10).date.to_string();
    for id in &qingshi {
        app.rectify(
            cast.supervisor,
            *id,
            &RectifyInput {
                step: Step::Assign.as_str().into(),
                note: "请于期限内整改，并报告整改情况。".into(),
                due_on: due.clone(),
            },
        )
        .await?;
    }
    if let Some(first) = qingshi.first() {
        app.rectify(
            cast.qingshi,
            *first,
            &RectifyInput {
                step: Step::Respond.as_str().into(),
                note: "已安排专人负责栏目维护，补充发布了相关信息。".into(),
                due_on: String::new(),
            },
        )
        .await?;
    }
    Ok(())
}

/// The registry: the county's WeChat account (its old Weibo merged into it), the
/// clean unit's Douyin, and the township's WeChat, which has not posted for a month.
async fn media(app: &App, clock: &ManualClock, today: NaiveDate, cast: &Cast<'_>) -> Result<()> {
    let cal = app.calendar();
    let opened = workdays_before(&cal, today, 200);
    clock.set(at(opened, 0));
    let raw = |platform: &str, name: &str, handle: &str, by: &str, approval: &str| {
        gongkai_domain::media::RawAccount {
            platform: platform.into(),
            name: name.into(),
            handle: handle.into(),
            url: String::new(),
            approved_by: by.into(),
            approval: approval.into(),
            on: opened.to_string(),
        }
    };
    let office = "云溪县人民政府办公室";
    let (wechat, _) = app
        .open_media_account(
            cast.county_officer,
            "yunxi",
            &raw(
                "wechat",
                "云溪发布",
                "yunxifabu",
                office,
                "云政办函〔2025〕12号",
            ),
        )
        .await?;
    let (weibo, _) = app
        .open_media_account(
            cast.county_officer,
            "yunxi",
            &raw(
                "weibo",
                "云溪县政府网",
                "yunxizfw",
                office,
                "云政办函〔2025〕12号",
            ),
        )
        .await?;
    let (douyin, _) = app
        .open_media_account(
            cast.unit[4],
            "jyj",
            &raw(
                "douyin",
                "云溪教育",
                "yunxijiaoyu",
                office,
                "云政办函〔2025〕13号",
            ),
        )
        .await?;
    let (town, _) = app
        .open_media_account(
            cast.qingshi,
            "qingshi",
            &raw(
                "wechat",
                "青石镇发布",
                "qingshifabu",
                office,
                "云政办函〔2025〕14号",
            ),
        )
        .await?;
    let merged_on = workdays_before(&cal, today, 60);
    clock.set(at(merged_on, 0));
    app.change_media_account(
        cast.county_officer,
        weibo,
        &gongkai_app::MediaChangeInput {
            change: "merge".into(),
            approved_by: office.into(),
            approval: "云政办函〔2026〕31号".into(),
            on: merged_on.to_string(),
            into: wechat.to_string(),
            note: "微博账号长期未运维，内容并入“云溪发布”".into(),
        },
    )
    .await?;
    clock.set(at(today, 0));
    let ago = |days: i64| (today - chrono::Duration::days(days)).to_string();
    app.record_media_post(cast.county_officer, wechat, &ago(1))
        .await?;
    app.record_media_post(cast.unit[4], douyin, &ago(3)).await?;
    app.record_media_post(cast.qingshi, town, &ago(32)).await?;
    Ok(())
}
