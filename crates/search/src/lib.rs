//! Chinese full-text search: a tantivy index of published 主动公开 documents, with
//! jieba segmentation and folding of traditional characters and full-width forms.
//! The index is derived data: the app follows the event log into it, and it can be
//! rebuilt from the database at any time.

pub mod analyzer;
mod doc;
mod error;
mod index;
pub mod query;
mod schema;

pub use doc::{IndexDoc, html_to_text};
pub use error::{SearchError, SearchResult};
pub use index::{Hit, SearchIndex, SearchQuery, SearchResults, SortOrder};

pub(crate) use gongkai_domain::html::escape_html as escape;
