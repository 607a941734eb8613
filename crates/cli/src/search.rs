//! `gongkai search`: search from the console, and, with `--queries`, measure search
//! latency over a query set (bench/) on a real data directory.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use gongkai_app::{App, SystemClock};
use gongkai_search::query::parse_years;
use gongkai_search::{SearchQuery, SortOrder};

use crate::DataArgs;
use crate::runtime::{open_app, with_search};

#[derive(Args)]
pub struct SearchArgs {
    /// What to search for.
    query: Option<String>,
    /// Only this organisation and those below it (slug).
    #[arg(long)]
    org: Option<String>,
    /// Publication year or range: 2020, 2019-2021.
    #[arg(long)]
    year: Option<String>,
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Newest first instead of by relevance.
    #[arg(long)]
    newest: bool,
    /// A query set (kind<TAB>query<TAB>filters per line, see bench/): run every query
    /// `--repeat` times and print latency percentiles.
    #[arg(long)]
    queries: Option<std::path::PathBuf>,
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// With --queries: write each query's top-10 source keys to this JSON file.
    #[arg(long)]
    results: Option<std::path::PathBuf>,
    #[command(flatten)]
    data: DataArgs,
}

fn query_of(
    app_tree: &gongkai_app::OrgTree,
    text: &str,
    filters: &str,
    limit: usize,
    newest: bool,
) -> SearchQuery {
    let mut q = SearchQuery {
        text: text.to_owned(),
        limit,
        order: if newest {
            SortOrder::Newest
        } else {
            SortOrder::Relevance
        },
        ..Default::default()
    };
    for f in filters.split('&').filter(|f| !f.trim().is_empty()) {
        let Some((k, v)) = f.split_once('=') else {
            continue;
        };
        match k.trim() {
            "org" => q.org = app_tree.by_slug(v.trim()).map(|o| o.id),
            "year" => q.years = parse_years(v),
            "category" => q.category = Some(v.trim().to_owned()),
            "validity" => q.validity = Some(v.trim().to_owned()),
            _ => {}
        }
    }
    q
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub async fn run(a: SearchArgs) -> Result<ExitCode> {
    let app = with_search(open_app(&a.data, Arc::new(SystemClock)).await?, &a.data).await?;
    // Bring the index up to date first.
    while app.follow_events().await? > 0 {}
    let tree = app.org_tree().await?;
    if let Some(file) = &a.queries {
        return bench(&app, &tree, file, a.repeat, a.results.as_deref()).await;
    }
    let text = a.query.unwrap_or_default();
    let mut filters = String::new();
    if let Some(o) = &a.org {
        filters.push_str(&format!("org={o}&"));
    }
    if let Some(y) = &a.year {
        filters.push_str(&format!("year={y}"));
    }
    let started = Instant::now();
    let page = app
        .search(query_of(&tree, &text, &filters, a.limit, a.newest))
        .await?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Some(n) = &page.notice {
        eprintln!("{n}");
    }
    println!(
        "共 {} 条{}（{ms:.1} 毫秒）",
        page.total,
        if page.relaxed { "，部分匹配" } else { "" }
    );
    for (i, h) in page.hits.iter().enumerate() {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            i + 1,
            h.doc.index_number,
            h.doc.title,
            h.doc.doc_number.as_deref().unwrap_or(""),
            h.doc
                .published_on
                .map(|d| d.to_string())
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn bench(
    app: &App,
    tree: &gongkai_app::OrgTree,
    file: &std::path::Path,
    repeat: usize,
    results: Option<&std::path::Path>,
) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("无法读取 {}", file.display()))?;
    let mut lines: Vec<(String, String, String)> = Vec::new();
    for l in text.split('\n') {
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() >= 2 {
            lines.push((
                cols[0].to_owned(),
                cols[1].to_owned(),
                cols.get(2).copied().unwrap_or("").to_owned(),
            ));
        }
    }
    let mut all: Vec<f64> = Vec::new();
    let mut by_kind: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut tops: Vec<serde_json::Value> = Vec::new();
    for (kind, q, filters) in &lines {
        let query = query_of(tree, q, filters, 10, false);
        // One warm-up, then timed runs.
        let page = app.search(query.clone()).await?;
        for _ in 0..repeat.max(1) {
            let started = Instant::now();
            app.search(query.clone()).await?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            all.push(ms);
            by_kind.entry(kind.clone()).or_default().push(ms);
        }
        let ids: Vec<i64> = page.hits.iter().map(|h| h.doc.id).collect();
        tops.push(serde_json::json!({ "kind": kind, "query": q, "filters": filters, "total": page.total, "keys": app.source_keys(&ids).await? }));
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "kind\tqueries\tp50_ms\tp95_ms\tp99_ms\tmax_ms")?;
    let mut line = |name: &str, v: &mut Vec<f64>| -> std::io::Result<()> {
        v.sort_by(f64::total_cmp);
        writeln!(
            out,
            "{name}\t{}\t{:.2}\t{:.2}\t{:.2}\t{:.2}",
            v.len() / repeat.max(1),
            percentile(v, 50.0),
            percentile(v, 95.0),
            percentile(v, 99.0),
            v.last().copied().unwrap_or(0.0)
        )
    };
    for (k, v) in by_kind.iter_mut() {
        line(k, v)?;
    }
    line("all", &mut all)?;
    if let Some(path) = results {
        std::fs::write(
            path,
            serde_json::to_string_pretty(&serde_json::json!({ "results": tops }))?,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
