//! 政府公报 (DOMAIN §§12, 18): issues and the append-only log that lets anyone verify
//! them without our server.

pub mod issue;
pub mod leaf;
pub mod merkle;
