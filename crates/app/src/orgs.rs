//! Creating and changing organisations.

use gongkai_domain::Invalid;
use gongkai_domain::invalid::{multi_line, single_line};
use gongkai_domain::org::{Contact, IndexCode, OrgLevel, Slug};
use gongkai_store::orgs::{self, Org, OrgFields};
use serde::Deserialize;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// An organisation as a form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawOrg {
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub index_code: String,
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub leaders: String,
    #[serde(default)]
    pub office: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub sort_order: String,
}

impl RawOrg {
    /// Parses every field, reporting all problems at once.
    pub fn parse(&self) -> Result<OrgFields, Vec<Invalid>> {
        let mut errors = Vec::new();
        let level = self
            .level
            .trim()
            .parse::<OrgLevel>()
            .map_err(|e| errors.push(e))
            .ok();
        let name = single_line("name", "机构名称", &self.name, true, 60)
            .map_err(|e| errors.push(e))
            .ok();
        let short = single_line("short_name", "简称", &self.short_name, false, 30)
            .map_err(|e| errors.push(e))
            .ok();
        let slug = Slug::parse(&self.slug).map_err(|e| errors.push(e)).ok();
        let code = IndexCode::parse(&self.index_code)
            .map_err(|e| errors.push(e))
            .ok();
        let intro = multi_line("intro", "机构职能", &self.intro, false, 4000)
            .map_err(|e| errors.push(e))
            .ok();
        let leaders = multi_line("leaders", "负责人", &self.leaders, false, 1000)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let contact = Contact {
            office: self.office.clone(),
            address: self.address.clone(),
            hours: self.hours.clone(),
            phone: self.phone.clone(),
            fax: self.fax.clone(),
            email: self.email.clone(),
            postcode: self.postcode.clone(),
        }
        .validated()
        .map_err(|e| errors.push(e))
        .ok();
        let sort_order = match self.sort_order.trim() {
            "" => Some(0),
            s => s
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=1_000_000).contains(n))
                .or_else(|| {
                    errors.push(Invalid::new("sort_order", "排序须为0至1000000之间的整数"));
                    None
                }),
        };
        match (level, name, short, slug, code, intro, contact, sort_order) {
            (
                Some(level),
                Some(name),
                Some(short),
                Some(slug),
                Some(index_code),
                Some(intro),
                Some(contact),
                Some(sort_order),
            ) if errors.is_empty() => {
                let short_name = if short.is_empty() {
                    name.clone()
                } else {
                    short
                };
                Ok(OrgFields {
                    level,
                    name,
                    short_name,
                    slug,
                    index_code,
                    intro,
                    leaders,
                    contact,
                    sort_order,
                })
            }
            _ => Err(errors),
        }
    }

    pub fn from_org(o: &Org) -> Self {
        Self {
            level: o.level.as_str().into(),
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            slug: o.slug.clone(),
            index_code: o.index_code.clone(),
            intro: o.intro.clone(),
            leaders: o.leaders.clone(),
            office: o.contact.office.clone(),
            address: o.contact.address.clone(),
            hours: o.contact.hours.clone(),
            phone: o.contact.phone.clone(),
            fax: o.contact.fax.clone(),
            email: o.contact.email.clone(),
            postcode: o.contact.postcode.clone(),
            sort_order: o.sort_order.to_string(),
        }
    }
}

impl App {
    /// Creates an organisation under `parent_id` (None: a new root, platform
    /// administrators only). An org admin may add organisations inside their subtree.
    pub async fn create_org(
        &self,
        actor: &Actor,
        parent_id: Option<i64>,
        raw: &RawOrg,
    ) -> AppResult<i64> {
        let f = raw.parse()?;
        let tree = self.org_tree().await?;
        match parent_id {
            None => {
                if !actor.is_platform_admin() {
                    return Err(AppError::Forbidden("只有平台管理员可以创建顶级机构".into()));
                }
                if f.level == OrgLevel::Department || f.level == OrgLevel::Village {
                    return Err(Invalid::new(
                        "level",
                        format!("{}不能作为顶级机构", f.level.label()),
                    )
                    .into());
                }
            }
            Some(p) => {
                let parent = tree
                    .get(p)
                    .ok_or_else(|| AppError::NotFound("上级机构不存在".into()))?;
                if !actor.may_administer(&tree.ancestry_ids(p)) {
                    return Err(AppError::Forbidden(format!(
                        "您没有在“{}”下新增机构的权限",
                        parent.name
                    )));
                }
                if !f.level.may_sit_under(parent.level) {
                    return Err(Invalid::new(
                        "level",
                        format!(
                            "{}不能设在{}（{}）之下",
                            f.level.label(),
                            parent.name,
                            parent.level.label()
                        ),
                    )
                    .into());
                }
            }
        }
        let mut tx = self.store.begin(self.now()).await?;
        let id = orgs::insert(&mut tx, parent_id, &f).await?;
        tx.record(
            self.audit(
                actor,
                "org.create",
                "organisation",
                Some(id),
                Some(id),
                json!({ "name": f.name, "slug": f.slug }),
            ),
            Some(org_event("org.created", id)),
        )
        .await?;
        tx.commit().await?;
        self.tree_cache.clear();
        Ok(id)
    }

    pub async fn update_org(&self, actor: &Actor, id: i64, raw: &RawOrg) -> AppResult<()> {
        let f = raw.parse()?;
        let tree = self.org_tree().await?;
        let org = tree
            .get(id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        if !actor.may_administer(&tree.ancestry_ids(id)) {
            return Err(AppError::Forbidden(format!(
                "您没有修改“{}”的权限",
                org.name
            )));
        }
        if f.level != org.level {
            let parent_ok = org.parent_id.and_then(|p| tree.get(p)).map_or(
                f.level.is_government() && f.level != OrgLevel::Township,
                |p| f.level.may_sit_under(p.level),
            );
            let children_ok = tree
                .children(id)
                .iter()
                .all(|c| c.level.may_sit_under(f.level));
            if !parent_ok || !children_ok {
                return Err(Invalid::new("level", "新的机构层级与上下级机构不相容").into());
            }
        }
        let mut tx = self.store.begin(self.now()).await?;
        orgs::update(&mut tx, id, &f).await?;
        tx.record(
            self.audit(
                actor,
                "org.update",
                "organisation",
                Some(id),
                Some(id),
                json!({ "before": org, "name": f.name }),
            ),
            Some(org_event("org.updated", id)),
        )
        .await?;
        tx.commit().await?;
        self.tree_cache.clear();
        Ok(())
    }
}

fn org_event(kind: &'static str, id: i64) -> gongkai_store::NewEvent {
    gongkai_store::NewEvent {
        kind,
        entity_type: "organisation",
        entity_id: Some(id),
        org_id: Some(id),
        payload: json!({ "id": id }),
    }
}
