//! Personal data in a file before it is published: text, CSV (UTF-8 or the GBK that
//! Excel on Chinese Windows saves) and .xlsx workbooks, every sheet, every cell.

use gongkai_domain::catalog::table::Sheet;
use gongkai_domain::pii::{Detection, scan_sheet, scan_text};

/// Text from bytes: UTF-8 (with or without a byte-order mark), else GBK.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    }
}

/// The rows of a CSV text: fields split by commas, double quotes around fields that
/// hold commas, quotes or line breaks, doubled quotes inside them.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Every detection in the file named `filename`, by its extension.
pub fn scan_file(filename: &str, bytes: &[u8]) -> Result<Vec<Detection>, String> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "xlsx" => crate::catalog_xlsx::sheets(bytes)?
            .iter()
            .flat_map(scan_sheet)
            .collect(),
        "csv" => {
            let name = filename
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(filename)
                .trim_end_matches(".csv");
            scan_sheet(&Sheet::from_rows(name, csv_rows(&decode_text(bytes))))
        }
        "xls" | "et" => return Err("旧版 .xls 表格请另存为 .xlsx 或 CSV 后再检查".into()),
        "docx" | "wps" => scan_text(&crate::word::read_docx(bytes).map_err(|e| e.message)?.body),
        "txt" | "text" | "md" | "htm" | "html" | "xml" | "json" | "" => {
            scan_text(&decode_text(bytes))
        }
        // PDF, images, video: no text can be read here without guessing.
        _ => return Err(format!("无法从“.{ext}”文件中提取文字")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_saved_by_excel_in_gbk_with_quoted_fields() {
        let text = "序号,户主姓名,住址,联系电话\r\n1,张三,\"青石镇,石门村\",13812345678\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let found = scan_file("低保名单.csv", &gbk).unwrap();
        let places: Vec<&str> = found.iter().map(|d| d.place.as_str()).collect();
        assert_eq!(places, ["低保名单!B2", "低保名单!D2"]);
        assert_eq!(csv_rows("a,\"b \"\"c\"\"\"\n")[0], ["a", "b \"c\""]);
        assert!(scan_file("x.xls", b"").is_err());
        assert_eq!(
            scan_file("通知.txt", "联系电话：13812345678".as_bytes())
                .unwrap()
                .len(),
            1
        );
    }
}
