//! Reading an existing service list (事项清单) from a spreadsheet as departments keep
//! them: a title above the headings, headings broken over lines or named a little
//! differently (实施主体 for 受理单位, 承诺时限 for 办理时限), notes under the table.

use gongkai_domain::catalog::table::{Sheet, normalise_heading};
use gongkai_domain::service::Theme;

use crate::services::ServiceInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Code,
    Audience,
    Themes,
    Basis,
    Office,
    Steps,
    Materials,
    Mistakes,
    FeeBasis,
    Fees,
    TimeLimit,
    Place,
    Hours,
    Phone,
    Complaint,
    Approved,
    Online,
}

/// The field a heading names; the more specific names are tried first.
fn field(heading: &str) -> Option<Field> {
    let h = normalise_heading(heading);
    const NAMES: &[(&[&str], Field)] = &[
        (&["事项编码", "编码", "事项代码"], Field::Code),
        (&["事项名称", "服务事项", "名称"], Field::Name),
        (&["服务对象", "办事对象"], Field::Audience),
        (&["主题", "生命周期", "办事场景"], Field::Themes),
        (&["收费依据"], Field::FeeBasis),
        (&["收费"], Field::Fees),
        (&["依据"], Field::Basis),
        (
            &["受理单位", "实施主体", "办理机构", "受理机构", "实施机构"],
            Field::Office,
        ),
        (&["流程"], Field::Steps),
        (&["常见错误"], Field::Mistakes),
        (&["材料"], Field::Materials),
        (&["时限"], Field::TimeLimit),
        (&["地点", "地址"], Field::Place),
        (&["办理时间", "办公时间", "受理时间"], Field::Hours),
        (&["投诉", "监督"], Field::Complaint),
        (&["咨询"], Field::Phone),
        (&["批准日期", "审批日期", "更新日期"], Field::Approved),
        (&["网上办理", "在线办理", "办理网址"], Field::Online),
    ];
    NAMES
        .iter()
        .find(|(words, _)| words.iter().any(|w| h.contains(w)))
        .map(|(_, f)| *f)
}

/// Who a service is for, as lists write it.
fn audience(s: &str) -> Option<&'static str> {
    let s = normalise_heading(s);
    if s.is_empty() {
        return Some("");
    }
    if s.contains("个人") || s.contains("自然人") || s.contains("居民") {
        Some("person")
    } else if s.contains("法人") || s.contains("企业") || s.contains("组织") {
        Some("legal")
    } else {
        None
    }
}

/// The rows of the first sheet with a 事项名称 heading, each with its row number as the
/// spreadsheet shows it, and every problem found with its row.
pub fn read(sheets: &[Sheet]) -> (Vec<(usize, ServiceInput)>, Vec<String>) {
    let found = sheets.iter().find_map(|s| {
        s.rows.iter().take(6).enumerate().find_map(|(r, row)| {
            let fields: Vec<Option<Field>> = row.iter().map(|c| field(&c.text)).collect();
            (fields.contains(&Some(Field::Name)) && fields.iter().flatten().count() >= 3)
                .then_some((s, r, fields))
        })
    });
    let Some((sheet, header, fields)) = found else {
        return (
            Vec::new(),
            vec!["表格前6行中找不到表头（须有“事项名称”及“办理依据”“办理时限”等列）".into()],
        );
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate().skip(header + 1) {
        let line = r + 1;
        let cell = |f: Field| -> String {
            let Some(i) = fields.iter().position(|x| *x == Some(f)) else {
                return String::new();
            };
            // Merged across, a region is read at its first column only.
            row.get(i)
                .filter(|c| c.origin.1 == i)
                .map(|c| c.text.trim().to_owned())
                .unwrap_or_default()
        };
        if row.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        let first = row
            .iter()
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
            .unwrap_or("");
        if ["注", "备注", "说明", "填表"]
            .iter()
            .any(|k| first.starts_with(k))
        {
            break;
        }
        let name = cell(Field::Name);
        if name.is_empty() {
            problems.push(format!("第{line}行：事项名称为空"));
            continue;
        }
        let themes: Vec<String> = cell(Field::Themes)
            .split(['、', ',', '，', ';', '；', ' ', '\n'])
            .filter(|t| !t.trim().is_empty())
            .map(|t| t.trim().to_owned())
            .collect();
        let audience_text = cell(Field::Audience);
        let audience = match audience(&audience_text) {
            Some("") => themes
                .iter()
                .find_map(|t| Theme::read(t))
                .map_or("person", |t| t.audience().as_str()),
            Some(a) => a,
            None => {
                problems.push(format!(
                    "第{line}行：服务对象“{audience_text}”应为个人或法人"
                ));
                continue;
            }
        };
        out.push((
            line,
            ServiceInput {
                org: String::new(),
                code: cell(Field::Code),
                name,
                audience: audience.into(),
                themes,
                basis: cell(Field::Basis),
                office: cell(Field::Office),
                steps: cell(Field::Steps),
                materials: cell(Field::Materials),
                mistakes: cell(Field::Mistakes),
                fees: cell(Field::Fees),
                fee_basis: cell(Field::FeeBasis),
                time_limit: cell(Field::TimeLimit),
                place: cell(Field::Place),
                hours: cell(Field::Hours),
                phone: cell(Field::Phone),
                complaint_phone: cell(Field::Complaint),
                online_url: cell(Field::Online),
                approved_on: cell(Field::Approved),
            },
        ));
    }
    if out.is_empty() && problems.is_empty() {
        problems.push("表格中没有服务事项".into());
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_list_as_departments_keep_it() {
        let s = Sheet::plain(
            "事项清单",
            &[
                &["云溪县民政局政务服务事项清单", "", "", "", "", ""],
                &[
                    "序号",
                    "事项\n名称",
                    "实施主体",
                    "设定依据",
                    "承诺时限",
                    "服务对象",
                ],
                &[
                    "1",
                    "结婚登记",
                    "县民政局",
                    "《婚姻登记条例》",
                    "即时办结",
                    "自然人",
                ],
                &[
                    "2",
                    "社会团体成立登记",
                    "县民政局",
                    "《社会团体登记管理条例》",
                    "20个工作日",
                    "法人、其他组织",
                ],
                &["", "", "", "", "", ""],
                &["3", "", "县民政局", "", "", ""],
                &["4", "困难残疾人生活补贴", "县民政局", "", "", "外国人"],
                &["注：本清单动态调整。", "", "", "", "", ""],
            ],
        );
        let (_, e) = read(std::slice::from_ref(&s));
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].starts_with("第6行"));
        assert!(e[1].starts_with("第7行") && e[1].contains("外国人"));
        let mut ok = s.clone();
        ok.rows.truncate(4);
        let (rows, e) = read(&[ok]);
        assert!(e.is_empty());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 3);
        assert_eq!(rows[0].1.office, "县民政局");
        assert_eq!(rows[0].1.time_limit, "即时办结");
        assert_eq!(rows[1].1.audience, "legal");
    }
}
