//! 政府公报: its issues ([`issues`]), the signing keys of its log ([`keys`]) and the
//! append-only log itself ([`log`]).

mod issues;
pub mod keys;
mod log;

pub use issues::{ArticleHit, ArticleView, Edition, EditionArticle, IssueInput, IssueView};
pub use log::{AUDIT_EVERY, Audit, MAX_ENTRIES};
