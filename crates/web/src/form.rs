//! Pieces every HTML form shares: options of a `<select>` or radio group, and the
//! messages of a field that failed its checks.

use gongkai_domain::Invalid;

/// One option of a select or radio group.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Options from `(value, label)` pairs, with `current` selected.
pub fn choices<V: Into<String>, L: Into<String>>(
    items: impl IntoIterator<Item = (V, L)>,
    current: &str,
) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(v, l)| {
            let value = v.into();
            Choice {
                selected: value == current,
                value,
                label: l.into(),
            }
        })
        .collect()
}

/// The messages for `field`, joined; empty when the field is fine.
pub fn field_error(errors: &[Invalid], field: &str) -> String {
    errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("；")
}
