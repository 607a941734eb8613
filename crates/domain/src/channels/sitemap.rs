//! The XML sitemap (sitemaps.org 0.9): every public page and when it last changed, in
//! files of at most [`MAX_URLS`] addresses under one index.

use chrono::NaiveDateTime;

use super::{rfc3339, xml_text};

/// The protocol's limit of addresses per file.
pub const MAX_URLS: usize = 50_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Url {
    pub loc: String,
    pub lastmod: Option<NaiveDateTime>,
}

/// One sitemap file.
pub fn urlset(urls: &[Url]) -> String {
    document("urlset", "url", urls)
}

/// The index naming each sitemap file.
pub fn index(files: &[Url]) -> String {
    document("sitemapindex", "sitemap", files)
}

fn document(root: &str, item: &str, entries: &[Url]) -> String {
    let mut x = String::with_capacity(128 + entries.len() * 120);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<{root} xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    ));
    for u in entries {
        x.push_str(&format!("  <{item}><loc>{}</loc>", xml_text(&u.loc)));
        if let Some(at) = u.lastmod {
            x.push_str(&format!("<lastmod>{}</lastmod>", rfc3339(at)));
        }
        x.push_str(&format!("</{item}>\n"));
    }
    x.push_str(&format!("</{root}>\n"));
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn urls_are_escaped_and_dated() {
        let at = NaiveDate::from_ymd_opt(2026, 1, 2)
            .unwrap()
            .and_hms_opt(8, 30, 0)
            .unwrap();
        let x = urlset(&[
            Url {
                loc: "https://a.example/x?a=1&b=2".into(),
                lastmod: Some(at),
            },
            Url {
                loc: "https://a.example/".into(),
                lastmod: None,
            },
        ]);
        assert!(x.contains(
            "<loc>https://a.example/x?a=1&amp;b=2</loc><lastmod>2026-01-02T08:30:00+08:00</lastmod>"
        ));
        assert!(x.contains("<url><loc>https://a.example/</loc></url>"));
        let i = index(&[Url {
            loc: "https://a.example/sitemap-1.xml".into(),
            lastmod: Some(at),
        }]);
        assert!(i.starts_with("<?xml") && i.contains("<sitemapindex"));
    }
}
