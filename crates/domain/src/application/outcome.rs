//! The outcome of an application: exactly the rows of section 三 of the annual report
//! (国办公开办函〔2021〕30号; DOMAIN §4), so that the report is a query.

use super::code_enum;

code_enum! {
    /// The six outcome groups, (一) to (六) of section 三.
    pub enum OutcomeGroup("outcome_group", "办理结果类别") {
        Disclosed = ("disclosed", "予以公开"),
        PartlyDisclosed = ("partly_disclosed", "部分公开"),
        Withheld = ("withheld", "不予公开"),
        CannotProvide = ("cannot_provide", "无法提供"),
        NotHandled = ("not_handled", "不予处理"),
        Other = ("other", "其他处理"),
    }
}

code_enum! {
    /// One outcome, a row of section 三 (三).
    pub enum Outcome("outcome", "办理结果") {
        Disclosed = ("disclosed", "予以公开"),
        /// 区分处理的，只计这一情形，不计其他情形.
        PartlyDisclosed = ("partly_disclosed", "部分公开"),
        StateSecret = ("withheld_state_secret", "属于国家秘密"),
        ForbiddenByLaw = ("withheld_forbidden_by_law", "其他法律行政法规禁止公开"),
        EndangersSecurity = ("withheld_security", "危及“三安全一稳定”"),
        ThirdPartyRights = ("withheld_third_party", "保护第三方合法权益"),
        InternalAffairs = ("withheld_internal_affairs", "属于三类内部事务信息"),
        ProcessInformation = ("withheld_process_information", "属于四类过程性信息"),
        EnforcementFile = ("withheld_enforcement_file", "属于行政执法案卷"),
        AdministrativeQuery = ("withheld_administrative_query", "属于行政查询事项"),
        NotHeld = ("cannot_not_held", "本机关不掌握相关政府信息"),
        NeedsCreation = ("cannot_needs_creation", "没有现成信息需要另行制作"),
        StillUnclear = ("cannot_still_unclear", "补正后申请内容仍不明确"),
        Petition = ("not_handled_petition", "信访举报投诉类申请"),
        Repeated = ("not_handled_repeated", "重复申请"),
        Publication = ("not_handled_publication", "要求提供公开出版物"),
        Excessive = ("not_handled_excessive", "无正当理由大量反复申请"),
        Reconfirm = ("not_handled_reconfirm", "要求行政机关确认或重新出具已获取信息"),
        NotCorrected = ("other_not_corrected", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        FeeUnpaid = ("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        OtherHandling = ("other_other", "其他"),
    }
}

impl Outcome {
    pub fn group(self) -> OutcomeGroup {
        use Outcome::*;
        match self {
            Disclosed => OutcomeGroup::Disclosed,
            PartlyDisclosed => OutcomeGroup::PartlyDisclosed,
            StateSecret | ForbiddenByLaw | EndangersSecurity | ThirdPartyRights
            | InternalAffairs | ProcessInformation | EnforcementFile | AdministrativeQuery => {
                OutcomeGroup::Withheld
            }
            NotHeld | NeedsCreation | StillUnclear => OutcomeGroup::CannotProvide,
            Petition | Repeated | Publication | Excessive | Reconfirm => OutcomeGroup::NotHandled,
            NotCorrected | FeeUnpaid | OtherHandling => OutcomeGroup::Other,
        }
    }

    /// "不予公开：属于国家秘密", or just "予以公开" for the groups without sub-rows.
    pub fn full_label(self) -> String {
        let g = self.group();
        if self.label() == g.label() {
            g.label().to_owned()
        } else {
            format!("{}：{}", g.label(), self.label())
        }
    }

    /// The article of 条例 (2019) the reply rests on, proposed in the reply form; staff
    /// may complete it. `None` where the regulation names no single article and staff
    /// must write the basis themselves.
    pub fn default_basis(self) -> Option<&'static str> {
        use Outcome::*;
        Some(match self {
            Disclosed => "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
            PartlyDisclosed => "《中华人民共和国政府信息公开条例》第三十七条",
            StateSecret | ForbiddenByLaw | EndangersSecurity => {
                "《中华人民共和国政府信息公开条例》第十四条"
            }
            ThirdPartyRights => "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
            InternalAffairs => "《中华人民共和国政府信息公开条例》第十六条第一款",
            ProcessInformation | EnforcementFile => {
                "《中华人民共和国政府信息公开条例》第十六条第二款"
            }
            AdministrativeQuery => "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
            NotHeld => "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
            NeedsCreation => "《中华人民共和国政府信息公开条例》第三十八条",
            StillUnclear | NotCorrected => "《中华人民共和国政府信息公开条例》第三十条",
            Petition => "《中华人民共和国政府信息公开条例》第三十九条第一款",
            Repeated => "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
            Publication => "《中华人民共和国政府信息公开条例》第三十九条第二款",
            Excessive => "《中华人民共和国政府信息公开条例》第三十五条",
            FeeUnpaid => "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
            Reconfirm | OtherHandling => return None,
        })
    }

    /// Whether the reply provides (some of) the information.
    pub fn provides_information(self) -> bool {
        matches!(self, Self::Disclosed | Self::PartlyDisclosed)
    }

    /// Whether a reply with this outcome must say what was withheld and why (Art.37).
    pub fn needs_withheld_account(self) -> bool {
        self == Self::PartlyDisclosed
    }

    /// Whether the reply must name the agency that holds the information (Art.36(五)),
    /// when it can be determined.
    pub fn names_responsible_agency(self) -> bool {
        self == Self::NotHeld
    }
}
