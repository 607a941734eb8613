//! 政府公报: the signing keys of its log ([`keys`]).

pub mod keys;
