-- The files of a consultation as published with its notice: the draft and its
-- explanation as uploaded (Word, PDF), and any material the public may download.
CREATE TABLE consultation_files (
    id {{ID}},
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX consultation_files_consultation ON consultation_files(consultation_id);
