//! Holiday schedules loaded by staff on top of the built-in ones.

use gongkai_domain::calendar::YearSchedule;
use sqlx::AnyConnection;

use crate::{StoreError, StoreResult, Tx};

/// Stores a year's schedule (in the domain's JSON form), replacing any earlier load.
pub async fn put_year(tx: &mut Tx, schedule: &YearSchedule, loaded_by: &str) -> StoreResult<()> {
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO calendar_years (year, schedule, loaded_by, loaded_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (year) DO UPDATE SET schedule = $2, loaded_by = $3, loaded_at = $4",
    )
    .bind(i64::from(schedule.year))
    .bind(schedule.to_json())
    .bind(loaded_by)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every stored schedule with who loaded it and when.
pub async fn years(c: &mut AnyConnection) -> StoreResult<Vec<(YearSchedule, String, String)>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT schedule, loaded_by, loaded_at FROM calendar_years ORDER BY year")
            .fetch_all(c)
            .await?;
    rows.into_iter()
        .map(|(s, by, at)| {
            let y = YearSchedule::from_json(&s).map_err(StoreError::corrupt)?;
            Ok((y, by, at))
        })
        .collect()
}
