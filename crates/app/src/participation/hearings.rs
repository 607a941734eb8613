//! Records of hearings, forums, expert meetings and visits on a decision.

use chrono::NaiveDate;
use gongkai_domain::interaction::hearing::HearingKind;
use gongkai_domain::invalid::{Problems, multi_line, single_line};
use gongkai_store::hearings::{self as store, Hearing};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{date, org_of};
use crate::{Actor, App, AppError, AppResult};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HearingInput {
    #[serde(default)]
    pub org: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    /// Who took part, by kind and number ("群众代表12人、专家3人").
    #[serde(default)]
    pub participants: String,
    /// The notice as published beforehand.
    #[serde(default)]
    pub notice: String,
    #[serde(default)]
    pub minutes: String,
    /// What came of it for the decision.
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub consultation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HearingView {
    pub id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub kind: HearingKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub participants: String,
    pub notice: String,
    pub minutes: String,
    pub outcome: String,
    pub consultation: Option<i64>,
}

impl App {
    fn hearing_view(tree: &crate::OrgTree, h: Hearing) -> HearingView {
        let org = tree.get(h.org_id);
        HearingView {
            id: h.id,
            org_slug: org.map(|o| o.slug.clone()).unwrap_or_default(),
            org_name: org.map(|o| o.name.clone()).unwrap_or_default(),
            kind: h.kind,
            title: h.title,
            held_on: h.held_on,
            place: h.place,
            participants: h.participants,
            notice: h.notice,
            minutes: h.minutes,
            outcome: h.outcome,
            consultation: h.consultation_id,
        }
    }

    /// Records a hearing or forum held (or announced) by an organisation; it is public.
    pub async fn record_hearing(&self, actor: &Actor, input: &HearingInput) -> AppResult<i64> {
        let tree = self.org_tree().await?;
        let org_id = org_of(&tree, &input.org)?.id;
        self.must_keep(
            actor,
            org_id,
            &crate::consultations::RUNNERS,
            "记录听证会、座谈会",
        )
        .await?;
        let mut p = Problems::default();
        let kind = p.choice::<HearingKind>("kind", "请选择形式", &input.kind);
        let title = p.text(single_line("title", "名称", &input.title, true, 100));
        let held_on = date("held_on", "举行日期", &input.held_on)
            .map_err(|e| p.push(e))
            .ok();
        let place = p.text(single_line("place", "地点", &input.place, true, 100));
        let participants = p.text(multi_line(
            "participants",
            "参加人员",
            &input.participants,
            true,
            1000,
        ));
        let notice = p.text(multi_line("notice", "公告", &input.notice, false, 5000));
        let minutes = p.text(multi_line(
            "minutes",
            "会议纪要",
            &input.minutes,
            false,
            20000,
        ));
        let outcome = p.text(multi_line("outcome", "结果", &input.outcome, false, 5000));
        if minutes.is_empty() && notice.is_empty() {
            p.push(gongkai_domain::Invalid::new(
                "notice",
                "请填写会前公告或会议纪要（至少一项）",
            ));
        }
        let consultation = match input.consultation.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(id) => Some(self.load_consultation(id).await?.id),
                Err(_) => {
                    p.push(gongkai_domain::Invalid::new(
                        "consultation",
                        "意见征集编号应为数字",
                    ));
                    None
                }
            },
        };
        let (Some(kind), Some(held_on)) = (kind, held_on) else {
            return Err(AppError::Invalid(p.0));
        };
        if !p.is_empty() {
            return Err(AppError::Invalid(p.0));
        }
        let h = Hearing {
            id: 0,
            org_id,
            consultation_id: consultation,
            kind,
            title,
            held_on,
            place,
            participants,
            notice,
            minutes,
            outcome,
        };
        let mut tx = self.store.begin(self.now()).await?;
        let id = store::insert(&mut tx, &h).await?;
        self.record_participation(
            &mut tx,
            actor,
            "hearing",
            "hearing.record",
            (id, org_id),
            json!({ "title": h.title }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn hearings(&self, org_slug: Option<&str>) -> AppResult<Vec<HearingView>> {
        let tree = self.org_tree().await?;
        let ids = Self::scope_ids(&tree, org_slug)?;
        let mut c = self.store.conn().await?;
        Ok(store::in_orgs(&mut c, &ids)
            .await?
            .into_iter()
            .map(|h| Self::hearing_view(&tree, h))
            .collect())
    }

    pub async fn staff_hearings(&self, actor: &Actor) -> AppResult<Vec<HearingView>> {
        let tree = self.org_tree().await?;
        let ids = self.overseen(&tree, actor);
        let mut c = self.store.conn().await?;
        Ok(store::in_orgs(&mut c, &ids)
            .await?
            .into_iter()
            .map(|h| Self::hearing_view(&tree, h))
            .collect())
    }

    pub async fn hearing(&self, org_slug: Option<&str>, id: i64) -> AppResult<HearingView> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let h = store::get(&mut c, id)
            .await?
            .map(|h| Self::hearing_view(&tree, h))
            .filter(|h| org_slug.is_none_or(|s| s == h.org_slug))
            .ok_or_else(|| AppError::NotFound("记录不存在".into()))?;
        Ok(h)
    }
}
