use gongkai_domain::Invalid;
use gongkai_store::StoreError;
use thiserror::Error;

/// What can go wrong in a use case. Every message is Chinese and meant for the user,
/// except [`AppError::Store`] and [`AppError::Internal`], which the web layer logs and
/// replaces with a generic message.
#[derive(Debug, Error)]
pub enum AppError {
    #[error("{}", join(.0))]
    Invalid(Vec<Invalid>),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("登录失败次数过多，请在{retry_after_secs}秒后再试")]
    Throttled { retry_after_secs: i64 },
    #[error(transparent)]
    Store(StoreError),
    #[error("内部错误：{0}")]
    Internal(String),
}

fn join(v: &[Invalid]) -> String {
    v.iter()
        .map(|i| i.message.as_str())
        .collect::<Vec<_>>()
        .join("；")
}

pub type AppResult<T> = Result<T, AppError>;

impl From<Invalid> for AppError {
    fn from(i: Invalid) -> Self {
        Self::Invalid(vec![i])
    }
}

impl From<Vec<Invalid>> for AppError {
    fn from(v: Vec<Invalid>) -> Self {
        Self::Invalid(v)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { what } => Self::Conflict(what),
            other => Self::Store(other),
        }
    }
}
