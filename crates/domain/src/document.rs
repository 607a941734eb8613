//! The fields of a government information record, parsed from what a form or the API sent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::attribute::AttributeDecision;
use crate::category::Category;
use crate::china_time::parse_date;
use crate::docnum::DocNumber;
use crate::invalid::{Invalid, multi_line, single_line};
use crate::topic::Topic;

pub const TITLE_MAX_CHARS: usize = 200;
pub const SUMMARY_MAX_CHARS: usize = 1000;
/// Bodies are HTML; a long regulation runs to a few hundred thousand characters.
pub const BODY_MAX_CHARS: usize = 1_000_000;

/// The two standard columns besides 法定主动公开内容 that hold documents (DOMAIN §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// 法定主动公开内容 (by category)
    Statutory,
    /// 政府信息公开制度
    Rules,
    /// 政府信息公开年报
    AnnualReport,
    /// 政策解读 (DOMAIN §14): interpretations, each tied to its policy.
    Interpretation,
}

impl Column {
    pub const ALL: [Column; 4] = [
        Self::Statutory,
        Self::Rules,
        Self::AnnualReport,
        Self::Interpretation,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Statutory => "statutory",
            Self::Rules => "rules",
            Self::AnnualReport => "annual_report",
            Self::Interpretation => "interpretation",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Statutory => "法定主动公开内容",
            Self::Rules => "政府信息公开制度",
            Self::AnnualReport => "政府信息公开年报",
            Self::Interpretation => "政策解读",
        }
    }
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Self::Statutory);
        }
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| Invalid::new("column", format!("未知的栏目“{s}”")))
    }
}

/// What a form or API call sends, as text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawDocument {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub written_on: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub column: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    /// "text" when the body is written as staff edit it (see [`crate::body_text`]);
    /// otherwise it is HTML (imports, the API) or plain lines.
    #[serde(default)]
    pub body_format: String,
    #[serde(default)]
    pub attribute: String,
    #[serde(default)]
    pub legal_ground: String,
    #[serde(default)]
    pub attribute_reason: String,
    /// "1" (a checkbox) when the policy must not be signed off without its interpretation.
    #[serde(default)]
    pub needs_interpretation: String,
}

/// Parsed fields. The body is still unsanitised HTML: cleaning it is the job of the
/// use case, which owns the sanitiser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFields {
    pub title: String,
    pub doc_number: Option<DocNumber>,
    pub written_on: NaiveDate,
    pub topic: &'static Topic,
    pub category: Option<&'static Category>,
    pub column: Column,
    pub summary: String,
    pub body: String,
    pub decision: AttributeDecision,
    /// 谁起草、谁解读: signed off only together with an interpretation (DOMAIN §14).
    pub needs_interpretation: bool,
}

impl DocumentFields {
    /// Parses every field and reports every problem at once, so a form can show them all.
    pub fn parse(raw: &RawDocument) -> Result<Self, Vec<Invalid>> {
        let mut errors = Vec::new();
        let e = &mut errors;

        let title = take(
            e,
            single_line("title", "标题", &raw.title, true, TITLE_MAX_CHARS),
        );
        let doc_number = take(
            e,
            if raw.doc_number.trim().is_empty() {
                Ok(None)
            } else {
                DocNumber::parse(&raw.doc_number)
                    .map(Some)
                    .map_err(|e| Invalid::new("doc_number", e.to_string()))
            },
        );
        let written_on = take(e, parse_date("written_on", "成文日期", &raw.written_on));
        let topic = take(
            e,
            if raw.topic.trim().is_empty() {
                Err(Invalid::new("topic", "请选择主题分类"))
            } else {
                Topic::parse(&raw.topic)
            },
        );
        let category = take(
            e,
            if raw.category.trim().is_empty() {
                Ok(None)
            } else {
                Category::parse(&raw.category).map(Some)
            },
        );
        let column = take(e, Column::parse(&raw.column));
        let summary = take(
            e,
            multi_line(
                "summary",
                "内容概述",
                &raw.summary,
                false,
                SUMMARY_MAX_CHARS,
            ),
        );
        let body = take(
            e,
            multi_line("body", "正文", &raw.body, false, BODY_MAX_CHARS),
        );
        let body = if raw.body_format == "text" {
            body.map(|b| crate::body_text::to_html(&b))
        } else {
            body
        };
        let decision = take(
            e,
            if raw.attribute.trim().is_empty() {
                Err(Invalid::new("attribute", "请选择公开属性"))
            } else {
                AttributeDecision::parse(
                    &raw.attribute,
                    Some(&raw.legal_ground),
                    Some(&raw.attribute_reason),
                )
            },
        );
        let _ = e;
        if let (Some(Some(n)), Some(d)) = (&doc_number, written_on)
            && let Some(y) = n.year()
            && (y - chrono::Datelike::year(&d)).abs() > 1
        {
            errors.push(Invalid::new(
                "doc_number",
                format!("文号年份{y}与成文日期{d}相差过大，请核对"),
            ));
        }
        match (
            title, doc_number, written_on, topic, category, column, summary, body, decision,
        ) {
            (
                Some(title),
                Some(doc_number),
                Some(written_on),
                Some(topic),
                Some(category),
                Some(column),
                Some(summary),
                Some(body),
                Some(decision),
            ) if errors.is_empty() => Ok(Self {
                title,
                doc_number,
                written_on,
                topic,
                category,
                column,
                summary,
                body,
                decision,
                needs_interpretation: matches!(
                    raw.needs_interpretation.trim(),
                    "1" | "true" | "on"
                ),
            }),
            _ => Err(errors),
        }
    }
}

/// Keeps the value, or files the error and yields None.
fn take<T>(errors: &mut Vec<Invalid>, r: Result<T, Invalid>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}
