//! The server loop: each connection served by hyper with a header read timeout (a
//! client that never finishes its headers is dropped), every request body under a
//! per-frame timeout, and a graceful shutdown that lets requests in flight finish.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tower::ServiceExt;

use crate::AppState;

/// How long the server waits on slow clients.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To receive a request's headers (and between requests on a kept-alive connection).
    pub headers: Duration,
    /// Between two chunks of a request body.
    pub body: Duration,
    /// For requests in flight to finish once shutdown begins.
    pub shutdown: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            headers: Duration::from_secs(20),
            body: Duration::from_secs(30),
            shutdown: Duration::from_secs(30),
        }
    }
}

/// Serves the router on `listener` until `shutdown` resolves, with the page cache on.
pub async fn serve_until(
    state: AppState,
    listener: tokio::net::TcpListener,
    timeouts: Timeouts,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    tokio::spawn(crate::cache::watch(state.clone()));
    let router = crate::router(state).layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        timeouts.body,
    ));
    // HTTP/1.1 only: nginx in front speaks it to us, and browsers reaching a node
    // directly do too.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.headers);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = router
            .clone()
            .map_request(move |mut req: Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(addr));
                req.map(Body::new)
            });
        let conn =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing requests in flight");
    if tokio::time::timeout(timeouts.shutdown, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still running at shutdown were cut off");
    }
    Ok(())
}
