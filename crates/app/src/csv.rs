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
    let quote = |s: &str| field(s);
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in rows {
        out.push_str(
            &row.iter()
                .map(|c| quote(c.as_ref()))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out.into_bytes()
}
