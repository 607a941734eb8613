//! The reviewer's word on personal data before publication (DOMAIN §11): each piece
//! found is masked, or kept as written with a reason (a penalty decision names its
//! party; a sample form shows a specimen number). Nothing found is published until a
//! decision covers it, and what the public reads is masked unless a decision kept it,
//! so a piece found after the review (an edit, a new rule) is masked, never shown.

use super::{Detection, PiiKind, mask_where, scan_text};
use crate::Invalid;

/// A decision on one piece of one publication, held by the piece's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub value: String,
    pub kind: PiiKind,
    pub keep: bool,
    /// Why it is kept; empty when masked.
    pub reason: String,
}

impl Decision {
    /// A reviewer's decision; keeping needs a reason.
    pub fn new(value: &str, kind: PiiKind, keep: bool, reason: &str) -> Result<Self, Invalid> {
        let reason = reason.trim();
        if keep && reason.is_empty() {
            return Err(Invalid::new(
                "reason",
                format!("保留“{}”不遮蔽须说明理由", kind.label()),
            ));
        }
        if reason.chars().count() > 200 {
            return Err(Invalid::new("reason", "理由不能超过200字"));
        }
        Ok(Self {
            value: value.to_owned(),
            kind,
            keep,
            reason: if keep {
                reason.to_owned()
            } else {
                String::new()
            },
        })
    }
}

fn kept(decisions: &[Decision], value: &str) -> bool {
    decisions.iter().any(|d| d.keep && d.value == value)
}

/// The personal data in running text (a document's body, a guide's steps, a reply),
/// by line under `place` ("正文第3行").
pub fn in_text(place: &str, text: &str) -> Vec<Detection> {
    scan_text(text)
        .into_iter()
        .filter(|d| d.kind.personal_anywhere())
        .map(|mut d| {
            d.place = format!("{place}{}", d.place);
            d
        })
        .collect()
}

/// Running text as the public reads it: every piece that is personal data anywhere
/// masked, unless a decision kept it.
pub fn public_text(text: &str, decisions: &[Decision]) -> String {
    mask_where(text, |kind, key| {
        kind.personal_anywhere() && !kept(decisions, key)
    })
}

/// A cell of a list of people as the public reads it: everything found masked (a
/// telephone in such a list is a person's), unless a decision kept it.
pub fn public_cell(text: &str, decisions: &[Decision]) -> String {
    mask_where(text, |_, key| !kept(decisions, key))
}

/// A name in a list's name column as the public reads it.
pub fn public_name(name: &str, decisions: &[Decision]) -> String {
    if kept(decisions, &super::name_key(name)) {
        name.to_owned()
    } else {
        super::mask_name(name)
    }
}

/// The detections no decision covers yet, each value once.
pub fn undecided<'a>(found: &'a [Detection], decisions: &[Decision]) -> Vec<&'a Detection> {
    let mut seen = std::collections::HashSet::new();
    found
        .iter()
        .filter(|d| !decisions.iter().any(|x| x.value == d.value))
        .filter(|d| seen.insert(d.value.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "11010519491231002X";

    #[test]
    fn running_text_is_masked_unless_kept() {
        let text = format!("当事人张三，身份证号{ID}，电话138 1234 5678，办公室0591-87654321。");
        let found = in_text("正文", &text);
        assert_eq!(
            found.iter().map(|d| d.kind).collect::<Vec<_>>(),
            vec![PiiKind::IdNumber, PiiKind::Mobile],
            "an office's fixed line is not a person's"
        );
        assert_eq!(found[1].value, "13812345678");
        assert_eq!(found[0].place, "正文第1行");
        let masked = public_text(&text, &[]);
        assert!(masked.contains("110105***********X"), "{masked}");
        assert!(masked.contains("138 **** 5678"));
        assert!(masked.contains("0591-87654321"));
        let keep = Decision::new(ID, PiiKind::IdNumber, true, "行政处罚决定公开当事人").unwrap();
        let shown = public_text(&text, std::slice::from_ref(&keep));
        assert!(shown.contains(ID) && shown.contains("138 **** 5678"));
        assert_eq!(undecided(&found, &[keep]).len(), 1);
    }

    #[test]
    fn keeping_needs_a_reason_and_masking_does_not() {
        assert!(Decision::new(ID, PiiKind::IdNumber, true, "  ").is_err());
        let d = Decision::new(ID, PiiKind::IdNumber, false, "whatever").unwrap();
        assert!(!d.keep && d.reason.is_empty());
    }

    #[test]
    fn the_same_number_twice_is_decided_once() {
        let text = "13812345678\n再次：138-1234-5678";
        let found = in_text("答复", text);
        assert_eq!(found.len(), 2);
        assert_eq!(undecided(&found, &[]).len(), 1);
    }

    #[test]
    fn lists_mask_every_kind_and_names() {
        assert_eq!(public_cell("0591-87654321", &[]), "0591-********");
        assert_eq!(public_name("张　三", &[]), "张*");
        let keep = Decision::new("张三", PiiKind::Name, true, "村干部").unwrap();
        assert_eq!(public_name("张三", &[keep]), "张三");
    }
}
