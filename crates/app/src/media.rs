//! 政务新媒体 registry (issue 14): each unit's accounts on other platforms, opened,
//! merged and closed on an approval with the record kept, the last post as the unit
//! reports it, a warning when a unit opens a second account on one platform, a public
//! list, and the inspection's two-week staleness check.

use gongkai_domain::Invalid;
use gongkai_domain::media::{AccountStatus, Change, NewAccount, RawAccount, change_date, is_stale};
use gongkai_domain::role::Role;
use gongkai_store::media::{self as store, Account, ChangeRecord};
use gongkai_store::orgs::Org;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// Who keeps a unit's accounts.
const KEEPERS: [Role; 3] = [
    Role::DisclosureOfficer,
    Role::DisclosureHead,
    Role::OrgAdmin,
];

/// An account with its unit and record.
#[derive(Debug, Clone)]
pub struct MediaAccount {
    pub account: Account,
    pub org: Org,
    pub history: Vec<ChangeRecord>,
    /// Open and nothing posted for two weeks.
    pub stale: bool,
}

/// A merge or closure as typed.
#[derive(Debug, Clone, Default)]
pub struct MediaChangeInput {
    /// `merge` or `close`.
    pub change: String,
    pub approved_by: String,
    pub approval: String,
    pub on: String,
    /// For a merge: the number of the account it goes into.
    pub into: String,
    pub note: String,
}

impl App {
    /// Every account, by unit: the public list shows them all, closed ones included,
    /// so a citizen can tell an official account from an impostor.
    pub async fn media_accounts(&self) -> AppResult<Vec<MediaAccount>> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let mut changes = store::changes(&mut c).await?;
        let today = self.today();
        Ok(store::all(&mut c)
            .await?
            .into_iter()
            .filter_map(|account| {
                let org = tree.get(account.org_id)?.clone();
                let (mine, rest): (Vec<_>, Vec<_>) =
                    changes.drain(..).partition(|h| h.account_id == account.id);
                changes = rest;
                Some(MediaAccount {
                    stale: account.status == AccountStatus::Open
                        && is_stale(account.last_post_on, today),
                    account,
                    org,
                    history: mine,
                })
            })
            .collect())
    }

    fn keeps(&self, actor: &Actor, ancestry: &[i64]) -> bool {
        actor.is_platform_admin() || actor.holds_any(&KEEPERS, ancestry)
    }

    /// Whether the actor keeps the accounts of some unit (the back office's section).
    pub async fn keeps_media(&self, actor: &Actor) -> AppResult<Vec<Org>> {
        let tree = self.org_tree().await?;
        Ok(tree
            .all()
            .iter()
            .filter(|o| self.keeps(actor, &tree.ancestry_ids(o.id)))
            .cloned()
            .collect())
    }

    /// Opens an account for the unit `slug` on its approval. Returns its number and,
    /// when the unit already has an open account on that platform, a warning: one
    /// account per platform per unit is the rule, but an approval may say otherwise.
    pub async fn open_media_account(
        &self,
        actor: &Actor,
        slug: &str,
        raw: &RawAccount,
    ) -> AppResult<(i64, Option<String>)> {
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(slug.trim())
            .cloned()
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        if !self.keeps(actor, &tree.ancestry_ids(org.id)) {
            return Err(AppError::Forbidden(
                "政务新媒体账号须由本单位的信息公开专员或管理员登记".into(),
            ));
        }
        let a: NewAccount = raw.parse(self.today())?;
        let mut c = self.store.conn().await?;
        let twin = store::all(&mut c).await?.into_iter().find(|x| {
            x.org_id == org.id && x.platform == a.platform && x.status == AccountStatus::Open
        });
        drop(c);
        let mut tx = self.store.begin(self.now()).await?;
        let id = store::insert(&mut tx, org.id, &a).await?;
        store::add_change(
            &mut tx,
            &ChangeRecord {
                account_id: id,
                change: Change::Open,
                on: a.on,
                approved_by: a.approved_by.clone(),
                approval: a.approval.clone(),
                note: String::new(),
                actor: actor.label(),
            },
        )
        .await?;
        tx.record(
            self.audit(
                actor,
                "media.open",
                "media_account",
                Some(id),
                Some(org.id),
                json!({ "platform": a.platform, "name": a.name, "approval": a.approval }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok((
            id,
            twin.map(|t| {
                format!(
                    "{}在{}已有账号“{}”：一个单位在同一平台原则上只开设一个账号，请确认已经批准。",
                    org.name,
                    a.platform.label(),
                    t.name
                )
            }),
        ))
    }

    async fn kept_account(&self, actor: &Actor, id: i64) -> AppResult<Account> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        store::get(&mut c, id)
            .await?
            .filter(|a| self.keeps(actor, &tree.ancestry_ids(a.org_id)))
            .ok_or_else(|| AppError::NotFound("账号不存在".into()))
    }

    /// Merges an open account into another of the same unit's, or closes it, on its
    /// approval.
    pub async fn change_media_account(
        &self,
        actor: &Actor,
        id: i64,
        input: &MediaChangeInput,
    ) -> AppResult<()> {
        let account = self.kept_account(actor, id).await?;
        let change: Change = input.change.trim().parse()?;
        let mut errors = Vec::new();
        if change == Change::Open {
            errors.push(Invalid::new("change", "账号已开设"));
        }
        let approved_by = input.approved_by.trim().to_owned();
        let approval = input.approval.trim().to_owned();
        if approved_by.is_empty() {
            errors.push(Invalid::new("approved_by", "请填写审批单位"));
        }
        if approval.is_empty() {
            errors.push(Invalid::new("approval", "请填写审批文号或编号"));
        }
        let on = change_date(&input.on, self.today())
            .map_err(|e| errors.push(e))
            .ok();
        let into = if change == Change::Merge {
            match input.into.trim().parse::<i64>() {
                Ok(target) if target != id => {
                    let t = self.kept_account(actor, target).await.ok();
                    match t {
                        Some(t) if t.status == AccountStatus::Open => Some(target),
                        _ => {
                            errors.push(Invalid::new("into", "请选择一个运行中的账号作为整合对象"));
                            None
                        }
                    }
                }
                _ => {
                    errors.push(Invalid::new("into", "请选择整合到哪个账号"));
                    None
                }
            }
        } else {
            None
        };
        let Some(on) = on.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let mut tx = self.store.begin(self.now()).await?;
        if !store::set_status(&mut tx, id, change, into).await? {
            return Err(AppError::Conflict(format!(
                "账号当前为“{}”，不能再{}",
                account.status.label(),
                change.label()
            )));
        }
        store::add_change(
            &mut tx,
            &ChangeRecord {
                account_id: id,
                change,
                on,
                approved_by,
                approval: approval.clone(),
                note: input.note.trim().chars().take(500).collect(),
                actor: actor.label(),
            },
        )
        .await?;
        tx.record(
            self.audit(
                actor,
                &format!("media.{}", change.as_str()),
                "media_account",
                Some(id),
                Some(account.org_id),
                json!({ "approval": approval, "into": into }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the day an account last posted (the platforms are not fetched).
    pub async fn record_media_post(&self, actor: &Actor, id: i64, on: &str) -> AppResult<()> {
        let account = self.kept_account(actor, id).await?;
        let on = change_date(on, self.today())?;
        let mut tx = self.store.begin(self.now()).await?;
        store::set_last_post(&mut tx, id, on).await?;
        tx.record(
            self.audit(
                actor,
                "media.post",
                "media_account",
                Some(id),
                Some(account.org_id),
                json!({ "on": on }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
