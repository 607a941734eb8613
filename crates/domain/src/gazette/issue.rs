//! A gazette issue as staff enter it: its numbers, date, and table of contents typed
//! one article per line.

use chrono::NaiveDate;

use crate::Invalid;

/// The usual sections of a government gazette's table of contents.
pub const SECTIONS: &[&str] = &[
    "地方性法规",
    "规章",
    "政府文件",
    "政府办公室文件",
    "部门文件",
    "人事任免",
    "其他",
];

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub section: String,
    pub title: String,
    /// The document's 文号, as printed.
    pub doc_number: String,
    /// The 索引号 of the document in the database, when it is there.
    pub index_number: Option<String>,
    pub page: Option<u32>,
}

/// The format staff type the contents in: one article per line, fields separated by
/// "|" — section | title | 文号 | 索引号 | page — trailing fields optional.
pub const TOC_HINT: &str =
    "每行一篇：栏目|标题|文号|索引号|页码（后三项可空），栏目如“规章”“政府文件”“人事任免”。";

/// Reads the contents; every problem names its line.
pub fn parse_toc(text: &str) -> Result<Vec<Article>, Invalid> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |m: &str| Invalid::new("toc", format!("目录第{}行：{m}", i + 1));
        let f: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
        if f.len() < 2 || f.len() > 5 {
            return Err(bad("应为“栏目|标题|文号|索引号|页码”，至少写栏目和标题"));
        }
        if !SECTIONS.contains(&f[0]) {
            return Err(bad(&format!("栏目应为{}之一", SECTIONS.join("、"))));
        }
        if f[1].is_empty() || f[1].chars().count() > 200 {
            return Err(bad("标题不能为空，且不超过200字"));
        }
        let page = match f.get(4).copied().unwrap_or("") {
            "" => None,
            p => Some(p.parse::<u32>().map_err(|_| bad("页码应为数字"))?),
        };
        out.push(Article {
            section: f[0].to_owned(),
            title: f[1].to_owned(),
            doc_number: f.get(2).copied().unwrap_or("").to_owned(),
            index_number: f
                .get(3)
                .copied()
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            page,
        });
    }
    if out.is_empty() {
        return Err(Invalid::new("toc", "请填写目录（至少一篇）"));
    }
    Ok(out)
}

/// The numbers an issue must carry to follow the last one: the next yearly number
/// (1 in a new year) and the next running total. `last` is the latest issue's
/// (year, number, total_number); a gazette's first issue may start at any total (back
/// issues are entered from the first, or from where the records begin).
pub fn check_sequence(
    last: Option<(i32, u32, u32)>,
    year: i32,
    number: u32,
    total: u32,
    published_on: NaiveDate,
) -> Result<(), Invalid> {
    use chrono::Datelike;
    if published_on.year() != year {
        return Err(Invalid::new("published_on", "出版日期应在本期所属年度内"));
    }
    if number == 0 || total == 0 {
        return Err(Invalid::new("number", "期号从1起"));
    }
    let Some((ly, ln, lt)) = last else {
        return Ok(());
    };
    let want_number = if year == ly { ln + 1 } else { 1 };
    if year < ly || number != want_number {
        return Err(Invalid::new(
            "number",
            format!(
                "期号应接续上一期（{ly}年第{ln}期）：本期应为{}年第{want_number}期",
                year.max(ly)
            ),
        ));
    }
    if total != lt + 1 {
        return Err(Invalid::new(
            "total_number",
            format!("总期号应接续上一期（总第{lt}期）：本期应为总第{}期", lt + 1),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_contents_are_read_line_by_line() {
        let toc = parse_toc("规章|云溪县城区停车场管理办法|云政令〔2026〕1号||3\n政府文件｜关于……的通知｜云政发〔2026〕8号｜11350999MB0012345G-2026-00008\n\n人事任免|县政府任免名单").unwrap();
        assert_eq!(toc.len(), 3);
        assert_eq!(toc[0].page, Some(3));
        assert_eq!(
            toc[1].index_number.as_deref(),
            Some("11350999MB0012345G-2026-00008")
        );
        assert!(
            parse_toc("小说|标题")
                .unwrap_err()
                .message
                .starts_with("目录第1行")
        );
        assert!(parse_toc("规章|标题|文号||三").is_err());
        assert!(parse_toc("  ").is_err());
    }

    #[test]
    fn issues_follow_each_other() {
        let last = Some((2026, 10, 244));
        assert!(check_sequence(last, 2026, 11, 245, d("2026-06-30")).is_ok());
        assert!(check_sequence(last, 2026, 12, 245, d("2026-06-30")).is_err());
        assert!(check_sequence(last, 2026, 11, 246, d("2026-06-30")).is_err());
        assert!(
            check_sequence(last, 2027, 1, 245, d("2027-01-15")).is_ok(),
            "a new year starts at 1"
        );
        assert!(check_sequence(last, 2025, 11, 245, d("2025-12-30")).is_err());
        assert!(check_sequence(last, 2026, 11, 245, d("2027-01-02")).is_err());
        assert!(check_sequence(None, 2008, 1, 1, d("2008-01-20")).is_ok());
    }
}
