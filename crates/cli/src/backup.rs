//! `gongkai backup` and `gongkai restore`. A SQLite deployment is backed up while it
//! serves: a consistent snapshot of the database (`VACUUM INTO`), then the attachment
//! files, into one .zip with a manifest of every file's SHA-256. A restore goes only
//! into a new or empty data directory, checks every file against the manifest before
//! anything is in place, and rebuilds the search index. PostgreSQL deployments use
//! pg_dump (their files are in the database); `gongkai backup --check` checks that
//! every file the records name is there with its recorded hash, on either backend.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::Args;
use gongkai_app::SystemClock;
use sha2::{Digest, Sha256};

use crate::DataArgs;

#[derive(Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Where to write the backup (.zip). Not needed with --check.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Only check that every file the records name is present with its recorded hash.
    #[arg(long)]
    pub check: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup written by `gongkai backup`.
    #[arg(long)]
    pub from: PathBuf,
    /// The data directory to restore into: new, or empty.
    #[arg(long)]
    pub data: PathBuf,
}

const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "gongkai.db";

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    format: u32,
    created_at: String,
    schema_version: i64,
    /// Path in the archive → SHA-256 of its content.
    files: BTreeMap<String, String>,
}

pub async fn backup(a: BackupArgs) -> Result<ExitCode> {
    let app = crate::runtime::open_app(&a.data, Arc::new(SystemClock)).await?;
    if a.check {
        let (n, problems) = app.check_blobs().await?;
        for p in &problems {
            eprintln!("{p}");
        }
        println!("记录中的文件{n}个，问题{}个", problems.len());
        return Ok(if problems.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let Some(out) = a.out else {
        bail!("请用 --out 指明备份文件，或用 --check 只做一致性检查");
    };
    if app.shares_database() {
        bail!(
            "PostgreSQL 部署的数据和附件都在数据库中：请用 pg_dump 备份（见 docs/production.md §7），再用 gongkai backup --check 核对附件"
        );
    }
    let started = std::time::Instant::now();
    let written = write_backup(&app, &a.data.data, &out).await?;
    println!(
        "备份完成：{}（{}个文件，用时{:.1}秒）",
        out.display(),
        written,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the backup of `app` (whose data directory is `data`) to `out`; returns the
/// number of files in it.
pub async fn write_backup(app: &gongkai_app::App, data: &Path, out: &Path) -> Result<usize> {
    let tmp_dir =
        std::env::temp_dir().join(format!("gongkai-backup-{}", gongkai_app::random_token(6)));
    std::fs::create_dir_all(&tmp_dir)?;
    let snapshot = tmp_dir.join(DATABASE);
    // The database first: every file it names was stored before its record committed,
    // so copying the files afterwards finds them all.
    app.snapshot_database(&snapshot)
        .await
        .context("数据库快照失败")?;
    let schema_version = app.schema_version().await?;
    let partial = out.with_extension("zip.part");
    let result = (|| -> Result<usize> {
        let file = std::fs::File::create(&partial)
            .with_context(|| format!("无法写入 {}", partial.display()))?;
        let mut zip = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        let mut files = BTreeMap::new();
        let db = std::fs::read(&snapshot)?;
        files.insert(DATABASE.to_owned(), sha256(&db));
        zip.start_file(DATABASE, opts)?;
        zip.write_all(&db)?;
        drop(db);
        let attachments = data.join("attachments");
        if attachments.is_dir() {
            for shard in std::fs::read_dir(&attachments)? {
                let shard = shard?.path();
                if !shard.is_dir() {
                    continue;
                }
                for f in std::fs::read_dir(&shard)? {
                    let path = f?.path();
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if name.ends_with(".part") || !path.is_file() {
                        continue;
                    }
                    let rel = path
                        .strip_prefix(data)?
                        .to_string_lossy()
                        .replace('\\', "/");
                    let bytes = std::fs::read(&path)?;
                    files.insert(rel.clone(), sha256(&bytes));
                    zip.start_file(rel, opts)?;
                    zip.write_all(&bytes)?;
                }
            }
        }
        let manifest = Manifest {
            format: 1,
            created_at: chrono::Utc::now().to_rfc3339(),
            schema_version,
            files,
        };
        zip.start_file(MANIFEST, opts)?;
        zip.write_all(serde_json::to_string_pretty(&manifest)?.as_bytes())?;
        zip.finish()?;
        Ok(manifest.files.len())
    })();
    let _ = std::fs::remove_dir_all(&tmp_dir);
    match result {
        Ok(n) => {
            std::fs::rename(&partial, out)?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

pub async fn restore(a: RestoreArgs) -> Result<ExitCode> {
    let n = restore_into(&a.from, &a.data)?;
    // The search index is not in the backup: it is rebuilt from the restored records.
    let d = DataArgs {
        data: a.data.clone(),
        database: None,
    };
    let app = crate::runtime::open_app(&d, Arc::new(SystemClock)).await?;
    let app = crate::runtime::with_search(app, &d).await?;
    let indexed = app.reindex(|_| {}).await?;
    println!(
        "已恢复到 {}：{}个文件，搜索索引重建{}篇文件",
        a.data.display(),
        n,
        indexed
    );
    Ok(ExitCode::SUCCESS)
}

/// Unpacks `from` into `data` (new or empty), every file checked against the manifest
/// first; on any problem nothing is left behind.
pub fn restore_into(from: &Path, data: &Path) -> Result<usize> {
    if data.exists() && std::fs::read_dir(data)?.next().is_some() {
        bail!(
            "{} 不是空目录：恢复只能写入新的或空的数据目录",
            data.display()
        );
    }
    let file = std::fs::File::open(from).with_context(|| format!("无法读取 {}", from.display()))?;
    let mut zip = zip::ZipArchive::new(file)
        .context("备份文件无法读取（不是 gongkai backup 生成的 .zip）")?;
    let manifest: Manifest = {
        let mut m = zip.by_name(MANIFEST).context("备份缺少 manifest.json")?;
        let mut s = String::new();
        m.read_to_string(&mut s)?;
        serde_json::from_str(&s).context("manifest.json 无法识别")?
    };
    if manifest.schema_version > gongkai_store::Store::known_version() {
        bail!(
            "备份的数据库结构版本为{}，比本程序所知的{}新：请用同一或更新版本的 gongkai 恢复",
            manifest.schema_version,
            gongkai_store::Store::known_version()
        );
    }
    let staging = data.with_file_name(format!(
        ".{}.restoring-{}",
        data.file_name().and_then(|n| n.to_str()).unwrap_or("data"),
        gongkai_app::random_token(4)
    ));
    let result = (|| -> Result<usize> {
        for (path, sha) in &manifest.files {
            if path.contains("..") || path.starts_with('/') {
                bail!("备份中的路径 {path} 不安全");
            }
            let mut entry = zip
                .by_name(path)
                .with_context(|| format!("备份缺少 {path}"))?;
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes)?;
            if sha256(&bytes) != *sha {
                bail!("{path} 的内容与备份清单的散列值不符：备份已损坏");
            }
            let target = staging.join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&target, &bytes)?;
        }
        if !staging.join(DATABASE).is_file() {
            bail!("备份中没有数据库");
        }
        Ok(manifest.files.len())
    })();
    match result {
        Ok(n) => {
            if data.exists() {
                std::fs::remove_dir(data)?;
            }
            std::fs::rename(&staging, data)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o700))?;
            }
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use gongkai_app::testing::{raw_doc, raw_org};
    use gongkai_app::{ActionInput, Actor, AttachmentUpload, Via};
    use gongkai_domain::role::Role;
    use gongkai_domain::workflow::Action;

    use super::*;

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("gk-{name}-{}", gongkai_app::random_token(6)))
    }

    /// The drill: writes go on while the backup is taken; everything committed before
    /// it began is in the restored copy, with its attachment, and found by search.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_backup_taken_during_writes_restores_every_committed_record() {
        let data = temp("live");
        let d = DataArgs {
            data: data.clone(),
            database: None,
        };
        let app = crate::runtime::open_app(&d, Arc::new(SystemClock))
            .await
            .unwrap();
        let cli = Actor::cli();
        let county = app
            .create_org(
                &cli,
                None,
                &raw_org("county", "云溪县人民政府", "yunxi", "11350999MB0012345X"),
            )
            .await
            .unwrap();
        let uid = app
            .create_user(&cli, "drafter", "起草人", "correct horse battery", false)
            .await
            .unwrap();
        for role in [
            Role::Drafter,
            Role::Reviewer,
            Role::SecrecyReviewer,
            Role::Approver,
        ] {
            app.grant_role(&cli, uid, county, role).await.unwrap();
        }
        let (u, g) = app.user_by_id(uid).await.unwrap().unwrap();
        let drafter = Actor::user(u, g, "test", Via::Cli);

        // Each committed document's 索引号 with its attachment's bytes.
        type Committed = Vec<(String, Vec<u8>)>;
        let committed: Arc<Mutex<Committed>> = Arc::default();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let (app, drafter, committed, stop) = (
                app.clone(),
                drafter.clone(),
                committed.clone(),
                stop.clone(),
            );
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Acquire) && n < 400 {
                    n += 1;
                    let index = app
                        .create_document(
                            &drafter,
                            county,
                            &raw_doc(&format!("备份演练文件第{n}号"), "", "2026-02-27"),
                            &[],
                        )
                        .await
                        .unwrap();
                    let bytes = format!("%PDF-1.4\n% 第{n}号\n%%EOF\n").into_bytes();
                    app.add_attachment(
                        &drafter,
                        &index,
                        AttachmentUpload {
                            filename: format!("{n}.pdf"),
                            bytes: bytes.clone(),
                        },
                    )
                    .await
                    .unwrap();
                    for action in [
                        Action::Submit,
                        Action::Review,
                        Action::SecrecyClear,
                        Action::Approve,
                    ] {
                        app.act(&drafter, &index, ActionInput::new(action))
                            .await
                            .unwrap();
                    }
                    committed.lock().unwrap().push((index, bytes));
                }
            })
        };
        while committed.lock().unwrap().len() < 20 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let before: Vec<(String, Vec<u8>)> = committed.lock().unwrap().clone();
        let out = temp("backup").with_extension("zip");
        write_backup(&app, &data, &out).await.unwrap();
        stop.store(true, std::sync::atomic::Ordering::Release);
        writer.await.unwrap();
        assert!(
            committed.lock().unwrap().len() > before.len(),
            "writes went on meanwhile"
        );

        // Into a directory that is not empty: refused, nothing changed.
        let busy = temp("busy");
        std::fs::create_dir_all(&busy).unwrap();
        std::fs::write(busy.join("keep.txt"), "x").unwrap();
        assert!(
            restore_into(&out, &busy)
                .unwrap_err()
                .to_string()
                .contains("不是空目录")
        );
        assert_eq!(std::fs::read_dir(&busy).unwrap().count(), 1);

        let restored = temp("restored");
        restore(RestoreArgs {
            from: out.clone(),
            data: restored.clone(),
        })
        .await
        .unwrap();
        let r = DataArgs {
            data: restored.clone(),
            database: None,
        };
        let back = crate::runtime::open_app(&r, Arc::new(SystemClock))
            .await
            .unwrap();
        for (index, bytes) in &before {
            let v = back
                .document_view(&drafter, index)
                .await
                .unwrap_or_else(|e| panic!("{index}: {e}"));
            assert_eq!(v.attachments.len(), 1, "{index}");
            let (_, got) = back
                .staff_attachment(&drafter, v.attachments[0].id)
                .await
                .unwrap();
            assert_eq!(&got, bytes, "{index}");
        }
        let (n, problems) = back.check_blobs().await.unwrap();
        assert!(problems.is_empty() && n >= before.len(), "{problems:?}");
        // The search index was rebuilt from the restored records.
        let back = crate::runtime::with_search(back, &r).await.unwrap();
        back.follow_events().await.unwrap();
        let page = back
            .search(gongkai_search::SearchQuery {
                text: "备份演练".into(),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(
            page.total >= before.len(),
            "search finds every restored document: {}",
            page.total
        );
        for dir in [&data, &busy, &restored] {
            let _ = std::fs::remove_dir_all(dir);
        }
        let _ = std::fs::remove_file(&out);
    }

    #[test]
    fn a_damaged_backup_is_refused_and_leaves_nothing() {
        let out = temp("damaged").with_extension("zip");
        {
            let mut zip = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
            let opts = zip::write::SimpleFileOptions::default();
            zip.start_file(DATABASE, opts).unwrap();
            zip.write_all(b"not what the manifest says").unwrap();
            let mut files = BTreeMap::new();
            files.insert(DATABASE.to_owned(), sha256(b"the original"));
            let m = Manifest {
                format: 1,
                created_at: String::new(),
                schema_version: 1,
                files,
            };
            zip.start_file(MANIFEST, opts).unwrap();
            zip.write_all(serde_json::to_string(&m).unwrap().as_bytes())
                .unwrap();
            zip.finish().unwrap();
        }
        let target = temp("target");
        let e = restore_into(&out, &target).unwrap_err().to_string();
        assert!(e.contains("散列值不符"), "{e}");
        assert!(!target.exists(), "nothing is left behind");
        let _ = std::fs::remove_file(&out);
    }
}
