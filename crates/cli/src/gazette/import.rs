//! `gongkai import gazette FILE.jsonl --org SLUG`: a gazette's back issues since the
//! first, one issue per line, in order (docs/import.md). A line already published with
//! the same e-edition is skipped, so an interrupted import is run again to resume; a
//! line that differs from what was published is reported, never overwritten.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use gongkai_app::gazette::IssueInput;
use gongkai_app::{Actor, App, AttachmentUpload, SystemClock};
use serde::Deserialize;

use crate::DataArgs;
use crate::runtime::open_app;

/// One article of a back issue's contents.
#[derive(Deserialize)]
struct Article {
    section: String,
    title: String,
    #[serde(default)]
    doc_number: String,
    #[serde(default)]
    index_number: String,
    #[serde(default)]
    page: Option<u32>,
    /// The article's text as printed, for search within the gazette.
    #[serde(default)]
    text: String,
}

/// One line of the file.
#[derive(Deserialize)]
struct Line {
    year: i32,
    number: u32,
    total_number: u32,
    published_on: String,
    toc: Vec<Article>,
    /// The e-edition, relative to the file's folder; without it the edition is set
    /// from the contents, as for a new issue.
    #[serde(default)]
    pdf: Option<String>,
}

impl Line {
    fn input(&self) -> IssueInput {
        // The contents travel as the editor's one-line-per-article form, whose reader
        // checks them; "|" inside a field would split it, so it is written full-width.
        let field = |s: &str| s.replace(['|', '｜'], "／").replace('\n', " ");
        IssueInput {
            year: self.year.to_string(),
            number: self.number.to_string(),
            total_number: self.total_number.to_string(),
            published_on: self.published_on.clone(),
            toc: self
                .toc
                .iter()
                .map(|a| {
                    format!(
                        "{}|{}|{}|{}|{}",
                        field(&a.section),
                        field(&a.title),
                        field(&a.doc_number),
                        field(&a.index_number),
                        a.page.map(|p| p.to_string()).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            texts: self.toc.iter().map(|a| a.text.clone()).collect(),
        }
    }
}

pub enum Outcome {
    Published,
    Skipped,
}

/// Publishes one line's issue, or skips it when it is already there unchanged.
pub async fn import_line(app: &App, org: &str, dir: &Path, raw: &str) -> Result<Outcome, String> {
    let line: Line = serde_json::from_str(raw).map_err(|e| format!("不是有效的公报记录：{e}"))?;
    let input = line.input();
    let actor = Actor::cli();
    let pdf = match &line.pdf {
        Some(p) => {
            let path = dir.join(p);
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("无法读取电子版 {}：{e}", path.display()))?;
            Some(AttachmentUpload {
                filename: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "issue.pdf".into()),
                bytes,
            })
        }
        None => None,
    };
    let logged = match app.gazette_issue(org, line.year, line.number).await {
        Ok(issue) => Some(issue.pdf_sha256),
        // Not there yet (or no gazette: publishing says so).
        Err(gongkai_app::AppError::NotFound(_)) => None,
        Err(e) => return Err(e.to_string()),
    };
    if let Some(done) = logged {
        return match &pdf {
            Some(p) if gongkai_app::sha256_hex_bytes(&p.bytes) != done => Err(format!(
                "{}年第{}期已发布，但电子版与本行所给的不同；已发布的公报不能更改",
                line.year, line.number
            )),
            _ => Ok(Outcome::Skipped),
        };
    }
    let published = match pdf {
        Some(pdf) => {
            app.publish_gazette_issue(&actor, org, &input, &pdf, None)
                .await
        }
        None => {
            return gongkai_web::pdf::gazette::publish(app, &actor, org, &input)
                .await
                .map(|_| Outcome::Published)
                .map_err(|e| e.to_string());
        }
    };
    published
        .map(|_| Outcome::Published)
        .map_err(|e| e.to_string())
}

pub async fn run(file: PathBuf, org: String, data: DataArgs) -> Result<ExitCode> {
    let app = open_app(&data, Arc::new(SystemClock)).await?;
    let dir = file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let reader = BufReader::new(
        std::fs::File::open(&file).with_context(|| format!("无法打开 {}", file.display()))?,
    );
    let (mut published, mut skipped, mut failed) = (0, 0, 0);
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match import_line(&app, &org, &dir, &line).await {
            Ok(Outcome::Published) => published += 1,
            Ok(Outcome::Skipped) => skipped += 1,
            Err(e) => {
                failed += 1;
                eprintln!("第{}行：{e}", n + 1);
                // Later issues must follow this one: stop here, fix, and run again.
                break;
            }
        }
    }
    println!("公报导入：新发布{published}期，已存在跳过{skipped}期，失败{failed}行");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
