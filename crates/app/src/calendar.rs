//! The working-day calendar in use: the built-in years plus those staff loaded.

use std::sync::Arc;

use gongkai_domain::calendar::{WorkCalendar, YearSchedule};
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

    /// Stored years with who loaded them and when.
    pub async fn loaded_calendar_years(&self) -> AppResult<Vec<(YearSchedule, String, String)>> {
        let mut c = self.store.conn().await?;
        Ok(gongkai_store::calendar::years(&mut c).await?)
    }
}
