//! What an application asks for and how it arrived (条例 Art.29, Art.31).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::code_enum;
use crate::docnum::DocNumber;
use crate::invalid::{Invalid, Problems, multi_line, single_line};

code_enum! {
    /// How the application reached the agency; each has its receipt-date rule (Art.31).
    pub enum Channel("channel", "提交方式") {
        Online = ("online", "网上申请"),
        InPerson = ("in_person", "当面提交"),
        RegisteredPost = ("registered_post", "邮寄（需签收）"),
        OrdinaryLetter = ("ordinary_letter", "平常信函"),
        Fax = ("fax", "传真"),
        Email = ("email", "电子邮件"),
    }
}

impl Channel {
    /// Which date is the receipt date (Art.31), as the registration form asks for it.
    pub fn receipt_rule(self) -> &'static str {
        match self {
            Self::InPerson => "以提交之日为收到申请之日（第三十一条第（一）项）",
            Self::RegisteredPost => "以本机关签收之日为收到申请之日（第三十一条第（二）项）",
            Self::OrdinaryLetter => {
                "以政府信息公开工作机构与申请人确认之日为收到申请之日（第三十一条第（二）项）"
            }
            Self::Online | Self::Fax | Self::Email => {
                "以双方确认之日为收到申请之日（第三十一条第（三）项）"
            }
        }
    }

    /// The channels staff register by hand; online applications come through the portal.
    pub const STAFF: [Channel; 5] = [
        Channel::InPerson,
        Channel::RegisteredPost,
        Channel::OrdinaryLetter,
        Channel::Fax,
        Channel::Email,
    ];
}

code_enum! {
    /// 获取信息的方式 (Art.29(三), Art.40).
    pub enum DeliveryForm("delivery_form", "信息提供形式") {
        Paper = ("paper", "纸质文本"),
        Electronic = ("electronic", "电子文件"),
        Inspection = ("inspection", "查阅、抄录"),
    }
}

code_enum! {
    /// 获取信息的途径 (Art.29(三)); also the way a reply is delivered (送达).
    pub enum DeliveryWay("delivery_way", "获取途径") {
        Post = ("post", "邮寄"),
        Email = ("email", "电子邮件"),
        Pickup = ("pickup", "当面领取"),
        Fax = ("fax", "传真"),
        Online = ("online", "网上查阅（凭查询码）"),
    }
}

/// The application as entered, not yet checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RequestInput {
    /// 申请公开的政府信息的名称.
    #[serde(default)]
    pub title: String,
    /// 文号, if the applicant knows it.
    #[serde(default)]
    pub doc_number: String,
    /// 便于查询的其他特征性描述.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub delivery_form: String,
    #[serde(default)]
    pub delivery_way: String,
}

/// What is asked for, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InformationRequest {
    pub title: String,
    /// As the applicant wrote it; a number that does not parse is kept as text (it may
    /// be a number of another agency's scheme), with `doc_number_normalized` empty.
    pub doc_number: String,
    pub doc_number_normalized: String,
    pub description: String,
    pub delivery_form: DeliveryForm,
    pub delivery_way: DeliveryWay,
}

impl InformationRequest {
    /// What the applicant asks for in one line: the name, else the 文号, else the
    /// description — the way registers and letters name a request.
    pub fn headline(&self) -> &str {
        [&self.title, &self.doc_number, &self.description]
            .into_iter()
            .find(|s| !s.is_empty())
            .map_or("", String::as_str)
    }

    /// [`Self::headline`] cut to `n` characters, for tables.
    pub fn headline_short(&self, n: usize) -> String {
        self.headline().chars().take(n).collect()
    }
}

impl RequestInput {
    /// Checks Art.29(二)(三): what is asked for (a name, a 文号 or a description) and in
    /// which form and way it should be provided. Returns every problem.
    pub fn parse(&self) -> Result<InformationRequest, Vec<Invalid>> {
        let mut p = Problems::default();
        let title = p.text(single_line(
            "title",
            "政府信息名称",
            &self.title,
            false,
            200,
        ));
        let doc_number = p.text(single_line(
            "doc_number",
            "文号",
            &self.doc_number,
            false,
            60,
        ));
        let description = p.text(multi_line(
            "description",
            "特征性描述",
            &self.description,
            false,
            2000,
        ));
        if p.is_empty() && title.is_empty() && doc_number.is_empty() && description.is_empty() {
            p.push(Invalid::new(
                "description",
                "请填写所需政府信息的名称、文号或便于查询的特征性描述（至少一项）",
            ));
        }
        let form = p.choice("delivery_form", "请选择信息提供形式", &self.delivery_form);
        let way = p.choice("delivery_way", "请选择获取途径", &self.delivery_way);
        let doc_number_normalized = DocNumber::parse(&doc_number)
            .map(|d| d.normalized().to_owned())
            .unwrap_or_default();
        match (form, way) {
            (Some(delivery_form), Some(delivery_way)) if p.is_empty() => Ok(InformationRequest {
                title,
                doc_number,
                doc_number_normalized,
                description,
                delivery_form,
                delivery_way,
            }),
            _ => Err(p.0),
        }
    }
}

/// Checks a receipt date given by staff: not in the future and not absurdly old.
pub fn receipt_date(value: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    if value > today {
        return Err(Invalid::new("received_on", "收到申请日期不能晚于今天"));
    }
    if (today - value).num_days() > 366 {
        return Err(Invalid::new(
            "received_on",
            "收到申请日期早于一年前，请核对",
        ));
    }
    Ok(value)
}
