#!/usr/bin/env python3
"""An independent check of a gazette issue, written from docs/gazette-verification.md
alone: Python's standard library for SHA-256, SM3 and the Merkle tree, and the OpenSSL
command line for the SM2 and Ed25519 signatures. Shares no code with Gongkai.

usage: verify_gazette.py DIR
DIR holds keys.json, sth.json, entry.json, proof.json, issue.pdf as saved from the API,
and optionally old_sth.json with consistency.json to check that the log only grew.
Prints OK lines and exits 0, or prints the failed check and exits 1.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

# SubjectPublicKeyInfo prefixes: id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301),
# and id-Ed25519; the raw key follows each.
SM2_SPKI = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d034200")
ED25519_SPKI = bytes.fromhex("302a300506032b6570032100")


def fail(msg):
    print("FAIL", msg)
    sys.exit(1)


def load(d, name):
    with open(os.path.join(d, name), encoding="utf-8") as f:
        return json.load(f)


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def pem(spki):
    import base64
    body = base64.encodebytes(spki).decode().replace("\n", "")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"


def openssl_verify(spki, message, signature, extra):
    with tempfile.TemporaryDirectory() as t:
        paths = {n: os.path.join(t, n) for n in ("key.pem", "msg.bin", "sig.bin")}
        with open(paths["key.pem"], "w") as f:
            f.write(pem(spki))
        with open(paths["msg.bin"], "wb") as f:
            f.write(message)
        with open(paths["sig.bin"], "wb") as f:
            f.write(signature)
        r = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", paths["key.pem"], "-rawin",
             "-in", paths["msg.bin"], "-sigfile", paths["sig.bin"], *extra],
            capture_output=True, text=True)
        return r.returncode == 0


def tree_head_bytes(sth):
    return (b"\x00\x01" + sth["timestamp"].to_bytes(8, "big") + sth["tree_size"].to_bytes(8, "big")
            + bytes.fromhex(sth["root_hash"]))


def check_head(sth, keys):
    pair = {"sm2_public_key": sth["sm2_public_key"], "ed25519_public_key": sth["ed25519_public_key"]}
    if pair not in keys["history"]:
        fail("the head was signed by a key that is not among the trusted keys")
    msg = tree_head_bytes(sth)
    if not openssl_verify(SM2_SPKI + bytes.fromhex(sth["sm2_public_key"]), msg,
                          bytes.fromhex(sth["signature_sm2"]),
                          ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"]):
        fail("SM2 signature of the tree head does not verify")
    if not openssl_verify(ED25519_SPKI + bytes.fromhex(sth["ed25519_public_key"]), msg,
                          bytes.fromhex(sth["signature_ed25519"]), []):
        fail("Ed25519 signature of the tree head does not verify")
    print("OK tree head of size", sth["tree_size"], "signed with SM2 and Ed25519")


def verify_inclusion(h, index, size, path, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, h
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m, n, r1, r2, proof):
    if m == n:
        return not proof and r1 == r2
    if not proof or m == 0 or m > n:
        return False
    if m & (m - 1) == 0:
        proof = [r1] + proof
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == r1 and sr == r2


def main(d):
    keys = load(d, "keys.json")
    sth = load(d, "sth.json")
    entry = load(d, "entry.json")
    proof = load(d, "proof.json")
    with open(os.path.join(d, "issue.pdf"), "rb") as f:
        pdf = f.read()
    check_head(sth, keys)

    leaf = json.loads(entry["leaf"])
    canonical = json.dumps(leaf, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if canonical != entry["leaf"]:
        fail("the entry is not in the canonical form")
    if hashlib.sha256(pdf).hexdigest() != leaf["pdf_sha256"]:
        fail("the PDF's SHA-256 differs from the logged one")
    if hashlib.new("sm3", pdf).hexdigest() != leaf["pdf_sm3"]:
        fail("the PDF's SM3 differs from the logged one")
    print("OK the PDF is issue %d/%d (total %d) as published" % (leaf["year"], leaf["number"], leaf["total_number"]))

    if proof["tree_size"] != sth["tree_size"] or proof["leaf_index"] != entry["leaf_index"]:
        fail("the proof is for another tree or another entry")
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    if not verify_inclusion(leaf_hash(entry["leaf"].encode("utf-8")), entry["leaf_index"],
                            sth["tree_size"], path, bytes.fromhex(sth["root_hash"])):
        fail("the audit path does not lead to the signed root")
    print("OK entry", entry["leaf_index"], "is in the signed tree")

    if os.path.exists(os.path.join(d, "old_sth.json")):
        old = load(d, "old_sth.json")
        check_head(old, keys)
        c = load(d, "consistency.json")
        if (c["first"], c["second"]) != (old["tree_size"], sth["tree_size"]):
            fail("the consistency proof is for other trees")
        if not verify_consistency(old["tree_size"], sth["tree_size"], bytes.fromhex(old["root_hash"]),
                                  bytes.fromhex(sth["root_hash"]), [bytes.fromhex(h) for h in c["consistency"]]):
            fail("the log of size %d is not a prefix of the log of size %d" % (old["tree_size"], sth["tree_size"]))
        print("OK the log only grew from", old["tree_size"], "to", sth["tree_size"])


if __name__ == "__main__":
    main(sys.argv[1])
