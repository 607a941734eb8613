//! `gongkai demo`: a sample county written for the project (云溪县, fictional), loaded
//! through the same use cases staff use, so every document has a real audit trail.
//! Dates are relative to today, so the clocks on the dashboard are always live.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, TimeZone, Utc};
use gongkai_app::{ActionInput, Actor, App, ManualClock, RawOrg, SystemClock, Via};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::document::RawDocument;
use gongkai_domain::role::Role;
use gongkai_domain::validity::{Relation, Validity};
use gongkai_domain::workflow::{Action, State};
use serde::Deserialize;

mod applications;
mod catalogs;
mod gazette;
mod inspection;
mod interaction;
mod interpretations;
mod last_year;
mod people;
mod services;
mod villages;

use crate::ServeArgs;
use crate::runtime::{init_logging, open_store, serve_app, with_search};

const COUNTY: &str = include_str!("county.json");
const ACCOUNTS_FILE: &str = "demo-accounts.txt";
/// A sample seal (a ring and a star, no text) so the demo's letters show where a
/// seal goes.
const SEAL_PNG: &[u8] = include_bytes!("seal.png");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct County {
    site: gongkai_domain::site::RawSiteIdentity,
    orgs: Vec<OrgSpec>,
    users: Vec<UserSpec>,
    documents: Vec<DocSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgSpec {
    key: String,
    parent: Option<String>,
    level: String,
    name: String,
    short_name: String,
    slug: String,
    index_code: String,
    intro: String,
    leaders: String,
    contact: ContactSpec,
    sort_order: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactSpec {
    office: String,
    address: String,
    hours: String,
    phone: String,
    fax: String,
    email: String,
    postcode: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserSpec {
    username: String,
    display_name: String,
    platform_admin: bool,
    grants: Vec<GrantSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantSpec {
    org: String,
    role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocSpec {
    key: String,
    org: String,
    title: String,
    doc_number: String,
    written_workdays_ago: u32,
    state: String,
    #[serde(default)]
    published_after_workdays: Option<u32>,
    topic: String,
    category: String,
    column: String,
    summary: String,
    body: String,
    attribute: String,
    legal_ground: String,
    attribute_reason: String,
    validity: String,
    relations: Vec<RelationSpec>,
    coissuers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationSpec {
    kind: String,
    target: String,
}

/// 09:00 China time on `d`, plus `minutes`.
fn at(d: NaiveDate, minutes: i64) -> chrono::DateTime<Utc> {
    // 09:00 in China plus `minutes`, but never later than now: a demo loaded at 8 in
    // the morning must not show things done "today" at 9.
    let t = Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).expect("valid time"))
        + chrono::Duration::minutes(minutes);
    t.min(Utc::now())
}

/// The date `n` working days before `today`.
fn workdays_before(cal: &WorkCalendar, today: NaiveDate, n: u32) -> NaiveDate {
    let mut d = today;
    let mut left = n;
    while left > 0 {
        d = d.pred_opt().expect("date in range");
        if cal.is_workday(d) {
            left -= 1;
        }
    }
    d
}

pub async fn run(a: ServeArgs) -> Result<ExitCode> {
    init_logging(a.log_format);
    let store = open_store(&a.data).await?;
    let blobs = crate::runtime::blob_store(&store, &a.data);
    let accounts_path = a.data.data.join(ACCOUNTS_FILE);
    // The seeding app runs on a clock of its own that the loader moves through the
    // demo's history. Emptiness is checked through it, so the live app never caches
    // the tree as it was before seeding.
    let clock = Arc::new(ManualClock::new(Utc::now()));
    // The demo's gazette is logged and signed, as `gongkai init` would prepare it.
    let keys = gongkai_app::gazette::keys::KeyStore::new(crate::runtime::gazette_keys_dir(&a.data));
    if keys.load().map_err(anyhow::Error::msg)?.is_none() {
        keys.generate(false).map_err(anyhow::Error::msg)?;
    }
    let seeding = App::new(
        store.clone(),
        clock.clone(),
        blobs.clone(),
        crate::runtime::config(&a.data),
    )
    .await?;
    let live = App::new(
        store,
        Arc::new(SystemClock),
        blobs,
        crate::runtime::config(&a.data),
    )
    .await?;
    if seeding.org_tree().await?.all().is_empty() {
        let accounts = load(&seeding, &clock, live.today())
            .await
            .context("示例数据导入失败")?;
        std::fs::write(&accounts_path, &accounts)
            .with_context(|| format!("无法写入 {}", accounts_path.display()))?;
        restrict(&accounts_path);
        println!(
            "已导入示例县“云溪县”。演示账号（同时保存在 {}）：\n{accounts}",
            accounts_path.display()
        );
    } else {
        match std::fs::read_to_string(&accounts_path) {
            Ok(s) => println!(
                "数据目录中已有数据，未重新导入。演示账号（{}）：\n{s}",
                accounts_path.display()
            ),
            Err(_) => println!("数据目录中已有数据，未导入示例数据。"),
        }
    }
    let live = with_search(live, &a.data).await?;
    serve_app(live, &a).await
}

#[cfg(unix)]
fn restrict(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}
#[cfg(not(unix))]
fn restrict(_: &std::path::Path) {}

/// A configuration for loading the demo in tests: signing keys of its own.
#[cfg(test)]
pub(crate) fn test_config() -> gongkai_app::Config {
    let keys = std::env::temp_dir().join(format!("gk-demo-keys-{}", gongkai_app::random_token(4)));
    gongkai_app::gazette::keys::KeyStore::new(&keys)
        .generate(false)
        .expect("keys in the temporary folder");
    gongkai_app::Config {
        gazette_keys: Some(keys),
        ..gongkai_app::Config::default()
    }
}

/// Loads the county through the use cases; returns the accounts table to print.
async fn load(app: &App, clock: &ManualClock, today: NaiveDate) -> Result<String> {
    let county: County = serde_json::from_str(COUNTY).context("示例数据格式错误")?;
    let cli = Actor::cli();
    let cal = app.calendar();
    let earliest = county
        .documents
        .iter()
        .map(|d| d.written_workdays_ago)
        .max()
        .unwrap_or(0);
    clock.set(at(workdays_before(&cal, today, earliest + 5), 0));

    app.set_site_identity(&cli, &county.site).await?;
    let mut orgs: HashMap<String, i64> = HashMap::new();
    for o in &county.orgs {
        let parent = match &o.parent {
            None => None,
            Some(p) => Some(
                *orgs
                    .get(p)
                    .ok_or_else(|| anyhow!("机构 {} 的上级 {p} 未定义", o.key))?,
            ),
        };
        let raw = RawOrg {
            level: o.level.clone(),
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
        };
        orgs.insert(o.key.clone(), app.create_org(&cli, parent, &raw).await?);
        if o.level != "village" {
            let seal = gongkai_app::SiteImage::Seal(o.slug.clone());
            app.set_site_image(&cli, &seal, SEAL_PNG).await?;
        }
    }

    let mut table = String::from("用户名\t密码\t姓名\n");
    let mut actors: Vec<Actor> = Vec::new();
    for u in &county.users {
        let password = gongkai_app::random_token(6);
        let id = app
            .create_user(
                &cli,
                &u.username,
                &u.display_name,
                &password,
                u.platform_admin,
            )
            .await?;
        for g in &u.grants {
            let org = *orgs
                .get(&g.org)
                .ok_or_else(|| anyhow!("用户 {} 的机构 {} 未定义", u.username, g.org))?;
            app.grant_role(&cli, id, org, g.role.parse()?).await?;
        }
        let _ = writeln!(table, "{}\t{password}\t{}", u.username, u.display_name);
        let (user, grants) = app
            .user_by_id(id)
            .await?
            .ok_or_else(|| anyhow!("用户读取失败"))?;
        actors.push(Actor::user(user, grants, "demo", Via::Cli));
    }

    // Organisations without a demo user for some role are worked by a seeding account,
    // which is switched off afterwards so nobody can sign in with it.
    let seed_id = app
        .create_user(
            &cli,
            "history-import",
            "历史数据导入",
            &gongkai_app::random_token(16),
            false,
        )
        .await?;
    let signing = [
        Role::Drafter,
        Role::Reviewer,
        Role::SecrecyReviewer,
        Role::Approver,
        Role::DisclosureOfficer,
    ];
    for org in orgs.values() {
        for r in signing {
            app.grant_role(&cli, seed_id, *org, r).await?;
        }
    }
    let (seed_user, seed_grants) = app
        .user_by_id(seed_id)
        .await?
        .ok_or_else(|| anyhow!("用户读取失败"))?;
    let seed = Actor::user(seed_user, seed_grants, "demo", Via::Cli);
    let actor = |org: i64, role: Role| -> &Actor {
        actors
            .iter()
            .find(|a| a.grants.iter().any(|g| g.org_id == org && g.role == role))
            .unwrap_or(&seed)
    };

    // 推送订阅: the county's media centre wants what the county publishes. Its receiver
    // is not switched on in the demo, so the delivery log shows retries with back-off.
    if let Some(admin) = actors.iter().find(|a| a.is_platform_admin()) {
        app.register_webhook(
            admin,
            &gongkai_app::RawWebhook {
                org: county
                    .orgs
                    .first()
                    .map(|o| o.slug.clone())
                    .unwrap_or_default(),
                url: "http://127.0.0.1:9/rmt/gongkai".into(),
                topics: vec!["document.published".into(), "gazette.published".into()],
                note: "县融媒体中心（演示：接收端尚未开通）".into(),
            },
            &[],
        )
        .await?;
    }

    // Each document's 索引号, by its key in county.json.
    let mut docs: HashMap<String, String> = HashMap::new();
    let mut ordered: Vec<&DocSpec> = county.documents.iter().collect();
    ordered.sort_by_key(|d| std::cmp::Reverse(d.written_workdays_ago));
    for (i, d) in ordered.iter().enumerate() {
        let org = *orgs
            .get(&d.org)
            .ok_or_else(|| anyhow!("文件 {} 的机构 {} 未定义", d.key, d.org))?;
        let written = workdays_before(&cal, today, d.written_workdays_ago);
        let minutes = i as i64;
        clock.set(at(written, minutes));
        let raw = RawDocument {
            title: d.title.clone(),
            doc_number: d.doc_number.clone(),
            written_on: written.to_string(),
            topic: d.topic.clone(),
            category: d.category.clone(),
            column: d.column.clone(),
            summary: d.summary.clone(),
            body: d.body.clone(),
            body_format: String::new(),
            attribute: d.attribute.clone(),
            legal_ground: d.legal_ground.clone(),
            attribute_reason: d.attribute_reason.clone(),
            needs_interpretation: String::new(),
        };
        let coissuers: Vec<i64> = d
            .coissuers
            .iter()
            .filter_map(|k| orgs.get(k).copied())
            .collect();
        let index = app
            .create_document(actor(org, Role::Drafter), org, &raw, &coissuers)
            .await
            .with_context(|| format!("文件 {}", d.key))?;
        let target: State = d.state.parse()?;
        let steps: &[(Action, Role)] = &[
            (Action::Submit, Role::Drafter),
            (Action::Review, Role::Reviewer),
            (Action::SecrecyClear, Role::SecrecyReviewer),
            (Action::Approve, Role::Approver),
        ];
        let needed = match target {
            State::Draft => 0,
            State::PendingReview => 1,
            State::PendingSecrecy => 2,
            State::PendingApproval => 3,
            State::Published | State::Archived | State::Withdrawn => 4,
        };
        let signed = written_plus(
            &cal,
            written,
            d.published_after_workdays.unwrap_or(1),
            today,
        );
        for (step, (action, role)) in steps.iter().take(needed).enumerate() {
            if *action == Action::Approve {
                clock.set(at(signed, 60 + minutes));
            } else {
                clock.set(at(written, 10 * (step as i64 + 1) + minutes));
            }
            app.act(actor(org, *role), &index, ActionInput::new(*action))
                .await
                .with_context(|| format!("文件 {}：{}", d.key, action.label()))?;
        }
        if target == State::Withdrawn {
            clock.set(at(written_plus(&cal, signed, 2, today), 30 + minutes));
            app.act(
                actor(org, Role::DisclosureOfficer),
                &index,
                ActionInput::new(Action::Withdraw).with_reason("数据有误，更正后重新发布"),
            )
            .await?;
        }
        docs.insert(d.key.clone(), index);
    }

    clock.set(at(today, 0));
    let officer = |doc: &str| -> Result<&Actor> {
        let spec = county
            .documents
            .iter()
            .find(|d| d.key == doc)
            .ok_or_else(|| anyhow!("文件 {doc} 未定义"))?;
        Ok(actor(orgs[&spec.org], Role::DisclosureOfficer))
    };
    for d in &county.documents {
        let index = &docs[&d.key];
        for r in &d.relations {
            let target = docs
                .get(&r.target)
                .ok_or_else(|| anyhow!("文件 {} 的关联 {} 未定义", d.key, r.target))?;
            match r.kind.parse::<Relation>()? {
                Relation::Repeals => {
                    app.set_validity(officer(&r.target)?, target, Validity::Repealed, index, "")
                        .await?
                }
                Relation::Amends => {
                    app.set_validity(officer(&r.target)?, target, Validity::Amended, index, "")
                        .await?
                }
                kind => {
                    let editor = actor(orgs[&d.org], Role::DisclosureOfficer);
                    app.relate(editor, index, target, kind, true).await?
                }
            }
        }
        if d.validity == "expired" {
            app.set_validity(officer(&d.key)?, index, Validity::Expired, "", "有效期届满")
                .await?;
        }
    }
    for d in &county.documents {
        let v: Validity = d.validity.parse()?;
        let got = app.document_view(&cli, &docs[&d.key]).await?.doc.validity;
        if got != v {
            bail!(
                "文件 {} 的有效性应为 {}，实为 {}",
                d.key,
                v.label(),
                got.label()
            );
        }
    }
    let county_id = orgs["county"];
    applications::load(
        app,
        clock,
        today,
        "yunxi",
        actor(county_id, Role::DisclosureOfficer),
    )
    .await?;
    last_year::load(
        app,
        clock,
        today,
        "yunxi",
        actor(county_id, Role::DisclosureOfficer),
        actor(county_id, Role::DisclosureHead),
    )
    .await
    .context("上年示例申请")?;
    // Reports are published in January (Art.49: by 31 March for a county).
    {
        use chrono::Datelike;
        let new_year = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("valid date");
        clock.set(at(cal.add_workdays(new_year, 10).date.min(today), 0));
    }
    publish_last_report(
        app,
        actor(county_id, Role::DisclosureOfficer),
        county_id,
        today,
    )
    .await?;
    clock.set(at(today, 0));
    interaction::load(
        app,
        clock,
        today,
        interaction::Cast {
            office: actor(county_id, Role::DisclosureOfficer),
            finance: actor(orgs["czj"], Role::DisclosureOfficer),
            township: actor(orgs["qingshi"], Role::DisclosureOfficer),
            drafter: actor(county_id, Role::Drafter),
            measures: &docs["minying-2026"],
        },
    )
    .await
    .context("示例互动交流")?;
    clock.set(at(today, 0));
    let admin = actors
        .iter()
        .find(|a| a.is_platform_admin())
        .ok_or_else(|| anyhow!("示例数据缺少平台管理员"))?;
    interpretations::load(
        app,
        clock,
        today,
        interpretations::Cast {
            drafter: actor(county_id, Role::Drafter),
            reviewer: actor(county_id, Role::Reviewer),
            secrecy: actor(county_id, Role::SecrecyReviewer),
            approver: actor(county_id, Role::Approver),
            officer: actor(county_id, Role::DisclosureOfficer),
            county: county_id,
        },
    )
    .await
    .context("示例政策解读")?;
    gazette::load(
        app,
        clock,
        today,
        admin,
        actor(county_id, Role::DisclosureOfficer),
        county_id,
    )
    .await
    .context("示例政府公报")?;
    let indexes = docs;
    catalogs::load(
        app,
        &orgs,
        catalogs::Cast {
            officer: actor(county_id, Role::DisclosureOfficer),
            admin,
            supervisor: actor(county_id, Role::Supervisor),
            qingshi: actor(orgs["qingshi"], Role::DisclosureOfficer),
            liuwan: actor(orgs["liuwan"], Role::DisclosureOfficer),
        },
        &indexes,
    )
    .await
    .context("示例目录")?;
    clock.set(at(today, 0));
    let keepers: Vec<(&str, &Actor)> = ["mzj", "rsj", "wjj", "jyj", "zrzyj", "fgj"]
        .into_iter()
        .map(|k| (k, actor(orgs[k], Role::DisclosureOfficer)))
        .collect();
    services::load(app, &services::Cast { keepers }, today)
        .await
        .context("示例办事指南")?;
    villages::load(
        app,
        &villages::Cast {
            qingshi: actor(orgs["qingshi"], Role::DisclosureOfficer),
            liuwan: actor(orgs["liuwan"], Role::DisclosureOfficer),
        },
        today,
    )
    .await
    .context("示例村务公开")?;
    inspection::load(
        app,
        clock,
        today,
        &inspection::Cast {
            supervisor: actor(county_id, Role::Supervisor),
            county_officer: actor(county_id, Role::DisclosureOfficer),
            unit: [
                actor(orgs["jyj"], Role::Drafter),
                actor(orgs["jyj"], Role::Reviewer),
                actor(orgs["jyj"], Role::SecrecyReviewer),
                actor(orgs["jyj"], Role::Approver),
                actor(orgs["jyj"], Role::DisclosureOfficer),
            ],
            unit_id: orgs["jyj"],
            unit_name: "县教育局",
            qingshi: actor(orgs["qingshi"], Role::DisclosureOfficer),
        },
    )
    .await
    .context("示例网站检查")?;
    app.set_user_profile(&cli, seed_id, "历史数据导入（已停用）", false, false)
        .await?;
    Ok(table)
}

/// Publishes the county's report for the year before `today`, with the parts staff
/// write, so the 年报 column has a report generated from the records.
async fn publish_last_report(
    app: &App,
    officer: &Actor,
    county: i64,
    today: NaiveDate,
) -> Result<()> {
    use chrono::Datelike;
    let year = today.year() - 1;
    let input = gongkai_domain::report::StaffInput {
        overview: format!(
            "{year}年，云溪县人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，以基层政务公开标准化规范化为抓手，\
             主动公开政策文件、财政预决算、重大建设项目等信息，依法办理政府信息公开申请。\n\
             本报告中第三部分的数据由政府信息公开平台根据登记的申请自动统计。"
        ),
        licences: 1286,
        penalties: 342,
        coercions: 17,
        charges_fen: 2_345_600,
        reconsideration: [1, 0, 0, 0],
        problems: "一是部分乡镇政务公开专栏更新不够及时；二是政策解读形式较为单一。下一步将加强督促检查，丰富解读形式。".into(),
        other: "无。".into(),
        ..Default::default()
    };
    app.save_report_input(officer, county, year, &input).await?;
    app.publish_report(officer, county, year).await?;
    Ok(())
}

/// `n` working days after `d`, but never after `today`.
fn written_plus(cal: &WorkCalendar, d: NaiveDate, n: u32, today: NaiveDate) -> NaiveDate {
    cal.add_workdays(d, n).date.min(today)
}

#[cfg(test)]
mod walk;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_county_parses() {
        let c: County = serde_json::from_str(COUNTY).unwrap();
        assert!(c.documents.len() >= 40);
        assert!(c.orgs.iter().any(|o| o.level == "village"));
    }

    /// The demo county loads through the use cases on every backend, with live clocks.
    #[tokio::test]
    async fn the_demo_county_loads_with_live_clocks() {
        use gongkai_app::Clock;
        for db in gongkai_store::testing::fresh_stores().await.unwrap() {
            let clock = Arc::new(ManualClock::new(Utc::now()));
            let blobs = Arc::new(gongkai_app::LocalDir::new(
                std::env::temp_dir().join(format!("gk-demo-{}", gongkai_app::random_token(4))),
            ));
            let app = App::new(db.store, clock.clone(), blobs, test_config())
                .await
                .unwrap();
            let today = app.today();
            let accounts = load(&app, &clock, today).await.unwrap();
            assert!(
                accounts.lines().any(|l| l.starts_with("drafter\t")),
                "{accounts}"
            );
            clock.set(Utc::now());
            assert_eq!(app.today(), today);
            let cli = Actor::cli();
            let (_, total) = app.staff_documents(&cli, Default::default()).await.unwrap();
            // The county's documents, the interpretations, and what 县教育局 publishes
            // to keep every column current (one per column of a county department).
            let columns = gongkai_domain::category::categories_for(
                gongkai_domain::org::OrgLevel::Department,
                gongkai_domain::org::OrgLevel::County,
            );
            assert_eq!(
                total as usize,
                serde_json::from_str::<County>(COUNTY)
                    .unwrap()
                    .documents
                    .len()
                    + interpretations::DOCUMENTS
                    + columns.len(),
                "{}",
                db.label
            );
            let ids = app.visible_org_ids(&cli).await.unwrap();
            let clocks = app.publication_clocks(&ids).await.unwrap();
            use gongkai_domain::publication::ClockStatus::*;
            assert!(
                clocks.iter().filter(|c| c.clock.status == Overdue).count() >= 3,
                "{}",
                db.label
            );
            assert!(
                clocks.iter().filter(|c| c.clock.status == DueSoon).count() >= 2,
                "{}",
                db.label
            );
            let (public, n) = app.public_documents(Default::default()).await.unwrap();
            assert!(n >= 24 && public.iter().all(|d| d.state == State::Published));
            let repealed = gongkai_store::documents::DocQuery {
                validity: Some(Validity::Repealed),
                ..Default::default()
            };
            assert_eq!(
                app.public_documents(repealed).await.unwrap().1,
                2,
                "{}",
                db.label
            );
            // The register shows every kind of clock among this year's cases.
            let this_year = {
                use chrono::Datelike;
                today.year()
            };
            let all = app.staff_applications(&cli, false).await.unwrap();
            let cases: Vec<_> = all
                .iter()
                .filter(|(a, _)| a.tracking_number.contains(&format!("-{this_year}-")))
                .cloned()
                .collect();
            assert_eq!(cases.len(), 10, "{}", db.label);
            let states: std::collections::BTreeSet<_> =
                cases.iter().map(|(a, _)| a.status).collect();
            assert_eq!(
                states.len(),
                gongkai_domain::application::Status::ALL.len(),
                "every state: {states:?}"
            );
            let count = |f: &dyn Fn(&gongkai_domain::application::ReplyClock) -> bool| {
                cases.iter().filter(|(_, c)| f(c)).count()
            };
            use gongkai_domain::application::ClockState;
            assert_eq!(
                count(&|c| c.status == Overdue && c.state == ClockState::Running),
                1
            );
            assert!(count(&|c| c.status == DueSoon && c.state == ClockState::Running) >= 1);
            assert_eq!(count(&|c| matches!(c.state, ClockState::Paused(_))), 2);
            assert_eq!(count(&|c| c.state == ClockState::Stopped), 4);
            assert_eq!(count(&|c| c.state == ClockState::AwaitingCorrection), 1);
            // Last year's report is published in the 年报 column.
            let county = app.org_tree().await.unwrap().by_slug("yunxi").unwrap().id;
            let last = {
                use chrono::Datelike;
                app.today().year() - 1
            };
            let published = app.published_report(county, last).await.unwrap();
            assert_eq!(published.report.input.licences, 1286);
            // Published in January, never "later today".
            let at = gongkai_app::model::parse_instant(&published.published_at).unwrap();
            assert!(at <= Utc::now(), "published {at}");
            assert_eq!(
                chrono::Datelike::month(&gongkai_domain::china_time::china_date(at)),
                1
            );
            // …counting a full year of cases: carried in and out, every outcome row.
            let s3 = &published.report.section3;
            s3.check().unwrap();
            assert!(s3.new.0[6] >= 35, "{:?}", s3.new);
            assert_eq!(s3.carried_over.0[6], 3, "received the December before");
            assert!(s3.carried_forward.0[6] >= 1, "{:?}", s3.carried_forward);
            assert!(s3.new.0[1] > 0 && s3.new.0[2] > 0 && s3.new.0[4] > 0);
            for (outcome, counts) in &s3.outcomes {
                assert!(counts.0[6] > 0, "no case answered {}", outcome.full_label());
            }
            // Catalogs: four, in every stage from draft to filed, with live compliance.
            let cats = app.catalogs_overview(&cli).await.unwrap();
            assert_eq!(cats.len(), 4, "{}", db.label);
            let coverage = app.compliance_overview(&cli).await.unwrap();
            assert!(
                coverage
                    .iter()
                    .any(|r| r.with_content > 0 && r.not_checkable > 0)
            );
            // The media centre's webhook: the county's publications queued for it,
            // its receiver down, so the first attempt is logged as failed.
            let mut queued = 0;
            for _ in 0..50 {
                let run = app.run_webhooks_once().await.unwrap();
                queued += run.queued;
                if run.queued == 0 && run.failed == 0 {
                    break;
                }
            }
            assert!(queued >= 20, "{queued}");
            let root = app.user_by_name("admin").await.unwrap().unwrap();
            let root = Actor::user(root.0, root.1, "test", Via::Cli);
            let hooks = app.webhooks(&root).await.unwrap();
            assert_eq!(hooks.len(), 1, "{}", db.label);
            let hook = app.webhook(&root, hooks[0].hook.id).await.unwrap();
            assert!(
                hook.deliveries
                    .iter()
                    .all(|d| d.delivery.topic == "document.published"
                        || d.delivery.topic == "gazette.published")
            );
            assert!(
                hook.deliveries
                    .iter()
                    .any(|d| d.delivery.topic == "gazette.published")
            );
            assert!(
                hook.deliveries
                    .iter()
                    .any(|d| !d.attempts.is_empty() && d.attempts[0].error.contains("无法连接"))
            );
            // 网站检查: 县教育局 clean, some unit vetoed; this morning's run saved with
            // one finding reported on and one still with the township.
            let run = app.inspect(&cli, "yunxi", &[]).await.unwrap();
            let clean = run.units.iter().find(|u| u.org.slug == "jyj").unwrap();
            assert!(
                clean.findings.is_empty(),
                "{}: {:?}",
                db.label,
                clean.findings
            );
            assert_eq!(clean.score.points, 100);
            assert_eq!(run.units[0].org.slug, "jyj", "the clean unit ranks first");
            assert!(run.units.iter().any(|u| u.score.vetoed));
            // The published catalogs are inspected too: items still without content.
            assert!(
                run.units
                    .iter()
                    .flat_map(|u| &u.findings)
                    .any(|f| f.rule == gongkai_domain::inspection::Rule::CatalogEmpty
                        && f.page.contains("/xxgk/bzml#ml-")),
                "{}",
                db.label
            );
            let trend = app.inspection_trend(&cli, "yunxi").await.unwrap();
            assert_eq!(trend.runs.len(), 1);
            let saved = app.saved_inspection(&cli, trend.runs[0].id).await.unwrap();
            use gongkai_domain::inspection::rectification::Status as Fix;
            let count = |s: Fix| saved.findings.iter().filter(|f| f.status == s).count();
            assert_eq!((count(Fix::Assigned), count(Fix::Responded)), (1, 1));
            assert!(count(Fix::Open) > 0);
            // 政务新媒体: three running, one merged; the township's a month silent.
            let media = app.media_accounts().await.unwrap();
            assert_eq!(media.len(), 4);
            assert_eq!(
                media
                    .iter()
                    .filter(|a| a.stale)
                    .map(|a| a.account.name.as_str())
                    .collect::<Vec<_>>(),
                ["青石镇发布"]
            );
            let town = run.units.iter().find(|u| u.org.slug == "qingshi").unwrap();
            assert!(
                town.findings
                    .iter()
                    .any(|f| f.rule == gongkai_domain::inspection::Rule::MediaStale)
            );
            // The seeding account cannot be used to sign in.
            let (seed, _) = app.user_by_name("history-import").await.unwrap().unwrap();
            assert!(!seed.active);
            let _ = clock.now();
        }
    }

    #[test]
    fn counting_back() {
        let cal = WorkCalendar::builtin();
        // Mon 2026-03-02 minus 5 working days: Sat 2026-02-28 is a make-up day.
        let d = workdays_before(&cal, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 5);
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 2, 24).unwrap());
        assert_eq!(
            cal.add_workdays(d, 5).date,
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
        );
    }
}
