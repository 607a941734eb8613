//! 村(居)务公开 (seed 000 pilot 9; seed 002 item 12; 村民委员会组织法 Art.30): each village
//! or community publishes in three columns — 党务, 村务, 财务 — each on a schedule, and
//! lists of the people and money concerned: social-assistance recipients, subsidies,
//! the households monitored against falling back into poverty, the collective's income
//! and expenditure. A list is read from a table as villages keep them (a title row above
//! the headers, headers broken over lines or padded with full-width spaces, a 合计 row,
//! notes below), checked row by row, and published with its people masked.

use chrono::{Datelike, Months, NaiveDate};

use crate::calendar::WorkCalendar as Calendar;
use crate::catalog::table::{Sheet, normalise_heading};
use crate::code_enum::code_enum;
use crate::pii::review::{Decision, public_cell, public_name};
use crate::pii::{Detection, PiiKind, detections, find, looks_like_name, name_detection, name_key};

code_enum! {
    /// The three columns of a village's notice board.
    pub enum Column("column", "公开栏目") {
        Party = ("party", "党务公开"),
        Affairs = ("affairs", "村务公开"),
        Finance = ("finance", "财务公开"),
    }
}

code_enum! {
    /// How often a column must be renewed.
    pub enum Schedule("schedule", "公开周期") {
        Monthly = ("monthly", "每月公开"),
        Quarterly = ("quarterly", "每季度公开"),
        PerEvent = ("event", "逐项随时公开"),
    }
}

code_enum! {
    /// The kinds of list a village publishes.
    pub enum ListKind("kind", "名单类别") {
        Dibao = ("dibao", "最低生活保障对象名单"),
        Tekun = ("tekun", "特困人员救助供养对象名单"),
        Linshi = ("linshi", "临时救助对象名单"),
        Subsidy = ("subsidy", "惠农补贴发放名单"),
        Monitoring = ("monitoring", "防止返贫监测对象名单"),
        Elderly = ("elderly", "高龄津贴（养老服务补贴）发放名单"),
        Finance = ("finance", "村集体财务收支明细"),
    }
}

impl Column {
    /// The schedule a column has until the township sets another: 村务公开 practice —
    /// finance every month, general affairs and party affairs every quarter.
    pub fn default_schedule(self) -> Schedule {
        match self {
            Self::Finance => Schedule::Monthly,
            Self::Party | Self::Affairs => Schedule::Quarterly,
        }
    }
    /// The 主动公开 categories of documents that belong to the column.
    pub fn categories(self) -> &'static [&'static str] {
        match self {
            Self::Party => &["cw-dj"],
            Self::Affairs => &["cw-dw", "cw-bt", "cw-zx", "cw-jz", "cw-yl"],
            Self::Finance => &["cw-cw"],
        }
    }
}

impl ListKind {
    pub fn column(self) -> Column {
        match self {
            Self::Finance => Column::Finance,
            _ => Column::Affairs,
        }
    }
    /// A list of people (rather than of money movements).
    pub fn of_people(self) -> bool {
        self != Self::Finance
    }
    /// Whether each row must say an amount.
    fn needs_amount(self) -> bool {
        self != Self::Monitoring
    }
}

/// When a column with `schedule`, last renewed on `last`, must be renewed again; None
/// when it is renewed as things happen. A column never published is due at once.
pub fn due(schedule: Schedule, last: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
    let months = match schedule {
        Schedule::Monthly => 1,
        Schedule::Quarterly => 3,
        Schedule::PerEvent => return None,
    };
    Some(last.map_or(today, |d| {
        d.checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX)
    }))
}

/// Whether the column is overdue on `today`.
pub fn overdue(schedule: Schedule, last: Option<NaiveDate>, today: NaiveDate) -> bool {
    due(schedule, last, today).is_some_and(|d| match last {
        None => true,
        Some(_) => today > d,
    })
}

/// The last day of a 公示 of `days` working days starting on `start` (the start day not
/// counted, 民法典 Art.201), on the deployment's working-day calendar.
pub fn notice_ends(cal: &Calendar, start: NaiveDate, days: u32) -> NaiveDate {
    cal.add_workdays(start, days).date
}

/// A list read and checked: its headers and rows of cells as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The columns holding people's names.
    pub name_columns: Vec<usize>,
}

/// What a column holds, by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    Amount,
    Id,
    Item,
    Other,
}

fn role(heading: &str) -> Role {
    let h = normalise_heading(heading);
    if h.contains("身份证") || h.contains("证件号") {
        Role::Id
    } else if h.contains("姓名") || h.contains("户主") || h == "户名" {
        Role::Name
    } else if [
        "金额",
        "标准",
        "补贴",
        "元",
        "收入",
        "支出",
        "救助金",
        "保障金",
    ]
    .iter()
    .any(|k| h.contains(k))
        && !h.contains("人数")
        && !h.contains("类别")
        && !h.contains("对象")
    {
        Role::Amount
    } else if ["项目", "科目", "摘要", "事项"]
        .iter()
        .any(|k| h.contains(k))
    {
        Role::Item
    } else {
        Role::Other
    }
}

/// An amount as written ("1,200.00", "￥800", "600元"), in fen.
pub fn parse_amount(s: &str) -> Option<i64> {
    let t: String = crate::catalog::table::normalise_heading(s)
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '¥' | '￥' | '元'))
        .collect();
    if t.is_empty() {
        return None;
    }
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.as_str()),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 12
    {
        return None;
    }
    let fen = whole.parse::<i64>().ok()? * 100 + format!("{frac:0<2}").parse::<i64>().ok()?;
    Some(if neg { -fen } else { fen })
}

/// Rows that end a list: the notes, signatures and dates printed under it.
fn is_footer(first: &str) -> bool {
    let f = normalise_heading(first);
    [
        "以下空白",
        "备注",
        "注：",
        "注:",
        "说明",
        "公示",
        "监督",
        "举报",
        "制表",
        "审核",
        "联系电话",
    ]
    .iter()
    .any(|k| f.starts_with(k))
}

fn is_total(first: &str) -> bool {
    let f = normalise_heading(first);
    ["合计", "小计", "总计"].iter().any(|k| f.starts_with(k))
}

const MAX_ROWS: usize = 5000;

/// Reads a list of `kind` from the first sheet that has its headings; every problem is
/// reported with the row it is on (as the spreadsheet numbers rows), and a list with
/// any problem is not read at all.
pub fn read_list(kind: ListKind, sheets: &[Sheet]) -> Result<ListTable, Vec<String>> {
    let wanted = if kind.of_people() {
        Role::Name
    } else {
        Role::Item
    };
    let found = sheets.iter().find_map(|s| {
        s.rows.iter().take(8).enumerate().find_map(|(r, row)| {
            row.iter()
                .any(|c| role(&c.text) == wanted)
                .then_some((s, r))
        })
    });
    let Some((sheet, header_row)) = found else {
        let what = if kind.of_people() {
            "“姓名”（或“户主姓名”）"
        } else {
            "“项目”（或“科目”“摘要”）"
        };
        return Err(vec![format!(
            "表格前8行中找不到{what}列的表头，请确认上传的是{}",
            kind.label()
        )]);
    };
    // Headings as written, less the spaces and line breaks inside them ("户主\n姓名").
    let header: Vec<String> = sheet.rows[header_row]
        .iter()
        .map(|c| {
            c.text
                .chars()
                .filter(|ch| !ch.is_whitespace() && *ch != '\u{3000}')
                .collect()
        })
        .collect();
    // Columns with a heading; trailing empty columns are dropped.
    let cols: Vec<usize> = (0..header.len())
        .filter(|i| !header[*i].is_empty())
        .collect();
    let roles: Vec<Role> = cols.iter().map(|i| role(&header[*i])).collect();
    let mut problems = Vec::new();
    if kind.needs_amount() && !roles.contains(&Role::Amount) {
        problems.push(format!(
            "第{}行表头缺少金额列（如“金额（元）”“补贴标准”）",
            header_row + 1
        ));
    }
    let mut table = ListTable {
        headers: cols.iter().map(|i| header[*i].clone()).collect(),
        rows: Vec::new(),
        name_columns: roles
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == Role::Name)
            .map(|(i, _)| i)
            .collect(),
    };
    for (r, row) in sheet.rows.iter().enumerate().skip(header_row + 1) {
        let cells: Vec<String> = cols
            .iter()
            .map(|c| {
                row.get(*c)
                    // Merged across, a region is read at its first column; merged down,
                    // each row repeats it (one household's members share its 户主).
                    .filter(|cell| cell.origin.1 == *c)
                    .map(|cell| cell.text.trim().replace(['\n', '\r'], " "))
                    .unwrap_or_default()
            })
            .collect();
        let first = cells.iter().find(|c| !c.trim().is_empty());
        let Some(first) = first else { continue };
        if is_footer(first) {
            break;
        }
        let line = r + 1;
        if is_total(first) {
            table.rows.push(cells);
            continue;
        }
        for (i, cell) in cells.iter().enumerate() {
            let h = &table.headers[i];
            match roles[i] {
                Role::Name if cell.is_empty() => {
                    problems.push(format!("第{line}行：“{h}”为空"));
                }
                Role::Name if !looks_like_name(&name_key(cell)) => {
                    problems.push(format!("第{line}行：“{h}”的“{cell}”不像姓名"));
                }
                Role::Amount if cell.is_empty() && kind.needs_amount() && kind.of_people() => {
                    problems.push(format!("第{line}行：“{h}”为空"));
                }
                Role::Amount if !cell.is_empty() && parse_amount(cell).is_none() => {
                    problems.push(format!("第{line}行：“{h}”的“{cell}”不是金额"));
                }
                Role::Id if !cell.is_empty() && !id_readable(cell) => {
                    problems.push(format!(
                        "第{line}行：“{h}”的“{cell}”不是18位或15位身份证号码"
                    ));
                }
                Role::Item if cell.is_empty() => {
                    problems.push(format!("第{line}行：“{h}”为空"));
                }
                _ => {}
            }
        }
        table.rows.push(cells);
        if table.rows.len() > MAX_ROWS {
            problems.push(format!("名单超过{MAX_ROWS}行，请分批导入"));
            break;
        }
    }
    if table.rows.is_empty() {
        problems.push("表格中没有数据行".into());
    }
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

/// An identity number is readable when it is found as one (a wrong check character
/// included: that is the reviewer's to judge, not a malformed row).
fn id_readable(cell: &str) -> bool {
    find(cell).iter().any(|f| {
        matches!(
            f.kind,
            PiiKind::IdNumber | PiiKind::SuspectId | PiiKind::LegacyId
        )
    })
}

/// Rows as pasted from a spreadsheet into a form: tab-separated (or by two or more
/// spaces, or commas when there is no tab), the first line the headings.
pub fn rows_from_text(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<String> = if l.contains('\t') {
                l.split('\t').map(|c| c.trim().to_owned()).collect()
            } else if l.contains(',') || l.contains('，') {
                l.split([',', '，']).map(|c| c.trim().to_owned()).collect()
            } else {
                l.split("  ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect()
            };
            cells
        })
        .collect()
}

impl ListTable {
    /// The personal data in the list: each name in its name columns and whatever is
    /// found in any cell, placed by row and heading.
    pub fn scan(&self) -> Vec<Detection> {
        let mut out = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let place = format!("第{}条 {}", r + 1, self.headers[c]);
                if self.name_columns.contains(&c) && looks_like_name(&name_key(cell)) {
                    out.push(name_detection(&place, cell));
                }
                detections(&place, cell, &mut out);
            }
        }
        out
    }

    /// The rows as the public reads them.
    pub fn public_rows(&self, decisions: &[Decision]) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        if self.name_columns.contains(&c) && looks_like_name(&name_key(cell)) {
                            public_name(cell, decisions)
                        } else {
                            public_cell(cell, decisions)
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The sum of each amount column (None for others), leaving out 合计 rows.
    pub fn totals(&self) -> Vec<Option<i64>> {
        (0..self.headers.len())
            .map(|c| {
                (role(&self.headers[c]) == Role::Amount).then(|| {
                    self.rows
                        .iter()
                        .filter(|r| !r.first().is_some_and(|f| is_total(f)))
                        .filter_map(|r| r.get(c).and_then(|v| parse_amount(v)))
                        .sum()
                })
            })
            .collect()
    }
}

/// The period a list covers, as the notice board prints it ("2026年10月" or a range).
pub fn period_label(from: NaiveDate, to: NaiveDate) -> String {
    let last_of_month = to
        .checked_add_days(chrono::Days::new(1))
        .is_some_and(|n| n.day() == 1);
    if from.day() == 1 && last_of_month && from.year() == to.year() {
        if from.month() == to.month() {
            return format!("{}年{}月", from.year(), from.month());
        }
        if from.month() % 3 == 1 && to.month() == from.month() + 2 {
            return format!("{}年第{}季度", from.year(), from.month().div_ceil(3));
        }
    }
    format!(
        "{}年{}月{}日至{}年{}月{}日",
        from.year(),
        from.month(),
        from.day(),
        to.year(),
        to.month(),
        to.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::WorkCalendar as Calendar;

    fn sheet(rows: &[&[&str]]) -> Vec<Sheet> {
        vec![Sheet::plain("Sheet1", rows)]
    }

    const ID1: &str = "11010519491231002X";

    #[test]
    fn reads_a_list_as_villages_keep_it() {
        let s = sheet(&[
            &["城关镇东岭村2026年10月最低生活保障对象公示名单", "", "", ""],
            &["序号", "户主\n姓名", "身份证号码", "保障金额（元/月）"],
            &["1", "张　三", ID1, "1,200.00"],
            &["2", "欧阳明月", "", "￥800"],
            &["", "", "", ""],
            &["合计", "", "", "2000"],
            &["监督电话：0591-12345678", "", "", ""],
        ]);
        let t = read_list(ListKind::Dibao, &s).unwrap();
        assert_eq!(t.headers[1], "户主姓名");
        assert_eq!(t.rows.len(), 3, "the blank row skipped, the notes left out");
        assert_eq!(t.name_columns, vec![1]);
        assert_eq!(t.totals()[3], Some(200_000));
        let found = t.scan();
        let kinds: Vec<PiiKind> = found.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, vec![PiiKind::Name, PiiKind::IdNumber, PiiKind::Name]);
        let public = t.public_rows(&[]);
        assert_eq!(public[0][1], "张*");
        assert_eq!(public[0][2], "110105***********X");
        assert_eq!(public[1][1], "欧阳**");
    }

    #[test]
    fn every_malformed_row_is_reported_and_nothing_is_read() {
        let s = sheet(&[
            &["姓名", "身份证号", "金额"],
            &["李四", "1101051949", "100"],
            &["", "", "200"],
            &["王五", "", "一百元"],
            &["赵六", "", ""],
        ]);
        let e = read_list(ListKind::Dibao, &s).unwrap_err();
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(e[0].starts_with("第2行") && e[0].contains("身份证"));
        assert!(e[1].starts_with("第3行"));
        assert!(e[2].contains("一百元"));
        assert!(e[3].starts_with("第5行"));
        let none = read_list(ListKind::Dibao, &sheet(&[&["序号", "备注"]])).unwrap_err();
        assert!(none[0].contains("姓名"));
    }

    #[test]
    fn a_wrong_check_character_is_not_a_malformed_row() {
        let s = sheet(&[
            &["姓名", "身份证号", "金额"],
            &["李四", "110105194912310021", "100"],
        ]);
        let t = read_list(ListKind::Dibao, &s).unwrap();
        assert!(t.scan().iter().any(|d| d.kind == PiiKind::SuspectId));
    }

    #[test]
    fn finance_lists_need_items_not_names() {
        let s = sheet(&[
            &["日期", "摘要", "收入（元）", "支出（元）"],
            &["2026-07-03", "村道维修", "", "12,500.50"],
            &["2026-07-20", "土地租金", "30000", ""],
        ]);
        let t = read_list(ListKind::Finance, &s).unwrap();
        assert_eq!(
            t.totals(),
            vec![None, None, Some(3_000_000), Some(1_250_050)]
        );
        assert!(t.scan().is_empty());
    }

    #[test]
    fn pasted_rows_split_by_tab_comma_or_spaces() {
        assert_eq!(
            rows_from_text("姓名\t金额\n张三\t100\n\n李四，200\n王五  300"),
            vec![
                vec!["姓名", "金额"],
                vec!["张三", "100"],
                vec!["李四", "200"],
                vec!["王五", "300"]
            ]
        );
    }

    #[test]
    fn schedules_and_notice_periods() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(overdue(Schedule::Monthly, None, d(2026, 10, 1)));
        assert!(!overdue(
            Schedule::Monthly,
            Some(d(2026, 9, 5)),
            d(2026, 10, 5)
        ));
        assert!(overdue(
            Schedule::Monthly,
            Some(d(2026, 9, 5)),
            d(2026, 10, 6)
        ));
        assert!(!overdue(
            Schedule::Quarterly,
            Some(d(2026, 7, 1)),
            d(2026, 9, 30)
        ));
        assert!(!overdue(Schedule::PerEvent, None, d(2026, 9, 30)));
        // A 公示 begun the Friday before the National Day holiday runs past it.
        let cal = Calendar::builtin();
        assert_eq!(notice_ends(&cal, d(2025, 9, 26), 5), d(2025, 10, 10));
        assert_eq!(period_label(d(2026, 10, 1), d(2026, 10, 31)), "2026年10月");
        assert_eq!(period_label(d(2026, 7, 1), d(2026, 9, 30)), "2026年第3季度");
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1,200.5"), Some(120_050));
        assert_eq!(parse_amount("１２００元"), Some(120_000));
        assert_eq!(parse_amount("12.345"), None);
        assert_eq!(parse_amount("abc"), None);
    }
}
