//! The edge against a hostile internet, over HTTP: no redirect leaves the site, no
//! spreadsheet formula rides in an export, odd paths get a 404, login limits hold per
//! address without locking out the rightful user, the public application form refuses
//! cross-site posts, personal data is never cached, /metrics is not public, and a slow
//! client cannot hold a connection open.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use gongkai_app::testing::{applicant, at, d, request};
use gongkai_domain::role::Role;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn from(ip: &str) -> ConnectInfo<SocketAddr> {
    ConnectInfo(format!("{ip}:40000").parse().unwrap())
}

#[tokio::test]
async fn odd_paths_get_a_not_found_page() {
    let s = apps().await.into_iter().next().unwrap();
    for path in [
        "/abc%01",
        "/%01",
        "/yunxi/xxgk/doc/%00",
        "/abc%7F",
        "/%E2%80%AE",
        "/abc%01/xxgk",
    ] {
        let r = s.get(path, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text());
        assert!(r.text().contains("页面不存在"), "{path}");
    }
}

#[tokio::test]
async fn no_redirect_leaves_the_site() {
    let s = apps().await.into_iter().next().unwrap();
    for path in [
        "/%2Fevil.example",
        "/%5Cevil.example",
        "/%2Fevil.example/xxgk",
        "/%2F%2Fevil.example",
        "/a11y/large?on=1&back=//evil.example/",
        "/a11y/large?on=1&back=/%2Fevil.example",
        "/a11y/large?on=1&back=/%5Cevil.example",
        "/a11y/large?on=1&back=https://evil.example/",
    ] {
        let r = s.get(path, None).await;
        let to = r.location();
        assert!(
            to.is_empty() || (to.starts_with('/') && !to.starts_with("//")),
            "{path} → {} {to}",
            r.status
        );
        assert!(!to.contains("evil"), "{path} → {to}");
    }
    // A real organisation still redirects to its home page.
    let r = s.get("/yunxi", None).await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.location(), "/yunxi/");

    // Through the login form's `next`.
    s.user("officer", &[(Role::DisclosureOfficer, s.county)], false)
        .await;
    let mut web = s.client();
    web.get("/admin/login").await;
    let r = web
        .submit(
            "/admin/login",
            &[
                ("username", "officer"),
                ("password", PASSWORD),
                ("next", "/%2Fevil.example"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/");
}

#[tokio::test]
async fn a_formula_in_an_application_stays_text_in_the_register() {
    for s in apps().await {
        s.clock.set(at(d("2025-09-26")));
        let officer = s.staff("officer", Role::DisclosureOfficer, s.county).await;
        for title in [
            "=HYPERLINK(\"http://evil.example\",\"点我\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1,2)",
        ] {
            s.app
                .submit_application("yunxi", &applicant(), &request(title), "1.2.3.4")
                .await
                .unwrap();
        }
        let csv = s
            .get(
                "/api/v1/applications/register?format=csv",
                Some(&officer.token),
            )
            .await
            .text();
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\""),
            "{csv}"
        );
        assert!(csv.contains("\"'+cmd|"), "{csv}");
        assert!(csv.contains("\"'-2+3\""), "{csv}");
        assert!(csv.contains("\"'@SUM(1,2)\""), "{csv}");
        for line in csv.lines() {
            for cell in line.split("\",\"") {
                let c = cell.trim_start_matches(['\u{feff}', '"']);
                assert!(
                    !c.starts_with(['=', '+', '-', '@']),
                    "a cell a spreadsheet would run: {line}"
                );
            }
        }
    }
}

async fn login_from(s: &TestApp, ip: &str, username: &str, password: &str) -> StatusCode {
    login_via(s, ip, None, username, password).await
}

/// A login from `peer`, through a proxy that says the client is `forwarded`.
async fn login_via(
    s: &TestApp,
    peer: &str,
    forwarded: Option<&str>,
    username: &str,
    password: &str,
) -> StatusCode {
    let request = |b: axum::http::request::Builder| match forwarded {
        Some(f) => b.extension(from(peer)).header("x-forwarded-for", f),
        None => b.extension(from(peer)),
    };
    // The login page's token, then the post, both from `ip`.
    let page = s
        .send(
            request(Request::get("/admin/login"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let token = hidden(&page.text(), "_csrf").unwrap();
    let cookie = page
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("gk_login_csrf="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned();
    let body = form_body(&[
        ("_csrf", &token),
        ("username", username),
        ("password", password),
        ("next", "/admin/"),
    ]);
    s.send(
        request(Request::post("/admin/login"))
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
    .status
}

#[tokio::test]
async fn failed_logins_slow_their_address_down_and_never_lock_out_the_officer() {
    for s in apps().await {
        s.user("officer", &[(Role::DisclosureOfficer, s.county)], false)
            .await;
        // Someone at 203.0.113.9 tries the officer's name with wrong passwords.
        let mut last = StatusCode::OK;
        for _ in 0..6 {
            last = login_from(&s, "203.0.113.9", "officer", "wrong password").await;
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "{}", s.label);
        // Even the right password waits there…
        assert_eq!(
            login_from(&s, "203.0.113.9", "officer", PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS
        );
        // …but the officer at the office logs in.
        assert_eq!(
            login_from(&s, "198.51.100.20", "officer", PASSWORD).await,
            StatusCode::SEE_OTHER,
            "{}",
            s.label
        );
        // One address trying many names stops after 20 failures, whatever the names.
        for i in 0..20 {
            let status = login_from(&s, "192.0.2.77", &format!("user{i}"), "x").await;
            assert_ne!(status, StatusCode::TOO_MANY_REQUESTS, "attempt {i}");
        }
        assert_eq!(
            login_from(&s, "192.0.2.77", "user99", "x").await,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            login_from(&s, "198.51.100.20", "officer", PASSWORD).await,
            StatusCode::SEE_OTHER,
            "other addresses are not affected"
        );
    }
}

/// Behind nginx every connection comes from 127.0.0.1: with the proxy trusted, the
/// limits count the address nginx saw, and a client cannot choose its own by sending
/// the header itself.
#[tokio::test]
async fn behind_a_trusted_proxy_limits_count_the_real_client() {
    for mut s in apps().await {
        s.behind_proxies(&["127.0.0.1"]);
        s.user("officer", &[(Role::DisclosureOfficer, s.county)], false)
            .await;
        // The attacker puts a fresh address in front of the chain each time; nginx
        // appends the address it really saw.
        let mut last = StatusCode::OK;
        for i in 0..6 {
            let chain = format!("10.9.8.{i}, 203.0.113.9");
            last = login_via(&s, "127.0.0.1", Some(&chain), "officer", "wrong").await;
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "{}", s.label);
        // The officer, through the same nginx, from the office.
        assert_eq!(
            login_via(&s, "127.0.0.1", Some("198.51.100.20"), "officer", PASSWORD).await,
            StatusCode::SEE_OTHER,
            "{}",
            s.label
        );
        // An untrusted peer's header is ignored: it is counted under its own address.
        for _ in 0..6 {
            last = login_via(&s, "192.0.2.5", Some("198.51.100.20"), "officer", "wrong").await;
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            login_via(&s, "127.0.0.1", Some("198.51.100.20"), "officer", PASSWORD).await,
            StatusCode::SEE_OTHER,
            "the spoofed header did not slow the office down"
        );
    }
}

#[tokio::test]
async fn the_public_application_form_refuses_posts_from_other_sites() {
    let s = apps().await.into_iter().next().unwrap();
    s.clock.set(at(d("2025-09-26")));
    let fields = [
        ("kind", "natural_person"),
        ("name", "王晓明"),
        ("id_kind", "resident_card"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800000000"),
        ("title", "某文件"),
        ("delivery_form", "paper"),
        ("delivery_way", "post"),
    ];
    let post = |origin: Option<&str>, extra: Vec<(&str, &str)>, cookie: Option<String>| {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.extend(extra);
        let mut b = Request::post("/yunxi/xxgk/ysq")
            .header(header::HOST, "gk.example.cn")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b.body(Body::from(form_body(&all))).unwrap()
    };
    // Another site's page posting the form: refused, nothing filed.
    let r = s
        .send(post(Some("https://evil.example"), vec![], None))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert!(r.text().contains("安全校验"));
    let r = s.send(post(Some("null"), vec![], None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // No Origin and no token: refused.
    let r = s.send(post(None, vec![], None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        s.app
            .staff_applications(&gongkai_app::Actor::cli(), false)
            .await
            .unwrap()
            .is_empty(),
        "nothing was filed"
    );
    // Our own page: the Origin says so.
    let r = s
        .send(post(Some("https://gk.example.cn"), vec![], None))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // A browser that sends no Origin: the form's token and its cookie.
    let page = s
        .send(
            Request::get("/yunxi/xxgk/ysq")
                .header(header::HOST, "gk.example.cn")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let token = hidden(&page.text(), "_form").unwrap();
    let cookie = page
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap()
        .to_owned();
    assert!(cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"));
    let pair = cookie.split(';').next().unwrap().to_owned();
    let r = s
        .send(post(None, vec![("_form", &token)], Some(pair.clone())))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = s
        .send(post(None, vec![("_form", "forged")], Some(pair)))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Every visitor gets a token of their own: the page is not served from the cache.
    let again = s.get("/yunxi/xxgk/ysq", None).await;
    assert_ne!(hidden(&again.text(), "_form").unwrap(), token);
}

#[tokio::test]
async fn personal_data_is_never_stored_by_browsers_or_proxies() {
    let s = apps().await.into_iter().next().unwrap();
    s.clock.set(at(d("2025-09-26")));
    let officer = s.staff("officer", Role::DisclosureOfficer, s.county).await;
    let r = s
        .app
        .submit_application("yunxi", &applicant(), &request("某文件"), "1.2.3.4")
        .await
        .unwrap();
    let mut web = s.client();
    web.login("officer").await;
    let case = format!("/admin/applications/{}", r.tracking_number);
    for path in [
        case.as_str(),
        "/admin/applications",
        "/admin/applications/register.csv",
        "/admin/applications/register.xlsx",
    ] {
        let r = web.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(
            r.headers.get(header::CACHE_CONTROL).unwrap(),
            "no-store",
            "{path}"
        );
    }
    let api = s
        .get(
            &format!("/api/v1/applications/{}", r.tracking_number),
            Some(&officer.token),
        )
        .await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let track = s
        .json(
            Method::POST,
            "/api/v1/applications/track",
            None,
            &serde_json::json!({"tracking_number": r.tracking_number, "query_code": r.query_code}),
        )
        .await;
    assert_eq!(
        track.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    // Public pages stay cacheable (revalidated).
    let home = s.get("/yunxi/", None).await;
    assert_ne!(
        home.headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
}

#[tokio::test]
async fn metrics_are_for_the_node_itself_or_a_token() {
    let mut s = apps().await.into_iter().next().unwrap();
    let get = |ip: Option<&str>, forwarded: bool, token: Option<&str>| {
        let mut b = Request::get("/metrics");
        if let Some(ip) = ip {
            b = b.extension(from(ip));
        }
        if forwarded {
            b = b.header("x-forwarded-for", "203.0.113.5");
        }
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        b.body(Body::empty()).unwrap()
    };
    assert_eq!(
        s.send(get(None, false, None)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.send(get(Some("203.0.113.5"), false, None)).await.status,
        StatusCode::NOT_FOUND
    );
    let local = s.send(get(Some("127.0.0.1"), false, None)).await;
    assert_eq!(local.status, StatusCode::OK);
    assert!(local.text().contains("gongkai_documents"));
    // Through a proxy on the same machine: not local.
    assert_eq!(
        s.send(get(Some("127.0.0.1"), true, None)).await.status,
        StatusCode::NOT_FOUND
    );
    // With the configured token, from anywhere.
    s.state.metrics_token = Some("monitoring-secret".into());
    s.router = gongkai_web::router(s.state.clone());
    assert_eq!(
        s.send(get(Some("203.0.113.5"), true, Some("monitoring-secret")))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        s.send(get(Some("203.0.113.5"), true, Some("guess")))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_client_that_never_finishes_its_request_is_dropped() {
    let s = apps().await.into_iter().next().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(gongkai_web::serve_until(
        s.state.clone(),
        listener,
        gongkai_web::Timeouts {
            headers: Duration::from_millis(500),
            body: Duration::from_millis(500),
            shutdown: Duration::from_secs(2),
        },
        async {
            let _ = stopped.await;
        },
    ));
    // Headers that never end: the connection is closed.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "still open after the header timeout");
    // A body that stops halfway: the request ends, the connection with it.
    let mut half = tokio::net::TcpStream::connect(addr).await.unwrap();
    half.write_all(
        b"POST /yunxi/xxgk/ysq HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=",
    )
    .await
    .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), half.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "still open after the body timeout");
    // An ordinary request is served.
    let mut ok = tokio::net::TcpStream::connect(addr).await.unwrap();
    ok.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), ok.read_to_end(&mut buf))
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 200"));
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
