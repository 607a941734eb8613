//! The gazette's log over JSON, for anyone who wants to check it without trusting us:
//! signed tree heads, entries, audit paths, consistency proofs and the public keys
//! (docs/gazette-verification.md says how to use them).

use axum::extract::State;
use gongkai_app::gazette::keys::PublicKeys;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::ApiQuery;

/// 签名树头（RFC 6962 §3.5）：签名覆盖 version(0)‖signature_type(1)‖timestamp‖tree_size‖root_hash。
#[derive(Debug, Serialize, ToSchema)]
pub struct TreeHeadBody {
    pub tree_size: u64,
    /// 毫秒时间戳。
    pub timestamp: u64,
    /// 十六进制 SHA-256 根散列。
    pub root_hash: String,
    /// SM2（SM3，默认用户标识 1234567812345678）签名的 DER 编码，十六进制。
    pub signature_sm2: String,
    /// Ed25519 签名，十六进制。
    pub signature_ed25519: String,
    /// 签名所用的公钥（密钥轮换后旧树头仍可验证）。
    pub sm2_public_key: String,
    pub ed25519_public_key: String,
}

impl From<gongkai_app::model::TreeHead> for TreeHeadBody {
    fn from(h: gongkai_app::model::TreeHead) -> Self {
        Self {
            tree_size: h.tree_size,
            timestamp: h.timestamp,
            root_hash: h.root_hash,
            signature_sm2: h.signature_sm2,
            signature_ed25519: h.signature_ed25519,
            sm2_public_key: h.sm2_public_key,
            ed25519_public_key: h.ed25519_public_key,
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/gazette/log/sth",
    summary = "最新签名树头",
    tag = "gazette",
    operation_id = "gazette_sth",
    responses(
        (status = 200, description = "最新签名树头", body = TreeHeadBody),
        (status = 404, description = "日志为空", body = ErrorEnvelope),
    )
)]
pub async fn sth(State(state): State<AppState>) -> Result<axum::Json<TreeHeadBody>, ApiError> {
    state
        .app
        .gazette_tree_head()
        .await?
        .map(|h| axum::Json(h.into()))
        .ok_or_else(|| ApiError::not_found("公报日志为空"))
}

#[utoipa::path(
    get,
    path = "/api/v1/gazette/log/sths",
    summary = "全部签名树头",
    description = "发出过的每一个签名树头，按树大小递增。",
    tag = "gazette",
    operation_id = "gazette_sths",
    responses((status = 200, description = "签名树头", body = [TreeHeadBody]))
)]
pub async fn sths(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<TreeHeadBody>>, ApiError> {
    let all = state.app.gazette_tree_heads().await?;
    Ok(axum::Json(
        all.into_iter().map(TreeHeadBody::from).collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntriesParams {
    /// 起始序号（含），从0起。
    pub start: u64,
    /// 结束序号（不含）。
    pub end: u64,
}

/// 日志条目：叶子是期的规范 JSON。
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryBody {
    pub leaf_index: u64,
    pub leaf: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/gazette/log/entries",
    summary = "日志条目",
    description = "叶子散列为 SHA-256(0x00‖leaf 的 UTF-8 字节)。一次最多1000条。",
    tag = "gazette",
    operation_id = "gazette_entries",
    params(EntriesParams),
    responses(
        (status = 200, description = "条目", body = [EntryBody]),
        (status = 422, description = "范围有误或超出日志", body = ErrorEnvelope),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
    )
)]
pub async fn entries(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<EntriesParams>,
) -> Result<axum::Json<Vec<EntryBody>>, ApiError> {
    let e = state.app.gazette_entries(p.start, p.end).await?;
    Ok(axum::Json(
        e.into_iter()
            .map(|e| EntryBody {
                leaf_index: e.leaf_index,
                leaf: e.leaf,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProofParams {
    pub leaf_index: u64,
    pub tree_size: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProofBody {
    pub leaf_index: u64,
    pub tree_size: u64,
    /// RFC 6962 §2.1.1 审计路径，十六进制。
    pub audit_path: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/gazette/log/proof",
    summary = "包含证明（审计路径）",
    tag = "gazette",
    operation_id = "gazette_proof",
    params(ProofParams),
    responses(
        (status = 200, description = "审计路径", body = ProofBody),
        (status = 422, description = "序号或树大小超出日志", body = ErrorEnvelope),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
    )
)]
pub async fn proof(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ProofParams>,
) -> Result<axum::Json<ProofBody>, ApiError> {
    let audit_path = state
        .app
        .gazette_inclusion(p.leaf_index, p.tree_size)
        .await?;
    Ok(axum::Json(ProofBody {
        leaf_index: p.leaf_index,
        tree_size: p.tree_size,
        audit_path,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyParams {
    pub first: u64,
    pub second: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsistencyBody {
    pub first: u64,
    pub second: u64,
    /// RFC 6962 §2.1.2 一致性证明，十六进制。
    pub consistency: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/gazette/log/consistency",
    summary = "一致性证明",
    description = "证明前 first 条的树是前 second 条的树的前缀（日志只增不改）。",
    tag = "gazette",
    operation_id = "gazette_consistency",
    params(ConsistencyParams),
    responses(
        (status = 200, description = "一致性证明", body = ConsistencyBody),
        (status = 422, description = "树大小超出日志", body = ErrorEnvelope),
        (status = 400, description = "查询参数有误", body = ErrorEnvelope),
    )
)]
pub async fn consistency(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ConsistencyParams>,
) -> Result<axum::Json<ConsistencyBody>, ApiError> {
    let consistency = state.app.gazette_consistency(p.first, p.second).await?;
    Ok(axum::Json(ConsistencyBody {
        first: p.first,
        second: p.second,
        consistency,
    }))
}

/// 现用公钥，以及曾经签名的全部公钥。
#[derive(Debug, Serialize, ToSchema)]
pub struct KeysBody {
    /// SM2 公钥，十六进制未压缩格式 04‖x‖y。
    pub sm2_public_key: String,
    /// Ed25519 公钥，十六进制。
    pub ed25519_public_key: String,
    /// 按启用先后排列的全部公钥。
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<PublicKeys>,
}

#[utoipa::path(
    get,
    path = "/api/v1/gazette/keys",
    summary = "日志签名公钥",
    tag = "gazette",
    operation_id = "gazette_keys",
    responses(
        (status = 200, description = "公钥", body = KeysBody),
        (status = 404, description = "尚未生成签名密钥", body = ErrorEnvelope),
    )
)]
pub async fn keys(State(state): State<AppState>) -> Result<axum::Json<KeysBody>, ApiError> {
    let history = state.app.gazette_public_keys().unwrap_or_default();
    let current = history
        .last()
        .cloned()
        .ok_or_else(|| ApiError::not_found("尚未生成公报日志签名密钥"))?;
    Ok(axum::Json(KeysBody {
        sm2_public_key: current.sm2_public_key,
        ed25519_public_key: current.ed25519_public_key,
        history,
    }))
}
