//! `gongkai open-data`: make the 开放数据 files now (the worker makes them on its own
//! after a change, at most every ten minutes) and print the manifest, for an operator
//! after an import and for the benchmark.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use clap::Args;
use gongkai_app::SystemClock;
use serde_json::json;

use crate::DataArgs;
use crate::runtime::open_app;

#[derive(Args)]
pub struct OpenDataArgs {
    /// Make the files even when nothing has changed since they were made.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    data: DataArgs,
}

pub async fn run(a: OpenDataArgs) -> Result<ExitCode> {
    let app = open_app(&a.data, Arc::new(SystemClock)).await?;
    let started = Instant::now();
    let made = app.refresh_open_data(a.force).await?;
    let seconds = started.elapsed().as_secs_f64();
    let datasets: Vec<_> = app
        .open_datasets()
        .await?
        .into_iter()
        .map(|d| {
            json!({
                "name": d.dataset.file(),
                "count": d.count,
                "size": d.size,
                "sha256": d.sha256,
                "generated_at": d.generated_at,
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({
            "made": made,
            "seconds": seconds,
            "datasets": datasets,
        }))?
    );
    Ok(ExitCode::SUCCESS)
}
