//! Letters as PDF with a Chinese font from the system (Debian's fonts-noto-cjk), subset
//! to the characters used and embedded, so the file prints the same everywhere.
//!
//! The font is found once: `GONGKAI_CJK_FONT`, else the Noto Serif / Sans CJK
//! collections where Debian installs them. Without one, PDF is refused with a message
//! pointing to the printable page, which needs no font on the server.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use gongkai_app::{Letter, cn_date};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// Where Debian's fonts-noto-cjk puts its collections; serif first (closest to 宋体).
const CANDIDATES: [&str; 4] = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
];

/// A CJK font file and the face of it that is Simplified Chinese.
pub struct CjkFont {
    data: Vec<u8>,
    index: u32,
}

/// The font, loaded on first use; `None` when the system has none.
pub fn font() -> Option<Arc<CjkFont>> {
    static FONT: OnceLock<Option<Arc<CjkFont>>> = OnceLock::new();
    FONT.get_or_init(|| {
        let env = std::env::var("GONGKAI_CJK_FONT").ok();
        let paths = env.iter().map(String::as_str).chain(CANDIDATES);
        for path in paths {
            let Ok(data) = std::fs::read(path) else {
                continue;
            };
            if let Some(index) = simplified_face(&data) {
                tracing::info!(path, index, "CJK font for PDF letters");
                return Some(Arc::new(CjkFont { data, index }));
            }
        }
        tracing::warn!("no CJK font found: PDF letters are unavailable (install fonts-noto-cjk)");
        None
    })
    .clone()
}

/// The face of a font file (or collection) for Simplified Chinese: its family name
/// says SC, or, failing that, the first face that has 政.
fn simplified_face(data: &[u8]) -> Option<u32> {
    let n = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let faces: Vec<(u32, ttf_parser::Face)> = (0..n)
        .filter_map(|i| ttf_parser::Face::parse(data, i).ok().map(|f| (i, f)))
        .collect();
    let named_sc = faces.iter().find(|(_, f)| {
        f.names().into_iter().any(|name| {
            name.name_id == ttf_parser::name_id::FAMILY
                && name.to_string().is_some_and(|s| s.ends_with(" SC"))
        })
    });
    named_sc
        .or_else(|| faces.iter().find(|(_, f)| f.glyph_index('政').is_some()))
        .map(|(i, _)| *i)
}

const PT_PER_MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * PT_PER_MM;
const PAGE_H: f32 = 297.0 * PT_PER_MM;
/// 公文 margins (GB/T 9704): 37 mm top, 28 mm left, 26 mm right, 35 mm bottom.
const TOP: f32 = 37.0 * PT_PER_MM;
const LEFT: f32 = 28.0 * PT_PER_MM;
const RIGHT: f32 = 26.0 * PT_PER_MM;
const BOTTOM: f32 = 35.0 * PT_PER_MM;
const TITLE_SIZE: f32 = 20.0;
const BODY_SIZE: f32 = 15.0;
const LEADING: f32 = 1.75;

/// A line placed on a page: text, size, x, and whether it is centred/right-aligned.
struct Placed {
    text: String,
    size: f32,
    x: f32,
    y: f32,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("服务器未安装中文字体（fonts-noto-cjk），无法生成PDF，请使用打印版页面")]
    NoFont,
    #[error("字体无法读取")]
    Font,
    #[error("字体子集化失败")]
    Subset,
}

/// Sets `letter` on A4 pages.
pub fn letter(letter: &Letter) -> Result<Vec<u8>, PdfError> {
    let font = font().ok_or(PdfError::NoFont)?;
    let face = ttf_parser::Face::parse(&font.data, font.index).map_err(|_| PdfError::Font)?;
    let units = f32::from(face.units_per_em());
    let advance = |c: char, size: f32| -> f32 {
        face.glyph_index(c)
            .and_then(|g| face.glyph_hor_advance(g))
            .map_or(size, |a| f32::from(a) / units * size)
    };
    let width_of = |s: &str, size: f32| s.chars().map(|c| advance(c, size)).sum::<f32>();
    let text_w = PAGE_W - LEFT - RIGHT;

    // Lay out: title centred; the reference number right; paragraphs indented two
    // characters (the first, the salutation, is not); signature and date at the right.
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = PAGE_H - TOP;
    let place = |pages: &mut Vec<Vec<Placed>>, y: &mut f32, text: String, size: f32, x: f32| {
        if *y - size < BOTTOM {
            pages.push(Vec::new());
            *y = PAGE_H - TOP;
        }
        *y -= size;
        pages.last_mut().expect("a page").push(Placed {
            text,
            size,
            x,
            y: *y,
        });
        *y -= size * (LEADING - 1.0);
    };
    let title_w = width_of(&letter.title, TITLE_SIZE);
    place(
        &mut pages,
        &mut y,
        letter.title.clone(),
        TITLE_SIZE,
        LEFT + (text_w - title_w) / 2.0,
    );
    let number = format!("申请编号：{}", letter.tracking_number);
    place(
        &mut pages,
        &mut y,
        number.clone(),
        BODY_SIZE,
        PAGE_W - RIGHT - width_of(&number, BODY_SIZE),
    );
    y -= BODY_SIZE;
    for (i, p) in letter.paragraphs.iter().enumerate() {
        let indent = if i == 0 { 0.0 } else { 2.0 * BODY_SIZE };
        let mut line = String::new();
        let mut w = indent;
        let mut first = true;
        for c in p.chars() {
            let a = advance(c, BODY_SIZE);
            let limit = text_w;
            if w + a > limit && !line.is_empty() {
                let x = if first { LEFT + indent } else { LEFT };
                place(&mut pages, &mut y, std::mem::take(&mut line), BODY_SIZE, x);
                first = false;
                w = 0.0;
            }
            line.push(c);
            w += a;
        }
        if !line.is_empty() {
            let x = if first { LEFT + indent } else { LEFT };
            place(&mut pages, &mut y, line, BODY_SIZE, x);
        }
    }
    y -= BODY_SIZE * 2.0;
    for s in [letter.org_name.clone(), cn_date(letter.date)] {
        let x = PAGE_W - RIGHT - width_of(&s, BODY_SIZE) - 2.0 * BODY_SIZE;
        place(&mut pages, &mut y, s, BODY_SIZE, x);
    }

    // The glyphs used, subset; CIDs are the new glyph ids.
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut to_unicode: BTreeMap<u16, char> = BTreeMap::new();
    for line in pages.iter().flatten() {
        for c in line.text.chars() {
            if let Some(g) = face.glyph_index(c) {
                let cid = remapper.remap(g.0);
                to_unicode.entry(cid).or_insert(c);
            }
        }
    }
    let subset =
        subsetter::subset(&font.data, font.index, &remapper).map_err(|_| PdfError::Subset)?;
    let cff = face.tables().cff.is_some();

    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let type0 = alloc();
    let cid_font = alloc();
    let descriptor = alloc();
    let font_file = alloc();
    let cmap_ref = alloc();
    let font_name = Name(b"F1");
    let base_font = Name(b"GKAAAA+CJK");

    pdf.catalog(catalog).pages(tree);
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);
    for ((page_id, content_id), lines) in page_ids.iter().zip(&pages) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.parent(tree);
        page.contents(*content_id);
        page.resources().fonts().pair(font_name, type0);
        page.finish();
        let mut content = Content::new();
        for l in lines {
            let mut bytes = Vec::with_capacity(l.text.len() * 2);
            for c in l.text.chars() {
                let cid = face
                    .glyph_index(c)
                    .and_then(|g| remapper.get(g.0))
                    .unwrap_or(0);
                bytes.extend_from_slice(&cid.to_be_bytes());
            }
            content.begin_text();
            content.set_font(font_name, l.size);
            content.next_line(l.x, l.y);
            content.show(Str(&bytes));
            content.end_text();
        }
        pdf.stream(*content_id, &content.finish());
    }

    pdf.type0_font(type0)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(cmap_ref);
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(if cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    });
    cid.base_font(base_font);
    cid.system_info(system);
    cid.font_descriptor(descriptor);
    if !cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    let mut widths = cid.widths();
    for (cid_value, c) in &to_unicode {
        widths.consecutive(*cid_value, [advance(*c, 1000.0)]);
    }
    widths.finish();
    cid.finish();

    let bbox = face.global_bounding_box();
    let scale = |v: i16| f32::from(v) / units * 1000.0;
    let mut fd = pdf.font_descriptor(descriptor);
    fd.name(base_font)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0);
    if cff {
        fd.font_file3(font_file);
    } else {
        fd.font_file2(font_file);
    }
    fd.finish();
    let mut stream = pdf.stream(font_file, &subset);
    if cff {
        stream.pair(Name(b"Subtype"), Name(b"OpenType"));
    }
    stream.finish();

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
    for (cid_value, c) in &to_unicode {
        cmap.pair(*cid_value, *c);
    }
    pdf.cmap(cmap_ref, &cmap.finish());
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(paragraphs: usize) -> Letter {
        Letter {
            kind: gongkai_domain::application::LetterKind::Reply,
            title: "政府信息公开申请答复书".into(),
            org_name: "云溪县人民政府".into(),
            tracking_number: "yunxi-2025-00001".into(),
            paragraphs: std::iter::once("王晓明：".to_owned())
                .chain((0..paragraphs).map(|i| {
                    format!("第{i}段：本机关于2025年3月3日收到您提出的政府信息公开申请，申请获取“城关镇老旧小区改造计划（2025—2027年）”。经审查，现答复如下：予以公开。ABC abc 123。")
                }))
                .collect(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(),
        }
    }

    /// A long letter runs onto more pages; a short one fits on one. Left in the
    /// temporary folder for a look (pdftoppm renders it).
    #[test]
    fn letters_set_on_a4_pages_with_the_font_subset() {
        let Some(_) = font() else {
            assert!(matches!(letter(&sample(1)), Err(PdfError::NoFont)));
            return;
        };
        let one = letter(&sample(3)).unwrap();
        let text = String::from_utf8_lossy(&one);
        assert_eq!(
            text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(),
            1,
            "one page"
        );
        let many = letter(&sample(40)).unwrap();
        let pages = String::from_utf8_lossy(&many).matches("/MediaBox").count();
        assert!(pages >= 3, "{pages} pages");
        std::fs::write(
            std::env::temp_dir().join("gongkai-letter-sample.pdf"),
            &many,
        )
        .unwrap();
    }
}
