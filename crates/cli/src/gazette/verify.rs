//! The offline check of an issue, from files alone: what docs/gazette-verification.md
//! describes, step by step.

use std::path::Path;

use gongkai_app::gazette::keys::{PublicKeys, Signatures, sm3_hex, verify};
use gongkai_domain::gazette::leaf::IssueLeaf;
use gongkai_domain::gazette::merkle::{from_hex, leaf_hash, tree_head_bytes, verify_inclusion};
use serde::Deserialize;
use sha2::{Digest, Sha256};

#[derive(Deserialize)]
struct Sth {
    tree_size: u64,
    timestamp: u64,
    root_hash: String,
    signature_sm2: String,
    signature_ed25519: String,
    sm2_public_key: String,
    ed25519_public_key: String,
}

#[derive(Deserialize)]
struct Proof {
    leaf_index: u64,
    tree_size: u64,
    audit_path: Vec<String>,
}

#[derive(Deserialize)]
struct Entry {
    leaf_index: u64,
    leaf: String,
}

#[derive(Deserialize)]
struct Keys {
    history: Vec<PublicKeys>,
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path, what: &str) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取{what}（{}）：{e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{what}格式不对（{}）：{e}", path.display()))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Every check in order; the first that fails ends it with the reason.
pub fn run(
    pdf: &Path,
    sth: &Path,
    proof: &Path,
    entry: &Path,
    keys: &Path,
) -> Result<Vec<String>, String> {
    let sth: Sth = read(sth, "签名树头")?;
    let proof: Proof = read(proof, "包含证明")?;
    let entry: Entry = read(entry, "日志条目")?;
    let keys: Keys = read(keys, "公钥")?;
    let bytes =
        std::fs::read(pdf).map_err(|e| format!("无法读取电子版（{}）：{e}", pdf.display()))?;
    let mut ok = Vec::new();

    // 1. The head was signed by a key the reader trusts.
    let signer = PublicKeys {
        sm2_public_key: sth.sm2_public_key.clone(),
        ed25519_public_key: sth.ed25519_public_key.clone(),
    };
    if !keys.history.contains(&signer) {
        return Err("签名树头所用的公钥不在所信任的公钥之中".into());
    }
    let root = from_hex(&sth.root_hash).ok_or("签名树头的根散列格式不对")?;
    verify(
        &signer,
        &tree_head_bytes(sth.timestamp, sth.tree_size, &root),
        &Signatures {
            signature_sm2: sth.signature_sm2.clone(),
            signature_ed25519: sth.signature_ed25519.clone(),
        },
    )?;
    ok.push(format!(
        "签名树头（{}条）的SM2和Ed25519签名有效",
        sth.tree_size
    ));

    // 2. The PDF is the one the leaf names.
    let leaf = IssueLeaf::parse_canonical(&entry.leaf).ok_or("日志条目不是规范格式的公报叶子")?;
    if hex(&Sha256::digest(&bytes)) != leaf.pdf_sha256 {
        return Err("电子版的SHA-256与日志中的不符：文件不是发布时的原件".into());
    }
    if sm3_hex(&bytes) != leaf.pdf_sm3 {
        return Err("电子版的SM3与日志中的不符：文件不是发布时的原件".into());
    }
    ok.push(format!(
        "电子版即{}年第{}期（总第{}期）的原件（SHA-256与SM3一致）",
        leaf.year, leaf.number, leaf.total_number
    ));

    // 3. The leaf is in the tree the head signs.
    if proof.leaf_index != entry.leaf_index || proof.tree_size != sth.tree_size {
        return Err("包含证明的序号或树大小与条目、签名树头不符".into());
    }
    let path = proof
        .audit_path
        .iter()
        .map(|h| from_hex(h).ok_or("审计路径格式不对"))
        .collect::<Result<Vec<_>, _>>()?;
    if !verify_inclusion(
        &leaf_hash(entry.leaf.as_bytes()),
        entry.leaf_index,
        sth.tree_size,
        &path,
        &root,
    ) {
        return Err("包含证明不成立：该期不在签名树头所覆盖的日志中".into());
    }
    ok.push(format!(
        "该期是日志第{}条，包含在签名树头所覆盖的日志中",
        entry.leaf_index
    ));
    Ok(ok)
}
