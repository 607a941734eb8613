//! `gongkai import catalog FILE.xlsx --org SLUG` and `gongkai export catalog --org SLUG`:
//! standard catalogs as county tables, for bulk work from the console.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use gongkai_app::catalog_xlsx;
use gongkai_app::{Actor, SystemClock};

use crate::DataArgs;
use crate::runtime::open_app;

/// Imports every sheet of `file` into the catalogs of `org`; prints each domain's new
/// version, or every problem with its sheet and row (exit code 2, nothing saved).
pub async fn import(file: &Path, org: &str, data: &DataArgs) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("无法读取 {}", file.display()))?;
    let app = open_app(data, Arc::new(SystemClock)).await?;
    let tree = app.org_tree().await?;
    let org_id = tree
        .by_slug(org)
        .with_context(|| format!("机构“{org}”不存在"))?
        .id;
    match app.import_catalog(&Actor::cli(), org_id, &bytes).await? {
        Ok(done) => {
            for d in done {
                println!("{}\t第{}版\t{}项", d.domain, d.version, d.items);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(rows) => {
            for r in &rows {
                eprintln!("{r}");
            }
            eprintln!("共{}个问题，未导入任何内容", rows.len());
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
