//! 政府公报: the signing keys of its log ([`keys`]) and the append-only log itself
//! ([`log`]).

pub mod keys;
mod log;

pub use log::MAX_ENTRIES;
