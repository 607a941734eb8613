//! What the index holds of a document.

use chrono::{Datelike, NaiveDate};

/// A published 主动公开 document, as the app hands it to the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDoc {
    pub id: i64,
    pub index_number: String,
    pub title: String,
    pub summary: String,
    /// Body as plain text (see [`html_to_text`]).
    pub body_text: String,
    /// The normalised 文号.
    pub doc_number: Option<String>,
    /// The issuing organisation first, then its ancestors.
    pub org_ancestry: Vec<i64>,
    pub category: Option<String>,
    pub topic: String,
    pub validity: String,
    pub published_on: NaiveDate,
}

impl IndexDoc {
    pub(crate) fn days(&self) -> i64 {
        i64::from(self.published_on.num_days_from_ce())
    }
}

/// Plain text of sanitised body HTML: tags dropped (block ends become line breaks),
/// the few entities the sanitiser emits decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("</p")
                || tag.starts_with("</h")
                || tag.starts_with("<br")
                || tag.starts_with("</li")
                || tag.starts_with("</tr")
                || tag.starts_with("</t")
            {
                out.push('\n');
            }
            rest = &rest[end..];
        } else {
            let end = rest.find(';').filter(|e| *e <= 8);
            let (decoded, len) = match end.map(|e| &rest[..=e]) {
                Some("&amp;") => ("&", 5),
                Some("&lt;") => ("<", 4),
                Some("&gt;") => (">", 4),
                Some("&quot;") => ("\"", 6),
                Some("&#39;") => ("'", 5),
                Some("&nbsp;") => (" ", 6),
                _ => ("&", 1),
            };
            out.push_str(decoded);
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    #[test]
    fn tags_and_entities() {
        assert_eq!(
            html_to_text("<h2>第一章</h2><p>甲 &amp; 乙 &lt;丙&gt;</p><p>丁</p>"),
            "第一章\n甲 & 乙 <丙>\n丁\n"
        );
        assert_eq!(html_to_text("A&B <b>粗</b>"), "A&B 粗");
    }
}
