//! One POST to a subscriber's server: plain HTTP or TLS (with the web's root
//! certificates, as browsers trust them), bounded in time, reading only the status.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use gongkai_domain::channels::webhook::WebhookUrl;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

/// How long a subscriber has to answer, connection and TLS included.
pub const TIMEOUT: Duration = Duration::from_secs(10);

fn tls() -> TlsConnector {
    static CONFIG: OnceLock<Arc<ClientConfig>> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        Arc::new(
            ClientConfig::builder()
                .with_root_certificates(roots)
                .with_no_client_auth(),
        )
    });
    TlsConnector::from(config.clone())
}

/// Posts `body` with `headers`; the status the server answered, or why there was none
/// (in Chinese, for the delivery log).
pub async fn post(
    url: &WebhookUrl,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Result<u16, String> {
    match tokio::time::timeout(TIMEOUT, exchange(url, headers, body)).await {
        Ok(r) => r,
        Err(_) => Err(format!("{}秒内没有应答", TIMEOUT.as_secs())),
    }
}

async fn exchange(
    url: &WebhookUrl,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Result<u16, String> {
    let tcp = TcpStream::connect((url.host().trim_matches(['[', ']']), url.port()))
        .await
        .map_err(|e| format!("无法连接 {}:{}（{e}）", url.host(), url.port()))?;
    let _ = tcp.set_nodelay(true);
    let request = build(url, headers, body)?;
    if url.is_https() {
        let name = ServerName::try_from(url.host().trim_matches(['[', ']']).to_owned())
            .map_err(|_| format!("主机名“{}”无效", url.host()))?;
        let stream = tls()
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS 握手失败（{e}）"))?;
        send(stream, request).await
    } else {
        send(tcp, request).await
    }
}

fn build(
    url: &WebhookUrl,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Result<hyper::Request<Full<Bytes>>, String> {
    let host = match (url.is_https(), url.port()) {
        (true, 443) | (false, 80) => url.host().to_owned(),
        (_, port) => format!("{}:{port}", url.host()),
    };
    let mut b = hyper::Request::post(url.target())
        .header(hyper::header::HOST, host)
        .header(
            hyper::header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        )
        .header(
            hyper::header::USER_AGENT,
            concat!("Gongkai-Webhook/", env!("CARGO_PKG_VERSION")),
        )
        .header(hyper::header::CONNECTION, "close");
    for (name, value) in headers {
        b = b.header(*name, value.as_str());
    }
    b.body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("请求无法构成（{e}）"))
}

async fn send<S>(io: S, request: hyper::Request<Full<Bytes>>) -> Result<u16, String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| format!("HTTP 连接失败（{e}）"))?;
    // The connection is driven beside the request; it ends when the answer is read
    // (Connection: close) or when the request is dropped on timeout.
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    let answer = sender
        .send_request(request)
        .await
        .map(|r| r.status().as_u16())
        .map_err(|e| format!("没有收到有效应答（{e}）"));
    driver.abort();
    answer
}
