//! Small shapes shared by the API's responses.

use gongkai_domain::attribute::{Attribute, LegalGround};
use gongkai_domain::category::Category;
use gongkai_domain::document::Column;
use gongkai_domain::org::OrgLevel;
use gongkai_domain::topic::Topic;
use gongkai_domain::validity::Validity;
use gongkai_domain::workflow::{Action, State};
use serde::Serialize;
use utoipa::ToSchema;

/// 固定取值：稳定的机器代码及其中文名称。
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"code": "proactive", "label": "主动公开"}))]
pub struct Coded {
    /// 机器代码，与查询参数和请求体中使用的代码相同。
    pub code: String,
    /// 中文名称。
    pub label: String,
}

impl Coded {
    pub fn new(code: &str, label: &str) -> Self {
        Self {
            code: code.to_owned(),
            label: label.to_owned(),
        }
    }
    pub fn topic(code: &str) -> Self {
        Self::new(code, Topic::by_code(code).map_or("其他", |t| t.label))
    }
    pub fn category(code: &str) -> Self {
        Self::new(code, Category::by_code(code).map_or(code, |c| c.title))
    }
    pub fn validity(v: Validity) -> Self {
        Self::new(v.as_str(), v.label())
    }
    pub fn state(s: State) -> Self {
        Self::new(s.as_str(), s.label())
    }
    pub fn action(a: Action) -> Self {
        Self::new(a.as_str(), a.label())
    }
    pub fn attribute(a: Attribute) -> Self {
        Self::new(a.as_str(), a.label())
    }
    pub fn ground(g: LegalGround) -> Self {
        Self::new(g.as_str(), g.label())
    }
    pub fn column(c: Column) -> Self {
        Self::new(c.as_str(), c.label())
    }
    pub fn level(l: OrgLevel) -> Self {
        Self::new(l.as_str(), l.label())
    }
}

/// 文件涉及的机构。
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgRef {
    /// 网址标识，如 `yunxi`。
    pub slug: String,
    /// 机构名称。
    pub name: String,
}

/// URL of an organisation's home page on the portal.
pub fn org_url(slug: &str) -> String {
    format!("/{slug}/")
}

/// URL of a document's page in the back office.
pub fn staff_url(index_number: &str) -> String {
    format!("/admin/docs/{index_number}")
}

/// URL of a document in this API.
pub fn api_doc_url(index_number: &str) -> String {
    format!("/api/v1/documents/{index_number}")
}
