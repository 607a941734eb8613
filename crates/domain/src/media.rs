//! 政务新媒体 (seed 000 pilot 3; seed 002 item 8): the accounts a government runs on
//! other platforms, opened, merged and closed through an approved process, one per
//! platform per unit as a rule, and inspected for staleness like the website.

use chrono::NaiveDate;

use crate::code_enum::code_enum;
use crate::invalid::Invalid;

code_enum! {
    /// Where an account is.
    pub enum Platform("platform", "平台") {
        WeChat = ("wechat", "微信公众号"),
        Channels = ("channels", "微信视频号"),
        Weibo = ("weibo", "微博"),
        Douyin = ("douyin", "抖音"),
        Kuaishou = ("kuaishou", "快手"),
        Toutiao = ("toutiao", "今日头条"),
        MiniProgram = ("miniprogram", "小程序"),
        Other = ("other", "其他"),
    }
}

code_enum! {
    /// Where an account stands.
    pub enum AccountStatus("status", "账号状态") {
        Open = ("open", "运行中"),
        Merged = ("merged", "已整合"),
        Closed = ("closed", "已关停"),
    }
}

code_enum! {
    /// A step in an account's life, each on an approval.
    pub enum Change("change", "变更") {
        Open = ("open", "开设"),
        Merge = ("merge", "整合"),
        Close = ("close", "关停"),
    }
}

impl Change {
    /// The status an account is in after the change.
    pub fn status(self) -> AccountStatus {
        match self {
            Self::Open => AccountStatus::Open,
            Self::Merge => AccountStatus::Merged,
            Self::Close => AccountStatus::Closed,
        }
    }
}

/// 国办秘函〔2019〕19号 for 政务新媒体: nothing posted in the two weeks before the check.
pub const STALE_DAYS: i64 = 14;

/// Whether an open account last updated on `last` is stale on `today`.
pub fn is_stale(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    last.is_none_or(|d| d < today - chrono::Duration::days(STALE_DAYS))
}

/// An account as typed in the registry form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RawAccount {
    #[serde(default)]
    pub platform: String,
    /// The account's name as shown on the platform.
    #[serde(default)]
    pub name: String,
    /// Its id on the platform (公众号 ID, 抖音号 …).
    #[serde(default)]
    pub handle: String,
    #[serde(default)]
    pub url: String,
    /// The approval of its opening: the approving body and its reference.
    #[serde(default)]
    pub approved_by: String,
    #[serde(default)]
    pub approval: String,
    #[serde(default)]
    pub on: String,
}

/// An account that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub platform: Platform,
    pub name: String,
    pub handle: String,
    pub url: String,
    pub approved_by: String,
    pub approval: String,
    pub on: NaiveDate,
}

fn required(
    field: &'static str,
    v: &str,
    what: &str,
    max: usize,
    errors: &mut Vec<Invalid>,
) -> String {
    let v = v.trim();
    if v.is_empty() {
        errors.push(Invalid::new(field, format!("请填写{what}")));
    } else if v.chars().count() > max {
        errors.push(Invalid::new(field, format!("{what}不能超过{max}个字")));
    }
    v.to_owned()
}

/// The date of a change: a real day, not after `today`.
pub fn change_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| Invalid::new("on", "请填写日期，格式如2026-03-02"))?;
    if d > today {
        return Err(Invalid::new("on", "日期不能晚于今天"));
    }
    Ok(d)
}

impl RawAccount {
    pub fn parse(&self, today: NaiveDate) -> Result<NewAccount, Vec<Invalid>> {
        let mut errors = Vec::new();
        let platform = self
            .platform
            .trim()
            .parse::<Platform>()
            .map_err(|e| errors.push(e))
            .ok();
        let name = required("name", &self.name, "账号名称", 50, &mut errors);
        let handle = self.handle.trim().chars().take(100).collect();
        let url = self.url.trim().to_owned();
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            errors.push(Invalid::new(
                "url",
                "账号地址须以 http:// 或 https:// 开头，可不填",
            ));
        }
        let approved_by = required(
            "approved_by",
            &self.approved_by,
            "审批单位",
            50,
            &mut errors,
        );
        let approval = required(
            "approval",
            &self.approval,
            "审批文号或编号",
            50,
            &mut errors,
        );
        let on = change_date(&self.on, today)
            .map_err(|e| errors.push(e))
            .ok();
        match (platform, on) {
            (Some(platform), Some(on)) if errors.is_empty() => Ok(NewAccount {
                platform,
                name,
                handle,
                url,
                approved_by,
                approval,
                on,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_account_is_stale_after_two_weeks_without_a_post() {
        assert!(!is_stale(Some(d("2026-02-10")), d("2026-02-24")));
        assert!(is_stale(Some(d("2026-02-09")), d("2026-02-24")));
        assert!(is_stale(None, d("2026-02-24")));
    }

    #[test]
    fn the_form_is_checked_field_by_field() {
        let raw = RawAccount {
            platform: "wechat".into(),
            name: " 云溪发布 ".into(),
            handle: "yunxifabu".into(),
            url: String::new(),
            approved_by: "云溪县人民政府办公室".into(),
            approval: "云政办函〔2026〕5号".into(),
            on: "2026-03-02".into(),
        };
        let a = raw.parse(d("2026-03-02")).unwrap();
        assert_eq!(
            (a.platform, a.name.as_str()),
            (Platform::WeChat, "云溪发布")
        );
        let bad = RawAccount {
            platform: "myspace".into(),
            url: "weixin://x".into(),
            on: "2026-03-03".into(),
            ..RawAccount::default()
        };
        let fields: Vec<&str> = bad
            .parse(d("2026-03-02"))
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["platform", "name", "url", "approved_by", "approval", "on"]
        );
        assert_eq!(Change::Merge.status(), AccountStatus::Merged);
    }
}
