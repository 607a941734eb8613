//! `gongkai org …`: the organisation tree.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, bail};
use clap::Subcommand;
use gongkai_app::{Actor, RawOrg, SystemClock};

use crate::DataArgs;
use crate::runtime::open_app;

#[derive(Subcommand)]
pub enum OrgCmd {
    /// List organisations as a tree.
    List {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Add an organisation.
    Add {
        /// Parent's slug; omit for a top-level organisation.
        #[arg(long)]
        parent: Option<String>,
        /// province, city, county, township, village, department
        #[arg(long)]
        level: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        slug: String,
        /// Code at the head of the organisation's 索引号 (统一社会信用代码).
        #[arg(long)]
        index_code: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

pub async fn run(cmd: OrgCmd) -> Result<ExitCode> {
    match cmd {
        OrgCmd::List { data } => {
            let app = open_app(&data, Arc::new(SystemClock)).await?;
            let tree = app.org_tree().await?;
            let mut stack: Vec<i64> = tree.roots().iter().rev().map(|o| o.id).collect();
            while let Some(id) = stack.pop() {
                let Some(o) = tree.get(id) else { continue };
                println!(
                    "{}{}\t{}\t{}\t{}",
                    "  ".repeat(tree.depth(id)),
                    o.name,
                    o.slug,
                    o.level,
                    o.index_code
                );
                stack.extend(tree.children(id).iter().rev().map(|c| c.id));
            }
        }
        OrgCmd::Add {
            parent,
            level,
            name,
            slug,
            index_code,
            data,
        } => {
            let app = open_app(&data, Arc::new(SystemClock)).await?;
            let parent_id = match parent {
                None => None,
                Some(p) => match app.org_tree().await?.by_slug(&p) {
                    Some(o) => Some(o.id),
                    None => bail!("上级机构“{p}”不存在"),
                },
            };
            let raw = RawOrg {
                level,
                name,
                slug: slug.clone(),
                index_code,
                ..Default::default()
            };
            app.create_org(&Actor::cli(), parent_id, &raw).await?;
            println!("已创建机构 {slug}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
