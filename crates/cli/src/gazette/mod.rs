//! `gongkai gazette`: the log's signing keys, and the audit that recomputes the log.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::Subcommand;
use gongkai_app::SystemClock;
use gongkai_app::gazette::keys::KeyStore;

use crate::DataArgs;

pub mod import;
mod verify;
use crate::runtime::{gazette_keys_dir, open_app};

#[derive(Subcommand)]
pub enum GazetteCmd {
    /// Generate the log's signing keys (SM2 and Ed25519); --rotate replaces them,
    /// keeping the old public keys so old tree heads stay checkable.
    Keygen {
        #[arg(long)]
        rotate: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Start (or rename) an organisation's gazette.
    Start {
        #[arg(long)]
        org: String,
        /// 公报名称, e.g. "某县人民政府公报".
        #[arg(long)]
        title: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Print every public key that ever signed, as JSON.
    Keys {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Check an issue offline: the tree head's signatures under the keys you trust, the
    /// PDF against its leaf, and the leaf's audit path to the head's root. The files
    /// are the API's answers saved as they are (see docs/gazette-verification.md).
    Verify {
        /// The e-edition as downloaded.
        pdf: std::path::PathBuf,
        /// GET /api/v1/gazette/log/sth
        #[arg(long)]
        sth: std::path::PathBuf,
        /// GET /api/v1/gazette/log/proof?leaf_index=…&tree_size=…
        #[arg(long)]
        proof: std::path::PathBuf,
        /// The entry from GET /api/v1/gazette/log/entries ({leaf_index, leaf}).
        #[arg(long)]
        entry: std::path::PathBuf,
        /// GET /api/v1/gazette/keys, obtained from a source you trust.
        #[arg(long)]
        keys: std::path::PathBuf,
    },
    /// Recompute the log from the database: leaf hashes, tree heads, signatures.
    Audit {
        #[command(flatten)]
        data: DataArgs,
    },
}

pub async fn run(cmd: GazetteCmd) -> Result<ExitCode> {
    match cmd {
        GazetteCmd::Keygen { rotate, data } => {
            let store = KeyStore::new(gazette_keys_dir(&data));
            let public = store.generate(rotate).map_err(anyhow::Error::msg)?;
            println!("SM2公钥（04‖x‖y）：{}", public.sm2_public_key);
            println!("Ed25519公钥：{}", public.ed25519_public_key);
            Ok(ExitCode::SUCCESS)
        }
        GazetteCmd::Start { org, title, data } => {
            let app = open_app(&data, Arc::new(SystemClock)).await?;
            app.set_gazette(&gongkai_app::Actor::cli(), &org, &title)
                .await?;
            println!("已开办“{title}”：发布人员在后台“政府公报”页面发布各期");
            Ok(ExitCode::SUCCESS)
        }
        GazetteCmd::Keys { data } => {
            let store = KeyStore::new(gazette_keys_dir(&data));
            let all = store.history().map_err(anyhow::Error::msg)?;
            println!("{}", serde_json::to_string_pretty(&all)?);
            Ok(ExitCode::SUCCESS)
        }
        GazetteCmd::Verify {
            pdf,
            sth,
            proof,
            entry,
            keys,
        } => match verify::run(&pdf, &sth, &proof, &entry, &keys) {
            Ok(lines) => {
                for l in lines {
                    println!("✓ {l}");
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("✗ {e}");
                Ok(ExitCode::from(1))
            }
        },
        GazetteCmd::Audit { data } => {
            let app = open_app(&data, Arc::new(SystemClock)).await?;
            let problems = app.gazette_log_audit().await?;
            let size = app.gazette_tree_head().await?.map_or(0, |h| h.tree_size);
            if problems.is_empty() {
                println!("公报日志完好：{size}条，全部树头签名有效");
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &problems {
                    eprintln!("{p}");
                }
                Ok(ExitCode::from(2))
            }
        }
    }
}
