//! `gongkai`: one binary for the server, the demo and the operator's tasks.

mod backup;
mod blobs;
mod calendar;
mod catalog;
mod demo;
mod docnum;
mod gazette;
mod import;
mod inspect;
mod notify;
mod open_data;
mod orgs;
mod pii;
mod runtime;
mod search;
mod site;
mod users;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "gongkai", version, about = "Gongkai 政务公开平台")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the data lives.
#[derive(Args, Clone)]
pub struct DataArgs {
    /// Data directory: the SQLite database and attachments.
    #[arg(long, default_value = "./gongkai-data", env = "GONGKAI_DATA")]
    pub data: PathBuf,
    /// Database URL: postgres://… for PostgreSQL; default: a SQLite file in the data directory.
    #[arg(long, env = "GONGKAI_DATABASE_URL")]
    pub database: Option<String>,
}

#[derive(Args, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "GONGKAI_LISTEN")]
    pub listen: String,
    /// Log format.
    #[arg(long, value_enum, default_value = "text", env = "GONGKAI_LOG_FORMAT")]
    pub log_format: LogFormat,
    /// Mark session cookies Secure (when served over HTTPS).
    #[arg(long, env = "GONGKAI_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Addresses of the proxies in front (nginx), whose X-Forwarded-For names the
    /// client; repeat or separate with commas. Without it, the TCP peer is the client.
    #[arg(
        long = "trusted-proxy",
        env = "GONGKAI_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// A bearer token that opens /metrics to monitoring on other machines; without it
    /// only this machine, not through a proxy, sees them.
    #[arg(long, env = "GONGKAI_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// This node's name among several (shown in /metrics and the logs, and as the
    /// worker lease holder); the machine's host name and the listening port by default.
    #[arg(long, env = "GONGKAI_NODE")]
    pub node: Option<String>,
    #[command(flatten)]
    pub mail: MailArgs,
}

/// Mail: the SMTP server for the daily digest, and the site's address for its links.
#[derive(Args, Clone, Default)]
pub struct MailArgs {
    /// SMTP server: smtp://host:25, smtp://user:pass@host:587?tls=required (STARTTLS),
    /// smtps://user:pass@host:465. Without it no mail is sent.
    #[arg(long, env = "GONGKAI_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender, e.g. "云溪县政务公开平台 <noreply@yunxi.gov.cn>".
    #[arg(
        long,
        env = "GONGKAI_MAIL_FROM",
        default_value = "政务公开平台 <noreply@localhost>"
    )]
    pub mail_from: String,
    /// The site's public address (https://…), for links in mail.
    #[arg(long, env = "GONGKAI_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The hour (China time) the daily digest goes out on working days.
    #[arg(long, env = "GONGKAI_DIGEST_HOUR", default_value_t = 8, value_parser = clap::value_parser!(u32).range(0..24))]
    pub digest_hour: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server.
    Serve(ServeArgs),
    /// Load the sample county (if the database is empty), print its accounts, and serve it.
    Demo(ServeArgs),
    /// Create the data directory and database, and a first administrator if there is none.
    Init(DataArgs),
    /// Apply database migrations.
    Migrate {
        #[command(flatten)]
        data: DataArgs,
        /// Only list applied migrations.
        #[arg(long)]
        status: bool,
    },
    /// Manage accounts and roles.
    #[command(subcommand)]
    User(users::UserCmd),
    /// Manage organisations.
    #[command(subcommand)]
    Org(orgs::OrgCmd),
    /// The website's identity, emblem and seals.
    #[command(subcommand)]
    Site(site::SiteCmd),
    /// Working days: check dates, add working days, load a year's holiday notice.
    #[command(subcommand)]
    Calendar(calendar::CalendarCmd),
    /// Document numbers (文号).
    #[command(subcommand)]
    Docnum(docnum::DocnumCmd),
    /// Search published documents from the console; with --queries, measure latency.
    Search(search::SearchArgs),
    /// Rebuild this node's search index from the database (stop the server first).
    Reindex(DataArgs),
    /// The gazette log: signing keys and the audit.
    #[command(subcommand)]
    Gazette(gazette::GazetteCmd),
    /// Notifications by mail: send today's digest now.
    #[command(subcommand)]
    Notify(notify::NotifyCmd),
    /// Personal data in a file before it is published.
    #[command(subcommand)]
    Pii(pii::PiiCmd),
    /// Back up a SQLite deployment while it serves (database snapshot and attachment
    /// files in one .zip), or check that every recorded file is present (--check).
    Backup(backup::BackupArgs),
    /// Restore a backup into a new or empty data directory and rebuild its search index.
    Restore(backup::RestoreArgs),
    /// Attachment files: move them into PostgreSQL for several nodes.
    #[command(subcommand)]
    Blobs(blobs::BlobsCmd),
    /// Self-inspection by the 19号 rules: findings and scores of a unit and those under it.
    Inspect(inspect::InspectArgs),
    /// Make the open-data files (开放数据) now and print their manifest.
    OpenData(open_data::OpenDataArgs),
    /// Bulk import (see docs/import.md).
    #[command(subcommand)]
    Import(import::ImportCmd),
    /// Export standard catalogs.
    #[command(subcommand)]
    Export(ExportCmd),
}

#[derive(Subcommand)]
enum ExportCmd {
    /// A organisation's standard catalogs as a county table (.xlsx) or CSV.
    Catalog {
        #[arg(long)]
        org: String,
        /// Only this domain (公开领域).
        #[arg(long)]
        domain: Option<String>,
        /// The file to write; .csv for CSV, otherwise .xlsx.
        #[arg(long)]
        out: std::path::PathBuf,
        /// The published versions rather than the current drafts.
        #[arg(long)]
        published: bool,
        #[command(flatten)]
        data: DataArgs,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("无法启动运行时：{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(async move {
        match cli.command {
            Command::Serve(a) => runtime::serve(a).await,
            Command::Demo(a) => demo::run(a).await,
            Command::Init(d) => runtime::init(d).await,
            Command::Migrate { data, status } => runtime::migrate(data, status).await,
            Command::User(c) => users::run(c).await,
            Command::Org(c) => orgs::run(c).await,
            Command::Site(c) => site::run(c).await,
            Command::Calendar(c) => calendar::run(c).await,
            Command::Docnum(c) => docnum::run(c),
            Command::Import(c) => import::run(c).await,
            Command::Notify(c) => notify::run(c).await,
            Command::Gazette(c) => gazette::run(c).await,
            Command::Pii(c) => pii::run(c),
            Command::Blobs(c) => blobs::run(c).await,
            Command::Backup(a) => backup::backup(a).await,
            Command::Restore(a) => backup::restore(a).await,
            Command::Export(ExportCmd::Catalog {
                org,
                domain,
                out,
                published,
                data,
            }) => catalog::export(&org, domain.as_deref(), &out, published, &data).await,
            Command::Reindex(d) => runtime::reindex(d).await,
            Command::Search(a) => search::run(a).await,
            Command::Inspect(a) => inspect::run(a).await,
            Command::OpenData(a) => open_data::run(a).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
