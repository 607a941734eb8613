//! Request counters and latencies in Prometheus text format, the request log, and
//! the fixer that gives framework-generated errors (404, 405, 413) a proper body.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::{ApiError, error_page, heading};

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

pub struct Metrics {
    started: Instant,
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            requests: Mutex::default(),
            latency: Mutex::default(),
        }
    }
}

impl Metrics {
    fn observe(&self, route: &str, method: &str, status: u16, secs: f64) {
        *self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry((route.to_owned(), method.to_owned(), status))
            .or_default() += 1;
        let mut lat = self.latency.lock().unwrap_or_else(|p| p.into_inner());
        let h = lat.entry(route.to_owned()).or_default();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                h.counts[i] += 1;
            }
        }
        h.sum += secs;
        h.count += 1;
    }

    /// The counters kept in memory, as Prometheus text.
    pub fn render(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "# HELP gongkai_http_requests_total HTTP requests by route, method and status."
        );
        let _ = writeln!(out, "# TYPE gongkai_http_requests_total counter");
        for ((route, method, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "gongkai_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
        let _ = writeln!(
            out,
            "# HELP gongkai_http_request_duration_seconds Time to respond, by route."
        );
        let _ = writeln!(
            out,
            "# TYPE gongkai_http_request_duration_seconds histogram"
        );
        for (route, h) in self
            .latency
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let r = label(route);
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "gongkai_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{b}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "gongkai_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "gongkai_http_request_duration_seconds_sum{{route=\"{r}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "gongkai_http_request_duration_seconds_count{{route=\"{r}\"}} {}",
                h.count
            );
        }
        let _ = writeln!(
            out,
            "# HELP gongkai_uptime_seconds Seconds since the process started."
        );
        let _ = writeln!(out, "# TYPE gongkai_uptime_seconds gauge");
        let _ = writeln!(
            out,
            "gongkai_uptime_seconds {}",
            self.started.elapsed().as_secs()
        );
    }
}

fn label(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Counts and logs every request, and replaces the framework's plain-text error
/// bodies with a Chinese page (or a JSON error under `/api/`).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let response = next.run(req).await;
    let status = response.status();
    let response =
        if (status.is_client_error() || status.is_server_error()) && !has_own_body(&response) {
            replacement(&path, status)
        } else {
            response
        };
    let secs = started.elapsed().as_secs_f64();
    state
        .metrics
        .observe(&route, &method, status.as_u16(), secs);
    tracing::info!(
        target: "gongkai::http",
        method = %method,
        path = %path,
        route = %route,
        status = status.as_u16(),
        ms = (secs * 1000.0 * 10.0).round() / 10.0,
        "request"
    );
    response
}

/// Our own pages and API errors declare their content type; axum's defaults are
/// plain text or empty.
fn has_own_body(r: &Response) -> bool {
    r.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"))
}

fn replacement(path: &str, status: StatusCode) -> Response {
    let message = match status {
        StatusCode::NOT_FOUND => "您访问的页面不存在，可能已被移除或地址有误。",
        StatusCode::METHOD_NOT_ALLOWED => "该地址不支持此请求方式。",
        StatusCode::PAYLOAD_TOO_LARGE => "提交的内容过大，请删减后再试。",
        _ => heading(status),
    };
    if path.starts_with("/api/") {
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            s if s.is_server_error() => "internal",
            _ => "bad_request",
        };
        ApiError::new(status, code, message).into_response()
    } else {
        error_page(status, message)
    }
}
