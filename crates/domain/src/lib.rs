//! Pure rules of grassroots government openness (基层政务公开).
//!
//! No I/O and no async: everything here is a type or a rule that the store,
//! the use cases and the web layer share. Legal numbers live here once, with
//! the article they come from.

pub mod application;
pub mod attribute;
pub mod body_text;
pub mod calendar;
pub mod catalog;
pub mod category;
pub mod channels;
pub mod china_time;
mod code_enum;
pub mod docnum;
pub mod document;
pub mod gazette;
pub mod genre;
pub mod html;
pub mod index_number;
pub mod inspection;
pub mod interaction;
pub mod interpretation;
pub mod invalid;
pub mod media;
pub mod notification;
pub mod org;
pub mod pii;
pub mod publication;
pub mod report;
pub mod role;
pub mod service;
pub mod site;
pub mod topic;
pub mod validity;
pub mod village;
pub mod workflow;

pub use invalid::Invalid;
