//! The gazette log's signing keys: SM2 (GB/T 32918, SM3 digest, the default user ID of
//! GB/T 35276) and Ed25519 (RFC 8032). Each tree head carries both signatures, so a
//! reader can check it with either family of tools. The secret keys live in a file
//! outside the database, readable by the server alone; rotating keeps every public key
//! that ever signed, so old tree heads stay checkable.

use std::path::{Path, PathBuf};

use ed25519_dalek::Signer as _;
use serde::{Deserialize, Serialize};
use sm2::dsa::signature::Verifier as _;
use sm2::elliptic_curve::sec1::ToSec1Point as _;

use gongkai_domain::gazette::merkle::{hex_bytes as from_hex, to_hex};

/// GB/T 35276-2017 §10: the user ID when none is agreed ("1234567812345678").
pub const SM2_USER_ID: &str = "1234567812345678";

/// SM3 (GB/T 32905) of `bytes`, as hex.
pub fn sm3_hex(bytes: &[u8]) -> String {
    use sm3::Digest;
    to_hex(&sm3::Sm3::digest(bytes))
}

/// The public keys, as published: SM2 uncompressed (04 ‖ x ‖ y) and Ed25519, in hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeys {
    pub sm2_public_key: String,
    pub ed25519_public_key: String,
}

/// A tree head's two signatures: SM2 as hex of its DER encoding, Ed25519 as hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatures {
    pub signature_sm2: String,
    pub signature_ed25519: String,
}

/// Both signing keys.
pub struct SigningKeys {
    sm2: sm2::dsa::SigningKey,
    ed25519: ed25519_dalek::SigningKey,
}

/// The secret file's form.
#[derive(Serialize, Deserialize)]
struct Secrets {
    sm2_secret_key: String,
    ed25519_secret_key: String,
}

impl SigningKeys {
    /// Keys from their secret scalars (32 bytes each).
    pub fn from_secrets(sm2_secret: &[u8], ed25519_secret: &[u8]) -> Result<Self, String> {
        let sk = sm2::SecretKey::from_slice(sm2_secret).map_err(|_| "SM2私钥无效".to_owned())?;
        let sm2 =
            sm2::dsa::SigningKey::new(SM2_USER_ID, &sk).map_err(|_| "SM2私钥无效".to_owned())?;
        let ed: [u8; 32] = ed25519_secret
            .try_into()
            .map_err(|_| "Ed25519私钥应为32字节".to_owned())?;
        Ok(Self {
            sm2,
            ed25519: ed25519_dalek::SigningKey::from_bytes(&ed),
        })
    }

    /// Fresh keys from the operating system's random generator.
    pub fn generate() -> Self {
        loop {
            let mut a = [0u8; 32];
            let mut b = [0u8; 32];
            getrandom::fill(&mut a).expect("the operating system's random generator is available");
            getrandom::fill(&mut b).expect("the operating system's random generator is available");
            // A random 32-byte string is a valid SM2 scalar but for about 2^-32 of them.
            if let Ok(k) = Self::from_secrets(&a, &b) {
                return k;
            }
        }
    }

    pub fn public(&self) -> PublicKeys {
        PublicKeys {
            sm2_public_key: to_hex(
                self.sm2
                    .verifying_key()
                    .as_affine()
                    .to_sec1_point(false)
                    .as_bytes(),
            ),
            ed25519_public_key: to_hex(self.ed25519.verifying_key().as_bytes()),
        }
    }

    /// Signs `msg` (the bytes of a tree head) with both keys.
    pub fn sign(&self, msg: &[u8]) -> Signatures {
        let s: sm2::dsa::Signature = self.sm2.sign(msg);
        Signatures {
            signature_sm2: to_hex(s.to_der().as_bytes()),
            signature_ed25519: to_hex(&self.ed25519.sign(msg).to_bytes()),
        }
    }

    fn to_file_text(&self) -> String {
        let s = Secrets {
            sm2_secret_key: to_hex(&self.sm2.to_bytes()),
            ed25519_secret_key: to_hex(self.ed25519.as_bytes()),
        };
        serde_json::to_string_pretty(&s).unwrap_or_default()
    }

    fn from_file_text(text: &str) -> Result<Self, String> {
        let s: Secrets =
            serde_json::from_str(text).map_err(|e| format!("密钥文件格式错误：{e}"))?;
        let sm2 = from_hex(&s.sm2_secret_key).ok_or("SM2私钥不是十六进制")?;
        let ed = from_hex(&s.ed25519_secret_key).ok_or("Ed25519私钥不是十六进制")?;
        Self::from_secrets(&sm2, &ed)
    }
}

/// Checks both signatures of `msg` under `keys`; `Err` names the one that fails.
pub fn verify(keys: &PublicKeys, msg: &[u8], sigs: &Signatures) -> Result<(), String> {
    let sm2_key = from_hex(&keys.sm2_public_key)
        .and_then(|b| sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_USER_ID, &b).ok())
        .ok_or("SM2公钥无效")?;
    let sm2_sig = from_hex(&sigs.signature_sm2)
        .and_then(|b| sm2::dsa::Signature::from_der(&b).ok())
        .ok_or("SM2签名格式无效")?;
    sm2_key
        .verify(msg, &sm2_sig)
        .map_err(|_| "SM2签名验证失败".to_owned())?;
    let ed_key: [u8; 32] = from_hex(&keys.ed25519_public_key)
        .and_then(|b| b.try_into().ok())
        .ok_or("Ed25519公钥无效")?;
    let ed_key = ed25519_dalek::VerifyingKey::from_bytes(&ed_key).map_err(|_| "Ed25519公钥无效")?;
    let ed_sig: [u8; 64] = from_hex(&sigs.signature_ed25519)
        .and_then(|b| b.try_into().ok())
        .ok_or("Ed25519签名格式无效")?;
    ed_key
        .verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&ed_sig))
        .map_err(|_| "Ed25519签名验证失败".to_owned())
}

/// Where the keys are kept: `signing-keys.json` (secret, 0600) and
/// `public-keys.json` (every public key that ever signed, newest last).
pub struct KeyStore {
    dir: PathBuf,
}

impl KeyStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn secret_path(&self) -> PathBuf {
        self.dir.join("signing-keys.json")
    }

    fn public_path(&self) -> PathBuf {
        self.dir.join("public-keys.json")
    }

    /// The current keys, if generated.
    pub fn load(&self) -> Result<Option<SigningKeys>, String> {
        match std::fs::read_to_string(self.secret_path()) {
            Ok(t) => SigningKeys::from_file_text(&t).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("无法读取签名密钥：{e}")),
        }
    }

    /// Every public key that signed, oldest first.
    pub fn history(&self) -> Result<Vec<PublicKeys>, String> {
        match std::fs::read_to_string(self.public_path()) {
            Ok(t) => serde_json::from_str(&t).map_err(|e| format!("公钥文件格式错误：{e}")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(format!("无法读取公钥文件：{e}")),
        }
    }

    /// Generates keys when there are none (`rotate` replaces existing ones, keeping
    /// their public halves); returns the new public keys.
    pub fn generate(&self, rotate: bool) -> Result<PublicKeys, String> {
        if !rotate && self.load()?.is_some() {
            return Err("签名密钥已存在；如需更换，请使用轮换（--rotate）".into());
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("无法创建密钥目录：{e}"))?;
        restrict_dir(&self.dir);
        let keys = SigningKeys::generate();
        let public = keys.public();
        let mut history = self.history()?;
        history.push(public.clone());
        write_private(&self.secret_path(), &keys.to_file_text())?;
        let text = serde_json::to_string_pretty(&history).unwrap_or_default();
        std::fs::write(self.public_path(), text).map_err(|e| format!("无法写入公钥文件：{e}"))?;
        Ok(public)
    }
}

#[cfg(unix)]
fn restrict_dir(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}
#[cfg(not(unix))]
fn restrict_dir(_: &Path) {}

/// Writes a secret file readable by its owner alone, replacing any old one at once.
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| format!("无法写入签名密钥：{e}"))?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| format!("无法写入签名密钥：{e}"))?;
    }
    #[cfg(not(unix))]
    std::fs::write(&tmp, text).map_err(|e| format!("无法写入签名密钥：{e}"))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("无法写入签名密钥：{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm3_matches_the_standards_examples() {
        // GB/T 32905-2016 Appendix A, examples 1 and 2.
        assert_eq!(
            sm3_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            sm3_hex(&b"abcd".repeat(16)),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
    }

    #[test]
    fn ed25519_matches_rfc_8032_test_1() {
        let secret =
            from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").unwrap();
        let keys = SigningKeys::from_secrets(&[7u8; 32], &secret).unwrap();
        assert_eq!(
            keys.public().ed25519_public_key,
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        assert_eq!(
            keys.sign(b"").signature_ed25519,
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }

    #[test]
    fn both_signatures_verify_and_a_changed_byte_fails() {
        let keys = SigningKeys::generate();
        let public = keys.public();
        assert_eq!(public.sm2_public_key.len(), 130);
        assert!(public.sm2_public_key.starts_with("04"));
        let msg = b"tree head bytes";
        let sigs = keys.sign(msg);
        assert!(sigs.signature_sm2.starts_with("30"), "DER sequence");
        verify(&public, msg, &sigs).unwrap();
        assert_eq!(
            verify(&public, b"tree head bytez", &sigs),
            Err("SM2签名验证失败".into())
        );
        let mut ed_only = sigs.clone();
        ed_only.signature_ed25519 = keys.sign(b"other").signature_ed25519;
        assert_eq!(
            verify(&public, msg, &ed_only),
            Err("Ed25519签名验证失败".into())
        );
        let other = SigningKeys::generate().public();
        assert!(verify(&other, msg, &sigs).is_err());
    }

    #[test]
    fn keys_are_kept_private_and_rotation_keeps_old_public_keys() {
        let dir = std::env::temp_dir().join(format!("gk-keys-{}", crate::random_token(4)));
        let store = KeyStore::new(&dir);
        assert!(store.load().unwrap().is_none());
        let first = store.generate(false).unwrap();
        assert!(
            store.generate(false).is_err(),
            "never overwritten by mistake"
        );
        assert_eq!(store.load().unwrap().unwrap().public(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("signing-keys.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let second = store.generate(true).unwrap();
        assert_ne!(first, second);
        assert_eq!(store.history().unwrap(), vec![first, second]);
        let _ = std::fs::remove_dir_all(dir);
    }
}
