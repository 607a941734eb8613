//! Who applies (条例 Art.29(一); the applicant columns of the annual report, DOMAIN §4).

use serde::{Deserialize, Serialize};

use super::code_enum;
use crate::invalid::{Invalid, Problems, email, postcode, single_line};

code_enum! {
    /// The applicant columns of section 三. There is no 法人 subtotal column.
    pub enum ApplicantKind("applicant_kind", "申请人类型") {
        NaturalPerson = ("natural_person", "自然人"),
        Business = ("business", "商业企业"),
        Research = ("research", "科研机构"),
        PublicInterest = ("public_interest", "社会公益组织"),
        LegalService = ("legal_service", "法律服务机构"),
        OtherOrganisation = ("other_organisation", "其他"),
    }
}

impl ApplicantKind {
    pub fn is_person(self) -> bool {
        self == Self::NaturalPerson
    }

    /// The label in forms, where "其他" alone would be unclear.
    pub fn form_label(self) -> &'static str {
        match self {
            Self::NaturalPerson => "公民（自然人）",
            Self::Business => "法人或其他组织：商业企业",
            Self::Research => "法人或其他组织：科研机构",
            Self::PublicInterest => "法人或其他组织：社会公益组织",
            Self::LegalService => "法人或其他组织：法律服务机构",
            Self::OtherOrganisation => "法人或其他组织：其他",
        }
    }
}

code_enum! {
    /// The identity document (身份证明) the applicant gives.
    pub enum IdKind("id_kind", "证件类型") {
        ResidentCard = ("resident_card", "居民身份证"),
        Passport = ("passport", "护照"),
        HkMacauPermit = ("hk_macau_permit", "港澳居民来往内地通行证"),
        TaiwanPermit = ("taiwan_permit", "台湾居民来往大陆通行证"),
        PermanentResidence = ("permanent_residence", "外国人永久居留身份证"),
        CreditCode = ("credit_code", "统一社会信用代码"),
        OtherId = ("other", "其他有效证件"),
    }
}

/// GB 11643-1999: weights of the first 17 digits, and the check characters by sum mod 11.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Whether `s` is an 18-character resident ID number with a valid check character.
pub fn resident_id_is_valid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    ID_CHECK[(sum % 11) as usize] == b[17].to_ascii_uppercase()
}

/// GB 32100-2015: the 31 characters of a 统一社会信用代码 and the weights of its first 17.
const CREDIT_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Whether `s` is an 18-character 统一社会信用代码 with a valid check character.
pub fn credit_code_is_valid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let mut sum = 0u32;
    for (c, w) in b[..17].iter().zip(CREDIT_WEIGHTS) {
        match CREDIT_CHARS.iter().position(|x| x == c) {
            Some(v) => sum += v as u32 * w,
            None => return false,
        }
    }
    let check = (31 - sum % 31) % 31;
    CREDIT_CHARS[check as usize] == b[17]
}

/// The applicant as given on the form, not yet checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApplicantInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_kind: String,
    #[serde(default)]
    pub id_number: String,
    /// For organisations: the person to contact (联系人).
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postcode: String,
}

/// A checked applicant. Personal data: never on a public page (DOMAIN §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub kind: ApplicantKind,
    pub name: String,
    pub id_kind: IdKind,
    pub id_number: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub postcode: String,
}

impl ApplicantInput {
    /// Checks Art.29(一): name, identity proof and a way to reach the applicant.
    /// Returns every problem, so a form can show them all at once.
    pub fn parse(&self) -> Result<Applicant, Vec<Invalid>> {
        let mut p = Problems::default();
        let kind: Option<ApplicantKind> = p.choice("kind", "请选择申请人类型", &self.kind);
        let id_kind: Option<IdKind> = p.choice("id_kind", "请选择证件类型", &self.id_kind);
        let name_label = if kind.is_some_and(|k| !k.is_person()) {
            "单位名称"
        } else {
            "姓名"
        };
        let name = p.text(single_line("name", name_label, &self.name, true, 100));
        let id_number = p.text(
            single_line("id_number", "证件号码", &self.id_number, true, 40)
                .map(|s| s.to_ascii_uppercase()),
        );
        let contact_person = p.text(single_line(
            "contact_person",
            "联系人",
            &self.contact_person,
            false,
            50,
        ));
        let phone = p.text(single_line("phone", "联系电话", &self.phone, false, 40));
        let email = p.text(email("email", &self.email, false));
        let address = p.text(single_line(
            "address",
            "通信地址",
            &self.address,
            false,
            200,
        ));
        let postcode = p.text(postcode("postcode", &self.postcode, false));
        let given = |s: &str| !s.trim().is_empty();
        if !given(&self.phone) && !given(&self.email) && !given(&self.address) {
            p.push(Invalid::new(
                "phone",
                "请至少填写一种联系方式（电话、电子邮箱或通信地址）",
            ));
        }
        if let (Some(k), Some(idk)) = (kind, id_kind) {
            if !id_number.is_empty() {
                if idk == IdKind::ResidentCard && !resident_id_is_valid(&id_number) {
                    p.push(Invalid::new(
                        "id_number",
                        "居民身份证号码应为18位，且末位校验码须正确",
                    ));
                }
                if idk == IdKind::CreditCode && !credit_code_is_valid(&id_number) {
                    p.push(Invalid::new(
                        "id_number",
                        "统一社会信用代码应为18位，且末位校验码须正确",
                    ));
                }
            }
            if k.is_person() && idk == IdKind::CreditCode {
                p.push(Invalid::new(
                    "id_kind",
                    "公民申请请提供个人身份证件，统一社会信用代码适用于法人或其他组织",
                ));
            }
            if !k.is_person() && contact_person.is_empty() {
                p.push(Invalid::new(
                    "contact_person",
                    "法人或其他组织申请请填写联系人",
                ));
            }
        }
        let (Some(kind), Some(id_kind)) = (kind, id_kind) else {
            return Err(p.0);
        };
        if !p.is_empty() {
            return Err(p.0);
        }
        Ok(Applicant {
            kind,
            name,
            id_kind,
            id_number,
            contact_person,
            phone,
            email,
            address,
            postcode,
        })
    }
}

/// A masked form of an identity number for lists and letters: the first 3 and last 2
/// characters (DOMAIN §11 masks personal data wherever the full number is not needed).
pub fn mask_id(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 5))
}
