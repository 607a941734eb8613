use thiserror::Error;

#[derive(Debug, Error)]
pub enum SearchError {
    #[error("搜索索引错误：{0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("搜索索引目录错误：{0}")]
    Directory(String),
    #[error("搜索索引无法识别：{0}")]
    Corrupt(String),
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        Self::Directory(e.to_string())
    }
}

impl From<tantivy::directory::error::OpenReadError> for SearchError {
    fn from(e: tantivy::directory::error::OpenReadError) -> Self {
        Self::Directory(e.to_string())
    }
}

pub type SearchResult<T> = Result<T, SearchError>;
