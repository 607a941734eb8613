//! 主题分类: the subject classification used by 政府信息公开目录 (modelled on the
//! classification of the State Council's own 政府信息公开目录).

use crate::invalid::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Topic {
    pub code: &'static str,
    pub label: &'static str,
}

const fn t(code: &'static str, label: &'static str) -> Topic {
    Topic { code, label }
}

pub const TOPICS: &[Topic] = &[
    t("zhzw", "综合政务"),
    t("gmjj", "国民经济管理、国有资产监管"),
    t("czjr", "财政、金融、审计"),
    t("gtny", "国土资源、能源"),
    t("nlsl", "农业、林业、水利"),
    t("gyjt", "工业、交通"),
    t("smly", "商贸、海关、旅游"),
    t("scjg", "市场监管、安全生产监管"),
    t("cxhb", "城乡建设、环境保护"),
    t("kjjy", "科技、教育"),
    t("whgd", "文化、广电、新闻出版"),
    t("wsty", "卫生、体育"),
    t("rkfn", "人口与计划生育、妇女儿童工作"),
    t("ldrs", "劳动、人事、监察"),
    t("gaaq", "公安、安全、司法"),
    t("mzfp", "民政、扶贫、救灾"),
    t("mzzj", "民族、宗教"),
    t("dwsw", "对外事务"),
    t("gatq", "港澳台侨工作"),
    t("gf", "国防"),
    t("qt", "其他"),
];

impl Topic {
    pub fn by_code(code: &str) -> Option<&'static Topic> {
        TOPICS.iter().find(|t| t.code == code)
    }
    pub fn parse(code: &str) -> Result<&'static Topic, Invalid> {
        Self::by_code(code.trim())
            .ok_or_else(|| Invalid::new("topic", format!("未知的主题分类“{code}”")))
    }
}
