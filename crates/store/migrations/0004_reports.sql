-- Annual reports (年度报告): what staff entered, and the snapshot published on the
-- portal. The computed sections are recomputed until publication; the snapshot keeps
-- the published figures as they were.
CREATE TABLE annual_reports (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    year BIGINT NOT NULL,
    input TEXT NOT NULL,
    published TEXT,
    published_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (org_id, year)
);
