//! A catalog's lifecycle (seed 002 items 1–3): draft → submitted to the superior →
//! approved or returned → published on the portal → filed (备案) with the supervising
//! office; and how a derived catalog differs from its reference.

use serde::{Deserialize, Serialize};

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

/// A reference item left out of a derived catalog, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    /// The reference item's id.
    pub id: String,
    /// Its name as shown.
    pub label: String,
    pub reason: String,
}

impl<'de> Deserialize<'de> for Removal {
    /// Also reads the records written before items had ids: `[一级, 二级, reason]`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Now {
                id: String,
                label: String,
                reason: String,
            },
            Before(String, String, String),
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Now { id, label, reason } => Removal { id, label, reason },
            Stored::Before(first, second, reason) => Removal {
                id: format!("{first}/{second}"),
                label: [first, second]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" / "),
                reason,
            },
        })
    }
}

/// How one item of a derived catalog stands against its reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DiffRow {
    /// Taken over as it is.
    Inherited { id: String, label: String },
    /// Taken over with local changes to these columns.
    Changed {
        id: String,
        label: String,
        columns: Vec<&'static str>,
    },
    /// A local addition.
    Added { id: String, label: String },
    /// Left out, with the reason given.
    Removed {
        id: String,
        label: String,
        reason: String,
    },
}

/// The columns in which two versions of an item differ.
pub fn changed_columns(a: &CatalogItem, b: &CatalogItem) -> Vec<&'static str> {
    let mut out = Vec::new();
    let pairs: [(&str, bool); 12] = [
        ("一级事项", a.first != b.first),
        ("二级事项", a.second != b.second),
        ("三级事项", a.third != b.third),
        ("公开内容（要素）", a.content != b.content),
        ("公开依据", a.basis != b.basis),
        ("公开时限", a.time_limit != b.time_limit),
        ("公开主体", a.subject != b.subject),
        (
            "公开渠道和载体",
            a.channels != b.channels || a.other_channels != b.other_channels,
        ),
        (
            "公开对象",
            a.audience != b.audience || a.tick_notes != b.tick_notes,
        ),
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

/// A test that two items are the same one.
type Same<'a> = &'a dyn Fn(&CatalogItem, &CatalogItem) -> bool;

/// How much two contents share: characters in common, counted with repeats.
fn likeness(a: &str, b: &str) -> usize {
    let mut pool: Vec<char> = b.chars().collect();
    a.chars()
        .filter(|c| {
            pool.iter()
                .position(|x| x == c)
                .map(|p| pool.swap_remove(p))
                .is_some()
        })
        .count()
}

/// Pairs each reference item with the derived item that takes it over, if any: by id
/// (a derived catalog keeps its reference's ids), then by the same names and content
/// (a table imported on its own), then among items that share their names (the rows
/// that repeat a 二级事项 and differ in content) the most alike first.
pub fn pair(reference: &[CatalogItem], derived: &[CatalogItem]) -> Vec<Option<usize>> {
    let mut used = vec![false; derived.len()];
    let mut out = vec![None; reference.len()];
    let passes: [Same; 2] = [&|r, d| !r.id.is_empty() && r.id == d.id, &|r, d| {
        r.same_path(d) && r.content == d.content
    }];
    for matches in passes {
        for (ri, r) in reference.iter().enumerate() {
            if out[ri].is_some() {
                continue;
            }
            if let Some(di) = (0..derived.len()).find(|&di| !used[di] && matches(r, &derived[di])) {
                used[di] = true;
                out[ri] = Some(di);
            }
        }
    }
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (ri, r) in reference
        .iter()
        .enumerate()
        .filter(|(ri, _)| out[*ri].is_none())
    {
        for (di, d) in derived.iter().enumerate().filter(|(di, _)| !used[*di]) {
            if r.same_path(d) {
                candidates.push((likeness(&r.content, &d.content), ri, di));
            }
        }
    }
    candidates.sort_by_key(|&(score, ri, di)| (std::cmp::Reverse(score), ri, di));
    for (_, ri, di) in candidates {
        if out[ri].is_none() && !used[di] {
            used[di] = true;
            out[ri] = Some(di);
        }
    }
    out
}

/// The side-by-side comparison of a derived catalog with its reference: reference
/// items first, in their order, then local additions. `removed` holds the reasons given
/// for leaving reference items out, by the reference item's id. Returns the rows, and
/// the reference items left out without a reason (id, label), which block submission.
pub fn diff(
    reference: &[CatalogItem],
    derived: &[CatalogItem],
    removed: &[Removal],
) -> (Vec<DiffRow>, Vec<(String, String)>) {
    let pairs = pair(reference, derived);
    let mut rows = Vec::new();
    let mut unexplained = Vec::new();
    for (r, p) in reference.iter().zip(&pairs) {
        let id = r.id.clone();
        let label = r.label_among(reference);
        match p {
            Some(di) => {
                let columns = changed_columns(r, &derived[*di]);
                rows.push(if columns.is_empty() {
                    DiffRow::Inherited { id, label }
                } else {
                    DiffRow::Changed { id, label, columns }
                });
            }
            None => match removed.iter().find(|x| x.id == r.id) {
                Some(x) => rows.push(DiffRow::Removed {
                    id,
                    label,
                    reason: x.reason.clone(),
                }),
                None => unexplained.push((id, label)),
            },
        }
    }
    for (di, d) in derived.iter().enumerate() {
        if !pairs.contains(&Some(di)) {
            rows.push(DiffRow::Added {
                id: d.id.clone(),
                label: d.label_among(derived),
            });
        }
    }
    (rows, unexplained)
}
