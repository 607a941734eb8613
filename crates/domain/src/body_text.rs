//! 正文 as staff edit it: plain lines, never HTML. One line is one paragraph; a few
//! marks at the start of a line give structure:
//!
//! ```text
//! # 一级标题            → heading
//! ## 二级标题
//! - 列表项              → list item
//! | 项目 | 金额 |       → table row (the first row of a table is its header)
//! ```
//!
//! Inside a line, `**加粗**` is bold and `[文字](https://…)` a link. Bodies are stored
//! as HTML (imports and the API bring HTML); [`to_html`] turns the text into it and
//! [`from_html`] turns a stored body back into text for editing. What text cannot say
//! (merged table cells, nested lists) is flattened, and [`from_html`] says so.

use crate::html::escape_html;

/// Text to HTML: every character escaped, structure from the line marks.
pub fn to_html(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let flush = |out: &mut Vec<String>, table: &mut Vec<Vec<String>>, list: &mut Vec<String>| {
        if !table.is_empty() {
            let mut t = String::from("<table>");
            for (i, row) in table.iter().enumerate() {
                let (open, close) = if i == 0 && table.len() > 1 {
                    ("<th scope=\"col\">", "</th>")
                } else {
                    ("<td>", "</td>")
                };
                t.push_str("<tr>");
                for cell in row {
                    t.push_str(open);
                    t.push_str(&inline(cell));
                    t.push_str(close);
                }
                t.push_str("</tr>");
            }
            t.push_str("</table>");
            out.push(t);
            table.clear();
        }
        if !list.is_empty() {
            let items: String = list
                .iter()
                .map(|i| format!("<li>{}</li>", inline(i)))
                .collect();
            out.push(format!("<ul>{items}</ul>"));
            list.clear();
        }
    };
    for line in text.lines() {
        let l = line.trim();
        if let Some(row) = l.strip_prefix('|') {
            if !list.is_empty() {
                flush(&mut out, &mut Vec::new(), &mut list);
            }
            let row = row.strip_suffix('|').unwrap_or(row);
            // A Markdown separator row ("|---|---|") carries nothing.
            if !row
                .split('|')
                .all(|c| c.trim().chars().all(|ch| ch == '-' || ch == ':'))
            {
                table.push(row.split('|').map(|c| c.trim().to_owned()).collect());
            }
            continue;
        }
        if let Some(item) = l.strip_prefix("- ").or_else(|| l.strip_prefix("· ")) {
            if !table.is_empty() {
                flush(&mut out, &mut table, &mut Vec::new());
            }
            list.push(item.trim().to_owned());
            continue;
        }
        flush(&mut out, &mut table, &mut list);
        if l.is_empty() {
            continue;
        }
        let level = l.chars().take_while(|c| *c == '#').count();
        if (1..=3).contains(&level) && l[level..].starts_with(' ') {
            let n = level + 1;
            out.push(format!("<h{n}>{}</h{n}>", inline(l[level..].trim())));
        } else {
            out.push(format!("<p>{}</p>", inline(l)));
        }
    }
    flush(&mut out, &mut table, &mut list);
    out.join("\n")
}

/// `**bold**` and `[text](url)` within a line; everything else escaped.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = after.find("**")
            && end > 0
        {
            out.push_str("<strong>");
            out.push_str(&escape_html(&after[..end]));
            out.push_str("</strong>");
            rest = &after[end + 2..];
            continue;
        }
        if let Some(after) = rest.strip_prefix('[')
            && let Some(mid) = after.find("](")
            && let Some(end) = after[mid + 2..].find(')')
        {
            let label = &after[..mid];
            let url = &after[mid + 2..mid + 2 + end];
            if url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/') {
                out.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape_html(url),
                    escape_html(label)
                ));
                rest = &after[mid + 3 + end..];
                continue;
            }
        }
        let c = rest.chars().next().expect("non-empty");
        out.push_str(&escape_html(&c.to_string()));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A stored body as text, and whether anything was lost on the way (merged cells,
/// nested structure the text cannot hold).
pub fn from_html(html: &str) -> (String, bool) {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut lossy = false;
    let mut in_cell = false;
    let mut row: Vec<String> = Vec::new();
    let mut list_depth = 0usize;
    let mut link: Option<String> = None;
    let mut link_text = String::new();
    let mut i = 0;
    let b = html.as_bytes();
    let end_line = |cur: &mut String, lines: &mut Vec<String>| {
        let t = cur.trim().to_owned();
        if !t.is_empty() {
            lines.push(t);
        }
        cur.clear();
    };
    while i < b.len() {
        if b[i] == b'<' {
            let close = html[i..].find('>').map_or(html.len(), |n| i + n);
            let tag = &html[i + 1..close];
            i = close + 1;
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            match (name.as_str(), closing) {
                ("p" | "div" | "blockquote", false) if !in_cell => end_line(&mut cur, &mut lines),
                ("p" | "div" | "blockquote", true) if !in_cell => end_line(&mut cur, &mut lines),
                ("br", _) => {
                    if in_cell {
                        row_cell(&mut row).push(' ');
                    } else {
                        end_line(&mut cur, &mut lines);
                    }
                }
                ("h2", false) => cur.push_str("# "),
                ("h3", false) => cur.push_str("## "),
                ("h4", false) => cur.push_str("### "),
                ("h1" | "h5" | "h6", false) => cur.push_str("# "),
                ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => end_line(&mut cur, &mut lines),
                ("ul" | "ol", false) => {
                    list_depth += 1;
                    lossy |= list_depth > 1;
                }
                ("ul" | "ol", true) => list_depth = list_depth.saturating_sub(1),
                ("li", false) => {
                    end_line(&mut cur, &mut lines);
                    cur.push_str("- ");
                }
                ("li", true) => end_line(&mut cur, &mut lines),
                ("table", false) => end_line(&mut cur, &mut lines),
                ("tr", false) => row.clear(),
                ("tr", true) => {
                    lines.push(format!("| {} |", row.join(" | ")));
                    row.clear();
                }
                ("td" | "th", false) => {
                    lossy |= tag.contains("colspan") || tag.contains("rowspan");
                    in_cell = true;
                    row.push(String::new());
                }
                ("td" | "th", true) => in_cell = false,
                ("strong" | "b", _) => {
                    if in_cell {
                        row_cell(&mut row).push_str("**");
                    } else {
                        cur.push_str("**");
                    }
                }
                ("a", false) => {
                    link = attr(tag, "href");
                    link_text.clear();
                }
                ("a", true) => {
                    if let Some(href) = link.take() {
                        let text = std::mem::take(&mut link_text);
                        let md = format!("[{text}]({href})");
                        if in_cell {
                            row_cell(&mut row).push_str(&md);
                        } else {
                            cur.push_str(&md);
                        }
                    }
                }
                _ => {}
            }
        } else {
            let next = html[i..].find('<').map_or(html.len(), |n| i + n);
            let text = unescape(&html[i..next]);
            let text = text.replace(['\n', '\r'], " ");
            if link.is_some() {
                link_text.push_str(&text);
            } else if in_cell {
                row_cell(&mut row).push_str(&text);
            } else {
                cur.push_str(&text);
            }
            i = next;
        }
    }
    end_line(&mut cur, &mut lines);
    (lines.join("\n"), lossy)
}

/// The last cell of the row being read.
fn row_cell(row: &mut Vec<String>) -> &mut String {
    if row.is_empty() {
        row.push(String::new());
    }
    row.last_mut().expect("a cell")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let i = tag.find(&key)? + key.len();
    let end = tag[i..].find('"')?;
    Some(unescape(&tag[i..i + end]))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_becomes_structure_and_nothing_runs() {
        let html = to_html(
            "# 一、总体要求\n各乡镇要高度重视<script>。\n- 责任到人\n- 限时办结\n| 项目 | 金额（万元） |\n|---|---|\n| 道路 | 120 |\n详见[县政府网站](https://www.yunxi.gov.cn/)，**务必**落实。",
        );
        assert_eq!(
            html,
            "<h2>一、总体要求</h2>\n<p>各乡镇要高度重视&lt;script&gt;。</p>\n<ul><li>责任到人</li><li>限时办结</li></ul>\n<table><tr><th scope=\"col\">项目</th><th scope=\"col\">金额（万元）</th></tr><tr><td>道路</td><td>120</td></tr></table>\n<p>详见<a href=\"https://www.yunxi.gov.cn/\">县政府网站</a>，<strong>务必</strong>落实。</p>"
        );
        assert!(!to_html("[x](javascript:alert(1))").contains("href"));
    }

    #[test]
    fn a_stored_body_comes_back_as_the_same_text() {
        let text = "# 第一章 总则\n第一条 为了规范……\n- 甲\n- 乙\n| 项目 | 金额 |\n| 道路 | 120 |\n见[网站](https://www.gov.cn/)。";
        let (back, lossy) = from_html(&to_html(text));
        assert_eq!(back, text);
        assert!(!lossy);
    }

    #[test]
    fn what_text_cannot_hold_is_flagged() {
        let (text, lossy) =
            from_html("<table><tr><td colspan=\"2\">合计</td></tr></table><p>a &amp; b</p>");
        assert!(lossy);
        assert_eq!(text, "| 合计 |\na & b");
    }
}
