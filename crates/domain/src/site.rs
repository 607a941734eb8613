//! The identity of a deployment's website, as the 政府网站发展指引 (国办发〔2017〕47号)
//! asks every government site to show it: the site's name in the header and the page
//! titles, and in the footer 主办单位, 承办单位, 网站标识码, the ICP record and the
//! public-security record with their links, and 联系我们.

use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::invalid::{Problems, single_line};
use crate::org::Contact;

/// The abbreviations of provinces that open an ICP or public-security record number.
const PROVINCES: &str =
    "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔贵滇云藏陕秦甘陇青宁新港澳台";

/// Folds full-width letters and digits and drops every kind of space, as people paste
/// record numbers from certificates and other sites.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// 网站标识码: the ten characters the State Council's government-website register
/// assigns (digits for governments, "bm" and digits for departments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SiteCode(String);

impl std::str::FromStr for SiteCode {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let v = compact(s).to_ascii_lowercase();
        if v.len() == 10 && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Self(v))
        } else {
            Err(Invalid::new(
                "site_code",
                "网站标识码应为10位数字或字母（如3509220001、bm35000001）",
            ))
        }
    }
}

/// ICP备案号: "闽ICP备05012345号", optionally with the site's "-1".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IcpNumber(String);

impl IcpNumber {
    /// Where the record can be looked up (工业和信息化部 ICP/IP地址/域名信息备案管理系统).
    pub const LOOKUP: &'static str = "https://beian.miit.gov.cn/";
}

impl std::str::FromStr for IcpNumber {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let v = compact(s).replace("icp", "ICP");
        let ok = (|| {
            let (province, rest) = v.split_once("ICP备")?;
            let (digits, tail) = rest.split_once('号')?;
            let province_ok =
                province.chars().count() == 1 && PROVINCES.contains(province.chars().next()?);
            let site_ok = tail.is_empty()
                || tail
                    .strip_prefix('-')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            (province_ok
                && (6..=10).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && site_ok)
                .then_some(())
        })();
        match ok {
            Some(()) => Ok(Self(v)),
            None => Err(Invalid::new(
                "icp",
                "ICP备案号格式应如“闽ICP备05012345号”或“闽ICP备05012345号-1”",
            )),
        }
    }
}

/// 公安机关备案号: "闽公网安备 35090202000123号" (fourteen digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PoliceRecord {
    province: char,
    code: String,
}

impl PoliceRecord {
    /// The fourteen-digit record code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Where the record can be looked up (全国互联网安全管理服务平台).
    pub fn lookup_url(&self) -> String {
        format!(
            "https://beian.mps.gov.cn/#/query/webSearch?code={}",
            self.code
        )
    }
}

impl std::fmt::Display for PoliceRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}公网安备 {}号", self.province, self.code)
    }
}

impl std::str::FromStr for PoliceRecord {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let v = compact(s);
        let parsed = (|| {
            let (province, rest) = v.split_once("公网安备")?;
            let code = rest.strip_suffix('号').unwrap_or(rest);
            let mut p = province.chars();
            let province = p.next().filter(|c| PROVINCES.contains(*c))?;
            (p.next().is_none() && code.len() == 14 && code.bytes().all(|b| b.is_ascii_digit()))
                .then(|| Self {
                    province,
                    code: code.to_owned(),
                })
        })();
        parsed.ok_or_else(|| {
            Invalid::new(
                "police_record",
                "公安机关备案号格式应如“闽公网安备 35090202000123号”（14位数字）",
            )
        })
    }
}

macro_rules! string_newtype {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = Invalid;
            fn try_from(s: String) -> Result<Self, Invalid> {
                s.parse()
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.to_string()
            }
        }
    };
}
string_newtype!(SiteCode);
string_newtype!(IcpNumber);
string_newtype!(PoliceRecord);

impl std::fmt::Display for SiteCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for IcpNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the header, the footer and the page titles show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteIdentity {
    /// 网站名称, e.g. "云溪县人民政府门户网站"; the end of every page title.
    pub name: String,
    /// 主办单位.
    pub sponsor: String,
    /// 承办单位 (often the county's 大数据中心), when another body runs the site.
    #[serde(default)]
    pub operator: String,
    #[serde(default)]
    pub site_code: Option<SiteCode>,
    #[serde(default)]
    pub icp: Option<IcpNumber>,
    #[serde(default)]
    pub police_record: Option<PoliceRecord>,
    /// 联系我们: the site's own contact (its 主办单位's office), not an agency's
    /// disclosure office.
    #[serde(default)]
    pub contact: Contact,
}

impl Default for SiteIdentity {
    /// What a deployment shows before its administrator names it.
    fn default() -> Self {
        Self {
            name: "政务公开平台".into(),
            sponsor: String::new(),
            operator: String::new(),
            site_code: None,
            icp: None,
            police_record: None,
            contact: Contact::default(),
        }
    }
}

impl SiteIdentity {
    /// A page title as the 发展指引 has it: the page, then the site ("首页" is the
    /// site's name alone).
    pub fn page_title(&self, page: &str) -> String {
        let page = page.trim();
        if page.is_empty() || page == self.name {
            self.name.clone()
        } else {
            format!("{page} - {}", self.name)
        }
    }
}

/// The site identity as entered in a form or on the command line.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawSiteIdentity {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub sponsor: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default)]
    pub site_code: String,
    #[serde(default)]
    pub icp: String,
    #[serde(default)]
    pub police_record: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub postcode: String,
}

impl RawSiteIdentity {
    /// The form filled with what is stored, for editing.
    pub fn from_identity(s: &SiteIdentity) -> Self {
        fn text<T: ToString>(v: &Option<T>) -> String {
            v.as_ref().map(ToString::to_string).unwrap_or_default()
        }
        Self {
            name: s.name.clone(),
            sponsor: s.sponsor.clone(),
            operator: s.operator.clone(),
            site_code: text(&s.site_code),
            icp: text(&s.icp),
            police_record: text(&s.police_record),
            address: s.contact.address.clone(),
            phone: s.contact.phone.clone(),
            email: s.contact.email.clone(),
            postcode: s.contact.postcode.clone(),
        }
    }

    /// Parses every field, reporting all problems at once.
    pub fn parse(&self) -> Result<SiteIdentity, Vec<Invalid>> {
        let mut p = Problems::default();
        let name = p.text(single_line("name", "网站名称", &self.name, true, 60));
        let sponsor = p.text(single_line("sponsor", "主办单位", &self.sponsor, true, 60));
        let operator = p.text(single_line(
            "operator",
            "承办单位",
            &self.operator,
            false,
            60,
        ));
        fn optional(v: &str) -> Option<&str> {
            (!v.trim().is_empty()).then_some(v)
        }
        let site_code =
            optional(&self.site_code).and_then(|v| v.parse().map_err(|e| p.push(e)).ok());
        let icp = optional(&self.icp).and_then(|v| v.parse().map_err(|e| p.push(e)).ok());
        let police_record =
            optional(&self.police_record).and_then(|v| v.parse().map_err(|e| p.push(e)).ok());
        let contact = Contact {
            address: self.address.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            postcode: self.postcode.clone(),
            ..Contact::default()
        }
        .validated()
        .map_err(|e| p.push(e))
        .unwrap_or_default();
        if p.is_empty() {
            Ok(SiteIdentity {
                name,
                sponsor,
                operator,
                site_code,
                icp,
                police_record,
                contact,
            })
        } else {
            Err(p.0)
        }
    }
}

/// The image formats accepted for the emblem and seals, by their first bytes (the
/// declared type of an upload is not trusted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }
}

/// The largest emblem or seal image accepted.
pub const MAX_IMAGE_BYTES: usize = 512 * 1024;

/// Checks an uploaded emblem or seal image: PNG or JPEG by content, not empty, not
/// larger than [`MAX_IMAGE_BYTES`].
pub fn check_image(field: &'static str, bytes: &[u8]) -> Result<ImageKind, Invalid> {
    if bytes.is_empty() {
        return Err(Invalid::new(field, "请选择图片文件"));
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(Invalid::new(
            field,
            format!("图片过大：最大{}KB", MAX_IMAGE_BYTES / 1024),
        ));
    }
    ImageKind::sniff(bytes).ok_or_else(|| Invalid::new(field, "图片须为PNG或JPEG格式"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_numbers_as_people_paste_them() {
        let icp: IcpNumber = "闽ICP备０５０１２３４５号－１".parse().unwrap();
        assert_eq!(icp.to_string(), "闽ICP备05012345号-1");
        assert_eq!(
            " 闽icp备05012345号 "
                .parse::<IcpNumber>()
                .unwrap()
                .to_string(),
            "闽ICP备05012345号"
        );
        for bad in [
            "ICP备05012345号",
            "闽ICP备号",
            "闽ICP备05012345",
            "X ICP备05012345号",
        ] {
            assert!(bad.parse::<IcpNumber>().is_err(), "{bad}");
        }
        let police: PoliceRecord = "闽公网安备35090202000123号".parse().unwrap();
        assert_eq!(police.to_string(), "闽公网安备 35090202000123号");
        assert!(police.lookup_url().ends_with("code=35090202000123"));
        assert!(
            "闽公网安备 3509020200012号"
                .parse::<PoliceRecord>()
                .is_err()
        );
        assert_eq!(
            "BM35000001".parse::<SiteCode>().unwrap().to_string(),
            "bm35000001"
        );
        assert!("350922".parse::<SiteCode>().is_err());
    }

    #[test]
    fn a_form_reports_every_problem() {
        let raw = RawSiteIdentity {
            name: String::new(),
            sponsor: "云溪县人民政府办公室".into(),
            icp: "备案中".into(),
            police_record: "x".into(),
            email: "not mail".into(),
            ..Default::default()
        };
        let fields: Vec<_> = raw.parse().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "icp", "police_record", "email"]);
    }

    #[test]
    fn titles_end_with_the_site_name_once() {
        let s = SiteIdentity {
            name: "云溪县人民政府".into(),
            ..SiteIdentity::default()
        };
        assert_eq!(s.page_title("云溪县人民政府"), "云溪县人民政府");
        assert_eq!(s.page_title("年度报告"), "年度报告 - 云溪县人民政府");
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(
            check_image("f", b"\x89PNG\r\n\x1a\nrest"),
            Ok(ImageKind::Png)
        );
        assert!(check_image("f", b"<svg onload=alert(1)>").is_err());
        assert!(check_image("f", b"").is_err());
    }
}
