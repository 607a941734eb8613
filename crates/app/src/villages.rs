//! 村(居)务公开: a village's lists (entered in a form or imported from .xlsx, checked
//! row by row, nothing kept when a row is wrong), their personal data confirmed before
//! publication, the 公示 period on the working-day calendar, and each column's schedule
//! with the overdue ones for the township. Villages' records are kept by the
//! township's (or the village's own) disclosure staff.

use chrono::NaiveDate;
use gongkai_domain::Invalid;
use gongkai_domain::invalid::{Problems, single_line};
use gongkai_domain::org::OrgLevel;
use gongkai_domain::role::Role;
use gongkai_domain::village::{
    Column, ListKind, Schedule, notice_ends, overdue, period_label, read_list, rows_from_text,
};
use gongkai_store::NewEvent;
use gongkai_store::orgs::Org;
use gongkai_store::villages::{self as store, VillageList};
use serde::Deserialize;
use serde_json::json;

use std::sync::Arc;

use crate::pii_review::{PiiReview, village_list_subject};
use crate::tree::OrgTree;
use crate::{Actor, App, AppError, AppResult};

const KEEPERS: [Role; 2] = [Role::DisclosureOfficer, Role::DisclosureHead];

/// A 公示 of 5 working days unless the form says otherwise.
pub const DEFAULT_NOTICE_DAYS: u32 = 5;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct VillageListInput {
    #[serde(default)]
    pub village: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub period_from: String,
    #[serde(default)]
    pub period_to: String,
    #[serde(default)]
    pub committee: String,
    #[serde(default)]
    pub complaint_phone: String,
    #[serde(default)]
    pub notice_days: String,
    /// The table pasted from a spreadsheet (when no file is uploaded).
    #[serde(default)]
    pub rows: String,
}

/// A list as staff see it: the originals, the public form, and the review.
#[derive(Debug, Clone)]
pub struct VillageListView {
    pub list: VillageList,
    pub village: Org,
    pub township: Option<Org>,
    pub public_rows: Vec<Vec<String>>,
    pub totals: Vec<Option<i64>>,
    pub review: PiiReview,
    pub notice_ends: NaiveDate,
    pub period: String,
    /// The viewer keeps the village's records: may confirm, publish and delete.
    pub may_act: bool,
}

/// A list as the public reads it: its people masked.
#[derive(Debug, Clone)]
pub struct PublicVillageList {
    pub id: i64,
    pub kind: ListKind,
    pub title: String,
    pub period: String,
    pub committee: String,
    pub complaint_phone: String,
    pub published_on: NaiveDate,
    pub notice_days: u32,
    pub notice_ends: NaiveDate,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub totals: Vec<Option<i64>>,
    pub village_name: String,
    pub village_slug: String,
    pub township_slug: String,
}

/// A column of a village, its schedule and whether it is overdue.
#[derive(Debug, Clone)]
pub struct ColumnStatus {
    pub village_id: i64,
    pub village_name: String,
    pub village_slug: String,
    pub column: Column,
    pub schedule: Schedule,
    pub last: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

/// A village's public page: its columns with their lists.
#[derive(Debug, Clone)]
pub struct PublicVillage {
    pub village: Org,
    pub township: Org,
    pub columns: Vec<(ColumnStatus, Vec<PublicVillageList>)>,
}

/// Whether the actor keeps a village's records: the village's own disclosure staff,
/// or its township's, who run the 村务公开 column for their villages (seed 002 item 12).
fn keeps(actor: &Actor, tree: &OrgTree, village_id: i64) -> bool {
    actor.holds_any(&KEEPERS, &tree.ancestry_ids(village_id))
        || tree
            .get(village_id)
            .and_then(|v| v.parent_id)
            .is_some_and(|t| actor.holds_any(&KEEPERS, &tree.ancestry_ids(t)))
}

fn village_of<'a>(tree: &'a OrgTree, slug: &str) -> AppResult<&'a Org> {
    tree.by_slug(slug.trim())
        .filter(|o| o.level == OrgLevel::Village)
        .ok_or_else(|| AppError::Invalid(vec![Invalid::new("village", "请选择村（社区）")]))
}

impl App {
    async fn must_keep_village(&self, actor: &Actor, village_id: i64, what: &str) -> AppResult<()> {
        if keeps(actor, &*self.org_tree().await?, village_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "{what}须由本村（社区）或所属乡镇的“信息公开专员”“信息公开机构负责人”办理"
            )))
        }
    }

    /// Reads, checks and keeps a list as a draft. `xlsx` (when given) is the table;
    /// otherwise the rows pasted in the form. Any malformed row: nothing is kept, and
    /// every problem is reported with its row.
    pub async fn create_village_list(
        &self,
        actor: &Actor,
        input: &VillageListInput,
        xlsx: Option<&[u8]>,
    ) -> AppResult<i64> {
        let tree = self.org_tree().await?;
        let village = village_of(&tree, &input.village)?.clone();
        self.must_keep_village(actor, village.id, "录入村务公开名单")
            .await?;
        let mut p = Problems::default();
        let kind = p.choice::<ListKind>("kind", "请选择名单类别", &input.kind);
        let title = p.text(single_line("title", "标题", &input.title, true, 100));
        let from = crate::participation::date("period_from", "起始日期", &input.period_from)
            .map_err(|e| p.push(e))
            .ok();
        let to = crate::participation::date("period_to", "截止日期", &input.period_to)
            .map_err(|e| p.push(e))
            .ok();
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            p.push(Invalid::new("period_to", "截止日期不能早于起始日期"));
        }
        let committee = p.text(single_line(
            "committee",
            "公开主体（如村务监督委员会）",
            &input.committee,
            true,
            60,
        ));
        let phone = p.text(single_line(
            "complaint_phone",
            "监督电话",
            &input.complaint_phone,
            true,
            40,
        ));
        let days = match input.notice_days.trim() {
            "" => Some(DEFAULT_NOTICE_DAYS),
            d => d
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=30).contains(n))
                .or_else(|| {
                    p.push(Invalid::new("notice_days", "公示期须为1至30个工作日"));
                    None
                }),
        };
        let table = match kind {
            Some(kind) => {
                let sheets = match xlsx {
                    Some(bytes) => crate::catalog_xlsx::sheets(bytes)
                        .map_err(|e| AppError::Invalid(vec![Invalid::new("file", e)]))?,
                    None => vec![gongkai_domain::catalog::table::Sheet::from_rows(
                        "名单",
                        rows_from_text(&input.rows),
                    )],
                };
                match read_list(kind, &sheets) {
                    Ok(t) => Some(t),
                    Err(rows) => {
                        for r in rows {
                            p.push(Invalid::new("rows", r));
                        }
                        None
                    }
                }
            }
            None => None,
        };
        let (Some(kind), Some(from), Some(to), Some(days), Some(table)) =
            (kind, from, to, days, table)
        else {
            return Err(AppError::Invalid(p.0));
        };
        if !p.is_empty() {
            return Err(AppError::Invalid(p.0));
        }
        let by = actor
            .user_id()
            .ok_or_else(|| AppError::Forbidden("须登录后录入".into()))?;
        let list = VillageList {
            id: 0,
            village_id: village.id,
            kind,
            title: title.clone(),
            period_from: from,
            period_to: to,
            committee,
            complaint_phone: phone,
            notice_days: days,
            table,
            published_on: None,
            created_by: by,
        };
        let mut tx = self.store.begin(self.now()).await?;
        let id = store::insert(&mut tx, &list).await?;
        tx.record(
            self.audit(
                actor,
                "village_list.create",
                "village_list",
                Some(id),
                Some(village.id),
                json!({ "title": title, "kind": kind.as_str(), "rows": list.table.rows.len() }),
            ),
            Some(village_event(id, village.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn kept_list(&self, actor: &Actor, id: i64) -> AppResult<(VillageList, Arc<OrgTree>)> {
        let mut c = self.store.conn().await?;
        let list = store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("名单不存在".into()))?;
        drop(c);
        let tree = self.org_tree().await?;
        if !keeps(actor, &tree, list.village_id)
            && !actor.may_view(&tree.ancestry_ids(list.village_id))
        {
            return Err(AppError::NotFound("名单不存在".into()));
        }
        Ok((list, tree))
    }

    /// The review of a list's personal data, for those who keep the village's records.
    pub(crate) async fn village_list_review(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<(VillageList, PiiReview)> {
        let (list, _) = self.kept_list(actor, id).await?;
        self.must_keep_village(actor, list.village_id, "确认名单中的个人信息")
            .await?;
        let review = self.list_review(&list).await?;
        Ok((list, review))
    }

    async fn list_review(&self, list: &VillageList) -> AppResult<PiiReview> {
        let decisions = self.pii_decisions(&village_list_subject(list.id)).await?;
        Ok(PiiReview::new(&list.table.scan(), &[], &decisions))
    }

    /// A list with its originals, for staff who may see the village's records.
    pub async fn village_list_view(&self, actor: &Actor, id: i64) -> AppResult<VillageListView> {
        let (list, tree) = self.kept_list(actor, id).await?;
        let decisions = self.pii_decisions(&village_list_subject(id)).await?;
        let review = PiiReview::new(&list.table.scan(), &[], &decisions);
        let village = tree
            .get(list.village_id)
            .cloned()
            .ok_or_else(|| AppError::NotFound("村（社区）不存在".into()))?;
        let township = village.parent_id.and_then(|p| tree.get(p)).cloned();
        let start = list.published_on.unwrap_or_else(|| self.today());
        Ok(VillageListView {
            public_rows: list.table.public_rows(&decisions),
            totals: list.table.totals(),
            notice_ends: notice_ends(&self.calendar(), start, list.notice_days),
            period: period_label(list.period_from, list.period_to),
            review,
            may_act: keeps(actor, &tree, village.id),
            village,
            township,
            list,
        })
    }

    /// Publishes a list once every piece of personal data in it is decided.
    pub async fn publish_village_list(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let (list, review) = self.village_list_review(actor, id).await?;
        if list.published_on.is_some() {
            return Err(AppError::Conflict("该名单已公开".into()));
        }
        review.ensure_clear()?;
        let today = self.today();
        let mut tx = self.store.begin(self.now()).await?;
        if !store::publish(&mut tx, id, today).await? {
            return Err(AppError::Conflict("该名单已公开".into()));
        }
        tx.record(
            self.audit(
                actor,
                "village_list.publish",
                "village_list",
                Some(id),
                Some(list.village_id),
                json!({ "title": list.title }),
            ),
            Some(village_event(id, list.village_id)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a list not yet published.
    pub async fn remove_village_list(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let (list, _) = self.village_list_review(actor, id).await?;
        let mut tx = self.store.begin(self.now()).await?;
        if !store::remove_draft(&mut tx, id).await? {
            return Err(AppError::Conflict("已公开的名单不能删除".into()));
        }
        tx.record(
            self.audit(
                actor,
                "village_list.remove",
                "village_list",
                Some(id),
                Some(list.village_id),
                json!({ "title": list.title }),
            ),
            Some(village_event(id, list.village_id)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets how often a village's column is renewed.
    pub async fn set_village_schedule(
        &self,
        actor: &Actor,
        village: &str,
        column: &str,
        schedule: &str,
    ) -> AppResult<()> {
        let tree = self.org_tree().await?;
        let v = village_of(&tree, village)?.clone();
        self.must_keep_village(actor, v.id, "设置村务公开周期")
            .await?;
        let column: Column = column.parse()?;
        let schedule: Schedule = schedule.parse()?;
        let mut tx = self.store.begin(self.now()).await?;
        store::set_schedule(&mut tx, v.id, column, schedule).await?;
        tx.record(
            self.audit(
                actor,
                "village.schedule",
                "organisation",
                Some(v.id),
                Some(v.id),
                json!({ "column": column.as_str(), "schedule": schedule.as_str() }),
            ),
            Some(village_event(v.id, v.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The villages whose records the actor keeps.
    pub async fn kept_villages(&self, actor: &Actor) -> AppResult<Vec<Org>> {
        let tree = self.org_tree().await?;
        Ok(tree
            .all()
            .iter()
            .filter(|o| o.level == OrgLevel::Village)
            .filter(|o| keeps(actor, &tree, o.id))
            .cloned()
            .collect())
    }

    /// Every list of the villages the actor keeps, drafts first.
    pub async fn staff_village_lists(&self, actor: &Actor) -> AppResult<Vec<VillageList>> {
        let ids: Vec<i64> = self
            .kept_villages(actor)
            .await?
            .iter()
            .map(|o| o.id)
            .collect();
        let mut c = self.store.conn().await?;
        let mut lists = store::of_villages(&mut c, &ids, false).await?;
        lists.sort_by_key(|l| (l.published_on.is_some(), std::cmp::Reverse(l.id)));
        Ok(lists)
    }

    /// The columns of some villages with their schedules and last renewal: a column's
    /// last renewal is its latest published list or document.
    pub async fn village_columns(&self, villages: &[Org]) -> AppResult<Vec<ColumnStatus>> {
        let ids: Vec<i64> = villages.iter().map(|o| o.id).collect();
        let mut c = self.store.conn().await?;
        let set = store::schedules(&mut c, &ids).await?;
        let lists = store::of_villages(&mut c, &ids, true).await?;
        let docs = store::last_documents(&mut c, &ids).await?;
        let today = self.today();
        let mut out = Vec::new();
        for v in villages {
            for column in Column::ALL.iter().copied() {
                let schedule = set
                    .iter()
                    .find(|(id, c, _)| *id == v.id && *c == column)
                    .map_or(column.default_schedule(), |(_, _, s)| *s);
                let from_lists = lists
                    .iter()
                    .filter(|l| l.village_id == v.id && l.kind.column() == column)
                    .filter_map(|l| l.published_on)
                    .max();
                let from_docs = docs
                    .iter()
                    .filter(|(id, cat, _)| {
                        *id == v.id && column.categories().contains(&cat.as_str())
                    })
                    .map(|(_, _, d)| *d)
                    .max();
                let last = from_lists.max(from_docs);
                out.push(ColumnStatus {
                    village_id: v.id,
                    village_name: v.name.clone(),
                    village_slug: v.slug.clone(),
                    column,
                    schedule,
                    last,
                    due: gongkai_domain::village::due(schedule, last, today),
                    overdue: overdue(schedule, last, today),
                });
            }
        }
        Ok(out)
    }

    /// The overdue columns of the villages the actor keeps (the township's dashboard).
    pub async fn overdue_village_columns(&self, actor: &Actor) -> AppResult<Vec<ColumnStatus>> {
        let villages = self.kept_villages(actor).await?;
        Ok(self
            .village_columns(&villages)
            .await?
            .into_iter()
            .filter(|c| c.overdue)
            .collect())
    }

    fn public_list(
        &self,
        l: &VillageList,
        v: &Org,
        township: &Org,
        decisions: &[gongkai_domain::pii::review::Decision],
    ) -> Option<PublicVillageList> {
        let published_on = l.published_on?;
        Some(PublicVillageList {
            id: l.id,
            kind: l.kind,
            title: l.title.clone(),
            period: period_label(l.period_from, l.period_to),
            committee: l.committee.clone(),
            complaint_phone: l.complaint_phone.clone(),
            published_on,
            notice_days: l.notice_days,
            notice_ends: notice_ends(&self.calendar(), published_on, l.notice_days),
            headers: l.table.headers.clone(),
            rows: l.table.public_rows(decisions),
            totals: l.table.totals(),
            village_name: v.name.clone(),
            village_slug: v.slug.clone(),
            township_slug: township.slug.clone(),
        })
    }

    async fn public_village_org(&self, township: &str, village: &str) -> AppResult<(Org, Org)> {
        let tree = self.org_tree().await?;
        let t = tree
            .by_slug(township)
            .filter(|o| o.level == OrgLevel::Township)
            .ok_or_else(|| AppError::NotFound("乡镇不存在".into()))?;
        let v = tree
            .by_slug(village)
            .filter(|o| o.level == OrgLevel::Village && o.parent_id == Some(t.id))
            .ok_or_else(|| AppError::NotFound("村（社区）不存在".into()))?;
        Ok((t.clone(), v.clone()))
    }

    /// A village's 村务公开 page: each column with its schedule and published lists.
    pub async fn public_village(&self, township: &str, village: &str) -> AppResult<PublicVillage> {
        let (t, v) = self.public_village_org(township, village).await?;
        let statuses = self.village_columns(std::slice::from_ref(&v)).await?;
        let mut c = self.store.conn().await?;
        let lists = store::of_villages(&mut c, &[v.id], true).await?;
        let mut columns = Vec::new();
        for s in statuses {
            let mut shown = Vec::new();
            for l in lists.iter().filter(|l| l.kind.column() == s.column) {
                let decisions =
                    gongkai_store::pii_decisions::of(&mut c, &village_list_subject(l.id)).await?;
                shown.extend(self.public_list(l, &v, &t, &decisions));
            }
            columns.push((s, shown));
        }
        Ok(PublicVillage {
            village: v,
            township: t,
            columns,
        })
    }

    /// One published list as the public reads it.
    pub async fn public_village_list(
        &self,
        township: &str,
        village: &str,
        id: i64,
    ) -> AppResult<PublicVillageList> {
        let (t, v) = self.public_village_org(township, village).await?;
        let mut c = self.store.conn().await?;
        let l = store::get(&mut c, id)
            .await?
            .filter(|l| l.village_id == v.id)
            .ok_or_else(|| AppError::NotFound("名单不存在".into()))?;
        let decisions = gongkai_store::pii_decisions::of(&mut c, &village_list_subject(id)).await?;
        self.public_list(&l, &v, &t, &decisions)
            .ok_or_else(|| AppError::NotFound("名单不存在".into()))
    }
}

fn village_event(id: i64, village_id: i64) -> NewEvent {
    NewEvent {
        kind: "village.changed",
        entity_type: "village_list",
        entity_id: Some(id),
        org_id: Some(village_id),
        payload: json!({ "id": id }),
    }
}

/// The totals row of a list as printed: "合计" under the first column, each amount in
/// yuan under its column.
pub fn totals_row(rows: &[Vec<String>], totals: &[Option<i64>]) -> Option<Vec<String>> {
    let has_total_row = rows
        .iter()
        .any(|r| r.first().is_some_and(|f| f.contains("合计")));
    if has_total_row || totals.iter().all(Option::is_none) {
        return None;
    }
    Some(
        totals
            .iter()
            .enumerate()
            .map(|(i, t)| match t {
                Some(fen) => gongkai_domain::application::fee::Fen(*fen).decimal(),
                None if i == 0 => "合计".into(),
                None => String::new(),
            })
            .collect(),
    )
}
