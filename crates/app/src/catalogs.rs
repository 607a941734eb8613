//! 政务公开事项标准目录 use cases: importing a county table, deriving from a reference
//! catalog, leaving reference items out with a reason, the lifecycle (报送, 审核, 发布,
//! 备案), and the views with their comparison against the reference.

use gongkai_domain::Invalid;
use gongkai_domain::catalog::lifecycle::{Action, DiffRow, Removal, Status, diff};
use gongkai_domain::catalog::{CatalogItem, STANDARD_DOMAINS, assign_ids_avoiding};
use gongkai_domain::invalid::{multi_line, single_line};
use gongkai_domain::role::Role;
use gongkai_store::catalogs::{self as store, Catalog, Step};
use gongkai_store::{NewEvent, Tx};
use serde::Serialize;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};
use gongkai_domain::notification::NotificationKind;

/// Who keeps an organisation's catalogs.
const KEEPERS: [Role; 3] = [
    Role::DisclosureOfficer,
    Role::DisclosureHead,
    Role::OrgAdmin,
];

/// A catalog as staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub domain: String,
    pub status: Status,
    pub version: i64,
    pub published_version: Option<i64>,
    pub filed_at: Option<String>,
    pub items: Vec<CatalogItem>,
    pub removed: Vec<Removal>,
    /// The reference catalog (organisation and domain) and the comparison with its
    /// published version.
    pub reference: Option<(String, String)>,
    pub diff: Vec<DiffRow>,
    /// Reference items left out without a reason, (id, name): submission waits for them.
    pub unexplained: Vec<(String, String)>,
    pub history: Vec<(i64, String, String, String, Option<String>)>,
    pub steps: Vec<Step>,
    /// Actions the viewer may take now.
    pub actions: Vec<Action>,
}

/// A catalog's reference and the items of the reference's published version (none
/// while it has no published version); `None` for a catalog without a reference.
pub(crate) async fn reference_of(
    c: &mut gongkai_store::AnyConnection,
    cat: &Catalog,
) -> AppResult<Option<(Catalog, Vec<CatalogItem>)>> {
    let Some(r) = cat.reference_id else {
        return Ok(None);
    };
    let rc = store::get(c, r)
        .await?
        .ok_or_else(|| AppError::Internal("参照目录缺失".into()))?;
    let items = match rc.published_version {
        Some(v) => store::version(c, rc.id, v)
            .await?
            .map(|v| v.items)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(Some((rc, items)))
}

impl App {
    /// Whether the actor keeps the catalogs of the organisation with this ancestry.
    pub(crate) fn keeper_of(&self, actor: &Actor, ancestry: &[i64]) -> bool {
        actor.is_platform_admin() || actor.holds_any(&KEEPERS, ancestry)
    }

    /// The superior reviews: a supervisor above the organisation, or a keeper of its
    /// parent. An organisation at the top of this deployment is reviewed outside it
    /// (by the city or province), and a platform administrator records that review.
    pub(crate) fn superior_of(&self, actor: &Actor, ancestry: &[i64]) -> bool {
        let above = &ancestry[1.min(ancestry.len())..];
        if above.is_empty() {
            return ancestry.len() == 1 && actor.is_platform_admin();
        }
        actor.holds_any(&[Role::Supervisor], above) || actor.holds_any(&KEEPERS, above)
    }

    pub(crate) async fn record_catalog(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: &str,
        c: i64,
        org: i64,
        detail: serde_json::Value,
    ) -> AppResult<()> {
        tx.record(
            self.audit(actor, action, "catalog", Some(c), Some(org), detail),
            Some(NewEvent {
                kind: "catalog.changed",
                entity_type: "catalog",
                entity_id: Some(c),
                org_id: Some(org),
                payload: json!({ "id": c }),
            }),
        )
        .await?;
        Ok(())
    }

    /// Starts the organisation's catalog for a domain from a published reference
    /// catalog (usually a province or city department's): every item is inherited.
    pub async fn derive_catalog(
        &self,
        actor: &Actor,
        org_id: i64,
        reference_id: i64,
    ) -> AppResult<i64> {
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(org_id);
        if !self.keeper_of(actor, &ancestry) {
            return Err(AppError::Forbidden(
                "编制目录须具有本机关信息公开专员、信息公开机构负责人或单位管理员角色".into(),
            ));
        }
        let mut c = self.store.conn().await?;
        let reference = store::get(&mut c, reference_id)
            .await?
            .ok_or_else(|| AppError::NotFound("参照目录不存在".into()))?;
        let Some(published) = reference.published_version else {
            return Err(AppError::Conflict("参照目录尚未发布，不能据以编制".into()));
        };
        if reference.org_id == org_id {
            return Err(Invalid::new("reference", "不能以本机关自己的目录为参照").into());
        }
        let items = store::version(&mut c, reference.id, published)
            .await?
            .map(|v| v.items)
            .unwrap_or_default();
        drop(c);
        let mut tx = self.store.begin(self.now()).await?;
        let id = store::insert(&mut tx, org_id, &reference.domain, Some(reference.id)).await?;
        let note = format!("依据参照目录第{published}版编制");
        store::add_version(&mut tx, id, &items, &[], &note, &actor.label()).await?;
        self.record_catalog(
            &mut tx,
            actor,
            "catalog.derive",
            id,
            org_id,
            json!({ "reference": reference.id, "reference_version": published }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn catalog_for(&self, actor: &Actor, id: i64) -> AppResult<(Catalog, Vec<i64>)> {
        let mut c = self.store.conn().await?;
        let cat = store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("目录不存在".into()))?;
        drop(c);
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(cat.org_id);
        if !actor.may_view(&ancestry) && !self.superior_of(actor, &ancestry) {
            return Err(AppError::NotFound("目录不存在".into()));
        }
        Ok((cat, ancestry))
    }

    /// Leaves an item out of a catalog, by its id, with the reason — an item of the
    /// reference, or one the catalog has — as a new version.
    pub async fn remove_catalog_item(
        &self,
        actor: &Actor,
        id: i64,
        item_id: &str,
        reason: &str,
    ) -> AppResult<i64> {
        let (cat, ancestry) = self.catalog_for(actor, id).await?;
        if !self.keeper_of(actor, &ancestry) {
            return Err(AppError::Forbidden(
                "修改目录须具有本机关信息公开专员、信息公开机构负责人或单位管理员角色".into(),
            ));
        }
        if matches!(cat.status, Status::Submitted | Status::Approved) {
            return Err(AppError::Conflict("目录正在审核中，不能修改".into()));
        }
        let reason = multi_line("reason", "删减理由", reason, true, 500)?;
        let item_id = single_line("item", "事项", item_id, true, 300)?;
        let mut c = self.store.conn().await?;
        let current = store::version(&mut c, cat.id, cat.version)
            .await?
            .ok_or_else(|| AppError::Internal("目录版本缺失".into()))?;
        let reference = reference_of(&mut c, &cat)
            .await?
            .map(|(_, items)| items)
            .unwrap_or_default();
        drop(c);
        // The item removed, as the reference names it when it has it.
        let in_reference = reference.iter().find(|i| i.id == item_id);
        let in_catalog = current.items.iter().find(|i| i.id == item_id);
        let label = match (in_reference, in_catalog) {
            (Some(r), _) => r.label_among(&reference),
            (None, Some(i)) => i.label_among(&current.items),
            (None, None) => {
                return Err(Invalid::new("item", "目录中没有这一事项").into());
            }
        };
        // The derived catalog's own copy of a reference item may carry another id.
        let mut items = current.items.clone();
        let taken_over = in_reference.and_then(|_| {
            let pairs = gongkai_domain::catalog::lifecycle::pair(&reference, &items);
            reference
                .iter()
                .position(|i| i.id == item_id)
                .and_then(|p| pairs[p])
        });
        match taken_over {
            Some(p) => {
                items.remove(p);
            }
            None => items.retain(|i| i.id != item_id),
        }
        let mut removed = current.removed.clone();
        removed.retain(|r| r.id != item_id);
        if in_reference.is_some() {
            removed.push(Removal {
                id: item_id.clone(),
                label: label.clone(),
                reason: reason.clone(),
            });
        }
        let mut tx = self.store.begin(self.now()).await?;
        let version = store::add_version(
            &mut tx,
            cat.id,
            &items,
            &removed,
            &format!("删减：{label}"),
            &actor.label(),
        )
        .await?;
        self.record_catalog(
            &mut tx,
            actor,
            "catalog.remove_item",
            cat.id,
            cat.org_id,
            json!({ "item": item_id, "label": label, "reason": reason }),
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Takes one lifecycle step.
    pub async fn catalog_act(
        &self,
        actor: &Actor,
        id: i64,
        action: Action,
        note: &str,
    ) -> AppResult<Status> {
        let (cat, ancestry) = self.catalog_for(actor, id).await?;
        let allowed = if action.by_superior() {
            self.superior_of(actor, &ancestry)
        } else {
            self.keeper_of(actor, &ancestry)
        };
        if !allowed {
            return Err(AppError::Forbidden(if action.by_superior() {
                format!("“{}”须由上级机关或政务公开办办理", action.label())
            } else {
                format!(
                    "“{}”须由本机关信息公开专员、信息公开机构负责人或单位管理员办理",
                    action.label()
                )
            }));
        }
        if let Some(why) = action.refusal(cat.status) {
            return Err(AppError::Conflict(why));
        }
        let note = multi_line("note", "意见", note, action.needs_note(), 2000)?;
        if action == Action::Submit {
            let view = self.catalog_view(actor, id).await?;
            if !view.unexplained.is_empty() {
                let list: Vec<&str> = view
                    .unexplained
                    .iter()
                    .map(|(_, label)| label.as_str())
                    .collect();
                return Err(Invalid::new(
                    "removed",
                    format!("以下参照事项被删减但未说明理由：{}", list.join("、")),
                )
                .into());
            }
            if view.items.is_empty() {
                return Err(Invalid::new("items", "目录中没有任何事项").into());
            }
        }
        let status = action.target();
        let told = self.told_of_step(&cat, action, &ancestry).await?;
        let mut tx = self.store.begin(self.now()).await?;
        store::step(
            &mut tx,
            &cat,
            action.as_str(),
            status,
            &note,
            &actor.label(),
        )
        .await?;
        self.record_catalog(
            &mut tx,
            actor,
            &format!("catalog.{}", action.as_str()),
            cat.id,
            cat.org_id,
            json!({ "version": cat.version, "note": note }),
        )
        .await?;
        if let Some((kind, who, title)) = told {
            let target = gongkai_domain::notification::Target::Catalog(cat.id);
            self.notify(&mut tx, actor, &who, kind, &title, &target)
                .await?;
        }
        tx.commit().await?;
        Ok(status)
    }

    /// Who hears of a catalog's step: the superiors when it is sent up, its keepers
    /// when the superior decides.
    async fn told_of_step(
        &self,
        cat: &Catalog,
        action: Action,
        ancestry: &[i64],
    ) -> AppResult<Option<(NotificationKind, Vec<gongkai_store::users::User>, String)>> {
        let tree = self.org_tree().await?;
        let org = tree.get(cat.org_id).map_or("", |o| o.name.as_str());
        Ok(match action {
            Action::Submit => {
                let above = &ancestry[1.min(ancestry.len())..];
                let mut who = self.holders(above, &[Role::Supervisor]).await?;
                if let Some(parent) = ancestry.get(1) {
                    who.extend(self.holders(&[*parent], &KEEPERS).await?);
                }
                Some((
                    NotificationKind::CatalogToReview,
                    who,
                    format!("{org}“{}”目录报送审核", cat.domain),
                ))
            }
            Action::Approve | Action::Return => Some((
                NotificationKind::CatalogReviewed,
                self.holders(&[cat.org_id], &KEEPERS).await?,
                format!("{org}“{}”目录：{}", cat.domain, action.label()),
            )),
            Action::Publish | Action::File => None,
        })
    }

    /// A catalog with its current items, the comparison with its reference, its
    /// versions and steps.
    pub async fn catalog_view(&self, actor: &Actor, id: i64) -> AppResult<CatalogView> {
        let (cat, ancestry) = self.catalog_for(actor, id).await?;
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let current = store::version(&mut c, cat.id, cat.version)
            .await?
            .ok_or_else(|| AppError::Internal("目录版本缺失".into()))?;
        let (reference, diff_rows, unexplained) = match reference_of(&mut c, &cat).await? {
            Some((rc, ref_items)) => {
                let (rows, missing) = diff(&ref_items, &current.items, &current.removed);
                let name = tree
                    .get(rc.org_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                (Some((name, rc.domain.clone())), rows, missing)
            }
            None => (None, Vec::new(), Vec::new()),
        };
        let history = store::history(&mut c, cat.id).await?;
        let steps = store::steps(&mut c, cat.id).await?;
        drop(c);
        let actions = Action::ALL
            .iter()
            .copied()
            .filter(|a| a.from_states().contains(&cat.status))
            .filter(|a| {
                if a.by_superior() {
                    self.superior_of(actor, &ancestry)
                } else {
                    self.keeper_of(actor, &ancestry)
                }
            })
            .collect();
        Ok(CatalogView {
            id: cat.id,
            org_id: cat.org_id,
            org_name: tree
                .get(cat.org_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            domain: cat.domain,
            status: cat.status,
            version: cat.version,
            published_version: cat.published_version,
            filed_at: cat.filed_at,
            items: current.items,
            removed: current.removed,
            reference,
            diff: diff_rows,
            unexplained,
            history,
            steps,
            actions,
        })
    }

    /// The catalogs of the organisations the actor sees, for the filing overview.
    pub async fn catalogs_overview(&self, actor: &Actor) -> AppResult<Vec<Catalog>> {
        let ids = self.visible_org_ids(actor).await?;
        let mut c = self.store.conn().await?;
        Ok(store::in_orgs(&mut c, &ids).await?)
    }

    /// A version's items, for export.
    pub async fn catalog_items(
        &self,
        actor: &Actor,
        id: i64,
        version: Option<i64>,
    ) -> AppResult<Vec<CatalogItem>> {
        let (cat, _) = self.catalog_for(actor, id).await?;
        let mut c = self.store.conn().await?;
        let v = version.unwrap_or(cat.version);
        Ok(store::version(&mut c, cat.id, v)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("目录没有第{v}版")))?
            .items)
    }

    /// The organisation's published catalogs, for the portal: domain, version, the
    /// publication instant and the items of that version.
    pub async fn published_catalogs(&self, org_id: i64) -> AppResult<Vec<PublishedCatalog>> {
        let mut c = self.store.conn().await?;
        let mut out = Vec::new();
        for cat in store::in_orgs(&mut c, &[org_id]).await? {
            let Some(v) = cat.published_version else {
                continue;
            };
            if let Some(version) = store::version(&mut c, cat.id, v).await? {
                out.push(PublishedCatalog {
                    domain: cat.domain,
                    version: v,
                    published_at: version.published_at.unwrap_or_default(),
                    items: version.items,
                    content: Vec::new(),
                    id: cat.id,
                });
            }
        }
        for p in &mut out {
            p.content = self.published_item_content(p.id).await?;
        }
        Ok(out)
    }
}

/// A published catalog as the portal shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedCatalog {
    pub domain: String,
    pub version: i64,
    pub published_at: String,
    pub items: Vec<CatalogItem>,
    /// (item id, title, url) of the published content tagged with items.
    pub content: Vec<(String, String, String)>,
    pub id: i64,
}

impl PublishedCatalog {
    /// Whether any item has a 三级事项 (the table then shows the column).
    pub fn has_third(&self) -> bool {
        self.items.iter().any(|i| !i.third.is_empty())
    }

    /// The content tagged with one item.
    pub fn content_of(&self, item_id: &str) -> Vec<(&str, &str)> {
        self.content
            .iter()
            .filter(|(i, _, _)| i == item_id)
            .map(|(_, t, u)| (t.as_str(), u.as_str()))
            .collect()
    }
}

impl App {
    /// The domains catalogs may use: the 26 of seed 000 and those the deployment added.
    pub async fn catalog_domains(&self) -> AppResult<Vec<String>> {
        let mut c = self.store.conn().await?;
        let mut all: Vec<String> = STANDARD_DOMAINS.iter().map(|d| (*d).to_owned()).collect();
        all.extend(store::extra_domains(&mut c).await?);
        Ok(all)
    }

    /// Adds a domain in `tx`, with its audit entry; `via` says how ("form", "import").
    pub(crate) async fn add_domain_in(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        name: &str,
        via: &str,
    ) -> AppResult<()> {
        store::add_domain(tx, name).await?;
        tx.record(
            self.audit(
                actor,
                "catalog.add_domain",
                "catalog_domain",
                None,
                None,
                json!({ "name": name, "via": via }),
            ),
            None,
        )
        .await?;
        Ok(())
    }

    /// Adds a domain to the list (platform administrators).
    pub async fn add_catalog_domain(&self, actor: &Actor, name: &str) -> AppResult<()> {
        if !actor.is_platform_admin() {
            return Err(AppError::Forbidden("增加公开领域须由平台管理员办理".into()));
        }
        let name = single_line("domain", "领域名称", name, true, 30)?;
        if STANDARD_DOMAINS.contains(&name.as_str()) {
            return Err(AppError::Conflict(format!("领域“{name}”已存在")));
        }
        let mut tx = self.store.begin(self.now()).await?;
        self.add_domain_in(&mut tx, actor, &name, "form").await?;
        tx.commit().await?;
        Ok(())
    }
}

impl App {
    /// Saves one item — a change to the item with id `original`, or, without one, a new
    /// item — as a new version. A derived catalog's local changes and additions come
    /// this way. Several items may share their names when their content differs.
    pub async fn save_catalog_item(
        &self,
        actor: &Actor,
        id: i64,
        original: Option<&str>,
        raw: &gongkai_domain::catalog::RawItem,
    ) -> AppResult<i64> {
        let (cat, ancestry) = self.catalog_for(actor, id).await?;
        if !self.keeper_of(actor, &ancestry) {
            return Err(AppError::Forbidden(
                "修改目录须具有本机关信息公开专员、信息公开机构负责人或单位管理员角色".into(),
            ));
        }
        if matches!(cat.status, Status::Submitted | Status::Approved) {
            return Err(AppError::Conflict("目录正在审核中，不能修改".into()));
        }
        let mut raw = raw.clone();
        raw.domain = cat.domain.clone();
        let mut item = raw.parse_complete(|_| true).map_err(|problems| {
            AppError::Invalid(
                problems
                    .into_iter()
                    .map(|p| Invalid::new("item", p))
                    .collect(),
            )
        })?;
        let mut c = self.store.conn().await?;
        let current = store::version(&mut c, cat.id, cat.version)
            .await?
            .ok_or_else(|| AppError::Internal("目录版本缺失".into()))?;
        let reserved: Vec<String> = reference_of(&mut c, &cat)
            .await?
            .map(|(_, items)| items.into_iter().map(|i| i.id).collect())
            .unwrap_or_default();
        drop(c);
        let mut items = current.items.clone();
        let pos = match original {
            Some(o) => Some(
                items
                    .iter()
                    .position(|i| i.id == o)
                    .ok_or_else(|| Invalid::new("item", "目录中没有这一事项"))?,
            ),
            None => None,
        };
        let clash = items
            .iter()
            .enumerate()
            .any(|(n, i)| Some(n) != pos && i.same_path(&item) && i.content == item.content);
        if clash {
            return Err(Invalid::new("item", "目录中已有名称和公开内容都相同的事项").into());
        }
        let note = match pos {
            Some(p) => {
                item.id = items[p].id.clone();
                items[p] = item.clone();
                format!("修改：{}", item.path())
            }
            None => {
                items.push(item.clone());
                assign_ids_avoiding(&mut items, &reserved);
                item.id = items.last().map(|i| i.id.clone()).unwrap_or_default();
                format!("新增：{}", item.path())
            }
        };
        let mut tx = self.store.begin(self.now()).await?;
        let version = store::add_version(
            &mut tx,
            cat.id,
            &items,
            &current.removed,
            note.trim(),
            &actor.label(),
        )
        .await?;
        self.record_catalog(
            &mut tx,
            actor,
            "catalog.save_item",
            cat.id,
            cat.org_id,
            json!({ "item": item.id, "path": item.path(), "new": original.is_none() }),
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }
}
