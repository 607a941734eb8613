//! The one validation error of the domain: which field, and what is wrong with it, in Chinese.

use std::fmt;

/// A field that failed validation. `field` is the machine name used by forms and
/// the JSON API; `message` is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Invalid {}

/// Trims a single-line text field and checks its length and characters.
/// `label` is the Chinese field name used in messages.
pub fn single_line(
    field: &'static str,
    label: &str,
    value: &str,
    required: bool,
    max_chars: usize,
) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return if required {
            Err(Invalid::new(field, format!("请填写{label}")))
        } else {
            Ok(String::new())
        };
    }
    if v.chars().any(char::is_control) {
        return Err(Invalid::new(
            field,
            format!("{label}不能包含换行或控制字符"),
        ));
    }
    let n = v.chars().count();
    if n > max_chars {
        return Err(Invalid::new(
            field,
            format!("{label}过长：最多{max_chars}个字，现为{n}个字"),
        ));
    }
    Ok(v.to_owned())
}

/// Like [`single_line`] but allows line breaks (tabs and newlines) for longer text.
pub fn multi_line(
    field: &'static str,
    label: &str,
    value: &str,
    required: bool,
    max_chars: usize,
) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return if required {
            Err(Invalid::new(field, format!("请填写{label}")))
        } else {
            Ok(String::new())
        };
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Invalid::new(field, format!("{label}不能包含控制字符")));
    }
    let n = v.chars().count();
    if n > max_chars {
        return Err(Invalid::new(
            field,
            format!("{label}过长：最多{max_chars}个字，现为{n}个字"),
        ));
    }
    Ok(v.replace("\r\n", "\n"))
}
