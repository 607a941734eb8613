//! `gongkai site …`: the website's identity (name, 主办单位, record numbers, 联系我们),
//! its emblem, and each organisation's seal.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use gongkai_app::{Actor, SiteImage, SystemClock};
use gongkai_domain::site::RawSiteIdentity;

use crate::DataArgs;
use crate::runtime::open_app;

/// The fields of `site set`; those not given keep their value.
#[derive(Args, Default)]
pub struct IdentityArgs {
    /// 网站名称, e.g. 云溪县人民政府门户网站.
    #[arg(long)]
    name: Option<String>,
    /// 主办单位.
    #[arg(long)]
    sponsor: Option<String>,
    /// 承办单位.
    #[arg(long)]
    operator: Option<String>,
    /// 网站标识码 (10 characters).
    #[arg(long)]
    site_code: Option<String>,
    /// ICP备案号, e.g. 闽ICP备05012345号-1.
    #[arg(long)]
    icp: Option<String>,
    /// 公安机关备案号, e.g. "闽公网安备 35090202000123号".
    #[arg(long)]
    police_record: Option<String>,
    /// 联系我们: postal address.
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    postcode: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
}

impl IdentityArgs {
    fn apply(self, raw: &mut RawSiteIdentity) {
        let pairs = [
            (self.name, &mut raw.name),
            (self.sponsor, &mut raw.sponsor),
            (self.operator, &mut raw.operator),
            (self.site_code, &mut raw.site_code),
            (self.icp, &mut raw.icp),
            (self.police_record, &mut raw.police_record),
            (self.address, &mut raw.address),
            (self.postcode, &mut raw.postcode),
            (self.phone, &mut raw.phone),
            (self.email, &mut raw.email),
        ];
        for (given, field) in pairs {
            if let Some(v) = given {
                *field = v;
            }
        }
    }
}

#[derive(Subcommand)]
pub enum SiteCmd {
    /// Print the site's identity.
    Show {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Set the site's identity; fields not given keep their value.
    Set {
        #[command(flatten)]
        fields: IdentityArgs,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Upload the emblem shown in the header (PNG or JPEG), or remove it.
    Emblem {
        /// The image file.
        #[arg(required_unless_present = "remove")]
        file: Option<PathBuf>,
        #[arg(long, conflicts_with = "file")]
        remove: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Upload an organisation's seal printed on its letters (PNG or JPEG), or remove it.
    Seal {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        #[arg(required_unless_present = "remove")]
        file: Option<PathBuf>,
        #[arg(long, conflicts_with = "file")]
        remove: bool,
        #[command(flatten)]
        data: DataArgs,
    },
}

pub async fn run(cmd: SiteCmd) -> Result<ExitCode> {
    let cli = Actor::cli();
    match cmd {
        SiteCmd::Show { data } => {
            let app = open_app(&data, Arc::new(SystemClock)).await?;
            let site = app.site().await?;
            let raw = RawSiteIdentity::from_identity(&site.identity);
            for (label, v) in [
                ("网站名称", &raw.name),
                ("主办单位", &raw.sponsor),
                ("承办单位", &raw.operator),
                ("网站标识码", &raw.site_code),
                ("ICP备案号", &raw.icp),
                ("公安机关备案号", &raw.police_record),
                ("通信地址", &raw.address),
                ("邮政编码", &raw.postcode),
                ("联系电话", &raw.phone),
                ("电子邮箱", &raw.email),
            ] {
                println!("{label}\t{v}");
            }
            println!(
                "网站标志\t{}",
                if site.emblem.is_some() {
                    "已上传"
                } else {
                    "无"
                }
            );
        }
        SiteCmd::Set { fields, data } => {
            let app = open_app(&data, Arc::new(SystemClock)).await?;
            let mut raw = RawSiteIdentity::from_identity(&app.site().await?.identity);
            fields.apply(&mut raw);
            app.set_site_identity(&cli, &raw).await?;
            println!("网站信息已保存");
        }
        SiteCmd::Emblem { file, remove, data } => {
            image(&data, SiteImage::Emblem, file, remove).await?;
        }
        SiteCmd::Seal {
            org,
            file,
            remove,
            data,
        } => {
            image(&data, SiteImage::Seal(org), file, remove).await?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn image(
    data: &DataArgs,
    which: SiteImage,
    file: Option<PathBuf>,
    remove: bool,
) -> Result<()> {
    let app = open_app(data, Arc::new(SystemClock)).await?;
    let cli = Actor::cli();
    match file {
        Some(path) if !remove => {
            let bytes =
                std::fs::read(&path).with_context(|| format!("无法读取 {}", path.display()))?;
            app.set_site_image(&cli, &which, &bytes).await?;
            println!("图片已上传");
        }
        _ => {
            app.remove_site_image(&cli, &which).await?;
            println!("图片已删除");
        }
    }
    Ok(())
}
