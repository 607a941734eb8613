//! 建议提案办理 (DOMAIN §15; seed 004 §一(一)(五)): suggestions of NPC deputies and
//! proposals of CPPCC members handled by a unit, whose replies (复文) are made public
//! unless withheld with a reason.

use crate::code_enum::code_enum;

code_enum! {
    /// Where an item comes from.
    pub enum ProposalKind("kind", "类别") {
        /// 人大代表建议.
        Suggestion = ("suggestion", "人大代表建议"),
        /// 政协委员提案.
        Proposal = ("proposal", "政协提案"),
    }
}

code_enum! {
    /// The result the reply gives (the classification used in 办理复文).
    pub enum ProposalResult("result", "办理结果") {
        /// A类: solved or adopted.
        Solved = ("solved", "所提问题已经解决或基本解决（A类）"),
        /// B类: being solved, or planned.
        Planned = ("planned", "所提问题正在解决或列入计划逐步解决（B类）"),
        /// C类: cannot be solved for now, explained.
        Explained = ("explained", "所提问题因条件限制暂时不能解决，作出说明（C类）"),
    }
}
