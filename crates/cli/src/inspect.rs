//! `gongkai inspect`: the self-inspection from the console, for a supervising office's
//! scripts (JSON) or a quick look (text).

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::Args;
use gongkai_app::{Actor, SystemClock};
use serde_json::json;

use crate::DataArgs;
use crate::runtime::open_app;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Args)]
pub struct InspectArgs {
    /// The organisation inspected, with every unit under it (its slug, e.g. yunxi).
    #[arg(long)]
    org: String,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    data: DataArgs,
}

pub async fn run(a: InspectArgs) -> Result<ExitCode> {
    let app = open_app(&a.data, Arc::new(SystemClock)).await?;
    let actor = Actor::cli();
    app.inspected_org(&actor, &a.org).await?;
    let walk = gongkai_web::crawl::walk(&app, &a.org).await?;
    let run = app.inspect(&actor, &a.org, &walk.broken).await?;
    match a.format {
        Format::Json => {
            let findings: Vec<_> = run
                .units
                .iter()
                .flat_map(|u| {
                    u.findings.iter().map(|f| {
                        json!({
                            "org": u.org.slug,
                            "rule": f.rule,
                            "veto": f.veto,
                            "page": f.page,
                            "detail": f.detail,
                        })
                    })
                })
                .collect();
            let scores: Vec<_> = run
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    json!({
                        "rank": i + 1,
                        "org": u.org.slug,
                        "name": u.org.name,
                        "points": u.score.points,
                        "vetoed": u.score.vetoed,
                        "lost": u.score.lost.iter().map(|(r, p)| json!({ "rule": r, "points": p })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({
                    "org": run.root.slug,
                    "date": run.on,
                    "findings": findings,
                    "scores": scores,
                    "links": {
                        "pages": walk.fetched,
                        "truncated": walk.truncated,
                        "external": walk.external.iter().map(|(page, url)| json!({ "page": page, "url": url })).collect::<Vec<_>>(),
                    },
                }))?
            );
        }
        Format::Text => {
            println!(
                "{} 网站检查（{}），检查链接{}个{}",
                run.root.name,
                run.on,
                walk.fetched,
                if walk.truncated {
                    "（已达上限，未查完）"
                } else {
                    ""
                }
            );
            for (i, u) in run.units.iter().enumerate() {
                let verdict = if u.score.vetoed {
                    "单项否决"
                } else {
                    "合格"
                };
                println!(
                    "\n{}. {}  {}分  {verdict}",
                    i + 1,
                    u.org.name,
                    u.score.points
                );
                for f in &u.findings {
                    let mark = if f.veto { "【否决】" } else { "" };
                    println!("   {mark}{}：{}  {}", f.rule.label(), f.detail, f.page);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
