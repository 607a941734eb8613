//! `gongkai docnum normalize`: bulk-checks document numbers from stdin.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use gongkai_domain::docnum::DocNumber;

#[derive(Subcommand)]
pub enum DocnumCmd {
    /// Reads one number per line; writes TSV: input, normalised, code, year, serial, error.
    Normalize,
}

/// Tabs and newlines inside a field would break the TSV; they cannot be part of a number.
fn field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

pub fn run(cmd: DocnumCmd) -> Result<ExitCode> {
    let DocnumCmd::Normalize = cmd;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let input = line.trim_end_matches('\r');
        match DocNumber::parse(input) {
            Ok(n) => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t",
                field(input),
                n.normalized(),
                n.code(),
                n.year().map(|y| y.to_string()).unwrap_or_default(),
                n.serial()
            )?,
            Err(e) => writeln!(out, "{}\t\t\t\t\t{e}", field(input))?,
        }
    }
    out.flush()?;
    // Unparseable numbers are data (the error column), not a failure of the command.
    Ok(ExitCode::SUCCESS)
}
