-- Files on an application: what was received (a letter scanned on registration, the
-- corrected material) and what is released with the reply, which the applicant
-- downloads through tracking.
CREATE TABLE case_files (
    id {{ID}},
    application_id BIGINT NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX case_files_application ON case_files(application_id);
