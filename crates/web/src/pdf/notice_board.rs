//! A village list printed for the notice board (公开栏), on A4 or A3: the title, the
//! period it covers and the 公示 period with its last day, the table with its people
//! masked, the totals, and under it the publishing committee, the complaint telephone
//! and the date; every page numbered. Only the public form of a list is ever set
//! here, so the board shows what the portal shows.

use gongkai_app::villages::{PublicVillageList, totals_row};

use super::flow::run;
use super::layout::{PT_PER_MM, Run, break_lines};
use super::{Paper, PdfError, Stroke, font, measure, write_on};

/// Paper sizes a village prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    A4,
    A3,
}

impl Size {
    pub fn parse(s: &str) -> Option<Size> {
        match s {
            "a4" => Some(Self::A4),
            "a3" => Some(Self::A3),
            _ => None,
        }
    }
    fn mm(self) -> (f32, f32) {
        match self {
            Self::A4 => (210.0, 297.0),
            Self::A3 => (297.0, 420.0),
        }
    }
}

/// The lines under the table.
pub fn closing(l: &PublicVillageList) -> Vec<String> {
    vec![
        format!(
            "公示期为{}个工作日（{}至{}）。如有异议，请于公示期内向{}反映。",
            l.notice_days,
            gongkai_app::cn_date(l.published_on),
            gongkai_app::cn_date(l.notice_ends),
            l.committee
        ),
        format!("监督电话：{}", l.complaint_phone),
    ]
}

/// Sets the list on pages of `size`; `em` gives each character's advance in ems.
pub fn set(
    l: &PublicVillageList,
    size: Size,
    em: &dyn Fn(char) -> f32,
) -> (Vec<Run>, usize, Paper) {
    let (wmm, hmm) = size.mm();
    let (pw, ph) = (wmm * PT_PER_MM, hmm * PT_PER_MM);
    let k = wmm / 210.0;
    let margin = 15.0 * PT_PER_MM * k;
    let text_w = pw - 2.0 * margin;
    let w = |s: &str, size: f32| s.chars().map(|c| em(c) * size).sum::<f32>();
    let centred = |s: &str, size: f32| margin + (text_w - w(s, size)) / 2.0;

    let mut rows: Vec<Vec<String>> = l.rows.clone();
    if let Some(t) = totals_row(&l.rows, &l.totals) {
        rows.push(t);
    }
    let cols = l.headers.len().max(1);
    // Each column as wide as its widest cell (headings broken over two lines at most),
    // the type made smaller until the table fits the page.
    let natural = |fs: f32| -> Vec<f32> {
        (0..cols)
            .map(|c| {
                let head = l.headers.get(c).map_or(0.0, |h| w(h, fs) / 2.0);
                let body = rows
                    .iter()
                    .map(|r| r.get(c).map_or(0.0, |v| w(v, fs)))
                    .fold(0.0_f32, f32::max);
                head.max(body).max(2.0 * fs) + fs
            })
            .collect()
    };
    let mut fs = 11.0 * k;
    while natural(fs).iter().sum::<f32>() > text_w && fs > 6.0 * k {
        fs -= 0.5;
    }
    let mut widths = natural(fs);
    let total: f32 = widths.iter().sum();
    let scale = text_w / total;
    for x in &mut widths {
        *x *= scale;
    }
    let line = fs * 1.5;
    let pad = fs * 0.35;

    let mut runs = Vec::new();
    let mut strokes = Vec::new();
    let top = ph - margin;
    let bottom = margin + 2.0 * line;
    let mut page = 0;
    let mut y = top;

    // Title and the periods, on the first page.
    let title_size = 20.0 * k;
    for t in break_lines(&l.title, &|c| em(c) * title_size, 0.0, text_w) {
        y -= title_size * 1.4;
        runs.push(run(page, t.clone(), title_size, centred(&t, title_size), y));
    }
    y -= line * 0.6;
    for t in [
        format!("{} · {} · {}", l.village_name, l.kind.label(), l.period),
        format!(
            "公示时间：{}至{}",
            gongkai_app::cn_date(l.published_on),
            gongkai_app::cn_date(l.notice_ends)
        ),
    ] {
        y -= line;
        runs.push(run(page, t.clone(), fs, centred(&t, fs), y));
    }
    y -= line * 0.6;

    let cell_lines = |row: &[String], c: usize, width: f32| -> Vec<String> {
        let text = row.get(c).map(String::as_str).unwrap_or("");
        if text.is_empty() {
            return vec![String::new()];
        }
        break_lines(text, &|ch| em(ch) * fs, 0.0, width - 2.0 * pad)
    };
    let header: Vec<String> = l.headers.clone();
    // Draws one row at y (its top); returns its height.
    let draw_row = |runs: &mut Vec<Run>, page: usize, top_y: f32, row: &[String]| -> f32 {
        let broken: Vec<Vec<String>> = (0..cols).map(|c| cell_lines(row, c, widths[c])).collect();
        let n = broken.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut x = margin;
        for (c, lines) in broken.into_iter().enumerate() {
            for (i, t) in lines.into_iter().enumerate() {
                let baseline = top_y - pad - fs * 0.9 - i as f32 * line;
                runs.push(run(page, t, fs, x + pad, baseline));
            }
            x += widths[c];
        }
        n as f32 * line + 2.0 * pad - (line - fs * 1.1)
    };
    let row_height = |row: &[String]| -> f32 {
        let n = (0..cols)
            .map(|c| cell_lines(row, c, widths[c]).len())
            .max()
            .unwrap_or(1)
            .max(1);
        n as f32 * line + 2.0 * pad - (line - fs * 1.1)
    };
    let rule = |strokes: &mut Vec<Stroke>, page: usize, y: f32| {
        strokes.push(Stroke {
            page,
            x1: margin,
            y1: y,
            x2: margin + text_w,
            y2: y,
            width: 0.6,
        });
    };
    let verticals = |strokes: &mut Vec<Stroke>, page: usize, from: f32, to: f32| {
        let mut x = margin;
        for w in widths.iter().map(Some).chain([None]) {
            strokes.push(Stroke {
                page,
                x1: x,
                y1: from,
                x2: x,
                y2: to,
                width: 0.6,
            });
            x += w.copied().unwrap_or(0.0);
        }
    };

    let mut table_top = y;
    rule(&mut strokes, page, y);
    y -= draw_row(&mut runs, page, y, &header);
    rule(&mut strokes, page, y);
    for row in &rows {
        let h = row_height(row);
        if y - h < bottom {
            verticals(&mut strokes, page, table_top, y);
            page += 1;
            y = top;
            table_top = y;
            rule(&mut strokes, page, y);
            y -= draw_row(&mut runs, page, y, &header);
            rule(&mut strokes, page, y);
        }
        y -= draw_row(&mut runs, page, y, row);
        rule(&mut strokes, page, y);
    }
    verticals(&mut strokes, page, table_top, y);

    // Under the table: the notice, the committee and the date, right-aligned.
    let mut closing_lines: Vec<(String, bool)> = Vec::new();
    for c in closing(l) {
        for t in break_lines(&c, &|ch| em(ch) * fs, 2.0 * fs, text_w) {
            closing_lines.push((t, false));
        }
    }
    closing_lines.push((l.committee.clone(), true));
    closing_lines.push((gongkai_app::cn_date(l.published_on), true));
    if y - (closing_lines.len() as f32 + 1.0) * line < bottom {
        page += 1;
        y = top;
    }
    y -= line * 0.5;
    for (i, (t, right)) in closing_lines.into_iter().enumerate() {
        y -= line;
        let x = if right {
            margin + text_w - w(&t, fs) - 2.0 * fs
        } else if i == 0 {
            margin + 2.0 * fs
        } else {
            margin
        };
        runs.push(run(page, t, fs, x, y));
    }
    let pages = page + 1;
    for p in 0..pages {
        let f = format!("第{}页 共{}页", p + 1, pages);
        runs.push(run(p, f.clone(), 9.0 * k, centred(&f, 9.0 * k), margin));
    }
    (
        runs,
        pages,
        Paper {
            w: pw,
            h: ph,
            strokes,
        },
    )
}

/// The list as a PDF for the notice board.
pub fn pdf(l: &PublicVillageList, size: Size) -> Result<Vec<u8>, PdfError> {
    let font = font().ok_or(PdfError::NoFont)?;
    let face = ttf_parser::Face::parse(&font.data, font.index).map_err(|_| PdfError::Font)?;
    let em = measure(&face);
    let (runs, pages, paper) = set(l, size, &em);
    write_on(&font, &face, &runs, pages, None, &l.title, &paper)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use gongkai_domain::village::ListKind;

    fn em(c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    fn list(rows: usize) -> PublicVillageList {
        let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
        PublicVillageList {
            id: 1,
            kind: ListKind::Dibao,
            title: "东岭村2026年10月最低生活保障对象公示".into(),
            period: "2026年10月".into(),
            committee: "东岭村村务监督委员会".into(),
            complaint_phone: "0591-12345678".into(),
            published_on: d(11, 2),
            notice_days: 5,
            notice_ends: d(11, 9),
            headers: vec![
                "序号".into(),
                "户主姓名".into(),
                "身份证号码".into(),
                "保障金额（元）".into(),
            ],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        (i + 1).to_string(),
                        "张*".into(),
                        "110105***********X".into(),
                        "600".into(),
                    ]
                })
                .collect(),
            totals: vec![None, None, None, Some(60_000 * rows as i64)],
            village_name: "东岭村".into(),
            village_slug: "dongling".into(),
            township_slug: "chengguan".into(),
        }
    }

    #[test]
    fn a_long_list_runs_over_pages_with_its_heading_on_each() {
        let (runs, pages, paper) = set(&list(120), Size::A4, &em);
        assert!(pages >= 3, "{pages}");
        for p in 0..pages {
            assert!(
                runs.iter().any(|r| r.page == p && r.text == "户主姓名"),
                "page {p}"
            );
            assert!(
                runs.iter()
                    .any(|r| r.page == p && r.text == format!("第{}页 共{pages}页", p + 1))
            );
        }
        assert!(runs.iter().any(|r| r.text == "监督电话：0591-12345678"));
        assert!(
            runs.iter().any(|r| r.text == "72000.00"),
            "the total is printed"
        );
        assert!(!paper.strokes.is_empty());
        // Every run is on the paper.
        assert!(
            runs.iter()
                .all(|r| r.x >= 0.0 && r.x < paper.w && r.y > 0.0 && r.y < paper.h)
        );
    }

    #[test]
    fn a3_holds_more_rows_per_page_than_a4() {
        let (_, a4, _) = set(&list(120), Size::A4, &em);
        let (_, a3, p) = set(&list(120), Size::A3, &em);
        assert!(a3 <= a4);
        assert!((p.w - 297.0 * PT_PER_MM).abs() < 0.1);
    }
}
