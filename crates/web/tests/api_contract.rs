//! The API's description is complete: every operation is probed the ways clients get
//! things wrong — no token, a token without roles, an administrator's token, a body
//! that is not JSON, the wrong content type, parameters that are nonsense, numbers that
//! name nothing — and every status the router answers must be one the OpenAPI document
//! lists for that operation. A 5xx is never acceptable.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::{Method, StatusCode};
use gongkai_domain::role::Role;
use support::*;

/// One probe: the address, the token, the content type and the body.
type Probe<'a> = (String, Option<&'a str>, Option<&'a str>, Vec<u8>);

/// Path parameters filled with values that exist, and with values that do not.
fn concrete(path: &str, existing: bool) -> String {
    let pairs: [(&str, &str, &str); 7] = [
        ("{slug}", "yunxi", "nowhere"),
        ("{org}", "yunxi", "nowhere"),
        ("{year}", "2025", "1999"),
        ("{index_number}", "X-2026-00001", "X-2026-00001"),
        (
            "{tracking_number}",
            "yunxi-2026-00099",
            "nowhere-2026-00001",
        ),
        ("{id}", "1", "999999"),
        ("{kind}", "reply", "nothing"),
    ];
    let mut out = path.to_owned();
    for (k, yes, no) in pairs {
        out = out.replace(k, if existing { yes } else { no });
    }
    out
}

#[tokio::test]
async fn every_status_the_api_answers_is_documented() {
    let t = apps().await.into_iter().next().unwrap();
    let doc = t.get("/api/v1/openapi.json", None).await.json();
    let nobody = t.staff("nobody", Role::Drafter, t.village).await;
    let admin_actor = t.user("root", &[], true).await;
    let admin = t
        .app
        .create_token(
            &gongkai_app::Actor {
                via: gongkai_app::Via::Token,
                ..admin_actor.clone()
            },
            admin_actor.user_id().unwrap(),
            "contract",
        )
        .await
        .unwrap();
    let mut undocumented: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let documented: BTreeSet<u16> = op["responses"]
                .as_object()
                .unwrap()
                .keys()
                .filter_map(|k| k.parse().ok())
                .collect();
            let json_body = op["requestBody"]["content"]["application/json"].is_object();
            let raw_body = op["requestBody"]["content"]
                .as_object()
                .is_some_and(|c| !c.contains_key("application/json") && !c.is_empty());
            let mut probes: Vec<Probe> = Vec::new();
            for existing in [true, false] {
                let p = concrete(path, existing);
                for token in [None, Some(nobody.token.as_str()), Some(admin.as_str())] {
                    if json_body {
                        probes.push((p.clone(), token, Some("application/json"), b"{}".to_vec()));
                        probes.push((p.clone(), token, Some("application/json"), b"{".to_vec()));
                        probes.push((p.clone(), token, Some("text/plain"), b"{}".to_vec()));
                        probes.push((
                            p.clone(),
                            token,
                            Some("application/json"),
                            br#"{"unknown_field": 1}"#.to_vec(),
                        ));
                    } else if raw_body {
                        probes.push((
                            p.clone(),
                            token,
                            Some("application/octet-stream"),
                            b"not a table".to_vec(),
                        ));
                        probes.push((
                            format!("{p}?org=yunxi"),
                            token,
                            None,
                            b"not a table".to_vec(),
                        ));
                    } else {
                        probes.push((p.clone(), token, None, Vec::new()));
                        probes.push((
                            format!("{p}?page=abc&per_page=-1&format=zzz&all=maybe&year=x"),
                            token,
                            None,
                            Vec::new(),
                        ));
                    }
                }
            }
            for (uri, token, ct, body) in probes {
                let r = t.request(m.clone(), &uri, token, ct, body).await;
                let code = r.status.as_u16();
                assert!(
                    !r.status.is_server_error(),
                    "{method} {uri}: {} {}",
                    r.status,
                    r.text()
                );
                if r.status != StatusCode::OK
                    && r.status != StatusCode::CREATED
                    && !documented.contains(&code)
                {
                    undocumented
                        .entry(format!("{method} {path}"))
                        .or_default()
                        .insert(code);
                }
                if r.status.is_success() && !documented.contains(&code) {
                    undocumented
                        .entry(format!("{method} {path}"))
                        .or_default()
                        .insert(code);
                }
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "statuses the router answers but the document does not list: {undocumented:#?}"
    );
}
