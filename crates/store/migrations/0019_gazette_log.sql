-- The gazette's append-only log (RFC 6962): one leaf per published issue, never
-- rewritten, and every signed tree head ever issued.
CREATE TABLE gazette_log (
    leaf_index BIGINT PRIMARY KEY,
    leaf TEXT NOT NULL,
    leaf_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE gazette_tree_heads (
    tree_size BIGINT PRIMARY KEY,
    timestamp_ms BIGINT NOT NULL,
    root_hash TEXT NOT NULL,
    signature_sm2 TEXT NOT NULL,
    signature_ed25519 TEXT NOT NULL,
    sm2_public_key TEXT NOT NULL,
    ed25519_public_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
