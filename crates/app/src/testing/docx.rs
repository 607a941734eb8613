//! Word documents for tests, written the way Word and WPS write them: the red
//! header, the 文号, a title broken over two lines, the 主送, headings either styled
//! or just bold, a numbered list, a table, the signature, the date (Arabic or Chinese
//! numerals) and the disclosure note. Each flavour names its styles its own way.

use std::io::Write;

/// Who saved the file: the style ids differ ("Heading1" and "Title" in Word, "1"
/// and "2" in WPS, whose names live in styles.xml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Word,
    Wps,
}

/// A paragraph: text, style (by its name), alignment, size in points, list item.
pub struct P {
    pub text: &'static str,
    pub heading: Option<u8>,
    pub centred: bool,
    pub right: bool,
    pub size: u32,
    pub list: bool,
}

pub const fn p(text: &'static str) -> P {
    P {
        text,
        heading: None,
        centred: false,
        right: false,
        size: 16,
        list: false,
    }
}

pub enum Block {
    P(P),
    Table(Vec<Vec<&'static str>>),
}

fn xml_escape(s: &str) -> String {
    crate::escape_html(s)
}

fn paragraph(p: &P, flavour: Flavour) -> String {
    let mut ppr = String::new();
    if let Some(h) = p.heading {
        let id = match flavour {
            Flavour::Word => format!("Heading{h}"),
            Flavour::Wps => (h + 1).to_string(),
        };
        ppr.push_str(&format!("<w:pStyle w:val=\"{id}\"/>"));
    }
    if p.list {
        ppr.push_str("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>");
    }
    if p.centred {
        ppr.push_str("<w:jc w:val=\"center\"/>");
    } else if p.right {
        ppr.push_str("<w:jc w:val=\"right\"/>");
    }
    // WPS splits text into several runs and sets the East Asian font on each.
    let runs: Vec<String> = match flavour {
        Flavour::Word => vec![p.text.to_owned()],
        Flavour::Wps => {
            let chars: Vec<char> = p.text.chars().collect();
            chars.chunks(5).map(|c| c.iter().collect()).collect()
        }
    };
    let rpr = format!(
        "<w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\"/><w:sz w:val=\"{}\"/></w:rPr>",
        p.size * 2
    );
    let body: String = runs
        .iter()
        .map(|t| {
            format!(
                "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_escape(t)
            )
        })
        .collect();
    format!("<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>")
}

/// The .docx bytes of `blocks`.
pub fn docx(blocks: &[Block], flavour: Flavour) -> Vec<u8> {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::P(p) => body.push_str(&paragraph(p, flavour)),
            Block::Table(rows) => {
                body.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>");
                for r in rows {
                    body.push_str("<w:tr>");
                    for c in r {
                        body.push_str(&format!(
                            "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
                            paragraph(&p(c), flavour)
                        ));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"w14\">\
         <w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    );
    let styles = match flavour {
        Flavour::Word => {
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style>"
        }
        Flavour::Wps => {
            "<w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 1\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"3\"><w:name w:val=\"heading 2\"/></w:style>"
        }
    };
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{styles}</w:styles>"
    );
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opt = zip::write::SimpleFileOptions::default();
        for (name, text) in [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
            ),
            ("word/document.xml", document.as_str()),
            ("word/styles.xml", styles.as_str()),
        ] {
            z.start_file(name, opt).expect("zip entry");
            z.write_all(text.as_bytes()).expect("zip write");
        }
        z.finish().expect("zip");
    }
    out.into_inner()
}

/// A notice of a county government as counties write them.
pub fn county_notice(flavour: Flavour, chinese_date: bool) -> Vec<u8> {
    let head = |text| P {
        centred: true,
        size: 26,
        ..p(text)
    };
    let title = |text| P {
        centred: true,
        size: 22,
        ..p(text)
    };
    let heading = |text| P {
        heading: Some(1),
        ..p(text)
    };
    let item = |text| P {
        list: true,
        ..p(text)
    };
    let right = |text| P {
        right: true,
        ..p(text)
    };
    docx(
        &[
            Block::P(head("云溪县人民政府文件")),
            Block::P(P {
                centred: true,
                ..p("云政发〔2025〕8号")
            }),
            Block::P(title("云溪县人民政府关于印发")),
            Block::P(title("2025年重点工作任务分工方案的通知")),
            Block::P(p("各乡镇人民政府，县直各单位：")),
            Block::P(p(
                "现将《2025年重点工作任务分工方案》印发给你们，请认真贯彻落实。",
            )),
            Block::P(heading("一、总体要求")),
            Block::P(p("坚持稳中求进，确保各项任务按期完成。")),
            Block::P(item("各单位主要负责人为第一责任人；")),
            Block::P(item("每月25日前报送进展情况。")),
            Block::Table(vec![
                vec!["任务", "牵头单位", "完成时限"],
                vec!["农村公路养护", "县交通运输局", "2025年10月"],
            ]),
            Block::P(p("")),
            Block::P(right("云溪县人民政府")),
            Block::P(right(if chinese_date {
                "二〇二五年三月四日"
            } else {
                "2025年3月4日"
            })),
            Block::P(p("（此件公开发布）")),
        ],
        flavour,
    )
}
