//! Catalog tables: a county table in the common layout (built here as a county would:
//! a title, a two-row header, 一级事项 merged down, channels written in one cell,
//! audience ticked, method as text) is read item by item; export then import gives the
//! same catalog; a bad table is reported row by row and yields nothing.

use gongkai_app::catalog_import::read_table;
use gongkai_app::catalog_xlsx::{csv, write};
use gongkai_domain::catalog::table::Finding;
use gongkai_domain::catalog::{Audience, CatalogItem, Channel, Level, Method, STANDARD_DOMAINS};
use rust_xlsxwriter::{Format, Workbook};

fn read(bytes: &[u8]) -> Result<Vec<CatalogItem>, Vec<Finding>> {
    let domains: Vec<String> = STANDARD_DOMAINS.iter().map(|d| (*d).to_owned()).collect();
    read_table(bytes, &domains)
}

/// Rows: 一级事项, 二级事项, 内容, 依据, 时限, 主体, 渠道 (text), 全社会 tick, 特定群体 tick, 方式.
type Row<'a> = [&'a str; 10];

const RELIEF: [Row; 4] = [
    [
        "最低生活保障",
        "办事指南",
        "申请条件、申请材料、办理流程、办理时限、咨询电话",
        "《社会救助暂行办法》《政府信息公开条例》",
        "信息形成或变更之日起20个工作日内",
        "县民政局",
        "政府网站、政务服务中心、便民服务站",
        "√",
        "",
        "主动公开",
    ],
    [
        "最低生活保障",
        "审核信息",
        "初审对象名单及相关信息",
        "—",
        "制定或获取信息之日起10个工作日内，公示7个工作日",
        "乡镇人民政府",
        "村公示栏",
        "",
        "√",
        "主动",
    ],
    [
        "最低生活保障",
        "保障对象名单",
        "保障对象姓名、保障人数、保障金额",
        "《社会救助暂行办法》",
        "制定或获取信息之日起10个工作日内",
        "县民政局",
        "政府网站；社区/企事业单位/村公示栏（电子屏）；村民微信群",
        "",
        "√",
        "主动",
    ],
    [
        "临时救助",
        "",
        "救助对象、救助金额",
        "《社会救助暂行办法》",
        "按季度公开",
        "县民政局",
        "政府网站",
        "√",
        "",
        "依申请",
    ],
];

/// A county table: sheet named for the domain, title row, header in two rows.
fn county_table(sheets: &[(&str, &[Row])], header: &[&str; 10]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let plain = Format::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        ws.merge_range(
            0,
            0,
            0,
            10,
            &format!("云溪县{name}领域基层政务公开标准目录"),
            &plain,
        )
        .unwrap();
        ws.merge_range(1, 0, 2, 0, "序号", &plain).unwrap();
        ws.merge_range(1, 1, 1, 2, "公开事项", &plain).unwrap();
        ws.write_string(2, 1, header[0]).unwrap();
        ws.write_string(2, 2, header[1]).unwrap();
        for (i, h) in header.iter().enumerate().skip(2).take(5) {
            ws.merge_range(1, i as u16 + 1, 2, i as u16 + 1, h, &plain)
                .unwrap();
        }
        ws.merge_range(1, 8, 1, 9, "公开对象", &plain).unwrap();
        ws.write_string(2, 8, header[7]).unwrap();
        ws.write_string(2, 9, header[8]).unwrap();
        ws.merge_range(1, 10, 2, 10, header[9], &plain).unwrap();
        let mut run = 3u32;
        for (n, r) in rows.iter().enumerate() {
            let row = 3 + n as u32;
            ws.write_number(row, 0, (n + 1) as f64).unwrap();
            for (i, v) in r.iter().enumerate() {
                if i > 0 && !v.is_empty() {
                    ws.write_string(row, i as u16 + 1, *v).unwrap();
                }
            }
            let next_same = rows.get(n + 1).is_some_and(|x| x[0] == r[0]);
            if !next_same {
                if row > run {
                    ws.merge_range(run, 1, row, 1, r[0], &plain).unwrap();
                } else {
                    ws.write_string(row, 1, r[0]).unwrap();
                }
                run = row + 1;
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

const HEADER: [&str; 10] = [
    "一级事项",
    "二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "全社会",
    "特定群体",
    "公开方式",
];

#[test]
fn a_county_table_reads_item_by_item() {
    let bytes = county_table(&[("社会救助", &RELIEF)], &HEADER);
    let items = read(&bytes).unwrap();
    assert_eq!(items.len(), 4);
    let first = &items[0];
    assert_eq!(
        (
            first.domain.as_str(),
            first.first.as_str(),
            first.second.as_str()
        ),
        ("社会救助", "最低生活保障", "办事指南")
    );
    assert_eq!(first.audience, [Audience::Everyone].into());
    assert_eq!(first.method, [Method::Proactive].into());
    assert!(
        first.channels.contains(&Channel::Website)
            && first.channels.contains(&Channel::ServiceCentre)
    );
    assert!(first.rule().is_some());
    // 一级事项 merged over three rows reaches every one of them.
    assert_eq!(items[1].first, "最低生活保障");
    assert_eq!(items[1].audience, [Audience::Group].into());
    assert_eq!(items[1].basis, "—");
    assert_eq!(
        items[1].rule().unwrap().window(),
        Some((7, gongkai_domain::catalog::DayUnit::Working))
    );
    // Channels beyond the list are kept as text.
    assert!(items[2].channels.contains(&Channel::NoticeBoard));
    assert_eq!(items[2].other_channels, "村民微信群");
    // A time limit of no checkable form is kept, marked not checkable.
    assert_eq!(items[3].time_limit, "按季度公开");
    assert!(items[3].rule().is_none());
    assert_eq!(items[3].method, [Method::OnRequest].into());
    assert!(
        items.iter().all(|i| i.levels.is_empty()),
        "no 层级 column in this table"
    );
}

#[test]
fn export_then_import_gives_the_same_catalog() {
    let bytes = county_table(&[("社会救助", &RELIEF)], &HEADER);
    let mut items = read(&bytes).unwrap();
    items[0].levels = [Level::County, Level::Township].into();
    let exported = write("云溪县", &items).unwrap();
    assert!(exported.starts_with(b"PK"));
    let again = read(&exported).unwrap();
    assert_eq!(again, items);
    // And again: stable.
    assert_eq!(read(&write("云溪县", &again).unwrap()).unwrap(), items);
    let text = String::from_utf8(csv(&items)).unwrap();
    assert!(text.starts_with("\u{feff}\"公开领域\""));
    assert!(text.contains("\"政府网站、政务服务中心、便民服务站\""));
    assert!(text.contains("\"政府网站、社区/企事业单位/村公示栏（电子屏）、村民微信群\""));
}

#[test]
fn a_bad_table_is_reported_row_by_row_and_nothing_is_taken() {
    // Missing the columns that make an item: no 公开内容.
    let mut header = HEADER;
    header[2] = "备注";
    let e = read(&county_table(&[("社会救助", &RELIEF)], &header)).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.contains("公开内容"), "{}", e[0]);
    assert_eq!(e[0].row, 2);

    // An unknown area, a duplicate item (names and content), a missing content.
    let mut bad = RELIEF;
    bad[1] = bad[0];
    bad[3][2] = "";
    let e = read(&county_table(
        &[("社会救助", &bad), ("火星移民", &RELIEF[..1])],
        &HEADER,
    ))
    .unwrap_err();
    let lines: Vec<String> = e.iter().map(|x| x.to_string()).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("工作表“社会救助”第5行") && l.contains("重复")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("工作表“社会救助”第7行") && l.contains("公开内容")),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("火星移民")), "{lines:?}");

    let e = read(b"not a spreadsheet").unwrap_err();
    assert!(e[0].message.contains(".xlsx"));
}

#[test]
fn a_table_that_unpacks_to_too_much_is_refused_before_parsing() {
    // 80 MB of zeros compress to well under 1 MB.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..80 {
        std::io::Write::write_all(&mut zip, &chunk).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024, "{} bytes", bytes.len());
    let e = read(&bytes).unwrap_err();
    assert!(e[0].message.contains("解压后超过64MB"), "{}", e[0]);
}
