//! The gazette's append-only log: a leaf per published issue, a signed tree head after
//! every append, and what a reader needs to check them offline — entries, audit
//! paths, consistency proofs, the public keys — plus the audit that recomputes
//! everything from the stored rows.

use gongkai_domain::Invalid;
use gongkai_domain::gazette::leaf::IssueLeaf;
use gongkai_domain::gazette::merkle::{
    self, Hash, consistency_proof, from_hex, inclusion_proof, leaf_hash, root, to_hex,
    tree_head_bytes,
};
use gongkai_store::Tx;
use gongkai_store::gazette_log::{self as store, Entry, TreeHead};

use super::keys::{KeyStore, PublicKeys, Signatures, verify};
use crate::{App, AppError, AppResult};

/// The result of an audit of the log, kept for the dashboard and `/metrics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    pub at: chrono::DateTime<chrono::Utc>,
    pub tree_size: u64,
    /// What does not agree; empty when the log is intact.
    pub problems: Vec<String>,
}

/// How often a node audits the log in the background.
pub const AUDIT_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// At most this many entries in one answer.
pub const MAX_ENTRIES: u64 = 1000;

fn bad(field: &'static str, m: impl Into<String>) -> AppError {
    AppError::Invalid(vec![Invalid::new(field, m)])
}

fn hashes(entries: &[Entry]) -> AppResult<Vec<Hash>> {
    entries
        .iter()
        .map(|e| {
            from_hex(&e.leaf_hash)
                .ok_or_else(|| AppError::Internal(format!("日志第{}条的散列值损坏", e.leaf_index)))
        })
        .collect()
}

impl App {
    fn gazette_key_store(&self) -> AppResult<KeyStore> {
        self.config()
            .gazette_keys
            .clone()
            .map(KeyStore::new)
            .ok_or_else(|| AppError::Conflict("未配置公报签名密钥目录，不能写入公报日志".into()))
    }

    /// Appends `leaf` to the log in the caller's transaction and signs the new tree
    /// head; the issue and its leaf are written together or not at all.
    pub(crate) async fn append_gazette_leaf(
        &self,
        tx: &mut Tx,
        leaf: &IssueLeaf,
    ) -> AppResult<TreeHead> {
        let keys = self
            .gazette_key_store()?
            .load()
            .map_err(AppError::Internal)?
            .ok_or_else(|| {
                AppError::Conflict("尚未生成公报签名密钥：请先运行 gongkai gazette keygen".into())
            })?;
        let size = store::size(tx).await?;
        let mut all = hashes(&store::entries(tx, 0, size).await?)?;
        let json = leaf.to_json();
        let h = leaf_hash(json.as_bytes());
        store::append(tx, size, &json, &to_hex(&h)).await?;
        all.push(h);
        let tree_size = size + 1;
        let root_hash = root(&all);
        let timestamp = u64::try_from(self.now().timestamp_millis()).unwrap_or(0);
        let sigs = keys.sign(&tree_head_bytes(timestamp, tree_size, &root_hash));
        let public = keys.public();
        let head = TreeHead {
            tree_size,
            timestamp,
            root_hash: to_hex(&root_hash),
            signature_sm2: sigs.signature_sm2,
            signature_ed25519: sigs.signature_ed25519,
            sm2_public_key: public.sm2_public_key,
            ed25519_public_key: public.ed25519_public_key,
        };
        store::add_tree_head(tx, &head).await?;
        Ok(head)
    }

    /// The newest signed tree head, if anything was ever logged.
    pub async fn gazette_tree_head(&self) -> AppResult<Option<TreeHead>> {
        let mut c = self.store.conn().await?;
        Ok(store::latest(&mut c).await?)
    }

    /// Every tree head ever issued, oldest first.
    pub async fn gazette_tree_heads(&self) -> AppResult<Vec<TreeHead>> {
        let mut c = self.store.conn().await?;
        Ok(store::tree_heads(&mut c).await?)
    }

    /// Every public key that ever signed a tree head, oldest first.
    pub fn gazette_public_keys(&self) -> AppResult<Vec<PublicKeys>> {
        self.gazette_key_store()?
            .history()
            .map_err(AppError::Internal)
    }

    /// Entries `start..end` (end exclusive), at most [`MAX_ENTRIES`].
    pub async fn gazette_entries(&self, start: u64, end: u64) -> AppResult<Vec<Entry>> {
        let mut c = self.store.conn().await?;
        let size = store::size(&mut c).await?;
        if start >= end {
            return Err(bad("end", "end 须大于 start"));
        }
        if end > size {
            return Err(bad("end", format!("日志只有{size}条，end 不能超过{size}")));
        }
        if end - start > MAX_ENTRIES {
            return Err(bad("end", format!("一次最多取{MAX_ENTRIES}条")));
        }
        Ok(store::entries(&mut c, start, end).await?)
    }

    async fn leaves_upto(&self, tree_size: u64) -> AppResult<Vec<Hash>> {
        let mut c = self.store.conn().await?;
        let size = store::size(&mut c).await?;
        if tree_size == 0 || tree_size > size {
            return Err(bad(
                "tree_size",
                format!("日志现有{size}条，tree_size 应在1至{size}之间"),
            ));
        }
        hashes(&store::entries(&mut c, 0, tree_size).await?)
    }

    /// The audit path of leaf `leaf_index` in the tree of `tree_size` leaves.
    pub async fn gazette_inclusion(
        &self,
        leaf_index: u64,
        tree_size: u64,
    ) -> AppResult<Vec<String>> {
        let leaves = self.leaves_upto(tree_size).await?;
        let i = usize::try_from(leaf_index).unwrap_or(usize::MAX);
        inclusion_proof(i, &leaves)
            .map(|p| p.iter().map(|h| to_hex(h)).collect())
            .ok_or_else(|| {
                bad(
                    "leaf_index",
                    format!("leaf_index 应小于 tree_size（{tree_size}）"),
                )
            })
    }

    /// The consistency proof from the tree of `first` leaves to that of `second`.
    pub async fn gazette_consistency(&self, first: u64, second: u64) -> AppResult<Vec<String>> {
        let leaves = self.leaves_upto(second).await?;
        let m = usize::try_from(first).unwrap_or(usize::MAX);
        consistency_proof(m, &leaves)
            .map(|p| p.iter().map(|h| to_hex(h)).collect())
            .ok_or_else(|| bad("first", format!("first 应在1至{second}之间")))
    }

    /// Audits the log now and keeps the result for [`App::last_gazette_audit`].
    pub async fn run_gazette_audit(&self) -> AppResult<Audit> {
        let problems = self.gazette_log_audit().await?;
        let tree_size = self.gazette_tree_head().await?.map_or(0, |h| h.tree_size);
        let audit = Audit {
            at: self.now(),
            tree_size,
            problems,
        };
        for p in &audit.problems {
            tracing::error!(problem = %p, "gazette log audit");
        }
        *self
            .gazette_audit
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(audit.clone());
        Ok(audit)
    }

    /// The last audit on this node, if one ran.
    pub fn last_gazette_audit(&self) -> Option<Audit> {
        self.gazette_audit
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Audits the log at start and every [`AUDIT_EVERY`] after, for as long as the server runs.
    pub async fn run_gazette_auditor(self) {
        loop {
            if let Err(e) = self.run_gazette_audit().await {
                tracing::warn!(error = %e, "gazette log audit could not run");
            }
            tokio::time::sleep(AUDIT_EVERY).await;
        }
    }

    /// Recomputes the log from the stored rows: every leaf's hash from its JSON, every
    /// tree head's root from the leaves it covers, every signature. Returns what does
    /// not agree (empty when the log is intact).
    pub async fn gazette_log_audit(&self) -> AppResult<Vec<String>> {
        let mut problems = self.gazette_issue_audit().await?;
        let mut c = self.store.conn().await?;
        let size = store::size(&mut c).await?;
        let entries = store::entries(&mut c, 0, size).await?;
        let heads = store::tree_heads(&mut c).await?;
        drop(c);
        let mut leaves = Vec::with_capacity(entries.len());
        for (n, e) in entries.iter().enumerate() {
            if e.leaf_index != n as u64 {
                problems.push(format!("日志缺少第{n}条"));
            }
            if IssueLeaf::parse_canonical(&e.leaf).is_none() {
                problems.push(format!("日志第{}条不是规范格式", e.leaf_index));
            }
            let h = leaf_hash(e.leaf.as_bytes());
            if to_hex(&h) != e.leaf_hash {
                problems.push(format!("日志第{}条的内容与其散列值不符", e.leaf_index));
            }
            leaves.push(h);
        }
        for head in &heads {
            let n = usize::try_from(head.tree_size).unwrap_or(usize::MAX);
            if n > leaves.len() {
                problems.push(format!("树头（{}条）超出日志长度", head.tree_size));
                continue;
            }
            if to_hex(&root(&leaves[..n])) != head.root_hash {
                problems.push(format!(
                    "树头（{}条）的根散列与日志重算不符",
                    head.tree_size
                ));
            }
            let Some(root_hash) = merkle::from_hex(&head.root_hash) else {
                problems.push(format!("树头（{}条）的根散列损坏", head.tree_size));
                continue;
            };
            let keys = PublicKeys {
                sm2_public_key: head.sm2_public_key.clone(),
                ed25519_public_key: head.ed25519_public_key.clone(),
            };
            let sigs = Signatures {
                signature_sm2: head.signature_sm2.clone(),
                signature_ed25519: head.signature_ed25519.clone(),
            };
            if let Err(e) = verify(
                &keys,
                &tree_head_bytes(head.timestamp, head.tree_size, &root_hash),
                &sigs,
            ) {
                problems.push(format!("树头（{}条）：{e}", head.tree_size));
            }
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use gongkai_store::testing::fresh_stores;

    fn leaf(n: u32) -> IssueLeaf {
        IssueLeaf {
            number: n,
            org: "yunxi".into(),
            pdf_sha256: format!("{n:064x}"),
            pdf_sm3: format!("{:064x}", n + 1000),
            published_on: "2026-06-30".into(),
            total_number: 200 + n,
            year: 2026,
        }
    }

    #[tokio::test]
    async fn the_log_grows_by_signed_heads_and_its_proofs_check_offline() {
        for db in fresh_stores().await.unwrap() {
            let dir = std::env::temp_dir().join(format!("gk-gazette-{}", crate::random_token(4)));
            let c = TestCounty::new(
                db,
                crate::Config {
                    gazette_keys: Some(dir.clone()),
                    ..crate::Config::default()
                },
            )
            .await;
            let app = &c.app;
            // No keys yet: nothing is written.
            let mut tx = app.store.begin(app.now()).await.unwrap();
            assert!(matches!(
                app.append_gazette_leaf(&mut tx, &leaf(1)).await,
                Err(AppError::Conflict(_))
            ));
            tx.rollback().await.unwrap();
            KeyStore::new(&dir).generate(false).unwrap();
            for n in 1..=5 {
                let mut tx = app.store.begin(app.now()).await.unwrap();
                let head = app.append_gazette_leaf(&mut tx, &leaf(n)).await.unwrap();
                let audit = app.audit(
                    &crate::Actor::cli(),
                    "gazette.append",
                    "gazette",
                    None,
                    None,
                    serde_json::json!({ "number": n }),
                );
                tx.record(audit, None).await.unwrap();
                tx.commit().await.unwrap();
                assert_eq!(head.tree_size, u64::from(n));
            }
            let head = app.gazette_tree_head().await.unwrap().unwrap();
            assert_eq!(
                app.gazette_tree_heads().await.unwrap().len(),
                5,
                "{}",
                c.label
            );
            // A reader with the head, an entry and its path needs nothing else.
            let entries = app.gazette_entries(0, 5).await.unwrap();
            let root_hash = from_hex(&head.root_hash).unwrap();
            for e in &entries {
                let path: Vec<Hash> = app
                    .gazette_inclusion(e.leaf_index, 5)
                    .await
                    .unwrap()
                    .iter()
                    .map(|h| from_hex(h).unwrap())
                    .collect();
                let h = leaf_hash(e.leaf.as_bytes());
                assert!(merkle::verify_inclusion(
                    &h,
                    e.leaf_index,
                    5,
                    &path,
                    &root_hash
                ));
            }
            let keys = app.gazette_public_keys().unwrap();
            verify(
                &keys[0],
                &tree_head_bytes(head.timestamp, head.tree_size, &root_hash),
                &Signatures {
                    signature_sm2: head.signature_sm2.clone(),
                    signature_ed25519: head.signature_ed25519.clone(),
                },
            )
            .unwrap();
            // An old head is a prefix of the new one.
            let heads = app.gazette_tree_heads().await.unwrap();
            let proof: Vec<Hash> = app
                .gazette_consistency(2, 5)
                .await
                .unwrap()
                .iter()
                .map(|h| from_hex(h).unwrap())
                .collect();
            assert!(merkle::verify_consistency(
                2,
                5,
                &from_hex(&heads[1].root_hash).unwrap(),
                &root_hash,
                &proof
            ));
            // Requests beyond the tree are refused with the reason.
            assert!(matches!(
                app.gazette_inclusion(5, 5).await,
                Err(AppError::Invalid(_))
            ));
            assert!(matches!(
                app.gazette_inclusion(0, 6).await,
                Err(AppError::Invalid(_))
            ));
            assert!(matches!(
                app.gazette_consistency(0, 5).await,
                Err(AppError::Invalid(_))
            ));
            assert!(matches!(
                app.gazette_entries(3, 9).await,
                Err(AppError::Invalid(_))
            ));
            assert!(app.gazette_log_audit().await.unwrap().is_empty());
            // Someone edits a leaf in the database: the audit says where.
            let forged = leaf(4).to_json();
            gongkai_store::testing::tamper_gazette_leaf(&app.store, 2, &forged)
                .await
                .unwrap();
            let problems = app.gazette_log_audit().await.unwrap();
            assert!(
                problems
                    .iter()
                    .any(|p| p.contains("第2条的内容与其散列值不符")),
                "{problems:?}"
            );
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
