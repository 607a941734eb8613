//! The letters of an application, filled from the case with the organisation's own
//! templates (or the defaults), and the templates' editing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use gongkai_domain::application::letter::{check_template, fill};
use gongkai_domain::application::step::fee_standing;
use gongkai_domain::application::{LetterKind, StepDetail};
use gongkai_store::applications::{self as store, Step};
use serde::Serialize;
use serde_json::json;

use crate::applications::Case;
use crate::{Actor, App, AppError, AppResult};

/// A filled letter, ready to print or to set as PDF.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Letter {
    pub kind: LetterKind,
    pub title: String,
    /// The issuing organisation, signed at the foot.
    pub org_name: String,
    /// Its slug, by which its seal is found.
    pub org_slug: String,
    pub tracking_number: String,
    pub paragraphs: Vec<String>,
    pub date: NaiveDate,
}

/// One template as an organisation uses it.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateView {
    pub kind: LetterKind,
    pub body: String,
    /// Whether the organisation changed the default wording.
    pub customised: bool,
}

/// The values a template draws on, from the case and the step the letter belongs to.
fn values<'a>(
    calendar: &gongkai_domain::calendar::WorkCalendar,
    case: &Case,
    step: &Step,
    org: &gongkai_store::orgs::Org,
    applicant_name: &str,
) -> BTreeMap<&'a str, String> {
    let a = &case.a;
    let mut v = BTreeMap::new();
    let request = a.request.headline().to_owned();
    v.insert("申请人", applicant_name.to_owned());
    v.insert("申请编号", a.tracking_number.clone());
    v.insert("收到日期", cn_date(a.received_on));
    v.insert("所需信息", request);
    v.insert("机关名称", org.name.clone());
    v.insert("工作机构", org.contact.office.clone());
    v.insert("联系电话", org.contact.phone.clone());
    v.insert("通信地址", org.contact.address.clone());
    v.insert("文书日期", cn_date(step.on_date));
    match &step.detail {
        StepDetail::Reply(r) | StepDetail::CloseUncorrected(r) | StepDetail::CloseUnpaid(r) => {
            v.insert("办理结果", r.outcome.full_label());
            v.insert("法律依据", r.basis.clone());
            v.insert("答复说明", r.note.clone());
            if !r.withheld.is_empty() {
                v.insert(
                    "不予公开部分",
                    format!("不予公开的内容及理由：{}", r.withheld),
                );
            }
            if !r.responsible_agency.is_empty() {
                v.insert(
                    "负责公开的机关",
                    format!("该信息由{}负责公开，请向其申请。", r.responsible_agency),
                );
            }
        }
        StepDetail::RequestCorrection { items, correct_by } => {
            v.insert("补正事项", items.clone());
            v.insert("补正期限", cn_date(*correct_by));
        }
        StepDetail::Extend { days, reason } => {
            v.insert("延期理由", reason.clone());
            v.insert("延长工作日", days.to_string());
        }
        StepDetail::ConsultThirdParty(c) | StepDetail::ConsultAgency(c) => {
            v.insert("征求意见对象", c.party.clone());
            v.insert(
                "意见期限",
                reckoned(calendar, step.on_date, c.answer_by, false),
            );
        }
        StepDetail::NotifyFee(f) => {
            v.insert("收费方式", f.fee_basis.label().to_owned());
            v.insert("计费数量", f.quantity.to_string());
            v.insert("收费金额", f.amount().to_string());
            v.insert("收费标准", f.standard.clone());
            // 国办函〔2020〕109号: 20 working days from the day after receipt; the date is
            // known only once the notice counts as received.
            let pay_by = fee_standing(calendar, &case.refs())
                .and_then(|s| Some(reckoned(calendar, s.received_on?, s.pay_by?, false)))
                .unwrap_or_else(|| "自收到本通知书之日起20个工作日内（不含收到当日）".into());
            v.insert("缴费期限", pay_by);
        }
        _ => {}
    }
    v
}

/// A date reckoned in working days, as a letter states it: marked when a year it
/// crosses has no holiday notice yet, so the applicant knows it may move.
fn reckoned(
    calendar: &gongkai_domain::calendar::WorkCalendar,
    from: NaiveDate,
    date: NaiveDate,
    provisional: bool,
) -> String {
    use chrono::Datelike;
    if provisional || calendar.is_provisional(from, date) {
        format!(
            "{}（暂定：{}年节假日安排尚未公布，公布后按实际工作日计算）",
            cn_date(date),
            date.year()
        )
    } else {
        cn_date(date)
    }
}

/// "2025年3月4日", as letters date things.
pub fn cn_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

impl App {
    async fn template_of(&self, org_id: i64, kind: LetterKind) -> AppResult<(String, bool)> {
        let mut c = self.store.conn().await?;
        Ok(
            match store::letter_template(&mut c, org_id, kind.as_str()).await? {
                Some(t) => (t, true),
                None => (kind.default_template().to_owned(), false),
            },
        )
    }

    /// Fills the letter of `kind` from the latest step it belongs to. `public` letters
    /// (the reply shown on the tracking page) address the applicant as "申请人".
    pub(crate) async fn fill_letter(
        &self,
        case: &Case,
        kind: LetterKind,
        public: bool,
    ) -> AppResult<Letter> {
        let a = &case.a;
        let step = case
            .steps
            .iter()
            .rev()
            .find(|s| s.detail.action().is_some_and(|x| kind.steps().contains(&x)))
            .ok_or_else(|| AppError::NotFound(format!("本申请尚无{}", kind.label())))?;
        let tree = self.org_tree().await?;
        let org = tree
            .get(a.org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let (template, _) = self.template_of(a.org_id, kind).await?;
        let name = if public {
            "申请人"
        } else {
            a.applicant.name.as_str()
        };
        let mut values = values(&self.calendar(), case, step, org, name);
        if kind == LetterKind::Extension {
            let clock = self.clock_of(&case.steps);
            if let Some(due) = clock.due_on {
                let cal = self.calendar();
                values.insert(
                    "延长后答复期限",
                    reckoned(&cal, a.received_on, due, clock.provisional),
                );
            }
        }
        Ok(Letter {
            kind,
            title: kind.label().to_owned(),
            org_name: org.name.clone(),
            org_slug: org.slug.clone(),
            tracking_number: a.tracking_number.clone(),
            paragraphs: fill(&template, &values),
            date: step.on_date,
        })
    }

    /// A letter of an application for its handlers (it names the applicant).
    pub async fn application_letter(
        &self,
        actor: &Actor,
        tracking_number: &str,
        kind: LetterKind,
    ) -> AppResult<Letter> {
        let case = self.load_case(tracking_number).await?;
        let tree = self.org_tree().await?;
        if !actor.holds_any(
            &super::applications::HANDLERS,
            &tree.ancestry_ids(case.a.org_id),
        ) {
            return Err(AppError::NotFound("申请不存在".into()));
        }
        self.fill_letter(&case, kind, false).await
    }

    /// The organisation's letter templates, for its handlers and administrators.
    pub async fn letter_templates(
        &self,
        actor: &Actor,
        org_id: i64,
    ) -> AppResult<Vec<TemplateView>> {
        self.may_edit_templates(actor, org_id).await?;
        let mut out = Vec::new();
        for kind in LetterKind::ALL {
            let (body, customised) = self.template_of(org_id, *kind).await?;
            out.push(TemplateView {
                kind: *kind,
                body,
                customised,
            });
        }
        Ok(out)
    }

    async fn may_edit_templates(&self, actor: &Actor, org_id: i64) -> AppResult<()> {
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(org_id);
        if ancestry.is_empty() {
            return Err(AppError::NotFound("机构不存在".into()));
        }
        if actor.holds_any(&super::applications::HANDLERS, &ancestry)
            || actor.may_administer(&ancestry)
        {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "修改文书模板须具有本机关“信息公开专员”“信息公开机构负责人”或“单位管理员”角色"
                    .into(),
            ))
        }
    }

    /// Saves an organisation's wording of a letter; an empty text restores the default.
    pub async fn save_letter_template(
        &self,
        actor: &Actor,
        org_id: i64,
        kind: LetterKind,
        body: &str,
    ) -> AppResult<()> {
        self.may_edit_templates(actor, org_id).await?;
        let body = if body.trim().is_empty() {
            None
        } else {
            Some(check_template(body)?)
        };
        let mut tx = self.store.begin(self.now()).await?;
        store::set_letter_template(&mut tx, org_id, kind.as_str(), body.as_deref()).await?;
        tx.record(
            self.audit(
                actor,
                "letter_template.save",
                "organisation",
                Some(org_id),
                Some(org_id),
                json!({ "kind": kind.as_str(), "default": body.is_none() }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
