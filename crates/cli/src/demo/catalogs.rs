//! The demo county's standard catalogs: the county government's reference catalogs for
//! 社会救助 and 征地补偿, imported from a county table, reviewed, published and filed;
//! a township's derived 社会救助 catalog with a reasoned removal and a local addition;
//! another township's catalog still in the making; and published documents tagged with
//! items, so the compliance figures are live.

use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};
use gongkai_app::catalog_xlsx::write;
use gongkai_app::{Actor, App, AreaMapping};
use gongkai_domain::catalog::lifecycle::Action;
use gongkai_domain::catalog::{CatalogItem, RawItem};

/// (domain, 一级事项, 二级事项, 公开内容, 公开时限, 公开主体, channels, audience)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const TWENTY: &str = "信息形成或变更之日起20个工作日内";

const COUNTY: [Row; 8] = [
    (
        "社会救助",
        "最低生活保障",
        "政策文件",
        "低保审核确认办法、保障标准",
        TWENTY,
        "县人民政府、县民政局",
        "政府网站、政务服务中心",
        "全社会",
    ),
    (
        "社会救助",
        "最低生活保障",
        "办事指南",
        "申请条件、申请材料、办理流程、办理时限、咨询电话",
        TWENTY,
        "县民政局",
        "政府网站、政务服务中心、便民服务站",
        "全社会",
    ),
    (
        "社会救助",
        "最低生活保障",
        "审核信息",
        "初审对象名单及相关信息",
        "制定或获取信息之日起10个工作日内，公示7个工作日",
        "乡镇人民政府",
        "社区/企事业单位/村公示栏（电子屏）",
        "特定群体",
    ),
    (
        "社会救助",
        "特困人员救助供养",
        "办事指南",
        "申请条件、申请材料、办理流程",
        TWENTY,
        "县民政局",
        "政府网站、政务服务中心",
        "全社会",
    ),
    (
        "社会救助",
        "临时救助",
        "救助结果",
        "救助对象、救助金额",
        "按季度公开",
        "县民政局、乡镇人民政府",
        "政府网站",
        "全社会",
    ),
    (
        "征地补偿",
        "征地补偿标准",
        "",
        "征收集体土地地上附着物和青苗补偿标准",
        TWENTY,
        "县人民政府",
        "政府网站、公开查阅点",
        "全社会",
    ),
    (
        "征地补偿",
        "征地批复",
        "",
        "征地批复文件、征收范围、补偿标准",
        "实时公开",
        "县自然资源局",
        "政府网站、社区/企事业单位/村公示栏（电子屏）",
        "全社会",
    ),
    (
        "征地补偿",
        "补偿款发放",
        "",
        "补偿对象、补偿金额",
        "制定或获取信息之日起10个工作日内，公示7个工作日",
        "乡镇人民政府",
        "社区/企事业单位/村公示栏（电子屏）",
        "特定群体",
    ),
];

fn item(r: &Row) -> Result<CatalogItem> {
    RawItem {
        domain: r.0.into(),
        first: r.1.into(),
        second: r.2.into(),
        content: r.3.into(),
        basis: "《中华人民共和国政府信息公开条例》".into(),
        time_limit: r.4.into(),
        subject: r.5.into(),
        channels: vec![r.6.into()],
        audience: r.7.into(),
        method: "主动".into(),
        levels: vec!["县级".into(), "乡级".into()],
        ..Default::default()
    }
    .parse_complete(|_| true)
    .map_err(|p| anyhow!("示例目录事项有误：{}", p.join("；")))
}

/// The id of the item named `first` / `second` in a catalog.
async fn item_id(
    app: &App,
    actor: &Actor,
    catalog: i64,
    first: &str,
    second: &str,
) -> Result<String> {
    app.catalog_view(actor, catalog)
        .await?
        .items
        .into_iter()
        .find(|i| i.first == first && i.second == second)
        .map(|i| i.id)
        .with_context(|| format!("示例目录没有事项 {first} {second}"))
}

pub struct Cast<'a> {
    pub officer: &'a Actor,
    pub admin: &'a Actor,
    pub supervisor: &'a Actor,
    pub qingshi: &'a Actor,
    pub liuwan: &'a Actor,
}

/// Loads the catalogs; `docs` maps the county.json document keys to 索引号.
pub async fn load(
    app: &App,
    orgs: &HashMap<String, i64>,
    cast: Cast<'_>,
    docs: &HashMap<String, String>,
) -> Result<()> {
    let county = orgs["county"];
    let items = COUNTY.iter().map(item).collect::<Result<Vec<_>>>()?;
    let imported = app
        .import_catalog(
            cast.officer,
            county,
            &write("云溪县", &items).context("示例目录表格")?,
            &AreaMapping::default(),
        )
        .await?
        .map_err(|p| {
            anyhow!(
                "示例目录导入失败：{}",
                p.errors
                    .iter()
                    .map(|r| r.to_string())
                    .chain(p.what_to_do())
                    .collect::<Vec<_>>()
                    .join("；")
            )
        })?;
    let id = |domain: &str| {
        imported
            .iter()
            .find(|i| i.domain == domain)
            .map(|i| i.catalog_id)
            .context("示例目录")
    };
    let (relief, land) = (id("社会救助")?, id("征地补偿")?);
    for (catalog, file) in [(relief, true), (land, false)] {
        app.catalog_act(cast.officer, catalog, Action::Submit, "")
            .await?;
        app.catalog_act(
            cast.admin,
            catalog,
            Action::Approve,
            "市民政局审核同意（线下）",
        )
        .await?;
        app.catalog_act(cast.officer, catalog, Action::Publish, "")
            .await?;
        if file {
            app.catalog_act(cast.officer, catalog, Action::File, "")
                .await?;
        }
    }
    let tag = |catalog, first: &'static str, second: &'static str, doc: &'static str| async move {
        let item = item_id(app, cast.officer, catalog, first, second).await?;
        match docs.get(doc) {
            Some(index) => app
                .link_catalog_item(cast.officer, catalog, &item, index)
                .await
                .map_err(anyhow::Error::from),
            None => Err(anyhow!("示例文件 {doc} 未定义")),
        }
    };
    tag(relief, "最低生活保障", "政策文件", "dibao-2025").await?;
    tag(relief, "最低生活保障", "政策文件", "dibao-2026").await?;
    tag(land, "征地补偿标准", "", "land-comp-2025").await?;
    tag(land, "征地补偿标准", "", "land-comp-2026").await?;

    // 青石镇 derives 社会救助: no 特困 institution of its own, a local reserve fund.
    let derived = app
        .derive_catalog(cast.qingshi, orgs["qingshi"], relief)
        .await?;
    let special = item_id(app, cast.qingshi, derived, "特困人员救助供养", "办事指南").await?;
    app.remove_catalog_item(
        cast.qingshi,
        derived,
        &special,
        "特困人员救助供养由县民政局统一受理和公开",
    )
    .await?;
    let mut local: Vec<CatalogItem> = items
        .iter()
        .filter(|i| i.domain == "社会救助" && i.first != "特困人员救助供养")
        .cloned()
        .collect();
    let mut reserve = item(&(
        "社会救助",
        "临时救助备用金",
        "使用情况",
        "备用金使用对象、金额",
        "每年1月31日前",
        "青石镇人民政府",
        "政府网站、社区/企事业单位/村公示栏（电子屏）",
        "全社会",
    ))?;
    reserve.levels = [gongkai_domain::catalog::Level::Township].into();
    local.push(reserve);
    app.import_catalog(
        cast.qingshi,
        orgs["qingshi"],
        &write("青石镇", &local)?,
        &AreaMapping::default(),
    )
    .await?
    .map_err(|_| anyhow!("青石镇示例目录导入失败"))?;
    app.catalog_act(cast.qingshi, derived, Action::Submit, "")
        .await?;
    app.catalog_act(cast.supervisor, derived, Action::Approve, "同意")
        .await?;
    app.catalog_act(cast.qingshi, derived, Action::Publish, "")
        .await?;
    // 柳湾乡 is still working on its 征地补偿 catalog.
    app.derive_catalog(cast.liuwan, orgs["liuwan"], land)
        .await?;
    Ok(())
}
