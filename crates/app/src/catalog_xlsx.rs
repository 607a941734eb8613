//! Standard catalogs as county tables (.xlsx): reading the common layout — a title
//! row, one or two header rows with group headings merged over tick columns, 一级事项
//! merged down over its 二级事项 — and writing the same layout back, so that export then
//! import gives the same catalog. Every problem is reported with its sheet and row,
//! and nothing is taken from a file that has any.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use gongkai_domain::catalog::{Audience, CatalogItem, Channel, Level, Method, RawItem};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde::Serialize;

/// A problem with one row (or the header) of one sheet; rows count from 1, as
/// spreadsheet programs show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub sheet: String,
    pub row: u32,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "工作表“{}”第{}行：{}",
            self.sheet, self.row, self.message
        )
    }
}

/// A test for one kind of column.
type ColTest = fn(&Col) -> bool;

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
enum Col {
    Domain,
    First,
    Second,
    Content,
    Basis,
    TimeLimit,
    Subject,
    ChannelText,
    ChannelTick(String),
    AudienceText,
    AudienceTick(String),
    MethodText,
    MethodTick(String),
    LevelText,
    LevelTick(String),
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string().trim().to_owned(),
    }
}

fn ticked(s: &str) -> bool {
    !s.is_empty() && !matches!(s, "×" | "✗" | "否" | "-" | "—" | "0" | "无" | "/")
}

fn is_tick_mark(s: &str) -> bool {
    matches!(
        s,
        "√" | "✓" | "✔" | "●" | "是" | "1" | "Y" | "y" | "v" | "V"
    )
}

/// What a column is, from its heading and (for grouped columns) its sub-heading.
fn classify(top: &str, sub: &str) -> Option<Col> {
    let both = format!("{top}{sub}");
    let grouped = !sub.is_empty() && sub != top;
    Some(if both.contains("一级") {
        Col::First
    } else if both.contains("二级") {
        Col::Second
    } else if top.contains("领域") {
        Col::Domain
    } else if top.contains("内容") {
        Col::Content
    } else if top.contains("依据") {
        Col::Basis
    } else if top.contains("时限") {
        Col::TimeLimit
    } else if top.contains("主体") {
        Col::Subject
    } else if top.contains("渠道") || top.contains("载体") {
        if grouped {
            Col::ChannelTick(sub.to_owned())
        } else {
            Col::ChannelText
        }
    } else if top.contains("对象") {
        if grouped {
            Col::AudienceTick(sub.to_owned())
        } else {
            Col::AudienceText
        }
    } else if top.contains("方式") {
        if grouped {
            Col::MethodTick(sub.to_owned())
        } else {
            Col::MethodText
        }
    } else if top.contains("层级") {
        if grouped {
            Col::LevelTick(sub.to_owned())
        } else {
            Col::LevelText
        }
    } else {
        return None;
    })
}

/// One sheet as a grid of text with merged regions filled from their first cell.
fn grid(wb: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Result<Vec<Vec<String>>, String> {
    let range = wb.worksheet_range(sheet).map_err(|e| e.to_string())?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r1, c1) = range.end().unwrap_or((0, 0));
    let mut g = vec![vec![String::new(); (c1 + 1) as usize]; (r1 + 1) as usize];
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            g[r0 as usize + r][c0 as usize + c] = text(cell);
        }
    }
    let merges: Vec<_> = wb
        .merged_regions_by_sheet(sheet)
        .into_iter()
        .map(|(_, _, d)| *d)
        .collect();
    for m in merges {
        let v = g
            .get(m.start.0 as usize)
            .and_then(|row| row.get(m.start.1 as usize))
            .cloned()
            .unwrap_or_default();
        for r in m.start.0..=m.end.0.min(r1) {
            for c in m.start.1..=m.end.1.min(c1) {
                g[r as usize][c as usize] = v.clone();
            }
        }
    }
    Ok(g)
}

/// How much an uploaded table may decompress to: a county catalog is well under 1 MB
/// of XML; a file beyond this is refused before any parsing (a "zip bomb" would
/// otherwise fill the server's memory).
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;
/// Entries a workbook may have.
const MAX_ENTRIES: usize = 2_000;

/// Decompresses every entry into nothing, stopping at [`MAX_UNPACKED`] in all.
fn within_limits(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件不是可读取的 .xlsx 表格".to_owned())?;
    if z.len() > MAX_ENTRIES {
        return Err("文件内容过多，不是常见的目录表格".into());
    }
    let mut total = 0u64;
    for i in 0..z.len() {
        let f = z
            .by_index(i)
            .map_err(|_| "文件不是可读取的 .xlsx 表格".to_owned())?;
        let n = std::io::copy(&mut f.take(MAX_UNPACKED - total + 1), &mut std::io::sink())
            .map_err(|_| "文件已损坏，无法读取".to_owned())?;
        total += n;
        if total > MAX_UNPACKED {
            return Err(format!(
                "表格解压后超过{}MB，不是常见的目录表格",
                MAX_UNPACKED / 1024 / 1024
            ));
        }
    }
    Ok(())
}

/// Reads every sheet of a county catalog table. `known_domain` accepts domain names;
/// a sheet without a 领域 column takes its name as the domain.
pub fn read(
    bytes: &[u8],
    known_domain: impl Fn(&str) -> bool,
) -> Result<Vec<CatalogItem>, Vec<RowError>> {
    let err = |sheet: &str, row: u32, message: String| RowError {
        sheet: sheet.to_owned(),
        row,
        message,
    };
    within_limits(bytes).map_err(|m| vec![err("", 0, m)])?;
    let mut wb: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes))
        .map_err(|_| vec![err("", 0, "文件不是可读取的 .xlsx 表格".into())])?;
    wb.load_merged_regions()
        .map_err(|_| vec![err("", 0, "文件不是可读取的 .xlsx 表格".into())])?;
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<(String, String, String), (String, u32)> = HashMap::new();
    for sheet in wb.sheet_names() {
        let g = match grid(&mut wb, &sheet) {
            Ok(g) => g,
            Err(e) => {
                errors.push(err(&sheet, 0, format!("无法读取：{e}")));
                continue;
            }
        };
        let Some(h) = g.iter().position(|row| {
            row.iter()
                .any(|c| c.contains("一级事项") || c.contains("公开事项"))
        }) else {
            if g.iter().any(|row| row.iter().any(|c| !c.is_empty())) {
                errors.push(err(
                    &sheet,
                    1,
                    "找不到表头（应含“公开事项”或“一级事项”列）".into(),
                ));
            }
            continue;
        };
        // A second header row holds sub-headings when it names known ones.
        let two = g.get(h + 1).is_some_and(|row| {
            row.iter().any(|c| {
                c.contains("一级事项")
                    || c == "全社会"
                    || c == "主动"
                    || Channel::recognise(c).is_some() && c.chars().count() <= 12
            })
        });
        let width = g[h].len();
        let cols: Vec<Option<Col>> = (0..width)
            .map(|c| {
                let top = g[h][c].as_str();
                let sub = if two {
                    g[h + 1].get(c).map_or("", String::as_str)
                } else {
                    ""
                };
                classify(top, sub)
            })
            .collect();
        let has = |f: ColTest| cols.iter().flatten().any(f);
        let needed: [(&str, ColTest); 8] = [
            ("一级事项", |c: &Col| *c == Col::First),
            ("公开内容", |c: &Col| *c == Col::Content),
            ("公开依据", |c: &Col| *c == Col::Basis),
            ("公开时限", |c: &Col| *c == Col::TimeLimit),
            ("公开主体", |c: &Col| *c == Col::Subject),
            ("公开渠道和载体", |c: &Col| {
                matches!(c, Col::ChannelText | Col::ChannelTick(_))
            }),
            ("公开对象", |c: &Col| {
                matches!(c, Col::AudienceText | Col::AudienceTick(_))
            }),
            ("公开方式", |c: &Col| {
                matches!(c, Col::MethodText | Col::MethodTick(_))
            }),
        ];
        let missing: Vec<&str> = needed
            .iter()
            .filter(|(_, f)| !has(*f))
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            errors.push(err(
                &sheet,
                h as u32 + 1,
                format!("缺少必需的列：{}", missing.join("、")),
            ));
            continue;
        }
        let first_data = h + if two { 2 } else { 1 };
        for (r, row) in g.iter().enumerate().skip(first_data) {
            let mut raw = RawItem {
                domain: sheet.trim().to_owned(),
                ..Default::default()
            };
            let mut any = false;
            for (c, col) in cols.iter().enumerate() {
                let Some(col) = col else { continue };
                let v = row.get(c).cloned().unwrap_or_default();
                if v.is_empty() {
                    continue;
                }
                any = true;
                match col {
                    Col::Domain => raw.domain = v,
                    Col::First => raw.first = v,
                    Col::Second => raw.second = v,
                    Col::Content => raw.content = v,
                    Col::Basis => raw.basis = v,
                    Col::TimeLimit => raw.time_limit = v,
                    Col::Subject => raw.subject = v,
                    Col::ChannelText => raw.channels.push(v),
                    Col::ChannelTick(name) if ticked(&v) => {
                        if is_tick_mark(&v) {
                            raw.channels.push(name.clone());
                        } else if name == Channel::OtherChannel.label() {
                            raw.other_channels.push(v);
                        } else {
                            raw.channels.push(name.clone());
                        }
                    }
                    Col::AudienceText => raw.audience = v,
                    Col::AudienceTick(name) if ticked(&v) => raw.audience = name.clone(),
                    Col::MethodText => raw.method = v,
                    Col::MethodTick(name) if ticked(&v) => raw.method = name.clone(),
                    Col::LevelText => raw.levels.push(v),
                    Col::LevelTick(name) if ticked(&v) => raw.levels.push(name.clone()),
                    _ => {}
                }
            }
            // Rows with only a merged 一级事项 carried into them, or nothing, are not items.
            let only_carried =
                raw.content.is_empty() && raw.time_limit.is_empty() && raw.second.is_empty();
            if !any || only_carried {
                continue;
            }
            let line = r as u32 + 1;
            match raw.parse(&known_domain) {
                Ok(item) => {
                    if let Some((s, l)) = seen.get(&item.key()) {
                        errors.push(err(&sheet, line, format!("与工作表“{s}”第{l}行的事项重复")));
                    } else {
                        seen.insert(item.key(), (sheet.clone(), line));
                        items.push(item);
                    }
                }
                Err(problems) => {
                    for p in problems {
                        errors.push(err(&sheet, line, p));
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        if items.is_empty() {
            return Err(vec![err("", 0, "文件中没有任何事项".into())]);
        }
        Ok(items)
    } else {
        Err(errors)
    }
}

/// The tick-column groups of the layout, in order.
fn groups() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "公开渠道和载体",
            Channel::ALL.iter().map(|c| c.label()).collect(),
        ),
        (
            "公开对象",
            Audience::ALL.iter().map(|a| a.label()).collect(),
        ),
        ("公开方式", Method::ALL.iter().map(|m| m.label()).collect()),
        ("公开层级", Level::ALL.iter().map(|l| l.label()).collect()),
    ]
}

/// Writes `items` as the county layout, one sheet per domain, titled for `owner`.
pub fn write(owner: &str, items: &[CatalogItem]) -> Result<Vec<u8>, XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let tick = cell.clone().set_align(FormatAlign::Center);
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let mut by_domain: BTreeMap<&str, Vec<&CatalogItem>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for i in items {
        if !by_domain.contains_key(i.domain.as_str()) {
            order.push(&i.domain);
        }
        by_domain.entry(&i.domain).or_default().push(i);
    }
    let mut wb = Workbook::new();
    let text_cols = [
        "序号",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
    ];
    for domain in order {
        let rows = &by_domain[domain];
        let ws = wb.add_worksheet();
        ws.set_name(domain)?;
        let width =
            text_cols.len() as u16 + groups().iter().map(|(_, s)| s.len() as u16).sum::<u16>();
        ws.merge_range(
            0,
            0,
            0,
            width - 1,
            &format!("{owner}{domain}领域基层政务公开标准目录"),
            &title,
        )?;
        // Header: 公开事项 over 一级/二级; the other text columns span both rows.
        ws.merge_range(1, 0, 2, 0, "序号", &head)?;
        ws.merge_range(1, 1, 1, 2, "公开事项", &head)?;
        ws.write_string_with_format(2, 1, "一级事项", &head)?;
        ws.write_string_with_format(2, 2, "二级事项", &head)?;
        for (i, name) in text_cols.iter().enumerate().skip(3) {
            ws.merge_range(1, i as u16, 2, i as u16, name, &head)?;
        }
        let widths = [6.0, 14.0, 16.0, 30.0, 26.0, 20.0, 14.0];
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w)?;
        }
        let mut c = text_cols.len() as u16;
        for (group, subs) in groups() {
            let last = c + subs.len() as u16 - 1;
            ws.merge_range(1, c, 1, last, group, &head)?;
            for (k, s) in subs.iter().enumerate() {
                ws.write_string_with_format(2, c + k as u16, *s, &head)?;
                ws.set_column_width(c + k as u16, 6.0)?;
            }
            c = last + 1;
        }
        let mut run_start = 3u32;
        for (n, item) in rows.iter().enumerate() {
            let r = 3 + n as u32;
            ws.write_number_with_format(r, 0, (n + 1) as f64, &tick)?;
            ws.write_string_with_format(r, 1, &item.first, &cell)?;
            for (k, v) in [
                &item.second,
                &item.content,
                &item.basis,
                &item.time_limit,
                &item.subject,
            ]
            .iter()
            .enumerate()
            {
                ws.write_string_with_format(r, 2 + k as u16, v.as_str(), &cell)?;
            }
            let mut c = text_cols.len() as u16;
            for ch in Channel::ALL {
                let v = if !item.channels.contains(ch) {
                    ""
                } else if *ch == Channel::OtherChannel && !item.other_channels.is_empty() {
                    item.other_channels.as_str()
                } else {
                    "√"
                };
                ws.write_string_with_format(r, c, v, &tick)?;
                c += 1;
            }
            for a in Audience::ALL {
                ws.write_string_with_format(
                    r,
                    c,
                    if item.audience == *a { "√" } else { "" },
                    &tick,
                )?;
                c += 1;
            }
            for m in Method::ALL {
                ws.write_string_with_format(r, c, if item.method == *m { "√" } else { "" }, &tick)?;
                c += 1;
            }
            for l in Level::ALL {
                ws.write_string_with_format(
                    r,
                    c,
                    if item.levels.contains(l) { "√" } else { "" },
                    &tick,
                )?;
                c += 1;
            }
            // Merge 一级事项 down over a run of the same value, as county tables do.
            let next_same = rows.get(n + 1).is_some_and(|x| x.first == item.first);
            if !next_same {
                if r > run_start {
                    ws.merge_range(run_start, 1, r, 1, &item.first, &cell)?;
                }
                run_start = r + 1;
            }
        }
        ws.set_freeze_panes(3, 0)?;
    }
    wb.save_to_buffer()
}

/// The catalog as CSV (UTF-8 with BOM): one row per item, lists joined with 、.
pub fn csv(items: &[CatalogItem]) -> Vec<u8> {
    let header = [
        "公开领域",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
    ];
    let rows = items.iter().map(|i| {
        let mut channels: Vec<&str> = i
            .channels
            .iter()
            .filter(|c| **c != Channel::OtherChannel)
            .map(|c| c.label())
            .collect();
        if !i.other_channels.is_empty() {
            channels.push(&i.other_channels);
        }
        let levels: Vec<&str> = i.levels.iter().map(|l| l.label()).collect();
        vec![
            i.domain.clone(),
            i.first.clone(),
            i.second.clone(),
            i.content.clone(),
            i.basis.clone(),
            i.time_limit.clone(),
            i.subject.clone(),
            channels.join("、"),
            i.audience.label().to_owned(),
            i.method.label().to_owned(),
            levels.join("、"),
        ]
    });
    crate::csv::table(&header, rows)
}
