//! Self-inspection (issue 14): each unit's pages read from the records as the 19号
//! inspectors would see them, the rules applied, scored by the deployment's points
//! table and ranked across the subtree. The supervising 政务公开办 runs it before the
//! province's inspectors do.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::category::categories_for;
use gongkai_domain::china_time::china_date;
use gongkai_domain::inspection::{
    BrokenLink, Column, ColumnKinds, Consultation, Facts, Finding, Item, PointsTable, Rule, Score,
    Thresholds, inspect, rank,
};
use gongkai_domain::interaction::message::{MessageKind, MessageStatus, message_clock};
use gongkai_domain::org::OrgLevel;
use gongkai_domain::publication::ClockStatus;
use gongkai_domain::role::Role;
use gongkai_store::media::Account as MediaRecord;
use gongkai_store::orgs::Org;
use gongkai_store::{applications, documents, messages, settings};
use serde::Serialize;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult, OrgTree};

/// The setting holding the points table's text.
const POINTS: &str = "inspection.points";
/// The setting holding the columns' kinds.
const KINDS: &str = "inspection.column_kinds";

/// One unit's result.
#[derive(Debug, Clone, Serialize)]
pub struct UnitResult {
    pub org: Org,
    pub findings: Vec<Finding>,
    pub score: Score,
}

/// An inspection of an organisation and the units under it, best first.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub root: Org,
    pub on: NaiveDate,
    pub units: Vec<UnitResult>,
    pub table: PointsTable,
}

/// Who may inspect: the supervising office and administrators, over their subtree.
const INSPECTORS: [Role; 2] = [Role::Supervisor, Role::OrgAdmin];

impl App {
    /// The organisation `slug`, if the actor may inspect it.
    pub async fn inspected_org(&self, actor: &Actor, slug: &str) -> AppResult<Org> {
        let tree = self.org_tree().await?;
        let root = tree
            .by_slug(slug.trim())
            .cloned()
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        if !actor.is_platform_admin() && !actor.holds_any(&INSPECTORS, &tree.ancestry_ids(root.id))
        {
            return Err(AppError::Forbidden(
                "网站检查须由政务公开办（监督）或单位管理员进行".into(),
            ));
        }
        Ok(root)
    }

    /// Inspects the organisation `slug` and every unit under it with pages of its own
    /// (villages publish through their township and are inspected there). `broken` are
    /// the dead links a walk of the portal found (none when no walk was made); each
    /// counts against the unit whose pages it is on.
    pub async fn inspect(
        &self,
        actor: &Actor,
        slug: &str,
        broken: &[BrokenLink],
    ) -> AppResult<Inspection> {
        let root = self.inspected_org(actor, slug).await?;
        let tree = self.org_tree().await?;
        let table = self.inspection_points().await?;
        let kinds = self.column_kinds().await?;
        let media = self.media_accounts_all().await?;
        let today = self.today();
        let mut units = Vec::new();
        for id in tree.subtree_ids(root.id) {
            let Some(org) = tree.get(id).filter(|o| o.level != OrgLevel::Village) else {
                continue;
            };
            let mut facts = self.unit_facts(&tree, org, today, &kinds, &media).await?;
            for link in broken {
                let on = link.page.split('/').nth(1).unwrap_or_default();
                let unit = match tree.by_slug(on) {
                    Some(o) if o.level != OrgLevel::Village => o.id,
                    _ => root.id,
                };
                if unit == org.id {
                    facts.items.push((
                        Rule::BrokenLink,
                        Item {
                            page: link.page.clone(),
                            detail: format!("链接 {} 打开时返回{}", link.target, link.status),
                        },
                    ));
                }
            }
            let findings = inspect(&facts, &Thresholds::default());
            let score = table.score(&findings);
            units.push(UnitResult {
                org: org.clone(),
                findings,
                score,
            });
        }
        let names: Vec<(&str, &Score)> = units
            .iter()
            .map(|u| (u.org.name.as_str(), &u.score))
            .collect();
        let order = rank(&names);
        let mut slots: Vec<Option<UnitResult>> = units.into_iter().map(Some).collect();
        let units = order.into_iter().filter_map(|i| slots[i].take()).collect();
        Ok(Inspection {
            root,
            on: today,
            units,
            table,
        })
    }

    /// The points table in force: the setting, or the platform's defaults.
    pub async fn inspection_points(&self) -> AppResult<PointsTable> {
        let mut c = self.store.conn().await?;
        match settings::get(&mut c, POINTS).await? {
            Some(text) => Ok(PointsTable::parse(&text)?),
            None => Ok(PointsTable::default()),
        }
    }

    /// The kind each column has (how stale it may become): the setting, or defaults.
    pub async fn column_kinds(&self) -> AppResult<ColumnKinds> {
        let mut c = self.store.conn().await?;
        match settings::get(&mut c, KINDS).await? {
            Some(text) => Ok(ColumnKinds::parse(&text)?),
            None => Ok(ColumnKinds::default()),
        }
    }

    /// Sets the columns' kinds (the same people as the points table).
    pub async fn set_column_kinds(&self, actor: &Actor, kinds: &ColumnKinds) -> AppResult<()> {
        if !self.may_set_inspection_points(actor).await? {
            return Err(AppError::Forbidden(
                "栏目类型须由平台管理员或本级政务公开办设置".into(),
            ));
        }
        let mut tx = self.store.begin(self.now()).await?;
        settings::set(&mut tx, KINDS, &kinds.to_text()).await?;
        tx.record(
            self.audit(
                actor,
                "inspection.set_column_kinds",
                "setting",
                None,
                None,
                json!({ "kinds": kinds.to_text() }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether the actor may change the points table: a platform administrator, or the
    /// supervising office of a whole tree (the table holds for every unit).
    pub async fn may_set_inspection_points(&self, actor: &Actor) -> AppResult<bool> {
        let tree = self.org_tree().await?;
        Ok(actor.is_platform_admin()
            || tree
                .roots()
                .iter()
                .any(|r| actor.holds(Role::Supervisor, &[r.id])))
    }

    /// Sets the points table (platform administrators, or a supervising office of a
    /// whole tree): the text as [`PointsTable::parse`] reads it.
    pub async fn set_inspection_points(&self, actor: &Actor, text: &str) -> AppResult<PointsTable> {
        if !self.may_set_inspection_points(actor).await? {
            return Err(AppError::Forbidden(
                "扣分标准须由平台管理员或本级政务公开办设置".into(),
            ));
        }
        let table = PointsTable::parse(text)?;
        let mut tx = self.store.begin(self.now()).await?;
        settings::set(&mut tx, POINTS, &table.to_text()).await?;
        tx.record(
            self.audit(
                actor,
                "inspection.set_points",
                "setting",
                None,
                None,
                json!({ "points": table.to_text() }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(table)
    }

    /// Every 政务新媒体 account, read once for all the units of an inspection.
    pub(crate) async fn media_accounts_all(&self) -> AppResult<Vec<MediaRecord>> {
        let mut c = self.store.conn().await?;
        Ok(gongkai_store::media::all(&mut c).await?)
    }

    /// What one unit's pages show on `today`, read from the records.
    pub(crate) async fn unit_facts(
        &self,
        tree: &OrgTree,
        org: &Org,
        today: NaiveDate,
        kinds: &ColumnKinds,
        media: &[MediaRecord],
    ) -> AppResult<Facts> {
        let slug = &org.slug;
        let mut c = self.store.conn().await?;
        let published = documents::public_category_counts(&mut c, org.id).await?;
        let last_of = |code: &str| {
            published
                .iter()
                .find(|(c, _, _)| c == code)
                .map_or((0, None), |(_, n, last)| (*n, *last))
        };
        let columns = categories_for(org.level, tree.government_level(org))
            .into_iter()
            .map(|cat| {
                let (items, last_update) = last_of(cat.code);
                Column {
                    title: cat.title.to_owned(),
                    page: format!("/{slug}/xxgk/fdzdgknr/{}", cat.code),
                    kind: kinds.of(cat.code),
                    items: u32::try_from(items).unwrap_or(u32::MAX),
                    last_update,
                }
            })
            .collect();
        let last_update = documents::last_published_on(&mut c, org.id).await?;

        let mut items: Vec<(Rule, Item)> = Vec::new();
        for (index, title) in documents::public_without_number(&mut c, org.id, "a20-01").await? {
            items.push((
                Rule::MissingDocNumber,
                Item {
                    page: gongkai_domain::channels::paths::document(slug, &index),
                    detail: format!("《{title}》没有文号"),
                },
            ));
        }

        // Messages the unit answers for: consultations for the veto, all for the clock.
        let cal = self.calendar();
        let mut consultations = Vec::new();
        for m in messages::in_orgs(&mut c, &[org.id]).await? {
            if m.handling_org_id.unwrap_or(m.org_id) != org.id || m.status == MessageStatus::Refused
            {
                continue;
            }
            let page = format!("/admin/messages/{}", m.tracking_number);
            if m.kind == MessageKind::Consult {
                consultations.push(Consultation {
                    number: m.tracking_number.clone(),
                    page: page.clone(),
                    received_on: m.received_on,
                    answered_on: m.answered_on,
                });
            }
            let clock = message_clock(
                &cal,
                m.kind,
                m.received_on,
                m.reply_workdays,
                m.answered_on,
                today,
            );
            if m.answered_on.is_none() && clock.status == ClockStatus::Overdue {
                items.push((
                    Rule::MessageOverdue,
                    Item {
                        page,
                        detail: format!("留言{}应于{}前答复", m.tracking_number, clock.due_on),
                    },
                ));
            }
        }

        let apps = applications::in_orgs(&mut c, &[org.id], true).await?;
        let ids: Vec<i64> = apps.iter().map(|a| a.id).collect();
        let mut steps = applications::steps_of(&mut c, &ids).await?;
        for a in apps {
            let clock = self.clock_of(&steps.remove(&a.id).unwrap_or_default());
            if clock.status == ClockStatus::Overdue {
                items.push((
                    Rule::ApplicationOverdue,
                    Item {
                        page: format!("/admin/applications/{}", a.tracking_number),
                        detail: format!(
                            "申请{}应于{}前答复",
                            a.tracking_number,
                            clock.due_on.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    },
                ));
            }
        }
        drop(c);

        for d in self.publication_clocks(&[org.id]).await? {
            if d.clock.status == ClockStatus::Overdue {
                items.push((
                    Rule::PublicationOverdue,
                    Item {
                        page: format!("/admin/docs/{}", d.doc.index_number),
                        detail: format!("《{}》应于{}前公开", d.doc.title, d.clock.due_on),
                    },
                ));
            }
        }

        for a in media {
            if a.org_id == org.id
                && a.status == gongkai_domain::media::AccountStatus::Open
                && gongkai_domain::media::is_stale(a.last_post_on, today)
            {
                items.push((
                    Rule::MediaStale,
                    Item {
                        page: format!("/xmt/#m-{}", a.id),
                        detail: format!(
                            "{}“{}”最近发布于{}（政务新媒体检查为单项否决）",
                            a.platform.label(),
                            a.name,
                            a.last_post_on
                                .map_or("（未登记）".into(), |d| d.to_string())
                        ),
                    },
                ));
            }
        }

        items.extend(self.catalog_findings(org).await?);
        if let Some(item) = self.late_report(org, today).await? {
            items.push((Rule::ReportLate, item));
        }

        Ok(Facts {
            today,
            homepage: format!("/{slug}/"),
            last_update,
            columns,
            consultations,
            items,
        })
    }

    /// Last year's annual report, if it is late (条例 Art.49, Art.50; the dates are
    /// [`Report::due_on`]'s).
    async fn late_report(&self, org: &Org, today: NaiveDate) -> AppResult<Option<Item>> {
        let year = today.year() - 1;
        let due = gongkai_domain::report::Report::due_on(year, org.level);
        if today <= due {
            return Ok(None);
        }
        let published_on = self
            .annual_report_list(org.id)
            .await?
            .into_iter()
            .filter(|e| e.year() == Some(year))
            .filter_map(|e| match e {
                crate::AnnualReportEntry::Platform { published_at, .. } => {
                    gongkai_store::parse_instant(&published_at)
                        .ok()
                        .map(china_date)
                }
                crate::AnnualReportEntry::Document(d) => d.published_on,
            })
            .min();
        let page = gongkai_domain::channels::paths::annual_report(&org.slug, year);
        Ok(match published_on {
            Some(on) if on <= due => None,
            Some(on) => Some(Item {
                page,
                detail: format!("{year}年度报告应于{due}前公开，{on}才公开"),
            }),
            None => Some(Item {
                page: format!("/{}/xxgk/nb", org.slug),
                detail: format!("{year}年度报告应于{due}前公开，至今未公开"),
            }),
        })
    }
}
