//! `gongkai blobs migrate`: moves a deployment's attachment files from its data
//! directory into PostgreSQL, so that several nodes serve them. Resumable (files
//! already moved are skipped), each verified by its hash against its record and read
//! back; a file whose content does not match its record is reported and left.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use gongkai_app::{Moved, SystemClock};

use crate::DataArgs;

#[derive(Subcommand)]
pub enum BlobsCmd {
    /// Move the attachment files of DATA/attachments (or --from DIR) into the
    /// PostgreSQL database given by --database.
    Migrate {
        #[command(flatten)]
        data: DataArgs,
        /// The directory holding the files (by default DATA/attachments).
        #[arg(long)]
        from: Option<PathBuf>,
    },
}

pub async fn run(cmd: BlobsCmd) -> Result<ExitCode> {
    let BlobsCmd::Migrate { data, from } = cmd;
    let dir = from.unwrap_or_else(|| data.data.join("attachments"));
    if !data
        .database
        .as_deref()
        .is_some_and(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
    {
        bail!("文件只在 PostgreSQL 部署中存入数据库：请用 --database postgres://… 指明数据库");
    }
    let app = crate::runtime::open_app(&data, std::sync::Arc::new(SystemClock)).await?;
    let (mut copied, mut there, mut bad) = (0u64, 0u64, 0u64);
    let shards = std::fs::read_dir(&dir).with_context(|| format!("无法读取 {}", dir.display()))?;
    for shard in shards {
        let shard = shard?.path();
        if !shard.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&shard)? {
            let path = file?.path();
            let Some(key) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            // A write interrupted before its rename is not a file of record.
            if key.ends_with(".part") || !path.is_file() {
                continue;
            }
            let bytes =
                std::fs::read(&path).with_context(|| format!("无法读取 {}", path.display()))?;
            match app.move_blob_to_database(&key, &bytes).await? {
                Moved::Copied => copied += 1,
                Moved::AlreadyThere => there += 1,
                Moved::HashMismatch { recorded, actual } => {
                    bad += 1;
                    eprintln!("{key}：内容散列 {actual} 与记录 {recorded} 不符，未迁移");
                }
            }
        }
    }
    println!("已迁移{copied}个文件，{there}个此前已迁移，{bad}个散列不符未迁移");
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
