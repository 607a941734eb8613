//! One source, many channels (seed 003 "数据同源，一次发布，处处呈现"): what the
//! platform publishes, written for machines — Atom feeds and the XML sitemap.

pub mod feed;
pub mod open_data;
pub mod paths;
pub mod sitemap;
pub mod webhook;

use chrono::{NaiveDate, NaiveDateTime};

/// China time as RFC 3339, the form both Atom and sitemaps take.
pub fn rfc3339(at: NaiveDateTime) -> String {
    format!("{}+08:00", at.format("%Y-%m-%dT%H:%M:%S"))
}

/// A day as the start of that day in China time.
pub fn day_start(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(0, 0, 0).expect("midnight exists")
}

/// Text for an XML element or attribute: escaped as for HTML (the same five characters),
/// with the control characters XML 1.0 forbids dropped (a pasted title can hold them).
pub fn xml_text(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect();
    crate::html::escape_html(&allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_escapes_and_drops_what_xml_forbids() {
        assert_eq!(
            xml_text("a<b>&\"c'\u{1}\u{b}d\n"),
            "a&lt;b&gt;&amp;&quot;c&#39;d\n"
        );
        assert_eq!(xml_text("关于〔2025〕3号"), "关于〔2025〕3号");
    }

    #[test]
    fn china_time_is_written_with_its_offset() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 9).unwrap();
        assert_eq!(rfc3339(day_start(d)), "2026-02-09T00:00:00+08:00");
    }
}
