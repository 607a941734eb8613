-- Several nodes: per-address limits counted in the database so they hold across
-- nodes (PostgreSQL; SQLite deployments count in memory and never write here).
CREATE TABLE rate_events (
    kind TEXT NOT NULL,
    client TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX rate_events_key ON rate_events(kind, client, at_ms);

-- Attachment bytes in the database, so that any node serves any file and one backup
-- covers everything (PostgreSQL deployments; SQLite keeps its local directory).
-- Content-addressed: one copy per content, however many records name it.
CREATE TABLE blob_contents (
    sha256 TEXT PRIMARY KEY,
    size_bytes BIGINT NOT NULL,
    bytes {{BLOB}} NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE blob_keys (
    storage_key TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES blob_contents(sha256),
    created_at TEXT NOT NULL
);
CREATE INDEX blob_keys_sha ON blob_keys(sha256);
