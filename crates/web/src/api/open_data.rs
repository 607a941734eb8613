//! 开放数据: the manifest of the bulk files. Public.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorEnvelope};

/// 一个数据集文件。
#[derive(Debug, Serialize, ToSchema)]
pub struct DatasetEntry {
    /// 文件名，如 documents.jsonl.gz。
    pub name: String,
    pub title: String,
    /// 下载地址。
    pub url: String,
    /// 记录数。
    pub count: i64,
    /// 文件字节数。
    pub size: i64,
    /// 文件的 SHA-256（十六进制），下载后可据此核对。
    pub sha256: String,
    /// 生成时间（UTC，RFC 3339）。
    pub generated_at: String,
}

/// 开放数据清单。
#[derive(Debug, Serialize, ToSchema)]
pub struct Manifest {
    pub datasets: Vec<DatasetEntry>,
}

#[utoipa::path(
    get,
    path = "/api/v1/open/",
    summary = "开放数据清单",
    description = "批量数据：全部主动公开文件（字段与导入格式一致）、已发布的政务公开标准目录事项、已发布的办事指南、已发布年度报告的各项统计数字；每种数据各有 JSON Lines 与 CSV 两个文件（gzip 压缩），内容变化后定期重新生成。",
    tag = "open_data",
    operation_id = "open_data_manifest",
    responses(
        (status = 200, description = "数据集清单", body = Manifest),
        (status = 500, description = "服务器内部错误", body = ErrorEnvelope),
    )
)]
pub async fn manifest(State(state): State<AppState>) -> Result<axum::Json<Manifest>, ApiError> {
    let datasets = state
        .app
        .open_datasets()
        .await?
        .into_iter()
        .map(|d| DatasetEntry {
            name: d.dataset.file(),
            title: d.dataset.title(),
            url: format!("/kfsj/{}", d.dataset.file()),
            count: d.count,
            size: d.size,
            sha256: d.sha256,
            generated_at: d.generated_at,
        })
        .collect();
    Ok(axum::Json(Manifest { datasets }))
}
