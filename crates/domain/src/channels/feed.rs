//! Atom feeds (RFC 4287) of what an organisation publishes.

use chrono::NaiveDateTime;

use super::{rfc3339, xml_text};

/// A feed: `id` and the links are absolute addresses.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub title: String,
    /// The page the feed follows (its `alternate`), also the feed's id.
    pub page_url: String,
    pub self_url: String,
    /// Who publishes it: the organisation's name.
    pub author: String,
    pub entries: Vec<Entry>,
    /// When nothing is in the feed: when the organisation was set up, say.
    pub empty_updated: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub title: String,
    /// The page of the entry, also its id: it never changes once published.
    pub url: String,
    pub published: NaiveDateTime,
    pub updated: NaiveDateTime,
    /// Plain text; empty for none.
    pub summary: String,
    /// The issuing organisation, when it is not the feed's.
    pub author: Option<String>,
    /// Labels such as the 主题 or the category, each (term, label).
    pub categories: Vec<(String, String)>,
}

impl Feed {
    /// The feed's last change: its newest entry's.
    pub fn updated(&self) -> NaiveDateTime {
        self.entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(self.empty_updated)
    }

    pub fn to_xml(&self) -> String {
        let mut x = String::with_capacity(512 + self.entries.len() * 512);
        x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
        element(&mut x, 1, "title", &self.title);
        element(&mut x, 1, "id", &self.page_url);
        link(&mut x, 1, "alternate", "text/html", &self.page_url);
        link(&mut x, 1, "self", "application/atom+xml", &self.self_url);
        element(&mut x, 1, "updated", &rfc3339(self.updated()));
        x.push_str("  <author>\n");
        element(&mut x, 2, "name", &self.author);
        x.push_str("  </author>\n");
        for e in &self.entries {
            x.push_str("  <entry>\n");
            element(&mut x, 2, "title", &e.title);
            element(&mut x, 2, "id", &e.url);
            link(&mut x, 2, "alternate", "text/html", &e.url);
            element(&mut x, 2, "published", &rfc3339(e.published));
            element(&mut x, 2, "updated", &rfc3339(e.updated));
            if let Some(a) = &e.author {
                x.push_str("    <author>\n");
                element(&mut x, 3, "name", a);
                x.push_str("    </author>\n");
            }
            for (term, label) in &e.categories {
                x.push_str(&format!(
                    "    <category term=\"{}\" label=\"{}\"/>\n",
                    xml_text(term),
                    xml_text(label)
                ));
            }
            if !e.summary.trim().is_empty() {
                element(&mut x, 2, "summary", e.summary.trim());
            }
            x.push_str("  </entry>\n");
        }
        x.push_str("</feed>\n");
        x
    }
}

fn element(x: &mut String, depth: usize, name: &str, text: &str) {
    x.push_str(&"  ".repeat(depth));
    x.push_str(&format!("<{name}>{}</{name}>\n", xml_text(text)));
}

fn link(x: &mut String, depth: usize, rel: &str, kind: &str, href: &str) {
    x.push_str(&"  ".repeat(depth));
    x.push_str(&format!(
        "<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>\n",
        xml_text(href)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_feed_names_its_newest_change_and_escapes_titles() {
        let feed = Feed {
            title: "云溪县人民政府 政府信息公开".into(),
            page_url: "https://yunxi.example/yunxi/xxgk/".into(),
            self_url: "https://yunxi.example/yunxi/feed.atom".into(),
            author: "云溪县人民政府".into(),
            empty_updated: at(1, 0),
            entries: vec![
                Entry {
                    title: "关于<印发>《实施方案》的通知 & 附件".into(),
                    url: "https://yunxi.example/yunxi/xxgk/doc/X-2026-00001".into(),
                    published: at(3, 0),
                    updated: at(5, 9),
                    summary: "  ".into(),
                    author: Some("云溪县民政局".into()),
                    categories: vec![("a20-01".into(), "规章、规范性文件".into())],
                },
                Entry {
                    title: "第二件".into(),
                    url: "https://yunxi.example/yunxi/xxgk/doc/X-2026-00002".into(),
                    published: at(4, 0),
                    updated: at(4, 0),
                    summary: "摘要".into(),
                    author: None,
                    categories: vec![],
                },
            ],
        };
        let x = feed.to_xml();
        assert!(x.contains("<updated>2026-03-05T09:00:00+08:00</updated>\n  <author>"));
        assert!(x.contains("关于&lt;印发&gt;《实施方案》的通知 &amp; 附件"));
        assert!(x.contains("<category term=\"a20-01\" label=\"规章、规范性文件\"/>"));
        assert_eq!(
            x.matches("<summary>").count(),
            1,
            "an empty summary is left out"
        );
        assert_eq!(x.matches("<entry>").count(), 2);
        let empty = Feed {
            entries: vec![],
            ..feed
        };
        assert!(
            empty
                .to_xml()
                .contains("<updated>2026-03-01T00:00:00+08:00</updated>")
        );
    }
}
