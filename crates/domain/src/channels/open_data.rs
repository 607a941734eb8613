//! 开放数据 (seed 004 §四(二)): what the platform publishes, in bulk, for machines —
//! documents, the standard catalogs, the service guides and the annual reports' figures,
//! each as JSON Lines and as CSV. The documents' files use the field names of the import
//! (docs/import.md), so an export is imported elsewhere as it is.

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// Every public document.
    Documents,
    /// Every item of every published standard catalog (标准目录).
    Catalogs,
    /// Every published service guide (办事指南).
    Services,
    /// Every figure of every published annual report, one per line.
    Statistics,
}

/// How a file is written; both gzip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// UTF-8 with a byte-order mark, as Excel opens it.
    Csv,
}

/// A bulk file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dataset {
    pub table: Table,
    pub format: Format,
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

/// A catalog item's fields: where it is published, then the table's columns (sets of
/// ticks written out by their labels, joined by 、), then how much content it has.
pub const CATALOG_FIELDS: [&str; 18] = [
    "org",
    "domain",
    "version",
    "published_at",
    "item_id",
    "first",
    "second",
    "third",
    "content",
    "basis",
    "time_limit",
    "subject",
    "channels",
    "audience",
    "method",
    "levels",
    "documents",
    "url",
];

/// A service guide's fields: the service-list import's, in its order.
pub const SERVICE_FIELDS: [&str; 23] = [
    "id",
    "org",
    "code",
    "name",
    "audience",
    "themes",
    "basis",
    "office",
    "steps",
    "materials",
    "mistakes",
    "fees",
    "fee_basis",
    "time_limit",
    "place",
    "hours",
    "phone",
    "complaint_phone",
    "online_url",
    "approved_on",
    "published_on",
    "files",
    "url",
];

/// A report figure's fields: whose, which table, which row and column, the value.
pub const STATISTICS_FIELDS: [&str; 9] = [
    "org", "year", "format", "section", "table", "row", "column", "value", "url",
];

impl Table {
    pub const ALL: [Table; 4] = [
        Self::Documents,
        Self::Catalogs,
        Self::Services,
        Self::Statistics,
    ];

    /// The start of its files' names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Documents => "documents",
            Self::Catalogs => "catalogs",
            Self::Services => "services",
            Self::Statistics => "statistics",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Documents => "主动公开文件",
            Self::Catalogs => "政务公开标准目录",
            Self::Services => "办事指南",
            Self::Statistics => "政府信息公开工作年度报告统计数据",
        }
    }

    /// What one record is, for the page that lists the files.
    pub fn record(self) -> &'static str {
        match self {
            Self::Documents => {
                "每条记录一份文件，字段与本平台的文件导入格式一致，可直接导入其他平台；body 为正文（HTML），个人信息已按公开页面的处理去标识化。"
            }
            Self::Catalogs => {
                "每条记录一个已发布目录的一个事项（取各目录当前发布的版本）；channels、audience、method、levels 为所勾选项的名称，以“、”分隔；documents 为该事项下已公开内容的条数。"
            }
            Self::Services => {
                "每条记录一个已发布的办事指南，字段与事项清单导入一致；steps、materials 每行一项；files 为样表、示范文本等附件的个数。"
            }
            Self::Statistics => {
                "每条记录年度报告表格中的一个数字：section 为报告的部分（二、三、四），table 为表格，row、column 为行与列的名称，value 为数字（金额单位见列名）。"
            }
        }
    }

    /// Its fields, in order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Documents => &DOCUMENT_FIELDS,
            Self::Catalogs => &CATALOG_FIELDS,
            Self::Services => &SERVICE_FIELDS,
            Self::Statistics => &STATISTICS_FIELDS,
        }
    }

    /// The fields written as JSON numbers rather than strings (CSV has no such
    /// difference).
    pub fn numeric(self) -> &'static [&'static str] {
        match self {
            Self::Documents => &[],
            Self::Catalogs => &["version", "documents"],
            Self::Services => &["id", "files"],
            Self::Statistics => &["year", "value"],
        }
    }
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jsonl => "jsonl",
            Self::Csv => "csv",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Jsonl => "JSON Lines",
            Self::Csv => "CSV",
        }
    }
}

impl Dataset {
    pub const ALL: [Dataset; 8] = {
        let mut all = [Dataset {
            table: Table::Documents,
            format: Format::Jsonl,
        }; 8];
        let mut i = 0;
        while i < 8 {
            all[i] = Dataset {
                table: Table::ALL[i / 2],
                format: if i % 2 == 0 {
                    Format::Jsonl
                } else {
                    Format::Csv
                },
            };
            i += 1;
        }
        all
    };

    pub const fn new(table: Table, format: Format) -> Dataset {
        Dataset { table, format }
    }

    /// Its file name, which is also its name in the manifest: `documents.jsonl.gz`.
    pub fn file(self) -> String {
        format!("{}.{}.gz", self.table.name(), self.format.extension())
    }

    pub fn title(self) -> String {
        format!("{}（{}）", self.table.title(), self.format.label())
    }

    pub fn by_file(file: &str) -> Option<Dataset> {
        Self::ALL.into_iter().find(|d| d.file() == file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_both_formats_under_distinct_names() {
        let files: std::collections::BTreeSet<String> =
            Dataset::ALL.iter().map(|d| d.file()).collect();
        assert_eq!(files.len(), 8);
        assert!(files.contains("documents.jsonl.gz"));
        assert!(files.contains("statistics.csv.gz"));
        for d in Dataset::ALL {
            assert_eq!(Dataset::by_file(&d.file()), Some(d));
        }
        assert_eq!(Dataset::by_file("documents.json.gz"), None);
        assert_eq!(Dataset::by_file("../documents.jsonl.gz"), None);
    }

    #[test]
    fn numeric_fields_are_fields_of_their_table() {
        for t in Table::ALL {
            for n in t.numeric() {
                assert!(t.fields().contains(n), "{n} of {}", t.name());
            }
        }
    }
}
