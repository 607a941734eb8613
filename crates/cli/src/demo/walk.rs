//! Every page a user can reach, for every role: the demo county is loaded, each demo
//! account signs in and follows every link of the back office, then presses every
//! button it is shown. Nothing shown may answer "forbidden", "not found" or a server
//! error, and no page may print a raw timestamp. The public site is walked the same
//! way from its home page.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use gongkai_app::{App, LocalDir, ManualClock};
use tower::ServiceExt;

/// Pages visited per account, at most: the demo has about 60 documents and 50 cases.
const MAX_PAGES: usize = 1500;

struct Page {
    status: StatusCode,
    location: String,
    content_type: String,
    body: String,
}

struct Client {
    router: axum::Router,
    cookies: BTreeMap<String, String>,
}

impl Client {
    fn new(router: axum::Router) -> Self {
        Self {
            router,
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, req: Request<Body>) -> Page {
        let r = self.router.clone().oneshot(req).await.expect("infallible");
        for v in r.headers().get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or_default();
            if let Some((k, rest)) = v.split(';').next().and_then(|kv| kv.split_once('=')) {
                if rest.is_empty() || v.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), rest.to_owned());
                }
            }
        }
        let status = r.status();
        let header_text = |h| {
            r.headers()
                .get(h)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let location = header_text(header::LOCATION);
        let content_type = header_text(header::CONTENT_TYPE);
        let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        Page {
            status,
            location,
            content_type,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn get(&mut self, path: &str) -> Page {
        let req = Request::get(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    async fn post(&mut self, path: &str, fields: &[(String, String)]) -> Page {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, "http://localhost")
            .header(header::HOST, "localhost")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
}

/// Undoes the escaping our templates apply to attribute values and text.
fn unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The value of attribute `name` in a tag's text (`<input name="a" value="b">`).
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let end = tag[i..].find('"')?;
    Some(unescape(&tag[i..i + end]))
}

fn has_flag(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '>')
        .any(|w| w == name)
}

/// The tags named `name` in `html`, each as its text from `<` to `>`, with the
/// position just after it.
fn tags<'a>(html: &'a str, name: &str) -> Vec<(&'a str, usize)> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&open) {
        let start = from + i;
        let next = html[start + open.len()..].chars().next();
        let Some(end) = html[start..].find('>') else {
            break;
        };
        if matches!(next, Some(' ' | '>')) {
            out.push((&html[start..start + end + 1], start + end + 1));
        }
        from = start + end + 1;
    }
    out
}

/// A form as shown, and one way of pressing it: its fields with their defaults and
/// one of its submit buttons.
#[derive(Debug, Clone)]
struct Press {
    method: String,
    action: String,
    multipart: bool,
    fields: Vec<(String, String)>,
    /// The button's label, for messages.
    label: String,
}

fn presses(page_path: &str, html: &str) -> Vec<Press> {
    let mut out = Vec::new();
    for (tag, after) in tags(html, "form") {
        let Some(len) = html[after..].find("</form>") else {
            continue;
        };
        let inner = &html[after..after + len];
        let method = attr(tag, "method").unwrap_or_else(|| "get".into());
        let action = attr(tag, "action").unwrap_or_else(|| page_path.to_owned());
        let action = if action.starts_with('?') {
            format!(
                "{}{action}",
                page_path.split('?').next().unwrap_or_default()
            )
        } else {
            action
        };
        let multipart = attr(tag, "enctype").is_some_and(|e| e.contains("multipart"));
        let mut fields = Vec::new();
        for (t, _) in tags(inner, "input") {
            let Some(name) = attr(t, "name") else {
                continue;
            };
            let kind = attr(t, "type").unwrap_or_else(|| "text".into());
            match kind.as_str() {
                "checkbox" | "radio" if !has_flag(t, "checked") => {}
                "file" | "submit" => {}
                _ => fields.push((name, attr(t, "value").unwrap_or_default())),
            }
        }
        for (t, a) in tags(inner, "textarea") {
            let Some(name) = attr(t, "name") else {
                continue;
            };
            let end = inner[a..].find("</textarea>").unwrap_or(0);
            fields.push((name, unescape(&inner[a..a + end])));
        }
        for (t, a) in tags(inner, "select") {
            let Some(name) = attr(t, "name") else {
                continue;
            };
            let end = inner[a..].find("</select>").unwrap_or(0);
            let options = tags(&inner[a..a + end], "option");
            let chosen = options
                .iter()
                .find(|(o, _)| has_flag(o, "selected"))
                .or_else(|| options.first());
            if let Some((o, _)) = chosen {
                fields.push((name, attr(o, "value").unwrap_or_default()));
            }
        }
        let buttons: Vec<(&str, usize)> = tags(inner, "button");
        for (b, a) in &buttons {
            if attr(b, "type").is_some_and(|t| t != "submit") {
                continue;
            }
            let label_end = inner[*a..].find("</button>").unwrap_or(0);
            let mut f = fields.clone();
            if let (Some(n), Some(v)) = (attr(b, "name"), attr(b, "value")) {
                f.push((n, v));
            }
            out.push(Press {
                method: method.to_lowercase(),
                action: action.clone(),
                multipart,
                fields: f,
                label: inner[*a..*a + label_end].to_owned(),
            });
        }
    }
    out
}

/// Links to our own pages, without fragments.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("href=\"").skip(1) {
        let Some(end) = part.find('"') else { continue };
        let href = unescape(&part[..end]);
        let href = href.split('#').next().unwrap_or_default().to_owned();
        if href.starts_with('/') && !href.starts_with("//") {
            out.push(href);
        }
    }
    out
}

/// "2026-11-30T01:00:00" printed as is: an instant no reader should see.
fn raw_instant(html: &str) -> Option<&str> {
    let b = html.as_bytes();
    (0..b.len().saturating_sub(16)).find_map(|i| {
        let w = &b[i..i + 16];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        (digits(0..4)
            && w[4] == b'-'
            && digits(5..7)
            && w[7] == b'-'
            && digits(8..10)
            && w[10] == b'T'
            && digits(11..13)
            && w[13] == b':')
            .then(|| &html[i..i + 16])
    })
}

/// What a walk found: the problems, one line each, and how much it covered.
struct Walked {
    problems: Vec<String>,
    pages: usize,
    pressed: usize,
}

/// Walks the pages reachable from `start` under `scope`, then presses every button
/// shown there.
async fn walk(client: &mut Client, who: &str, start: &str, scope: &str, press: bool) -> Walked {
    let mut problems = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> =
        VecDeque::from([(start.to_owned(), "—".to_owned())]);
    let mut with_forms: Vec<String> = Vec::new();
    while let Some((path, from)) = queue.pop_front() {
        if seen.len() >= MAX_PAGES || !seen.insert(path.clone()) {
            continue;
        }
        let page = client.get(&path).await;
        if page.status.is_redirection() {
            queue.push_back((page.location.clone(), path.clone()));
            continue;
        }
        if page.status != StatusCode::OK {
            problems.push(format!(
                "{who}: GET {path} → {} (linked from {from})",
                page.status
            ));
            continue;
        }
        if !page.content_type.starts_with("text/html") {
            continue;
        }
        if let Some(raw) = raw_instant(&page.body) {
            problems.push(format!("{who}: {path} prints a raw instant {raw}"));
        }
        if page.body.contains("<form") {
            with_forms.push(path.clone());
        }
        for l in links(&page.body) {
            let l = if l.starts_with('?') {
                format!("{}{l}", path.split('?').next().unwrap_or_default())
            } else {
                l
            };
            if l.starts_with(scope) && !seen.contains(&l) {
                queue.push_back((l, path.clone()));
            }
        }
    }
    if !press {
        return Walked {
            problems,
            pages: seen.len(),
            pressed: 0,
        };
    }
    let mut pressed: BTreeSet<String> = BTreeSet::new();
    for path in with_forms {
        // The page as it is now, before each press: an earlier press may have moved
        // the record on, and a stale form is not what the user is shown.
        loop {
            let page = client.get(&path).await;
            if page.status != StatusCode::OK {
                break;
            }
            let next = presses(&path, &page.body).into_iter().find(|p| {
                !(p.multipart
                    || p.action.ends_with("/logout")
                    || !p.action.starts_with('/')
                    || pressed.contains(&kind_of(p)))
            });
            let Some(p) = next else { break };
            pressed.insert(kind_of(&p));
            let r = if p.method == "post" {
                client.post(&p.action, &p.fields).await
            } else {
                let q = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(&p.fields)
                    .finish();
                let sep = if p.action.contains('?') { '&' } else { '?' };
                client.get(&format!("{}{sep}{q}", p.action)).await
            };
            let bad = matches!(
                r.status,
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
            ) || r.status.is_server_error();
            if bad {
                problems.push(format!(
                    "{who}: pressing “{}” on {path} ({} {}) → {}",
                    p.label.trim(),
                    p.method,
                    p.action,
                    r.status
                ));
            }
        }
    }
    Walked {
        problems,
        pages: seen.len(),
        pressed: pressed.len(),
    }
}

/// Which button a press is: the same form on fifty case pages is one button.
fn kind_of(p: &Press) -> String {
    format!(
        "{} {} {}",
        p.method,
        generic(&p.action),
        p.fields
            .iter()
            .filter(|(k, _)| k == "action" || k == "go")
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(",")
    )
}

/// A path with its numbers and public numbers replaced, so that one form on many
/// records counts once.
fn generic(path: &str) -> String {
    path.split('?')
        .next()
        .unwrap_or_default()
        .split('/')
        .map(|seg| {
            if seg.chars().any(|c| c.is_ascii_digit()) {
                "*"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn demo() -> (App, Vec<(String, String)>) {
    let db = gongkai_store::testing::fresh_stores()
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let blobs = Arc::new(LocalDir::new(
        std::env::temp_dir().join(format!("gk-walk-{}", gongkai_app::random_token(4))),
    ));
    let app = App::new(db.store, clock.clone(), blobs, super::test_config())
        .await
        .unwrap();
    let today = app.today();
    let table = super::load(&app, &clock, today).await.unwrap();
    clock.set(Utc::now());
    let index = gongkai_search::SearchIndex::open(None, &[]).unwrap();
    let app = app.with_search(Arc::new(index));
    while app.follow_events().await.unwrap() > 0 {}
    let accounts = table
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_owned(), f.next()?.to_owned()))
        })
        .collect();
    (app, accounts)
}

async fn sign_in(client: &mut Client, user: &str, password: &str) {
    let page = client.get("/admin/login").await;
    let csrf = presses("/admin/login", &page.body)
        .into_iter()
        .find(|p| p.action == "/admin/login")
        .and_then(|p| p.fields.into_iter().find(|(k, _)| k == "_csrf"))
        .map(|(_, v)| v)
        .unwrap_or_default();
    let r = client
        .post(
            "/admin/login",
            &[
                ("_csrf".into(), csrf),
                ("username".into(), user.into()),
                ("password".into(), password.into()),
                ("next".into(), "/admin/".into()),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "{user} signs in: {}",
        r.body
    );
}

#[tokio::test]
async fn every_role_reaches_only_what_it_may_and_every_button_works() {
    let (app, mut accounts) = demo().await;
    // Administrators last: their buttons stop accounts and revoke roles.
    accounts.sort_by_key(|(u, _)| matches!(u.as_str(), "admin" | "orgadmin"));
    let state = gongkai_web::AppState::new(app.clone());
    let router = gongkai_web::router(state);
    let mut problems = Vec::new();
    let mut covered = BTreeMap::new();
    for (user, password) in &accounts {
        let mut client = Client::new(router.clone());
        sign_in(&mut client, user, password).await;
        let w = walk(&mut client, user, "/admin/", "/admin", true).await;
        problems.extend(w.problems);
        covered.insert(user.clone(), (w.pages, w.pressed));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The walk reached the records and their buttons, not just the dashboard.
    for (user, pages, pressed) in [("officer", 60, 15), ("drafter", 20, 5), ("admin", 60, 15)] {
        let (p, b) = covered[user];
        assert!(p >= pages && b >= pressed, "{user}: {p} pages, {b} buttons");
    }
}

#[tokio::test]
async fn every_public_page_leads_somewhere() {
    let (app, _) = demo().await;
    let router = gongkai_web::router(gongkai_web::AppState::new(app));
    let mut client = Client::new(router);
    let w = walk(&mut client, "public", "/", "/", true).await;
    assert!(w.problems.is_empty(), "{}", w.problems.join("\n"));
    assert!(
        w.pages >= 300 && w.pressed >= 5,
        "{} pages, {} buttons",
        w.pages,
        w.pressed
    );
}
