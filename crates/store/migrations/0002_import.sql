-- Bulk import: each imported document remembers its key in the source, so importing
-- the same file again adds nothing; each file's progress is kept so an interrupted
-- import resumes where it stopped.
ALTER TABLE documents ADD COLUMN source_key TEXT;
CREATE UNIQUE INDEX documents_source_key ON documents(org_id, source_key);

CREATE TABLE import_progress (
    file_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    lines_done BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);
