use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("数据库错误：{0}")]
    Db(#[from] sqlx::Error),
    /// A unique constraint refused the write; `what` names the clashing value in Chinese.
    #[error("{what}")]
    Conflict { what: String },
    #[error("数据库中的数据无法识别：{0}")]
    Corrupt(String),
    #[error("数据库地址无法识别：{0}")]
    BadUrl(String),
    #[error("迁移失败：{0}")]
    Migration(String),
    /// A programming error: a transaction tried to commit a change without its audit entry.
    #[error("内部错误：变更未记录审计日志")]
    Unaudited,
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    pub fn corrupt(what: impl std::fmt::Display) -> Self {
        Self::Corrupt(what.to_string())
    }

    /// Maps a unique-constraint violation to [`StoreError::Conflict`] with `what`,
    /// leaving every other error as it is.
    pub fn on_unique(e: sqlx::Error, what: impl FnOnce() -> String) -> Self {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => Self::Conflict { what: what() },
            _ => Self::Db(e),
        }
    }
}
