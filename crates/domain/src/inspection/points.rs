//! Scores: 100 points less a deduction per finding, each rule's deduction capped; a
//! vetoed unit keeps its score for comparison but fails (不合格) and ranks below
//! every unit that passed. The table is a deployment setting, written as lines of
//! `rule points-each cap` so an office can adjust it to its province's scheme.

use std::collections::BTreeMap;

use serde::Serialize;

use super::rules::{Finding, Rule};
use crate::invalid::Invalid;

/// Points off per finding of a rule, at most `cap` in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deduction {
    pub each: u32,
    pub cap: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsTable {
    pub base: u32,
    pub deductions: BTreeMap<Rule, Deduction>,
}

impl Default for PointsTable {
    /// The platform's defaults: the veto items weigh most, the clocks next.
    fn default() -> Self {
        let d = |each, cap| Deduction { each, cap };
        Self {
            base: 100,
            deductions: BTreeMap::from([
                (Rule::HomepageStale, d(20, 20)),
                (Rule::ColumnStale, d(2, 10)),
                (Rule::ColumnLongStale, d(1, 10)),
                (Rule::ColumnEmpty, d(2, 10)),
                (Rule::ConsultUnanswered, d(10, 20)),
                (Rule::MissingDocNumber, d(1, 5)),
                (Rule::ReportLate, d(5, 5)),
                (Rule::PublicationOverdue, d(1, 10)),
                (Rule::ApplicationOverdue, d(2, 10)),
                (Rule::MessageOverdue, d(1, 10)),
                (Rule::BrokenLink, d(1, 10)),
                (Rule::MediaStale, d(5, 10)),
                (Rule::CatalogEmpty, d(1, 5)),
                (Rule::CatalogLate, d(1, 5)),
            ]),
        }
    }
}

impl PointsTable {
    /// Reads the table as written in the setting: one `rule each cap` per line (`#`
    /// starts a comment); rules not named keep their defaults.
    pub fn parse(text: &str) -> Result<PointsTable, Invalid> {
        let mut table = PointsTable::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |m: String| Invalid::new("points", format!("第{}行：{m}", n + 1));
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [rule, each, cap] = parts[..] else {
                return Err(bad("应为“检查项 每处扣分 最多扣分”三项".into()));
            };
            let rule: Rule = rule.parse().map_err(|e: Invalid| bad(e.message))?;
            let num = |s: &str| {
                s.parse::<u32>()
                    .ok()
                    .filter(|v| *v <= 100)
                    .ok_or_else(|| bad(format!("“{s}”应为0到100的整数")))
            };
            let (each, cap) = (num(each)?, num(cap)?);
            table.deductions.insert(rule, Deduction { each, cap });
        }
        Ok(table)
    }

    /// The table written back as its setting's text.
    pub fn to_text(&self) -> String {
        self.deductions
            .iter()
            .map(|(r, d)| format!("{} {} {}\n", r.code(), d.each, d.cap))
            .collect()
    }

    /// A unit's score from its findings.
    pub fn score(&self, findings: &[Finding]) -> Score {
        let mut lost: BTreeMap<Rule, u32> = BTreeMap::new();
        for f in findings {
            let d = self
                .deductions
                .get(&f.rule)
                .copied()
                .unwrap_or(Deduction { each: 0, cap: 0 });
            let l = lost.entry(f.rule).or_default();
            *l = (*l + d.each).min(d.cap);
        }
        let total: u32 = lost.values().sum();
        Score {
            points: self.base.saturating_sub(total),
            vetoed: findings.iter().any(|f| f.veto),
            lost: lost.into_iter().filter(|(_, l)| *l > 0).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub points: u32,
    /// 单项否决: the unit fails whatever its points.
    pub vetoed: bool,
    /// Points lost per rule.
    pub lost: Vec<(Rule, u32)>,
}

/// Orders units for the ranking: those that passed first, then by points, then by
/// name; returns the indices in rank order.
pub fn rank(scores: &[(&str, &Score)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        let (na, sa) = scores[a];
        let (nb, sb) = scores[b];
        sa.vetoed
            .cmp(&sb.vetoed)
            .then(sb.points.cmp(&sa.points))
            .then(na.cmp(nb))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(rule: Rule, veto: bool) -> Finding {
        Finding {
            rule,
            veto,
            page: "/x/".into(),
            detail: String::new(),
        }
    }

    #[test]
    fn deductions_add_up_to_their_caps() {
        let t = PointsTable::default();
        let s = t.score(&[]);
        assert_eq!((s.points, s.vetoed), (100, false));
        let links = vec![f(Rule::BrokenLink, false); 14];
        assert_eq!(t.score(&links).points, 90, "capped at 10");
        let mut mixed = vec![f(Rule::ApplicationOverdue, false); 2];
        mixed.push(f(Rule::ReportLate, false));
        let s = t.score(&mixed);
        assert_eq!(s.points, 91);
        assert_eq!(
            s.lost,
            [(Rule::ReportLate, 5), (Rule::ApplicationOverdue, 4)]
        );
        let s = t.score(&[f(Rule::HomepageStale, true)]);
        assert_eq!((s.points, s.vetoed), (80, true));
    }

    #[test]
    fn the_table_is_read_from_its_setting() {
        let t = PointsTable::parse("# 本省方案\nbroken_link 2 6\n\n application_overdue  5 20 ")
            .unwrap();
        assert_eq!(
            t.deductions[&Rule::BrokenLink],
            Deduction { each: 2, cap: 6 }
        );
        assert_eq!(
            t.deductions[&Rule::ReportLate],
            Deduction { each: 5, cap: 5 }
        );
        assert_eq!(PointsTable::parse(&t.to_text()).unwrap(), t);
        for (text, words) in [
            ("broken_link 2", "三项"),
            ("dead_link 1 5", "没有“dead_link”"),
            ("broken_link x 5", "“x”应为"),
            ("broken_link 1 500", "“500”应为"),
        ] {
            let e = PointsTable::parse(text).unwrap_err();
            assert!(
                e.message.contains(words) && e.message.starts_with("第1行"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn units_that_pass_rank_above_vetoed_ones() {
        let pass = |p| Score {
            points: p,
            vetoed: false,
            lost: vec![],
        };
        let fail = |p| Score {
            points: p,
            vetoed: true,
            lost: vec![],
        };
        let (a, b, c, d) = (pass(90), fail(99), pass(95), pass(90));
        let order = rank(&[("乙局", &a), ("丙局", &b), ("丁局", &c), ("甲局", &d)]);
        assert_eq!(order, [2, 0, 3, 1]);
    }
}
