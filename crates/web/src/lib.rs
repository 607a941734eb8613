//! Gongkai's HTTP layer: the public portal (`portal`), the back office (`admin`) and
//! the JSON API (`api`). Handlers parse input, authenticate and render; the rules
//! live in `gongkai_app`.

mod a11y;
mod admin;
mod api;
mod assets;
mod auth;
mod cache;
pub mod crawl;
mod error;
mod extract;
mod form;
mod layout;
mod metrics;
mod pager;
pub mod pdf;
mod portal;
mod public_form;
mod report_view;
mod respond;
mod router;
mod server;
mod throttle;
mod util;
mod xlsx;

/// A one-sheet workbook, for the console's demo and tools.
pub use xlsx::table as xlsx_table;

use std::sync::Arc;

pub use cache::{PageCache, watch as watch_page_cache};
pub use metrics::Metrics;
pub use router::router;
pub use server::{Timeouts, serve_until};

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: gongkai_app::App,
    pub metrics: Arc<Metrics>,
    pub cache: Arc<PageCache>,
    /// Mark session cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    pub throttle: Arc<throttle::Throttle>,
    /// A bearer token that opens `/metrics` to monitoring elsewhere; without it only the
    /// node's own machine sees them.
    pub metrics_token: Option<String>,
    /// Proxies (nginx in front) whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
}

impl AppState {
    pub fn new(app: gongkai_app::App) -> Self {
        Self {
            throttle: Arc::new(throttle::Throttle::new(&app)),
            app,
            metrics: Arc::new(Metrics::default()),
            cache: Arc::new(PageCache::default()),
            secure_cookies: false,
            metrics_token: None,
            trusted_proxies: Arc::default(),
        }
    }
}

/// Serves the router on `listener` until Ctrl-C or SIGTERM, with the page cache on.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_until(state, listener, Timeouts::default(), shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
