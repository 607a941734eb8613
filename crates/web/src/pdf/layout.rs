//! A letter set as a 公文 (GB/T 9704—2012): A4, a 版心 of 156 × 225 mm placed 37 mm
//! from the top and 28 mm from the left, the body in 3号 (16 pt) on a grid of 22 lines
//! of 28 characters, the title in 2号 (22 pt), the signature centred over the date, the
//! date four characters from the right, the seal over both, page numbers in 4号 below
//! the 版心 ("— 1 —", odd pages right, even pages left). Lines are broken by the
//! Chinese rules: no line begins with a closing mark and none ends with an opening one.

use gongkai_app::{Letter, cn_date};

pub const PT_PER_MM: f32 = 72.0 / 25.4;
pub const PAGE_W: f32 = 210.0 * PT_PER_MM;
pub const PAGE_H: f32 = 297.0 * PT_PER_MM;
pub const LEFT: f32 = 28.0 * PT_PER_MM;
pub const TOP: f32 = 37.0 * PT_PER_MM;
pub const TEXT_W: f32 = 156.0 * PT_PER_MM;
pub const TEXT_H: f32 = 225.0 * PT_PER_MM;
pub const LINES: usize = 22;
pub const CHARS: usize = 28;
/// 3号.
pub const BODY: f32 = 16.0;
/// 2号.
pub const TITLE: f32 = 22.0;
/// 4号, for page numbers.
pub const FOLIO: f32 = 14.0;
/// A seal is about 42 mm across.
pub const SEAL_D: f32 = 42.0 * PT_PER_MM;

/// The width of one character cell and the height of one line.
pub const CELL: f32 = TEXT_W / CHARS as f32;
pub const LINE: f32 = TEXT_H / LINES as f32;

/// Marks that may not begin a line (closing brackets and quotes, pause and stop marks).
const NO_START: &str = "，。、；：？！）》」』】〕〉”’…—·％%,.;:?!)]}";
/// Marks that may not end a line (opening brackets and quotes).
const NO_END: &str = "（《「『【〔〈“‘([{";

/// A run of text at a position: `x` from the page's left edge, `y` the baseline from
/// the bottom, with `spacing` added after every character (the grid's pitch).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub page: usize,
    pub text: String,
    pub size: f32,
    pub x: f32,
    pub y: f32,
    pub spacing: f32,
    /// Fill gray: 0 is black (text), near 1 is faint (a watermark).
    pub gray: f32,
    /// Counter-clockwise rotation about (x, y), in degrees.
    pub angle: f32,
}

/// Where the seal goes: its page and centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SealSpot {
    pub page: usize,
    pub cx: f32,
    pub cy: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub runs: Vec<Run>,
    pub pages: usize,
    pub seal: SealSpot,
}

/// The advance of each character in ems, from the font.
pub type Measure<'a> = &'a dyn Fn(char) -> f32;

/// Breaks `text` into lines no wider than `limit`, the first indented by `indent`,
/// keeping closing marks off the start of a line and opening marks off its end (a
/// character moves down with the mark rather than the mark hanging).
pub fn break_lines(
    text: &str,
    width: &dyn Fn(char) -> f32,
    indent: f32,
    limit: f32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur: Vec<char> = Vec::new();
    let mut w = indent;
    for c in text.chars() {
        let cw = width(c);
        if w + cw > limit + 0.01 && !cur.is_empty() {
            let mut carry: Vec<char> = Vec::new();
            if NO_START.contains(c) {
                // The mark takes the character before it to the next line, and that
                // one its own closing marks ("。”").
                while cur.len() > 1 {
                    let last = cur.pop().expect("non-empty");
                    carry.insert(0, last);
                    if !NO_START.contains(last) {
                        break;
                    }
                }
            }
            while cur.len() > 1 && cur.last().is_some_and(|l| NO_END.contains(*l)) {
                carry.insert(0, cur.pop().expect("non-empty"));
            }
            lines.push(cur.iter().collect());
            w = carry.iter().map(|c| width(*c)).sum();
            cur = carry;
        }
        cur.push(c);
        w += cw;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur.into_iter().collect());
    }
    lines
}

/// Rows on the grid, turning the page after the 22nd.
struct Rows {
    page: usize,
    row: usize,
}

impl Rows {
    /// The baseline of the current row: the glyph box centred in the line.
    fn baseline(&self, size: f32) -> f32 {
        let row_top = PAGE_H - TOP - self.row as f32 * LINE;
        row_top - (LINE - size) / 2.0 - 0.88 * size
    }

    fn next(&mut self) {
        self.row += 1;
        if self.row == LINES {
            self.page += 1;
            self.row = 0;
        }
    }

    /// Starts a new page unless `n` rows still fit on this one.
    fn keep(&mut self, n: usize) {
        if self.row + n > LINES {
            self.page += 1;
            self.row = 0;
        }
    }
}

/// Sets the letter on the grid; `measure` gives each character's advance in ems.
pub fn set(letter: &Letter, measure: Measure<'_>) -> Layout {
    let body_spacing = CELL - BODY;
    let body_w = |c: char| measure(c) * BODY + body_spacing;
    let title_w = |c: char| measure(c) * TITLE;
    let width = |s: &str, f: &dyn Fn(char) -> f32| s.chars().map(f).sum::<f32>();
    let mut runs = Vec::new();
    let mut at = Rows { page: 0, row: 0 };
    let mut put = |at: &Rows, text: String, size: f32, x: f32, spacing: f32| {
        runs.push(Run {
            page: at.page,
            y: at.baseline(size),
            text,
            size,
            x,
            spacing,
            gray: 0.0,
            angle: 0.0,
        });
    };

    // The title, centred, broken like the body if it is long.
    for line in break_lines(&letter.title, &title_w, 0.0, TEXT_W) {
        let x = LEFT + (TEXT_W - width(&line, &title_w)) / 2.0;
        put(&at, line, TITLE, x, 0.0);
        at.next();
    }
    at.next();
    // The number the applicant tracks the case by, where a 文号 would stand.
    let number = format!("申请编号：{}", letter.tracking_number);
    let x = LEFT + TEXT_W - width(&number, &body_w) + body_spacing;
    put(&at, number, BODY, x, body_spacing);
    at.next();
    at.next();

    // The salutation flush left, then paragraphs indented two characters.
    for (i, p) in letter.paragraphs.iter().enumerate() {
        let indent = if i == 0 { 0.0 } else { 2.0 * CELL };
        for (n, line) in break_lines(p, &body_w, indent, TEXT_W)
            .into_iter()
            .enumerate()
        {
            let x = LEFT + if n == 0 { indent } else { 0.0 };
            put(&at, line, BODY, x, body_spacing);
            at.next();
        }
    }

    // The date four characters in from the right; the signature centred over it; the
    // seal over both, its centre a little above them. The block stays on one page.
    at.next();
    at.next();
    at.keep(2);
    let date = cn_date(letter.date);
    let date_w = width(&date, &body_w) - body_spacing;
    let date_x = LEFT + TEXT_W - 4.0 * CELL - date_w;
    let centre = date_x + date_w / 2.0;
    let name_w = width(&letter.org_name, &body_w) - body_spacing;
    let name_x = (centre - name_w / 2.0).min(LEFT + TEXT_W - name_w);
    let sign_y = at.baseline(BODY);
    put(&at, letter.org_name.clone(), BODY, name_x, body_spacing);
    let seal = SealSpot {
        page: at.page,
        cx: centre,
        cy: sign_y + 0.6 * BODY,
    };
    at.next();
    put(&at, date, BODY, date_x, body_spacing);
    let pages = at.page + 1;

    // Page numbers 7 mm below the 版心, one character in from its outer edge.
    for page in 0..pages {
        let folio = format!("— {} —", page + 1);
        let w = width(&folio, &|c| measure(c) * FOLIO);
        let x = if page % 2 == 0 {
            LEFT + TEXT_W - FOLIO - w
        } else {
            LEFT + FOLIO
        };
        runs.push(Run {
            page,
            text: folio,
            size: FOLIO,
            x,
            y: PAGE_H - TOP - TEXT_H - 7.0 * PT_PER_MM - 0.88 * FOLIO,
            spacing: 0.0,
            gray: 0.0,
            angle: 0.0,
        });
    }
    Layout { runs, pages, seal }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full-width characters one em, ASCII half.
    fn em(c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    fn letter(paragraphs: Vec<String>) -> Letter {
        Letter {
            kind: gongkai_domain::application::LetterKind::Reply,
            title: "政府信息公开申请答复书".into(),
            org_name: "云溪县人民政府".into(),
            org_slug: "yunxi".into(),
            tracking_number: "yunxi-2025-00001".into(),
            paragraphs,
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(),
        }
    }

    #[test]
    fn a_body_line_holds_28_characters_and_a_page_22_lines() {
        let text = "本".repeat(28 * 30);
        let l = set(&letter(vec!["王晓明：".into(), text]), &em);
        let body: Vec<&Run> = l
            .runs
            .iter()
            .filter(|r| r.size == BODY && r.text.starts_with('本'))
            .collect();
        // The first line is indented two characters.
        assert_eq!(body[0].text.chars().count(), 26);
        assert!(
            body[1..body.len() - 1]
                .iter()
                .all(|r| r.text.chars().count() == 28)
        );
        for page in 0..l.pages {
            let rows = l
                .runs
                .iter()
                .filter(|r| r.page == page && r.size != FOLIO)
                .count();
            assert!(rows <= LINES, "page {page}: {rows} lines");
        }
        assert!(l.pages >= 2);
    }

    #[test]
    fn no_line_begins_with_a_closing_mark_or_ends_with_an_opening_one() {
        // Every position of a line end meets a mark somewhere in these paragraphs.
        let mut paragraphs = vec!["申请人：".to_owned()];
        for shift in 0..30 {
            paragraphs.push(format!(
                "{}经审查，您申请获取的“城关镇老旧小区改造计划（2025—2027年）”属于本机关公开范围。《云溪县政府信息公开指南》已载明，请您知悉！",
                "字".repeat(shift)
            ));
        }
        let l = set(&letter(paragraphs), &em);
        for r in l.runs.iter().filter(|r| r.size == BODY) {
            let first = r.text.chars().next().unwrap();
            let last = r.text.chars().last().unwrap();
            assert!(
                !NO_START.contains(first),
                "line begins with {first}: {}",
                r.text
            );
            assert!(!NO_END.contains(last), "line ends with {last}: {}", r.text);
            let w: f32 = r.text.chars().map(|c| em(c) * BODY + (CELL - BODY)).sum();
            assert!(r.x - LEFT + w <= TEXT_W + 0.5, "too wide: {}", r.text);
        }
    }

    #[test]
    fn the_date_stands_four_characters_in_and_the_signature_over_it() {
        let l = set(&letter(vec!["王晓明：".into(), "现答复如下。".into()]), &em);
        let date = l.runs.iter().find(|r| r.text == "2025年3月10日").unwrap();
        let name = l.runs.iter().find(|r| r.text == "云溪县人民政府").unwrap();
        // The width a run takes, less the spacing after its last character.
        let w =
            |t: &str| t.chars().map(|c| em(c) * BODY + CELL - BODY).sum::<f32>() - (CELL - BODY);
        let date_w = w(&date.text);
        let right = date.x + date_w;
        assert!((LEFT + TEXT_W - right - 4.0 * CELL).abs() < 0.5, "右空四字");
        let name_w = w(&name.text);
        assert!(((name.x + name_w / 2.0) - (date.x + date_w / 2.0)).abs() < 0.5);
        assert!((name.y - date.y - LINE).abs() < 0.1, "on consecutive lines");
        assert_eq!((l.seal.page, l.seal.cx), (name.page, date.x + date_w / 2.0));
        assert!(l.seal.cy > name.y, "the names sit below the seal's centre");
        let folio = l.runs.iter().find(|r| r.size == FOLIO).unwrap();
        assert_eq!(folio.text, "— 1 —");
    }

    #[test]
    fn breaking_keeps_every_character() {
        let w = |c: char| em(c) * BODY;
        let text = "“（一）”。，《》、".repeat(20);
        let lines = break_lines(&text, &w, 0.0, 10.0 * BODY);
        assert_eq!(lines.concat(), text);
    }
}
