//! From the event log to deliveries: each new event that tells of a public change
//! becomes one delivery per active webhook that wants it, in the same transaction
//! that moves the cursor, so no event is fanned out twice or skipped.

use gongkai_domain::channels::paths;
use gongkai_domain::channels::webhook::Topic;
use gongkai_domain::workflow::State;
use gongkai_store::events::{self, Event};
use gongkai_store::orgs::Org;
use gongkai_store::webhooks::{self as store, CURSOR, Webhook};
use gongkai_store::{AnyConnection, documents, gazettes, settings};
use serde_json::{Value, json};

use crate::{Actor, App, AppResult, OrgTree};

/// Events read per round.
const BATCH: i64 = 200;

/// What one event tells a subscriber.
struct Outgoing {
    topic: Topic,
    org: Org,
    /// The public page it is about.
    path: String,
    data: Value,
}

impl App {
    /// Queues deliveries for the events after the cursor; how many were queued.
    pub(super) async fn fan_out(&self) -> AppResult<usize> {
        let mut c = self.store.conn().await?;
        let hooks = store::all(&mut c).await?;
        if hooks.is_empty() {
            return Ok(0);
        }
        let cursor: i64 = settings::get(&mut c, CURSOR)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let batch = events::after(&mut c, cursor, BATCH).await?;
        let Some(last) = batch.last().map(|e| e.seq) else {
            return Ok(0);
        };
        let active: Vec<&Webhook> = hooks.iter().filter(|h| h.active).collect();
        let tree = self.org_tree().await?;
        let mut queued = Vec::new();
        for ev in batch.iter().filter(|_| !active.is_empty()) {
            let Some(out) = self.outgoing(&mut c, &tree, ev).await? else {
                continue;
            };
            let ancestry = tree.ancestry_ids(out.org.id);
            for h in &active {
                let wants = h.topics.is_empty() || h.topics.iter().any(|t| t == out.topic.code());
                // A webhook hears of what happened after it was registered only.
                if !wants || !ancestry.contains(&h.org_id) || h.created_at > ev.at {
                    continue;
                }
                queued.push((h.id, ev.seq, out.topic, body(h, ev, &out)));
            }
        }
        drop(c);
        let mut tx = self.store.begin(self.now()).await?;
        for (hook, seq, topic, body) in &queued {
            store::queue(&mut tx, *hook, *seq, topic.code(), body).await?;
        }
        settings::set(&mut tx, CURSOR, &last.to_string()).await?;
        tx.record(
            self.audit(
                &Actor::cli(),
                "webhook.fan_out",
                "webhook",
                None,
                None,
                json!({ "after": cursor, "to": last, "queued": queued.len() }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(queued.len())
    }

    /// What `ev` tells subscribers, if it is a public change. Read at fan-out time:
    /// the public record as it stands, masked as the portal shows it.
    async fn outgoing(
        &self,
        c: &mut AnyConnection,
        tree: &OrgTree,
        ev: &Event,
    ) -> AppResult<Option<Outgoing>> {
        let Some(org) = ev.org_id.and_then(|o| tree.get(o)).cloned() else {
            return Ok(None);
        };
        let out = match (ev.entity_type.as_str(), ev.kind.as_str(), ev.entity_id) {
            ("document", kind, Some(id)) => {
                // The state the change left the document in, as the event recorded
                // it: several sign-offs fanned out together must not each announce
                // the publication that only the last one made.
                let state_after = ev
                    .payload
                    .get(if kind == "document.state_changed" {
                        "to"
                    } else {
                        "state"
                    })
                    .and_then(Value::as_str)
                    .and_then(|s| State::ALL.into_iter().find(|x| x.as_str() == s));
                let topic = match (kind, state_after) {
                    ("document.created" | "document.state_changed", Some(State::Published)) => {
                        Topic::DocumentPublished
                    }
                    ("document.updated", Some(State::Published)) => Topic::DocumentUpdated,
                    ("document.state_changed", Some(State::Withdrawn | State::Archived)) => {
                        Topic::DocumentWithdrawn
                    }
                    _ => return Ok(None),
                };
                let Some(doc) = documents::get(c, id).await? else {
                    return Ok(None);
                };
                let path = paths::document(&org.slug, &doc.index_number);
                if topic == Topic::DocumentWithdrawn {
                    // Only what the public could see is announced as gone.
                    if doc.published_on.is_none() || !doc.decision.attribute.is_public() {
                        return Ok(None);
                    }
                    Outgoing {
                        topic,
                        data: json!({ "index_number": doc.index_number }),
                        org,
                        path,
                    }
                } else {
                    // Read as the portal shows it now (personal data masked); a document
                    // withdrawn since is not announced.
                    let Some(p) = self.public_document(&doc.index_number).await? else {
                        return Ok(None);
                    };
                    let d = &p.doc;
                    Outgoing {
                        topic,
                        data: json!({
                            "index_number": d.index_number,
                            "title": d.title,
                            "doc_number": d.doc_number.as_ref().map(ToString::to_string),
                            "category": d.category,
                            "published_on": d.published_on,
                        }),
                        org,
                        path,
                    }
                }
            }
            ("gazette_issue", "gazette.published", Some(id)) => {
                let Some(issue) = gazettes::by_id(c, id).await? else {
                    return Ok(None);
                };
                Outgoing {
                    topic: Topic::GazettePublished,
                    path: paths::gazette_issue(&org.slug, issue.year, issue.number),
                    data: json!({
                        "year": issue.year,
                        "number": issue.number,
                        "total_number": issue.total_number,
                        "published_on": issue.published_on,
                        "sha256": issue.pdf_sha256,
                    }),
                    org,
                }
            }
            ("annual_report", "report.published", _) => {
                let Some(year) = ev.payload.get("year").and_then(Value::as_i64) else {
                    return Ok(None);
                };
                let year = i32::try_from(year).unwrap_or_default();
                Outgoing {
                    topic: Topic::ReportPublished,
                    path: paths::annual_report(&org.slug, year),
                    data: json!({ "year": year }),
                    org,
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(out))
    }
}

/// The JSON a subscriber receives; the same bytes on every attempt.
fn body(hook: &Webhook, ev: &Event, out: &Outgoing) -> String {
    let mut data = out.data.clone();
    if let Value::Object(m) = &mut data {
        m.insert("path".into(), json!(out.path));
        if !hook.origin.is_empty() {
            m.insert("url".into(), json!(format!("{}{}", hook.origin, out.path)));
        }
    }
    json!({
        "topic": out.topic.code(),
        "event": ev.seq,
        "occurred_at": ev.at,
        "org": { "slug": out.org.slug, "name": out.org.name },
        "data": data,
    })
    .to_string()
}
