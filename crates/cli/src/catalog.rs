//! `gongkai import catalog FILE.xlsx --org SLUG` and `gongkai export catalog --org SLUG`:
//! standard catalogs as county tables, for bulk work from the console.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use gongkai_app::catalog_xlsx;
use gongkai_app::{Actor, AreaMapping, AreaStatus, ImportPreview, SystemClock};

use crate::DataArgs;
use crate::runtime::open_app;

/// Prints what a table holds: the tables found, each area with its items and the time
/// limits understood, problems, warnings and rows that are not items.
fn print_preview(p: &ImportPreview) {
    for t in &p.tables {
        println!(
            "表格\t{}\t第{}行表头\t{}",
            t.sheet,
            t.header_row,
            t.area.describe()
        );
    }
    for a in &p.areas {
        let to = match &a.status {
            AreaStatus::Known => "已有领域".to_owned(),
            AreaStatus::Mapped(d) => format!("对应到{d}"),
            AreaStatus::Added => "新增领域".to_owned(),
            AreaStatus::Undecided => "未确定".to_owned(),
            AreaStatus::BadMapping(d) => format!("“{d}”不是本平台领域"),
        };
        println!(
            "领域\t{}\t{to}\t{}项\t时限可核查{}项",
            a.name, a.items, a.understood
        );
        for (item, t) in &a.not_understood {
            println!("  无法自动核查\t{item}\t{}", t.replace('\n', " / "));
        }
    }
    for w in &p.warnings {
        eprintln!("提示：{w}");
    }
    for s in &p.skipped {
        eprintln!("跳过：{s}");
    }
    for e in &p.errors {
        eprintln!("问题：{e}");
    }
}

/// Imports the tables of `file` into the catalogs of `org`, or with `dry_run` only
/// previews them; prints each domain's new version, or the preview and what stands in
/// the way (exit code 2, nothing saved).
pub async fn import(
    file: &Path,
    org: &str,
    mapping: &AreaMapping,
    dry_run: bool,
    data: &DataArgs,
) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("无法读取 {}", file.display()))?;
    let app = open_app(data, Arc::new(SystemClock)).await?;
    let tree = app.org_tree().await?;
    let org_id = tree
        .by_slug(org)
        .with_context(|| format!("机构“{org}”不存在"))?
        .id;
    let cli = Actor::cli();
    if dry_run {
        let p = app
            .preview_catalog_import(&cli, org_id, &bytes, mapping)
            .await?;
        print_preview(&p);
        return Ok(if p.ready() {
            println!("共{}项，可以导入（未保存，去掉 --dry-run 即导入）", p.items);
            ExitCode::SUCCESS
        } else {
            if let Some(todo) = p.what_to_do() {
                eprintln!("{todo}：用 --map-area 表中领域=平台领域，或 --add-areas");
            }
            ExitCode::from(2)
        });
    }
    match app.import_catalog(&cli, org_id, &bytes, mapping).await? {
        Ok(done) => {
            for d in done {
                println!("{}\t第{}版\t{}项", d.domain, d.version, d.items);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(p) => {
            print_preview(&p);
            if let Some(todo) = p.what_to_do() {
                eprintln!("{todo}：用 --map-area 表中领域=平台领域，或 --add-areas");
            }
            eprintln!("未导入任何内容");
            Ok(ExitCode::from(2))
        }
    }
}

/// Writes the catalogs of `org` (one domain, or all) as .xlsx, or CSV when `out` ends
/// in .csv; the current version unless `published` asks for the published one.
pub async fn export(
    org: &str,
    domain: Option<&str>,
    out: &PathBuf,
    published: bool,
    data: &DataArgs,
) -> Result<ExitCode> {
    let app = open_app(data, Arc::new(SystemClock)).await?;
    let tree = app.org_tree().await?;
    let o = tree
        .by_slug(org)
        .with_context(|| format!("机构“{org}”不存在"))?;
    let cli = Actor::cli();
    let mut items = Vec::new();
    for c in app
        .catalogs_overview(&cli)
        .await?
        .into_iter()
        .filter(|c| c.org_id == o.id)
    {
        if domain.is_some_and(|d| d != c.domain) {
            continue;
        }
        let version = if published {
            match c.published_version {
                Some(v) => Some(v),
                None => continue,
            }
        } else {
            None
        };
        items.extend(app.catalog_items(&cli, c.id, version).await?);
    }
    if items.is_empty() {
        bail!(
            "{}没有{}目录",
            o.name,
            if published { "已发布的" } else { "" }
        );
    }
    let csv = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if csv {
        catalog_xlsx::csv(&items)
    } else {
        catalog_xlsx::write(&o.name, &items).context("表格生成失败")?
    };
    std::fs::write(out, bytes).with_context(|| format!("无法写入 {}", out.display()))?;
    eprintln!("已导出 {} 项到 {}", items.len(), out.display());
    Ok(ExitCode::SUCCESS)
}
