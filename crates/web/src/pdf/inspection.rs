//! The saved inspection as a PDF report for the office's file: the ranking, then each
//! unit's findings with the page, the rule and where its rectification stands.

use gongkai_app::SavedInspection;

use super::flow::{Cursor, run};
use super::layout::{LEFT, PAGE_H, PT_PER_MM, Run, TEXT_H, TEXT_W, TOP, break_lines};
use super::{PdfError, font, measure, write};

const BODY: f32 = 10.5;
const LINE: f32 = 17.0;

/// Sets the report; `em` gives each character's advance in ems.
pub fn set(s: &SavedInspection, em: &dyn Fn(char) -> f32) -> (Vec<Run>, usize) {
    let w = |t: &str, size: f32| t.chars().map(|c| em(c) * size).sum::<f32>();
    let title = format!("{}网站检查报告", s.root.name);
    let mut runs = vec![run(
        0,
        title.clone(),
        18.0,
        LEFT + (TEXT_W - w(&title, 18.0)) / 2.0,
        PAGE_H - TOP - 18.0,
    )];
    let mut at = Cursor::new(0, LINE);
    at.next();
    at.next();
    let para = |at: &mut Cursor, runs: &mut Vec<Run>, text: &str, indent: f32| {
        for (n, l) in break_lines(text, &|c| em(c) * BODY, indent, TEXT_W)
            .into_iter()
            .enumerate()
        {
            let x = LEFT + if n == 0 { indent } else { 0.0 };
            runs.push(run(at.page, l, BODY, x, at.baseline()));
            at.next();
        }
    };
    para(
        &mut at,
        &mut runs,
        &format!(
            "检查日期：{}。检查单位{}个，发现问题{}处。依据国办秘函〔2019〕19号可由系统判断的单项否决项及信息公开各项期限。",
            s.run.run_on,
            s.units.len(),
            s.findings.len()
        ),
        2.0 * BODY,
    );
    at.next();
    para(&mut at, &mut runs, "一、排名", 0.0);
    for (org, u) in &s.units {
        let verdict = if u.vetoed { "单项否决" } else { "合格" };
        para(
            &mut at,
            &mut runs,
            &format!("{}. {}　{}分　{verdict}", u.rank, org.name, u.points),
            2.0 * BODY,
        );
    }
    at.next();
    para(&mut at, &mut runs, "二、问题与整改", 0.0);
    for (org, _) in &s.units {
        let mine: Vec<_> = s.findings.iter().filter(|f| f.org_id == org.id).collect();
        if mine.is_empty() {
            continue;
        }
        at.keep(2);
        para(&mut at, &mut runs, &format!("【{}】", org.name), 0.0);
        for (i, f) in mine.iter().enumerate() {
            let veto = if f.veto { "（否决项）" } else { "" };
            let due = f.due_on.map(|d| format!("，期限{d}")).unwrap_or_default();
            para(
                &mut at,
                &mut runs,
                &format!(
                    "{}. {}{veto}：{}。页面：{}。整改：{}{due}。",
                    i + 1,
                    f.rule.label(),
                    f.detail,
                    f.page,
                    f.status.label()
                ),
                2.0 * BODY,
            );
        }
    }
    let pages = at.pages();
    for page in 0..pages {
        let f = format!("{title} · 第{}页", page + 1);
        let y = PAGE_H - TOP - TEXT_H - 8.0 * PT_PER_MM;
        runs.push(run(
            page,
            f.clone(),
            9.0,
            LEFT + (TEXT_W - w(&f, 9.0)) / 2.0,
            y,
        ));
    }
    (runs, pages)
}

/// The report as PDF.
pub fn pdf(s: &SavedInspection) -> Result<Vec<u8>, PdfError> {
    let font = font().ok_or(PdfError::NoFont)?;
    let face = ttf_parser::Face::parse(&font.data, font.index).map_err(|_| PdfError::Font)?;
    let em = measure(&face);
    let (runs, pages) = set(s, &em);
    write(
        &font,
        &face,
        &runs,
        pages,
        None,
        &format!("{}网站检查报告", s.root.name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_app::model::{InspectionRun, Org, SavedFinding, UnitScore};
    use gongkai_domain::inspection::Rule;
    use gongkai_domain::inspection::rectification::Status;

    #[test]
    fn the_report_ranks_the_units_and_lists_each_finding_with_its_rectification() {
        let org = |id: i64, name: &str| Org {
            id,
            parent_id: None,
            level: gongkai_domain::org::OrgLevel::Department,
            name: name.into(),
            short_name: String::new(),
            slug: format!("u{id}"),
            index_code: String::new(),
            intro: String::new(),
            leaders: String::new(),
            contact: Default::default(),
            sort_order: 0,
        };
        let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let score = |org_id, rank, points, vetoed| UnitScore {
            run_id: 1,
            org_id,
            rank,
            points,
            vetoed,
        };
        let finding = |id, org_id, rule, veto, status, due_on| SavedFinding {
            id,
            run_id: 1,
            org_id,
            rule,
            veto,
            page: "/qingshi/".into(),
            detail: "最近一次更新在2026-05-01，已超过2周".into(),
            status,
            due_on,
            updated_at: String::new(),
        };
        let s = SavedInspection {
            run: InspectionRun {
                id: 1,
                org_id: 1,
                run_on: day,
                points: String::new(),
                created_at: String::new(),
            },
            root: org(1, "云溪县人民政府"),
            units: vec![
                (org(2, "县教育局"), score(2, 1, 100, false)),
                (org(3, "青石镇人民政府"), score(3, 2, 75, true)),
            ],
            findings: vec![
                finding(7, 3, Rule::HomepageStale, true, Status::Assigned, Some(day)),
                finding(8, 3, Rule::ReportLate, false, Status::Open, None),
            ],
        };
        let (runs, pages) = set(&s, &|_| 1.0);
        assert_eq!(pages, 1);
        let text: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text[0], "云溪县人民政府网站检查报告");
        assert!(text.contains(&"1. 县教育局　100分　合格"), "{text:?}");
        assert!(text.contains(&"2. 青石镇人民政府　75分　单项否决"));
        assert!(text.contains(&"【青石镇人民政府】"));
        let all = text.concat();
        assert!(
            all.contains("首页两周未更新（否决项）") && all.contains("整改中，期限2026-06-01"),
            "{all}"
        );
        assert!(
            !all.contains("【县教育局】"),
            "a unit without findings has no section"
        );
    }
}
