//! The letters of an application (seed 000 pilot 6: uniform, lawful wording): each is
//! a template with placeholders, filled from the case. Every organisation may edit its
//! templates; these are the defaults.

use std::collections::BTreeMap;

use super::code_enum;
use super::workflow::Action;
use crate::invalid::Invalid;

code_enum! {
    pub enum LetterKind("kind", "文书") {
        Reply = ("reply", "政府信息公开申请答复书"),
        Correction = ("correction", "政府信息公开申请补正告知书"),
        Extension = ("extension", "政府信息公开申请延期答复告知书"),
        Consultation = ("consultation", "征求第三方意见函"),
        Fee = ("fee", "信息处理费收费通知书"),
    }
}

impl LetterKind {
    /// The step whose particulars the letter carries.
    pub fn steps(self) -> &'static [Action] {
        match self {
            Self::Reply => &[Action::Reply, Action::CloseUncorrected, Action::CloseUnpaid],
            Self::Correction => &[Action::RequestCorrection],
            Self::Extension => &[Action::Extend],
            Self::Consultation => &[Action::ConsultThirdParty, Action::ConsultAgency],
            Self::Fee => &[Action::NotifyFee],
        }
    }

    /// The letter of a step, if the step has one.
    pub fn of_step(action: Action) -> Option<LetterKind> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.steps().contains(&action))
    }

    /// The default wording. Lines are paragraphs; `{{name}}` is replaced from the case.
    pub fn default_template(self) -> &'static str {
        match self {
            Self::Reply => {
                "{{申请人}}：\n\
                 本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}），申请获取“{{所需信息}}”。\n\
                 经审查，现答复如下：{{办理结果}}。{{答复说明}}\n\
                 {{不予公开部分}}\n\
                 {{负责公开的机关}}\n\
                 依据：{{法律依据}}。\n\
                 如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。"
            }
            Self::Correction => {
                "{{申请人}}：\n\
                 本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}）。经审查，申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项作出补正：\n\
                 {{补正事项}}\n\
                 请于{{补正期限}}前提交补正材料。答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
            }
            Self::Extension => {
                "{{申请人}}：\n\
                 本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}）。因{{延期理由}}，无法在规定期限内答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{延长工作日}}个工作日，本机关将于{{延长后答复期限}}前作出答复。"
            }
            Self::Consultation => {
                "{{征求意见对象}}：\n\
                 本机关收到政府信息公开申请（申请编号：{{申请编号}}），申请获取“{{所需信息}}”。该信息可能涉及你单位（你）的合法权益，根据《中华人民共和国政府信息公开条例》第三十二条（或第三十四条）的规定，现书面征求意见。\n\
                 请于{{意见期限}}前（自收到本函之日起15个工作日内）书面提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
            }
            Self::Fee => {
                "{{申请人}}：\n\
                 本机关于{{收到日期}}收到您（单位）提出的政府信息公开申请（申请编号：{{申请编号}}）。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本申请应缴纳信息处理费：\n\
                 收费方式：{{收费方式}}；计费数量：{{计费数量}}；金额：{{收费金额}}。\n\
                 收费标准：{{收费标准}}\n\
                 请于{{缴费期限}}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
            }
        }
    }
}

/// Every placeholder a template may use, with what it stands for.
pub const PLACEHOLDERS: [(&str, &str); 26] = [
    ("申请人", "申请人姓名或单位名称"),
    ("申请编号", "申请编号"),
    ("收到日期", "收到申请日期"),
    ("所需信息", "所需政府信息的名称、文号或描述"),
    ("机关名称", "受理机关名称"),
    ("工作机构", "政府信息公开工作机构"),
    ("联系电话", "工作机构联系电话"),
    ("通信地址", "工作机构地址"),
    ("文书日期", "文书落款日期（该步骤的办理日期）"),
    ("办理结果", "办理结果（答复类别）"),
    ("法律依据", "答复的法律依据"),
    ("答复说明", "答复说明"),
    ("不予公开部分", "部分公开时不予公开的内容及理由"),
    ("负责公开的机关", "本机关不掌握时负责公开的机关及联系方式"),
    ("补正事项", "需要补正的事项"),
    ("补正期限", "补正期限"),
    ("延期理由", "延期理由"),
    ("延长工作日", "延长的工作日数"),
    ("延长后答复期限", "延长后的答复期限"),
    ("征求意见对象", "第三方或其他机关"),
    ("意见期限", "提出意见的期限"),
    ("收费方式", "按件或按量"),
    ("计费数量", "按件为本月第几件，按量为页数"),
    ("收费金额", "应缴金额"),
    ("缴费期限", "缴费期限"),
    ("收费标准", "收费标准的原文"),
];

fn known(name: &str) -> bool {
    PLACEHOLDERS.iter().any(|(n, _)| *n == name)
}

/// The placeholders used in `text`, in order, or the reason the text cannot be a
/// template (an unclosed `{{`).
fn placeholders(text: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            return Err("“{{”没有对应的“}}”".into());
        };
        out.push(after[..j].trim());
        rest = &after[j + 2..];
    }
    Ok(out)
}

/// Checks a template an organisation wants to use: bounded, every placeholder known.
pub fn check_template(text: &str) -> Result<String, Invalid> {
    let text = crate::invalid::multi_line("template", "文书模板", text, true, 5000)?;
    let used = placeholders(&text).map_err(|m| Invalid::new("template", m))?;
    let unknown: Vec<&str> = used.into_iter().filter(|p| !known(p)).collect();
    if !unknown.is_empty() {
        return Err(Invalid::new(
            "template",
            format!(
                "模板中有未知的占位符：{}。可用的占位符见下表",
                unknown
                    .iter()
                    .map(|u| format!("{{{{{u}}}}}"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        ));
    }
    Ok(text)
}

/// Fills `template` from `values`; a placeholder without a value becomes empty, and a
/// paragraph left empty by that is dropped.
pub fn fill(template: &str, values: &BTreeMap<&str, String>) -> Vec<String> {
    template
        .lines()
        .map(|line| {
            let mut out = String::new();
            let mut rest = line;
            while let Some(i) = rest.find("{{") {
                out.push_str(&rest[..i]);
                let after = &rest[i + 2..];
                match after.find("}}") {
                    Some(j) => {
                        let name = after[..j].trim();
                        out.push_str(values.get(name).map_or("", String::as_str));
                        rest = &after[j + 2..];
                    }
                    None => {
                        out.push_str(&rest[i..]);
                        rest = "";
                    }
                }
            }
            out.push_str(rest);
            out.trim().to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect()
}
