//! 政务公开事项标准目录 (DOMAIN §9): the items of a catalog with every column counties and
//! townships publish, the fixed lists of channels, audiences, methods and levels, the 26
//! domains of seed 000, 公开时限 as a checkable rule, and the compliance of published
//! content with an item's rule.

mod compliance;
mod item;
pub mod lifecycle;
mod time_rule;

pub mod table;

pub use compliance::{Compliance, check};
pub use item::{
    CatalogItem, Parsed, RawItem, assign_ids, assign_ids_avoiding, clean_name, clean_text,
};
pub use time_rule::{Clause, DayUnit, Place, TimeLimit, TimeRule, Trigger};

use super::code_enum::code_enum;

/// The 26 domains of seed 000 (§二(一)); deployments may add their own.
pub const STANDARD_DOMAINS: [&str; 26] = [
    "国土空间规划",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收",
    "保障性住房",
    "农村危房改造",
    "环境保护",
    "公共文化服务",
    "公共法律服务",
    "扶贫",
    "救灾",
    "食品药品监管",
    "城市综合执法",
    "就业创业",
    "社会保险",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "医疗卫生",
    "市政服务",
];

code_enum! {
    /// 公开渠道和载体: the fixed tick list (free text goes beside it).
    pub enum Channel("channel", "公开渠道") {
        Website = ("website", "政府网站"),
        Gazette = ("gazette", "政府公报"),
        Apps = ("apps", "两微一端"),
        Conference = ("conference", "发布会/听证会"),
        Broadcast = ("broadcast", "广播电视"),
        Print = ("print", "纸质媒体"),
        ReadingPoint = ("reading_point", "公开查阅点"),
        ServiceCentre = ("service_centre", "政务服务中心"),
        ServiceStation = ("service_station", "便民服务站"),
        OnSite = ("on_site", "入户/现场"),
        NoticeBoard = ("notice_board", "社区/企事业单位/村公示栏（电子屏）"),
        Push = ("push", "精准推送"),
        Hotline = ("hotline", "12345热线"),
        OtherChannel = ("other", "其他"),
    }
}

impl Channel {
    /// The channel a cell's text names, tolerant of the short forms tables use
    /// ("网站", "公示栏", "电子屏").
    pub fn recognise(text: &str) -> Option<Channel> {
        let t = text.trim();
        if let Some(c) = Channel::ALL.iter().find(|c| c.label() == t) {
            return Some(*c);
        }
        let rules: [(&str, Channel); 14] = [
            ("网站", Channel::Website),
            ("公报", Channel::Gazette),
            ("两微", Channel::Apps),
            ("公众号", Channel::Apps),
            ("发布会", Channel::Conference),
            ("听证会", Channel::Conference),
            ("广播", Channel::Broadcast),
            ("报纸", Channel::Print),
            ("纸质", Channel::Print),
            ("查阅点", Channel::ReadingPoint),
            ("政务服务中心", Channel::ServiceCentre),
            ("便民服务", Channel::ServiceStation),
            ("公示栏", Channel::NoticeBoard),
            ("12345", Channel::Hotline),
        ];
        rules
            .iter()
            .find(|(k, _)| t.contains(k))
            .map(|(_, c)| *c)
            .or_else(|| {
                [
                    ("入户", Channel::OnSite),
                    ("现场", Channel::OnSite),
                    ("电子屏", Channel::NoticeBoard),
                    ("推送", Channel::Push),
                ]
                .iter()
                .find(|(k, _)| t.contains(k))
                .map(|(_, c)| *c)
            })
    }
}

code_enum! {
    /// 公开对象
    pub enum Audience("audience", "公开对象") {
        Everyone = ("everyone", "全社会"),
        Group = ("group", "特定群体"),
    }
}

code_enum! {
    /// 公开方式
    pub enum Method("method", "公开方式") {
        Proactive = ("proactive", "主动"),
        OnRequest = ("on_request", "依申请"),
    }
}

code_enum! {
    /// 公开层级
    pub enum Level("level", "公开层级") {
        County = ("county", "县级"),
        Township = ("township", "乡级"),
        Village = ("village", "村级"),
    }
}

impl Audience {
    /// Reads "全社会", "特定群体" and their usual variants.
    pub fn recognise(text: &str) -> Option<Audience> {
        let t = text.trim();
        if t.contains("全社会") || t.contains("公众") {
            Some(Audience::Everyone)
        } else if t.contains("特定") {
            Some(Audience::Group)
        } else {
            None
        }
    }
}

impl Method {
    /// Reads "主动", "主动公开", "依申请", "依申请公开".
    pub fn recognise(text: &str) -> Option<Method> {
        let t = text.trim();
        if t.starts_with("主动") {
            Some(Method::Proactive)
        } else if t.starts_with("依申请") {
            Some(Method::OnRequest)
        } else {
            None
        }
    }
}
