//! Reading a Word document (.docx, as Word and WPS save it) into the fields of a
//! document: the 公文 parts recognised — the issuing office's red header left out, the
//! 文号, the title (the large, centred lines at the top), the 成文日期 and the
//! signature above it at the end, the "（此件公开发布）" note as a hint of the
//! disclosure attribute — and the body as text staff edit ([`gongkai_domain::body_text`]):
//! paragraphs, headings, list items and tables.

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;
use gongkai_domain::Invalid;
use gongkai_domain::docnum::DocNumber;
use quick_xml::Reader;
use quick_xml::events::Event;

/// What a Word file gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordDocument {
    pub title: String,
    pub doc_number: String,
    pub written_on: Option<NaiveDate>,
    /// The body as staff edit it.
    pub body: String,
    /// "proactive", "on_request" or "not_public" when the document says so.
    pub attribute: Option<&'static str>,
    pub paragraphs: usize,
    pub tables: usize,
}

/// A paragraph as the file has it.
#[derive(Debug, Clone, Default)]
struct Para {
    text: String,
    style: String,
    centred: bool,
    right: bool,
    /// Font size in half-points, the largest in the paragraph.
    size: u32,
    list: bool,
}

#[derive(Debug, Clone)]
enum Block {
    Para(Para),
    Table(Vec<Vec<String>>),
}

/// An uploaded .docx is at most this large when unpacked: a letter, not a library.
const MAX_XML_BYTES: u64 = 20 * 1024 * 1024;

fn invalid(msg: &str) -> Invalid {
    Invalid::new("file", msg.to_owned())
}

/// Reads a .docx.
pub fn read_docx(bytes: &[u8]) -> Result<WordDocument, Invalid> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(invalid(
            "不是 .docx 文件：请在 Word 或 WPS 中“另存为”Word 文档（*.docx）后再上传",
        ));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| invalid("Word 文件已损坏，无法打开"))?;
    let mut part = |name: &str| -> Result<Option<String>, Invalid> {
        let Ok(f) = zip.by_name(name) else {
            return Ok(None);
        };
        let mut s = String::new();
        f.take(MAX_XML_BYTES)
            .read_to_string(&mut s)
            .map_err(|_| invalid("Word 文件内容无法读取"))?;
        Ok(Some(s))
    };
    let document = part("word/document.xml")?
        .ok_or_else(|| invalid("不是 Word 文档：文件中没有正文（word/document.xml）"))?;
    let styles = part("word/styles.xml")?.unwrap_or_default();
    let blocks = parse_blocks(&document, &style_names(&styles))?;
    Ok(assemble(blocks))
}

/// Style ids to their names ("1" → "heading 1" in WPS, "Heading1" → "heading 1").
fn style_names(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut id = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                b"style" => id = attr(&e, b"styleId").unwrap_or_default(),
                b"name" if !id.is_empty() => {
                    if let Some(n) = attr(&e, b"val") {
                        out.insert(id.clone(), n.to_lowercase());
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

fn parse_blocks(xml: &str, styles: &HashMap<String, String>) -> Result<Vec<Block>, Invalid> {
    let mut r = Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut para: Option<Para> = None;
    let mut in_text = false;
    // Tables: rows of cells of text; nested tables are read into their cell.
    let mut table_depth = 0usize;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell: Option<String> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"p" => para = Some(Para::default()),
                b"t" => in_text = true,
                b"tbl" => {
                    table_depth += 1;
                    if table_depth == 1 {
                        rows.clear();
                    }
                }
                b"tr" if table_depth == 1 => rows.push(Vec::new()),
                b"tc" if table_depth == 1 => cell = Some(String::new()),
                _ => {}
            },
            Ok(Event::Empty(e)) => {
                let Some(p) = para.as_mut() else { continue };
                match e.local_name().as_ref() {
                    b"pStyle" => {
                        let id = attr(&e, b"val").unwrap_or_default();
                        p.style = styles.get(&id).cloned().unwrap_or(id.to_lowercase());
                    }
                    b"jc" => match attr(&e, b"val").as_deref() {
                        Some("center") => p.centred = true,
                        Some("right" | "end") => p.right = true,
                        _ => {}
                    },
                    b"sz" => {
                        let s = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                        p.size = p.size.max(s);
                    }
                    b"numPr" | b"ilvl" => p.list = true,
                    b"tab" => p.text.push(' '),
                    b"br" | b"cr" => p.text.push('\n'),
                    _ => {}
                }
            }
            Ok(Event::Text(t)) if in_text => {
                if let Some(p) = para.as_mut() {
                    let text = t
                        .decode()
                        .map_err(|_| invalid("Word 文件中有无法识别的文字编码"))?;
                    p.text
                        .push_str(&quick_xml::escape::unescape(&text).unwrap_or(text.clone()));
                }
            }
            Ok(Event::GeneralRef(e)) if in_text => {
                if let Some(p) = para.as_mut() {
                    let name = String::from_utf8_lossy(&e).into_owned();
                    let c = match name.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    };
                    p.text.push_str(c);
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    if let Some(p) = para.take() {
                        match cell.as_mut() {
                            Some(c) => {
                                if !c.is_empty() && !p.text.trim().is_empty() {
                                    c.push(' ');
                                }
                                c.push_str(p.text.trim());
                            }
                            None => {
                                // A line break inside a paragraph makes lines of their own.
                                for line in p.text.split('\n') {
                                    blocks.push(Block::Para(Para {
                                        text: line.trim().to_owned(),
                                        ..p.clone()
                                    }));
                                }
                            }
                        }
                    }
                }
                b"tc" if table_depth == 1 => {
                    if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
                        row.push(c);
                    }
                }
                b"tbl" => {
                    table_depth = table_depth.saturating_sub(1);
                    if table_depth == 0 {
                        blocks.push(Block::Table(std::mem::take(&mut rows)));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(_) => return Err(invalid("Word 文件内容有误，无法读取")),
            _ => {}
        }
    }
    Ok(blocks)
}

/// A date as 公文 write it: "2025年3月4日", or in Chinese numerals "二〇二五年三月四日".
fn date_line(s: &str) -> Option<NaiveDate> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let num = |x: &str| -> Option<u32> {
        if let Ok(n) = x.parse() {
            return Some(n);
        }
        // 〇一二…九 digit by digit for years; 十, 二十, 三十一 for months and days.
        let digit = |c: char| {
            "〇一二三四五六七八九"
                .chars()
                .position(|d| d == c || (c == '零' && d == '〇'))
        };
        if !x.contains('十') {
            return x
                .chars()
                .try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)? as u32));
        }
        let (tens, ones) = x.split_once('十')?;
        let tens = if tens.is_empty() {
            1
        } else {
            digit(tens.chars().next()?)? as u32
        };
        let ones = if ones.is_empty() {
            0
        } else {
            digit(ones.chars().next()?)? as u32
        };
        Some(tens * 10 + ones)
    };
    NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)
}

/// The disclosure note at the foot of a 公文.
fn attribute_note(s: &str) -> Option<&'static str> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = t
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    match inner {
        "此件公开发布" | "此件主动公开" => Some("proactive"),
        "此件依申请公开" => Some("on_request"),
        "此件不予公开" | "此件不公开" => Some("not_public"),
        _ => None,
    }
}

fn heading_level(style: &str) -> Option<usize> {
    let s = style.replace(' ', "");
    ["heading1", "标题1"]
        .iter()
        .any(|h| s == *h)
        .then_some(1)
        .or_else(|| ["heading2", "标题2"].iter().any(|h| s == *h).then_some(2))
        .or_else(|| ["heading3", "标题3"].iter().any(|h| s == *h).then_some(3))
}

fn assemble(blocks: Vec<Block>) -> WordDocument {
    let mut out = WordDocument::default();
    let mut paras: Vec<(usize, Para)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if let Block::Para(p) = b
            && !p.text.is_empty()
        {
            paras.push((i, p.clone()));
        }
    }
    let mut dropped = vec![false; blocks.len()];
    // The head: within the first lines, a red header ("…文件"), the 文号, the title.
    let head: Vec<(usize, Para)> = paras.iter().take(8).cloned().collect();
    for (i, p) in &head {
        if p.text.ends_with("文件") && p.centred && out.doc_number.is_empty() {
            dropped[*i] = true;
        } else if out.doc_number.is_empty()
            && p.text.chars().count() <= 30
            && let Ok(n) = DocNumber::parse(&p.text)
        {
            out.doc_number = n.normalized().to_owned();
            dropped[*i] = true;
        }
    }
    // The title: the first run of centred lines set larger than the body (or styled
    // Title), joined; a long title is often broken by hand into two lines.
    let body_size = {
        let mut sizes: Vec<u32> = paras
            .iter()
            .map(|(_, p)| p.size)
            .filter(|s| *s > 0)
            .collect();
        sizes.sort_unstable();
        sizes.get(sizes.len() / 2).copied().unwrap_or(0)
    };
    let is_title = |p: &Para| {
        p.style.contains("title") || p.style == "标题" || (p.centred && p.size > body_size)
    };
    let mut title = String::new();
    for (i, p) in &head {
        if dropped[*i] {
            continue;
        }
        if is_title(p) {
            title.push_str(&p.text);
            dropped[*i] = true;
        } else if !title.is_empty() {
            break;
        }
    }
    if title.is_empty()
        && let Some((i, p)) = paras.iter().find(|(i, _)| !dropped[*i])
        && p.centred
    {
        title = p.text.clone();
        dropped[*i] = true;
    }
    out.title = title;
    // The foot: the disclosure note, the date, the signature right before it.
    for (i, p) in paras.iter().rev().take(6) {
        if let Some(a) = attribute_note(&p.text) {
            out.attribute = Some(a);
            dropped[*i] = true;
        } else if out.written_on.is_none()
            && let Some(d) = date_line(&p.text)
        {
            out.written_on = Some(d);
            dropped[*i] = true;
            // The signature: the non-empty line just above, short and not a sentence.
            if let Some((j, s)) = paras.iter().rev().find(|(j, _)| *j < *i)
                && s.text.chars().count() <= 30
                && !s.text.ends_with(['。', '：', ':', '；'])
            {
                dropped[*j] = true;
            }
        }
    }
    // The body.
    let mut lines: Vec<String> = Vec::new();
    for (i, b) in blocks.into_iter().enumerate() {
        if dropped[i] {
            continue;
        }
        match b {
            Block::Para(p) if p.text.is_empty() => {}
            Block::Para(p) => {
                out.paragraphs += 1;
                lines.push(match heading_level(&p.style) {
                    Some(n) => format!("{} {}", "#".repeat(n), p.text),
                    None if p.list => format!("- {}", p.text),
                    None => p.text,
                });
            }
            Block::Table(rows) => {
                out.tables += 1;
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| c.replace('|', "｜")).collect();
                    lines.push(format!("| {} |", cells.join(" | ")));
                }
                // A blank line ends the table before the next paragraph.
                lines.push(String::new());
            }
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    out.body = lines.join("\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_documents_write_them() {
        assert_eq!(
            date_line("2025年3月4日"),
            NaiveDate::from_ymd_opt(2025, 3, 4)
        );
        assert_eq!(
            date_line("二〇二五年十二月三十一日"),
            NaiveDate::from_ymd_opt(2025, 12, 31)
        );
        assert_eq!(
            date_line("2025 年 3 月 14 日"),
            NaiveDate::from_ymd_opt(2025, 3, 14)
        );
        assert_eq!(
            date_line("二〇二五年三月十日"),
            NaiveDate::from_ymd_opt(2025, 3, 10)
        );
        assert_eq!(date_line("关于2025年工作"), None);
    }

    #[test]
    fn what_is_not_a_docx_is_refused_in_chinese() {
        let e = read_docx(b"\xD0\xCF\x11\xE0 old .doc").unwrap_err();
        assert!(e.message.contains("另存为"), "{}", e.message);
        assert!(read_docx(b"PK\x03\x04 broken").is_err());
    }
}
