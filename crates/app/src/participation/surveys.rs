//! 问卷调查: a unit publishes a survey on a decision; people answer once each while it
//! is open; the tally is public.

use chrono::NaiveDate;
use gongkai_domain::Invalid;
use gongkai_domain::interaction::survey::{
    self as rules, Answer, Question, Tally, check_answers, parse_questions,
};
use gongkai_domain::invalid::{Problems, multi_line, single_line};
use gongkai_store::surveys::{self as store, NewSurvey, Survey};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{date, org_of};
use crate::{Actor, App, AppError, AppResult, sha256_hex};

/// The survey form as posted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SurveyInput {
    #[serde(default)]
    pub org: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub intro: String,
    /// The questions in the text form of [`rules::FORMAT_HINT`].
    #[serde(default)]
    pub questions: String,
    #[serde(default)]
    pub opens_on: String,
    #[serde(default)]
    pub closes_on: String,
    /// The consultation the survey serves, by number, if any.
    #[serde(default)]
    pub consultation: String,
}

/// A survey with where it stands and its tally.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyView {
    pub id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub title: String,
    pub intro: String,
    pub questions: Vec<Question>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub open: bool,
    pub respondents: u32,
    pub tally: Vec<Tally>,
    pub consultation: Option<i64>,
}

impl App {
    fn survey_view(&self, tree: &crate::OrgTree, s: Survey, answers: &[Vec<Answer>]) -> SurveyView {
        let org = tree.get(s.org_id);
        let today = self.today();
        SurveyView {
            id: s.id,
            org_slug: org.map(|o| o.slug.clone()).unwrap_or_default(),
            org_name: org.map(|o| o.name.clone()).unwrap_or_default(),
            tally: rules::tally(&s.questions, answers),
            open: s.opens_on <= today && today <= s.closes_on,
            respondents: u32::try_from(answers.len()).unwrap_or(u32::MAX),
            title: s.title,
            intro: s.intro,
            questions: s.questions,
            opens_on: s.opens_on,
            closes_on: s.closes_on,
            consultation: s.consultation_id,
        }
    }

    /// Publishes a survey of an organisation.
    pub async fn create_survey(&self, actor: &Actor, input: &SurveyInput) -> AppResult<i64> {
        let tree = self.org_tree().await?;
        let org_id = org_of(&tree, &input.org)?.id;
        self.must_keep(
            actor,
            org_id,
            &crate::consultations::RUNNERS,
            "发布问卷调查",
        )
        .await?;
        let mut p = Problems::default();
        let title = p.text(single_line("title", "问卷标题", &input.title, true, 100));
        let intro = p.text(multi_line("intro", "问卷说明", &input.intro, false, 2000));
        let questions = parse_questions(&input.questions)
            .map_err(|e| p.push(e))
            .ok();
        let opens = date("opens_on", "开始日期", &input.opens_on)
            .map_err(|e| p.push(e))
            .ok();
        let closes = date("closes_on", "截止日期", &input.closes_on)
            .map_err(|e| p.push(e))
            .ok();
        if let (Some(o), Some(c)) = (opens, closes)
            && c < o
        {
            p.push(Invalid::new("closes_on", "截止日期不能早于开始日期"));
        }
        let consultation =
            match input.consultation.trim() {
                "" => None,
                v => match v.parse::<i64>() {
                    Ok(id) => Some(self.load_consultation(id).await.map(|c| c.id).map_err(
                        |_| {
                            AppError::Invalid(vec![Invalid::new(
                                "consultation",
                                "所关联的意见征集不存在",
                            )])
                        },
                    )?),
                    Err(_) => {
                        p.push(Invalid::new("consultation", "意见征集编号应为数字"));
                        None
                    }
                },
            };
        let (Some(questions), Some(opens_on), Some(closes_on)) = (questions, opens, closes) else {
            return Err(AppError::Invalid(p.0));
        };
        if !p.is_empty() {
            return Err(AppError::Invalid(p.0));
        }
        let mut tx = self.store.begin(self.now()).await?;
        let id = store::insert(
            &mut tx,
            &NewSurvey {
                org_id,
                consultation_id: consultation,
                title: &title,
                intro: &intro,
                questions: &questions,
                opens_on,
                closes_on,
            },
        )
        .await?;
        self.record_participation(
            &mut tx,
            actor,
            "survey",
            "survey.create",
            (id, org_id),
            json!({ "title": title }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Answers a survey while it is open, once per mobile number.
    pub async fn answer_survey(
        &self,
        id: i64,
        mobile: &str,
        chosen: impl Fn(usize) -> Vec<usize>,
        text: impl Fn(usize) -> String,
        ip: &str,
    ) -> AppResult<()> {
        let mut c = self.store.conn().await?;
        let s = store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("问卷不存在".into()))?;
        drop(c);
        let today = self.today();
        if today < s.opens_on {
            return Err(AppError::Conflict(format!("问卷{}起开放作答", s.opens_on)));
        }
        if today > s.closes_on {
            return Err(AppError::Conflict(format!("问卷已于{}截止", s.closes_on)));
        }
        let mut problems = Vec::new();
        let mobile = rules::respondent_mobile(mobile)
            .map_err(|e| problems.push(e))
            .ok();
        let answers = check_answers(&s.questions, chosen, text)
            .map_err(|e| problems.extend(e))
            .ok();
        let (Some(mobile), Some(answers)) = (mobile, answers) else {
            return Err(AppError::Invalid(problems));
        };
        // Keyed by the survey, so the same number cannot be followed across surveys.
        let key = sha256_hex(&format!("survey:{id}:{mobile}"));
        let actor = Actor {
            user: None,
            grants: Vec::new(),
            ip: ip.to_owned(),
            via: crate::Via::Session,
        };
        let mut tx = self.store.begin(self.now()).await?;
        if !store::answer(&mut tx, id, &key, &answers).await? {
            return Err(AppError::Conflict(
                "该手机号码已经作答，每人只能作答一次".into(),
            ));
        }
        self.record_participation(
            &mut tx,
            &actor,
            "survey",
            "survey.answer",
            (id, s.org_id),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A survey with its tally, as anyone sees it (free-text answers stay with staff).
    pub async fn public_survey(&self, org_slug: Option<&str>, id: i64) -> AppResult<SurveyView> {
        let mut v = self.survey_with_tally(id).await?;
        if org_slug.is_some_and(|s| s != v.org_slug) {
            return Err(AppError::NotFound("问卷不存在".into()));
        }
        for t in &mut v.tally {
            t.texts.clear();
        }
        Ok(v)
    }

    /// A survey with every answer's tally, free text included, for its keepers.
    pub async fn staff_survey(&self, actor: &Actor, id: i64) -> AppResult<SurveyView> {
        let v = self.survey_with_tally(id).await?;
        let tree = self.org_tree().await?;
        let org = tree.by_slug(&v.org_slug).map(|o| o.id).unwrap_or_default();
        if !self.overseen(&tree, actor).contains(&org) {
            return Err(AppError::NotFound("问卷不存在".into()));
        }
        Ok(v)
    }

    async fn survey_with_tally(&self, id: i64) -> AppResult<SurveyView> {
        let mut c = self.store.conn().await?;
        let s = store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("问卷不存在".into()))?;
        let answers = store::answers(&mut c, id).await?;
        drop(c);
        let tree = self.org_tree().await?;
        Ok(self.survey_view(&tree, s, &answers))
    }

    /// The surveys of an organisation (every one without), open first.
    pub async fn surveys(&self, org_slug: Option<&str>) -> AppResult<Vec<SurveyView>> {
        let tree = self.org_tree().await?;
        let ids = Self::scope_ids(&tree, org_slug)?;
        self.survey_list(&ids).await
    }

    /// The surveys the actor keeps or oversees.
    pub async fn staff_surveys(&self, actor: &Actor) -> AppResult<Vec<SurveyView>> {
        let tree = self.org_tree().await?;
        let ids = self.overseen(&tree, actor);
        self.survey_list(&ids).await
    }

    async fn survey_list(&self, ids: &[i64]) -> AppResult<Vec<SurveyView>> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let mut out = Vec::new();
        for s in store::in_orgs(&mut c, ids).await? {
            let answers = store::answers(&mut c, s.id).await?;
            let mut v = self.survey_view(&tree, s, &answers);
            for t in &mut v.tally {
                t.texts.clear();
            }
            out.push(v);
        }
        out.sort_by_key(|v| (!v.open, std::cmp::Reverse(v.closes_on)));
        Ok(out)
    }
}
