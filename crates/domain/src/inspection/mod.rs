//! Self-inspection (监督检查): the machine-checkable rules of the national website
//! inspection (国办秘函〔2019〕19号, DOMAIN §8) and the platform's own clocks, applied to
//! what one unit's pages show, with a score by a configurable points table.
//!
//! Everything here is pure: the app gathers a unit's [`Facts`] from the records and
//! [`inspect`] turns them into findings, so each rule is tested on dates alone.

mod points;
pub mod rectification;
mod rules;

pub use points::{Deduction, PointsTable, Score, rank};
pub use rules::{
    BrokenLink, Column, ColumnKind, ColumnKinds, Consultation, Facts, Finding, Item,
    LONG_STALE_DAYS, Rule, Thresholds, inspect,
};
