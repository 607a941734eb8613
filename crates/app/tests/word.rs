//! Word documents as counties write them, saved by Word and by WPS: the 公文 parts
//! are recognised and the body keeps its structure.

use gongkai_app::testing::docx::{Block, Flavour, county_notice, docx, p};
use gongkai_app::word::read_docx;

#[test]
fn a_county_notice_reads_the_same_from_word_and_wps() {
    for flavour in [Flavour::Word, Flavour::Wps] {
        for chinese_date in [false, true] {
            let d = read_docx(&county_notice(flavour, chinese_date)).unwrap();
            let ctx = format!("{flavour:?}, chinese date {chinese_date}");
            assert_eq!(d.doc_number, "云政发〔2025〕8号", "{ctx}");
            assert_eq!(
                d.title, "云溪县人民政府关于印发2025年重点工作任务分工方案的通知",
                "{ctx}: the title over two lines"
            );
            assert_eq!(
                d.written_on,
                chrono::NaiveDate::from_ymd_opt(2025, 3, 4),
                "{ctx}"
            );
            assert_eq!(d.attribute, Some("proactive"), "{ctx}");
            assert_eq!(
                d.body,
                "各乡镇人民政府，县直各单位：\n\
                 现将《2025年重点工作任务分工方案》印发给你们，请认真贯彻落实。\n\
                 # 一、总体要求\n\
                 坚持稳中求进，确保各项任务按期完成。\n\
                 - 各单位主要负责人为第一责任人；\n\
                 - 每月25日前报送进展情况。\n\
                 | 任务 | 牵头单位 | 完成时限 |\n\
                 | 农村公路养护 | 县交通运输局 | 2025年10月 |",
                "{ctx}: header, signature, date and note left out of the body"
            );
            assert_eq!((d.paragraphs, d.tables), (6, 1), "{ctx}");
            // The body as HTML: a heading, a list, a table with its header row.
            let html = gongkai_domain::body_text::to_html(&d.body);
            assert!(html.contains("<h2>一、总体要求</h2>") && html.contains("<ul><li>"));
            assert!(html.contains("<th scope=\"col\">牵头单位</th>"), "{html}");
        }
    }
}

#[test]
fn a_plain_document_without_its_parts_is_all_body() {
    let bytes = docx(
        &[
            Block::P(p("会议纪要")),
            Block::P(p("一、会议认为，应加快推进项目建设 & 资金拨付。")),
            Block::P(p("<script>不是标签</script>")),
        ],
        Flavour::Word,
    );
    let d = read_docx(&bytes).unwrap();
    assert_eq!(d.doc_number, "");
    assert_eq!(d.written_on, None);
    assert!(d.body.contains("加快推进项目建设 & 资金拨付"), "{}", d.body);
    // Text stays text: escaped when the body becomes HTML.
    let html = gongkai_domain::body_text::to_html(&d.body);
    assert!(
        html.contains("&lt;script&gt;不是标签&lt;/script&gt;"),
        "{html}"
    );
}
