//! 听证会、座谈会 and other ways of hearing the public on a decision (重大行政决策程序
//! 暂行条例 Art.14, 18–19): the record of one meeting, tied to the consultation it served.

use crate::code_enum::code_enum;

code_enum! {
    pub enum HearingKind("kind", "形式") {
        Hearing = ("hearing", "听证会"),
        Forum = ("forum", "座谈会"),
        Expert = ("expert", "专家论证会"),
        Visit = ("visit", "实地走访"),
    }
}

/// The kinds of participants a record names, as the practice lists them.
pub const PARTICIPANT_KINDS: &[&str] = &[
    "人大代表",
    "政协委员",
    "专家学者",
    "企业代表",
    "群众代表",
    "利害关系人",
    "社会组织代表",
    "相关部门",
];
