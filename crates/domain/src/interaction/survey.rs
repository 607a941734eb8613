//! 问卷调查 (DOMAIN §15, 重大行政决策程序暂行条例 Art.14): questions typed by staff in a
//! plain text form, answers checked against them, one answer per person, the tally.

use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::code_enum::code_enum;

code_enum! {
    pub enum QuestionKind("kind", "题型") {
        Single = ("single", "单选"),
        Multiple = ("multiple", "多选"),
        Text = ("text", "填空"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub text: String,
    pub options: Vec<String>,
}

pub const MAX_QUESTIONS: usize = 50;
pub const MAX_OPTIONS: usize = 20;
pub const TEXT_ANSWER_MAX: usize = 500;

/// How staff write questions, one block each:
///
/// ```text
/// [单选] 您对城区停车状况是否满意？
/// - 满意
/// - 不满意
/// [填空] 其他建议
/// ```
pub const FORMAT_HINT: &str = "每题一段：第一行以[单选]、[多选]或[填空]开头写题目，其下每行以“-”开头写一个选项（填空题不写选项）。";

fn kind_of(tag: &str) -> Option<QuestionKind> {
    match tag {
        "单选" | "单选题" => Some(QuestionKind::Single),
        "多选" | "多选题" => Some(QuestionKind::Multiple),
        "填空" | "填空题" | "问答" => Some(QuestionKind::Text),
        _ => None,
    }
}

/// Reads the questions; every problem names its line.
pub fn parse_questions(text: &str) -> Result<Vec<Question>, Invalid> {
    let bad = |line: usize, m: &str| Invalid::new("questions", format!("第{line}行：{m}"));
    let mut out: Vec<Question> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        let open = l.starts_with('[') || l.starts_with('【');
        if open {
            let close = l
                .find([']', '】'])
                .ok_or_else(|| bad(line, "题型标记缺少右括号"))?;
            let tag = l[l.chars().next().map_or(1, char::len_utf8)..close].trim();
            let kind = kind_of(tag).ok_or_else(|| bad(line, "题型应为单选、多选或填空"))?;
            let rest = l[close + l[close..].chars().next().map_or(1, char::len_utf8)..].trim();
            if rest.is_empty() {
                return Err(bad(line, "缺少题目"));
            }
            out.push(Question {
                kind,
                text: rest.to_owned(),
                options: Vec::new(),
            });
        } else if let Some(opt) = l.strip_prefix(['-', '－', '·']) {
            let q = out
                .last_mut()
                .ok_or_else(|| bad(line, "选项之前应先写题目"))?;
            if q.kind == QuestionKind::Text {
                return Err(bad(line, "填空题不设选项"));
            }
            let opt = opt.trim();
            if opt.is_empty() {
                return Err(bad(line, "选项为空"));
            }
            if q.options.iter().any(|o| o == opt) {
                return Err(bad(line, "选项重复"));
            }
            q.options.push(opt.to_owned());
        } else {
            return Err(bad(line, "应以[单选]、[多选]、[填空]或“-”开头"));
        }
    }
    if out.is_empty() {
        return Err(Invalid::new("questions", "请至少写一道题"));
    }
    if out.len() > MAX_QUESTIONS {
        return Err(Invalid::new(
            "questions",
            format!("题目不超过{MAX_QUESTIONS}道"),
        ));
    }
    for (i, q) in out.iter().enumerate() {
        if q.kind != QuestionKind::Text && !(2..=MAX_OPTIONS).contains(&q.options.len()) {
            return Err(Invalid::new(
                "questions",
                format!("第{}题“{}”应有2至{MAX_OPTIONS}个选项", i + 1, q.text),
            ));
        }
    }
    Ok(out)
}

/// The questions written back in the form [`parse_questions`] reads.
pub fn format_questions(qs: &[Question]) -> String {
    let mut s = String::new();
    for q in qs {
        s.push_str(&format!("[{}] {}\n", q.kind.label(), q.text));
        for o in &q.options {
            s.push_str(&format!("- {o}\n"));
        }
    }
    s
}

/// One question's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// The chosen options' positions.
    Chosen(Vec<usize>),
    Text(String),
}

/// Checks a respondent's answers: `chosen(i)` gives the option positions picked for
/// question `i`, `text(i)` its free text. Choice questions must be answered; free text
/// may be left blank.
pub fn check_answers(
    qs: &[Question],
    chosen: impl Fn(usize) -> Vec<usize>,
    text: impl Fn(usize) -> String,
) -> Result<Vec<Answer>, Vec<Invalid>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (i, q) in qs.iter().enumerate() {
        match q.kind {
            QuestionKind::Single | QuestionKind::Multiple => {
                let mut c = chosen(i);
                c.sort_unstable();
                c.dedup();
                if c.iter().any(|x| *x >= q.options.len()) {
                    problems.push(Invalid::new("answers", format!("第{}题的选项无效", i + 1)));
                } else if c.is_empty() {
                    problems.push(Invalid::new(
                        "answers",
                        format!("请回答第{}题：{}", i + 1, q.text),
                    ));
                } else if q.kind == QuestionKind::Single && c.len() > 1 {
                    problems.push(Invalid::new("answers", format!("第{}题只能选一项", i + 1)));
                }
                out.push(Answer::Chosen(c));
            }
            QuestionKind::Text => {
                let t = text(i).trim().to_owned();
                if t.chars().count() > TEXT_ANSWER_MAX {
                    problems.push(Invalid::new(
                        "answers",
                        format!("第{}题不超过{TEXT_ANSWER_MAX}字", i + 1),
                    ));
                }
                out.push(Answer::Text(t));
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// One question's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub question: Question,
    /// Per option, how many chose it.
    pub counts: Vec<u32>,
    /// How many answered the question.
    pub answered: u32,
    /// Free-text answers (staff only; they may hold anything).
    pub texts: Vec<String>,
}

pub fn tally(qs: &[Question], answers: &[Vec<Answer>]) -> Vec<Tally> {
    qs.iter()
        .enumerate()
        .map(|(i, q)| {
            let mut t = Tally {
                question: q.clone(),
                counts: vec![0; q.options.len()],
                answered: 0,
                texts: Vec::new(),
            };
            for a in answers {
                match a.get(i) {
                    Some(Answer::Chosen(c)) if !c.is_empty() => {
                        t.answered += 1;
                        for x in c {
                            if let Some(n) = t.counts.get_mut(*x) {
                                *n += 1;
                            }
                        }
                    }
                    Some(Answer::Text(s)) if !s.is_empty() => {
                        t.answered += 1;
                        t.texts.push(s.clone());
                    }
                    _ => {}
                }
            }
            t
        })
        .collect()
}

/// The one-answer-per-person rule: a mainland mobile number, kept only as a keyed hash,
/// so a person answers once and nobody can read the numbers back.
pub fn respondent_mobile(value: &str) -> Result<String, Invalid> {
    let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let ok = digits.len() == 11
        && digits.starts_with('1')
        && digits
            .chars()
            .nth(1)
            .is_some_and(|c| ('3'..='9').contains(&c))
        && digits.chars().all(|c| c.is_ascii_digit());
    if ok {
        Ok(digits)
    } else {
        Err(Invalid::new(
            "mobile",
            "请填写11位手机号码（仅用于确保每人只答一次，不保存号码本身）",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[单选] 您对城区停车状况是否满意？\n- 满意\n- 一般\n- 不满意\n\n【多选】最需要增加停车位的区域\n－ 老城区\n- 医院周边\n- 学校周边\n[填空] 其他建议\n";

    #[test]
    fn questions_are_read_from_plain_text_and_written_back() {
        let qs = parse_questions(TEXT).unwrap();
        assert_eq!(qs.len(), 3);
        assert_eq!(qs[1].kind, QuestionKind::Multiple);
        assert_eq!(qs[1].options, vec!["老城区", "医院周边", "学校周边"]);
        assert_eq!(parse_questions(&format_questions(&qs)).unwrap(), qs);
        let e = parse_questions("[单选] 只有一个选项\n- 是").unwrap_err();
        assert!(e.message.contains("2至20个选项"), "{}", e.message);
        let e = parse_questions("- 选项\n").unwrap_err();
        assert!(e.message.starts_with("第1行"));
        assert!(parse_questions("[判断] 对吗").is_err());
        assert!(parse_questions("[填空] 建议\n- 不该有").is_err());
    }

    #[test]
    fn answers_are_checked_and_tallied() {
        let qs = parse_questions(TEXT).unwrap();
        let a = check_answers(
            &qs,
            |i| if i == 0 { vec![2] } else { vec![0, 1] },
            |_| "多建停车场".into(),
        )
        .unwrap();
        let b = check_answers(
            &qs,
            |i| if i == 0 { vec![2] } else { vec![1] },
            |_| String::new(),
        )
        .unwrap();
        let e = check_answers(
            &qs,
            |i| if i == 0 { vec![0, 1] } else { vec![] },
            |_| String::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.len(),
            2,
            "two choices on a single question, nothing on a multiple one"
        );
        assert!(check_answers(&qs, |_| vec![9], |_| String::new()).is_err());
        let t = tally(&qs, &[a, b]);
        assert_eq!(t[0].counts, vec![0, 0, 2]);
        assert_eq!(t[1].counts, vec![1, 2, 0]);
        assert_eq!((t[2].answered, t[2].texts.len()), (1, 1));
    }

    #[test]
    fn one_answer_per_mobile_number() {
        assert_eq!(respondent_mobile("138 1234 5678").unwrap(), "13812345678");
        assert!(respondent_mobile("0591-87654321").is_err());
        assert!(respondent_mobile("12812345678").is_err());
    }
}
