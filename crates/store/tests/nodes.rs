//! Several nodes on one database: limits counted alike on every node, the worker lease
//! held by one node at a time and handed over when its holder dies, and a node older
//! than the schema refusing to start. Two `Store`s on one database stand for two nodes.

use gongkai_store::Store;
use gongkai_store::limits::Count;
use gongkai_store::testing::{fresh_postgres, fresh_stores};

#[tokio::test]
async fn limits_count_across_nodes() {
    for db in fresh_stores().await.unwrap() {
        let other = Store::open(&db.url).await.unwrap();
        let (a, b) = (&db.store, &other);
        let t = 1_000_000;
        for i in 0..3 {
            let node = if i % 2 == 0 { a } else { b };
            assert_eq!(
                node.rate_limit("apply", "10.0.0.1", t + i, 600_000, 3, Count::Check)
                    .await
                    .unwrap(),
                None
            );
        }
        // The fourth attempt, on either node, waits until the first leaves the window.
        let wait = b
            .rate_limit("apply", "10.0.0.1", t + 10, 600_000, 3, Count::Check)
            .await
            .unwrap();
        assert_eq!(wait, Some(600_000 - 10), "{}", db.label);
        assert_eq!(
            a.rate_limit("apply", "10.0.0.1", t + 20, 600_000, 3, Count::Peek)
                .await
                .unwrap(),
            Some(600_000 - 20)
        );
        // Another address and another kind have their own allowance.
        assert_eq!(
            a.rate_limit("apply", "10.0.0.2", t, 600_000, 3, Count::Check)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            a.rate_limit("track", "10.0.0.1", t, 600_000, 3, Count::Check)
                .await
                .unwrap(),
            None
        );
        // Failures recorded after the fact count too; peeking counts nothing.
        for _ in 0..2 {
            b.rate_limit("login", "10.0.0.9", t, 900_000, 2, Count::Record)
                .await
                .unwrap();
        }
        assert!(
            a.rate_limit("login", "10.0.0.9", t + 1, 900_000, 2, Count::Peek)
                .await
                .unwrap()
                .is_some()
        );
        // Past the window the address is free again, and housekeeping drops the rest.
        assert_eq!(
            a.rate_limit("apply", "10.0.0.1", t + 600_001, 600_000, 3, Count::Check)
                .await
                .unwrap(),
            None
        );
        assert!(a.prune_rate_events(t + 10_000_000).await.unwrap() >= 1);
    }
}

#[tokio::test]
async fn the_worker_lease_is_held_by_one_node_and_handed_over() {
    let Some(db) = fresh_postgres().await.unwrap() else {
        // SQLite is one node, which always holds it.
        let db = gongkai_store::testing::fresh_sqlite().await.unwrap();
        assert!(db.store.try_lease("solo").await.unwrap().is_some());
        assert_eq!(
            db.store.lease_holder("solo").await.unwrap().as_deref(),
            Some("solo")
        );
        return;
    };
    let other = Store::open(&db.url).await.unwrap();
    let mut first = db
        .store
        .try_lease("node-1")
        .await
        .unwrap()
        .expect("free lease");
    assert!(first.alive().await);
    assert!(
        other.try_lease("node-2").await.unwrap().is_none(),
        "held by node-1"
    );
    assert_eq!(
        other.lease_holder("node-2").await.unwrap().as_deref(),
        Some("node-1")
    );
    // The holder dies: its connection closes, the lock goes with it.
    drop(first);
    let mut taken = None;
    for _ in 0..50 {
        if let Some(l) = other.try_lease("node-2").await.unwrap() {
            taken = Some(l);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut second = taken.expect("node-2 takes over");
    assert!(second.alive().await);
    assert_eq!(
        db.store.lease_holder("node-1").await.unwrap().as_deref(),
        Some("node-2")
    );
}

#[tokio::test]
async fn a_node_older_than_the_schema_refuses_to_start() {
    for db in fresh_stores().await.unwrap() {
        let known = Store::known_version();
        assert_eq!(db.store.schema_version().await.unwrap(), known);
        let mut c = db.store.conn().await.unwrap();
        sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from_the_future', '2030-01-01T00:00:00.000Z')")
            .bind(known + 1)
            .execute(&mut *c)
            .await
            .unwrap();
        drop(c);
        let e = db.store.migrate().await.unwrap_err().to_string();
        assert!(e.contains("请先把本节点升级"), "{}: {e}", db.label);
    }
}
