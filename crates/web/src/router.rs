//! All routes in one place.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::error_page;
use crate::{AppState, a11y, admin, api, assets, cache, metrics, portal};

/// Forms and JSON bodies; a long regulation's body fits comfortably.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(portal::routes())
        .merge(admin::routes(&state))
        .nest("/api/v1", api::routes())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .route("/static/site.css", get(assets::css))
        .route("/static/editor.js", get(assets::editor_js))
        .route("/a11y/large", get(a11y::large_text))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            cache::serve_cached,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::layout::with_site,
        ))
        .with_state(state)
}

async fn not_found() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "您访问的页面不存在，可能已被移除或地址有误。",
    )
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.app.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// Readiness for the load balancer: the database answers with the schema this node
/// knows, and the search index is caught up within a bound. 503 with the reasons
/// otherwise, so nginx (or an orchestrator) sends requests elsewhere meanwhile.
async fn readyz(State(state): State<AppState>) -> Response {
    let r = state.app.readiness().await;
    let status = if r.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(r)).into_response()
}

/// `/metrics` answers the monitoring that runs beside the node: with the configured
/// bearer token, or from the machine itself without a proxy in between. Everyone else
/// gets the ordinary 404.
async fn metrics_text(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
) -> Response {
    if !metrics_allowed(&state, &parts) {
        return not_found().await;
    }
    let mut out = String::new();
    state.metrics.render(&mut out);
    out.push_str("# HELP gongkai_page_cache_hits_total Public pages served from the cache.\n# TYPE gongkai_page_cache_hits_total counter\n");
    out.push_str(&format!(
        "gongkai_page_cache_hits_total {}\n",
        state.cache.hits.load(std::sync::atomic::Ordering::Relaxed)
    ));
    out.push_str("# HELP gongkai_page_cache_misses_total Public pages rendered.\n# TYPE gongkai_page_cache_misses_total counter\n");
    out.push_str(&format!(
        "gongkai_page_cache_misses_total {}\n",
        state
            .cache
            .misses
            .load(std::sync::atomic::Ordering::Relaxed)
    ));
    match state.app.document_state_counts().await {
        Ok(counts) => {
            out.push_str("# HELP gongkai_documents Documents by workflow state.\n# TYPE gongkai_documents gauge\n");
            for (s, n) in counts {
                out.push_str(&format!(
                    "gongkai_documents{{state=\"{}\"}} {n}\n",
                    s.as_str()
                ));
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: document counts unavailable"),
    }
    if let Ok(s) = state.app.search_status().await {
        out.push_str("# HELP gongkai_search_applied_seq Event sequence number the search index reflects.\n# TYPE gongkai_search_applied_seq gauge\n");
        out.push_str(&format!("gongkai_search_applied_seq {}\n", s.applied_seq));
        out.push_str("# HELP gongkai_search_lag_events Events not yet applied to the search index.\n# TYPE gongkai_search_lag_events gauge\n");
        out.push_str(&format!(
            "gongkai_search_lag_events {}\n",
            (s.last_seq - s.applied_seq).max(0)
        ));
        out.push_str("# HELP gongkai_search_lag_seconds Age of the oldest event not yet applied to the search index.\n# TYPE gongkai_search_lag_seconds gauge\n");
        out.push_str(&format!("gongkai_search_lag_seconds {}\n", s.lag_seconds));
        out.push_str("# HELP gongkai_search_documents Documents in the search index.\n# TYPE gongkai_search_documents gauge\n");
        out.push_str(&format!("gongkai_search_documents {}\n", s.documents));
    }
    if let Some(a) = state.app.last_gazette_audit() {
        out.push_str("# HELP gongkai_gazette_audit_problems Differences the last audit found between the gazette log and the stored issues, leaves, roots and signatures.\n# TYPE gongkai_gazette_audit_problems gauge\n");
        out.push_str(&format!(
            "gongkai_gazette_audit_problems {}\n",
            a.problems.len()
        ));
        out.push_str("# HELP gongkai_gazette_log_size Entries in the gazette log at the last audit.\n# TYPE gongkai_gazette_log_size gauge\n");
        out.push_str(&format!("gongkai_gazette_log_size {}\n", a.tree_size));
        out.push_str("# HELP gongkai_gazette_audit_timestamp_seconds When the last audit ran.\n# TYPE gongkai_gazette_audit_timestamp_seconds gauge\n");
        out.push_str(&format!(
            "gongkai_gazette_audit_timestamp_seconds {}\n",
            a.at.timestamp()
        ));
    }
    let node = state.app.node_name().replace(['"', '\\', '\n'], "_");
    out.push_str("# HELP gongkai_worker_lease Whether this node holds the worker lease (background work runs on the holder only).\n# TYPE gongkai_worker_lease gauge\n");
    out.push_str(&format!(
        "gongkai_worker_lease{{node=\"{node}\"}} {}\n",
        u8::from(state.app.is_worker())
    ));
    if let Ok(Some(holder)) = state.app.worker_holder().await {
        let holder = holder.replace(['"', '\\', '\n'], "_");
        out.push_str("# HELP gongkai_worker_lease_holder The node holding the worker lease, as the database tells.\n# TYPE gongkai_worker_lease_holder gauge\n");
        out.push_str(&format!(
            "gongkai_worker_lease_holder{{node=\"{holder}\"}} 1\n"
        ));
    }
    if let Ok(seq) = state.app.last_event_seq().await {
        out.push_str("# HELP gongkai_events_last_seq Highest event sequence number written.\n# TYPE gongkai_events_last_seq gauge\n");
        out.push_str(&format!("gongkai_events_last_seq {seq}\n"));
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

fn metrics_allowed(state: &AppState, parts: &axum::http::request::Parts) -> bool {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let (Some(want), Some(given)) = (state.metrics_token.as_deref(), bearer) {
        return gongkai_app::constant_time_eq(want.as_bytes(), given.trim().as_bytes());
    }
    let proxied = ["x-forwarded-for", "forwarded", "x-real-ip"]
        .iter()
        .any(|h| parts.headers.contains_key(*h));
    let local = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .is_some_and(|c| c.0.ip().is_loopback());
    local && !proxied
}

/// Where responses carry personal data or a session: the back office, the application
/// API, and the public application and tracking pages.
fn private_path(path: &str) -> bool {
    path.starts_with("/admin")
        || path.starts_with("/api/v1/applications")
        || path.contains("/xxgk/ysq")
        || path.starts_with("/api/v1/messages")
        || path.contains("/hdjl/xx")
        || path.contains("/hdjl/cx")
}

/// Nothing on our pages loads from elsewhere or runs inline script; say so to browsers.
/// Personal data is never stored by a browser or a proxy. And whatever a handler does,
/// no redirect leaves the site.
async fn security_headers(req: Request, next: Next) -> Response {
    let private = private_path(req.uri().path());
    let mut r = next.run(req).await;
    let offsite = r
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .is_some_and(|l| crate::util::safe_back(l) != l);
    if offsite {
        tracing::warn!("refused a redirect off the site");
        r = error_page(
            StatusCode::NOT_FOUND,
            "您访问的页面不存在，可能已被移除或地址有误。",
        );
    }
    if private || r.headers().contains_key(header::SET_COOKIE) {
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    r
}
