-- 开放数据: each bulk file as last generated, its bytes in the blob store. A file is
-- generated again when the event log has moved past the sequence it was made at.
CREATE TABLE open_datasets (
    name TEXT PRIMARY KEY,
    storage_key TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    seq BIGINT NOT NULL,
    generated_at TEXT NOT NULL
);
