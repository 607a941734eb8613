//! Bulk import of already published documents (docs/import.md). A batch is one
//! transaction: its documents, their audit entries and events, and the file's
//! progress, so an interrupted import resumes exactly after the last batch.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use gongkai_domain::china_time::parse_date;
use gongkai_domain::document::{DocumentFields, RawDocument};
use gongkai_domain::index_number::IndexNumber;
use gongkai_domain::org::IndexCode;
use gongkai_domain::role::Role;
use gongkai_domain::validity::Validity;
use gongkai_domain::workflow::State;
use gongkai_store::documents::{self, NewDocument};
use serde::Deserialize;
use serde_json::json;

use crate::documents::event_of;
use crate::sanitize::sanitize_body;
use crate::{Actor, App, AppError, AppResult};

/// One line of an import file, after any field map was applied.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImportRecord {
    pub key: String,
    pub title: String,
    pub written_on: String,
    pub published_on: String,
    pub doc_number: String,
    pub topic: String,
    pub category: String,
    pub column: String,
    pub summary: String,
    pub body: String,
    pub validity: String,
    pub org: String,
}

/// A batch of lines: each either a record or the reason it could not be read.
pub struct ImportBatch<'a> {
    /// Where the lines come from (a file name), for the audit trail.
    pub source: &'a str,
    /// The file's identity and the number of lines done once this batch commits.
    pub progress: Option<(&'a str, i64)>,
    pub default_org: i64,
    pub lines: Vec<(u64, Result<ImportRecord, String>)>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BatchReport {
    pub imported: usize,
    /// Lines whose key was already imported (or repeated in the file).
    pub skipped: usize,
    /// (line number, reason)
    pub errors: Vec<(u64, String)>,
}

struct Ready {
    line: u64,
    org_id: i64,
    key: String,
    fields: DocumentFields,
    published_on: NaiveDate,
    validity: Validity,
}

const MAX_KEY_CHARS: usize = 300;

impl App {
    /// Imports one batch; bad lines are reported and the others imported.
    pub async fn import_batch(
        &self,
        actor: &Actor,
        batch: ImportBatch<'_>,
    ) -> AppResult<BatchReport> {
        let tree = self.org_tree().await?;
        let today = self.today();
        let mut report = BatchReport::default();
        let mut ready: Vec<Ready> = Vec::new();
        for (line, rec) in batch.lines {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    report.errors.push((line, e));
                    continue;
                }
            };
            match self.check_line(actor, &tree, batch.default_org, today, rec) {
                Ok(r) => ready.push(Ready { line, ..r }),
                Err(e) => report.errors.push((line, e)),
            }
        }

        // Keys already imported, or repeated in this batch: skipped, not errors, so
        // that importing the same file twice adds nothing.
        let mut c = self.store.conn().await?;
        let mut seen: HashSet<(i64, String)> = HashSet::new();
        let mut by_org: HashMap<i64, Vec<&str>> = HashMap::new();
        for r in &ready {
            by_org.entry(r.org_id).or_default().push(&r.key);
        }
        for (org, keys) in &by_org {
            for k in documents::existing_source_keys(&mut c, *org, keys).await? {
                seen.insert((*org, k));
            }
        }
        let mut numbers: HashMap<i64, Vec<String>> = HashMap::new();
        let mut fresh = Vec::with_capacity(ready.len());
        for r in ready {
            if !seen.insert((r.org_id, r.key.clone())) {
                report.skipped += 1;
                continue;
            }
            if let Some(n) = &r.fields.doc_number {
                numbers
                    .entry(r.org_id)
                    .or_default()
                    .push(n.normalized().to_owned());
            }
            fresh.push(r);
        }
        // A 文号 the issuer already uses (or uses twice here) is an error of that line;
        // checked before writing, since a failed insert would end the transaction.
        let mut taken: HashSet<(i64, String)> = HashSet::new();
        for (org, nums) in &numbers {
            let refs: Vec<&str> = nums.iter().map(String::as_str).collect();
            for n in documents::existing_doc_numbers(&mut c, *org, &refs).await? {
                taken.insert((*org, n));
            }
        }
        drop(c);
        let mut writable = Vec::with_capacity(fresh.len());
        for r in fresh {
            if let Some(n) = &r.fields.doc_number
                && !taken.insert((r.org_id, n.normalized().to_owned()))
            {
                report.errors.push((
                    r.line,
                    format!("本机关已有文号为“{}”的文件", n.normalized()),
                ));
                continue;
            }
            writable.push(r);
        }

        let mut tx = self.store.begin(self.now()).await?;
        let created_by = self.author(&mut tx, actor).await?;
        let mut next_serial: HashMap<(i64, i32), u32> = HashMap::new();
        let mut counts: HashMap<(i64, i32), u32> = HashMap::new();
        for r in &writable {
            *counts
                .entry((r.org_id, r.fields.written_on.year()))
                .or_default() += 1;
        }
        for ((org, year), n) in &counts {
            let first = documents::reserve_index_serials(&mut tx, *org, *year, *n).await?;
            next_serial.insert((*org, *year), first);
        }
        for r in &writable {
            let org = tree
                .get(r.org_id)
                .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
            let code =
                IndexCode::parse(&org.index_code).map_err(|e| AppError::Internal(e.message))?;
            let year = r.fields.written_on.year();
            let serial = next_serial
                .get_mut(&(r.org_id, year))
                .expect("reserved above");
            let index_number = IndexNumber::new(code, year, *serial).to_string();
            *serial += 1;
            let id = documents::insert(
                &mut tx,
                &NewDocument {
                    org_id: r.org_id,
                    index_number: &index_number,
                    fields: &r.fields,
                    created_by,
                    state: State::Published,
                    published_on: Some(r.published_on),
                    validity: r.validity,
                    source_key: Some(&r.key),
                },
            )
            .await?;
            let ancestry = tree.ancestry_ids(r.org_id);
            tx.record(
                self.audit(
                    actor,
                    "document.import",
                    "document",
                    Some(id),
                    Some(r.org_id),
                    json!({ "source": batch.source, "line": r.line, "key": r.key, "index_number": index_number }),
                ),
                Some(event_of(
                    "document.created",
                    id,
                    &index_number,
                    r.org_id,
                    &ancestry,
                    State::Published,
                )),
            )
            .await?;
            report.imported += 1;
        }
        if let Some((file_id, done)) = batch.progress {
            documents::set_import_progress(&mut tx, file_id, batch.source, done).await?;
        }
        if writable.is_empty() {
            // Nothing written but progress: still on the record, as a batch.
            tx.record(
                self.audit(actor, "document.import_batch", "import", None, None, json!({ "source": batch.source, "skipped": report.skipped, "errors": report.errors.len() })),
                None,
            )
            .await?;
        }
        tx.commit().await?;
        report.errors.sort_by_key(|e| e.0);
        Ok(report)
    }

    fn check_line(
        &self,
        actor: &Actor,
        tree: &crate::OrgTree,
        default_org: i64,
        today: NaiveDate,
        rec: ImportRecord,
    ) -> Result<Ready, String> {
        let org = if rec.org.trim().is_empty() {
            tree.get(default_org)
        } else {
            tree.by_slug(rec.org.trim())
        }
        .ok_or_else(|| format!("机构“{}”不存在", rec.org.trim()))?;
        let ancestry = tree.ancestry_ids(org.id);
        if !actor.is_platform_admin() && !actor.holds(Role::DisclosureOfficer, &ancestry) {
            return Err(format!("无权向“{}”导入文件", org.name));
        }
        let key = rec.key.trim();
        if key.is_empty() {
            return Err("缺少 key（文件在来源中的标识）".into());
        }
        if key.chars().count() > MAX_KEY_CHARS {
            return Err(format!("key 过长（最多{MAX_KEY_CHARS}个字符）"));
        }
        let raw = RawDocument {
            title: rec.title,
            doc_number: rec.doc_number,
            written_on: rec.written_on.clone(),
            topic: if rec.topic.trim().is_empty() {
                "zhzw".into()
            } else {
                rec.topic
            },
            category: rec.category,
            column: rec.column,
            summary: rec.summary,
            body: rec.body,
            attribute: "proactive".into(),
            ..Default::default()
        };
        let mut fields = DocumentFields::parse(&raw).map_err(|v| {
            v.iter()
                .map(|i| i.message.as_str())
                .collect::<Vec<_>>()
                .join("；")
        })?;
        if let Some(cat) = fields.category
            && !cat.applies_to(org.level, tree.government_level(org))
        {
            return Err(format!("类别“{}”不适用于{}", cat.title, org.name));
        }
        if fields.written_on > today {
            return Err("成文日期晚于今天".into());
        }
        let published_on = if rec.published_on.trim().is_empty() {
            fields.written_on
        } else {
            parse_date("published_on", "发布日期", &rec.published_on).map_err(|e| e.message)?
        };
        if published_on < fields.written_on {
            return Err("发布日期早于成文日期".into());
        }
        let validity = if rec.validity.trim().is_empty() {
            Validity::Valid
        } else {
            rec.validity
                .trim()
                .parse::<Validity>()
                .map_err(|e| e.message)?
        };
        fields.body = sanitize_body(&fields.body);
        Ok(Ready {
            line: 0,
            org_id: org.id,
            key: key.to_owned(),
            fields,
            published_on,
            validity,
        })
    }

    /// Lines of an import file already committed (0 for a new file).
    pub async fn import_progress(&self, file_id: &str) -> AppResult<i64> {
        let mut c = self.store.conn().await?;
        Ok(documents::import_progress(&mut c, file_id).await?)
    }
}
