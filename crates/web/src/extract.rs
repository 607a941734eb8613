//! Extractors whose rejections speak Chinese: a malformed form, query or JSON body
//! gets a proper error page or API error instead of axum's plain-text default.

use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, PageError};

fn too_large(status: StatusCode) -> bool {
    status == StatusCode::PAYLOAD_TOO_LARGE
}

/// A form body for pages.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = PageError;
    async fn from_request(req: Request, state: &S) -> Result<Self, PageError> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(Form(v)),
            Err(e) => Err(form_rejection(e)),
        }
    }
}

fn form_rejection(e: FormRejection) -> PageError {
    let status = e.status();
    if too_large(status) {
        PageError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "提交的内容过大，请删减后再试。",
        )
    } else {
        PageError::new(
            StatusCode::BAD_REQUEST,
            "表单内容无法识别，请返回重新填写。",
        )
    }
}

/// A query string for pages and the API; unknown or malformed parameters are a 400.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| Query(v))
            .map_err(|e: QueryRejection| {
                PageError::new(
                    StatusCode::BAD_REQUEST,
                    format!("地址参数有误：{}", e.body_text()),
                )
            })
    }
}

pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| ApiQuery(v))
            .map_err(|e: QueryRejection| {
                ApiError::bad_request(format!("查询参数有误：{}", e.body_text()))
            })
    }
}

pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|_: PathRejection| PageError::not_found())
    }
}

pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| ApiPath(v))
            .map_err(|_: PathRejection| ApiError::not_found("资源不存在"))
    }
}

/// A JSON body for the API.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(e) => Err(json_rejection(e)),
        }
    }
}

fn json_rejection(e: JsonRejection) -> ApiError {
    let status = e.status();
    if too_large(status) {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "请求体过大")
    } else if matches!(e, JsonRejection::MissingJsonContentType(_)) {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "bad_request",
            "请求须为 application/json",
        )
    } else {
        ApiError::bad_request(format!("JSON 无法解析：{}", e.body_text()))
    }
}

/// A form body as name/value pairs, for forms with repeated names (checkbox lists).
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = PageError;
    async fn from_request(req: Request, state: &S) -> Result<Self, PageError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if too_large(e.status()) {
                    PageError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "提交的内容过大，请删减后再试。",
                    )
                } else {
                    PageError::new(
                        StatusCode::BAD_REQUEST,
                        "表单内容无法读取，请返回重新填写。",
                    )
                }
            })?;
        Ok(Fields(
            form_urlencoded::parse(&bytes).into_owned().collect(),
        ))
    }
}

/// A file of a multipart form.
pub struct UploadedFile {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// A multipart form read whole: its text fields and its files (the route's body
/// limit bounds the size). A body over the limit is a 413 in Chinese.
pub struct Upload {
    pub fields: Fields,
    files: Vec<(String, UploadedFile)>,
}

impl Upload {
    /// The first file sent as `name` that is not empty (a form sends an empty part
    /// when no file was chosen).
    pub fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.files
            .iter()
            .find(|(k, f)| k == name && !f.bytes.is_empty())
            .map(|(_, f)| f)
    }

    pub fn into_files(self, name: &str) -> Vec<UploadedFile> {
        self.files
            .into_iter()
            .filter(|(k, f)| k == name && !f.bytes.is_empty())
            .map(|(_, f)| f)
            .collect()
    }
}

impl Fields {
    /// The fields read into a form struct, as a plain form would be.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, PageError> {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.0)
            .finish();
        serde_urlencoded::from_str(&encoded).map_err(|_| {
            PageError::new(
                StatusCode::BAD_REQUEST,
                "表单内容无法识别，请返回重新填写。",
            )
        })
    }
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = PageError;
    async fn from_request(req: Request, state: &S) -> Result<Self, PageError> {
        // A form without files may come as a plain form (no JavaScript, an old client).
        let plain = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if plain {
            let fields = Fields::from_request(req, state).await?;
            return Ok(Upload {
                fields,
                files: Vec::new(),
            });
        }
        let refused = |status: StatusCode| {
            if too_large(status) {
                PageError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "上传的文件过大，请压缩或分开上传。",
                )
            } else {
                PageError::new(StatusCode::BAD_REQUEST, "上传内容无法读取，请重试。")
            }
        };
        let mut multipart = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|e| refused(e.status()))?;
        let (mut fields, mut files) = (Vec::new(), Vec::new());
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| refused(e.status()))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(filename) => {
                    let bytes = field.bytes().await.map_err(|e| refused(e.status()))?;
                    files.push((
                        name,
                        UploadedFile {
                            filename,
                            bytes: bytes.to_vec(),
                        },
                    ));
                }
                None => {
                    let text = field.text().await.map_err(|e| refused(e.status()))?;
                    fields.push((name, text));
                }
            }
        }
        Ok(Upload {
            fields: Fields(fields),
            files,
        })
    }
}

/// The `{org}` of a route that also exists without it: 互动交流 has the deployment's
/// unified entry (`/hdjl/…`) and each organisation's (`/{org}/hdjl/…`).
pub struct MaybeOrg(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeOrg {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        let org = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|p| {
                p.iter()
                    .find(|(k, _)| *k == "org")
                    .map(|(_, v)| v.to_owned())
            });
        Ok(MaybeOrg(org))
    }
}
