//! `gongkai import documents FILE.jsonl --org SLUG`: bulk import with a field map,
//! a progress bar, batches, resumption and a per-line error report (docs/import.md).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use gongkai_app::{Actor, ImportBatch, ImportRecord, SystemClock};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Map, Value};

use crate::DataArgs;
use crate::runtime::open_app;

#[derive(Subcommand)]
pub enum ImportCmd {
    /// Import published documents from a JSON-lines file.
    Documents {
        file: PathBuf,
        /// Organisation slug for lines without an `org` field.
        #[arg(long)]
        org: String,
        /// Field map: `ours=theirs[+theirs…],…`, e.g. `key=path,written_on=date,body=header+body`.
        #[arg(long, default_value = "")]
        map: String,
        /// Constants for every line: `field=value,…`, e.g. `topic=zhzw,category=a20-01`.
        #[arg(long, default_value = "")]
        set: String,
        /// Lines per transaction.
        #[arg(long, default_value_t = 1000)]
        batch: usize,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Import a gazette's back issues from a JSON-lines file, one issue per line in
    /// order; run again to resume after an interruption.
    Gazette {
        file: PathBuf,
        /// The organisation whose gazette these are.
        #[arg(long)]
        org: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Import a standard catalog table (.xlsx) as counties and townships publish them.
    Catalog {
        file: PathBuf,
        /// The organisation whose catalogs these are.
        #[arg(long)]
        org: String,
        /// Only show what the table holds (areas, items, time limits); save nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import an area of the table into a domain: `--map-area 就业=就业创业` (repeatable).
        #[arg(long = "map-area", value_name = "AREA=DOMAIN")]
        map_area: Vec<String>,
        /// Add the table's other areas that are not domains as the deployment's own.
        #[arg(long)]
        add_areas: bool,
        #[command(flatten)]
        data: DataArgs,
    },
}

const FIELDS: [&str; 12] = [
    "key",
    "title",
    "written_on",
    "published_on",
    "doc_number",
    "topic",
    "category",
    "column",
    "summary",
    "body",
    "validity",
    "org",
];

/// How one line becomes an [`ImportRecord`].
pub struct FieldMap {
    sources: Vec<(&'static str, Vec<String>)>,
    constants: Vec<(&'static str, String)>,
}

fn field_name(s: &str) -> Result<&'static str> {
    FIELDS
        .iter()
        .find(|f| **f == s.trim())
        .copied()
        .with_context(|| format!("未知字段“{}”，可用：{}", s.trim(), FIELDS.join("、")))
}

impl FieldMap {
    pub fn parse(map: &str, set: &str) -> Result<Self> {
        let mut sources: Vec<(&'static str, Vec<String>)> =
            FIELDS.iter().map(|f| (*f, vec![(*f).to_owned()])).collect();
        for pair in map.split(',').filter(|p| !p.trim().is_empty()) {
            let (ours, theirs) = pair
                .split_once('=')
                .with_context(|| format!("--map 的“{pair}”应写作 字段=来源字段"))?;
            let ours = field_name(ours)?;
            let parts: Vec<String> = theirs
                .split('+')
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect();
            if parts.is_empty() {
                bail!("--map 的“{pair}”缺少来源字段");
            }
            if let Some(s) = sources.iter_mut().find(|(f, _)| *f == ours) {
                s.1 = parts;
            }
        }
        let mut constants = Vec::new();
        for pair in set.split(',').filter(|p| !p.trim().is_empty()) {
            let (ours, value) = pair
                .split_once('=')
                .with_context(|| format!("--set 的“{pair}”应写作 字段=值"))?;
            constants.push((field_name(ours)?, value.trim().to_owned()));
        }
        Ok(Self { sources, constants })
    }

    /// The record of one JSON line, or why it cannot be read.
    pub fn apply(&self, line: &str) -> Result<ImportRecord, String> {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("不是有效的 JSON：{e}"))?;
        let obj: &Map<String, Value> = v.as_object().ok_or("每行应为一个 JSON 对象")?;
        let mut rec = Map::new();
        for (ours, theirs) in &self.sources {
            let parts: Vec<String> = theirs
                .iter()
                .filter_map(|t| match obj.get(t) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Null) | None => None,
                    Some(other) => Some(other.to_string()),
                })
                .filter(|s| !s.is_empty())
                .collect();
            if !parts.is_empty() {
                rec.insert((*ours).to_owned(), Value::String(parts.join("\n\n")));
            }
        }
        for (ours, value) in &self.constants {
            rec.insert((*ours).to_owned(), Value::String(value.clone()));
        }
        serde_json::from_value(Value::Object(rec)).map_err(|e| e.to_string())
    }
}

/// Identifies a file for resumption: the organisation, the size and the first MiB.
/// A file that grows gets a new identity and is re-read; its keys make that harmless.
fn file_id(path: &Path, org: &str) -> Result<String> {
    let mut f =
        std::fs::File::open(path).with_context(|| format!("无法打开 {}", path.display()))?;
    let len = f.metadata()?.len();
    let mut head = vec![0u8; 1 << 20];
    let n = f.read(&mut head)?;
    head.truncate(n);
    Ok(gongkai_app::sha256_hex(&format!(
        "{org}|{len}|{}",
        String::from_utf8_lossy(&head)
    )))
}

fn count_lines(path: &Path) -> Result<u64> {
    let mut r = BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    let mut n = 0u64;
    let mut buf = Vec::new();
    while r.read_until(b'\n', &mut buf)? > 0 {
        n += 1;
        buf.clear();
    }
    Ok(n)
}

pub async fn run(cmd: ImportCmd) -> Result<ExitCode> {
    let (file, org, map, set, batch, data) = match cmd {
        ImportCmd::Documents {
            file,
            org,
            map,
            set,
            batch,
            data,
        } => (file, org, map, set, batch, data),
        ImportCmd::Gazette { file, org, data } => {
            return crate::gazette::import::run(file, org, data).await;
        }
        ImportCmd::Catalog {
            file,
            org,
            dry_run,
            map_area,
            add_areas,
            data,
        } => {
            let mapping = gongkai_app::AreaMapping::from_pairs(&map_area, add_areas)
                .map_err(|e| anyhow::anyhow!(e.message))?;
            return crate::catalog::import(&file, &org, &mapping, dry_run, &data).await;
        }
    };
    let fields = FieldMap::parse(&map, &set)?;
    let app = open_app(&data, Arc::new(SystemClock)).await?;
    let tree = app.org_tree().await?;
    let default_org = tree
        .by_slug(&org)
        .with_context(|| format!("机构“{org}”不存在"))?
        .id;
    let id = file_id(&file, &org)?;
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let done = app.import_progress(&id).await? as u64;
    let total = count_lines(&file)?;
    if done > 0 {
        eprintln!("继续上次导入：已完成 {done}/{total} 行");
    }

    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} 行 {per_sec} 预计剩余 {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_position(done);
    let actor = Actor::cli();
    let started = Instant::now();
    let (mut imported, mut skipped) = (0usize, 0usize);
    let mut errors: Vec<(u64, String)> = Vec::new();
    let reader = BufReader::with_capacity(1 << 20, std::fs::File::open(&file)?);
    let mut lines = Vec::with_capacity(batch.max(1));
    let mut line_no = 0u64;
    let mut pending = reader.lines();
    // Lines up to here are committed (with the file's progress, in the same transaction).
    let mut flushed = done;
    let mut eof = false;
    while !eof {
        match pending.next() {
            Some(l) => {
                line_no += 1;
                let l = l.with_context(|| format!("第{line_no}行无法读取（应为 UTF-8 文本）"))?;
                if line_no <= done {
                    continue;
                }
                if !l.trim().is_empty() {
                    lines.push((line_no, fields.apply(&l)));
                }
                if lines.len() < batch.max(1) {
                    continue;
                }
            }
            None => eof = true,
        }
        if line_no <= flushed {
            continue;
        }
        let report = app
            .import_batch(
                &actor,
                ImportBatch {
                    source: &source,
                    progress: Some((&id, line_no as i64)),
                    default_org,
                    lines: std::mem::take(&mut lines),
                },
            )
            .await?;
        flushed = line_no;
        imported += report.imported;
        skipped += report.skipped;
        errors.extend(report.errors);
        bar.set_position(line_no);
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "导入完成：新增 {imported} 件，已存在跳过 {skipped} 件，出错 {} 行；用时 {secs:.1} 秒（{:.0} 件/秒）",
        errors.len(),
        imported as f64 / secs.max(0.001)
    );
    if errors.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let report_path = data.data.join(format!(
        "import-errors-{}.tsv",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    ));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&report_path)?);
    writeln!(out, "行号\t原因")?;
    for (line, why) in &errors {
        writeln!(out, "{line}\t{}", why.replace(['\t', '\n'], " "))?;
    }
    out.flush()?;
    for (line, why) in errors.iter().take(20) {
        eprintln!("第{line}行：{why}");
    }
    if errors.len() > 20 {
        eprintln!(
            "……其余 {} 行见 {}",
            errors.len() - 20,
            report_path.display()
        );
    } else {
        eprintln!("出错行已写入 {}", report_path.display());
    }
    Ok(ExitCode::from(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_join_and_constants() {
        let m = FieldMap::parse(
            "key=path,written_on=date,body=header+body",
            "topic=zhzw, category=a20-01",
        )
        .unwrap();
        let r = m
            .apply(r##"{"path": "a/b.md", "title": "某条例", "date": "2020-05-14", "header": "# 某条例", "body": "第一条", "extra": 1}"##)
            .unwrap();
        assert_eq!(
            (r.key.as_str(), r.written_on.as_str(), r.topic.as_str()),
            ("a/b.md", "2020-05-14", "zhzw")
        );
        assert_eq!(r.body, "# 某条例\n\n第一条");
        assert_eq!(r.category, "a20-01");
        assert!(m.apply("[1,2]").unwrap_err().contains("JSON 对象"));
        assert!(
            m.apply("{not json")
                .unwrap_err()
                .contains("不是有效的 JSON")
        );
        assert!(FieldMap::parse("nosuch=x", "").is_err());
        assert!(FieldMap::parse("title", "").is_err());
    }
}
