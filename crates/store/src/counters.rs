//! Per-organisation, per-year serial counters (索引号, application tracking numbers):
//! they only grow, so a number is never handed out twice, even after a rollback of
//! what used it or a withdrawal.

use sqlx::Row;

use crate::{StoreError, StoreResult, Tx, trusted};

/// Which counter: each is its own table of `(org_id, year, last_serial)`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Counter {
    IndexNumber,
    Application,
    Message,
}

impl Counter {
    fn table(self) -> &'static str {
        match self {
            Self::IndexNumber => "index_counters",
            Self::Application => "application_counters",
            Self::Message => "message_counters",
        }
    }
}

/// Takes `n` serials of `org_id` for `year`; returns the first.
pub(crate) async fn take(
    tx: &mut Tx,
    counter: Counter,
    org_id: i64,
    year: i32,
    n: u32,
) -> StoreResult<u32> {
    let t = counter.table();
    let sql = format!(
        "INSERT INTO {t} (org_id, year, last_serial) VALUES ($1, $2, $3) \
         ON CONFLICT (org_id, year) DO UPDATE SET last_serial = {t}.last_serial + $3 \
         RETURNING last_serial"
    );
    let row = sqlx::query(trusted(sql))
        .bind(org_id)
        .bind(i64::from(year))
        .bind(i64::from(n))
        .fetch_one(&mut **tx)
        .await?;
    let last: i64 = row.try_get(0)?;
    u32::try_from(last - i64::from(n) + 1).map_err(StoreError::corrupt)
}
