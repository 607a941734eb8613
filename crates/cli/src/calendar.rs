//! `gongkai calendar …`: working-day checks for staff and scripts, and loading a new
//! year's holiday notice without a new release.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::Subcommand;
use gongkai_app::{Actor, SystemClock};
use gongkai_domain::calendar::{WorkCalendar, YearSchedule};

use crate::DataArgs;
use crate::runtime::{database_exists, open_app};

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// Prints `DATE true|false` per date; `-` reads dates from stdin, one per line.
    IsWorkday {
        #[arg(required = true)]
        dates: Vec<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Prints the date N working days after DATE (the day itself not counted); `-` reads DATE from stdin.
    AddWorkdays {
        date: String,
        n: u32,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Lists the years in use with their source notices.
    List {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Loads a year: the State Council's holiday notice as published (plain text, read
    /// and shown before loading), Gongkai's JSON format, or a holiday-cn year file.
    Load {
        file: std::path::PathBuf,
        /// For a notice: its address on www.gov.cn, recorded with the year.
        #[arg(long, default_value = "")]
        url: String,
        /// Show what the file gives without loading it.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        data: DataArgs,
    },
}

/// The built-in years plus any loaded into the database, without creating a database
/// just to answer a question.
async fn calendar(data: &DataArgs) -> Result<Arc<WorkCalendar>> {
    if database_exists(data) {
        Ok(open_app(data, Arc::new(SystemClock)).await?.calendar())
    } else {
        Ok(Arc::new(WorkCalendar::builtin()))
    }
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    Ok(gongkai_domain::china_time::parse_date("date", "日期", s)?)
}

/// The arguments, or stdin's lines where an argument is `-`.
fn inputs(args: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            for line in std::io::stdin().lock().lines() {
                let line = line?;
                if !line.trim().is_empty() {
                    out.push(line.trim().to_owned());
                }
            }
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

fn warn_provisional(cal: &WorkCalendar, dates: &[NaiveDate]) {
    let mut years: Vec<i32> = dates
        .iter()
        .map(chrono::Datelike::year)
        .filter(|y| !cal.has_year(*y))
        .collect();
    years.sort_unstable();
    years.dedup();
    for y in years {
        eprintln!(
            "注意：尚未载入{y}年节假日安排，该年仅按周末计算休息日（可用 gongkai calendar load 载入）"
        );
    }
}

pub async fn run(cmd: CalendarCmd) -> Result<ExitCode> {
    match cmd {
        CalendarCmd::IsWorkday { dates, data } => {
            let cal = calendar(&data).await?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let mut bad = 0;
            let mut seen = Vec::new();
            for s in inputs(&dates)? {
                match parse_date(&s) {
                    Ok(d) => {
                        writeln!(out, "{d} {}", cal.is_workday(d))?;
                        seen.push(d);
                    }
                    Err(e) => {
                        bad += 1;
                        eprintln!("{e}");
                    }
                }
            }
            out.flush()?;
            warn_provisional(&cal, &seen);
            Ok(if bad == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        CalendarCmd::AddWorkdays { date, n, data } => {
            let cal = calendar(&data).await?;
            let date = if date == "-" {
                inputs(&["-".into()])?
                    .into_iter()
                    .next()
                    .context("标准输入中没有日期")?
            } else {
                date
            };
            let d = parse_date(&date)?;
            let r = cal.add_workdays(d, n);
            println!("{}", r.date);
            if r.provisional {
                warn_provisional(&cal, &[d, r.date]);
            }
            Ok(ExitCode::SUCCESS)
        }
        CalendarCmd::List { data } => {
            let cal = calendar(&data).await?;
            for s in cal.schedules() {
                let notices: Vec<String> = s
                    .notices
                    .iter()
                    .map(|n| {
                        format!("{} {} {}", n.number, n.title, n.url)
                            .trim()
                            .to_owned()
                    })
                    .collect();
                println!(
                    "{}\t{}天特殊安排\t{}",
                    s.year,
                    s.days.len(),
                    notices.join("；")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        CalendarCmd::Load {
            file,
            url,
            dry_run,
            data,
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("无法读取 {}", file.display()))?;
            let app = open_app(&data, Arc::new(SystemClock)).await?;
            let schedule = match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(value) if value.get("papers").is_some() => YearSchedule::from_holiday_cn(&text)?,
                Ok(value) if value.get("notices").is_some() || value.get("days").is_some() => {
                    YearSchedule::from_json(&text)?
                }
                Ok(_) => bail!(
                    "无法识别的格式：应为国务院办公厅节假日安排通知全文、Gongkai 年度安排（含 notices、days）或 holiday-cn 年度文件（含 papers、days）"
                ),
                // Not JSON: the notice as published.
                Err(_) => app.read_holiday_notice(&text, &url)?.schedule,
            };
            for d in &schedule.days {
                let kind = match d.kind {
                    gongkai_domain::calendar::DayKind::Holiday => "放假",
                    gongkai_domain::calendar::DayKind::MakeUpWorkday => "上班",
                };
                println!("{}\t{}\t{}", d.date, kind, d.name);
            }
            let year = schedule.year;
            let days = schedule.days.len();
            if dry_run {
                println!("{year}年：{days}天特殊安排（未载入，去掉 --dry-run 即载入）");
            } else {
                app.load_calendar_year(&Actor::cli(), schedule).await?;
                println!("已载入{year}年节假日安排（{days}天特殊安排）");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
