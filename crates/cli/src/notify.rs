//! `gongkai notify digest`: today's digest, now (cron, or a first try of the settings).

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, bail};
use clap::Subcommand;
use gongkai_app::{App, Mailer, SystemClock};

use crate::runtime::open_app;
use crate::{DataArgs, MailArgs};

#[derive(Subcommand)]
pub enum NotifyCmd {
    /// Send today's digest to everyone who has something due (once per person per day).
    Digest {
        /// Print each person's digest instead of sending it.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        mail: MailArgs,
        #[command(flatten)]
        data: DataArgs,
    },
}

pub async fn run(cmd: NotifyCmd) -> Result<ExitCode> {
    let NotifyCmd::Digest {
        dry_run,
        mail,
        data,
    } = cmd;
    let app = open_app(&data, Arc::new(SystemClock)).await?;
    if dry_run {
        for user in app.digest_recipients().await? {
            let d = app.digest_of(&user).await?;
            if !d.is_empty() {
                println!("== {} <{}>", user.display_name, user.email);
                println!(
                    "{}",
                    d.text(&user.display_name, app.today(), mail.public_url.as_deref())
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(url) = mail.smtp_url.as_deref() else {
        bail!("未配置邮件服务器：请用 --smtp-url 或 GONGKAI_SMTP_URL 指定");
    };
    let mailer = Mailer::new(url, &mail.mail_from)?;
    send(&app, &mailer, mail.public_url.as_deref()).await
}

/// Sends the day's digests and says what happened.
pub async fn send(app: &App, mailer: &Mailer, base: Option<&str>) -> Result<ExitCode> {
    let run = app.send_digests(mailer, base).await?;
    println!(
        "已发送{}封，跳过{}人，失败{}封",
        run.sent.len(),
        run.skipped,
        run.failed.len()
    );
    for (to, why) in &run.failed {
        eprintln!("{to}: {why}");
    }
    Ok(if run.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
