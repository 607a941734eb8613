//! Importing a county or township catalog table: a preview of what the table holds
//! (areas, items, time limits understood or not, problems and warnings) before anything
//! is saved, the operator's decisions for areas that are not yet domains (map one onto
//! a domain, or add it as the deployment's own), then the import itself, one new draft
//! version per domain, all in one transaction.

use std::collections::BTreeMap;

use gongkai_domain::Invalid;
use gongkai_domain::catalog::lifecycle::{Status, pair};
use gongkai_domain::catalog::table::{self, Finding, Hints, TableInfo};
use gongkai_domain::catalog::{CatalogItem, STANDARD_DOMAINS, assign_ids, assign_ids_avoiding};
use gongkai_store::catalogs as store;
use serde::Serialize;
use serde_json::json;

use crate::catalog_xlsx;
use crate::{Actor, App, AppError, AppResult};

/// What the operator decided for an area that is not a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "domain", rename_all = "snake_case")]
pub enum AreaChoice {
    /// Import its items into this domain.
    Map(String),
    /// Add it to the deployment's domains (platform administrators).
    Add,
}

/// The operator's decisions, by area name as the table writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaMapping {
    pub choices: BTreeMap<String, AreaChoice>,
    /// Every area left undecided that is not a domain is added as one.
    pub add_the_rest: bool,
}

impl AreaMapping {
    /// Reads `就业=就业创业` pairs (as `--map-area` gives them).
    pub fn from_pairs(pairs: &[String], add_the_rest: bool) -> Result<AreaMapping, Invalid> {
        let mut choices = BTreeMap::new();
        for p in pairs {
            let (area, domain) = p
                .split_once(['=', '＝'])
                .map(|(a, d)| (a.trim(), d.trim()))
                .filter(|(a, d)| !a.is_empty() && !d.is_empty())
                .ok_or_else(|| {
                    Invalid::new(
                        "map_area",
                        format!("“{p}”应写作“表中领域=平台领域”，如“就业=就业创业”"),
                    )
                })?;
            choices.insert(area.to_owned(), AreaChoice::Map(domain.to_owned()));
        }
        Ok(AreaMapping {
            choices,
            add_the_rest,
        })
    }
}

/// How an area of the table stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "domain", rename_all = "snake_case")]
pub enum AreaStatus {
    /// A domain of the deployment already.
    Known,
    /// Mapped onto this domain.
    Mapped(String),
    /// To be added as a domain.
    Added,
    /// Not a domain, and no decision yet: nothing can be imported.
    Undecided,
    /// Mapped onto a name that is not a domain either.
    BadMapping(String),
}

/// One area of the table.
#[derive(Debug, Clone, Serialize)]
pub struct AreaPreview {
    pub name: String,
    pub status: AreaStatus,
    pub items: usize,
    /// Items whose 公开时限 the platform can check, clause by clause.
    pub understood: usize,
    /// The others: (item, 公开时限 as written).
    pub not_understood: Vec<(String, String)>,
}

impl AreaPreview {
    /// The domain the items go to, once decided.
    pub fn domain(&self) -> Option<&str> {
        match &self.status {
            AreaStatus::Known | AreaStatus::Added => Some(&self.name),
            AreaStatus::Mapped(d) => Some(d),
            AreaStatus::Undecided | AreaStatus::BadMapping(_) => None,
        }
    }
}

/// What a table holds, before anything is saved.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPreview {
    pub tables: Vec<TableInfo>,
    pub areas: Vec<AreaPreview>,
    pub items: usize,
    /// Problems that keep the table from being imported.
    pub errors: Vec<Finding>,
    /// What items lack; imported anyway.
    pub warnings: Vec<Finding>,
    /// Rows that are not items.
    pub skipped: Vec<Finding>,
    /// The deployment's domains, for the operator's mapping.
    pub domains: Vec<String>,
    /// Domains whose catalog is under review and takes no new version now.
    pub under_review: Vec<String>,
}

impl ImportPreview {
    pub fn undecided(&self) -> Vec<&str> {
        self.areas
            .iter()
            .filter(|a| a.domain().is_none())
            .map(|a| a.name.as_str())
            .collect()
    }

    /// Nothing stands in the way: no errors, every area decided, no catalog under review.
    pub fn ready(&self) -> bool {
        self.errors.is_empty()
            && self.undecided().is_empty()
            && self.under_review.is_empty()
            && self.items > 0
    }

    /// What to do about the undecided areas, in words.
    pub fn what_to_do(&self) -> Option<String> {
        let undecided = self.undecided();
        (!undecided.is_empty()).then(|| {
            format!(
                "以下领域不是本平台的公开领域：{}。请将其对应到已有领域（如“{}=…”），或作为本平台新增领域导入",
                undecided.join("、"),
                undecided[0]
            )
        })
    }
}

/// The outcome of an import: per domain, the catalog and its new version.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub domain: String,
    pub catalog_id: i64,
    pub version: i64,
    pub items: usize,
}

/// Items read and checked, with the area each came from.
struct Checked {
    preview: ImportPreview,
    items: Vec<(String, CatalogItem)>,
}

impl App {
    /// Reads a table and says what importing it would do, saving nothing.
    pub async fn preview_catalog_import(
        &self,
        actor: &Actor,
        org_id: i64,
        bytes: &[u8],
        mapping: &AreaMapping,
    ) -> AppResult<ImportPreview> {
        Ok(self
            .check_table(actor, org_id, bytes, mapping)
            .await?
            .preview)
    }

    async fn check_table(
        &self,
        actor: &Actor,
        org_id: i64,
        bytes: &[u8],
        mapping: &AreaMapping,
    ) -> AppResult<Checked> {
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(org_id);
        let org = tree
            .get(org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        if !self.keeper_of(actor, &ancestry) {
            return Err(AppError::Forbidden(
                "编制目录须具有本机关信息公开专员、信息公开机构负责人或单位管理员角色".into(),
            ));
        }
        let domains = self.catalog_domains().await?;
        let hints = Hints {
            areas: domains
                .iter()
                .cloned()
                .chain(mapping.choices.keys().cloned())
                .collect(),
            org_names: org_names(&org.name, &org.short_name),
        };
        let Checked { mut preview, items } = examine(bytes, &domains, mapping, &hints);
        // A domain's catalog under review takes no new version.
        let mut c = self.store.conn().await?;
        for a in &preview.areas {
            let Some(domain) = a.domain() else { continue };
            if let Some(cat) = store::by_org_domain(&mut c, org_id, domain).await?
                && matches!(cat.status, Status::Submitted | Status::Approved)
            {
                preview.under_review.push(domain.to_owned());
            }
        }
        Ok(Checked { preview, items })
    }

    /// Imports a county table (.xlsx) into the organisation's catalogs, one per domain,
    /// each as a new draft version, in one transaction. Returns the preview instead,
    /// saving nothing, while anything stands in the way.
    pub async fn import_catalog(
        &self,
        actor: &Actor,
        org_id: i64,
        bytes: &[u8],
        mapping: &AreaMapping,
    ) -> AppResult<Result<Vec<Imported>, ImportPreview>> {
        let Checked { preview, items } = self.check_table(actor, org_id, bytes, mapping).await?;
        if !preview.under_review.is_empty() {
            return Err(AppError::Conflict(format!(
                "“{}”目录正在审核中，不能导入新版本",
                preview.under_review.join("、")
            )));
        }
        if !preview.ready() {
            return Ok(Err(preview));
        }
        let added: Vec<&str> = preview
            .areas
            .iter()
            .filter(|a| a.status == AreaStatus::Added)
            .map(|a| a.name.as_str())
            .collect();
        if !added.is_empty() && !actor.is_platform_admin() {
            return Err(AppError::Forbidden(format!(
                "增加公开领域（{}）须由平台管理员办理；也可以将其对应到已有领域",
                added.join("、")
            )));
        }
        let domain_of: BTreeMap<&str, &str> = preview
            .areas
            .iter()
            .filter_map(|a| a.domain().map(|d| (a.name.as_str(), d)))
            .collect();
        let mut by_domain: BTreeMap<String, Vec<CatalogItem>> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for (area, mut item) in items {
            let domain = domain_of
                .get(area.as_str())
                .copied()
                .unwrap_or(&area)
                .to_owned();
            item.domain = domain.clone();
            if !by_domain.contains_key(&domain) {
                order.push(domain.clone());
            }
            by_domain.entry(domain).or_default().push(item);
        }
        let mut out = Vec::new();
        let mut tx = self.store.begin(self.now()).await?;
        for name in &added {
            self.add_domain_in(&mut tx, actor, name, "import").await?;
        }
        for domain in order {
            let mut items = by_domain.remove(&domain).unwrap_or_default();
            let existing = store::by_org_domain(&mut tx, org_id, &domain).await?;
            let (id, removed, reserved) = match existing {
                Some(c) => {
                    let reserved: Vec<String> = crate::catalogs::reference_of(&mut tx, &c)
                        .await?
                        .map(|(_, items)| items.into_iter().map(|i| i.id).collect())
                        .unwrap_or_default();
                    let current = store::version(&mut tx, c.id, c.version).await?;
                    let (current_items, removed) =
                        current.map(|v| (v.items, v.removed)).unwrap_or_default();
                    // Items already in the catalog keep their ids (and so their links
                    // and their standing against a reference).
                    for (cur, new) in pair(&current_items, &items).into_iter().enumerate() {
                        if let Some(n) = new {
                            items[n].id = current_items[cur].id.clone();
                        }
                    }
                    (c.id, removed, reserved)
                }
                None => (
                    store::insert(&mut tx, org_id, &domain, None).await?,
                    Vec::new(),
                    Vec::new(),
                ),
            };
            assign_ids_avoiding(&mut items, &reserved);
            let version =
                store::add_version(&mut tx, id, &items, &removed, "导入Excel", &actor.label())
                    .await?;
            self.record_catalog(
                &mut tx,
                actor,
                "catalog.import",
                id,
                org_id,
                json!({ "domain": domain, "version": version, "items": items.len() }),
            )
            .await?;
            out.push(Imported {
                domain,
                catalog_id: id,
                version,
                items: items.len(),
            });
        }
        tx.commit().await?;
        Ok(Ok(out))
    }

    /// Keeps an uploaded table between its preview and the import, under its hash.
    pub async fn stash_upload(&self, bytes: &[u8]) -> AppResult<String> {
        let key = format!("upload{}", crate::sha256_hex_bytes(bytes));
        self.blobs
            .put(&key, bytes)
            .await
            .map_err(|e| AppError::Internal(format!("无法保存上传的文件：{e}")))?;
        Ok(key)
    }

    /// An upload kept by [`App::stash_upload`].
    pub async fn stashed_upload(&self, key: &str) -> AppResult<Vec<u8>> {
        let ok = key
            .strip_prefix("upload")
            .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        let missing = || AppError::NotFound("上传的文件已过期，请重新选择文件".into());
        if !ok {
            return Err(missing());
        }
        self.blobs
            .get(key)
            .await
            .map_err(|e| AppError::Internal(format!("无法读取上传的文件：{e}")))?
            .ok_or_else(missing)
    }

    /// Forgets an upload once it was imported.
    pub async fn discard_upload(&self, key: &str) {
        if key.starts_with("upload") {
            let _ = self.blobs.delete(key).await;
        }
    }
}

fn area_status(area: &str, domains: &[String], mapping: &AreaMapping) -> AreaStatus {
    let known = |d: &str| domains.iter().any(|x| x == d) || STANDARD_DOMAINS.contains(&d);
    match mapping.choices.get(area) {
        Some(AreaChoice::Map(d)) if known(d) => AreaStatus::Mapped(d.clone()),
        Some(AreaChoice::Map(d)) => AreaStatus::BadMapping(d.clone()),
        Some(AreaChoice::Add) if known(area) => AreaStatus::Known,
        Some(AreaChoice::Add) => AreaStatus::Added,
        None if known(area) => AreaStatus::Known,
        None if mapping.add_the_rest => AreaStatus::Added,
        None => AreaStatus::Undecided,
    }
}

/// Reads a table and checks it against the deployment's domains and the operator's
/// decisions, without the database: what [`App::preview_catalog_import`] shows.
fn examine(bytes: &[u8], domains: &[String], mapping: &AreaMapping, hints: &Hints) -> Checked {
    let mut preview = ImportPreview {
        tables: Vec::new(),
        areas: Vec::new(),
        items: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
        skipped: Vec::new(),
        domains: domains.to_vec(),
        under_review: Vec::new(),
    };
    let sheets = match catalog_xlsx::sheets(bytes) {
        Ok(s) => s,
        Err(message) => {
            preview.errors.push(Finding {
                sheet: String::new(),
                row: 0,
                message,
            });
            return Checked {
                preview,
                items: Vec::new(),
            };
        }
    };
    let reading = table::read(&sheets, hints);
    preview.tables = reading.tables;
    preview.errors = reading.errors;
    preview.warnings = reading.warnings;
    preview.skipped = reading.skipped;
    let mut items = Vec::new();
    let mut areas: BTreeMap<String, AreaPreview> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for read in reading.items {
        let area = gongkai_domain::catalog::clean_name(&read.raw.domain);
        let at = |message: String| Finding {
            sheet: read.sheet.clone(),
            row: read.first_row,
            message,
        };
        let parsed = match read.raw.parse(|_| true) {
            Ok(p) => p,
            Err(problems) => {
                preview.errors.extend(problems.into_iter().map(at));
                continue;
            }
        };
        preview
            .warnings
            .extend(parsed.warnings.iter().cloned().map(at));
        let entry = areas.entry(area.clone()).or_insert_with(|| {
            order.push(area.clone());
            AreaPreview {
                name: area.clone(),
                status: area_status(&area, domains, mapping),
                items: 0,
                understood: 0,
                not_understood: Vec::new(),
            }
        });
        entry.items += 1;
        if parsed.item.time_limit_rules().understood() {
            entry.understood += 1;
        } else {
            entry
                .not_understood
                .push((parsed.item.path(), parsed.item.time_limit.clone()));
        }
        items.push((area, parsed.item));
    }
    preview.items = items.len();
    preview.areas = order.into_iter().filter_map(|a| areas.remove(&a)).collect();
    Checked { preview, items }
}

/// Reads a table whose areas are all among `domains` into items with their ids, or
/// the problems that stand in the way: for the console, for tests, and for checking
/// that an exported table reads back as the same catalog.
pub fn read_table(bytes: &[u8], domains: &[String]) -> Result<Vec<CatalogItem>, Vec<Finding>> {
    let hints = Hints {
        areas: domains.to_vec(),
        org_names: Vec::new(),
    };
    let Checked { preview, items } = examine(bytes, domains, &AreaMapping::default(), &hints);
    let mut problems = preview.errors.clone();
    if let Some(todo) = preview.what_to_do() {
        problems.push(Finding {
            sheet: String::new(),
            row: 0,
            message: todo,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut items: Vec<CatalogItem> = items.into_iter().map(|(_, i)| i).collect();
    assign_ids(&mut items);
    Ok(items)
}

/// The ways a title may name the importing organisation: "青石镇人民政府", its short
/// name, and the place alone ("青石镇").
fn org_names(name: &str, short: &str) -> Vec<String> {
    let mut out = vec![name.to_owned(), short.to_owned()];
    for suffix in ["人民政府办公室", "人民政府", "街道办事处", "办事处"] {
        if let Some(place) = name.strip_suffix(suffix).filter(|p| !p.is_empty()) {
            out.push(place.to_owned());
        }
    }
    out.retain(|n| !n.is_empty());
    out
}
