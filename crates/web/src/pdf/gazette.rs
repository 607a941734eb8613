//! A gazette issue's e-edition, set from its articles: a cover, the contents with page
//! numbers, then the articles; on every page the issuing organisation's name as a faint
//! diagonal watermark and, in the footer, the issue and its position in the gazette
//! log, so a printed page names the leaf anyone can check it against.

use gongkai_app::gazette::{Edition, IssueInput};
use gongkai_app::{Actor, App, AppError, AttachmentUpload};

use super::flow::{Cursor, run};
use super::layout::{LEFT, PAGE_H, PAGE_W, PT_PER_MM, Run, TEXT_H, TEXT_W, TOP, break_lines};
use super::{PdfError, font, measure, write};

const BODY: f32 = 11.0;
const LINE: f32 = 19.0;
const FOOTER: f32 = 9.0;
const MARK: f32 = 36.0;

/// The footer every page carries.
pub fn footer(e: &Edition, page: usize) -> String {
    format!(
        "{} {}年第{}期（总第{}期） · 公报日志第{}条 · 第{}页",
        e.gazette_title,
        e.year,
        e.number,
        e.total_number,
        e.leaf_index,
        page + 1
    )
}

/// Sets the edition; `em` gives each character's advance in ems.
pub fn set(e: &Edition, em: &dyn Fn(char) -> f32) -> (Vec<Run>, usize) {
    let w = |s: &str, size: f32| s.chars().map(|c| em(c) * size).sum::<f32>();
    let centred = |s: &str, size: f32| LEFT + (TEXT_W - w(s, size)) / 2.0;
    let mut runs = Vec::new();

    // The cover.
    let cover = [
        (e.gazette_title.clone(), 30.0, PAGE_H * 0.68),
        (
            format!("{}年第{}期（总第{}期）", e.year, e.number, e.total_number),
            16.0,
            PAGE_H * 0.58,
        ),
        (e.org_name.clone() + "办公室编印", 14.0, PAGE_H * 0.22),
        (gongkai_app::cn_date(e.published_on), 14.0, PAGE_H * 0.18),
    ];
    for (text, size, y) in cover {
        let x = centred(&text, size);
        runs.push(run(0, text, size, x, y));
    }

    // The contents' lines, set once to count their pages and again with the numbers.
    let entries = |starts: &[usize]| -> Vec<(String, f32, Option<usize>)> {
        let mut out = vec![("目　录".to_owned(), 18.0, None)];
        let mut section = "";
        for (i, a) in e.articles.iter().enumerate() {
            if a.section != section {
                section = &a.section;
                out.push((format!("【{section}】"), 13.0, None));
            }
            let mut title = a.title.clone();
            if !a.doc_number.is_empty() {
                title.push_str(&format!("（{}）", a.doc_number));
            }
            let lines = break_lines(&title, &|c| em(c) * BODY, 0.0, TEXT_W - 4.0 * BODY);
            let last = lines.len() - 1;
            for (n, l) in lines.into_iter().enumerate() {
                out.push((
                    l,
                    BODY,
                    (n == last).then(|| starts.get(i).copied().unwrap_or(0)),
                ));
            }
        }
        out
    };
    let toc_pages = entries(&[])
        .len()
        .div_ceil(Cursor::new(0, LINE).lines())
        .max(1);

    // The articles, from the page after the contents.
    let mut at = Cursor::new(1 + toc_pages, LINE);
    let mut starts = Vec::new();
    let mut body_runs = Vec::new();
    for a in &e.articles {
        at.keep(6);
        starts.push(at.page + 1);
        for l in break_lines(&a.title, &|c| em(c) * 16.0, 0.0, TEXT_W) {
            body_runs.push(run(
                at.page,
                l.clone(),
                16.0,
                centred(&l, 16.0),
                at.baseline(),
            ));
            at.next();
            at.next();
        }
        if !a.doc_number.is_empty() {
            body_runs.push(run(
                at.page,
                a.doc_number.clone(),
                BODY,
                centred(&a.doc_number, BODY),
                at.baseline(),
            ));
            at.next();
        }
        at.next();
        if a.paragraphs.is_empty() {
            let note = "（全文见本系统所载文件）";
            body_runs.push(run(
                at.page,
                note.into(),
                BODY,
                centred(note, BODY),
                at.baseline(),
            ));
            at.next();
        }
        for p in &a.paragraphs {
            for (n, l) in break_lines(p, &|c| em(c) * BODY, 2.0 * BODY, TEXT_W)
                .into_iter()
                .enumerate()
            {
                let x = LEFT + if n == 0 { 2.0 * BODY } else { 0.0 };
                body_runs.push(run(at.page, l, BODY, x, at.baseline()));
                at.next();
            }
        }
        at.next();
    }
    if e.articles.is_empty() {
        at.new_page();
    }
    let pages = at.pages();

    let mut toc = Cursor::new(1, LINE);
    for (text, size, page) in entries(&starts) {
        let x = if size > BODY {
            centred(&text, size)
        } else {
            LEFT
        };
        runs.push(run(toc.page, text, size, x, toc.baseline()));
        if let Some(p) = page {
            let n = p.to_string();
            let nx = LEFT + TEXT_W - w(&n, BODY);
            runs.push(run(toc.page, n, BODY, nx, toc.baseline()));
        }
        toc.next();
    }
    runs.extend(body_runs);

    for page in 0..pages {
        let f = footer(e, page);
        let y = PAGE_H - TOP - TEXT_H - 8.0 * PT_PER_MM;
        runs.push(run(page, f.clone(), FOOTER, centred(&f, FOOTER), y));
        for k in 0..3 {
            let y = PAGE_H * (0.2 + 0.3 * k as f32);
            let x = (PAGE_W - w(&e.org_name, MARK) * 0.82) / 2.0;
            runs.push(Run {
                gray: 0.86,
                angle: 35.0,
                ..run(page, e.org_name.clone(), MARK, x, y)
            });
        }
    }
    (runs, pages)
}

/// The e-edition as PDF.
pub fn edition(e: &Edition) -> Result<Vec<u8>, PdfError> {
    let font = font().ok_or(PdfError::NoFont)?;
    let face = ttf_parser::Face::parse(&font.data, font.index).map_err(|_| PdfError::Font)?;
    let em = measure(&face);
    let (runs, pages) = set(e, &em);
    let title = format!("{}{}年第{}期", e.gazette_title, e.year, e.number);
    write(&font, &face, &runs, pages, None, &title)
}

/// Sets an issue's e-edition from its contents and publishes it at the log position
/// its footers print; the back office and the console's import both publish this way.
pub async fn publish(
    app: &App,
    actor: &Actor,
    org: &str,
    input: &IssueInput,
) -> Result<(i32, u32), AppError> {
    let e = app.gazette_edition(actor, org, input).await?;
    let leaf = e.leaf_index;
    let filename = format!("{org}-{}-{}.pdf", e.year, e.number);
    let bytes = tokio::task::spawn_blocking(move || edition(&e))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    let pdf = AttachmentUpload { filename, bytes };
    app.publish_gazette_issue(actor, org, input, &pdf, Some(leaf))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_app::gazette::EditionArticle;

    fn em(c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    fn edition(articles: usize, paragraphs: usize) -> Edition {
        Edition {
            gazette_title: "云溪县人民政府公报".into(),
            org_name: "云溪县人民政府".into(),
            year: 2026,
            number: 11,
            total_number: 245,
            published_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            leaf_index: 37,
            articles: (0..articles)
                .map(|i| EditionArticle {
                    section: if i < 2 { "规章" } else { "政府文件" }.into(),
                    title: format!("云溪县第{i}号管理办法"),
                    doc_number: format!("云政规〔2026〕{i}号"),
                    paragraphs: (0..paragraphs)
                        .map(|p| {
                            format!(
                                "第{p}条 为了规范管理，根据有关法律法规，结合本县实际，制定本办法。"
                            )
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn every_page_has_the_watermark_and_the_log_position() {
        let e = edition(5, 30);
        let (runs, pages) = set(&e, &em);
        assert!(pages >= 5, "{pages}");
        for p in 0..pages {
            assert!(
                runs.iter()
                    .any(|r| r.page == p && r.gray > 0.5 && r.text == "云溪县人民政府"),
                "watermark on page {p}"
            );
            assert!(
                runs.iter()
                    .any(|r| r.page == p && r.text.contains("公报日志第37条")),
                "footer on page {p}"
            );
        }
        // The contents give the page each article starts on, and it does start there.
        let toc_numbers: Vec<usize> = runs
            .iter()
            .filter(|r| r.page == 1 && r.text.chars().all(|c| c.is_ascii_digit()))
            .map(|r| r.text.parse().unwrap())
            .collect();
        assert_eq!(toc_numbers.len(), 5);
        for (i, n) in toc_numbers.iter().enumerate() {
            let title = format!("云溪县第{i}号管理办法");
            let at = runs
                .iter()
                .find(|r| r.text == title && r.size == 16.0)
                .unwrap();
            assert_eq!(at.page + 1, *n, "article {i}");
        }
        assert!(runs.iter().all(|r| r.page < pages));
    }

    #[test]
    fn an_edition_is_a_pdf_with_the_font_when_one_is_installed() {
        let e = edition(2, 3);
        match super::edition(&e) {
            Err(PdfError::NoFont) => {}
            Ok(bytes) => {
                assert!(bytes.starts_with(b"%PDF-"));
                std::fs::write(
                    std::env::temp_dir().join("gongkai-gazette-sample.pdf"),
                    &bytes,
                )
                .unwrap();
            }
            Err(e) => panic!("{e}"),
        }
    }
}
