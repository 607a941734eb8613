//! .xlsx files staff and supervisors open in Excel, WPS or LibreOffice: the annual
//! report in the official layout (merged group cells, the official labels), and the
//! register (台账) of applications.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::report_view::ReportTables;

pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The page for a workbook that could not be written (logged; the user is asked to retry).
pub fn failed(e: XlsxError) -> crate::error::PageError {
    tracing::error!(error = %e, "xlsx failed");
    crate::error::PageError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "文件生成失败，请稍后再试。",
    )
}

struct Styles {
    title: Format,
    heading: Format,
    head: Format,
    cell: Format,
    number: Format,
    text: Format,
}

fn styles() -> Styles {
    let boxed = || {
        Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
    };
    Styles {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
        heading: Format::new().set_bold().set_font_size(12),
        head: boxed().set_bold().set_align(FormatAlign::Center),
        cell: boxed(),
        number: boxed().set_align(FormatAlign::Center),
        text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    }
}

/// Writes a merged cell, or a plain one when the range is a single cell (Excel
/// refuses one-cell merges).
fn put(
    ws: &mut Worksheet,
    r0: u32,
    c0: u16,
    r1: u32,
    c1: u16,
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    if r0 == r1 && c0 == c1 {
        ws.write_string_with_format(r0, c0, text, f)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, text, f)?;
    }
    Ok(())
}

/// The report on one sheet, nine columns wide (two label columns and the seven
/// applicant columns of section 三).
pub fn report(t: &ReportTables) -> Result<Vec<u8>, XlsxError> {
    let s = styles();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("{}年度报告", t.year))?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 30)?;
    for c in 2..=15 {
        ws.set_column_width(c, 11)?;
    }
    let mut row: u32 = 0;
    put(ws, row, 0, row, 8, &t.title, &s.title)?;
    row += 2;
    let paragraphs = |ws: &mut Worksheet,
                      row: &mut u32,
                      heading: &str,
                      paras: &[String]|
     -> Result<(), XlsxError> {
        ws.write_string_with_format(*row, 0, heading, &s.heading)?;
        *row += 1;
        for p in paras {
            put(ws, *row, 0, *row, 8, p, &s.text)?;
            ws.set_row_height(*row, 15.0 * (1 + p.chars().count() / 60) as f64)?;
            *row += 1;
        }
        *row += 1;
        Ok(())
    };
    paragraphs(ws, &mut row, "一、总体情况", &t.overview)?;

    ws.write_string_with_format(row, 0, "二、主动公开政府信息情况", &s.heading)?;
    row += 1;
    for b in &t.section2 {
        put(ws, row, 0, row, 8, b.title, &s.head)?;
        row += 1;
        let width = b.columns.len() as u16;
        // The item spans the two label columns; each figure column gets an even share
        // of the remaining seven.
        let span = 7 / (width - 1).max(1);
        put(ws, row, 0, row, 1, b.columns[0], &s.head)?;
        for (i, c) in b.columns[1..].iter().enumerate() {
            let c0 = 2 + i as u16 * span;
            put(ws, row, c0, row, c0 + span - 1, c, &s.head)?;
        }
        row += 1;
        for (item, figures) in &b.lines {
            put(ws, row, 0, row, 1, item, &s.cell)?;
            for (i, f) in figures.iter().enumerate() {
                let c0 = 2 + i as u16 * span;
                put(ws, row, c0, row, c0 + span - 1, f, &s.number)?;
            }
            row += 1;
        }
    }
    row += 1;

    ws.write_string_with_format(row, 0, "三、收到和处理政府信息公开申请情况", &s.heading)?;
    row += 1;
    put(
        ws,
        row,
        0,
        row + 2,
        1,
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        &s.head,
    )?;
    put(ws, row, 2, row, 8, "申请人情况", &s.head)?;
    put(ws, row + 1, 2, row + 2, 2, t.applicant_columns[0], &s.head)?;
    put(ws, row + 1, 3, row + 1, 7, "法人或其他组织", &s.head)?;
    put(ws, row + 1, 8, row + 2, 8, t.applicant_columns[6], &s.head)?;
    for (i, c) in t.org_columns.iter().enumerate() {
        ws.write_string_with_format(row + 2, 3 + i as u16, *c, &s.head)?;
    }
    row += 3;
    for l in &t.section3 {
        if let Some((g, n)) = &l.group {
            put(ws, row, 0, row + *n as u32 - 1, 0, g, &s.cell)?;
        }
        match l.counts {
            Some(c) => {
                if l.in_group {
                    ws.write_string_with_format(row, 1, &l.label, &s.cell)?;
                } else {
                    put(ws, row, 0, row, 1, &l.label, &s.cell)?;
                }
                for (i, n) in c.iter().enumerate() {
                    ws.write_number_with_format(row, 2 + i as u16, *n as f64, &s.number)?;
                }
            }
            None => put(ws, row, 0, row, 8, &l.label, &s.cell)?,
        }
        row += 1;
    }
    row += 1;

    ws.write_string_with_format(row, 0, "四、政府信息公开行政复议、行政诉讼情况", &s.heading)?;
    row += 1;
    // Fifteen figure columns, from column A.
    put(ws, row, 0, row + 1, 4, "行政复议", &s.head)?;
    put(ws, row, 5, row, 14, "行政诉讼", &s.head)?;
    put(ws, row + 1, 5, row + 1, 9, "未经复议直接起诉", &s.head)?;
    put(ws, row + 1, 10, row + 1, 14, "复议后起诉", &s.head)?;
    for (i, c) in t.section4_header.iter().enumerate() {
        ws.write_string_with_format(row + 2, i as u16, *c, &s.head)?;
    }
    for (i, n) in t.section4.iter().flatten().enumerate() {
        ws.write_number_with_format(row + 3, i as u16, *n as f64, &s.number)?;
    }
    row += 5;

    paragraphs(ws, &mut row, "五、存在的主要问题及改进情况", &t.problems)?;
    let mut other = vec![format!("本年度收取信息处理费{}。", t.fees_collected)];
    other.extend(t.other.iter().cloned());
    paragraphs(ws, &mut row, "六、其他需要报告的事项", &other)?;
    wb.save_to_buffer()
}

/// The register of applications: one row per case, a header row with Chinese labels.
pub fn register(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    table("政府信息公开申请台账", header, rows)
}

/// One sheet named `sheet`: a header row with Chinese labels, then the rows (forms
/// offered with a service guide, a village's list).
pub fn table(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    tables(&[(sheet, header, rows)])
}

/// A sheet of [`tables`]: its name, header and rows.
pub type Sheet<'a> = (&'a str, &'a [&'a str], &'a [Vec<String>]);

/// Several such sheets in one workbook, in order.
pub fn tables(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, XlsxError> {
    let s = styles();
    let mut wb = Workbook::new();
    for (sheet, header, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*sheet)?;
        for (i, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &s.head)?;
            ws.set_column_width(i as u16, if i == 2 { 40 } else { 14 })?;
        }
        for (r, cells) in rows.iter().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                ws.write_string_with_format(r as u32 + 1, c as u16, v, &s.cell)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}
