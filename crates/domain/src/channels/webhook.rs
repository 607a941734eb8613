//! Webhooks: what the platform tells a subscriber's server when something is
//! published, how the message is signed, and how often a failed delivery is retried.
//!
//! A subscriber checks a delivery by computing HMAC-SHA256 with its secret over
//! `"{t}.{body}"` (the timestamp from the signature header, a dot, and the raw body)
//! and comparing the hex digest with `v1`; it rejects a timestamp far from its own
//! clock, so a captured delivery cannot be replayed later.

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::invalid::Invalid;

/// The request header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256>`.
pub const SIGNATURE_HEADER: &str = "Gongkai-Signature";
/// The request header naming the topic of a delivery.
pub const TOPIC_HEADER: &str = "Gongkai-Topic";
/// The request header carrying the delivery's number (the same on every retry).
pub const DELIVERY_HEADER: &str = "Gongkai-Delivery";

/// Attempts before a delivery is given up: about 12 hours of retries with
/// [`retry_after`], enough to ride out a receiver's night-time maintenance.
pub const MAX_ATTEMPTS: i64 = 12;

/// Finished deliveries (delivered or given up) and their attempts are kept this long
/// for the delivery log, then removed; pending ones are kept until they finish.
pub const KEEP_DELIVERIES_DAYS: i64 = 90;

/// Seconds to wait after failed attempt `n` (from 1): 30 s doubling, at most 4 hours.
pub fn retry_after(attempt: i64) -> i64 {
    let doublings = u32::try_from((attempt - 1).clamp(0, 20)).unwrap_or(0);
    (30_i64 << doublings).min(4 * 3600)
}

/// The signature header's value for `body` sent at `unix_seconds`.
pub fn signature(secret: &str, unix_seconds: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={unix_seconds},v1={hex}")
}

/// What a subscriber can be told of. Only public changes: a webhook is a channel to
/// the outside like the portal, so nothing unpublished ever leaves through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Topic {
    /// A document became public (its first publication, or published again).
    #[serde(rename = "document.published")]
    DocumentPublished,
    /// A public document changed (corrected, marked amended or repealed).
    #[serde(rename = "document.updated")]
    DocumentUpdated,
    /// A public document was withdrawn or archived and is no longer shown.
    #[serde(rename = "document.withdrawn")]
    DocumentWithdrawn,
    /// A gazette issue was published.
    #[serde(rename = "gazette.published")]
    GazettePublished,
    /// An annual report was published.
    #[serde(rename = "report.published")]
    ReportPublished,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Self::DocumentPublished,
        Self::DocumentUpdated,
        Self::DocumentWithdrawn,
        Self::GazettePublished,
        Self::ReportPublished,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::DocumentPublished => "document.published",
            Self::DocumentUpdated => "document.updated",
            Self::DocumentWithdrawn => "document.withdrawn",
            Self::GazettePublished => "gazette.published",
            Self::ReportPublished => "report.published",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::DocumentPublished => "文件公开",
            Self::DocumentUpdated => "已公开文件更新",
            Self::DocumentWithdrawn => "文件撤回",
            Self::GazettePublished => "公报发布",
            Self::ReportPublished => "年度报告发布",
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Topic {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|t| t.code() == s.trim())
            .ok_or_else(|| Invalid::new("topics", format!("没有“{}”这一推送事件", s.trim())))
    }
}

/// The topics a webhook wants, written as a comma-separated list of codes; none
/// written means all.
pub fn parse_topics(codes: &[String]) -> Result<Vec<Topic>, Invalid> {
    let mut topics: Vec<Topic> = codes
        .iter()
        .flat_map(|c| c.split([',', '，']))
        .filter(|c| !c.trim().is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    topics.sort();
    topics.dedup();
    Ok(topics)
}

/// The longest address accepted; real endpoints are far shorter.
const MAX_URL: usize = 2000;

/// A receiving address: http or https, with a host, no credentials in it, and not
/// the platform itself (a delivery that arrives back here would only make another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUrl {
    url: url::Url,
}

impl WebhookUrl {
    /// Parses `raw`, refusing any address of `own_origins` (`scheme://host[:port]`
    /// of the platform, as its visitors reach it).
    pub fn parse(raw: &str, own_origins: &[String]) -> Result<Self, Invalid> {
        let raw = raw.trim();
        let bad = |m: &str| Invalid::new("url", m);
        if raw.is_empty() {
            return Err(bad("请填写接收推送的地址"));
        }
        if raw.len() > MAX_URL {
            return Err(bad("接收地址过长"));
        }
        let url = url::Url::parse(raw)
            .map_err(|_| bad("接收地址不是有效的网址，应形如 https://example.gov.cn/hook"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(bad("接收地址须以 http:// 或 https:// 开头"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(bad("接收地址缺少主机名"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("接收地址中不能含用户名或密码，请改用签名密钥验证"));
        }
        let this = Self { url };
        if own_origins
            .iter()
            .filter_map(|o| url::Url::parse(o).ok())
            .any(|o| this.same_origin(&o))
        {
            return Err(bad("接收地址指向本平台自身，推送会形成循环"));
        }
        Ok(this)
    }

    fn same_origin(&self, other: &url::Url) -> bool {
        self.url.host_str().map(str::to_ascii_lowercase)
            == other.host_str().map(str::to_ascii_lowercase)
            && self.url.port_or_known_default() == other.port_or_known_default()
    }

    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    pub fn is_https(&self) -> bool {
        self.url.scheme() == "https"
    }

    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    pub fn port(&self) -> u16 {
        self.url.port_or_known_default().unwrap_or(80)
    }

    /// The path and query, as the request line carries them.
    pub fn target(&self) -> String {
        match self.url.query() {
            Some(q) => format!("{}?{q}", self.url.path()),
            None => self.url.path().to_owned(),
        }
    }
}

impl fmt::Display for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac s3cret
        assert_eq!(
            signature("s3cret", 1_700_000_000, b"{}"),
            "t=1700000000,v1=97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf"
        );
    }

    #[test]
    fn retries_back_off_and_stop() {
        assert_eq!(retry_after(1), 30);
        assert_eq!(retry_after(2), 60);
        assert_eq!(retry_after(5), 480);
        assert_eq!(retry_after(9), 7680);
        assert_eq!(retry_after(10), 4 * 3600);
        assert_eq!(retry_after(60), 4 * 3600);
        let total: i64 = (1..MAX_ATTEMPTS).map(retry_after).sum();
        assert!((11 * 3600..13 * 3600).contains(&total), "{total}");
    }

    #[test]
    fn addresses_are_checked() {
        let own = vec!["http://127.0.0.1:8080".to_owned()];
        let ok = WebhookUrl::parse(" https://hook.example.gov.cn/in?x=1 ", &own).unwrap();
        assert_eq!(ok.host(), "hook.example.gov.cn");
        assert_eq!(ok.port(), 443);
        assert_eq!(ok.target(), "/in?x=1");
        assert!(WebhookUrl::parse("http://127.0.0.1:9000/hook", &own).is_ok());
        for (raw, words) in [
            ("", "请填写"),
            ("ftp://example.gov.cn/x", "http"),
            ("javascript:alert(1)", "http"),
            ("example.gov.cn/hook", "有效的网址"),
            ("https://user:pw@example.gov.cn/", "用户名或密码"),
            ("http://127.0.0.1:8080/api/hook", "本平台自身"),
            ("HTTP://127.0.0.1:8080", "本平台自身"),
        ] {
            let e = WebhookUrl::parse(raw, &own).unwrap_err();
            assert_eq!(e.field, "url");
            assert!(e.message.contains(words), "{raw}: {}", e.message);
        }
        let long = format!("https://example.gov.cn/{}", "a".repeat(MAX_URL));
        assert!(WebhookUrl::parse(&long, &own).is_err());
    }

    #[test]
    fn topics_read_from_a_list() {
        let t = parse_topics(&["document.published， gazette.published".into()]).unwrap();
        assert_eq!(t, vec![Topic::DocumentPublished, Topic::GazettePublished]);
        assert!(parse_topics(&[]).unwrap().is_empty());
        assert!(parse_topics(&["document.deleted".into()]).is_err());
        for t in Topic::ALL {
            assert_eq!(t.code().parse::<Topic>().unwrap(), t);
        }
    }
}
