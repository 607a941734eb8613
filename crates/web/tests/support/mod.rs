//! The HTTP layer's tests: the shared test county (`gongkai_app::testing`) behind the
//! real router, driven in-process with `oneshot`; API helpers for JSON and tokens, and a
//! cookie-keeping client for pages and forms.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use gongkai_app::testing::TestCounty;
use gongkai_app::{Actor, App, Config, ManualClock, Via};
use gongkai_domain::role::Role;
use gongkai_store::testing::fresh_stores;
use gongkai_web::AppState;
use tower::ServiceExt;

pub use gongkai_app::testing::PASSWORD;

pub struct TestApp {
    /// The router's state (for the page cache).
    pub state: AppState,
    pub app: App,
    pub router: Router,
    pub clock: Arc<ManualClock>,
    /// The backend, for assertion messages.
    pub label: &'static str,
    /// 云溪县人民政府 (`yunxi`).
    pub county: i64,
    /// 县财政局 (`czj`), a department of the county.
    pub dept: i64,
    /// 青石镇人民政府 (`qingshi`), a township of the county.
    pub town: i64,
    /// 青石村 (`qingshi-cun`), a village of the township.
    pub village: i64,
    fixture: TestCounty,
}

/// A member of staff: as an actor for calling `App` directly, and with an API token.
#[derive(Clone)]
pub struct Staff {
    pub user_id: i64,
    pub actor: Actor,
    pub token: String,
}

/// One test application per configured backend (SQLite always; PostgreSQL when
/// `GONGKAI_TEST_DATABASE_URL` is set).
pub async fn apps() -> Vec<TestApp> {
    with_config(Config::default()).await
}

/// Like [`apps`], with a 1 MiB upload limit so tests can go past it cheaply.
pub async fn sites() -> Vec<TestApp> {
    with_config(Config {
        max_upload_bytes: 1024 * 1024,
        ..Config::default()
    })
    .await
}

/// Like [`apps`], with the gazette log's signing keys generated in a directory of its own.
pub async fn with_gazette_keys() -> Vec<TestApp> {
    let dir = std::env::temp_dir().join(format!("gk-web-keys-{}", gongkai_app::random_token(4)));
    gongkai_app::gazette::keys::KeyStore::new(&dir)
        .generate(false)
        .expect("keys");
    with_config(Config {
        gazette_keys: Some(dir),
        ..Config::default()
    })
    .await
}

async fn with_config(config: Config) -> Vec<TestApp> {
    let mut out = Vec::new();
    for db in fresh_stores().await.expect("fresh stores") {
        out.push(TestApp::from(TestCounty::new(db, config.clone()).await));
    }
    out
}

impl From<TestCounty> for TestApp {
    fn from(c: TestCounty) -> Self {
        // An in-memory search index; tests call `app.follow_events()` to bring it up to date.
        let index = gongkai_search::SearchIndex::open(None, &[]).expect("search index");
        let app = c.app.clone().with_search(Arc::new(index));
        let state = AppState::new(app.clone());
        let router = gongkai_web::router(state.clone());
        Self {
            state,
            app,
            router,
            clock: c.clock.clone(),
            label: c.label,
            county: c.county,
            dept: c.dept,
            town: c.town,
            village: c.village,
            fixture: c,
        }
    }
}

impl TestApp {
    /// The user `name` (created on first use) with `roles` added, as an actor.
    pub async fn user(&self, name: &str, roles: &[(Role, i64)], platform_admin: bool) -> Actor {
        self.fixture.user(name, roles, platform_admin).await
    }

    /// Users `drafter`, `reviewer`, `secrecy` and `approver` with those roles in `org`.
    pub async fn signers(&self, org: i64) -> gongkai_app::testing::Signers {
        self.fixture.signers(org).await
    }

    /// A browser-like client of this site.
    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: HashMap::new(),
            csrf: String::new(),
            form_token: String::new(),
        }
    }

    /// A user `name` (created on first use) holding `role` in `org`, with a fresh API token.
    pub async fn staff(&self, name: &str, role: Role, org: i64) -> Staff {
        let session = self.fixture.actor(name, role, org).await;
        let id = session.user_id().expect("a user");
        let actor = Actor {
            via: Via::Token,
            ..session
        };
        let token = self
            .app
            .create_token(&actor, id, "tests")
            .await
            .expect("token");
        Staff {
            user_id: id,
            actor,
            token,
        }
    }

    /// Sends a request through the whole router, as a server would.
    /// The same site behind proxies at `proxies`, whose `X-Forwarded-For` it trusts.
    pub fn behind_proxies(&mut self, proxies: &[&str]) {
        self.state.trusted_proxies = Arc::new(
            proxies
                .iter()
                .map(|p| p.parse().expect("an address"))
                .collect(),
        );
        self.router = gongkai_web::router(self.state.clone());
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let r = self.router.clone().oneshot(req).await.expect("infallible");
        let status = r.status();
        let headers = r.headers().clone();
        let body = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .expect("body");
        Resp {
            status,
            headers,
            body,
        }
    }

    /// A request with an optional bearer token and an optional body of the given type.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        self.send(b.body(body.into()).expect("request")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.request(Method::GET, path, token, None, Body::empty())
            .await
    }

    /// A JSON request.
    pub async fn json(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &serde_json::Value,
    ) -> Resp {
        self.request(
            method,
            path,
            token,
            Some("application/json"),
            body.to_string(),
        )
        .await
    }
}

/// A response, read whole.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON; panics with the body when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.text()))
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The address of the next page named in a `Link: <…>; rel="next"` header.
    pub fn next_link(&self) -> Option<String> {
        let v = self.headers.get(header::LINK)?.to_str().ok()?;
        let (target, rel) = v.split_once(';')?;
        (rel.trim() == "rel=\"next\"").then(|| {
            target
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        })
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub struct Client {
    router: Router,
    cookies: HashMap<String, String>,
    pub csrf: String,
    /// The token of the last public form seen (the online application).
    pub form_token: String,
}

/// The value of the first `name="…" value="…"` hidden input.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let key = format!("name=\"{name}\" value=\"");
    let start = html.find(&key)? + key.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Client {
    async fn send(&mut self, req: Request<Body>) -> Resp {
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        for v in res.headers().get_all(header::SET_COOKIE) {
            let v = v.to_str().expect("ASCII cookie");
            let pair = v.split(';').next().unwrap_or("");
            if let Some((k, val)) = pair.split_once('=') {
                if v.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), val.to_owned());
                }
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        let r = Resp {
            status,
            headers,
            body,
        };
        if let Some(c) = hidden(&r.text(), "_csrf") {
            self.csrf = c;
        }
        if let Some(t) = hidden(&r.text(), "_form") {
            self.form_token = t;
        }
        r
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let req = Request::get(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(req).await
    }

    /// Uploads one file as `multipart/form-data` field `file`.
    pub async fn upload(&mut self, path: &str, filename: &str, bytes: &[u8]) -> Resp {
        self.multipart(path, &[], filename, bytes).await
    }

    /// Posts `multipart/form-data`: text `fields`, then the file as field `file`.
    pub async fn multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        filename: &str,
        bytes: &[u8],
    ) -> Resp {
        self.multipart_as(path, fields, "file", filename, bytes)
            .await
    }

    /// Posts `multipart/form-data`: text `fields`, then the file as field `name`.
    pub async fn multipart_as(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        name: &str,
        filename: &str,
        bytes: &[u8],
    ) -> Resp {
        let boundary = "gongkai-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        ).as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts a form with this session's CSRF token added.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let csrf = self.csrf.clone();
        let form = self.form_token.clone();
        let mut all = vec![("_csrf", csrf.as_str()), ("_form", form.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    pub async fn login(&mut self, username: &str) {
        let p = self.get("/admin/login").await;
        assert_eq!(p.status, StatusCode::OK);
        let p = self
            .submit(
                "/admin/login",
                &[
                    ("username", username),
                    ("password", PASSWORD),
                    ("next", "/admin/"),
                ],
            )
            .await;
        assert_eq!(
            p.status,
            StatusCode::SEE_OTHER,
            "login of {username} failed: {}",
            p.text()
        );
        let p = self.get("/admin/").await;
        assert_eq!(p.status, StatusCode::OK, "{username}: dashboard");
    }
}

/// Publishes `raw` in `org` through its four sign-offs; its 索引号.
pub async fn publish_raw(
    t: &TestApp,
    org: i64,
    raw: &gongkai_domain::document::RawDocument,
) -> String {
    let s = t.signers(org).await;
    let index = t
        .app
        .create_document(&s.drafter, org, raw, &[])
        .await
        .unwrap();
    s.advance(&t.app, &index, 4).await;
    index
}

/// The site's own links on a page (`href="/…"`), without fragments, each once.
pub fn links(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in html.split("href=\"").skip(1) {
        let Some(end) = part.find('"') else { continue };
        let href = part[..end].replace("&amp;", "&").replace("&#38;", "&");
        let href = href.split('#').next().unwrap_or_default().to_owned();
        if href.starts_with('/') && !href.starts_with("//") && !out.contains(&href) {
            out.push(href);
        }
    }
    out
}

/// A tiny valid PNG (1×1, red), for image uploads.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];
