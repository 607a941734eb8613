//! Standard catalogs as county tables (.xlsx): the workbook read into sheets of text
//! with their merged regions (the table itself is read by
//! [`gongkai_domain::catalog::table`]), and catalogs written back in the common layout,
//! so that export then import gives the same catalog.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use gongkai_domain::catalog::table::{Cell, Sheet};
use gongkai_domain::catalog::{Audience, CatalogItem, Channel, Level, Method};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

fn text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// One sheet as a grid of text, merged regions filled from their first cell.
fn grid(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Sheet, String> {
    let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r1, c1) = range.end().unwrap_or((0, 0));
    let (rows, cols) = ((r1 + 1) as usize, (c1 + 1) as usize);
    let mut g: Vec<Vec<Cell>> = (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| Cell {
                    text: String::new(),
                    origin: (r, c),
                })
                .collect()
        })
        .collect();
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            g[r0 as usize + r][c0 as usize + c].text = text(cell);
        }
    }
    let merges: Vec<_> = wb
        .merged_regions_by_sheet(name)
        .into_iter()
        .map(|(_, _, d)| *d)
        .collect();
    for m in merges {
        let (sr, sc) = (m.start.0 as usize, m.start.1 as usize);
        let v = g
            .get(sr)
            .and_then(|row| row.get(sc))
            .map(|c| c.text.clone())
            .unwrap_or_default();
        let (er, ec) = (m.end.0 as usize, m.end.1 as usize);
        for row in g.iter_mut().take(er + 1).skip(sr) {
            for cell in row.iter_mut().take(ec + 1).skip(sc) {
                *cell = Cell {
                    text: v.clone(),
                    origin: (sr, sc),
                };
            }
        }
    }
    Ok(Sheet {
        name: name.to_owned(),
        rows: g,
    })
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

/// Reads every sheet of a workbook, after checking that it is a reasonable size.
pub fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    within_limits(bytes)?;
    let mut wb: Xlsx<Cursor<&[u8]>> =
        Xlsx::new(Cursor::new(bytes)).map_err(|_| "文件不是可读取的 .xlsx 表格".to_owned())?;
    wb.load_merged_regions()
        .map_err(|_| "文件不是可读取的 .xlsx 表格".to_owned())?;
    wb.sheet_names()
        .into_iter()
        .map(|name| grid(&mut wb, &name).map_err(|e| format!("工作表“{name}”无法读取：{e}")))
        .collect()
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

/// What a tick cell of `item` holds under `heading`: the note a table wrote there, a
/// tick, or nothing.
fn tick_cell(item: &CatalogItem, heading: &str, ticked: bool) -> String {
    match item.tick_notes.get(heading) {
        Some(note) if ticked => note.clone(),
        _ if ticked => "√".into(),
        _ => String::new(),
    }
}

/// Writes `items` as the county layout, one sheet per domain, titled for `owner`; a
/// 三级事项 column where a domain's items have one.
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
    for domain in order {
        let rows = &by_domain[domain];
        let third = rows.iter().any(|i| !i.third.is_empty());
        let mut levels = vec!["一级事项", "二级事项"];
        if third {
            levels.push("三级事项");
        }
        let text_cols = ["公开内容（要素）", "公开依据", "公开时限", "公开主体"];
        let n_levels = levels.len() as u16;
        let first_text = 1 + n_levels;
        let first_tick = first_text + text_cols.len() as u16;
        let ws = wb.add_worksheet();
        ws.set_name(domain)?;
        let width = first_tick + groups().iter().map(|(_, s)| s.len() as u16).sum::<u16>();
        ws.merge_range(
            0,
            0,
            0,
            width - 1,
            &format!("{owner}{domain}领域基层政务公开标准目录"),
            &title,
        )?;
        // Header: 公开事项 over the levels; the other text columns span both rows.
        ws.merge_range(1, 0, 2, 0, "序号", &head)?;
        ws.merge_range(1, 1, 1, n_levels, "公开事项", &head)?;
        for (k, l) in levels.iter().enumerate() {
            ws.write_string_with_format(2, 1 + k as u16, *l, &head)?;
            ws.set_column_width(1 + k as u16, 14.0)?;
        }
        for (k, name) in text_cols.iter().enumerate() {
            let c = first_text + k as u16;
            ws.merge_range(1, c, 2, c, name, &head)?;
        }
        ws.set_column_width(0, 6.0)?;
        for (k, w) in [30.0, 26.0, 20.0, 14.0].iter().enumerate() {
            ws.set_column_width(first_text + k as u16, *w)?;
        }
        let mut c = first_tick;
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
            let mut names = vec![&item.first, &item.second];
            if third {
                names.push(&item.third);
            }
            for (k, v) in names.iter().enumerate() {
                ws.write_string_with_format(r, 1 + k as u16, v.as_str(), &cell)?;
            }
            for (k, v) in [&item.content, &item.basis, &item.time_limit, &item.subject]
                .iter()
                .enumerate()
            {
                ws.write_string_with_format(r, first_text + k as u16, v.as_str(), &cell)?;
            }
            let mut c = first_tick;
            let mut put = |ws: &mut rust_xlsxwriter::Worksheet, v: String| {
                let res = ws.write_string_with_format(r, c, &v, &tick).map(|_| ());
                c += 1;
                res
            };
            for ch in Channel::ALL {
                let on = item.channels.contains(ch);
                let v = if on && *ch == Channel::OtherChannel && !item.other_channels.is_empty() {
                    item.other_channels.clone()
                } else {
                    tick_cell(item, ch.label(), on)
                };
                put(ws, v)?;
            }
            for a in Audience::ALL {
                put(ws, tick_cell(item, a.label(), item.audience.contains(a)))?;
            }
            for m in Method::ALL {
                put(ws, tick_cell(item, m.label(), item.method.contains(m)))?;
            }
            for l in Level::ALL {
                put(ws, tick_cell(item, l.label(), item.levels.contains(l)))?;
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

/// The catalog as CSV (UTF-8 with BOM): one row per item, lists joined with 、, notes
/// written in tick columns after the channel or audience they belong to.
pub fn csv(items: &[CatalogItem]) -> Vec<u8> {
    let header = [
        "公开领域",
        "一级事项",
        "二级事项",
        "三级事项",
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
        let with_note = |label: &str| match i.tick_notes.get(label) {
            Some(n) => format!("{label}（{n}）"),
            None => label.to_owned(),
        };
        let mut channels: Vec<String> = i
            .channels
            .iter()
            .filter(|c| **c != Channel::OtherChannel)
            .map(|c| with_note(c.label()))
            .collect();
        if !i.other_channels.is_empty() {
            channels.push(i.other_channels.clone());
        }
        let audience: Vec<String> = i.audience.iter().map(|a| with_note(a.label())).collect();
        vec![
            i.domain.clone(),
            i.first.clone(),
            i.second.clone(),
            i.third.clone(),
            i.content.clone(),
            i.basis.clone(),
            i.time_limit.clone(),
            i.subject.clone(),
            channels.join("、"),
            audience.join("、"),
            i.method_label(),
            i.levels_label(),
        ]
    });
    crate::csv::table(&header, rows)
}
