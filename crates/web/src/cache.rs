//! A cache of rendered public pages. Public pages change only when something is
//! written, and every write adds to the event log; a watcher notices the log moving
//! (on this node or any other) and starts a new generation, so a page is never served
//! stale for longer than one poll. Staff pages, the API and anything not a 200 HTML
//! page are never cached.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// At most this many bytes of pages are kept; beyond it the cache starts afresh.
const MAX_BYTES: usize = 128 * 1024 * 1024;
const POLL: Duration = Duration::from_millis(100);

#[derive(Default)]
pub struct PageCache {
    /// Off until a watcher runs: without one, entries could never be invalidated.
    enabled: AtomicBool,
    generation: AtomicU64,
    entries: Mutex<Entries>,
    pub hits: AtomicU64,
    pub misses: AtomicU64,
}

#[derive(Default)]
struct Entries {
    generation: u64,
    bytes: usize,
    pages: HashMap<String, (Bytes, HeaderValue)>,
}

impl PageCache {
    fn get(&self, key: &str) -> Option<(Bytes, HeaderValue)> {
        let g = self.generation.load(Ordering::Acquire);
        let e = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if e.generation != g {
            return None;
        }
        e.pages.get(key).cloned()
    }

    fn put(&self, key: String, body: Bytes, etag: HeaderValue, generation: u64) {
        let mut e = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if e.generation != generation || e.bytes + body.len() > MAX_BYTES {
            if generation < e.generation {
                return; // rendered before the last write: do not keep it
            }
            *e = Entries {
                generation,
                ..Entries::default()
            };
        }
        e.bytes += body.len();
        e.pages.insert(key, (body, etag));
    }

    /// Starts a new generation: every cached page is stale from now on.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Pages held for the current generation.
    pub fn len(&self) -> usize {
        let g = self.generation.load(Ordering::Acquire);
        let e = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if e.generation == g { e.pages.len() } else { 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Watches the event log and invalidates the cache when it moves; enables the cache.
pub async fn watch(state: AppState) {
    let mut last = state.app.last_event_seq().await.unwrap_or(-1);
    let mut day = state.app.today();
    state.cache.invalidate();
    state.cache.enabled.store(true, Ordering::Release);
    loop {
        tokio::time::sleep(POLL).await;
        // Pages say what is open, due or overdue today: a new day is a new generation.
        let today = state.app.today();
        if today != day {
            day = today;
            state.cache.invalidate();
        }
        match state.app.last_event_seq().await {
            Ok(seq) if seq != last => {
                last = seq;
                state.cache.invalidate();
            }
            Ok(_) => {}
            Err(e) => {
                // Unsure what changed: stop serving from the cache until the log is readable.
                state.cache.invalidate();
                tracing::warn!(error = %e, "page cache watcher cannot read the event log");
            }
        }
    }
}

fn cacheable(req: &Request) -> bool {
    let p = req.uri().path();
    req.method() == Method::GET
        && !(p.starts_with("/admin")
            || p.starts_with("/api/")
            || p.starts_with("/a11y/")
            || p.starts_with("/static/"))
        && p != "/healthz"
        && p != "/metrics"
        && !p.contains("/att/")
        // The application form carries a token of the visitor's own.
        && !p.contains("/xxgk/ysq")
        // So do the message and comment forms of 互动交流.
        && !p.contains("hdjl")
}

fn key(req: &Request) -> String {
    let large = crate::layout::cookie_header_has(req.headers(), crate::layout::LARGE_COOKIE, "1");
    format!(
        "{}|{}",
        if large { "L" } else { "N" },
        req.uri().path_and_query().map_or("/", |p| p.as_str())
    )
}

fn etag(body: &[u8]) -> HeaderValue {
    // FNV-1a: cheap and good enough to tell two renderings apart.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in body {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    HeaderValue::from_str(&format!("\"{h:016x}\"")).expect("hex is a valid header value")
}

fn respond(req_etag: Option<&HeaderValue>, body: Bytes, tag: HeaderValue) -> Response {
    if req_etag == Some(&tag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::ETAG, tag),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

pub async fn serve_cached(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = &state.cache;
    if !cache.enabled.load(Ordering::Acquire) || !cacheable(&req) {
        return next.run(req).await;
    }
    let key = key(&req);
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some((body, tag)) = cache.get(&key) {
        cache.hits.fetch_add(1, Ordering::Relaxed);
        return respond(if_none_match.as_ref(), body, tag);
    }
    cache.misses.fetch_add(1, Ordering::Relaxed);
    let generation = cache.generation.load(Ordering::Acquire);
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if res.status() != StatusCode::OK || !is_html {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "页面生成失败").into_response();
    };
    let tag = etag(&bytes);
    cache.put(key, bytes.clone(), tag.clone(), generation);
    let mut res = Response::from_parts(parts, Body::from(bytes));
    res.headers_mut().insert(header::ETAG, tag);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}
