//! Catalog tables as townships and counties really lay them out, generated from
//! [`TOWNSHIP_ROWS`] in every layout the import must read: one sheet holding all the
//! areas with 一级事项 naming the area, a sheet per area, tables stacked under their own
//! titles, heading rows naming the area; headings with line breaks, spaces and
//! full-width forms; one or two header rows; 三级事项; ticks or text; channels boxed with
//! ■/□ in one cell; merged cells or blank repeats; full-width spaces in empty cells;
//! "同上"; notes under the table; an item spread over two rows.

use std::collections::BTreeSet;

use gongkai_domain::catalog::{Audience, Channel};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::catalog_rows::{SampleRow, TOWNSHIP_ROWS};

/// How areas are told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Areas {
    /// One sheet named after the catalog's title; 一级事项 is the area.
    FirstLevel,
    /// One sheet per area, named after it; 一级事项 is the row's 二级事项.
    SheetPerArea,
    /// One sheet; each area's table under its own title "（一）青石镇××领域基层政务公开标准目录".
    StackedTitles,
    /// One sheet, one header; a heading row "一、××" before each area's rows.
    HeadingRows,
}

/// One way of laying a table out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub name: &'static str,
    pub areas: Areas,
    pub title_row: bool,
    /// Tick columns under group headings (two header rows); otherwise text columns.
    pub ticks: bool,
    /// Headings written with line breaks, spaces and full-width spaces inside.
    pub messy_headings: bool,
    /// A 三级事项 column (FirstLevel only; the others shift the levels).
    pub third: bool,
    pub seq: bool,
    /// 一级事项 (and the continuation row's names) merged down; otherwise left blank
    /// below their first row.
    pub merged: bool,
    /// Channels as one cell "■政府网站 □政府公报 …" instead of tick columns.
    pub boxed_channels: bool,
    /// Empty cells hold a full-width space.
    pub fullwidth_blanks: bool,
    /// A basis repeated from the row above is written "同上".
    pub same_as_above: bool,
    /// Notes under the table.
    pub notes: bool,
}

const BASE: Layout = Layout {
    name: "",
    areas: Areas::FirstLevel,
    title_row: true,
    ticks: true,
    messy_headings: true,
    third: false,
    seq: true,
    merged: true,
    boxed_channels: false,
    fullwidth_blanks: false,
    same_as_above: false,
    notes: false,
};

/// Every layout the tests read, each a realistic combination.
pub fn layouts() -> Vec<Layout> {
    vec![
        Layout {
            name: "一张表多个领域，一级事项为领域，表头换行，合并单元格",
            ..BASE
        },
        Layout {
            name: "一张表多个领域，含三级事项，全角空格空单元格，表下说明",
            third: true,
            fullwidth_blanks: true,
            notes: true,
            ..BASE
        },
        Layout {
            name: "一张表多个领域，不合并单元格，一级事项只写首行，同上",
            merged: false,
            same_as_above: true,
            seq: false,
            ..BASE
        },
        Layout {
            name: "每个领域一个工作表，工作表名为领域",
            areas: Areas::SheetPerArea,
            messy_headings: false,
            ..BASE
        },
        Layout {
            name: "一个工作表内多个表格，各有表题",
            areas: Areas::StackedTitles,
            title_row: false,
            ..BASE
        },
        Layout {
            name: "领域标题行分隔，公开渠道为■□勾选文字",
            areas: Areas::HeadingRows,
            boxed_channels: true,
            ..BASE
        },
        Layout {
            name: "单行表头，公开对象、方式、层级写文字",
            ticks: false,
            boxed_channels: true,
            merged: false,
            title_row: false,
            ..BASE
        },
    ]
}

/// The item a row (and its continuation) should import as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub area: &'static str,
    pub second: &'static str,
    pub third: &'static str,
    pub content: &'static str,
    /// The time limits of its rows, in order.
    pub time_limits: Vec<&'static str>,
    pub audience: BTreeSet<Audience>,
    /// Text written under 特定群体 instead of a tick.
    pub group_note: Option<&'static str>,
}

/// Whether `r` continues the row before it: the same names and content.
fn continues(prev: Option<&SampleRow>, r: &SampleRow) -> bool {
    prev.is_some_and(|p| {
        p.area == r.area && p.second == r.second && p.third == r.third && p.content == r.content
    })
}

fn group_note(g: &'static str) -> Option<&'static str> {
    let t = g.trim_start_matches('√');
    (!t.is_empty()).then_some(t)
}

/// The items [`TOWNSHIP_ROWS`] should import as, in order.
pub fn expected() -> Vec<Expected> {
    let mut out: Vec<Expected> = Vec::new();
    let mut prev: Option<&SampleRow> = None;
    for r in TOWNSHIP_ROWS {
        let mut audience = BTreeSet::new();
        if r.everyone {
            audience.insert(Audience::Everyone);
        }
        if !r.group.is_empty() {
            audience.insert(Audience::Group);
        }
        match out.last_mut() {
            Some(last) if continues(prev, r) => {
                if !last.time_limits.contains(&r.time_limit) {
                    last.time_limits.push(r.time_limit);
                }
                last.audience.extend(audience);
                last.group_note = last.group_note.or(group_note(r.group));
            }
            _ => out.push(Expected {
                area: r.area,
                second: r.second,
                third: r.third,
                content: r.content,
                time_limits: vec![r.time_limit],
                audience,
                group_note: group_note(r.group),
            }),
        }
        prev = Some(r);
    }
    out
}

/// The areas of [`TOWNSHIP_ROWS`] in order.
pub fn areas() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in TOWNSHIP_ROWS {
        if out.last() != Some(&r.area) {
            out.push(r.area);
        }
    }
    out
}

/// The tick columns of channels: the standard list, then 其他.
fn channel_labels() -> Vec<&'static str> {
    Channel::ALL.iter().map(|c| c.label()).collect()
}

struct Writer<'a> {
    ws: &'a mut Worksheet,
    layout: Layout,
    row: u32,
}

const NUMERALS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十",
];

impl Writer<'_> {
    fn blank(&self) -> &'static str {
        if self.layout.fullwidth_blanks {
            "\u{3000}"
        } else {
            ""
        }
    }

    fn put(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        let text = if text.is_empty() { self.blank() } else { text };
        if !text.is_empty() {
            self.ws.write_string(row, col, text)?;
        }
        Ok(())
    }

    fn heading(&self, plain: &'static str, messy: &'static str) -> &'static str {
        if self.layout.messy_headings {
            messy
        } else {
            plain
        }
    }

    /// The name columns this layout writes: 一级, 二级 and perhaps 三级.
    fn levels(&self) -> usize {
        if self.layout.third { 3 } else { 2 }
    }

    fn width(&self) -> u16 {
        let l = &self.layout;
        let mut w = u16::from(l.seq) + self.levels() as u16 + 4;
        w += if l.boxed_channels {
            1
        } else {
            channel_labels().len() as u16
        };
        w += if l.ticks { 2 + 2 + 2 } else { 3 };
        w
    }

    fn merge_text(
        &mut self,
        r0: u32,
        c0: u16,
        r1: u32,
        c1: u16,
        text: &str,
    ) -> Result<(), XlsxError> {
        if r0 == r1 && c0 == c1 {
            self.ws.write_string(r0, c0, text)?;
        } else {
            self.ws.merge_range(r0, c0, r1, c1, text, &Format::new())?;
        }
        Ok(())
    }

    /// The header, one or two rows.
    fn header(&mut self) -> Result<(), XlsxError> {
        let l = self.layout;
        let two = l.ticks;
        let (top, sub) = (self.row, self.row + 1);
        let last = if two { sub } else { top };
        let mut c: u16 = 0;
        if l.seq {
            let h = self.heading("序号", "序\n号");
            self.merge_text(top, c, last, c, h)?;
            c += 1;
        }
        let names: [(&str, &str); 3] = [
            ("一级事项", "一级\n事项"),
            ("二级事项", "二级\n事项"),
            ("三级事项", "三级 事项"),
        ];
        if two {
            self.merge_text(top, c, top, c + self.levels() as u16 - 1, "公开事项")?;
        }
        for (k, (plain, messy)) in names.iter().take(self.levels()).enumerate() {
            let h = self.heading(plain, messy);
            self.ws.write_string(last, c + k as u16, h)?;
        }
        c += self.levels() as u16;
        for (plain, messy) in [
            ("公开内容（要素）", "公开内容\n（要素）"),
            ("公开依据", "公开\n依据"),
            ("公开时限", "公开 时限"),
            ("公开主体", "公开主体\u{3000}"),
        ] {
            let h = self.heading(plain, messy);
            self.merge_text(top, c, last, c, h)?;
            c += 1;
        }
        if l.boxed_channels {
            self.merge_text(top, c, last, c, "公开渠道和载体")?;
            c += 1;
        } else {
            let labels = channel_labels();
            self.merge_text(top, c, top, c + labels.len() as u16 - 1, "公开渠道和载体")?;
            for (k, s) in labels.iter().enumerate() {
                self.ws.write_string(sub, c + k as u16, *s)?;
            }
            c += labels.len() as u16;
        }
        if l.ticks {
            let groups: [(&str, [&str; 2]); 3] = [
                (
                    "公开对象",
                    [
                        self.heading("全社会", "全社会"),
                        self.heading("特定群体", "特定\n群众"),
                    ],
                ),
                (
                    "公开方式",
                    [
                        self.heading("主动", "主\n动"),
                        self.heading("依申请", "依\n申\n请"),
                    ],
                ),
                (
                    "公开层级",
                    [self.heading("乡级", "乡\n级"), self.heading("村级", "村级")],
                ),
            ];
            for (g, subs) in groups {
                self.merge_text(top, c, top, c + 1, g)?;
                self.ws.write_string(sub, c, subs[0])?;
                self.ws.write_string(sub, c + 1, subs[1])?;
                c += 2;
            }
        } else {
            for h in ["公开对象", "公开方式", "公开层级"] {
                self.merge_text(top, c, last, c, h)?;
                c += 1;
            }
        }
        self.row = last + 1;
        Ok(())
    }

    fn title(&mut self, text: &str) -> Result<(), XlsxError> {
        let w = self.width();
        self.merge_text(self.row, 0, self.row, w - 1, text)?;
        self.row += 1;
        Ok(())
    }

    /// One area's rows; `seq` counts items across the sheet.
    fn rows(&mut self, rows: &[&SampleRow], seq: &mut u32) -> Result<(), XlsxError> {
        let l = self.layout;
        // The names written in the 一级/二级/三级 columns.
        let names = |r: &SampleRow| -> [&'static str; 3] {
            match l.areas {
                Areas::FirstLevel | Areas::HeadingRows if l.third => [r.area, r.second, r.third],
                Areas::FirstLevel | Areas::HeadingRows => [r.area, r.second, ""],
                Areas::SheetPerArea | Areas::StackedTitles => [r.second, r.third, ""],
            }
        };
        let mut prev: Option<&SampleRow> = None;
        let mut run_start = self.row;
        for (i, r) in rows.iter().enumerate() {
            let row = self.row;
            let cont = continues(prev, r);
            let mut c: u16 = 0;
            if l.seq {
                if cont && l.merged {
                    self.ws
                        .merge_range(row - 1, c, row, c, &seq.to_string(), &Format::new())?;
                } else if !cont {
                    *seq += 1;
                    self.put(row, c, &seq.to_string())?;
                } else {
                    self.put(row, c, "")?;
                }
                c += 1;
            }
            let n = names(r);
            for (k, name) in n.iter().take(self.levels()).enumerate() {
                let col = c + k as u16;
                let same_above = prev.is_some_and(|p| names(p)[k] == *name);
                if k == 0 {
                    // 一级事项: merged over its run, or written once.
                    if !l.merged && same_above {
                        self.put(row, col, "")?;
                    } else {
                        self.put(row, col, name)?;
                    }
                } else if cont && l.merged {
                    self.ws
                        .merge_range(row - 1, col, row, col, name, &Format::new())?;
                } else if cont {
                    self.put(row, col, "")?;
                } else {
                    self.put(row, col, name)?;
                }
            }
            let next_same = rows.get(i + 1).is_some_and(|x| names(x)[0] == n[0]);
            if l.merged && !next_same {
                if row > run_start {
                    self.ws
                        .merge_range(run_start, c, row, c, n[0], &Format::new())?;
                }
                run_start = row + 1;
            }
            c += self.levels() as u16;
            if cont && l.merged {
                self.ws
                    .merge_range(row - 1, c, row, c, r.content, &Format::new())?;
            } else if cont {
                self.put(row, c, "")?;
            } else {
                self.put(row, c, r.content)?;
            }
            c += 1;
            let basis = if l.same_as_above && prev.is_some_and(|p| p.basis == r.basis) {
                "同上"
            } else {
                r.basis
            };
            self.put(row, c, basis)?;
            self.put(row, c + 1, r.time_limit)?;
            self.put(row, c + 2, r.subject)?;
            c += 3;
            let labels = channel_labels();
            let other: Vec<&str> = r
                .channels
                .iter()
                .copied()
                .filter(|ch| !labels.contains(ch))
                .collect();
            if l.boxed_channels {
                // Ticked and unticked boxes, as tables print them.
                let mut cell = String::new();
                for (k, label) in labels.iter().enumerate() {
                    let on = r.channels.contains(label)
                        || (*label == Channel::OtherChannel.label() && !other.is_empty());
                    let mark = match (on, k % 3) {
                        (true, 2) => "t",
                        (true, _) => "■",
                        (false, 1) => "口",
                        (false, _) => "□",
                    };
                    cell.push_str(mark);
                    cell.push_str(if *label == Channel::OtherChannel.label() && on {
                        other.first().copied().unwrap_or(label)
                    } else {
                        label
                    });
                    cell.push(if k % 2 == 0 { ' ' } else { '\n' });
                }
                self.put(row, c, cell.trim_end())?;
                c += 1;
            } else {
                for label in &labels {
                    let v = if *label == Channel::OtherChannel.label() {
                        other.join("、")
                    } else if r.channels.contains(label) {
                        "√".into()
                    } else {
                        String::new()
                    };
                    self.put(row, c, &v)?;
                    c += 1;
                }
            }
            if l.ticks {
                let tick = |b: bool| if b { "√" } else { "" };
                self.put(row, c, tick(r.everyone))?;
                self.put(row, c + 1, r.group)?;
                self.put(row, c + 2, tick(r.proactive))?;
                self.put(row, c + 3, tick(r.on_request))?;
                self.put(row, c + 4, tick(r.township))?;
                self.put(row, c + 5, tick(r.village))?;
            } else {
                let mut audience = Vec::new();
                if r.everyone {
                    audience.push("全社会".to_owned());
                }
                match group_note(r.group) {
                    Some(note) => audience.push(format!("特定群体（{note}）")),
                    None if !r.group.is_empty() => audience.push("特定群体".into()),
                    None => {}
                }
                let mut method = Vec::new();
                if r.proactive {
                    method.push("主动公开");
                }
                if r.on_request {
                    method.push("依申请公开");
                }
                let mut levels = Vec::new();
                if r.township {
                    levels.push("乡级");
                }
                if r.village {
                    levels.push("村级");
                }
                self.put(row, c, &audience.join("、"))?;
                self.put(row, c + 1, &method.join("、"))?;
                self.put(row, c + 2, &levels.join("、"))?;
            }
            prev = Some(r);
            self.row += 1;
        }
        Ok(())
    }
}

/// The catalog title townships write.
pub const TITLE: &str = "青石镇基层政务公开标准目录（修订版）";

/// [`TOWNSHIP_ROWS`] as an .xlsx in `layout`.
pub fn table(layout: &Layout) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let by_area: Vec<(&'static str, Vec<&SampleRow>)> = areas()
        .into_iter()
        .map(|a| (a, TOWNSHIP_ROWS.iter().filter(|r| r.area == a).collect()))
        .collect();
    let one = |wb: &mut Workbook, name: &str| -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        Ok(())
    };
    match layout.areas {
        Areas::SheetPerArea => {
            for (area, rows) in &by_area {
                one(&mut wb, area)?;
                let ws = wb.worksheet_from_name(area)?;
                let mut w = Writer {
                    ws,
                    layout: *layout,
                    row: 0,
                };
                if layout.title_row {
                    w.title(&format!("青石镇{area}领域基层政务公开标准目录"))?;
                }
                w.header()?;
                let mut seq = 0;
                w.rows(rows, &mut seq)?;
            }
        }
        _ => {
            one(&mut wb, TITLE)?;
            let ws = wb.worksheet_from_name(TITLE)?;
            let mut w = Writer {
                ws,
                layout: *layout,
                row: 0,
            };
            let mut seq = 0;
            match layout.areas {
                Areas::StackedTitles => {
                    for (k, (area, rows)) in by_area.iter().enumerate() {
                        w.title(&format!(
                            "（{}）青石镇{area}领域基层政务公开标准目录",
                            NUMERALS[k]
                        ))?;
                        w.header()?;
                        seq = 0;
                        w.rows(rows, &mut seq)?;
                        w.row += 1;
                    }
                }
                Areas::HeadingRows => {
                    if layout.title_row {
                        w.title(TITLE)?;
                    }
                    w.header()?;
                    for (k, (area, rows)) in by_area.iter().enumerate() {
                        let width = w.width();
                        let (r, text) = (w.row, format!("{}、{area}", NUMERALS[k]));
                        w.merge_text(r, 0, r, width - 1, &text)?;
                        w.row += 1;
                        w.rows(rows, &mut seq)?;
                    }
                }
                _ => {
                    if layout.title_row {
                        w.title(TITLE)?;
                    }
                    w.header()?;
                    let all: Vec<&SampleRow> = TOWNSHIP_ROWS.iter().collect();
                    w.rows(&all, &mut seq)?;
                }
            }
            if layout.notes {
                w.row += 1;
                let width = w.width();
                let r = w.row;
                w.merge_text(
                    r,
                    0,
                    r,
                    width - 1,
                    "注：1.公开渠道和载体中“■”为已选项；2.本目录根据上级部门发布的标准目录结合本镇实际编制，实行动态调整。",
                )?;
                w.row += 1;
                w.put(w.row, 0, "填表人：党政办")?;
            }
        }
    }
    wb.save_to_buffer()
}
