//! The gazette's append-only log as a Merkle tree, exactly as RFC 6962 §2.1 (restated
//! in RFC 9162 §2.1) defines it with SHA-256, so any Certificate Transparency verifier
//! — or a reader's own fifty lines in another language — agrees with ours: tree hashes,
//! inclusion proofs (audit paths), consistency proofs, and their verification.

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

fn sha256(parts: &[&[u8]]) -> Hash {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// The hash of a leaf: SHA-256(0x00 ‖ data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    sha256(&[&[0x00], data])
}

/// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    sha256(&[&[0x01], left, right])
}

/// The largest power of two smaller than `n` (n ≥ 2): where the tree splits.
fn split(n: usize) -> usize {
    debug_assert!(n >= 2);
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// MTH(D[n]): the root of the tree over these leaf hashes; SHA-256 of nothing when empty.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => sha256(&[]),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// PATH(m, D[n]): the audit path of leaf `index`; `None` when there is no such leaf.
pub fn inclusion_proof(index: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    (index < leaves.len()).then(|| path(index, leaves))
}

fn path(m: usize, d: &[Hash]) -> Vec<Hash> {
    let n = d.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = split(n);
    let mut p = if m < k {
        path(m, &d[..k])
    } else {
        path(m - k, &d[k..])
    };
    p.push(if m < k { root(&d[k..]) } else { root(&d[..k]) });
    p
}

/// PROOF(m, D[n]): that the tree of the first `first` leaves is a prefix of the tree of
/// all of them; `None` when `first` is 0 or beyond the tree.
pub fn consistency_proof(first: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    (first >= 1 && first <= leaves.len()).then(|| subproof(first, leaves, true))
}

fn subproof(m: usize, d: &[Hash], whole: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if whole { Vec::new() } else { vec![root(d)] };
    }
    let k = split(n);
    if m <= k {
        let mut p = subproof(m, &d[..k], whole);
        p.push(root(&d[k..]));
        p
    } else {
        let mut p = subproof(m - k, &d[k..], false);
        p.push(root(&d[..k]));
        p
    }
}

/// Checks an audit path (RFC 9162 §2.1.3.2): that `leaf` is leaf `index` of the tree of
/// `size` leaves whose root is `root`.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return false;
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    snode == 0 && &r == root
}

/// Checks a consistency proof (RFC 9162 §2.1.4.2): that the tree of `first` leaves with
/// root `first_root` is a prefix of the tree of `second` leaves with root `second_root`.
pub fn verify_consistency(
    first: u64,
    second: u64,
    first_root: &Hash,
    second_root: &Hash,
    proof: &[Hash],
) -> bool {
    if first == 0 || first > second {
        return false;
    }
    if first == second {
        return proof.is_empty() && first_root == second_root;
    }
    if proof.is_empty() {
        return false;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let (mut fnode, mut snode) = (first - 1, second - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if snode == 0 {
            return false;
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    snode == 0 && &fr == first_root && &sr == second_root
}

/// The bytes a tree head's signatures cover: RFC 6962 §3.5's TreeHeadSignature —
/// version v1 (0), signature_type tree_hash (1), the timestamp in milliseconds, the tree
/// size (both big-endian u64) and the root hash.
pub fn tree_head_bytes(timestamp_ms: u64, tree_size: u64, root_hash: &Hash) -> Vec<u8> {
    let mut b = Vec::with_capacity(2 + 8 + 8 + 32);
    b.push(0);
    b.push(1);
    b.extend_from_slice(&timestamp_ms.to_be_bytes());
    b.extend_from_slice(&tree_size.to_be_bytes());
    b.extend_from_slice(root_hash);
    b
}

pub fn to_hex(h: &[u8]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex digits (either case, surrounding space ignored).
pub fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// A hash from 64 hex digits.
pub fn from_hex(s: &str) -> Option<Hash> {
    hex_bytes(s)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inputs of the Certificate Transparency reference tests (RFC 6962 test data).
    const INPUTS: [&str; 8] = [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ];

    /// Their roots for 0 to 8 leaves.
    const ROOTS: [&str; 9] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn bytes(hex: &str) -> Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    fn leaves() -> Vec<Hash> {
        INPUTS.iter().map(|i| leaf_hash(&bytes(i))).collect()
    }

    fn h(s: &str) -> Hash {
        from_hex(s).unwrap()
    }

    #[test]
    fn the_reference_roots() {
        let l = leaves();
        for (n, want) in ROOTS.iter().enumerate() {
            assert_eq!(to_hex(&root(&l[..n])), *want, "{n} leaves");
        }
    }

    #[test]
    fn the_reference_inclusion_proofs() {
        let l = leaves();
        let cases: [(usize, usize, &[&str]); 4] = [
            (0, 1, &[]),
            (
                0,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                8,
                &[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                3,
                &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
            ),
        ];
        for (index, size, want) in cases {
            let got = inclusion_proof(index, &l[..size]).unwrap();
            let want: Vec<Hash> = want.iter().map(|s| h(s)).collect();
            assert_eq!(got, want, "leaf {index} of {size}");
            assert!(verify_inclusion(
                &l[index],
                index as u64,
                size as u64,
                &got,
                &h(ROOTS[size])
            ));
        }
        assert!(inclusion_proof(8, &l).is_none());
    }

    #[test]
    fn the_reference_consistency_proofs() {
        let l = leaves();
        let cases: [(usize, usize, &[&str]); 4] = [
            (1, 1, &[]),
            (
                1,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                6,
                8,
                &[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                5,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (first, second, want) in cases {
            let got = consistency_proof(first, &l[..second]).unwrap();
            let want: Vec<Hash> = want.iter().map(|s| h(s)).collect();
            assert_eq!(got, want, "{first} → {second}");
            assert!(verify_consistency(
                first as u64,
                second as u64,
                &h(ROOTS[first]),
                &h(ROOTS[second]),
                &got
            ));
        }
    }

    #[test]
    fn every_proof_of_every_shape_verifies_and_a_changed_one_does_not() {
        let many: Vec<Hash> = (0u16..37).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for size in 1..=many.len() {
            let t = &many[..size];
            let r = root(t);
            for i in 0..size {
                let p = inclusion_proof(i, t).unwrap();
                assert!(verify_inclusion(&t[i], i as u64, size as u64, &p, &r));
                if size > 1 {
                    let other = ((i + 1) % size) as u64;
                    assert!(
                        !verify_inclusion(&t[i], other, size as u64, &p, &r),
                        "{i} of {size}"
                    );
                }
                if let Some(first) = p.first() {
                    let mut bad = p.clone();
                    bad[0] = node_hash(first, first);
                    assert!(!verify_inclusion(&t[i], i as u64, size as u64, &bad, &r));
                }
            }
            for first in 1..=size {
                let p = consistency_proof(first, t).unwrap();
                let r1 = root(&many[..first]);
                assert!(
                    verify_consistency(first as u64, size as u64, &r1, &r, &p),
                    "{first}→{size}"
                );
                // A past changed: the old root no longer fits.
                let mut changed = many[..first].to_vec();
                changed[0] = leaf_hash(b"altered");
                assert!(!verify_consistency(
                    first as u64,
                    size as u64,
                    &root(&changed),
                    &r,
                    &p
                ));
            }
        }
        assert!(consistency_proof(0, &many).is_none());
        assert!(consistency_proof(38, &many).is_none());
    }

    #[test]
    fn the_signed_bytes_of_a_tree_head() {
        let b = tree_head_bytes(1_700_000_000_000, 8, &h(ROOTS[8]));
        assert_eq!(b.len(), 50);
        assert_eq!(&b[..2], &[0, 1]);
        assert_eq!(&b[2..10], &1_700_000_000_000u64.to_be_bytes());
        assert_eq!(&b[10..18], &8u64.to_be_bytes());
        assert_eq!(to_hex(&b[18..]), ROOTS[8]);
    }
}
