//! The `zh` analyzer: folding, segmentation, offsets and positions, and its behaviour inside
//! a tantivy index (term and phrase queries across scripts, snippets).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use gongkai_search::analyzer::{
    self, AnalyzedToken, MAX_TOKEN_BYTES, TOKENIZER, ZhTokenizer, analyze, fold, phrase_terms,
    tokens,
};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, IndexReader, TantivyDocument, Term, doc};

const SEEDS: &str = "/work/shared/seeds";

fn extra_words() -> Vec<String> {
    ["云溪县财政局", "青石镇"].map(String::from).to_vec()
}

fn texts(tokens: &[AnalyzedToken]) -> Vec<&str> {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

// ───────────────────────────── folding ─────────────────────────────

#[test]
fn fold_full_width_forms_and_ascii_case() {
    assert_eq!(fold("ＡＢＣｘｙｚ１２３"), "abcxyz123");
    assert_eq!(fold("低保　申请"), "低保 申请");
    assert_eq!(fold("ＧＢ／Ｔ　９７０４－２０１２"), "gb/t 9704-2012");
    assert_eq!(fold("PM2.5 GDP"), "pm2.5 gdp");
    assert_eq!(fold("５．４％，！？"), "5.4%,!?");
    // Folding maps characters one to one.
    let mixed = "Ｖ１．２　遼寧省ＧＤＰ（２０２０）";
    assert_eq!(fold(mixed).chars().count(), mixed.chars().count());
}

#[test]
fn fold_document_number_brackets_to_one_form() {
    let forms = [
        "辽政办发〔2020〕13号",
        "辽政办发[2020]13号",
        "辽政办发［2020］13号",
        "辽政办发【2020】13号",
        "辽政办发﹝2020﹞13号",
        "辽政办发〖2020〗13号",
        "辽政办发（2020）13号",
        "辽政办发(2020)13号",
        "遼政辦發〔２０２０〕１３號",
    ];
    for form in forms {
        assert_eq!(fold(form), "辽政办发[2020]13号", "{form}");
        assert_eq!(tokens(form), tokens(forms[0]), "{form}");
    }
    assert!(tokens(forms[0]).contains(&"2020".to_owned()));
}

/// The same sentences of seed 000 (simplified) and seed 001 (its traditional-script copy
/// from a mirror site, with half-width punctuation).
const SENTENCE_PAIRS: [(&str, &str); 3] = [
    (
        "結合工作實際,編制市本級相關領域政務公開事項標準目錄。",
        "结合工作实际，编制市本级相关领域政务公开事项标准目录。",
    ),
    (
        "沈陽市作為試點地區,規范本地區政府系統各級各類政務新媒體開設整合注銷流程,根據不同平臺、不同層級、不同定位政務新媒體實際情況,對信息公開、解讀回應、政民互動、辦事服務等功能進行差異化設置管理。",
        "沈阳市作为试点地区，规范本地区政府系统各级各类政务新媒体开设整合注销流程，根据不同平台、不同层级、不同定位政务新媒体实际情况，对信息公开、解读回应、政民互动、办事服务等功能进行差异化设置管理。",
    ),
    (
        "丹東市作為試點地區,選取有條件的縣(市、區),按照《政府網站發展指引》相關要求,建立縣級政府門戶網站建設管理標準,規范欄目設置、信息保障、信息發布工作,集中發布縣級政府及部門、鄉鎮(街道)應當主動公開的政府信息,開設統一的互動交流入口和在線辦事入口,便利企業和群眾,并積極借助縣級融媒體中心優勢和渠道,擴大政府信息傳播力和影響力。",
        "丹东市作为试点地区，选取有条件的县（市、区），按照《政府网站发展指引》相关要求，建立县级政府门户网站建设管理标准，规范栏目设置、信息保障、信息发布工作，集中发布县级政府及部门、乡镇（街道）应当主动公开的政府信息，开设统一的互动交流入口和在线办事入口，便利企业和群众，并积极借助县级融媒体中心优势和渠道，扩大政府信息传播力和影响力。",
    ),
];

#[test]
fn fold_traditional_seed_sentences_to_their_simplified_originals() {
    for (traditional, simplified) in SENTENCE_PAIRS {
        assert_ne!(traditional, simplified);
        assert_eq!(fold(traditional), fold(simplified));
        assert_eq!(tokens(traditional), tokens(simplified));
    }
    // The sentences are the seeds' own text, where the seeds are at hand.
    let seed = |name: &str| std::fs::read_to_string(Path::new(SEEDS).join(name)).ok();
    if let (Some(seed_000), Some(seed_001)) = (
        seed("000_a10b47c1cf458b04.txt"),
        seed("001_ba8a9e982fed0093.txt"),
    ) {
        for (traditional, simplified) in SENTENCE_PAIRS {
            assert!(
                seed_001.contains(traditional),
                "not in seed 001: {traditional}"
            );
            assert!(
                seed_000.contains(simplified),
                "not in seed 000: {simplified}"
            );
        }
    }
}

#[test]
fn fold_borrows_when_nothing_changes() {
    for text in [
        "",
        "低保申请条件",
        "abc 123, x-y.",
        "政府信息公开条例第二十条",
        "辽政办发[2020]13号",
    ] {
        assert!(matches!(fold(text), Cow::Borrowed(_)), "{text}");
    }
    for text in ["低保Ａ", "ABC", "政府信息公開", "〔2020〕", "a(b)"] {
        assert!(matches!(fold(text), Cow::Owned(_)), "{text}");
    }
}

#[test]
fn fold_table_comes_from_opencc() {
    assert!(analyzer::t2s_entries() > 4000);
    assert_eq!(fold("國務院辦公廳關於印發"), "国务院办公厅关于印发");
    assert_eq!(fold("號處臺灣後裡"), "号处台湾后里");
}

// ───────────────────────────── tokens ─────────────────────────────

#[test]
fn tokens_of_a_citizen_query() {
    let tokens = tokens("低保申请条件");
    for word in ["低保", "申请", "条件"] {
        assert!(
            tokens.contains(&word.to_owned()),
            "{word} not in {tokens:?}"
        );
    }
}

#[test]
fn long_words_give_the_whole_word_and_its_sub_words() {
    let analyzed = analyze("最低生活保障");
    assert_eq!(texts(&analyzed), ["最低生活保障", "最低", "生活", "保障"]);
    assert!(analyzed[0].primary && analyzed[1..].iter().all(|t| !t.primary));

    let analyzed = analyze("城乡居民最低生活保障标准");
    let words = texts(&analyzed);
    for word in [
        "城乡居民",
        "城乡",
        "居民",
        "最低生活保障",
        "最低",
        "生活",
        "保障",
        "标准",
    ] {
        assert!(words.contains(&word), "{word} not in {words:?}");
    }

    // Sub-words of any length that are words themselves: the regulation inside its full title.
    let words = tokens("中华人民共和国政府信息公开条例");
    assert_eq!(words[0], "中华人民共和国政府信息公开条例");
    for word in [
        "政府信息公开条例",
        "政府信息公开",
        "政府",
        "信息",
        "公开",
        "条例",
    ] {
        assert!(words.contains(&word.to_owned()), "{word} not in {words:?}");
    }
}

#[test]
fn government_vocabulary_segments_as_units() {
    assert!(analyzer::gov_dict_words() >= 500);
    for word in [
        "政务公开",
        "依申请公开",
        "主动公开",
        "规范性文件",
        "政府集中采购",
        "公共资源交易",
        "农村危房改造",
        "特困供养",
        "临时救助",
        "土地承包经营权",
        "营商环境",
        "放管服",
        "12345热线",
    ] {
        let analyzed = analyze(word);
        let primary: Vec<&str> = analyzed
            .iter()
            .filter(|t| t.primary)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(primary, [word], "{word}: {analyzed:?}");
    }
}

#[test]
fn deployment_words_stay_whole() {
    let text = "云溪县财政局关于青石镇低保资金的通知";
    let plain = tokens(text);
    assert!(!plain.contains(&"云溪县财政局".to_owned()), "{plain:?}");
    assert!(!plain.contains(&"青石镇".to_owned()), "{plain:?}");

    let with_words = ZhTokenizer::new(&extra_words()).tokens(text);
    assert!(
        with_words.contains(&"云溪县财政局".to_owned()),
        "{with_words:?}"
    );
    assert!(with_words.contains(&"青石镇".to_owned()), "{with_words:?}");
    // The parts of a deployment word are still searchable.
    assert!(with_words.contains(&"财政局".to_owned()), "{with_words:?}");

    // The registered analyzer sees the same tokens.
    let mut text_analyzer = analyzer::analyzer(&extra_words());
    let mut stream = text_analyzer.token_stream(text);
    let mut streamed = Vec::new();
    while let Some(token) = stream.next() {
        streamed.push(token.text.clone());
    }
    assert_eq!(streamed, with_words);

    // Words given in traditional script or full width are folded like the text.
    let traditional =
        ZhTokenizer::new(&["雲溪縣財政局".to_owned(), " 青石鎮 ".to_owned()]).tokens(text);
    assert_eq!(traditional, with_words);
}

#[test]
fn regulation_title_query_matches_the_regulation() {
    let document = analyze("根据《中华人民共和国政府信息公开条例》第二十条，主动公开下列信息。");
    let query = "政府信息公开条例";
    // Every term of the query (whole words and sub-words) is in the document.
    for term in tokens(query) {
        assert!(
            document.iter().any(|t| t.text == term),
            "{term} not in the document"
        );
    }
    // And the phrase terms sit at the right distances.
    assert!(phrase_matches(&document, &phrase_terms(query)));
    assert!(phrase_matches(&document, &phrase_terms("信息公开")));
    assert!(!phrase_matches(&document, &phrase_terms("公开信息")));
}

/// Whether `terms` (from `phrase_terms`) occur in `document` at their offsets.
fn phrase_matches(document: &[AnalyzedToken], terms: &[(usize, String)]) -> bool {
    document.iter().any(|start| {
        terms.iter().all(|(offset, term)| {
            document
                .iter()
                .any(|t| t.text == *term && t.position == start.position + offset)
        })
    })
}

#[test]
fn traditional_script_tokenizes_like_simplified() {
    assert_eq!(tokens("政府信息公開"), tokens("政府信息公开"));
    assert_eq!(
        tokens("遼寧省人民政府辦公廳關於印發"),
        tokens("辽宁省人民政府办公厅关于印发")
    );
    assert_eq!(
        tokens("城鄉居民最低生活保障申請條件"),
        tokens("城乡居民最低生活保障申请条件")
    );
    assert_eq!(
        tokens("農村危房改造補助標準"),
        tokens("农村危房改造补助标准")
    );
    // The limit of character folding: 資訊 is the Taiwan word for 信息, not a variant character.
    // It folds to 资讯, which is a different word.
    let taiwan = tokens("政府資訊公開");
    assert_ne!(taiwan, tokens("政府信息公开"));
    assert!(taiwan.contains(&"资讯".to_owned()), "{taiwan:?}");
}

#[test]
fn punctuation_and_whitespace_are_dropped_ascii_is_kept() {
    assert!(tokens("，。、“”！？《》（）【】〔〕 \t\r\n　…—·").is_empty());
    assert!(tokens("").is_empty());
    let words = tokens("依据GB/T 9704-2012，PM2.5浓度下降5.4%，详见WWW.GOV.CN");
    for word in [
        "gb",
        "t",
        "9704-2012",
        "9704",
        "2012",
        "pm2.5",
        "浓度",
        "5.4%",
        "www.gov.cn",
        "gov",
    ] {
        assert!(words.contains(&word.to_owned()), "{word} not in {words:?}");
    }
    assert!(
        words.iter().all(|w| w.chars().any(char::is_alphanumeric)),
        "{words:?}"
    );
    assert!(
        words
            .iter()
            .all(|w| !w.chars().any(|c| c.is_ascii_uppercase())),
        "{words:?}"
    );
    // Numbers inside Chinese text.
    let words = tokens("2020年12月底前完成，拨付资金３５０万元");
    for word in ["2020", "年", "12", "350", "万元"] {
        assert!(words.contains(&word.to_owned()), "{word} not in {words:?}");
    }
}

/// Texts whose folding changes byte lengths in every way: full-width (3 → 1 bytes),
/// traditional outside the BMP (3 → 4 bytes: 㑮 → 𫝈), brackets, upper case, U+3000.
const AWKWARD: [&str; 6] = [
    "ＰＭ２．５浓度　遼寧省（２０２０）",
    "辽政办发〔2020〕13号《政府信息公开条例》",
    "㑮低保ＡＢＣ申請條件ABC",
    "Ｖ１．２．３版本、１２３４５熱線和WWW.Gov.CN",
    "城鄉居民最低生活保障標準提高到每人每月６５０元。",
    "  ＼（＾＿＾）／ 空格 \u{3000}\u{3000}结尾",
];

#[test]
fn offsets_point_into_the_original_text() {
    let mut checked = 0;
    for text in AWKWARD
        .into_iter()
        .chain(SENTENCE_PAIRS.iter().map(|(t, _)| *t))
    {
        let analyzed = analyze(text);
        assert!(!analyzed.is_empty(), "{text}");
        for token in &analyzed {
            let original = &text[token.offset_from..token.offset_to];
            assert_eq!(fold(original), token.text, "{text}: {token:?}");
            checked += 1;
        }
    }
    assert!(checked > 100);
    // Concretely: the full-width number is found where it is.
    let text = "拨付资金３５０万元";
    let token = analyze(text)
        .into_iter()
        .find(|t| t.text == "350")
        .expect("350");
    assert_eq!(&text[token.offset_from..token.offset_to], "３５０");
}

#[test]
fn positions_count_characters_and_sub_words_sit_where_they_are() {
    let analyzed = analyze("最低生活保障， 标准提高");
    let at: Vec<(&str, usize, usize, bool)> = analyzed
        .iter()
        .map(|t| (t.text.as_str(), t.position, t.position_length, t.primary))
        .collect();
    assert_eq!(
        at,
        [
            ("最低生活保障", 0, 6, true),
            ("最低", 0, 2, false),
            ("生活", 2, 2, false),
            ("保障", 4, 2, false),
            // Punctuation and the space take no position.
            ("标准", 6, 2, true),
            ("提高", 8, 2, true),
        ]
    );
}

/// The order tantivy's snippet generator needs, and sane positions, over real text: primary
/// tokens in order and disjoint, each followed by sub-words inside it, sorted by start, the
/// last ending with it.
#[test]
fn token_order_invariants_hold_on_real_text() {
    let mut texts: Vec<String> = AWKWARD.iter().map(|t| t.to_string()).collect();
    if let Ok(dir) = std::fs::read_dir(SEEDS) {
        for entry in dir.flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.push(text);
            }
        }
    }
    for text in &texts {
        let analyzed = analyze(text);
        let mut last_primary: Option<&AnalyzedToken> = None;
        let mut group_end = 0;
        let mut previous_sub: Option<&AnalyzedToken> = None;
        for token in &analyzed {
            assert!(token.offset_to - token.offset_from <= MAX_TOKEN_BYTES);
            if token.primary {
                if let Some(primary) = last_primary {
                    assert!(
                        token.offset_from >= primary.offset_to,
                        "{token:?} after {primary:?}"
                    );
                    assert!(token.position >= primary.position + primary.position_length);
                    if let Some(sub) = previous_sub {
                        assert_eq!(
                            sub.offset_to, primary.offset_to,
                            "last sub-word of {primary:?}"
                        );
                    }
                }
                last_primary = Some(token);
                group_end = token.offset_to;
                previous_sub = None;
            } else {
                let primary = last_primary.expect("a sub-word follows its primary token");
                assert!(token.offset_from >= primary.offset_from && token.offset_to <= group_end);
                assert!(token.position >= primary.position);
                assert!(
                    token.position + token.position_length
                        <= primary.position + primary.position_length
                );
                if let Some(sub) = previous_sub {
                    assert!(
                        (sub.offset_from, sub.offset_to) < (token.offset_from, token.offset_to)
                    );
                }
                previous_sub = Some(token);
            }
        }
    }
}

// ───────────────────────────── in a tantivy index ─────────────────────────────

struct TestIndex {
    reader: IndexReader,
    name: Field,
    body: Field,
}

const DOCUMENTS: [(&str, &str); 3] = [
    (
        "regulation",
        "为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，制定本办法。",
    ),
    (
        // Traditional script, as scraped from a mirror site.
        "dibao",
        "城鄉居民最低生活保障申請條件：家庭人均收入低於當地低保標準。青石鎮民政辦受理申請。",
    ),
    (
        // Full-width digits, a 文号 in 六角括号.
        "budget",
        "云溪县财政局２０２０年部门预算公开说明，详见辽政办发〔2020〕13号。",
    ),
];

fn test_index() -> TestIndex {
    let mut schema = Schema::builder();
    let name = schema.add_text_field("name", STRING | STORED);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = schema.add_text_field(
        "body",
        TextOptions::default()
            .set_indexing_options(indexing)
            .set_stored(),
    );
    let index = Index::create_in_ram(schema.build());
    index
        .tokenizers()
        .register(TOKENIZER, analyzer::analyzer(&extra_words()));
    let mut writer = index
        .writer_with_num_threads(1, 20_000_000)
        .expect("writer");
    for (doc_name, text) in DOCUMENTS {
        writer
            .add_document(doc!(name => doc_name, body => text))
            .expect("add");
    }
    writer.commit().expect("commit");
    let reader = index.reader().expect("reader");
    TestIndex { reader, name, body }
}

impl TestIndex {
    fn matches(&self, query: &dyn Query) -> BTreeSet<String> {
        let searcher = self.reader.searcher();
        let found = searcher.search(query, &DocSetCollector).expect("search");
        found
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address).expect("doc");
                doc.get_first(self.name)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }

    fn term(&self, text: &str) -> Term {
        Term::from_field_text(self.body, text)
    }

    /// Every word of the query must be in the document: the word itself, or all its parts
    /// (`部门预算` in a document segmented `部门|预算公开`).
    fn all_words(&self, tokenizer: &ZhTokenizer, query: &str) -> BooleanQuery {
        let term_query = |text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                self.term(text),
                IndexRecordOption::WithFreqs,
            ))
        };
        let clauses = tokenizer
            .query_words(query)
            .into_iter()
            .map(|word| -> (Occur, Box<dyn Query>) {
                if word.parts.is_empty() {
                    return (Occur::Must, term_query(&word.text));
                }
                let parts = BooleanQuery::intersection(
                    word.parts.iter().map(|(_, p)| term_query(p)).collect(),
                );
                (
                    Occur::Must,
                    Box::new(BooleanQuery::union(vec![
                        term_query(&word.text),
                        Box::new(parts),
                    ])),
                )
            })
            .collect();
        BooleanQuery::new(clauses)
    }

    fn phrase(&self, tokenizer: &ZhTokenizer, query: &str) -> PhraseQuery {
        let terms = tokenizer
            .phrase_terms(query)
            .into_iter()
            .map(|(offset, text)| (offset, self.term(&text)))
            .collect();
        PhraseQuery::new_with_offset(terms)
    }
}

fn names(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn index_finds_documents_across_scripts_and_forms() {
    let index = test_index();
    let tokenizer = ZhTokenizer::new(&extra_words());

    // A simplified query finds the traditional document.
    assert_eq!(
        index.matches(&index.all_words(&tokenizer, "低保申请条件")),
        names(&["dibao"])
    );
    let term = TermQuery::new(index.term("最低生活保障"), IndexRecordOption::Basic);
    assert_eq!(index.matches(&term), names(&["dibao"]));
    // A sub-word of a longer word is a term of its own.
    let term = TermQuery::new(index.term("保障"), IndexRecordOption::Basic);
    assert_eq!(index.matches(&term), names(&["regulation", "dibao"]));

    // A traditional query finds the simplified document; the deployment word is one term.
    assert_eq!(
        index.matches(&index.all_words(&tokenizer, "雲溪縣財政局部門預算")),
        names(&["budget"])
    );
    let term = TermQuery::new(index.term("云溪县财政局"), IndexRecordOption::Basic);
    assert_eq!(index.matches(&term), names(&["budget"]));
    let term = TermQuery::new(index.term("青石镇"), IndexRecordOption::Basic);
    assert_eq!(index.matches(&term), names(&["dibao"]));

    // Full-width digits in the document, half-width in the query.
    assert_eq!(
        index.matches(&index.all_words(&tokenizer, "2020年部门预算")),
        names(&["budget"])
    );
}

#[test]
fn index_phrase_queries() {
    let index = test_index();
    let tokenizer = ZhTokenizer::new(&extra_words());
    // The document has 中华人民共和国政府信息公开条例 as one word.
    for phrase in [
        "政府信息公开条例",
        "政府信息公开",
        "信息公开",
        "《政府信息公开条例》",
        "政府資訊",
    ] {
        let expected = if phrase == "政府資訊" {
            names(&[])
        } else {
            names(&["regulation"])
        };
        assert_eq!(
            index.matches(&index.phrase(&tokenizer, phrase)),
            expected,
            "{phrase}"
        );
    }
    // Order matters.
    assert!(
        index
            .matches(&index.phrase(&tokenizer, "公开信息"))
            .is_empty()
    );
    // Sub-words and whole words alike, in either script.
    assert_eq!(
        index.matches(&index.phrase(&tokenizer, "生活保障申請")),
        names(&["dibao"])
    );
    assert_eq!(
        index.matches(&index.phrase(&tokenizer, "当地低保标准")),
        names(&["dibao"])
    );
    assert!(
        index
            .matches(&index.phrase(&tokenizer, "低保当地标准"))
            .is_empty()
    );
    // A 文号 written with other brackets, as a phrase of its parts.
    for number in [
        "辽政办发[2020]13号",
        "遼政辦發（2020）13號",
        "辽政办发〔２０２０〕１３号",
    ] {
        assert_eq!(
            index.matches(&index.phrase(&tokenizer, number)),
            names(&["budget"]),
            "{number}"
        );
    }
    // A phrase across the words of the deployment word and its neighbours.
    assert_eq!(
        index.matches(&index.phrase(&tokenizer, "财政局2020年")),
        names(&["budget"])
    );
}

#[test]
fn snippets_highlight_the_original_characters() {
    let index = test_index();
    let tokenizer = ZhTokenizer::new(&extra_words());
    let searcher = index.reader.searcher();

    let cases: [(&str, &str, &[&str]); 3] = [
        // Simplified query, traditional document: the traditional characters are marked.
        ("dibao", "申请条件", &["申請條件", "申請", "條件"]),
        // Half-width query, full-width digits marked.
        (
            "budget",
            "2020年部门预算",
            &["２０２０", "年", "部门", "预算"],
        ),
        ("regulation", "信息公开", &["信息", "公开"]),
    ];
    for (doc_name, query_text, expected) in cases {
        let query = index.all_words(&tokenizer, query_text);
        let generator =
            SnippetGenerator::create(&searcher, &query, index.body).expect("snippet generator");
        let text = DOCUMENTS
            .iter()
            .find(|(n, _)| *n == doc_name)
            .map(|(_, t)| *t)
            .expect("doc");
        let snippet = generator.snippet(text);
        let marked: BTreeSet<&str> = snippet
            .highlighted()
            .iter()
            .map(|r| &snippet.fragment()[r.clone()])
            .collect();
        for word in expected {
            assert!(
                marked.contains(word),
                "{query_text}: {word} not in {marked:?}"
            );
        }
        // Nothing else is marked: every mark is a term of the query.
        let terms: BTreeSet<String> = tokenizer.tokens(query_text).into_iter().collect();
        for mark in &marked {
            assert!(
                terms.contains(fold(mark).as_ref()),
                "{query_text}: {mark} marked"
            );
        }
        assert!(!snippet.to_html().is_empty());
    }
    // The marks as HTML: adjacent and overlapping marks are merged.
    let query = index.all_words(&tokenizer, "申请条件");
    let generator =
        SnippetGenerator::create(&searcher, &query, index.body).expect("snippet generator");
    let html = generator.snippet(DOCUMENTS[1].1).to_html();
    assert!(html.contains("<b>申請條件</b>"), "{html}");
    assert!(html.contains("受理<b>申請</b>"), "{html}");
}

/// The snippet generator never panics on this tokenizer's overlapping tokens, whatever the
/// fragment size (from `MAX_TOKEN_BYTES` up) and whatever terms are highlighted, and its marks
/// lie inside its fragment.
#[test]
fn snippets_are_safe_with_overlapping_tokens() {
    let mut texts: Vec<String> = AWKWARD.iter().map(|t| t.to_string()).collect();
    texts.extend(
        SENTENCE_PAIRS
            .iter()
            .flat_map(|(t, s)| [t.to_string(), s.to_string()]),
    );
    if let Ok(text) = std::fs::read_to_string(Path::new(SEEDS).join("003_fea73c9ac3b870fd.txt")) {
        texts.push(text.chars().take(1500).collect());
    }
    // Words whose sub-words leave their end uncovered but for a filler (救助站: 救助 + 站), at
    // every distance from the start of the text, so that fragments end right after them.
    for pad in 0..50 {
        texts.push(format!(
            "{}设立社会救助站和依申请公开窗口 b c d",
            "a ".repeat(pad)
        ));
    }
    let field = Schema::builder().add_text_field("body", TextOptions::default());
    for text in &texts {
        // Every token of the text is a term to highlight: long words and their sub-words.
        let terms: BTreeMap<String, f32> = tokens(text).into_iter().map(|t| (t, 1.0)).collect();
        for max_chars in (MAX_TOKEN_BYTES..=400).step_by(5) {
            let generator =
                SnippetGenerator::new(terms.clone(), analyzer::analyzer(&[]), field, max_chars);
            let snippet = generator.snippet(text);
            let fragment = snippet.fragment();
            assert!(!snippet.highlighted().is_empty());
            for range in snippet.highlighted() {
                assert!(range.end <= fragment.len() && fragment.is_char_boundary(range.start));
            }
            let _ = snippet.to_html();
        }
    }
}
