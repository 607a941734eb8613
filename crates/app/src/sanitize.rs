//! Cleaning document bodies. Bodies are rich text from officers' editors and from
//! imports; whatever arrives, only a small set of structural tags survives, links
//! cannot run script, and nothing loads from outside the deployment.

use std::collections::HashSet;
use std::sync::OnceLock;

pub use gongkai_domain::html::escape_html;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let tags: HashSet<&str> = [
            "p",
            "br",
            "h2",
            "h3",
            "h4",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "sub",
            "sup",
            "ol",
            "ul",
            "li",
            "table",
            "caption",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "th",
            "td",
            "blockquote",
            "a",
            "hr",
        ]
        .into_iter()
        .collect();
        let mut b = ammonia::Builder::default();
        b.tags(tags)
            .tag_attributes(
                [
                    ("a", ["href"].into_iter().collect()),
                    ("td", ["colspan", "rowspan"].into_iter().collect()),
                    ("th", ["colspan", "rowspan", "scope"].into_iter().collect()),
                ]
                .into_iter()
                .collect(),
            )
            .generic_attributes(HashSet::new())
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer nofollow"));
        b
    })
}

/// Sanitises a body. Text without any markup is taken as plain text: each line
/// becomes a paragraph, and lines starting with `#`, `##`, `###` become headings (as
/// in imported Markdown-like sources).
pub fn sanitize_body(input: &str) -> String {
    let input = input.trim();
    if input.is_empty() {
        return String::new();
    }
    if !input.contains('<') {
        return input
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let level = l.chars().take_while(|c| *c == '#').count();
                match level {
                    1..=3 => format!(
                        "<h{n}>{}</h{n}>",
                        escape_html(l[level..].trim()),
                        n = level + 1
                    ),
                    _ => format!("<p>{}</p>", escape_html(l)),
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    cleaner().clean(input).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitize_body;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let out = sanitize_body(
            r#"<p onclick="x()">正文<script>alert(1)</script><img src="http://evil/x.png"></p>"#,
        );
        assert_eq!(out, "<p>正文</p>");
        let out = sanitize_body(
            r#"<a href="javascript:alert(1)">链接</a><a href="https://www.gov.cn/">国务院</a>"#,
        );
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains(r#"href="https://www.gov.cn/""#), "{out}");
    }

    #[test]
    fn plain_text_becomes_paragraphs_and_is_escaped() {
        assert_eq!(
            sanitize_body("第一段\n\n第二段 & 附件"),
            "<p>第一段</p>\n<p>第二段 &amp; 附件</p>"
        );
        assert_eq!(sanitize_body("a > b"), "<p>a &gt; b</p>");
    }

    #[test]
    fn markdown_headings_in_plain_text() {
        assert_eq!(
            sanitize_body("# 第一章 总则\n第一条 为了……\n## 第一节"),
            "<h2>第一章 总则</h2>\n<p>第一条 为了……</p>\n<h3>第一节</h3>"
        );
        assert_eq!(sanitize_body("#### 四级"), "<p>#### 四级</p>");
    }

    #[test]
    fn tables_survive() {
        let out = sanitize_body(
            r#"<table><tr><th scope="col">项目</th><td colspan="2" style="color:red">10</td></tr></table>"#,
        );
        assert!(out.contains(r#"<th scope="col">项目</th>"#), "{out}");
        assert!(out.contains(r#"<td colspan="2">10</td>"#), "{out}");
    }
}
