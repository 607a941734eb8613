//! Real catalog tables, generated in every layout townships publish (see
//! `gongkai_app::testing::catalog_tables`) from one township's 59 rows over 20 areas: each
//! layout is previewed (areas, items, time limits understood), refused while areas are
//! not domains, imported with the operator's mapping, and read back item by item —
//! repeated 二级事项 kept apart, the item spread over two rows joined, text in tick columns
//! kept, multi-clause time limits understood.

use gongkai_app::testing::catalog_tables::{Layout, areas, expected, layouts, table};
use gongkai_app::testing::*;
use gongkai_app::{Actor, AppError, AreaMapping, AreaStatus};
use gongkai_domain::catalog::{Audience, CatalogItem, STANDARD_DOMAINS};
use gongkai_domain::role::Role;

/// The areas the township writes that are not among the 26 domains.
fn unknown_areas() -> Vec<&'static str> {
    areas()
        .into_iter()
        .filter(|a| !STANDARD_DOMAINS.contains(a))
        .collect()
}

/// The operator maps two areas onto domains and adds the rest.
fn mapping() -> AreaMapping {
    AreaMapping::from_pairs(
        &["城乡规划=国土空间规划".into(), "就业=就业创业".into()],
        true,
    )
    .unwrap()
}

fn domain_of(area: &str) -> &str {
    match area {
        "城乡规划" => "国土空间规划",
        "就业" => "就业创业",
        other => other,
    }
}

/// The item imported for an expected one: same domain and content.
fn find<'a>(items: &'a [CatalogItem], domain: &str, content: &str) -> Option<&'a CatalogItem> {
    let want = gongkai_domain::catalog::clean_text(content);
    items
        .iter()
        .find(|i| i.domain == domain && i.content == want)
}

async fn all_items(c: &TestCounty, actor: &Actor) -> Vec<CatalogItem> {
    let mut out = Vec::new();
    for cat in c.app.catalogs_overview(actor).await.unwrap() {
        if cat.org_id == c.town {
            out.extend(c.app.catalog_items(actor, cat.id, None).await.unwrap());
        }
    }
    out
}

fn check_layout(layout: &Layout, items: &[CatalogItem]) {
    let name = layout.name;
    let want = expected();
    assert_eq!(
        items.len(),
        want.len(),
        "{name}: one item per row, continuations joined"
    );
    for e in &want {
        let got = find(items, domain_of(e.area), e.content).unwrap_or_else(|| {
            panic!(
                "{name}: no item for {} {} / {}",
                e.area, e.second, e.content
            )
        });
        let shifted = matches!(
            layout.areas,
            gongkai_app::testing::catalog_tables::Areas::SheetPerArea
                | gongkai_app::testing::catalog_tables::Areas::StackedTitles
        );
        if shifted {
            assert_eq!(
                (got.first.as_str(), got.second.as_str()),
                (e.second, e.third),
                "{name}"
            );
        } else {
            assert_eq!(got.first, e.area, "{name}: 一级事项 names the area");
            assert_eq!(got.second, e.second, "{name}");
            if layout.third {
                assert_eq!(got.third, e.third, "{name}");
            }
        }
        let limits: Vec<String> = e
            .time_limits
            .iter()
            .map(|t| gongkai_domain::catalog::clean_text(t))
            .collect();
        assert_eq!(got.time_limit, limits.join("\n"), "{name}: {}", e.content);
        assert_eq!(got.audience, e.audience, "{name}: {}", e.content);
        if let Some(note) = e.group_note {
            assert_eq!(
                got.tick_notes
                    .get(Audience::Group.label())
                    .map(String::as_str),
                Some(note),
                "{name}: text under 特定群体 is kept"
            );
        }
    }
    // 最低生活保障 four times, four items, each its own id.
    let dibao: Vec<&CatalogItem> = items
        .iter()
        .filter(|i| {
            i.domain == "社会救助" && (i.first == "最低生活保障" || i.second == "最低生活保障")
        })
        .collect();
    assert_eq!(dibao.len(), 4, "{name}");
    let ids: std::collections::BTreeSet<&str> = dibao.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "{name}");
    // The two-clause time limit is understood, clause by clause.
    let land = items
        .iter()
        .find(|i| i.time_limit.contains("现状调查结束后"))
        .unwrap();
    assert!(land.time_limit_rules().understood(), "{name}");
    assert_eq!(land.time_limit_rules().clauses.len(), 2, "{name}");
}

#[tokio::test]
async fn every_real_layout_previews_then_imports_item_by_item() {
    for layout in layouts() {
        for c in TestCounty::all().await {
            import_one_layout(&layout, &c).await;
        }
    }
}

async fn import_one_layout(layout: &Layout, c: &TestCounty) {
    let officer = c.actor("officer", Role::DisclosureOfficer, c.town).await;
    let cli = Actor::cli();
    {
        let name = format!("{}（{}）", layout.name, c.label);
        let name = name.as_str();
        let bytes = table(layout).unwrap();
        let p = c
            .app
            .preview_catalog_import(&officer, c.town, &bytes, &AreaMapping::default())
            .await
            .unwrap();
        assert!(p.errors.is_empty(), "{name}: {:?}", p.errors);
        let names: Vec<&str> = p.areas.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, areas(), "{name}: every area, in order");
        assert_eq!(p.items, expected().len(), "{name}");
        assert_eq!(p.undecided(), unknown_areas(), "{name}");
        assert!(!p.ready());
        assert!(p.what_to_do().unwrap().contains("城乡规划"), "{name}");
        // Four time limits are of no checkable form; every other one is understood.
        let not: Vec<&str> = p
            .areas
            .iter()
            .flat_map(|a| a.not_understood.iter().map(|(_, t)| t.as_str()))
            .collect();
        assert_eq!(
            not,
            ["每季度", "及时公开", "开学前", "按上级要求"],
            "{name}"
        );
        if layout.notes {
            assert!(
                p.skipped.iter().any(|s| s.message.contains("注：")),
                "{name}: {:?}",
                p.skipped
            );
        }

        // Undecided areas: nothing is saved.
        let refused = c
            .app
            .import_catalog(&officer, c.town, &bytes, &AreaMapping::default())
            .await
            .unwrap();
        assert!(refused.is_err(), "{name}");
        assert!(all_items(c, &cli).await.is_empty(), "{name}: nothing saved");

        // Adding domains is the platform administrator's; mapping is anyone's.
        let e = c
            .app
            .import_catalog(&officer, c.town, &bytes, &mapping())
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Forbidden(_)), "{name}: {e:?}");
        let p = c
            .app
            .preview_catalog_import(&officer, c.town, &bytes, &mapping())
            .await
            .unwrap();
        assert!(p.ready(), "{name}");
        let statuses: Vec<&AreaStatus> = p.areas.iter().map(|a| &a.status).collect();
        assert!(statuses.contains(&&AreaStatus::Mapped("国土空间规划".into())));
        assert!(statuses.contains(&&AreaStatus::Added));

        let done = c
            .app
            .import_catalog(&cli, c.town, &bytes, &mapping())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(done.len(), 20, "{name}: one catalog per area");
        let items = all_items(c, &cli).await;
        check_layout(layout, &items);

        // Importing the same table again keeps every item's id.
        let before: Vec<(String, String)> = items
            .iter()
            .map(|i| (i.content.clone(), i.id.clone()))
            .collect();
        c.app
            .import_catalog(&cli, c.town, &bytes, &mapping())
            .await
            .unwrap()
            .unwrap();
        let after: Vec<(String, String)> = all_items(c, &cli)
            .await
            .iter()
            .map(|i| (i.content.clone(), i.id.clone()))
            .collect();
        assert_eq!(before, after, "{name}");
    }
}

#[tokio::test]
async fn an_exported_catalog_reads_back_the_same_in_every_detail() {
    let c = TestCounty::all().await.remove(0);
    let cli = Actor::cli();
    let bytes = table(&layouts()[1]).unwrap();
    c.app
        .import_catalog(&cli, c.town, &bytes, &mapping())
        .await
        .unwrap()
        .unwrap();
    let items = all_items(&c, &cli).await;
    let exported = gongkai_app::catalog_xlsx::write("青石镇人民政府", &items).unwrap();
    let domains = c.app.catalog_domains().await.unwrap();
    let again = gongkai_app::catalog_import::read_table(&exported, &domains).unwrap();
    let key = |i: &CatalogItem| (i.domain.clone(), i.content.clone());
    let mut a = items.clone();
    let mut b = again.clone();
    a.sort_by_key(key);
    b.sort_by_key(key);
    for (x, y) in a.iter().zip(&b) {
        let mut y = y.clone();
        y.id = x.id.clone();
        assert_eq!(*x, y);
    }
    assert_eq!(a.len(), b.len());
}
