//! Compliance of published content with a catalog: which items have content, when it
//! was last published, and whether each item's 公开时限 was kept (DOMAIN §9; issue 5
//! item 5). Content is tagged with items by staff; the verdicts use the working-day
//! calendar.

use chrono::NaiveDate;
use gongkai_domain::catalog::{Compliance, check};
use gongkai_domain::channels::paths;
use gongkai_domain::inspection::{Item, Rule};
use gongkai_domain::invalid::single_line;
use gongkai_domain::workflow::State as DocState;
use gongkai_store::catalogs as store;
use gongkai_store::orgs::Org;
use serde::Serialize;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// One tagged document and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ContentCheck {
    pub title: String,
    pub index_number: String,
    pub org_slug: String,
    pub written_on: NaiveDate,
    pub published_on: Option<NaiveDate>,
    pub verdict: Compliance,
}

/// One item's standing.
#[derive(Debug, Clone, Serialize)]
pub struct ItemCompliance {
    pub id: String,
    /// The item's name, with the start of its content where names repeat.
    pub label: String,
    pub time_limit: String,
    pub checkable: bool,
    pub content: Vec<ContentCheck>,
    pub last_published: Option<NaiveDate>,
}

impl ItemCompliance {
    pub fn has_content(&self) -> bool {
        self.content.iter().any(|c| c.published_on.is_some())
    }
    /// Content exists and none of it failed its time limit.
    pub fn on_time(&self) -> bool {
        self.has_content() && !self.failing()
    }
    /// Some of its content failed its time limit (late, overdue, shown too briefly).
    pub fn failing(&self) -> bool {
        self.content.iter().any(|c| c.verdict.is_failure())
    }
}

/// A catalog's figures for the supervisor's table.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    /// The catalog (organisation, domain, status, versions, filing).
    #[serde(skip)]
    pub catalog: store::Catalog,
    pub items: usize,
    pub with_content: usize,
    pub on_time: usize,
    pub failing: usize,
    pub not_checkable: usize,
}

impl App {
    /// Tags a published document of the catalog's organisation with one of its items.
    pub async fn link_catalog_item(
        &self,
        actor: &Actor,
        catalog_id: i64,
        item_id: &str,
        index_number: &str,
    ) -> AppResult<()> {
        let view = self.catalog_view(actor, catalog_id).await?;
        let tree = self.org_tree().await?;
        if !self.keeper_of(actor, &tree.ancestry_ids(view.org_id)) {
            return Err(AppError::Forbidden(
                "关联公开内容须具有本机关信息公开专员、信息公开机构负责人或单位管理员角色".into(),
            ));
        }
        let item_id = single_line("item", "事项", item_id, true, 300)?;
        let Some(item) = view.items.iter().find(|i| i.id == item_id) else {
            return Err(gongkai_domain::Invalid::new("item", "目录中没有这一事项").into());
        };
        let label = item.label_among(&view.items);
        let index = single_line("index_number", "索引号", index_number, true, 60)?;
        let mut c = self.store.conn().await?;
        let doc = gongkai_store::documents::by_index_number(&mut c, &index)
            .await?
            .filter(|d| d.org_id == view.org_id)
            .ok_or_else(|| {
                gongkai_domain::Invalid::new(
                    "index_number",
                    format!("本机关没有索引号为“{index}”的文件"),
                )
            })?;
        drop(c);
        if doc.state != DocState::Published {
            return Err(gongkai_domain::Invalid::new(
                "index_number",
                "只能关联已发布的主动公开文件",
            )
            .into());
        }
        let mut tx = self.store.begin(self.now()).await?;
        store::link(&mut tx, catalog_id, &item_id, doc.id).await?;
        tx.record(
            self.audit(
                actor,
                "catalog.link",
                "catalog",
                Some(catalog_id),
                Some(view.org_id),
                json!({ "item": item_id, "label": label, "document": index }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every item of the catalog's current version with its tagged content and verdicts.
    pub async fn catalog_compliance(
        &self,
        actor: &Actor,
        catalog_id: i64,
    ) -> AppResult<Vec<ItemCompliance>> {
        let view = self.catalog_view(actor, catalog_id).await?;
        let mut c = self.store.conn().await?;
        self.compliance_of(&mut c, catalog_id, &view.items).await
    }

    async fn compliance_of(
        &self,
        c: &mut gongkai_store::AnyConnection,
        catalog_id: i64,
        items: &[gongkai_domain::catalog::CatalogItem],
    ) -> AppResult<Vec<ItemCompliance>> {
        let links = store::links(c, catalog_id).await?;
        let calendar = self.calendar();
        let today = self.today();
        Ok(items
            .iter()
            .map(|i| {
                let rule = i.rule();
                let content: Vec<ContentCheck> = links
                    .iter()
                    .filter(|l| l.item_id == i.id)
                    .map(|l| ContentCheck {
                        title: l.title.clone(),
                        index_number: l.index_number.clone(),
                        org_slug: l.org_slug.clone(),
                        written_on: l.written_on,
                        published_on: l
                            .published_on
                            .filter(|_| l.state == DocState::Published.as_str()),
                        verdict: check(
                            rule.as_ref(),
                            &calendar,
                            l.written_on,
                            l.published_on,
                            // A withdrawn document was last shown on the day it was withdrawn.
                            l.withdrawn_at
                                .as_deref()
                                .filter(|_| l.state == DocState::Withdrawn.as_str())
                                .and_then(|t| gongkai_store::parse_instant(t).ok())
                                .map(gongkai_domain::china_time::china_date),
                            today,
                        ),
                    })
                    .collect();
                ItemCompliance {
                    id: i.id.clone(),
                    label: i.label_among(items),
                    time_limit: i.time_limit.clone(),
                    checkable: rule.is_some(),
                    last_published: content.iter().filter_map(|c| c.published_on).max(),
                    content,
                }
            })
            .collect())
    }

    /// Every catalog the actor sees with its coverage and timeliness (the supervising
    /// office's table), with the failing count to drill into.
    pub async fn compliance_overview(&self, actor: &Actor) -> AppResult<Vec<CoverageRow>> {
        // The catalogs are those the actor sees; their current items and links are read
        // on one connection.
        let catalogs = self.catalogs_overview(actor).await?;
        let mut c = self.store.conn().await?;
        let mut out = Vec::with_capacity(catalogs.len());
        for cat in catalogs {
            let items = store::version(&mut c, cat.id, cat.version)
                .await?
                .map(|v| v.items)
                .unwrap_or_default();
            let checks = self.compliance_of(&mut c, cat.id, &items).await?;
            out.push(CoverageRow {
                catalog: cat,
                items: checks.len(),
                with_content: checks.iter().filter(|c| c.has_content()).count(),
                on_time: checks.iter().filter(|c| c.on_time()).count(),
                failing: checks.iter().filter(|c| c.failing()).count(),
                not_checkable: checks.iter().filter(|c| !c.checkable).count(),
            });
        }
        Ok(out)
    }

    /// For the portal: each published item's published content, (item id, title, url).
    pub async fn published_item_content(
        &self,
        catalog_id: i64,
    ) -> AppResult<Vec<(String, String, String)>> {
        let mut c = self.store.conn().await?;
        Ok(store::links(&mut c, catalog_id)
            .await?
            .into_iter()
            .filter(|l| l.state == DocState::Published.as_str())
            .map(|l| {
                let url = paths::document(&l.org_slug, &l.index_number);
                (l.item_id, l.title, url)
            })
            .collect())
    }

    /// The inspection's view of the unit's published catalogs: per catalog, the items
    /// with nothing published under them and those whose content missed its 公开时限.
    pub(crate) async fn catalog_findings(&self, org: &Org) -> AppResult<Vec<(Rule, Item)>> {
        let mut c = self.store.conn().await?;
        let mut out = Vec::new();
        for cat in store::in_orgs(&mut c, &[org.id]).await? {
            let Some(v) = cat.published_version else {
                continue;
            };
            let Some(version) = store::version(&mut c, cat.id, v).await? else {
                continue;
            };
            let checks = self.compliance_of(&mut c, cat.id, &version.items).await?;
            let empty: Vec<&str> = checks
                .iter()
                .filter(|i| !i.has_content())
                .map(|i| i.label.as_str())
                .collect();
            let late: Vec<&str> = checks
                .iter()
                .filter(|i| i.failing())
                .map(|i| i.label.as_str())
                .collect();
            let total = checks.len();
            for (rule, names, what) in [
                (Rule::CatalogEmpty, empty, "没有已公开的内容"),
                (Rule::CatalogLate, late, "有内容未按公开时限公开"),
            ] {
                if names.is_empty() {
                    continue;
                }
                out.push((
                    rule,
                    Item {
                        page: paths::catalog(&org.slug, cat.id),
                        detail: format!(
                            "{}领域目录（第{v}版）{total}项中{}项{what}：{}",
                            cat.domain,
                            names.len(),
                            sample(&names)
                        ),
                    },
                ));
            }
        }
        Ok(out)
    }
}

/// The first few names, and how many more.
fn sample(names: &[&str]) -> String {
    const SHOWN: usize = 3;
    let head = names[..names.len().min(SHOWN)].join("、");
    match names.len().saturating_sub(SHOWN) {
        0 => head,
        more => format!("{head}等（另{more}项）"),
    }
}
