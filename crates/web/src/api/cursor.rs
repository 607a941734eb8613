//! Stable cursors for the API's lists that answer with a JSON array: `limit` items
//! after the `cursor`, and the next page's address in a `Link: <…>; rel="next"` header
//! (RFC 8288), so the body stays the array it always was. The cursor is the last item's
//! sort key, not a position: an item added or removed meanwhile neither repeats nor
//! skips one on the next page, as an offset would.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use super::documents::bad_param;
use crate::error::ApiError;

/// Items per page unless `limit` says otherwise, and the most it may say.
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 500;

/// The paging parameters, as the OpenAPI document lists them.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CursorParams {
    /// 每页条数，1–500，默认100。下一页的地址在响应头 `Link`（rel="next"）中；没有该响应头时已是末页。
    pub limit: Option<String>,
    /// 上一页响应头 `Link` 中的游标，从其后继续；翻页不受期间新增或删除条目的影响。
    pub cursor: Option<String>,
}

/// A request's page: how many, after which key, and the address it came to.
pub struct Keyset {
    limit: usize,
    cursor: Option<String>,
    uri: Uri,
}

impl<S: Send + Sync> FromRequestParts<S> for Keyset {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let p: CursorParams = serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
            .map_err(|e| ApiError::bad_request(format!("查询参数有误：{e}")))?;
        let limit = match p.limit.as_deref() {
            None => DEFAULT_LIMIT,
            Some(v) => v
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    bad_param("limit", format!("应为1到{MAX_LIMIT}的整数，而不是“{v}”"))
                })?,
        };
        // Inside the API's nested router the path has lost its /api/v1 prefix; the
        // link names the address the client used.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.clone(), |o| o.0.clone());
        Ok(Keyset {
            limit,
            cursor: p.cursor,
            uri,
        })
    }
}

/// One page of a list.
pub struct Page<T> {
    pub items: Vec<T>,
    next: Option<String>,
}

impl Keyset {
    /// The page of `items`, put in ascending order of `key`, after the cursor. The key
    /// orders the list here rather than the database's collation, which differs between
    /// backends for Chinese text.
    pub fn page<T, K>(&self, mut items: Vec<T>, key: impl Fn(&T) -> K) -> Result<Page<T>, ApiError>
    where
        K: Ord + Serialize + DeserializeOwned,
    {
        let after: Option<K> = self.cursor.as_deref().map(decode).transpose()?;
        items.sort_by_cached_key(|t| key(t));
        let mut rest: Vec<T> = items
            .into_iter()
            .filter(|t| after.as_ref().is_none_or(|a| key(t) > *a))
            .collect();
        let more = rest.len() > self.limit;
        rest.truncate(self.limit);
        let next = match rest.last() {
            Some(last) if more => Some(self.link(&encode(&key(last)))),
            _ => None,
        };
        Ok(Page { items: rest, next })
    }

    /// This request's address with `cursor` in place of the one it had.
    fn link(&self, cursor: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(self.uri.query().unwrap_or("").as_bytes()) {
            if k != "cursor" {
                q.append_pair(&k, &v);
            }
        }
        q.append_pair("cursor", cursor);
        format!("{}?{}", self.uri.path(), q.finish())
    }
}

impl<T: Serialize> IntoResponse for Page<T> {
    fn into_response(self) -> Response {
        let mut r = axum::Json(self.items).into_response();
        if let Some(next) = self.next
            && let Ok(v) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\""))
        {
            r.headers_mut().insert(header::LINK, v);
        }
        r
    }
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
        }
    }
}

/// A key as the cursor carries it: its JSON, in hex, so it is opaque and safe in a URL.
fn encode<K: Serialize>(key: &K) -> String {
    serde_json::to_vec(key)
        .unwrap_or_default()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The answer to a `cursor` this API did not give, for every list that takes one.
pub(super) fn bad_cursor(cursor: &str) -> ApiError {
    bad_param("cursor", format!("不是本接口给出的游标：“{cursor}”"))
}

fn decode<K: DeserializeOwned>(cursor: &str) -> Result<K, ApiError> {
    let bad = || bad_cursor(cursor);
    let c = cursor.trim();
    if !c.len().is_multiple_of(2) || c.len() > 2048 {
        return Err(bad());
    }
    let bytes = (0..c.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(c.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad())?;
    serde_json::from_slice(&bytes).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyset(q: &str) -> Keyset {
        let uri: Uri = format!("/api/v1/x?{q}").parse().unwrap();
        let mut limit = DEFAULT_LIMIT;
        let mut cursor = None;
        for (k, v) in form_urlencoded::parse(q.as_bytes()) {
            match &*k {
                "limit" => limit = v.parse().unwrap(),
                "cursor" => cursor = Some(v.into_owned()),
                _ => {}
            }
        }
        Keyset { limit, cursor, uri }
    }

    fn cursor_of(next: &str) -> String {
        let q = next.split_once('?').unwrap().1;
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "cursor")
            .unwrap()
            .1
            .into_owned()
    }

    #[test]
    fn pages_continue_after_the_last_key_whatever_was_added() {
        let items: Vec<(i64, String)> = (1..=5).map(|i| (i, format!("事项{i}"))).collect();
        let first = keyset("org=czj&limit=2")
            .page(items.clone(), |t| t.0)
            .unwrap();
        assert_eq!(first.items.iter().map(|t| t.0).collect::<Vec<_>>(), [1, 2]);
        let next = first.next.unwrap();
        assert!(
            next.starts_with("/api/v1/x?org=czj&limit=2&cursor="),
            "{next}"
        );
        // An item added before the cursor does not shift the next page.
        let mut grown = items.clone();
        grown.insert(0, (0, "新增".into()));
        let second = keyset(&format!("org=czj&limit=2&cursor={}", cursor_of(&next)))
            .page(grown, |t| t.0)
            .unwrap();
        assert_eq!(second.items.iter().map(|t| t.0).collect::<Vec<_>>(), [3, 4]);
        let third = keyset(&format!(
            "limit=2&cursor={}",
            cursor_of(&second.next.unwrap())
        ))
        .page(items, |t| t.0)
        .unwrap();
        assert_eq!(third.items.len(), 1);
        assert!(third.next.is_none(), "the last page has no next link");
    }

    #[test]
    fn a_cursor_not_made_here_is_refused() {
        for bad in ["zz", "abc", "7b", "%%", ""] {
            assert!(decode::<(i64, String)>(bad).is_err(), "{bad}");
        }
        assert_eq!(
            decode::<(i64, String)>(&encode(&(3, "甲".to_owned())))
                .unwrap()
                .1,
            "甲"
        );
    }
}
