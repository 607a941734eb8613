//! `gongkai pii scan FILE`: the personal data a text, CSV or .xlsx file holds, each
//! with where it is and how it would be published masked, before anyone publishes it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum PiiCmd {
    /// Report personal data in a file (.txt, .csv, .xlsx): one line per detection,
    /// "place<TAB>kind<TAB>masked"; exits 1 when anything is found, 2 when something
    /// needs a person's look (an identity number whose check character is wrong).
    Scan { file: PathBuf },
}

pub fn run(cmd: PiiCmd) -> Result<ExitCode> {
    let PiiCmd::Scan { file } = cmd;
    let bytes = std::fs::read(&file).with_context(|| format!("无法读取 {}", file.display()))?;
    let name = file.display().to_string();
    let found = gongkai_app::pii_scan::scan_file(&name, &bytes).map_err(anyhow::Error::msg)?;
    println!("位置\t类别\t遮盖后");
    for d in &found {
        println!("{}\t{}\t{}", d.place, d.kind.label(), d.masked);
    }
    let suspicious = found.iter().filter(|d| d.kind.suspicious()).count();
    eprintln!(
        "共发现{}处个人信息{}",
        found.len(),
        if suspicious > 0 {
            format!("，其中{suspicious}处疑似身份证号码校验位不符，请人工核对")
        } else {
            String::new()
        }
    );
    Ok(match (found.is_empty(), suspicious) {
        (true, _) => ExitCode::SUCCESS,
        (false, 0) => ExitCode::from(1),
        _ => ExitCode::from(2),
    })
}
