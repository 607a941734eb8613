//! 政策解读: the forms an interpretation takes (DOMAIN §14), its question-and-answer
//! text as drafters write it, and what each form must carry before it may be signed off.

use chrono::NaiveDate;

use crate::china_time::parse_date;
use crate::code_enum::code_enum;
use crate::invalid::{Invalid, multi_line, single_line};

code_enum! {
    /// 解读形式 (seeds 000, 002, 004).
    pub enum Form("form", "解读形式") {
        Text = ("text", "文字解读"),
        Chart = ("chart", "图表图解"),
        Qa = ("qa", "简明问答"),
        Case = ("case", "案例说明"),
        Media = ("media", "音视频、动漫解读"),
        Press = ("press", "新闻发布会、吹风会"),
        Interview = ("interview", "在线访谈"),
    }
}

impl Form {
    /// What the body holds in this form: for pictures and recordings it is their text
    /// alternative, which readers without sight or sound depend on.
    pub fn body_label(self) -> &'static str {
        match self {
            Self::Text | Self::Case => "解读正文",
            Self::Chart => "图解的文字说明",
            Self::Qa => "导语（可不填）",
            Self::Media => "音视频的文字稿",
            Self::Press | Self::Interview => "文字实录",
        }
    }
    /// A press conference or an interview happened on a day, somewhere, with speakers.
    pub fn is_event(self) -> bool {
        matches!(self, Self::Press | Self::Interview)
    }
}

pub const QA_MAX_PAIRS: usize = 100;
pub const QUESTION_MAX_CHARS: usize = 500;
pub const ANSWER_MAX_CHARS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QaPair {
    pub question: String,
    pub answer: String,
}

/// Drops a list number the way drafters put one before a question: "一、", "（二）",
/// "(3)", "4.", "5、", "6．", "第七问". Returns the rest, or None when nothing was there.
fn strip_numbering(line: &str) -> Option<&str> {
    const CN: &str = "一二三四五六七八九十百零〇";
    let is_num = |c: char| c.is_ascii_digit() || CN.contains(c) || ('０'..='９').contains(&c);
    let rest = line
        .strip_prefix('（')
        .or_else(|| line.strip_prefix('('))
        .map(|r| (r, true))
        .unwrap_or((line, false));
    let (body, bracketed) = rest;
    let body = body.strip_prefix('第').unwrap_or(body);
    let digits_end = body
        .char_indices()
        .find(|&(_, c)| !is_num(c))
        .map_or(body.len(), |(i, _)| i);
    if digits_end == 0 {
        return None;
    }
    let after = &body[digits_end..];
    let after = if bracketed {
        after
            .strip_prefix('）')
            .or_else(|| after.strip_prefix(')'))?
    } else {
        // "第四问：" keeps its 问 for the marker that follows.
        if after.starts_with('问') {
            return Some(after);
        }
        after
            .strip_prefix('、')
            .or_else(|| after.strip_prefix('．'))
            .or_else(|| after.strip_prefix('.'))
            .or_else(|| after.strip_prefix('，'))?
    };
    Some(after.trim_start())
}

/// The text after a "问：" / "答：" style marker, if the line starts with one.
fn after_marker<'a>(line: &'a str, markers: &[&str]) -> Option<&'a str> {
    markers.iter().find_map(|m| {
        let rest = line.strip_prefix(m)?;
        let rest = rest.trim_start_matches([' ', '\u{3000}']);
        rest.strip_prefix('：')
            .or_else(|| rest.strip_prefix(':'))
            .or_else(|| rest.strip_prefix('.'))
            .or_else(|| rest.strip_prefix('．'))
            .map(|r| r.trim_start())
    })
}

const Q_MARKS: [&str; 4] = ["问", "Q", "q", "提问"];
const A_MARKS: [&str; 4] = ["答", "A", "a", "回答"];

/// Reads questions and answers as drafters type or paste them: "问：…" / "答：…" with
/// or without list numbers, full-width or half-width colons, answers over several
/// paragraphs, and numbered questions that end in a question mark without "问". Every
/// problem is reported with its line, so the drafter can find it.
pub fn parse_qa(text: &str) -> Result<Vec<QaPair>, Invalid> {
    let mut pairs: Vec<QaPair> = Vec::new();
    // Whether the current pair is still in its question (true) or in its answer.
    let mut in_question = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if line.is_empty() {
            continue;
        }
        let numbered = strip_numbering(line);
        let unnumbered = numbered.unwrap_or(line);
        if let Some(q) = after_marker(unnumbered, &Q_MARKS) {
            pairs.push(QaPair {
                question: q.to_owned(),
                answer: String::new(),
            });
            in_question = true;
        } else if let Some(a) = after_marker(unnumbered, &A_MARKS) {
            let Some(last) = pairs.last_mut() else {
                return Err(Invalid::new(
                    "qa",
                    format!("第{}行是回答，但前面没有问题", n + 1),
                ));
            };
            if !in_question && !last.answer.is_empty() {
                return Err(Invalid::new(
                    "qa",
                    format!("第{}行：问题“{}”有两个回答", n + 1, last.question),
                ));
            }
            last.answer = a.to_owned();
            in_question = false;
        } else if let Some(q) = numbered.filter(|q| q.ends_with(['？', '?'])) {
            pairs.push(QaPair {
                question: q.to_owned(),
                answer: String::new(),
            });
            in_question = true;
        } else {
            let Some(last) = pairs.last_mut() else {
                return Err(Invalid::new(
                    "qa",
                    format!(
                        "第{}行“{}”不在任何问题之下，问题请以“问：”开头",
                        n + 1,
                        line.chars().take(20).collect::<String>()
                    ),
                ));
            };
            let part = if in_question {
                &mut last.question
            } else {
                &mut last.answer
            };
            if !part.is_empty() {
                part.push('\n');
            }
            part.push_str(line);
        }
    }
    for p in &pairs {
        if p.question.trim().is_empty() {
            return Err(Invalid::new("qa", "有一个“问：”后面没有写问题"));
        }
        if p.answer.trim().is_empty() {
            return Err(Invalid::new(
                "qa",
                format!("问题“{}”还没有回答，回答请以“答：”开头", p.question),
            ));
        }
        if p.question.chars().count() > QUESTION_MAX_CHARS {
            return Err(Invalid::new(
                "qa",
                format!(
                    "问题“{}…”过长（最多{QUESTION_MAX_CHARS}字）",
                    short(&p.question)
                ),
            ));
        }
        if p.answer.chars().count() > ANSWER_MAX_CHARS {
            return Err(Invalid::new(
                "qa",
                format!(
                    "问题“{}”的回答过长（最多{ANSWER_MAX_CHARS}字）",
                    short(&p.question)
                ),
            ));
        }
    }
    if pairs.len() > QA_MAX_PAIRS {
        return Err(Invalid::new(
            "qa",
            format!("问答最多{QA_MAX_PAIRS}组，现有{}组", pairs.len()),
        ));
    }
    Ok(pairs)
}

fn short(s: &str) -> String {
    s.chars().take(20).collect()
}

/// The pairs written back as the text [`parse_qa`] reads, for the edit form.
pub fn qa_text(pairs: &[QaPair]) -> String {
    pairs
        .iter()
        .map(|p| format!("问：{}\n答：{}", p.question, p.answer))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// What a form or API call sends besides the document's own fields.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RawDetails {
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub qa: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub speakers: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub form: Form,
    pub qa: Vec<QaPair>,
    pub held_on: Option<NaiveDate>,
    pub place: String,
    pub speakers: String,
}

impl Details {
    pub fn parse(raw: &RawDetails) -> Result<Self, Invalid> {
        let form: Form = if raw.form.trim().is_empty() {
            Form::Text
        } else {
            raw.form.trim().parse()?
        };
        let qa = if raw.qa.trim().is_empty() {
            Vec::new()
        } else {
            parse_qa(&raw.qa)?
        };
        let held_on = if raw.held_on.trim().is_empty() {
            None
        } else {
            Some(parse_date("held_on", "举行日期", &raw.held_on)?)
        };
        let place = single_line("place", "地点", &raw.place, false, 100)?;
        let speakers = multi_line("speakers", "发布人、嘉宾", &raw.speakers, false, 500)?;
        Ok(Self {
            form,
            qa,
            held_on,
            place,
            speakers,
        })
    }
}

/// What an interpretation holds when it is put forward for sign-off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Material {
    /// Characters of text in the body.
    pub body_chars: usize,
    pub qa_pairs: usize,
    pub images: usize,
    /// Audio and video files.
    pub recordings: usize,
    pub held_on: bool,
}

/// What the form still lacks before the interpretation may go forward; empty when
/// nothing does. Pictures and recordings need their text alternative (GB/T 37668).
pub fn missing(form: Form, m: &Material) -> Vec<&'static str> {
    let mut out = Vec::new();
    if form != Form::Qa && m.body_chars == 0 {
        out.push(form.body_label());
    }
    match form {
        Form::Qa if m.qa_pairs == 0 => out.push("至少一组问答"),
        Form::Chart if m.images == 0 => out.push("图解图片（JPG或PNG附件）"),
        Form::Media if m.recordings == 0 => out.push("音频或视频附件（MP3、MP4）"),
        f if f.is_event() && !m.held_on => out.push("举行日期"),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_and_answers_as_drafters_write_them() {
        let text = "一、问：什么是最低生活保障？\n答：最低生活保障是指……\n\n  （二）问:哪些人可以申请？\r\n答:户籍在本县、\n共同生活的家庭成员人均收入低于标准的家庭。\n3．办理需要多长时间？\n答：自受理之日起30个工作日内办结。\n第四问：到哪里申请？\n答：户籍所在地乡镇人民政府（街道办事处）。\nQ: 可以网上申请吗？\nA: 可以。";
        let qa = parse_qa(text).unwrap();
        assert_eq!(qa.len(), 5, "{qa:#?}");
        assert_eq!(qa[0].question, "什么是最低生活保障？");
        assert_eq!(qa[1].question, "哪些人可以申请？");
        assert_eq!(
            qa[1].answer,
            "户籍在本县、\n共同生活的家庭成员人均收入低于标准的家庭。"
        );
        assert_eq!(qa[2].question, "办理需要多长时间？");
        assert_eq!(qa[3].question, "到哪里申请？");
        assert_eq!(qa[4].answer, "可以。");
        assert_eq!(
            parse_qa(&qa_text(&qa)).unwrap(),
            qa,
            "the edit form round-trips"
        );
    }

    #[test]
    fn an_answer_line_starting_with_a_number_stays_in_the_answer() {
        let qa = parse_qa(
            "问：补贴标准是多少？\n答：分两档：\n1.一类对象每月600元；\n2.二类对象每月400元。",
        )
        .unwrap();
        assert_eq!(qa.len(), 1);
        assert!(qa[0].answer.ends_with("二类对象每月400元。"));
    }

    #[test]
    fn broken_question_lists_are_refused_with_the_line() {
        let e = parse_qa("答：没有问题的回答").unwrap_err();
        assert!(e.message.contains("第1行"), "{}", e.message);
        let e = parse_qa("本问答解读如下\n问：怎么办？\n答：这样办。").unwrap_err();
        assert!(
            e.message.contains("第1行") && e.message.contains("问："),
            "{}",
            e.message
        );
        let e = parse_qa("问：怎么办？\n问：找谁？\n答：找民政局。").unwrap_err();
        assert!(
            e.message.contains("怎么办？") && e.message.contains("没有回答"),
            "{}",
            e.message
        );
        let e = parse_qa("问：怎么办？\n答：这样。\n答：那样。").unwrap_err();
        assert!(e.message.contains("两个回答"), "{}", e.message);
    }

    #[test]
    fn each_form_needs_its_own_material_and_a_text_alternative() {
        let none = Material::default();
        assert_eq!(missing(Form::Text, &none), vec!["解读正文"]);
        assert_eq!(missing(Form::Qa, &none), vec!["至少一组问答"]);
        assert_eq!(
            missing(Form::Chart, &Material { images: 1, ..none }),
            vec!["图解的文字说明"],
            "a chart without words leaves out readers who cannot see it"
        );
        assert_eq!(
            missing(
                Form::Media,
                &Material {
                    body_chars: 300,
                    ..none
                }
            ),
            vec!["音频或视频附件（MP3、MP4）"]
        );
        assert_eq!(
            missing(
                Form::Press,
                &Material {
                    body_chars: 300,
                    ..none
                }
            ),
            vec!["举行日期"]
        );
        let full = Material {
            body_chars: 10,
            qa_pairs: 1,
            images: 1,
            recordings: 1,
            held_on: true,
        };
        for f in Form::ALL {
            assert!(missing(*f, &full).is_empty(), "{f:?}");
        }
    }
}
