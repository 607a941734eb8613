//! OpenAPI schemas of the fields whose values come from a fixed list. The lists are
//! taken from the domain crate, so the document never drifts from what the code
//! accepts.

use gongkai_domain::attribute::{Attribute, LegalGround};
use gongkai_domain::category::CATEGORIES;
use gongkai_domain::document::Column;
use gongkai_domain::topic::TOPICS;
use gongkai_domain::validity::{Relation, Validity};
use gongkai_domain::workflow::Action;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

/// Workflow actions the API's action endpoint takes (editing and validity have their
/// own endpoints).
pub const API_ACTIONS: [Action; 8] = [
    Action::Submit,
    Action::Review,
    Action::SecrecyClear,
    Action::Approve,
    Action::Return,
    Action::Withdraw,
    Action::Reopen,
    Action::Rereview,
];

/// Relations linked through the relations endpoint (amendment and repeal go through
/// validity).
pub const API_RELATIONS: [Relation; 2] = [Relation::Interprets, Relation::Related];

fn one_of(codes: Vec<&str>, pairs: Vec<String>, what: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(codes))
        .description(Some(format!("{what}：{}", pairs.join("；"))))
        .build()
}

fn labelled<'a>(
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Vec<&'a str>, Vec<String>) {
    items
        .into_iter()
        .map(|(code, label)| (code, format!("{code} {label}")))
        .unzip()
}

pub fn topic() -> Object {
    let (codes, pairs) = labelled(TOPICS.iter().map(|t| (t.code, t.label)));
    one_of(codes, pairs, "主题分类")
}

pub fn category() -> Object {
    let (codes, pairs) = labelled(CATEGORIES.iter().map(|c| (c.code, c.title)));
    one_of(
        codes,
        pairs,
        "法定主动公开内容类别（条例第二十条、第二十一条）",
    )
}

pub fn column() -> Object {
    let (codes, pairs) = labelled(Column::ALL.iter().map(|c| (c.as_str(), c.label())));
    one_of(codes, pairs, "栏目，缺省为 statutory")
}

pub fn validity() -> Object {
    let (codes, pairs) = labelled(Validity::ALL.iter().map(|v| (v.as_str(), v.label())));
    one_of(codes, pairs, "有效性")
}

pub fn attribute() -> Object {
    let (codes, pairs) = labelled(Attribute::ALL.iter().map(|a| (a.as_str(), a.label())));
    one_of(codes, pairs, "公开属性")
}

pub fn legal_ground() -> Object {
    let (codes, pairs) = labelled(LegalGround::ALL.iter().map(|g| (g.as_str(), g.label())));
    one_of(
        codes,
        pairs,
        "不予主动公开的法律依据（公开属性非主动公开时必填）",
    )
}

pub fn action() -> Object {
    let (codes, pairs) = labelled(API_ACTIONS.iter().map(|a| (a.as_str(), a.label())));
    one_of(codes, pairs, "流程操作")
}

pub fn relation() -> Object {
    let (codes, pairs) = labelled(
        API_RELATIONS
            .iter()
            .map(|r| (r.as_str(), r.label_forward())),
    );
    one_of(codes, pairs, "关联类型")
}
