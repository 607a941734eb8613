//! Reading a county or township catalog table the way they are published, from a grid
//! of cell text: a title row, one or two header rows with line breaks and spaces inside
//! the headings ("主\n动", "公开内容\n（要素）"), group headings merged over tick columns,
//! 一级事项 merged down over its 二级事项; several tables stacked in one sheet, each
//! under its own title; one sheet holding many areas with 一级事项 naming the area; the
//! same 二级事项 on several rows that differ in 公开内容; an optional 三级事项 column;
//! text where a tick is expected; channels ticked with ■/□ inside one cell; "同上";
//! cells holding only a full-width space; one item spread over two rows; notes under the
//! table. The file format (xlsx) is read elsewhere; this is pure.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Audience, Channel, Level, Method, RawItem, clean_name, clean_text};

/// One cell: its text, and where its merged region starts (itself when not merged).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// Row and column of the first cell of the merged region this cell belongs to.
    pub origin: (usize, usize),
}

/// One sheet as text, merged regions filled from their first cell.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// A sheet from plain rows with no merged cells (for tests and CSV-like input).
    pub fn plain(name: &str, rows: &[&[&str]]) -> Sheet {
        Self::from_rows(
            name,
            rows.iter()
                .map(|row| row.iter().map(|t| (*t).to_owned()).collect())
                .collect(),
        )
    }

    /// A sheet from rows of text read elsewhere (CSV), with no merged cells.
    pub fn from_rows(name: &str, rows: Vec<Vec<String>>) -> Sheet {
        Sheet {
            name: name.to_owned(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(r, row)| {
                    row.into_iter()
                        .enumerate()
                        .map(|(c, text)| Cell {
                            text,
                            origin: (r, c),
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// What the reader knows beforehand: the area names it can recognise inside a title
/// ("复兴镇社会救助领域…目录" names 社会救助), and the importing organisation's names,
/// which titles put first.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub areas: Vec<String>,
    pub org_names: Vec<String>,
}

/// A problem, warning or skipped row, at a sheet's row (counted from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub sheet: String,
    pub row: u32,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.sheet.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(
                f,
                "工作表“{}”第{}行：{}",
                self.sheet, self.row, self.message
            )
        }
    }
}

/// How a table's rows got their area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum AreaSource {
    /// A 领域 column.
    Column,
    /// The title above the table ("…社会救助领域基层政务公开标准目录").
    Title(String),
    /// The sheet's name.
    SheetName(String),
    /// No area named anywhere else: 一级事项 names it, row by row.
    FirstLevel,
}

impl AreaSource {
    pub fn describe(&self) -> String {
        match self {
            AreaSource::Column => "按“领域”列".into(),
            AreaSource::Title(t) => format!("按表题：{t}"),
            AreaSource::SheetName(n) => format!("按工作表名：{n}"),
            AreaSource::FirstLevel => "按一级事项（一张表含多个领域）".into(),
        }
    }
}

/// One table found in a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableInfo {
    pub sheet: String,
    /// The (first) header row, from 1.
    pub header_row: u32,
    pub area: AreaSource,
    /// The headings recognised, normalised, in column order.
    pub columns: Vec<String>,
}

/// One item as read, with the rows it came from (from 1; two when it was spread over two).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadItem {
    pub sheet: String,
    pub first_row: u32,
    pub last_row: u32,
    pub raw: RawItem,
}

/// Everything read from a workbook.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub items: Vec<ReadItem>,
    pub tables: Vec<TableInfo>,
    /// Problems that keep the table from being imported.
    pub errors: Vec<Finding>,
    /// What an item lacks; it is imported anyway.
    pub warnings: Vec<Finding>,
    /// Rows that are not items (titles, notes under the table), and why.
    pub skipped: Vec<Finding>,
}

/// A heading as compared: full-width forms folded, every space and line break removed.
pub fn normalise_heading(s: &str) -> String {
    super::time_rule::fold(s)
}

/// A data cell as compared: blank when it holds only spaces of any width.
fn blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || c == '\u{a0}')
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
enum Col {
    Seq,
    Domain,
    First,
    Second,
    Third,
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

impl Col {
    fn is_tick(&self) -> bool {
        matches!(
            self,
            Col::ChannelTick(_) | Col::AudienceTick(_) | Col::MethodTick(_) | Col::LevelTick(_)
        )
    }
}

/// What a column is, from its heading and (for grouped columns) its sub-heading, both
/// normalised.
fn classify(top: &str, sub: &str) -> Option<Col> {
    let both = format!("{top}{sub}");
    let grouped = !sub.is_empty() && sub != top;
    let tick = |t: &str| t.to_owned();
    Some(if both.contains("一级") {
        Col::First
    } else if both.contains("二级") {
        Col::Second
    } else if both.contains("三级") {
        Col::Third
    } else if top.contains("序号") || top == "序" {
        Col::Seq
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
            Col::ChannelTick(tick(sub))
        } else {
            Col::ChannelText
        }
    } else if top.contains("对象") {
        if grouped {
            Col::AudienceTick(tick(sub))
        } else {
            Col::AudienceText
        }
    } else if top.contains("方式") && !top.contains("五公开") {
        if grouped {
            Col::MethodTick(tick(sub))
        } else {
            Col::MethodText
        }
    } else if top.contains("层级") {
        if grouped {
            Col::LevelTick(tick(sub))
        } else {
            Col::LevelText
        }
    } else if top.contains("事项") && !top.contains("说明") {
        Col::First
    } else {
        return None;
    })
}

/// Headings that make a row a header row; four distinct ones are needed.
const HEADINGS: [&[&str]; 8] = [
    &["公开事项", "一级事项", "二级事项"],
    &["公开内容"],
    &["公开依据"],
    &["公开时限"],
    &["公开主体"],
    &["公开渠道", "载体"],
    &["公开对象"],
    &["公开方式"],
];

fn is_header(row: &[Cell]) -> bool {
    let texts: Vec<String> = row.iter().map(|c| normalise_heading(&c.text)).collect();
    HEADINGS
        .iter()
        .filter(|alts| texts.iter().any(|t| alts.iter().any(|a| t.contains(a))))
        .count()
        >= 4
}

/// Sub-headings that make the row under a header its second header row: at least two,
/// and no cell as long as an item's text (a data row can say "全社会" too).
fn is_sub_header(row: &[Cell]) -> bool {
    let texts: Vec<String> = row.iter().map(|c| normalise_heading(&c.text)).collect();
    let hits = texts
        .iter()
        .filter(|t| {
            t.contains("一级事项")
                || t.contains("二级事项")
                || t.contains("三级事项")
                || *t == "全社会"
                || t.starts_with("特定")
                || *t == "主动"
                || *t == "主动公开"
                || t.starts_with("依申请")
                || matches!(t.as_str(), "县级" | "乡级" | "村级" | "镇级" | "区级")
                || Channel::recognise(t).is_some() && t.chars().count() <= 12
        })
        .count();
    hits >= 2 && texts.iter().all(|t| t.chars().count() <= 20)
}

/// A mark that means "ticked"; `None` when the text is not a bare mark.
fn mark(t: &str) -> Option<bool> {
    match t {
        "√" | "✓" | "✔" | "●" | "■" | "☑" | "是" | "1" | "Y" | "y" | "v" | "V" | "○" | "有" => {
            Some(true)
        }
        "×" | "✗" | "否" | "-" | "—" | "——" | "0" | "无" | "/" | "□" | "☐" | "口" => {
            Some(false)
        }
        _ => None,
    }
}

/// A tick cell: not ticked, ticked, or ticked with text ("√拟征收土地所在地的村集体成员"
/// keeps the text after the mark).
fn tick(cell: &str) -> Option<Option<String>> {
    let t = cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if t.is_empty() {
        return None;
    }
    if let Some(m) = mark(t) {
        return m.then_some(None);
    }
    let first = t.chars().next().unwrap_or(' ');
    if mark(&first.to_string()) == Some(true) {
        let rest = t[first.len_utf8()..].trim();
        return Some((!rest.is_empty()).then(|| rest.to_owned()));
    }
    Some(Some(t.to_owned()))
}

/// Channels written in one cell with boxes: "■政府网站 □政府公报 ■公开查阅点", or the
/// same with 口 for □ and t for ■ (Wingdings glyphs that lost their font). Without
/// boxes, every named channel counts. Returns the ticked parts.
fn boxed_channels(cell: &str) -> Vec<String> {
    let ticked_box = |c: char| matches!(c, '■' | '☑' | '√' | '✓' | '✔' | '●');
    let empty_box = |c: char| matches!(c, '□' | '☐' | '○');
    let chars: Vec<char> = cell.chars().collect();
    // 口 and t are boxes only where a channel name follows at the start of a part.
    let is_box = |i: usize| {
        let c = chars[i];
        if ticked_box(c) || empty_box(c) {
            return true;
        }
        let at_start = i == 0 || chars[i - 1].is_whitespace() || {
            let p = chars[i - 1];
            ticked_box(p) || empty_box(p)
        };
        let next_is_name = chars
            .get(i + 1)
            .is_some_and(|n| !n.is_ascii() && !n.is_whitespace());
        (c == '口' || c == 't') && at_start && next_is_name
    };
    if !(0..chars.len()).any(is_box) {
        return vec![cell.to_owned()];
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_box(i) {
            let on = ticked_box(chars[i]) || chars[i] == 't';
            let mut j = i + 1;
            while j < chars.len() && !is_box(j) {
                j += 1;
            }
            let part: String = chars[i + 1..j].iter().collect();
            let part = part.trim();
            if on && !part.is_empty() {
                out.push(part.to_owned());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The area a title names: the text before 领域, numbering and the organisation's name
/// taken off, and a known area recognised at its end ("复兴镇社会救助" → 社会救助).
fn area_in_title(title: &str, hints: &Hints) -> Option<String> {
    let t = normalise_heading(title);
    let before = &t[..t.find("领域")?];
    // "(一)", "一、", "1."
    let mut s =
        before.trim_start_matches(|c: char| "()（）一二三四五六七八九十、.0123456789".contains(c));
    let mut longest: Option<&String> = None;
    for a in &hints.areas {
        if s.ends_with(a.as_str()) && longest.is_none_or(|l| a.chars().count() > l.chars().count())
        {
            longest = Some(a);
        }
    }
    if let Some(a) = longest {
        return Some(a.clone());
    }
    for name in &hints.org_names {
        if let Some(rest) = s.strip_prefix(name.as_str()).filter(|r| !r.is_empty()) {
            s = rest;
        }
    }
    // A place name before the area ("青石镇城乡规划"): two or more characters and 镇, 乡,
    // 街道, 县, 区 or 市 — not the 乡 of 城乡.
    let chars: Vec<char> = s.chars().collect();
    for (i, c) in chars.iter().enumerate().take(10).skip(2) {
        if matches!(c, '镇' | '乡' | '县' | '区' | '市' | '道') && i + 1 < chars.len() {
            let rest: String = chars[i + 1..].iter().collect();
            let place: String = chars[..=i].iter().collect();
            if !rest.is_empty() && hints.areas.iter().all(|a| !a.starts_with(&place)) {
                s = &s[s.len() - rest.len()..];
                break;
            }
        }
    }
    (!s.is_empty()).then(|| s.to_owned())
}

/// The area a sheet's name gives, unless the name is a title or a default name.
fn area_in_sheet_name(name: &str, hints: &Hints) -> Option<String> {
    let n = normalise_heading(name);
    if n.contains("领域") {
        return area_in_title(&n, hints);
    }
    let generic = ["目录", "标准", "Sheet", "sheet", "工作表", "表"];
    if n.is_empty() || n.chars().count() > 20 || generic.iter().any(|g| n.contains(g)) {
        return None;
    }
    Some(n)
}

/// One table's columns.
struct Layout {
    cols: Vec<Option<Col>>,
    has_domain: bool,
    first_data: usize,
    headings: Vec<String>,
}

fn layout(sheet: &Sheet, h: usize) -> Layout {
    let rows = &sheet.rows;
    let two = rows.get(h + 1).is_some_and(|r| is_sub_header(r));
    let width = rows[h].len().max(rows.get(h + 1).map_or(0, Vec::len));
    let text = |r: usize, c: usize| {
        rows.get(r)
            .and_then(|row| row.get(c))
            .map(|cell| normalise_heading(&cell.text))
            .unwrap_or_default()
    };
    let mut headings = Vec::new();
    let cols: Vec<Option<Col>> = (0..width)
        .map(|c| {
            let top = text(h, c);
            let sub = if two { text(h + 1, c) } else { String::new() };
            let col = classify(&top, &sub);
            if col.is_some() {
                headings.push(if sub.is_empty() || sub == top {
                    top
                } else {
                    format!("{top}·{sub}")
                });
            }
            col
        })
        .collect();
    Layout {
        has_domain: cols.contains(&Some(Col::Domain)),
        cols,
        first_data: h + if two { 2 } else { 1 },
        headings,
    }
}

/// A row's cells by what they hold, "同上" resolved.
#[derive(Debug, Clone, Default)]
struct Cells {
    seq: String,
    domain: String,
    first: String,
    second: String,
    third: String,
    content: String,
    basis: String,
    time_limit: String,
    subject: String,
    channels: Vec<String>,
    other_channels: Vec<String>,
    audience: Vec<String>,
    method: Vec<String>,
    levels: Vec<String>,
    tick_notes: BTreeMap<String, String>,
    /// Whether any cell other than 序号 holds something.
    any: bool,
}

fn is_same_as_above(t: &str) -> bool {
    matches!(
        t.trim_end_matches(['。', '.']),
        "同上" | "同上栏" | "同上一行"
    )
}

fn read_cells(row: &[Cell], l: &Layout, above: &BTreeMap<usize, String>) -> Cells {
    let mut out = Cells::default();
    for (c, col) in l.cols.iter().enumerate() {
        let Some(col) = col else { continue };
        let raw = row.get(c).map_or("", |cell| cell.text.as_str());
        let v = if is_same_as_above(raw.trim()) {
            above.get(&c).map_or("", String::as_str)
        } else {
            raw
        };
        if blank(v) {
            continue;
        }
        if *col != Col::Seq {
            out.any = true;
        }
        let v = v.to_owned();
        match col {
            Col::Seq => out.seq = clean_name(&v),
            Col::Domain => out.domain = v,
            Col::First => out.first = v,
            Col::Second => out.second = v,
            Col::Third => out.third = v,
            Col::Content => out.content = v,
            Col::Basis => out.basis = v,
            Col::TimeLimit => out.time_limit = v,
            Col::Subject => out.subject = v,
            Col::ChannelText => out.channels.extend(boxed_channels(&v)),
            Col::AudienceText => {
                // "特定群体（参建单位及相关职能部门）": the aside is the note.
                for (value, note) in asides(&v) {
                    if let (Some(a), Some(n)) = (Audience::recognise(&value), note) {
                        out.tick_notes.insert(a.label().to_owned(), n);
                    }
                    out.audience.push(value);
                }
            }
            Col::MethodText => out.method.push(v),
            Col::LevelText => out.levels.push(v),
            Col::ChannelTick(name)
            | Col::AudienceTick(name)
            | Col::MethodTick(name)
            | Col::LevelTick(name) => {
                let Some(note) = tick(&v) else { continue };
                let is_other = *name == "其他" || name.starts_with("其他");
                match (col, note) {
                    (Col::ChannelTick(_), Some(text)) if is_other => out.other_channels.push(text),
                    (Col::ChannelTick(_), None) if is_other => {
                        out.channels.push(Channel::OtherChannel.label().to_owned())
                    }
                    (_, note) => {
                        let list = match col {
                            Col::ChannelTick(_) => &mut out.channels,
                            Col::AudienceTick(_) => &mut out.audience,
                            Col::MethodTick(_) => &mut out.method,
                            _ => &mut out.levels,
                        };
                        list.push(name.clone());
                        if let Some(text) = note {
                            out.tick_notes.insert(canonical(col, name), text);
                        }
                    }
                }
            }
        }
    }
    out
}

/// The heading a tick column's note is kept under: the fixed list's own label where the
/// table wrote a variant ("特定群众" for 特定群体), so that export writes it back.
fn canonical(col: &Col, name: &str) -> String {
    let label = match col {
        Col::ChannelTick(_) => Channel::recognise(name).map(Channel::label),
        Col::AudienceTick(_) => Audience::recognise(name).map(Audience::label),
        Col::MethodTick(_) => Method::recognise(name).map(Method::label),
        Col::LevelTick(_) => {
            let levels = Level::recognise(name);
            (levels.len() == 1)
                .then(|| levels.iter().next().map(|l| l.label()))
                .flatten()
        }
        _ => None,
    };
    label.map_or_else(|| name.to_owned(), str::to_owned)
}

/// The parts of a text cell ("全社会、特定群体（参建单位）"), each with its bracketed aside.
fn asides(cell: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut part = String::new();
    let mut aside = String::new();
    let flush = |part: &mut String, aside: &mut String, out: &mut Vec<(String, Option<String>)>| {
        let p = part.trim().to_owned();
        if !p.is_empty() {
            let a = aside.trim().to_owned();
            out.push((p, (!a.is_empty()).then_some(a)));
        }
        part.clear();
        aside.clear();
    };
    for c in cell.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            '、' | '，' | ',' | '；' | ';' | '\n' | ' ' | '\u{3000}' if depth == 0 => {
                flush(&mut part, &mut aside, &mut out)
            }
            _ if depth > 0 => aside.push(c),
            _ => part.push(c),
        }
    }
    flush(&mut part, &mut aside, &mut out);
    out
}

/// The text a row holds when it is not an item: the same text across the table (a title
/// or a note merged over the columns), or one text in the first two columns only.
fn lone_text(row: &[Cell], l: &Layout) -> Option<String> {
    let filled: Vec<(usize, &str)> = row
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.text.trim()))
        .filter(|(_, t)| !blank(t))
        .collect();
    let (_, first) = *filled.first()?;
    let all_same = filled.iter().all(|(_, t)| *t == first);
    let across = filled.len() >= 3 && all_same;
    let leading = filled.len() == 1 && filled[0].0 <= 1;
    let ticks_empty = l
        .cols
        .iter()
        .enumerate()
        .filter(|(_, c)| c.as_ref().is_some_and(Col::is_tick))
        .all(|(i, _)| {
            row.get(i)
                .is_none_or(|c| blank(&c.text) || c.text.trim() == first)
        });
    ((across || leading) && ticks_empty).then(|| first.to_owned())
}

/// A table's title: "…领域基层政务公开标准目录", "…标准目录（修订版）"; not a note that
/// mentions the catalog ("注：本目录根据…").
fn is_title(t: &str) -> bool {
    let n = normalise_heading(t);
    let note = ["注", "说明", "备注", "填表"]
        .iter()
        .any(|w| n.starts_with(w));
    // "…目录(修订版)", "…目录(试行)": the bracket after the title.
    let core = match n.strip_suffix(')') {
        Some(inner) => inner.rsplit_once('(').map_or(n.as_str(), |(head, _)| head),
        None => n.as_str(),
    };
    !note && n.chars().count() <= 60 && (core.ends_with("目录") || core.ends_with("目录表"))
}

/// A short heading row inside a table ("一、社会救助", "（二）扶贫领域") names the area
/// of the rows below it; notes ("注：…", sentences) do not.
fn section_heading(t: &str) -> Option<String> {
    let n = normalise_heading(t);
    let n = n.trim_start_matches(|c: char| "()（）一二三四五六七八九十、.0123456789".contains(c));
    let n = n.strip_suffix("领域").unwrap_or(n);
    let note = ["注", "说明", "备注", "填表", "制表"]
        .iter()
        .any(|w| n.starts_with(w));
    (!n.is_empty() && n.chars().count() <= 12 && !note && !n.contains(['。', ':', '：', ',', '，']))
        .then(|| n.to_owned())
}

fn join_new(into: &mut String, more: &str, sep: &str) {
    if more.is_empty() || into.split(sep).any(|p| p == more) {
        return;
    }
    if !into.is_empty() {
        into.push_str(sep);
    }
    into.push_str(more);
}

/// Adds a continuation row to the item above it.
fn merge_into(raw: &mut RawItem, c: Cells) {
    join_new(&mut raw.time_limit, &clean_text(&c.time_limit), "\n");
    join_new(&mut raw.basis, &clean_text(&c.basis), "\n");
    join_new(&mut raw.subject, &clean_name(&c.subject), "、");
    raw.channels.extend(c.channels);
    raw.other_channels.extend(c.other_channels);
    for a in c.audience {
        join_new(&mut raw.audience, &a, "、");
    }
    for m in c.method {
        join_new(&mut raw.method, &m, "、");
    }
    raw.levels.extend(c.levels);
    for (k, v) in c.tick_notes {
        raw.tick_notes.entry(k).or_insert(v);
    }
}

/// Whether a row only continues the item above: it names no other item (its names and
/// content are blank or the same, its 序号 blank or the same) but adds columns.
fn continues(c: &Cells, prev: &Cells) -> bool {
    let same = |a: &str, b: &str| blank(a) || clean_text(a) == clean_text(b);
    !blank(&prev.content)
        && same(&c.first, &prev.first)
        && same(&c.second, &prev.second)
        && same(&c.third, &prev.third)
        && same(&c.content, &prev.content)
        && same(&c.seq, &prev.seq)
        && !(blank(&c.content)
            && blank(&c.time_limit)
            && c.audience.is_empty()
            && c.channels.is_empty())
}

/// Reads every table of every sheet.
pub fn read(sheets: &[Sheet], hints: &Hints) -> Reading {
    let mut out = Reading::default();
    for sheet in sheets {
        read_sheet(sheet, hints, &mut out);
    }
    if out.items.is_empty() && out.errors.is_empty() {
        out.errors.push(Finding {
            sheet: String::new(),
            row: 0,
            message: "文件中没有找到目录表格（应有含“公开事项”“公开内容”“公开时限”等列的表头）"
                .into(),
        });
    }
    // The same item (area, names and content) twice is a copying slip.
    // (area, 一级, 二级, 三级, content) → where it was first seen.
    type Key = (String, String, String, String, String);
    let mut seen: BTreeMap<Key, (String, u32)> = BTreeMap::new();
    for it in &out.items {
        let r = &it.raw;
        let key = (
            clean_name(&r.domain),
            clean_name(&r.first),
            clean_name(&r.second),
            clean_name(&r.third),
            clean_text(&r.content),
        );
        if let Some((s, row)) = seen.get(&key) {
            out.errors.push(Finding {
                sheet: it.sheet.clone(),
                row: it.first_row,
                message: format!("与工作表“{s}”第{row}行的事项重复（事项名称和公开内容都相同）"),
            });
        } else {
            seen.insert(key, (it.sheet.clone(), it.first_row));
        }
    }
    out
}

fn read_sheet(sheet: &Sheet, hints: &Hints, out: &mut Reading) {
    let find = |row: usize, message: String| Finding {
        sheet: sheet.name.clone(),
        row: row as u32 + 1,
        message,
    };
    let rows = &sheet.rows;
    let mut r = 0;
    let mut table: Option<(Layout, AreaSource)> = None;
    // Text rows seen since the last table, the nearest last: a title among them names
    // the next table's area.
    let mut titles: Vec<String> = Vec::new();
    let mut prev: Option<Cells> = None;
    let mut above: BTreeMap<usize, String> = BTreeMap::new();
    // The area a heading row inside the table names, for the rows below it.
    let mut section: Option<String> = None;
    let mut found_any = false;
    while r < rows.len() {
        let row = &rows[r];
        if is_header(row) {
            let l = layout(sheet, r);
            let has = |f: fn(&Col) -> bool| l.cols.iter().flatten().any(f);
            let mut missing = Vec::new();
            if !has(|c| matches!(c, Col::First | Col::Second)) {
                missing.push("公开事项（一级事项或二级事项）");
            }
            if !has(|c| *c == Col::Content) {
                missing.push("公开内容（要素）");
            }
            if !missing.is_empty() {
                out.errors
                    .push(find(r, format!("缺少必需的列：{}", missing.join("、"))));
                table = None;
                found_any = true;
                r = l.first_data;
                continue;
            }
            for (label, f) in [
                ("公开依据", (|c: &Col| *c == Col::Basis) as fn(&Col) -> bool),
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
            ] {
                if !has(f) {
                    out.warnings
                        .push(find(r, format!("表格没有“{label}”列，各事项的{label}为空")));
                }
            }
            let from_title = titles.iter().rev().find_map(|t| area_in_title(t, hints));
            let from_sheet = area_in_sheet_name(&sheet.name, hints);
            let area = match (from_title, from_sheet) {
                _ if l.has_domain => AreaSource::Column,
                // "某县就业领域…目录" on a sheet named 就业: the sheet names the area.
                (Some(t), Some(n)) if t.ends_with(&n) => AreaSource::SheetName(n),
                (Some(t), _) => AreaSource::Title(t),
                (None, Some(n)) => AreaSource::SheetName(n),
                (None, None) => AreaSource::FirstLevel,
            };
            out.tables.push(TableInfo {
                sheet: sheet.name.clone(),
                header_row: r as u32 + 1,
                area: area.clone(),
                columns: l.headings.clone(),
            });
            r = l.first_data;
            table = Some((l, area));
            titles.clear();
            prev = None;
            above.clear();
            section = None;
            found_any = true;
            continue;
        }
        let Some((l, area)) = &table else {
            if let Some(t) = row.iter().map(|c| c.text.trim()).find(|t| !blank(t)) {
                titles.push(t.to_owned());
            }
            r += 1;
            continue;
        };
        if row.iter().all(|c| blank(&c.text)) {
            r += 1;
            continue;
        }
        if let Some(t) = lone_text(row, l) {
            // A title of the next table, a heading naming the area of the rows below,
            // or a note under the table.
            if is_title(&t) {
                titles.push(t);
            } else if let Some(a) = section_heading(&t) {
                section = Some(area_in_title(&format!("{a}领域"), hints).unwrap_or(a));
                // Written in the 一级事项 column, the heading is also the 一级事项 of
                // the rows below that leave it blank.
                let in_first = l.cols.iter().enumerate().any(|(i, c)| {
                    *c == Some(Col::First) && row.get(i).is_some_and(|x| x.text.trim() == t)
                });
                prev = Some(Cells {
                    first: if in_first { t.clone() } else { String::new() },
                    ..Cells::default()
                });
            } else {
                out.skipped
                    .push(find(r, format!("说明文字，不是事项：{}", short(&t))));
            }
            r += 1;
            continue;
        }
        let mut cells = read_cells(row, l, &above);
        for (c, cell) in row.iter().enumerate() {
            if !blank(&cell.text) && !is_same_as_above(cell.text.trim()) {
                above.insert(c, cell.text.clone());
            }
        }
        if !cells.any {
            r += 1;
            continue;
        }
        // A name left blank below a filled one belongs to it (the merge was lost).
        if let Some(p) = &prev {
            if blank(&cells.first) {
                cells.first = p.first.clone();
            }
            if blank(&cells.domain) {
                cells.domain = p.domain.clone();
            }
        }
        if let (Some(p), Some(last)) = (&prev, out.items.last_mut())
            && last.sheet == sheet.name
            && continues(&cells, p)
        {
            last.last_row = r as u32 + 1;
            merge_into(&mut last.raw, cells);
            r += 1;
            continue;
        }
        let domain = match (area, &section) {
            (AreaSource::Column, _) => cells.domain.clone(),
            (_, Some(s)) => s.clone(),
            (AreaSource::Title(a) | AreaSource::SheetName(a), None) => a.clone(),
            (AreaSource::FirstLevel, None) => cells.first.clone(),
        };
        let raw = RawItem {
            domain: clean_name(&domain),
            first: cells.first.clone(),
            second: cells.second.clone(),
            third: cells.third.clone(),
            content: cells.content.clone(),
            basis: cells.basis.clone(),
            time_limit: cells.time_limit.clone(),
            subject: cells.subject.clone(),
            channels: cells.channels.clone(),
            other_channels: cells.other_channels.clone(),
            audience: cells.audience.join("、"),
            method: cells.method.join("、"),
            levels: cells.levels.clone(),
            tick_notes: cells.tick_notes.clone(),
        };
        out.items.push(ReadItem {
            sheet: sheet.name.clone(),
            first_row: r as u32 + 1,
            last_row: r as u32 + 1,
            raw,
        });
        prev = Some(cells);
        r += 1;
    }
    if !found_any && rows.iter().flatten().any(|c| !blank(&c.text)) {
        out.errors.push(Finding {
            sheet: sheet.name.clone(),
            row: 1,
            message: "找不到表头（应含“公开事项”“公开内容”“公开时限”等列）".into(),
        });
    }
}

fn short(t: &str) -> String {
    let s: String = t.chars().take(30).collect();
    if t.chars().count() > 30 {
        format!("{s}…")
    } else {
        s
    }
}
