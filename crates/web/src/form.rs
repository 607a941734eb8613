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

/// Options from a list of coded values (`code`, `label`), with `current` selected.
pub fn coded<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    current: &str,
) -> Vec<Choice> {
    choices(all.iter().map(|v| (code(*v), label(*v))), current)
}

/// The option lists of an application form (portal and back office), with the values
/// posted so far selected.
pub struct ApplicationChoices {
    pub kinds: Vec<Choice>,
    pub id_kinds: Vec<Choice>,
    pub forms: Vec<Choice>,
    pub ways: Vec<Choice>,
}

impl ApplicationChoices {
    pub fn new(
        a: &gongkai_domain::application::ApplicantInput,
        r: &gongkai_domain::application::RequestInput,
    ) -> Self {
        use gongkai_domain::application::{ApplicantKind, DeliveryForm, DeliveryWay, IdKind};
        Self {
            kinds: coded(
                ApplicantKind::ALL,
                ApplicantKind::as_str,
                ApplicantKind::form_label,
                &a.kind,
            ),
            id_kinds: coded(IdKind::ALL, IdKind::as_str, IdKind::label, &a.id_kind),
            forms: coded(
                DeliveryForm::ALL,
                DeliveryForm::as_str,
                DeliveryForm::label,
                &r.delivery_form,
            ),
            ways: coded(
                DeliveryWay::ALL,
                DeliveryWay::as_str,
                DeliveryWay::label,
                &r.delivery_way,
            ),
        }
    }
}
