//! What the log records of a gazette issue: one leaf of canonical JSON (keys sorted,
//! UTF-8, no spaces), so anyone can rebuild the exact bytes from the issue itself.

use serde::{Deserialize, Serialize};

/// A published issue as the log records it. The fields are declared in sorted order,
/// which is the order serde writes them: the canonical form is `to_json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueLeaf {
    /// 本年第几期.
    pub number: u32,
    /// The issuing organisation's slug.
    pub org: String,
    /// Hex SHA-256 of the e-edition PDF.
    pub pdf_sha256: String,
    /// Hex SM3 (GB/T 32905) of the e-edition PDF.
    pub pdf_sm3: String,
    /// YYYY-MM-DD.
    pub published_on: String,
    /// 总第几期.
    pub total_number: u32,
    pub year: i32,
}

impl IssueLeaf {
    /// The canonical JSON: the bytes that are hashed into the log.
    pub fn to_json(&self) -> String {
        // Serialising plain strings and integers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The leaf read back, refusing anything that is not exactly canonical.
    pub fn parse_canonical(s: &str) -> Option<Self> {
        let leaf: Self = serde_json::from_str(s).ok()?;
        (leaf.to_json() == s).then_some(leaf)
    }

    pub fn hash(&self) -> super::merkle::Hash {
        super::merkle::leaf_hash(self.to_json().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf() -> IssueLeaf {
        IssueLeaf {
            number: 11,
            org: "yunxi".into(),
            pdf_sha256: "ab".repeat(32),
            pdf_sm3: "cd".repeat(32),
            published_on: "2026-06-30".into(),
            total_number: 245,
            year: 2026,
        }
    }

    #[test]
    fn the_canonical_json_has_sorted_keys_and_no_spaces() {
        let j = leaf().to_json();
        assert!(
            j.starts_with("{\"number\":11,\"org\":\"yunxi\",\"pdf_sha256\":"),
            "{j}"
        );
        assert!(j.ends_with("\"published_on\":\"2026-06-30\",\"total_number\":245,\"year\":2026}"));
        assert!(!j.contains(' '));
        assert_eq!(IssueLeaf::parse_canonical(&j), Some(leaf()));
        let spaced = j.replace(",\"org\"", ", \"org\"");
        assert_eq!(IssueLeaf::parse_canonical(&spaced), None, "not canonical");
    }
}
