//! Gongkai's storage.
//!
//! One code path serves SQLite (the default, embedded) and PostgreSQL (several nodes):
//! queries are written once in portable SQL with `$n` parameters and run through
//! sqlx's `Any` driver. Every write happens inside a [`Tx`], which refuses to commit
//! unless the change recorded its audit entry, and writes the matching event in the
//! same transaction (see [`Tx::record`]).

mod counters;
mod error;
mod migrate;
mod open;
mod time;
mod tx;

pub mod applications;
pub mod attachments;
pub mod audit;
pub mod blobs;
pub mod calendar;
pub mod case_files;
pub mod catalogs;
pub mod concerns;
pub mod consultations;
pub mod documents;
pub mod events;
pub mod gazette_log;
pub mod gazettes;
pub mod hearings;
pub mod inspections;
pub mod interpretations;
pub mod lease;
pub mod limits;
pub mod media;
pub mod messages;
pub mod notifications;
pub mod open_data;
pub mod orgs;
pub mod pii_decisions;
pub mod proposals;
pub mod reports;
pub mod services;
pub mod settings;
pub mod site;
pub mod surveys;
pub mod testing;
pub mod users;
pub mod villages;
pub mod webhooks;

pub use error::{StoreError, StoreResult};
pub use open::{Backend, Store};
pub use sqlx::AnyConnection;
pub use time::{format_instant, parse_instant};
pub use tx::{AuditEntry, NewEvent, Tx};

/// A column holding a code (an enum's stable name), parsed; a code this program does
/// not know is a corrupt row.
pub(crate) fn code<T: std::str::FromStr>(r: &sqlx::any::AnyRow, col: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    use sqlx::Row;
    let s: String = r.try_get(col)?;
    s.parse().map_err(StoreError::corrupt)
}

/// Marks SQL text built at run time as safe. Every such string in this crate is
/// assembled only from constant fragments and `$n` placeholders; values are always
/// bound, never formatted in.
pub(crate) fn trusted(sql: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sql)
}
