//! 开放数据 (seed 004 §四(二)): what the platform publishes, in bulk, for machines. The
//! documents' files use the field names of the import (docs/import.md), so an export
//! is imported elsewhere as it is.

/// A bulk file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dataset {
    /// Every public document, one JSON object per line, gzip.
    DocumentsJsonl,
    /// The same as CSV (UTF-8 with a byte-order mark, as Excel opens it), gzip.
    DocumentsCsv,
}

/// The documents' fields, in order: the import's, then the 索引号 and the address.
pub const DOCUMENT_FIELDS: [&str; 14] = [
    "key",
    "org",
    "title",
    "doc_number",
    "written_on",
    "published_on",
    "topic",
    "category",
    "column",
    "validity",
    "summary",
    "body",
    "index_number",
    "url",
];

impl Dataset {
    pub const ALL: [Dataset; 2] = [Self::DocumentsJsonl, Self::DocumentsCsv];

    /// Its file name, which is also its name in the manifest.
    pub fn file(self) -> &'static str {
        match self {
            Self::DocumentsJsonl => "documents.jsonl.gz",
            Self::DocumentsCsv => "documents.csv.gz",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::DocumentsJsonl => "主动公开文件（JSON Lines）",
            Self::DocumentsCsv => "主动公开文件（CSV）",
        }
    }

    pub fn by_file(file: &str) -> Option<Dataset> {
        Self::ALL.into_iter().find(|d| d.file() == file)
    }
}
