//! CSV as Excel and WPS open it without asking: UTF-8 with a byte-order mark, CRLF line
//! ends, every field quoted, and no field a spreadsheet would run as a formula.

/// A field as written: quoted, and prefixed with an apostrophe when it starts with a
/// character that makes Excel or WPS evaluate it (=, +, -, @, a tab or a line break) —
/// an application titled "=HYPERLINK(…)" must stay text in the register.
fn field(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
    let s = if risky { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A header row and the rows under it.
pub fn table<S: AsRef<str>>(header: &[&str], rows: impl IntoIterator<Item = Vec<S>>) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&row(header));
    for r in rows {
        out.push_str(&row(&r));
    }
    out.into_bytes()
}

/// One row with its line end, for a table written piece by piece after its header.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}
