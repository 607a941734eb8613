//! The store's story, told on every configured backend: SQLite always, PostgreSQL
//! when GONGKAI_TEST_DATABASE_URL is set (CI sets it).

use chrono::{NaiveDate, TimeZone, Utc};
use gongkai_domain::document::{DocumentFields, RawDocument};
use gongkai_domain::org::{Contact, IndexCode, OrgLevel, Slug};
use gongkai_domain::role::Role;
use gongkai_domain::validity::Relation;
use gongkai_domain::workflow::State;
use gongkai_store::documents::{self, DocQuery};
use gongkai_store::orgs::{self, OrgFields};
use gongkai_store::testing::{TestDb, fresh_stores};
use gongkai_store::{AuditEntry, NewEvent, Store, StoreError, Tx, events, users};
use serde_json::json;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

fn audit(action: &str, entity_type: &'static str, id: Option<i64>) -> AuditEntry {
    AuditEntry {
        actor_id: None,
        actor: "test".into(),
        ip: "127.0.0.1".into(),
        action: action.into(),
        entity_type,
        entity_id: id,
        org_id: None,
        detail: json!({}),
    }
}

fn event(kind: &'static str, id: i64) -> NewEvent {
    NewEvent {
        kind,
        entity_type: "document",
        entity_id: Some(id),
        org_id: None,
        payload: json!({ "id": id }),
    }
}

fn org(level: OrgLevel, name: &str, slug: &str, code: &str) -> OrgFields {
    OrgFields {
        level,
        name: name.into(),
        short_name: name.into(),
        slug: Slug::parse(slug).unwrap(),
        index_code: IndexCode::parse(code).unwrap(),
        intro: String::new(),
        leaders: String::new(),
        contact: Contact::default(),
        sort_order: 0,
    }
}

fn fields(title: &str, number: &str) -> DocumentFields {
    DocumentFields::parse(&RawDocument {
        title: title.into(),
        doc_number: number.into(),
        written_on: "2026-03-02".into(),
        topic: "zhzw".into(),
        attribute: "proactive".into(),
        ..Default::default()
    })
    .unwrap()
}

async fn insert_draft(
    tx: &mut Tx,
    org: i64,
    index: &str,
    f: &DocumentFields,
    by: i64,
) -> Result<i64, StoreError> {
    let d = documents::NewDocument {
        org_id: org,
        index_number: index,
        fields: f,
        created_by: by,
        state: State::Draft,
        published_on: None,
        validity: gongkai_domain::validity::Validity::Valid,
        source_key: None,
    };
    documents::insert(tx, &d).await
}

async fn in_tx<T>(store: &Store, f: impl AsyncFnOnce(&mut Tx) -> T) -> T {
    let mut tx = store.begin(now()).await.unwrap();
    let out = f(&mut tx).await;
    tx.record(audit("test.write", "test", None), None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    out
}

struct Tree {
    county: i64,
    dept: i64,
    town: i64,
    village: i64,
    user: i64,
}

async fn seed(store: &Store) -> Tree {
    in_tx(store, async |tx: &mut Tx| {
        let county = orgs::insert(
            tx,
            None,
            &org(OrgLevel::County, "云溪县人民政府", "yunxi", "A1"),
        )
        .await
        .unwrap();
        let dept = orgs::insert(
            tx,
            Some(county),
            &org(OrgLevel::Department, "县财政局", "czj", "A2"),
        )
        .await
        .unwrap();
        let town = orgs::insert(
            tx,
            Some(county),
            &org(OrgLevel::Township, "青石镇", "qingshi", "A3"),
        )
        .await
        .unwrap();
        let village = orgs::insert(
            tx,
            Some(town),
            &org(OrgLevel::Village, "东岭村", "dongling", "A4"),
        )
        .await
        .unwrap();
        let user = users::insert(tx, "drafter", "起草人", "hash", false)
            .await
            .unwrap();
        Tree {
            county,
            dept,
            town,
            village,
            user,
        }
    })
    .await
}

async fn for_each_backend(f: impl AsyncFn(&TestDb)) {
    for db in fresh_stores().await.unwrap() {
        f(&db).await;
        db.store.close().await;
    }
}

#[tokio::test]
async fn migrations_are_idempotent() {
    for_each_backend(async |db: &TestDb| {
        assert!(db.store.migrate().await.unwrap().is_empty(), "{}", db.label);
        let applied = db.store.applied_migrations().await.unwrap();
        assert_eq!(applied[0].0, 1, "{}", db.label);
    })
    .await;
}

#[tokio::test]
async fn organisation_tree_ancestry_and_subtree() {
    for_each_backend(async |db: &TestDb| {
        let t = seed(&db.store).await;
        let mut c = db.store.conn().await.unwrap();
        let up: Vec<i64> = orgs::ancestry(&mut c, t.village)
            .await
            .unwrap()
            .iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(up, vec![t.village, t.town, t.county], "{}", db.label);
        let mut down = orgs::subtree_ids(&mut c, t.county).await.unwrap();
        down.sort();
        assert_eq!(
            down,
            vec![t.county, t.dept, t.town, t.village],
            "{}",
            db.label
        );
        assert_eq!(
            orgs::subtree_ids(&mut c, t.dept).await.unwrap(),
            vec![t.dept]
        );
        assert_eq!(
            orgs::by_slug(&mut c, "qingshi").await.unwrap().unwrap().id,
            t.town
        );
        drop(c);

        // A second organisation with a taken slug is refused, and nothing of it stays.
        let mut tx = db.store.begin(now()).await.unwrap();
        let err = orgs::insert(
            &mut tx,
            Some(t.county),
            &org(OrgLevel::Department, "重复", "czj", "B9"),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict { what } if what.contains("czj")),
            "{}: {err}",
            db.label
        );
        drop(tx);
        let mut tx = db.store.begin(now()).await.unwrap();
        let err = orgs::insert(
            &mut tx,
            Some(t.county),
            &org(OrgLevel::Department, "重复", "other", "A2"),
        )
        .await
        .unwrap_err();
        drop(tx);
        assert!(
            matches!(&err, StoreError::Conflict { what } if what.contains("A2")),
            "{}: {err}",
            db.label
        );
    })
    .await;
}

#[tokio::test]
async fn users_grants_and_duplicate_names() {
    for_each_backend(async |db: &TestDb| {
        let t = seed(&db.store).await;
        let (new, again) = in_tx(&db.store, async |tx: &mut Tx| {
            let new = users::grant(tx, t.user, t.dept, Role::Drafter)
                .await
                .unwrap();
            let again = users::grant(tx, t.user, t.dept, Role::Drafter)
                .await
                .unwrap();
            users::grant(tx, t.user, t.town, Role::Reviewer)
                .await
                .unwrap();
            (new, again)
        })
        .await;
        // After a failed statement the transaction is over (PostgreSQL aborts it), so
        // use cases abandon it: dropping rolls back.
        let mut tx = db.store.begin(now()).await.unwrap();
        let dup = users::insert(&mut tx, "drafter", "又一个", "h", false).await;
        drop(tx);
        assert!(new && !again, "{}", db.label);
        assert!(
            matches!(dup, Err(StoreError::Conflict { .. })),
            "{}",
            db.label
        );
        let mut c = db.store.conn().await.unwrap();
        let grants = users::grants_of(&mut c, t.user).await.unwrap();
        assert_eq!(grants.len(), 2);
        assert!(
            grants
                .iter()
                .any(|g| g.org_id == t.dept && g.role == Role::Drafter)
        );
        let (u, hash) = users::by_username(&mut c, "drafter")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((u.id, hash.as_str()), (t.user, "hash"));
        drop(c);
        let revoked = in_tx(&db.store, async |tx: &mut Tx| {
            users::revoke(tx, t.user, t.town, Role::Reviewer)
                .await
                .unwrap()
        })
        .await;
        assert!(revoked);
        let mut c = db.store.conn().await.unwrap();
        assert_eq!(
            users::grants_of(&mut c, t.user).await.unwrap().len(),
            1,
            "{}",
            db.label
        );
    })
    .await;
}

#[tokio::test]
async fn unaudited_and_failed_transactions_leave_nothing() {
    for_each_backend(async |db: &TestDb| {
        let t = seed(&db.store).await;
        let mut c = db.store.conn().await.unwrap();
        let events_before = events::last_seq(&mut c).await.unwrap();
        drop(c);

        // Commit without an audit entry is refused and rolled back.
        let mut tx = db.store.begin(now()).await.unwrap();
        orgs::insert(
            &mut tx,
            Some(t.county),
            &org(OrgLevel::Department, "无审计", "noaudit", "C1"),
        )
        .await
        .unwrap();
        assert!(
            matches!(tx.commit().await, Err(StoreError::Unaudited)),
            "{}",
            db.label
        );

        // A transaction dropped half-way (an error in the use case) keeps nothing, not
        // even its audit row or event.
        let mut tx = db.store.begin(now()).await.unwrap();
        orgs::insert(
            &mut tx,
            Some(t.county),
            &org(OrgLevel::Department, "半途", "halfway", "C2"),
        )
        .await
        .unwrap();
        tx.record(
            audit("org.create", "organisation", None),
            Some(event("org.created", 0)),
        )
        .await
        .unwrap();
        drop(tx);

        let mut c = db.store.conn().await.unwrap();
        assert!(
            orgs::by_slug(&mut c, "noaudit").await.unwrap().is_none(),
            "{}",
            db.label
        );
        assert!(
            orgs::by_slug(&mut c, "halfway").await.unwrap().is_none(),
            "{}",
            db.label
        );
        assert_eq!(
            events::last_seq(&mut c).await.unwrap(),
            events_before,
            "{}",
            db.label
        );
    })
    .await;
}

#[tokio::test]
async fn index_serials_are_unique_under_concurrent_creation() {
    for_each_backend(async |db: &TestDb| {
        let t = seed(&db.store).await;
        let mut tasks = Vec::new();
        for i in 0..24 {
            let store = db.store.clone();
            let org = if i % 2 == 0 { t.dept } else { t.town };
            tasks.push(tokio::spawn(async move {
                let mut tx = store.begin(now()).await.unwrap();
                let serial = documents::next_index_serial(&mut tx, org, 2026)
                    .await
                    .unwrap();
                let number = format!("A-2026-{serial:05}-{org}");
                let id = insert_draft(&mut tx, org, &number, &fields(&format!("文件{i}"), ""), 1)
                    .await
                    .unwrap();
                tx.record(
                    audit("document.create", "document", Some(id)),
                    Some(event("document.created", id)),
                )
                .await
                .unwrap();
                tx.commit().await.unwrap();
                (org, serial)
            }));
        }
        let mut got: Vec<(i64, u32)> = Vec::new();
        for t in tasks {
            got.push(t.await.unwrap());
        }
        for org in [t.dept, t.town] {
            let mut serials: Vec<u32> = got.iter().filter(|g| g.0 == org).map(|g| g.1).collect();
            serials.sort();
            assert_eq!(serials, (1..=12).collect::<Vec<u32>>(), "{}", db.label);
        }
        // A rolled-back creation does not burn a number; a committed one is never reissued.
        let mut tx = db.store.begin(now()).await.unwrap();
        assert_eq!(
            documents::next_index_serial(&mut tx, t.dept, 2026)
                .await
                .unwrap(),
            13
        );
        drop(tx);
        let s = in_tx(&db.store, async |tx: &mut Tx| {
            documents::next_index_serial(tx, t.dept, 2026)
                .await
                .unwrap()
        })
        .await;
        assert_eq!(s, 13, "{}", db.label);
        let s = in_tx(&db.store, async |tx: &mut Tx| {
            documents::next_index_serial(tx, t.dept, 2027)
                .await
                .unwrap()
        })
        .await;
        assert_eq!(s, 1, "a new year starts at 1 ({})", db.label);

        // Events come out in sequence, one per creation.
        let mut c = db.store.conn().await.unwrap();
        let evs = events::after(&mut c, 0, 100).await.unwrap();
        assert_eq!(evs.len(), 24, "{}", db.label);
        assert!(evs.windows(2).all(|w| w[0].seq < w[1].seq));
    })
    .await;
}

#[tokio::test]
async fn documents_numbers_states_lists_relations() {
    for_each_backend(async |db: &TestDb| {
        let t = seed(&db.store).await;
        let (a, b) = in_tx(&db.store, async |tx: &mut Tx| {
            let a = insert_draft(
                tx,
                t.dept,
                "A2-2026-00001",
                &fields("关于印发资金管理办法的通知", "云财发〔2026〕3号"),
                t.user,
            )
            .await
            .unwrap();
            let b = insert_draft(
                tx,
                t.dept,
                "A2-2026-00002",
                &fields("关于修改资金管理办法的通知", "云财发〔2026〕9号"),
                t.user,
            )
            .await
            .unwrap();
            (a, b)
        })
        .await;

        // The same number in another messy form is the same number: refused.
        let mut tx = db.store.begin(now()).await.unwrap();
        let err = insert_draft(
            &mut tx,
            t.dept,
            "A2-2026-00003",
            &fields("重复", "云财发[2026]3号"),
            t.user,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict { what } if what.contains("云财发〔2026〕3号")),
            "{}: {err}",
            db.label
        );
        drop(tx);
        // …but another issuer may use it.
        in_tx(&db.store, async |tx: &mut Tx| {
            insert_draft(
                tx,
                t.town,
                "A3-2026-00001",
                &fields("另一机关", "云财发〔2026〕3号"),
                t.user,
            )
            .await
            .unwrap()
        })
        .await;

        // A transition only happens from the expected state.
        let moved = in_tx(&db.store, async |tx: &mut Tx| {
            let first = documents::transition(tx, a, State::Draft, State::PendingReview, None)
                .await
                .unwrap();
            let stale = documents::transition(tx, a, State::Draft, State::PendingReview, None)
                .await
                .unwrap();
            documents::transition(
                tx,
                b,
                State::Draft,
                State::Published,
                Some(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()),
            )
            .await
            .unwrap();
            documents::add_relation(tx, b, a, Relation::Amends)
                .await
                .unwrap();
            (first, stale)
        })
        .await;
        assert_eq!(moved, (true, false), "{}", db.label);

        let mut c = db.store.conn().await.unwrap();
        let doc = documents::get(&mut c, a).await.unwrap().unwrap();
        assert_eq!(doc.state, State::PendingReview);
        assert_eq!(
            doc.doc_number.as_ref().unwrap().normalized(),
            "云财发〔2026〕3号"
        );
        let public = documents::list(
            &mut c,
            &DocQuery {
                public_only: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(public.1, 1, "{}", db.label);
        assert_eq!(public.0[0].id, b);
        let in_dept = documents::list(
            &mut c,
            &DocQuery {
                org_ids: Some(vec![t.dept]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(in_dept.1, 2);
        let by_text = documents::list(
            &mut c,
            &DocQuery {
                text: Some("修改".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(by_text.1, 1);
        let wild = documents::list(
            &mut c,
            &DocQuery {
                text: Some("%".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            wild.1, 0,
            "a % typed by a user matches itself, not everything ({})",
            db.label
        );
        let rel = documents::relations(&mut c, a, true).await.unwrap();
        assert_eq!(rel.len(), 1);
        assert!(rel[0].incoming && rel[0].kind == Relation::Amends && rel[0].doc.id == b);
        // From the public side, the unpublished document a is not shown as related to b.
        assert!(
            documents::relations(&mut c, b, true)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            db.label
        );
    })
    .await;
}
