//! The working-day calendar in use: the built-in years plus those staff loaded.

use std::sync::Arc;

use gongkai_domain::Invalid;
use gongkai_domain::calendar::{HolidayNotice, WorkCalendar, YearSchedule};
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

impl App {
    /// A snapshot of the calendar in use.
    pub fn calendar(&self) -> Arc<WorkCalendar> {
        self.calendar
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Rebuilds the calendar from the built-in years and the database. Years loaded
    /// by staff take precedence over built-in ones (a corrected notice, say).
    pub async fn refresh_calendar(&self) -> AppResult<()> {
        let mut cal = WorkCalendar::builtin();
        let mut c = self.store.conn().await?;
        for (schedule, _, _) in gongkai_store::calendar::years(&mut c).await? {
            cal.insert(schedule);
        }
        *self.calendar.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(cal);
        Ok(())
    }

    /// Loads a year's holiday notice (platform administrators only).
    pub async fn load_calendar_year(&self, actor: &Actor, schedule: YearSchedule) -> AppResult<()> {
        if !actor.is_platform_admin() {
            return Err(AppError::Forbidden(
                "只有平台管理员可以载入节假日安排".into(),
            ));
        }
        let replaced = self.calendar().has_year(schedule.year);
        let mut tx = self.store.begin(self.now()).await?;
        gongkai_store::calendar::put_year(&mut tx, &schedule, &actor.label()).await?;
        tx.record(
            self.audit(
                actor,
                "calendar.load",
                "calendar",
                Some(i64::from(schedule.year)),
                None,
                json!({ "year": schedule.year, "days": schedule.days.len(), "notices": schedule.notices, "replaced": replaced }),
            ),
            Some(gongkai_store::NewEvent {
                kind: "calendar.year_loaded",
                entity_type: "calendar",
                entity_id: Some(i64::from(schedule.year)),
                org_id: None,
                payload: json!({ "year": schedule.year }),
            }),
        )
        .await?;
        tx.commit().await?;
        self.refresh_calendar().await
    }

    /// Reads a holiday notice pasted as published and derives its year, on top of the
    /// year as loaded when the notice adjusts it. Nothing is saved.
    pub fn read_holiday_notice(&self, text: &str, url: &str) -> AppResult<NoticeReading> {
        let url = url.trim();
        let web = url.is_empty() || url.starts_with("https://") || url.starts_with("http://");
        if !web || url.chars().count() > 300 || url.chars().any(char::is_whitespace) {
            return Err(Invalid::new("url", "通知网址应以 https:// 或 http:// 开头").into());
        }
        let notice = HolidayNotice::parse(text)
            .map_err(|e| AppError::from(Invalid::new("notice", e.to_string())))?;
        let cal = self.calendar();
        let mut schedule = notice
            .schedule(cal.schedule(notice.year))
            .map_err(|e| AppError::from(Invalid::new("notice", e.to_string())))?;
        if let Some(last) = schedule.notices.last_mut() {
            last.url = url.to_owned();
        }
        Ok(NoticeReading {
            replaces: cal.has_year(schedule.year),
            adjusts: notice.adjusts,
            schedule,
        })
    }

    /// Loads the year a pasted holiday notice gives (platform administrators), after
    /// reading it again: what is saved is what the preview showed for the same text.
    pub async fn load_holiday_notice(
        &self,
        actor: &Actor,
        text: &str,
        url: &str,
    ) -> AppResult<YearSchedule> {
        let reading = self.read_holiday_notice(text, url)?;
        self.load_calendar_year(actor, reading.schedule.clone())
            .await?;
        Ok(reading.schedule)
    }

    /// Stored years with who loaded them and when.
    pub async fn loaded_calendar_years(&self) -> AppResult<Vec<(YearSchedule, String, String)>> {
        let mut c = self.store.conn().await?;
        Ok(gongkai_store::calendar::years(&mut c).await?)
    }
}

/// A holiday notice read, before it is loaded.
#[derive(Debug, Clone)]
pub struct NoticeReading {
    pub schedule: YearSchedule,
    /// The year is loaded already (built in or earlier); loading replaces it.
    pub replaces: bool,
    /// The notice adjusts a year announced earlier.
    pub adjusts: bool,
}
