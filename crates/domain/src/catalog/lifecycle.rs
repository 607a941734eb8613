//! A catalog's lifecycle (seed 002 items 1–3): draft → submitted to the superior →
//! approved or returned → published on the portal → filed (备案) with the supervising
//! office; and how a derived catalog differs from its reference.

use std::collections::BTreeMap;

use serde::Serialize;

use super::CatalogItem;
use crate::code_enum::code_enum;

code_enum! {
    pub enum Status("status", "目录状态") {
        Draft = ("draft", "编制中"),
        Submitted = ("submitted", "已报送审核"),
        Returned = ("returned", "已退回修改"),
        Approved = ("approved", "审核通过"),
        Published = ("published", "已发布"),
        Filed = ("filed", "已备案"),
    }
}

code_enum! {
    pub enum Action("action", "目录操作") {
        Submit = ("submit", "报送上级审核"),
        Approve = ("approve", "审核通过"),
        Return = ("return", "退回修改"),
        Publish = ("publish", "发布"),
        File = ("file", "报政务公开办备案"),
    }
}

impl Action {
    pub fn from_states(self) -> &'static [Status] {
        match self {
            Action::Submit => &[Status::Draft, Status::Returned],
            Action::Approve | Action::Return => &[Status::Submitted],
            Action::Publish => &[Status::Approved],
            Action::File => &[Status::Published],
        }
    }

    pub fn target(self) -> Status {
        match self {
            Action::Submit => Status::Submitted,
            Action::Approve => Status::Approved,
            Action::Return => Status::Returned,
            Action::Publish => Status::Published,
            Action::File => Status::Filed,
        }
    }

    /// Reviews are the superior's; the rest are the catalog owner's.
    pub fn by_superior(self) -> bool {
        matches!(self, Action::Approve | Action::Return)
    }

    pub fn needs_note(self) -> bool {
        self == Action::Return
    }

    /// Why the action does not fit `status`, in words.
    pub fn refusal(self, status: Status) -> Option<String> {
        if self.from_states().contains(&status) {
            return None;
        }
        let allowed: Vec<&str> = self.from_states().iter().map(|s| s.label()).collect();
        Some(format!(
            "目录当前状态为“{}”，不能{}（仅适用于：{}）",
            status.label(),
            self.label(),
            allowed.join("、")
        ))
    }
}

/// How one item of a derived catalog stands against its reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DiffRow {
    /// Taken over as it is.
    Inherited { first: String, second: String },
    /// Taken over with local changes to these columns.
    Changed {
        first: String,
        second: String,
        columns: Vec<&'static str>,
    },
    /// A local addition.
    Added { first: String, second: String },
    /// Left out, with the reason given.
    Removed {
        first: String,
        second: String,
        reason: String,
    },
}

/// The columns in which two versions of an item differ.
pub fn changed_columns(a: &CatalogItem, b: &CatalogItem) -> Vec<&'static str> {
    let mut out = Vec::new();
    let pairs: [(&str, bool); 9] = [
        ("公开内容（要素）", a.content != b.content),
        ("公开依据", a.basis != b.basis),
        ("公开时限", a.time_limit != b.time_limit),
        ("公开主体", a.subject != b.subject),
        (
            "公开渠道和载体",
            a.channels != b.channels || a.other_channels != b.other_channels,
        ),
        ("公开对象", a.audience != b.audience),
        ("公开方式", a.method != b.method),
        ("公开层级", a.levels != b.levels),
        ("公开领域", a.domain != b.domain),
    ];
    for (name, differs) in pairs {
        if differs {
            out.push(name);
        }
    }
    out
}

/// The side-by-side comparison of a derived catalog with its reference: reference
/// items first, in their order, then local additions. `removed` maps an item's
/// (一级, 二级) to the reason it was left out. Returns the rows, and the reference items
/// left out without a reason (which block submission).
pub fn diff(
    reference: &[CatalogItem],
    derived: &[CatalogItem],
    removed: &BTreeMap<(String, String), String>,
) -> (Vec<DiffRow>, Vec<(String, String)>) {
    let key = |i: &CatalogItem| (i.first.clone(), i.second.clone());
    let mut rows = Vec::new();
    let mut unexplained = Vec::new();
    for r in reference {
        let k = key(r);
        match derived.iter().find(|d| key(d) == k) {
            Some(d) => {
                let columns = changed_columns(r, d);
                rows.push(if columns.is_empty() {
                    DiffRow::Inherited {
                        first: k.0,
                        second: k.1,
                    }
                } else {
                    DiffRow::Changed {
                        first: k.0,
                        second: k.1,
                        columns,
                    }
                });
            }
            None => match removed.get(&k) {
                Some(reason) => rows.push(DiffRow::Removed {
                    first: k.0,
                    second: k.1,
                    reason: reason.clone(),
                }),
                None => unexplained.push(k),
            },
        }
    }
    for d in derived {
        let k = key(d);
        if !reference.iter().any(|r| key(r) == k) {
            rows.push(DiffRow::Added {
                first: k.0,
                second: k.1,
            });
        }
    }
    (rows, unexplained)
}
