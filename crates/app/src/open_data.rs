//! 开放数据 (issue 14): every public document in bulk, as JSON Lines and as CSV, gzip,
//! with a manifest of counts and SHA-256 sums. The files are made again when the event
//! log has moved on (by the worker, at most every [`REFRESH_EVERY`]), kept in the blob
//! store so every node serves the same bytes, and read exactly as the portal shows the
//! documents (personal data masked unless a reviewer kept it).

use std::io::Write;
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;
use gongkai_domain::channels::open_data::{DOCUMENT_FIELDS, Dataset};
use gongkai_domain::channels::paths;
use gongkai_domain::pii::review::public_text;
use gongkai_store::open_data::{self as store, StoredDataset};
use gongkai_store::{documents, events, pii_decisions};
use serde_json::{Value, json};

use crate::{Actor, App, AppError, AppResult};

/// Documents read per batch while a file is made.
const BATCH: i64 = 1000;

/// A file is made again at most this often, however busy the log.
pub const REFRESH_EVERY: Duration = Duration::from_secs(600);

/// A file as the manifest lists it.
#[derive(Debug, Clone)]
pub struct OpenDataset {
    pub dataset: Dataset,
    pub count: i64,
    pub size: i64,
    pub sha256: String,
    pub generated_at: String,
}

impl App {
    /// The files as last made; made now if they never were.
    pub async fn open_datasets(&self) -> AppResult<Vec<OpenDataset>> {
        let mut stored = self.stored_datasets().await?;
        if stored.len() < Dataset::ALL.len() {
            self.refresh_open_data(true).await?;
            stored = self.stored_datasets().await?;
        }
        Ok(Dataset::ALL
            .into_iter()
            .filter_map(|d| {
                let s = stored.iter().find(|s| s.name == d.file())?;
                Some(OpenDataset {
                    dataset: d,
                    count: s.count,
                    size: s.size,
                    sha256: s.sha256.clone(),
                    generated_at: s.generated_at.clone(),
                })
            })
            .collect())
    }

    async fn stored_datasets(&self) -> AppResult<Vec<StoredDataset>> {
        let mut c = self.store.conn().await?;
        Ok(store::all(&mut c).await?)
    }

    /// A file's bytes, by its name.
    pub async fn open_dataset_bytes(&self, file: &str) -> AppResult<(Dataset, Vec<u8>)> {
        let dataset =
            Dataset::by_file(file).ok_or_else(|| AppError::NotFound("没有这一数据集".into()))?;
        self.open_datasets().await?;
        let stored = self
            .stored_datasets()
            .await?
            .into_iter()
            .find(|s| s.name == file)
            .ok_or_else(|| AppError::NotFound("没有这一数据集".into()))?;
        let bytes = self
            .blobs
            .get(&stored.storage_key)
            .await
            .map_err(|e| AppError::Internal(format!("数据集读取失败：{e}")))?
            .ok_or_else(|| AppError::Internal("数据集文件缺失".into()))?;
        Ok((dataset, bytes))
    }

    /// Makes the files again when the log has moved past them (or always, with
    /// `force`); returns whether it did.
    pub async fn refresh_open_data(&self, force: bool) -> AppResult<bool> {
        let mut c = self.store.conn().await?;
        let seq = events::last_seq(&mut c).await?;
        let stored = store::all(&mut c).await?;
        drop(c);
        let current = stored.len() == Dataset::ALL.len() && stored.iter().all(|s| s.seq >= seq);
        if current && !force {
            return Ok(false);
        }
        let (jsonl, csv, count) = self.document_files().await?;
        let mut made = Vec::new();
        for (dataset, bytes) in [
            (Dataset::DocumentsJsonl, jsonl),
            (Dataset::DocumentsCsv, csv),
        ] {
            let sha256 = crate::sha256_hex_bytes(&bytes);
            let key = format!("open{sha256}");
            self.blobs
                .put(&key, &bytes)
                .await
                .map_err(|e| AppError::Internal(format!("数据集无法保存：{e}")))?;
            made.push(StoredDataset {
                name: dataset.file().to_owned(),
                storage_key: key,
                count,
                size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                sha256,
                seq,
                generated_at: String::new(),
            });
        }
        let mut tx = self.store.begin(self.now()).await?;
        for d in &made {
            store::put(&mut tx, d).await?;
        }
        tx.record(
            self.audit(
                &Actor::cli(),
                "open_data.generate",
                "open_dataset",
                None,
                None,
                json!({ "documents": count, "seq": seq }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        // The bytes of the files replaced stay until their keys are no longer named
        // anywhere; they are small beside the documents and a later file may match.
        Ok(true)
    }

    /// Makes the files again on the node holding the worker lease, for ever.
    pub async fn run_open_data(self) {
        loop {
            if self.is_worker()
                && let Err(e) = self.refresh_open_data(false).await
            {
                tracing::warn!(error = %e, "open data refresh failed");
            }
            tokio::time::sleep(REFRESH_EVERY).await;
        }
    }

    /// Every public document as a JSON line and a CSV row, both gzip; and the count.
    async fn document_files(&self) -> AppResult<(Vec<u8>, Vec<u8>, i64)> {
        let tree = self.org_tree().await?;
        let gz = || GzEncoder::new(Vec::new(), Compression::default());
        let (mut jsonl, mut csv) = (gz(), gz());
        let write_err = |e: std::io::Error| AppError::Internal(format!("数据集生成失败：{e}"));
        csv.write_all(&crate::csv::table(
            &DOCUMENT_FIELDS,
            Vec::<Vec<String>>::new(),
        ))
        .map_err(write_err)?;
        let mut after = 0;
        let mut count = 0;
        loop {
            let mut c = self.store.conn().await?;
            let ids = documents::public_ids(&mut c, after, BATCH).await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            after = last;
            let mut docs = documents::get_many(&mut c, &ids).await?;
            docs.sort_by_key(|d| d.id);
            for d in docs {
                let Some(org) = tree.get(d.org_id) else {
                    continue;
                };
                let kept =
                    pii_decisions::of(&mut c, &crate::pii_review::document_subject(d.id)).await?;
                let values: Vec<String> = DOCUMENT_FIELDS
                    .iter()
                    .map(|f| match *f {
                        "key" | "index_number" => d.index_number.clone(),
                        "org" => org.slug.clone(),
                        "title" => public_text(&d.title, &kept),
                        "doc_number" => d
                            .doc_number
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        "written_on" => d.written_on.to_string(),
                        "published_on" => d.published_on.map(|p| p.to_string()).unwrap_or_default(),
                        "topic" => d.topic.clone(),
                        "category" => d.category.clone().unwrap_or_default(),
                        "column" => d.column.as_str().to_owned(),
                        "validity" => d.validity.as_str().to_owned(),
                        "summary" => public_text(&d.summary, &kept),
                        "body" => public_text(&d.body, &kept),
                        "url" => paths::document(&org.slug, &d.index_number),
                        _ => String::new(),
                    })
                    .collect();
                let line: serde_json::Map<String, Value> = DOCUMENT_FIELDS
                    .iter()
                    .zip(&values)
                    .map(|(k, v)| ((*k).to_owned(), Value::String(v.clone())))
                    .collect();
                jsonl
                    .write_all(Value::Object(line).to_string().as_bytes())
                    .and_then(|()| jsonl.write_all(b"\n"))
                    .map_err(write_err)?;
                csv.write_all(crate::csv::row(&values).as_bytes())
                    .map_err(write_err)?;
                count += 1;
            }
        }
        Ok((
            jsonl.finish().map_err(write_err)?,
            csv.finish().map_err(write_err)?,
            count,
        ))
    }
}
