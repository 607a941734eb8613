//! 办事一本通: the published guides of an organisation (or the whole county) compiled
//! into one PDF — a cover, the contents with page numbers, then each guide with every
//! element — and the same elements for the guide's web page.

use chrono::NaiveDate;
use gongkai_app::services::{ServiceView, file_role_label};
use gongkai_domain::service::Element;

use super::flow::{Cursor, run};
use super::layout::{LEFT, PAGE_H, PT_PER_MM, Run, TEXT_H, TEXT_W, TOP, break_lines};
use super::{PdfError, font, measure, write};

const BODY: f32 = 11.0;
const LINE: f32 = 19.0;

/// A guide's elements in the seeds' order, each with its paragraphs (numbered for
/// steps and materials); what the page, the handbook and the API show alike.
pub fn elements(v: &ServiceView) -> Vec<(&'static str, Vec<String>)> {
    let f = &v.service.fields;
    let numbered = |items: &[String]| -> Vec<String> {
        items
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect()
    };
    let one = |s: &str| -> Vec<String> {
        if s.trim().is_empty() {
            Vec::new()
        } else {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        }
    };
    let mut samples = one(&f.mistakes);
    samples.extend(
        v.files
            .iter()
            .filter(|x| x.role != "form")
            .map(|x| format!("{}：{}", file_role_label(&x.role), x.filename)),
    );
    let mut fees = one(&f.fees);
    if !f.fee_basis.trim().is_empty() {
        fees.push(format!("收费依据：{}", f.fee_basis.trim()));
    }
    let forms: Vec<String> = v
        .files
        .iter()
        .filter(|x| x.role == "form")
        .map(|x| x.filename.clone())
        .collect();
    let mut out = vec![
        (Element::Basis.label(), one(&f.basis)),
        (Element::Office.label(), one(&f.office)),
        (Element::Steps.label(), numbered(&v.steps)),
        (Element::Materials.label(), numbered(&v.materials)),
        (Element::Samples.label(), samples),
        (Element::Fees.label(), fees),
        (Element::TimeLimit.label(), one(&f.time_limit)),
        (Element::Place.label(), one(&f.place)),
        (Element::Hours.label(), one(&f.hours)),
        (Element::Contact.label(), one(&f.phone)),
        (Element::Complaint.label(), one(&f.complaint_phone)),
    ];
    if !forms.is_empty() {
        out.push(("申请表格", forms));
    }
    if !f.online_url.is_empty() {
        out.push(("网上办理", vec![f.online_url.clone()]));
    }
    out
}

/// The handbook's pages: `title` on the cover over `issuer` and `date`.
pub struct Handbook<'a> {
    pub title: &'a str,
    pub issuer: &'a str,
    pub date: NaiveDate,
    pub guides: &'a [ServiceView],
}

fn footer(title: &str, page: usize) -> String {
    format!("{title} · 第{}页", page + 1)
}

/// Sets the handbook; `em` gives each character's advance in ems.
pub fn set(h: &Handbook<'_>, em: &dyn Fn(char) -> f32) -> (Vec<Run>, usize) {
    let w = |s: &str, size: f32| s.chars().map(|c| em(c) * size).sum::<f32>();
    let centred = |s: &str, size: f32| LEFT + (TEXT_W - w(s, size)) / 2.0;
    let mut runs = Vec::new();
    for (text, size, y) in [
        (h.title.to_owned(), 28.0, PAGE_H * 0.66),
        (format!("（共{}项）", h.guides.len()), 14.0, PAGE_H * 0.58),
        (h.issuer.to_owned(), 14.0, PAGE_H * 0.22),
        (gongkai_app::cn_date(h.date), 14.0, PAGE_H * 0.18),
    ] {
        let x = centred(&text, size);
        runs.push(run(0, text, size, x, y));
    }

    // The contents, grouped by organisation, set once to count pages and again with
    // the page numbers.
    let entries = |starts: &[usize]| -> Vec<(String, f32, Option<usize>)> {
        let mut out = vec![("目　录".to_owned(), 18.0, None)];
        let mut org = "";
        for (i, g) in h.guides.iter().enumerate() {
            if g.org.name != org {
                org = &g.org.name;
                out.push((format!("【{org}】"), 13.0, None));
            }
            let lines = break_lines(
                &g.service.fields.name,
                &|c| em(c) * BODY,
                0.0,
                TEXT_W - 4.0 * BODY,
            );
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
    let per_page = Cursor::new(0, LINE).lines();
    let toc_pages = entries(&[]).len().div_ceil(per_page).max(1);

    let mut at = Cursor::new(1 + toc_pages, LINE);
    let mut starts = Vec::new();
    for g in h.guides {
        at.new_page();
        starts.push(at.page + 1);
        for l in break_lines(&g.service.fields.name, &|c| em(c) * 16.0, 0.0, TEXT_W) {
            runs.push(run(
                at.page,
                l.clone(),
                16.0,
                centred(&l, 16.0),
                at.baseline(),
            ));
            at.next();
            at.next();
        }
        let by = format!("实施主体：{}", g.org.name);
        runs.push(run(
            at.page,
            by.clone(),
            BODY,
            centred(&by, BODY),
            at.baseline(),
        ));
        at.next();
        at.next();
        for (label, paras) in elements(g) {
            at.keep(2);
            runs.push(run(
                at.page,
                format!("【{label}】"),
                BODY,
                LEFT,
                at.baseline(),
            ));
            at.next();
            let paras = if paras.is_empty() {
                vec!["（未提供）".to_owned()]
            } else {
                paras
            };
            for p in paras {
                for (n, l) in break_lines(&p, &|c| em(c) * BODY, 2.0 * BODY, TEXT_W)
                    .into_iter()
                    .enumerate()
                {
                    let x = LEFT + if n == 0 { 2.0 * BODY } else { 0.0 };
                    runs.push(run(at.page, l, BODY, x, at.baseline()));
                    at.next();
                }
            }
        }
    }
    if h.guides.is_empty() {
        at.new_page();
    }
    let pages = at.pages().max(1 + toc_pages);

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
    for page in 1..pages {
        let f = footer(h.title, page);
        let y = PAGE_H - TOP - TEXT_H - 8.0 * PT_PER_MM;
        runs.push(run(page, f.clone(), 9.0, centred(&f, 9.0), y));
    }
    (runs, pages)
}

/// The handbook as PDF.
pub fn pdf(h: &Handbook<'_>) -> Result<Vec<u8>, PdfError> {
    let font = font().ok_or(PdfError::NoFont)?;
    let face = ttf_parser::Face::parse(&font.data, font.index).map_err(|_| PdfError::Font)?;
    let em = measure(&face);
    let (runs, pages) = set(h, &em);
    write(&font, &face, &runs, pages, None, h.title)
}
