//! Search follows publishing: what is published, edited, repealed or withdrawn shows
//! in search after the follower's next pass; nothing non-public is ever returned; the
//! index resumes from its own committed cursor.

use std::sync::Arc;

use gongkai_app::testing::*;
use gongkai_app::{ActionInput, App};
use gongkai_domain::role::Role;
use gongkai_domain::validity::Validity;
use gongkai_domain::workflow::Action;
use gongkai_search::{SearchIndex, SearchQuery, SortOrder};

fn q(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        limit: 10,
        ..Default::default()
    }
}

async fn titles(app: &App, query: SearchQuery) -> Vec<String> {
    app.search(query)
        .await
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.doc.title)
        .collect()
}

async fn catch_up(app: &App) {
    while app.follow_events().await.unwrap() > 0 {}
}

fn index_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("gk-search-{}", gongkai_app::random_token(6)))
}

#[tokio::test]
async fn publishing_editing_repealing_withdrawing_show_in_search() {
    for c in TestCounty::all().await {
        let dir = index_dir();
        let app = c.app.clone().with_search(Arc::new(
            SearchIndex::open(Some(&dir), &["云溪县".into()]).unwrap(),
        ));
        let s = c.signers(c.county).await;
        let officer = c.actor("officer", Role::DisclosureOfficer, c.county).await;

        let mut raw = raw_doc(
            "云溪县城乡居民最低生活保障审核确认办法",
            "云政发〔2026〕3号",
            "2026-02-27",
        );
        raw.body =
            "<p>本办法所称低保，是指城乡居民最低生活保障。申请低保应当符合下列条件。</p>".into();
        let id = app
            .create_document(&s.drafter, c.county, &raw, &[])
            .await
            .unwrap();
        let secret = private_doc("关于最低生活保障对象的内部名单", "2026-02-27");
        let hidden = app
            .create_document(&s.drafter, c.county, &secret, &[])
            .await
            .unwrap();
        catch_up(&app).await;
        assert!(
            titles(&app, q("最低生活保障")).await.is_empty(),
            "{}: drafts are not searchable",
            c.label
        );

        s.advance(&app, &id, 4).await;
        s.advance(&app, &hidden, 4).await;
        catch_up(&app).await;
        assert_eq!(
            titles(&app, q("低保 申请条件")).await,
            vec!["云溪县城乡居民最低生活保障审核确认办法"],
            "{}",
            c.label
        );
        // A 文号 in a messy form finds the document; so does its 索引号.
        let r = app.search(q("云政发 [2026] 003 号")).await.unwrap();
        assert_eq!(r.hits.len(), 1, "{}", c.label);
        let index = r.hits[0].doc.index_number.clone();
        assert_eq!(app.search(q(&index)).await.unwrap().hits.len(), 1);
        // Snippets mark the words found.
        let r = app.search(q("申请低保")).await.unwrap();
        assert!(
            r.hits[0].snippet_html.contains("<mark>"),
            "{}: {}",
            c.label,
            r.hits[0].snippet_html
        );
        // The archived non-public document is never returned.
        assert!(
            !titles(&app, q("内部名单"))
                .await
                .iter()
                .any(|t| t.contains("内部名单")),
            "{}",
            c.label
        );

        // Edited: the new wording is found, the old is not.
        let mut edited = raw.clone();
        edited.title = "云溪县最低生活保障审核确认实施办法".into();
        app.edit_document(&officer, &id, &edited, &[])
            .await
            .unwrap();
        catch_up(&app).await;
        assert_eq!(
            titles(&app, q("实施办法")).await,
            vec!["云溪县最低生活保障审核确认实施办法"]
        );
        assert!(
            titles(&app, q("城乡居民最低生活保障审核确认办法"))
                .await
                .iter()
                .all(|t| t.contains("实施办法"))
        );

        // Repealed by a newer document: filterable by validity.
        let newer = app
            .create_document(
                &s.drafter,
                c.county,
                &raw_doc("新低保办法", "云政发〔2026〕9号", "2026-02-27"),
                &[],
            )
            .await
            .unwrap();
        s.advance(&app, &newer, 4).await;
        let newer_index = app
            .document_view(&officer, &newer)
            .await
            .unwrap()
            .doc
            .index_number;
        app.set_validity(&officer, &id, Validity::Repealed, &newer_index, "")
            .await
            .unwrap();
        catch_up(&app).await;
        let repealed = SearchQuery {
            validity: Some("repealed".into()),
            ..q("低保")
        };
        assert_eq!(
            titles(&app, repealed).await,
            vec!["云溪县最低生活保障审核确认实施办法"],
            "{}",
            c.label
        );

        // Withdrawn: gone from search.
        app.act(
            &officer,
            &id,
            ActionInput::new(Action::Withdraw).with_reason("更正"),
        )
        .await
        .unwrap();
        catch_up(&app).await;
        assert!(titles(&app, q("实施办法")).await.is_empty(), "{}", c.label);
        let status = app.search_status().await.unwrap();
        assert_eq!(status.applied_seq, status.last_seq);
        assert_eq!(
            status.documents, 1,
            "{}: only the newer document is public",
            c.label
        );

        // Reopened from disk: the cursor was committed with the index; nothing is re-applied.
        drop(app);
        let app = c
            .app
            .clone()
            .with_search(Arc::new(SearchIndex::open(Some(&dir), &[]).unwrap()));
        assert_eq!(
            app.search_status().await.unwrap().applied_seq,
            status.applied_seq
        );
        assert_eq!(app.follow_events().await.unwrap(), 0);
        // A rebuild from the database gives the same contents.
        assert_eq!(app.reindex(|_| {}).await.unwrap(), 1);
        catch_up(&app).await;
        assert_eq!(
            app.search_status().await.unwrap().documents,
            1,
            "{}",
            c.label
        );
    }
}

#[tokio::test]
async fn filters_orders_and_odd_queries() {
    for c in TestCounty::all().await {
        let app = c
            .app
            .clone()
            .with_search(Arc::new(SearchIndex::open(None, &[]).unwrap()));
        // The same four people sign off in both units.
        c.signers(c.county).await;
        let s = c.signers(c.town).await;
        for (org, title, written) in [
            (c.county, "关于做好2025年宅基地审批工作的通知", "2025-06-03"),
            (c.county, "关于做好2026年宅基地审批工作的通知", "2026-02-03"),
            (c.town, "青石镇宅基地审批结果公示", "2026-02-10"),
        ] {
            c.clock.set(at(d(written)));
            let id = app
                .create_document(&s.drafter, org, &raw_doc(title, "", written), &[])
                .await
                .unwrap();
            s.advance(&app, &id, 4).await;
        }
        c.clock.set(start());
        catch_up(&app).await;
        assert_eq!(
            app.search(q("宅基地")).await.unwrap().total,
            3,
            "{}",
            c.label
        );
        let town_only = SearchQuery {
            org: Some(c.town),
            ..q("宅基地")
        };
        assert_eq!(
            titles(&app, town_only).await,
            vec!["青石镇宅基地审批结果公示"]
        );
        let in_2025 = SearchQuery {
            years: Some((2025, 2025)),
            ..q("宅基地")
        };
        assert_eq!(
            titles(&app, in_2025).await,
            vec!["关于做好2025年宅基地审批工作的通知"]
        );
        let newest = SearchQuery {
            order: SortOrder::Newest,
            ..q("宅基地")
        };
        assert_eq!(titles(&app, newest).await[0], "青石镇宅基地审批结果公示");
        // Paging past the end: empty, not an error.
        let far = SearchQuery {
            offset: 500,
            ..q("宅基地")
        };
        let r = app.search(far).await.unwrap();
        assert_eq!((r.total, r.hits.len()), (3, 0));
        // Nothing contains every word: documents with some of them, marked as such.
        let r = app.search(q("宅基地 火箭发射")).await.unwrap();
        assert!(r.relaxed && r.total == 3, "{}", c.label);
        // Odd input never fails.
        for odd in [
            "",
            "   ",
            "\"",
            "\"宅基地",
            "“”",
            "AND OR NOT",
            "!!!???",
            &"字".repeat(10_000),
            "\u{0}\u{1b}[31m",
            "宅基地\")) OR 1=1 --",
        ] {
            let r = app.search(q(odd)).await.unwrap();
            assert!(r.hits.len() <= 10, "{}: {odd:?}", c.label);
        }
        assert!(app.search(q("")).await.unwrap().notice.is_some());
        let long = app.search(q(&"宅基地".repeat(5000))).await.unwrap();
        assert!(long.notice.unwrap().contains("过长"));
    }
}

/// A 文号 typed with spaces, dashes or 第 instead of 〔〕 finds its document first, not a
/// neighbour with a similar number.
#[tokio::test]
async fn document_numbers_as_people_type_them() {
    for c in TestCounty::all().await {
        let app = c
            .app
            .clone()
            .with_search(Arc::new(SearchIndex::open(None, &[]).unwrap()));
        let s = c.signers(c.county).await;
        for (title, number) in [
            (
                "云溪县人民政府关于印发2026年重点工作任务的通知",
                "云政发〔2026〕8号",
            ),
            (
                "云溪县人民政府关于加强安全生产工作的意见",
                "云政发〔2026〕18号",
            ),
            (
                "云溪县人民政府办公室关于做好春耕生产的通知",
                "云政办发〔2026〕8号",
            ),
            (
                "云溪县人民政府关于2025年度考核结果的通报",
                "云政发〔2025〕8号",
            ),
        ] {
            c.clock.set(at(d("2026-03-02")));
            let id = app
                .create_document(
                    &s.drafter,
                    c.county,
                    &raw_doc(title, number, "2026-03-02"),
                    &[],
                )
                .await
                .unwrap();
            s.advance(&app, &id, 4).await;
        }
        catch_up(&app).await;
        for typed in [
            "云政发〔2026〕8号",
            "云政发 2026 8号",
            "云政发2026第8号",
            "云政发2026-8",
            "云政发[2026]8号",
            "云政发（2026）8号",
            "云政发2026年8号",
        ] {
            let got = titles(&app, q(typed)).await;
            assert_eq!(
                got.first().map(String::as_str),
                Some("云溪县人民政府关于印发2026年重点工作任务的通知"),
                "{}: {typed} → {got:?}",
                c.label
            );
        }
    }
}
