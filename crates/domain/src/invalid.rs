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

/// An e-mail address, when given (or required): trimmed, bounded, `user@host.tld`.
pub fn email(field: &'static str, value: &str, required: bool) -> Result<String, Invalid> {
    let v = single_line(field, "电子邮箱", value, required, 120)?;
    let ok = v.is_empty()
        || v.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.')
        }) && !v.contains(char::is_whitespace);
    if ok {
        Ok(v)
    } else {
        Err(Invalid::new(field, "电子邮箱格式不正确"))
    }
}

/// A Chinese post code (6 digits), when given (or required).
pub fn postcode(field: &'static str, value: &str, required: bool) -> Result<String, Invalid> {
    let v = single_line(field, "邮政编码", value, required, 6)?;
    if v.is_empty() || (v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit())) {
        Ok(v)
    } else {
        Err(Invalid::new(field, "邮政编码须为6位数字"))
    }
}

/// Collects every problem of a form, so that all of them can be shown at once.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Invalid>);

impl Problems {
    pub fn push(&mut self, e: Invalid) {
        self.0.push(e);
    }

    /// The checked text, or an empty string after noting the problem.
    pub fn text(&mut self, r: Result<String, Invalid>) -> String {
        r.unwrap_or_else(|e| {
            self.0.push(e);
            String::new()
        })
    }

    /// A value chosen from a list by its code; `prompt` when nothing was chosen.
    pub fn choice<T: std::str::FromStr<Err = Invalid>>(
        &mut self,
        field: &'static str,
        prompt: &str,
        value: &str,
    ) -> Option<T> {
        let v = value.trim();
        if v.is_empty() {
            self.0.push(Invalid::new(field, prompt.to_owned()));
            return None;
        }
        v.parse().map_err(|e| self.0.push(e)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
