//! Relevance on real text: a sample of the laws corpus (legal texts, not protected by
//! copyright: 著作权法 Art.5) and seed 000 in simplified and traditional script.

use std::sync::OnceLock;

use chrono::NaiveDate;
use gongkai_search::{IndexDoc, SearchIndex, SearchQuery, SortOrder};

const LAWS: &str = include_str!("fixtures/laws-sample.jsonl");
const SEED_SIMPLIFIED: &str = include_str!("fixtures/seed-simplified.txt");
const SEED_TRADITIONAL: &str = include_str!("fixtures/seed-traditional.txt");

/// 文号 given to some laws for the number tests (the real number of the 2019 regulation,
/// and made-up ones for the others).
const NUMBERS: &[(&str, &str)] = &[
    ("中华人民共和国政府信息公开条例", "国务院令第711号"),
    ("社会救助暂行办法", "国务院令第649号"),
    ("城市居民最低生活保障条例", "国发〔1999〕27号"),
    ("中华人民共和国土地管理法实施条例", "国发〔2021〕4号"),
];

struct Fixture {
    index: SearchIndex,
    titles: Vec<String>,
    dates: Vec<NaiveDate>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let index = SearchIndex::open(None, &["辽宁省人民政府办公厅".to_owned()]).unwrap();
        let mut docs = Vec::new();
        let mut titles = Vec::new();
        let mut dates = Vec::new();
        for (i, line) in LAWS.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let title = v["title"].as_str().unwrap().to_owned();
            let number = NUMBERS.iter().find(|(t, _)| *t == title).map(|(_, n)| {
                gongkai_domain::docnum::DocNumber::parse(n)
                    .unwrap()
                    .normalized()
                    .to_owned()
            });
            docs.push(IndexDoc {
                id: i as i64 + 1,
                index_number: format!("T-{}-{:05}", 2000, i + 1),
                title: title.clone(),
                summary: String::new(),
                body_text: v["body"].as_str().unwrap().to_owned(),
                doc_number: number,
                org_ancestry: vec![1],
                category: Some("a20-01".into()),
                topic: "zhzw".into(),
                validity: "valid".into(),
                published_on: NaiveDate::parse_from_str(v["date"].as_str().unwrap(), "%Y-%m-%d")
                    .unwrap(),
            });
            titles.push(title);
            dates.push(docs.last().unwrap().published_on);
        }
        for (text, title, id) in [
            (
                SEED_SIMPLIFIED,
                "辽宁省基层政务公开标准化规范化实施方案（简体）",
                9001,
            ),
            (
                SEED_TRADITIONAL,
                "遼寧省基層政務公開標準化規範化實施方案（繁體）",
                9002,
            ),
        ] {
            docs.push(IndexDoc {
                id,
                index_number: format!("S-2020-{id}"),
                title: title.to_owned(),
                summary: String::new(),
                body_text: text.to_owned(),
                doc_number: None,
                org_ancestry: vec![2],
                category: None,
                topic: "zhzw".into(),
                validity: "valid".into(),
                published_on: NaiveDate::from_ymd_opt(2020, 5, 18).unwrap(),
            });
        }
        index.apply(&docs, &[], 1).unwrap();
        Fixture {
            index,
            titles,
            dates,
        }
    })
}

fn top(q: &str) -> Vec<i64> {
    let r = fixture()
        .index
        .search(&SearchQuery {
            text: q.into(),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    r.hits.iter().map(|h| h.id).collect()
}

fn id_of(title: &str) -> i64 {
    fixture()
        .titles
        .iter()
        .position(|t| t == title)
        .unwrap_or_else(|| panic!("{title} not in fixture")) as i64
        + 1
}

fn assert_first(q: &str, title: &str) {
    let got = top(q);
    assert_eq!(
        got.first(),
        Some(&id_of(title)),
        "{q:?} should find {title} first; got {:?}",
        got.iter()
            .map(|i| fixture().titles.get(*i as usize - 1))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_regulation_by_its_name() {
    assert_first("政府信息公开条例", "中华人民共和国政府信息公开条例");
    assert_first(
        "中华人民共和国政府信息公开条例",
        "中华人民共和国政府信息公开条例",
    );
    assert_first("土地管理法", "中华人民共和国土地管理法");
    assert_first("土地管理法实施条例", "中华人民共和国土地管理法实施条例");
    assert_first("行政许可法", "中华人民共和国行政许可法");
    assert_first("上海口岸服务条例", "上海口岸服务条例");
    // Typed in traditional characters, or with full-width letters and spaces.
    assert_first("政府信息公開條例", "中华人民共和国政府信息公开条例");
    assert_first("行政許可法", "中华人民共和国行政许可法");
    assert_first("上海口岸服务条例　", "上海口岸服务条例");
}

#[test]
fn abbreviations_reach_the_full_term() {
    let ids = top("低保");
    assert!(ids.contains(&id_of("城市居民最低生活保障条例")), "{ids:?}");
    assert!(
        ids.contains(&id_of("重庆市城乡居民最低生活保障条例")),
        "{ids:?}"
    );
}

#[test]
fn document_numbers_in_every_messy_form() {
    for q in [
        "国务院令第711号",
        "国务院令 第711号",
        "国务院令第７１１号",
        "国务院令（第711号）",
    ] {
        assert_first(q, "中华人民共和国政府信息公开条例");
    }
    for q in [
        "国发〔1999〕27号",
        "国发[1999]27号",
        "国发（1999）27号",
        "国发(1999)027号",
        "发文字号：国发〔1999〕27号",
        "国发 〔1999〕 27 号",
        "国发〔１９９９〕２７号",
    ] {
        assert_first(q, "城市居民最低生活保障条例");
    }
    assert_first("国发【2021】4号", "中华人民共和国土地管理法实施条例");
}

#[test]
fn traditional_and_simplified_find_each_other() {
    // A simplified query finds the traditional-script copy of seed 000, and the other way round.
    let simplified = top("基层政务公开标准化规范化");
    assert!(
        simplified.contains(&9001) && simplified.contains(&9002),
        "{simplified:?}"
    );
    let traditional = top("基層政務公開標準化規範化");
    assert!(
        traditional.contains(&9001) && traditional.contains(&9002),
        "{traditional:?}"
    );
    let phrase = top("\"政务公开事项标准目录\"");
    assert!(
        phrase.contains(&9001) && phrase.contains(&9002),
        "{phrase:?}"
    );
}

#[test]
fn phrases_filters_and_order() {
    // A quoted phrase is stricter than its words.
    let words = fixture()
        .index
        .search(&SearchQuery {
            text: "行政 许可".into(),
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .total;
    let phrase = fixture()
        .index
        .search(&SearchQuery {
            text: "\"行政许可\"".into(),
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .total;
    assert!(phrase > 0 && phrase <= words, "{phrase} vs {words}");
    // Subtree filter: organisation 2 holds only the two seeds.
    let org2 = fixture()
        .index
        .search(&SearchQuery {
            text: "政务公开".into(),
            org: Some(2),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(org2.total, 2);
    // Newest first, within a year range.
    let r = fixture()
        .index
        .search(&SearchQuery {
            text: "条例".into(),
            years: Some((2019, 2021)),
            order: SortOrder::Newest,
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(r.total > 1);
    let date_of = |id: i64| {
        fixture()
            .dates
            .get(id as usize - 1)
            .copied()
            .unwrap_or(NaiveDate::from_ymd_opt(2020, 5, 18).unwrap())
    };
    let dates: Vec<NaiveDate> = r.hits.iter().map(|h| date_of(h.id)).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(
        dates
            .iter()
            .all(|d| (2019..=2021).contains(&chrono::Datelike::year(d))),
        "{dates:?}"
    );
    // Highlighted snippets mark the original characters, traditional ones included.
    let r = fixture()
        .index
        .search(&SearchQuery {
            text: "政务公开".into(),
            org: Some(2),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let s = r.snippet(SEED_TRADITIONAL);
    assert!(s.contains("<mark>政務公開</mark>"), "{s}");
}

/// A rebuilt index is split into one segment per core (at most four), searched in
/// parallel; the answers — order, scores and totals — are the same as
/// from the segments it was made of.
#[test]
fn splitting_the_index_across_cores_changes_no_answer() {
    let index = SearchIndex::open(None, &[]).unwrap();
    let mut id = 0;
    // Seven commits of unequal size: seven segments. Every document a different law, on
    // a different day, so no two tie in either order.
    for (n, size) in [30usize, 5, 12, 8, 20, 3, 14].into_iter().enumerate() {
        let docs: Vec<IndexDoc> = LAWS
            .lines()
            .skip(id as usize)
            .take(size)
            .map(|line| {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                id += 1;
                IndexDoc {
                    id,
                    index_number: format!("P-{id:05}"),
                    title: v["title"].as_str().unwrap().to_owned(),
                    summary: String::new(),
                    body_text: v["body"].as_str().unwrap().to_owned(),
                    doc_number: None,
                    org_ancestry: vec![1],
                    category: Some("a20-01".into()),
                    topic: "zhzw".into(),
                    validity: if id % 5 == 0 { "repealed" } else { "valid" }.into(),
                    published_on: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
                        + chrono::Duration::days(id),
                }
            })
            .collect();
        index.apply(&docs, &[], n as i64 + 1).unwrap();
    }
    // Seven, or fewer if the writer merged some meanwhile.
    assert!(
        index.segment_sizes().len() > 2,
        "{:?}",
        index.segment_sizes()
    );
    let queries = [
        "条例",
        "人民政府",
        "\"行政处罚\"",
        "监督 检查",
        "国务院令第711号",
        "税",
    ];
    let answers = |index: &SearchIndex| -> Vec<(usize, Vec<(i64, u32)>)> {
        queries
            .iter()
            .flat_map(|q| [SortOrder::Relevance, SortOrder::Newest].map(|o| (q, o)))
            .map(|(q, order)| {
                let r = index
                    .search(&SearchQuery {
                        text: (*q).into(),
                        org: None,
                        years: None,
                        category: None,
                        validity: None,
                        order,
                        offset: 0,
                        limit: 10,
                    })
                    .unwrap();
                // Scores compared to a millionth: the sums are added in another order.
                let hits = r
                    .hits
                    .iter()
                    .map(|h| (h.id, (h.score.unwrap_or(0.0) * 1e6).round() as u32))
                    .collect();
                (r.total, hits)
            })
            .collect()
    };
    let before = answers(&index);
    assert!(before.iter().any(|(total, _)| *total > 10), "{before:?}");
    index.optimize().unwrap();
    let sizes = index.segment_sizes();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    // One per core at most, and more than one where there are cores for them (the
    // writer's own merges may have joined some before the split; how evenly the split
    // divides what is there is index.rs's unit test).
    assert!(sizes.len() <= cores, "{sizes:?}");
    assert!(cores == 1 || sizes.len() >= 2, "{sizes:?}");
    assert_eq!(sizes.iter().sum::<u32>(), 92);
    assert_eq!(answers(&index), before);
}
