//! The demo villages' 村务公开: 低保, 特困, 临时救助 and subsidy lists with made-up
//! names, identity numbers and bank cards (their personal data masked by the reviewer
//! before publication), a 防返贫 monitoring list, a quarter of the collective's income
//! and expenditure, and one list left for the township officer to confirm. One village
//! has published nothing, so its columns are overdue on the township's dashboard.

use anyhow::{Context, Result};
use chrono::{Datelike, Months, NaiveDate};
use gongkai_app::pii_review::{PiiDecisionInput, PiiSubject};
use gongkai_app::villages::VillageListInput;
use gongkai_app::{Actor, App};

use super::people;

pub struct Cast<'a> {
    /// 青石镇's disclosure officer (a demo user).
    pub qingshi: &'a Actor,
    /// 柳湾乡's.
    pub liuwan: &'a Actor,
}

fn month_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = d.with_day(1).expect("day 1");
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .expect("a month");
    (first, last)
}

/// Rows of a list of people: (headers, one row per person).
fn people_rows(
    headers: &[&str],
    n: usize,
    from: usize,
    cell: impl Fn(usize, &str) -> String,
) -> String {
    let mut out = headers.join("\t");
    for i in 0..n {
        out.push('\n');
        let row: Vec<String> = headers.iter().map(|h| cell(from + i, h)).collect();
        out.push_str(&row.join("\t"));
    }
    out
}

fn person_cell(i: usize, h: &str, amount: i64) -> String {
    match h {
        "序号" => String::new(),
        "户主姓名" | "姓名" => people::name(i),
        "身份证号码" => people::id_of(i),
        "银行账号" => people::card_of(i),
        "联系电话" => people::mobile_of(i),
        "家庭人口" => (1 + i % 4).to_string(),
        "面积（亩）" => format!("{}.{}", 2 + i % 7, i % 10),
        "风险类型" => ["因病", "因学", "因灾", "务工就业不稳"][i % 4].into(),
        "帮扶措施" => ["医疗救助", "教育资助", "产业帮扶", "就业帮扶"][i % 4].into(),
        "年龄" => (80 + i % 15).to_string(),
        _ => format!("{}.00", amount + (i as i64 % 3) * 50),
    }
}

/// Enters a list, masks every piece of personal data in it, and (unless `draft`)
/// publishes it.
async fn list(app: &App, who: &Actor, input: VillageListInput, draft: bool) -> Result<i64> {
    let title = input.title.clone();
    let id = app
        .create_village_list(who, &input, None)
        .await
        .with_context(|| format!("示例名单“{title}”"))?;
    if draft {
        return Ok(id);
    }
    let review = app.village_list_view(who, id).await?.review;
    let mask = PiiDecisionInput::mask_all(&review);
    if !mask.is_empty() {
        app.decide_pii(who, &PiiSubject::VillageList(id), &mask)
            .await?;
    }
    app.publish_village_list(who, id).await?;
    Ok(id)
}

fn input(
    village: &str,
    kind: &str,
    title: String,
    period: (NaiveDate, NaiveDate),
    committee: &str,
    rows: String,
) -> VillageListInput {
    VillageListInput {
        village: village.into(),
        kind: kind.into(),
        title,
        period_from: period.0.to_string(),
        period_to: period.1.to_string(),
        committee: committee.into(),
        complaint_phone: "0591-22340000".into(),
        notice_days: "5".into(),
        rows,
    }
}

/// Loads the lists; returns how many were published.
pub async fn load(app: &App, cast: &Cast<'_>, today: NaiveDate) -> Result<usize> {
    let this = month_of(today);
    let ym = format!("{}年{}月", today.year(), today.month());
    let q_start = NaiveDate::from_ymd_opt(today.year(), (today.month() - 1) / 3 * 3 + 1, 1)
        .expect("quarter")
        .checked_sub_months(Months::new(3))
        .expect("quarter");
    let quarter = (
        q_start,
        q_start
            .checked_add_months(Months::new(3))
            .and_then(|d| d.pred_opt())
            .expect("quarter"),
    );
    let dl = "东岭村村务监督委员会";
    let mut published = 0;

    let h = [
        "序号",
        "户主姓名",
        "身份证号码",
        "家庭人口",
        "保障金额（元/月）",
        "银行账号",
    ];
    let rows = people_rows(&h, 12, 0, |i, c| match c {
        "序号" => (i + 1).to_string(),
        _ => person_cell(i, c, 620),
    });
    list(
        app,
        cast.qingshi,
        input(
            "dongling",
            "dibao",
            format!("东岭村{ym}最低生活保障对象公示"),
            this,
            dl,
            rows,
        ),
        false,
    )
    .await?;
    published += 1;

    let h = [
        "序号",
        "姓名",
        "身份证号码",
        "面积（亩）",
        "补贴金额（元）",
        "银行账号",
    ];
    let rows = people_rows(&h, 15, 20, |i, c| match c {
        "序号" => (i - 19).to_string(),
        _ => person_cell(i, c, 380),
    });
    list(
        app,
        cast.qingshi,
        input(
            "dongling",
            "subsidy",
            format!("东岭村{}年耕地地力保护补贴发放公示", today.year()),
            this,
            dl,
            rows,
        ),
        false,
    )
    .await?;
    published += 1;

    let rows = format!(
        "日期\t摘要\t收入（元）\t支出（元）\n{}\t村集体土地租金\t36000.00\t\n{}\t村道路灯维修\t\t4850.00\n{}\t上级转移支付（村级组织运转经费）\t50000.00\t\n{}\t村部水电费\t\t1236.40\n{}\t保洁员劳务费\t\t9000.00",
        quarter.0 + chrono::Days::new(4),
        quarter.0 + chrono::Days::new(20),
        quarter.0 + chrono::Days::new(35),
        quarter.0 + chrono::Days::new(50),
        quarter.0 + chrono::Days::new(80),
    );
    list(
        app,
        cast.qingshi,
        input(
            "dongling",
            "finance",
            format!(
                "东岭村{}年第{}季度集体财务收支明细",
                quarter.0.year(),
                quarter.0.month().div_ceil(3)
            ),
            quarter,
            dl,
            rows,
        ),
        false,
    )
    .await?;
    published += 1;

    // Entered, its personal data not yet confirmed: the officer's to finish.
    let h = [
        "序号",
        "姓名",
        "年龄",
        "身份证号码",
        "发放金额（元）",
        "联系电话",
    ];
    let rows = people_rows(&h, 6, 40, |i, c| match c {
        "序号" => (i - 39).to_string(),
        _ => person_cell(i, c, 100),
    });
    list(
        app,
        cast.qingshi,
        input(
            "dongling",
            "elderly",
            format!("东岭村{ym}高龄津贴发放名单"),
            this,
            dl,
            rows,
        ),
        true,
    )
    .await?;

    let qc = "青石村村务监督委员会";
    let h = [
        "序号",
        "姓名",
        "身份证号码",
        "供养方式",
        "供养金额（元/月）",
    ];
    let rows = people_rows(&h, 4, 60, |i, c| match c {
        "序号" => (i - 59).to_string(),
        "供养方式" => {
            if i % 2 == 0 {
                "分散供养".into()
            } else {
                "集中供养".into()
            }
        }
        _ => person_cell(i, c, 1100),
    });
    list(
        app,
        cast.qingshi,
        input(
            "qingshi-cun",
            "tekun",
            format!("青石村{ym}特困人员救助供养对象公示"),
            this,
            qc,
            rows,
        ),
        false,
    )
    .await?;
    published += 1;
    let h = ["序号", "户主姓名", "家庭人口", "风险类型", "帮扶措施"];
    let rows = people_rows(&h, 5, 70, |i, c| match c {
        "序号" => (i - 69).to_string(),
        _ => person_cell(i, c, 0),
    });
    list(
        app,
        cast.qingshi,
        input(
            "qingshi-cun",
            "monitoring",
            format!("青石村{}年防止返贫监测对象公示", today.year()),
            this,
            qc,
            rows,
        ),
        false,
    )
    .await?;
    published += 1;

    let h = ["序号", "姓名", "身份证号码", "救助事由", "救助金额（元）"];
    let rows = people_rows(&h, 3, 80, |i, c| match c {
        "序号" => (i - 79).to_string(),
        "救助事由" => ["火灾", "重病", "意外伤害"][i % 3].into(),
        _ => person_cell(i, c, 2000),
    });
    list(
        app,
        cast.liuwan,
        input(
            "liuwan-cun",
            "linshi",
            format!("柳湾村{ym}临时救助对象公示"),
            this,
            "柳湾村村务监督委员会",
            rows,
        ),
        false,
    )
    .await?;
    published += 1;
    Ok(published)
}
