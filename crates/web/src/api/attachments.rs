//! A document's attachments over the API: listed like the document itself (the public
//! sees those of published documents; staff with a token see any they may), and
//! uploaded by staff as multipart, checked as the back office checks an upload.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use gongkai_app::AttachmentUpload;
use serde::Serialize;
use utoipa::ToSchema;

use super::TokenHolder;
use super::documents::AttachmentItem;
use crate::AppState;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::ApiPath;

#[utoipa::path(
    get,
    path = "/api/v1/documents/{index_number}/attachments",
    summary = "文件的附件",
    description = "与文件详情的附件部分相同：公众可见已公开文件的附件；持令牌且有权查看发文机关内部文件的工作人员可见任何状态文件的附件。",
    tag = "documents",
    operation_id = "list_attachments",
    params(("index_number" = String, Path, description = "索引号")),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "附件", body = [AttachmentItem]),
        (status = 404, description = "文件不存在或未公开", body = ErrorEnvelope),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    path: ApiPath<String>,
) -> Result<axum::Json<Vec<AttachmentItem>>, ApiError> {
    let d = super::documents::show(State(state), caller, path).await?;
    Ok(axum::Json(d.0.attachments))
}

/// 上传结果。
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentCreated {
    pub id: i64,
    pub filename: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/documents/{index_number}/attachments",
    summary = "上传附件",
    description = "multipart/form-data，文件放在 `file` 字段（可多个）。文件类型按内容核对（PDF、OFD、Word、Excel、WPS、图片、ZIP、音视频），大小以平台设置为限。仅在文件可编辑的状态下（草稿、退回）由有编辑权的工作人员上传。",
    tag = "documents",
    operation_id = "upload_attachment",
    params(("index_number" = String, Path, description = "索引号")),
    security(("api_token" = [])),
    responses(
        (status = 201, description = "已上传", body = [AttachmentCreated]),
        (status = 400, description = "不是 multipart 请求，或没有文件", body = ErrorEnvelope),
        (status = 401, description = "未提供令牌", body = ErrorEnvelope),
        (status = 403, description = "无权编辑该文件", body = ErrorEnvelope),
        (status = 404, description = "文件不存在", body = ErrorEnvelope),
        (status = 413, description = "附件过大", body = ErrorEnvelope),
        (status = 422, description = "文件类型不符或状态不允许", body = ErrorEnvelope),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    TokenHolder(actor): TokenHolder,
    ApiPath(index_number): ApiPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, axum::Json<Vec<AttachmentCreated>>), ApiError> {
    let mut multipart = multipart
        .map_err(|_| ApiError::bad_request("请求须为 multipart/form-data，文件放在 file 字段"))?;
    let mut files = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    "附件过大",
                ));
            }
            Err(_) => return Err(ApiError::bad_request("multipart 请求体无法读取")),
        };
        if field.name() != Some("file") {
            continue;
        }
        let filename = field.file_name().unwrap_or("").to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "附件过大"))?;
        files.push(AttachmentUpload {
            filename,
            bytes: bytes.to_vec(),
        });
    }
    if files.is_empty() {
        return Err(ApiError::bad_request("没有上传文件（字段名应为 file）"));
    }
    let mut out = Vec::new();
    for up in files {
        let filename = up.filename.clone();
        let id = state
            .app
            .add_attachment(&actor, index_number.trim(), up)
            .await?;
        out.push(AttachmentCreated { id, filename });
    }
    Ok((StatusCode::CREATED, axum::Json(out)))
}
