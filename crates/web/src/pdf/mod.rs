//! Letters as PDF, set as 公文 ([`layout`]), with a Chinese serif face from the system
//! (Debian's fonts-noto-cjk: Noto Serif CJK, a 宋体-like face; no free 仿宋 is packaged)
//! subset to the characters used and embedded, so the file prints the same everywhere;
//! the organisation's seal over its signature when it has one ([`image`]).
//!
//! The font is found once: `GONGKAI_CJK_FONT`, else a serif face where Debian installs
//! one, else a sans face. Without any, PDF is refused with a message pointing to the
//! printable page, which needs no font on the server.

mod flow;
pub mod gazette;
pub mod handbook;
pub mod image;
pub mod inspection;
pub mod layout;
pub mod notice_board;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use gongkai_app::{ImageFile, Letter};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use layout::{PAGE_H, PAGE_W, SEAL_D};

/// Where Debian puts CJK faces: serif first (公文 are set in 仿宋 or 宋体), sans last.
const CANDIDATES: [&str; 7] = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
];

/// A CJK font file and the face of it that is Simplified Chinese.
pub struct CjkFont {
    data: Vec<u8>,
    index: u32,
    /// The face's PostScript name, which the PDF names its font by.
    name: String,
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
                let name = ttf_parser::Face::parse(&data, index)
                    .ok()
                    .and_then(|f| {
                        f.names()
                            .into_iter()
                            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
                            .find_map(|n| n.to_string())
                    })
                    .unwrap_or_else(|| "CJK".into())
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                tracing::info!(path, index, %name, "CJK font for PDF letters");
                return Some(Arc::new(CjkFont { data, index, name }));
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

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("服务器未安装中文字体（fonts-noto-cjk），无法生成PDF，请使用打印版页面")]
    NoFont,
    #[error("字体无法读取")]
    Font,
    #[error("字体子集化失败")]
    Subset,
}

/// Sets `letter` as a 公文 on A4 pages, with `seal` over the signature if given.
pub fn letter(letter: &Letter, seal: Option<&ImageFile>) -> Result<Vec<u8>, PdfError> {
    let font = font().ok_or(PdfError::NoFont)?;
    let face = ttf_parser::Face::parse(&font.data, font.index).map_err(|_| PdfError::Font)?;
    let em = measure(&face);
    let set = layout::set(letter, &em);
    let seal = seal.and_then(|s| match image::prepare(s.kind, &s.bytes) {
        Ok(e) => Some(e),
        Err(e) => {
            tracing::warn!(error = %e, "seal left out of the letter");
            None
        }
    });
    write(
        &font,
        &face,
        &set.runs,
        set.pages,
        seal.map(|e| (set.seal, e)),
        &letter.title,
    )
}

/// Each character's advance in ems, from the face.
fn measure<'a>(face: &'a ttf_parser::Face<'a>) -> impl Fn(char) -> f32 + 'a {
    let units = f32::from(face.units_per_em());
    move |c: char| {
        face.glyph_index(c)
            .and_then(|g| face.glyph_hor_advance(g))
            .map_or(1.0, |a| f32::from(a) / units)
    }
}

/// Writes runs of text on `pages` A4 pages as a PDF with the font subset to the
/// characters used, the seal stamped where given, and `title` in the document info.
fn write(
    font: &CjkFont,
    face: &ttf_parser::Face<'_>,
    runs: &[layout::Run],
    pages: usize,
    seal: Option<(layout::SealSpot, image::Embedded)>,
    title: &str,
) -> Result<Vec<u8>, PdfError> {
    let a4 = Paper {
        w: PAGE_W,
        h: PAGE_H,
        strokes: Vec::new(),
    };
    write_on(font, face, runs, pages, seal, title, &a4)
}

/// A straight line on a page (a table's rules), from (x1, y1) to (x2, y2) in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub page: usize,
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

/// The paper a document is set on, and the rules drawn on it.
pub struct Paper {
    pub w: f32,
    pub h: f32,
    pub strokes: Vec<Stroke>,
}

/// [`write`] on paper of any size, with rules.
fn write_on(
    font: &CjkFont,
    face: &ttf_parser::Face<'_>,
    runs: &[layout::Run],
    pages: usize,
    seal: Option<(layout::SealSpot, image::Embedded)>,
    title: &str,
    paper: &Paper,
) -> Result<Vec<u8>, PdfError> {
    let units = f32::from(face.units_per_em());
    let em = measure(face);
    let set_seal = seal.as_ref().map(|(spot, _)| *spot);
    let seal = seal.map(|(_, e)| e);

    // The glyphs used, subset; CIDs are the new glyph ids.
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut to_unicode: BTreeMap<u16, char> = BTreeMap::new();
    for run in runs {
        for c in run.text.chars() {
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
    let seal_ref = alloc();
    let seal_mask = alloc();
    let font_name = Name(b"F1");
    let seal_name = Name(b"Seal");
    let base = format!("GKAAAA+{}", font.name);
    let base_font = Name(base.as_bytes());

    pdf.catalog(catalog).pages(tree);
    let info = alloc();
    let page_ids: Vec<(Ref, Ref)> = (0..pages).map(|_| (alloc(), alloc())).collect();
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);
    for (n, (page_id, content_id)) in page_ids.iter().enumerate() {
        let sealed = seal.is_some() && set_seal.is_some_and(|s| s.page == n);
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, paper.w, paper.h));
        page.parent(tree);
        page.contents(*content_id);
        let mut resources = page.resources();
        resources.fonts().pair(font_name, type0);
        if sealed {
            resources.x_objects().pair(seal_name, seal_ref);
        }
        resources.finish();
        page.finish();
        let mut content = Content::new();
        for st in paper.strokes.iter().filter(|st| st.page == n) {
            content.set_line_width(st.width);
            content.move_to(st.x1, st.y1);
            content.line_to(st.x2, st.y2);
            content.stroke();
        }
        for run in runs.iter().filter(|r| r.page == n) {
            let mut bytes = Vec::with_capacity(run.text.len() * 2);
            for c in run.text.chars() {
                let cid = face
                    .glyph_index(c)
                    .and_then(|g| remapper.get(g.0))
                    .unwrap_or(0);
                bytes.extend_from_slice(&cid.to_be_bytes());
            }
            content.begin_text();
            content.set_fill_gray(run.gray);
            content.set_font(font_name, run.size);
            content.set_char_spacing(run.spacing);
            if run.angle == 0.0 {
                content.next_line(run.x, run.y);
            } else {
                let (sin, cos) = run.angle.to_radians().sin_cos();
                content.set_text_matrix([cos, sin, -sin, cos, run.x, run.y]);
            }
            content.show(Str(&bytes));
            content.end_text();
        }
        if let (true, Some(spot)) = (sealed, set_seal) {
            // Drawn last, over the signature and the date, as a seal is stamped.
            let half = SEAL_D / 2.0;
            content.save_state();
            content.transform([SEAL_D, 0.0, 0.0, SEAL_D, spot.cx - half, spot.cy - half]);
            content.x_object(seal_name);
            content.restore_state();
        }
        pdf.stream(*content_id, &content.finish());
    }
    if let Some(seal) = seal {
        write_seal(&mut pdf, seal_ref, seal_mask, seal);
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
        widths.consecutive(*cid_value, [em(*c) * 1000.0]);
    }
    widths.finish();
    cid.finish();

    let bbox = face.global_bounding_box();
    let scale = |v: i16| f32::from(v) / units * 1000.0;
    let mut fd = pdf.font_descriptor(descriptor);
    fd.name(base_font)
        .flags(FontFlags::SYMBOLIC | FontFlags::SERIF)
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
    pdf.document_info(info)
        .title(pdf_writer::TextStr(title))
        .producer(pdf_writer::TextStr("Gongkai"));
    Ok(pdf.finish())
}

/// The seal as an image XObject: JPEG as it is, pixels compressed, with their
/// transparency as a soft mask.
fn write_seal(pdf: &mut Pdf, id: Ref, mask: Ref, seal: image::Embedded) {
    use std::io::Write;
    let deflate = |data: &[u8]| {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = z.write_all(data);
        z.finish().unwrap_or_default()
    };
    match seal {
        image::Embedded::Jpeg {
            data,
            width,
            height,
            gray,
        } => {
            let mut x = pdf.image_xobject(id, &data);
            x.filter(Filter::DctDecode);
            x.width(width as i32)
                .height(height as i32)
                .bits_per_component(8);
            if gray {
                x.color_space().device_gray();
            } else {
                x.color_space().device_rgb();
            }
        }
        image::Embedded::Pixels {
            width,
            height,
            rgb,
            alpha,
        } => {
            let packed = deflate(&rgb);
            let mut x = pdf.image_xobject(id, &packed);
            x.filter(Filter::FlateDecode);
            x.width(width as i32)
                .height(height as i32)
                .bits_per_component(8);
            x.color_space().device_rgb();
            if alpha.is_some() {
                x.s_mask(mask);
            }
            x.finish();
            if let Some(a) = alpha {
                let packed = deflate(&a);
                let mut m = pdf.image_xobject(mask, &packed);
                m.filter(Filter::FlateDecode);
                m.width(width as i32)
                    .height(height as i32)
                    .bits_per_component(8);
                m.color_space().device_gray();
            }
        }
    }
}

/// Sets a PDF off the async threads, its failure as the page a user understands: no
/// font is a missing package (503), anything else an internal error.
pub async fn make<F>(f: F) -> Result<Vec<u8>, crate::error::PageError>
where
    F: FnOnce() -> Result<Vec<u8>, PdfError> + Send + 'static,
{
    use axum::http::StatusCode;
    let failed = |what: &str| {
        crate::error::PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("文件生成失败，{what}"),
        )
    };
    match tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| failed("请稍后再试。"))?
    {
        Ok(b) => Ok(b),
        Err(e @ PdfError::NoFont) => Err(crate::error::PageError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            e.to_string(),
        )),
        Err(e) => {
            tracing::error!(error = %e, "pdf failed");
            Err(failed("请使用打印版页面。"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(paragraphs: usize) -> Letter {
        Letter {
            kind: gongkai_domain::application::LetterKind::Reply,
            title: "政府信息公开申请答复书".into(),
            org_name: "云溪县人民政府".into(),
            org_slug: "yunxi".into(),
            tracking_number: "yunxi-2025-00001".into(),
            paragraphs: std::iter::once("王晓明：".to_owned())
                .chain((0..paragraphs).map(|i| {
                    format!("第{i}段：本机关于2025年3月3日收到您提出的政府信息公开申请，申请获取“城关镇老旧小区改造计划（2025—2027年）”。经审查，现答复如下：予以公开。ABC abc 123。")
                }))
                .collect(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(),
        }
    }

    /// A long letter runs onto more pages; a short one fits on one; the seal is an
    /// image with a soft mask; the font is named. Left in the temporary folder for a
    /// look (pdftoppm renders it).
    #[test]
    fn letters_set_on_a4_pages_with_the_font_subset_and_the_seal() {
        let seal = ImageFile {
            kind: gongkai_domain::site::ImageKind::Png,
            bytes: include_bytes!("../../../cli/src/demo/seal.png").to_vec(),
            updated_at: String::new(),
        };
        let Some(f) = font() else {
            assert!(matches!(letter(&sample(1), None), Err(PdfError::NoFont)));
            return;
        };
        let one = letter(&sample(3), Some(&seal)).unwrap();
        let text = String::from_utf8_lossy(&one);
        assert_eq!(
            text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(),
            1,
            "one page"
        );
        assert!(
            text.contains("/Subtype /Image") && text.contains("/SMask"),
            "the seal"
        );
        assert!(text.contains(&format!("/BaseFont /GKAAAA+{}", f.name)));
        let many = letter(&sample(40), None).unwrap();
        let pages = String::from_utf8_lossy(&many).matches("/MediaBox").count();
        assert!(pages >= 3, "{pages} pages");
        std::fs::write(std::env::temp_dir().join("gongkai-letter-sample.pdf"), &one).unwrap();
    }
}
