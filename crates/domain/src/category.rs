//! The 法定主动公开内容 categories: 条例 Art.20 for every agency, Art.21 for county-level
//! and township governments, and the 村(居)务公开 list for villages (DOMAIN §7, §13 pilot 9).

use crate::invalid::Invalid;
use crate::org::OrgLevel;

/// Which organisations publish under a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// 条例 Art.20: every administrative agency.
    Every,
    /// 条例 Art.21 first half: 设区的市级、县级人民政府及其部门.
    CityCounty,
    /// 条例 Art.21 second half: 乡（镇）人民政府.
    Township,
    /// 村(居)务公开 (seed 000 pilot 9; 村民委员会组织法 Art.30).
    Village,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// Stable code used in URLs and the API, e.g. `a20-01`.
    pub code: &'static str,
    pub scope: Scope,
    /// Short column title.
    pub title: &'static str,
    /// The article's wording.
    pub description: &'static str,
}

const fn c(
    code: &'static str,
    scope: Scope,
    title: &'static str,
    description: &'static str,
) -> Category {
    Category {
        code,
        scope,
        title,
        description,
    }
}

pub const CATEGORIES: &[Category] = &[
    c(
        "a20-01",
        Scope::Every,
        "法规文件",
        "行政法规、规章和规范性文件（条例第二十条第一项）",
    ),
    c(
        "a20-02",
        Scope::Every,
        "机构职能",
        "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名（第二十条第二项）",
    ),
    c(
        "a20-03",
        Scope::Every,
        "规划信息",
        "国民经济和社会发展规划、专项规划、区域规划及相关政策（第二十条第三项）",
    ),
    c(
        "a20-04",
        Scope::Every,
        "统计信息",
        "国民经济和社会发展统计信息（第二十条第四项）",
    ),
    c(
        "a20-05",
        Scope::Every,
        "行政许可",
        "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果（第二十条第五项）",
    ),
    c(
        "a20-06",
        Scope::Every,
        "行政处罚和行政强制",
        "实施行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定（第二十条第六项）",
    ),
    c(
        "a20-07",
        Scope::Every,
        "财政预决算",
        "财政预算、决算信息（第二十条第七项）",
    ),
    c(
        "a20-08",
        Scope::Every,
        "行政事业性收费",
        "行政事业性收费项目及其依据、标准（第二十条第八项）",
    ),
    c(
        "a20-09",
        Scope::Every,
        "政府集中采购",
        "政府集中采购项目的目录、标准及实施情况（第二十条第九项）",
    ),
    c(
        "a20-10",
        Scope::Every,
        "重大建设项目",
        "重大建设项目的批准和实施情况（第二十条第十项）",
    ),
    c(
        "a20-11",
        Scope::Every,
        "民生政策",
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况（第二十条第十一项）",
    ),
    c(
        "a20-12",
        Scope::Every,
        "应急管理",
        "突发公共事件的应急预案、预警信息及应对情况（第二十条第十二项）",
    ),
    c(
        "a20-13",
        Scope::Every,
        "监督检查",
        "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况（第二十条第十三项）",
    ),
    c(
        "a20-14",
        Scope::Every,
        "公务员招考",
        "公务员招考的职位、名额、报考条件等事项以及录用结果（第二十条第十四项）",
    ),
    c(
        "a20-15",
        Scope::Every,
        "其他法定公开信息",
        "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息（第二十条第十五项）",
    ),
    c(
        "a21-sz",
        Scope::CityCounty,
        "市政建设",
        "市政建设（条例第二十一条）",
    ),
    c(
        "a21-gf",
        Scope::CityCounty,
        "公共服务",
        "公共服务（第二十一条）",
    ),
    c(
        "a21-gy",
        Scope::CityCounty,
        "公益事业",
        "公益事业（第二十一条）",
    ),
    c(
        "a21-tz",
        Scope::CityCounty,
        "土地征收",
        "土地征收（第二十一条）",
    ),
    c(
        "a21-fz",
        Scope::CityCounty,
        "房屋征收",
        "房屋征收（第二十一条）",
    ),
    c(
        "a21-za",
        Scope::CityCounty,
        "治安管理",
        "治安管理（第二十一条）",
    ),
    c(
        "a21-jz",
        Scope::CityCounty,
        "社会救助",
        "社会救助（第二十一条）",
    ),
    c(
        "a21x-nc",
        Scope::Township,
        "农业农村政策",
        "贯彻落实农业农村政策（条例第二十一条）",
    ),
    c(
        "a21x-sl",
        Scope::Township,
        "农田水利",
        "农田水利工程建设运营（第二十一条）",
    ),
    c(
        "a21x-lz",
        Scope::Township,
        "土地承包经营权流转",
        "农村土地承包经营权流转（第二十一条）",
    ),
    c(
        "a21x-zj",
        Scope::Township,
        "宅基地审核",
        "宅基地使用情况审核（第二十一条）",
    ),
    c(
        "a21x-tz",
        Scope::Township,
        "土地征收",
        "土地征收（第二十一条）",
    ),
    c(
        "a21x-fz",
        Scope::Township,
        "房屋征收",
        "房屋征收（第二十一条）",
    ),
    c(
        "a21x-cz",
        Scope::Township,
        "筹资筹劳",
        "筹资筹劳（第二十一条）",
    ),
    c(
        "a21x-jz",
        Scope::Township,
        "社会救助",
        "社会救助（第二十一条）",
    ),
    c(
        "cw-dj",
        Scope::Village,
        "党务公开",
        "村党组织建设、党员发展、党费收缴使用等党务事项",
    ),
    c(
        "cw-dw",
        Scope::Village,
        "村级事务",
        "村民会议、村民代表会议决定事项及其实施情况",
    ),
    c(
        "cw-cw",
        Scope::Village,
        "村级财务",
        "村集体财务收支、集体资产资源管理",
    ),
    c(
        "cw-bt",
        Scope::Village,
        "惠农补贴",
        "涉农补贴、惠农政策落实情况",
    ),
    c(
        "cw-zx",
        Scope::Village,
        "乡村振兴",
        "巩固脱贫攻坚成果、乡村振兴项目",
    ),
    c(
        "cw-jz",
        Scope::Village,
        "社会救助",
        "低保、特困供养、临时救助等对象及标准",
    ),
    c("cw-yl", Scope::Village, "养老服务", "养老服务与高龄补贴"),
];

impl Category {
    pub fn by_code(code: &str) -> Option<&'static Category> {
        CATEGORIES.iter().find(|c| c.code == code)
    }

    pub fn parse(code: &str) -> Result<&'static Category, Invalid> {
        Self::by_code(code.trim())
            .ok_or_else(|| Invalid::new("category", format!("未知的主动公开类别“{code}”")))
    }

    /// Whether an organisation of `level` (whose government, for a department, is
    /// `government_level`) publishes under this category.
    pub fn applies_to(&self, level: OrgLevel, government_level: OrgLevel) -> bool {
        let gov = if level == OrgLevel::Department {
            government_level
        } else {
            level
        };
        match self.scope {
            Scope::Every => level != OrgLevel::Village,
            Scope::CityCounty => matches!(gov, OrgLevel::City | OrgLevel::County),
            Scope::Township => level == OrgLevel::Township,
            Scope::Village => level == OrgLevel::Village,
        }
    }
}

/// The categories an organisation publishes under, in statutory order.
pub fn categories_for(level: OrgLevel, government_level: OrgLevel) -> Vec<&'static Category> {
    CATEGORIES
        .iter()
        .filter(|c| c.applies_to(level, government_level))
        .collect()
}
