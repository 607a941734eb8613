//! Opening the store and the application from the command line, and serving.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use gongkai_app::{Actor, App, Clock, Config, LocalDir, SystemClock};
use gongkai_store::Store;

use crate::{DataArgs, ServeArgs};

pub fn database_url(d: &DataArgs) -> String {
    d.database
        .clone()
        .unwrap_or_else(|| d.data.join("gongkai.db").display().to_string())
}

/// The data directory holds personal data: created readable by the owner only.
fn private_dir(dir: &std::path::Path) -> Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
        .with_context(|| format!("无法创建数据目录 {}", dir.display()))
}

/// Opens and migrates the database named by the arguments.
pub async fn open_store(d: &DataArgs) -> Result<Store> {
    private_dir(&d.data)?;
    let url = database_url(d);
    let store = Store::open(&url)
        .await
        .with_context(|| format!("无法打开数据库 {}", redact(&url)))?;
    let applied = store.migrate().await.context("数据库迁移失败")?;
    for m in applied {
        tracing::info!(migration = %m, "applied migration");
    }
    Ok(store)
}

/// The gazette log's signing keys: beside the data, never in the database.
pub fn gazette_keys_dir(d: &DataArgs) -> std::path::PathBuf {
    d.data.join("gazette-keys")
}

/// The application's settings for this data directory.
pub fn config(d: &DataArgs) -> Config {
    Config {
        gazette_keys: Some(gazette_keys_dir(d)),
        ..Config::default()
    }
}

pub async fn open_app(d: &DataArgs, clock: Arc<dyn Clock>) -> Result<App> {
    let store = open_store(d).await?;
    let blobs = blob_store(&store, d);
    Ok(App::new(store, clock, blobs, config(d)).await?)
}

/// Where files live: several nodes share PostgreSQL, and with it the files; one node
/// on SQLite keeps them in its data directory.
pub fn blob_store(store: &Store, d: &DataArgs) -> Arc<dyn gongkai_app::BlobStore> {
    match store.backend() {
        gongkai_store::Backend::Postgres => Arc::new(gongkai_app::InDatabase::new(store.clone())),
        gongkai_store::Backend::Sqlite => Arc::new(LocalDir::new(d.data.join("attachments"))),
    }
}

/// The URL without a password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Opens this node's search index (`DATA/search`) and attaches it. Organisation names
/// are given to the segmenter, so that they are found as whole words.
pub async fn with_search(app: App, d: &DataArgs) -> Result<App> {
    let tree = app.org_tree().await?;
    let mut words: Vec<String> = Vec::new();
    for o in tree.all() {
        words.push(o.name.clone());
        if o.short_name != o.name {
            words.push(o.short_name.clone());
        }
    }
    let dir = d.data.join("search");
    let index =
        tokio::task::spawn_blocking(move || gongkai_search::SearchIndex::open(Some(&dir), &words))
            .await?
            .context("无法打开搜索索引（若另一个 gongkai 进程正在使用同一数据目录，请先停止它）")?;
    Ok(app.with_search(Arc::new(index)))
}

pub fn init_logging(format: crate::LogFormat) {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("GONGKAI_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colour codes only on a terminal: journald and log files get plain text.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    if format == crate::LogFormat::Json {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}

pub async fn serve(a: ServeArgs) -> Result<ExitCode> {
    init_logging(a.log_format);
    let app = open_app(&a.data, Arc::new(SystemClock)).await?;
    let app = with_search(app, &a.data).await?;
    serve_app(app, &a).await
}

/// Serves `app` (with its search index attached), following the event log into the
/// index in the background.
pub async fn serve_app(app: App, a: &ServeArgs) -> Result<ExitCode> {
    tokio::spawn(app.clone().run_search_follower());
    tokio::spawn(app.clone().run_gazette_auditor());
    let node = a.node.clone().unwrap_or_else(|| {
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_owned())
            .ok()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "gongkai".into());
        let port = a.listen.rsplit(':').next().unwrap_or("");
        format!("{host}:{port}")
    });
    tokio::spawn(app.clone().run_worker_lease(node));
    tokio::spawn(app.clone().run_webhooks());
    tokio::spawn(app.clone().run_open_data());
    if let Some(url) = a.mail.smtp_url.as_deref() {
        let mailer = gongkai_app::Mailer::new(url, &a.mail.mail_from)?;
        tokio::spawn(daily_digest(
            app.clone(),
            mailer,
            a.mail.public_url.clone(),
            a.mail.digest_hour,
        ));
        tracing::info!(hour = a.mail.digest_hour, "daily digest by mail");
    }
    let listener = tokio::net::TcpListener::bind(&a.listen)
        .await
        .with_context(|| format!("无法监听 {}", a.listen))?;
    let addr = listener.local_addr()?;
    let mut state = gongkai_web::AppState::new(app);
    state.secure_cookies = a.secure_cookies;
    state.metrics_token = a.metrics_token.clone().filter(|t| !t.trim().is_empty());
    state.trusted_proxies = Arc::new(a.trusted_proxies.clone());
    println!("Gongkai 已启动：http://{addr}/  （后台：http://{addr}/admin/）");
    tracing::info!(%addr, "listening");
    gongkai_web::serve(state, listener).await?;
    Ok(ExitCode::SUCCESS)
}

/// Sends the digest on working days at `hour` (China time), for ever. A day missed
/// while the server was down is sent when it comes back, if still the same day.
async fn daily_digest(app: App, mailer: gongkai_app::Mailer, base: Option<String>, hour: u32) {
    use chrono::Timelike;
    loop {
        let now = app
            .now()
            .with_timezone(&gongkai_domain::china_time::china_offset());
        let today = now.date_naive();
        // On the node holding the worker lease only: one digest per person, not one
        // per node (each is claimed once a day as well).
        if app.is_worker() && now.hour() >= hour && app.calendar().is_workday(today) {
            match app.send_digests(&mailer, base.as_deref()).await {
                Ok(run) => tracing::info!(
                    sent = run.sent.len(),
                    skipped = run.skipped,
                    failed = run.failed.len(),
                    "daily digest"
                ),
                Err(e) => tracing::error!(error = %e, "daily digest failed"),
            }
        }
        // Each person's digest is claimed once a day, so waking hourly is harmless.
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

pub async fn init(d: DataArgs) -> Result<ExitCode> {
    let app = open_app(&d, Arc::new(SystemClock)).await?;
    println!("数据库已就绪：{}", redact(&database_url(&d)));
    if app.visible_users(&Actor::cli()).await?.is_empty() {
        let password = gongkai_app::random_token(8);
        app.create_user(&Actor::cli(), "admin", "平台管理员", &password, true)
            .await?;
        println!("已创建平台管理员：用户名 admin，密码 {password}（请登录后立即修改）");
    }
    let keys = gongkai_app::gazette::keys::KeyStore::new(gazette_keys_dir(&d));
    if keys.load().map_err(anyhow::Error::msg)?.is_none() {
        let public = keys.generate(false).map_err(anyhow::Error::msg)?;
        println!(
            "已生成公报日志签名密钥（{}）：\n  SM2公钥 {}\n  Ed25519公钥 {}",
            gazette_keys_dir(&d).display(),
            public.sm2_public_key,
            public.ed25519_public_key
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn migrate(d: DataArgs, status: bool) -> Result<ExitCode> {
    private_dir(&d.data)?;
    let url = database_url(&d);
    let store = Store::open(&url)
        .await
        .with_context(|| format!("无法打开数据库 {}", redact(&url)))?;
    if !status {
        let applied = store.migrate().await?;
        if applied.is_empty() {
            println!("数据库已是最新版本");
        }
        for m in applied {
            println!("已应用迁移 {m}");
        }
    }
    for (v, name, at) in store.applied_migrations().await? {
        println!("{v:04}\t{name}\t{at}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether the default SQLite database exists yet (commands that only read should
/// not create one).
pub fn database_exists(d: &DataArgs) -> bool {
    d.database.is_some() || Path::new(&database_url(d)).exists()
}

pub async fn reindex(d: DataArgs) -> Result<ExitCode> {
    let app = open_app(&d, Arc::new(SystemClock)).await?;
    let app = with_search(app, &d).await?;
    let started = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new_spinner();
    let n = app
        .reindex(|done| bar.set_message(format!("已索引 {done} 件")))
        .await?;
    // Events written while rebuilding are applied now.
    while app.follow_events().await? > 0 {}
    bar.finish_and_clear();
    println!(
        "搜索索引已重建：{n} 件，用时 {:.1} 秒",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("/tmp/x.db"), "/tmp/x.db");
    }
}
