-- Personal data: the reviewer's decision on each piece found in a publication, held by
-- the publication ('document:12', 'village_list:3', 'service:5') and the piece's key.
CREATE TABLE pii_decisions (
    subject TEXT NOT NULL,
    value TEXT NOT NULL,
    kind TEXT NOT NULL,
    keep BIGINT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    decided_by BIGINT NOT NULL REFERENCES users(id),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (subject, value)
);

-- 村(居)务公开: the schedule of each column of a village, when set otherwise than the
-- default, and the lists it publishes.
CREATE TABLE village_columns (
    village_id BIGINT NOT NULL REFERENCES organisations(id),
    column_code TEXT NOT NULL,
    schedule TEXT NOT NULL,
    PRIMARY KEY (village_id, column_code)
);
CREATE TABLE village_lists (
    id {{ID}},
    village_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    committee TEXT NOT NULL,
    complaint_phone TEXT NOT NULL,
    notice_days BIGINT NOT NULL,
    -- The table as read: headings and rows of cells (JSON arrays), the name columns.
    headers TEXT NOT NULL,
    rows_json TEXT NOT NULL,
    name_columns TEXT NOT NULL,
    published_on TEXT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX village_lists_village ON village_lists(village_id, published_on);

-- 办事服务: service items with their guides, and the files offered with them.
CREATE TABLE services (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    audience TEXT NOT NULL,
    themes TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL DEFAULT '',
    office TEXT NOT NULL DEFAULT '',
    steps TEXT NOT NULL DEFAULT '',
    materials TEXT NOT NULL DEFAULT '',
    mistakes TEXT NOT NULL DEFAULT '',
    fees TEXT NOT NULL DEFAULT '',
    fee_basis TEXT NOT NULL DEFAULT '',
    time_limit TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    complaint_phone TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    approved_on TEXT,
    published_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org_id, name)
);
CREATE TABLE service_files (
    id {{ID}},
    service_id BIGINT NOT NULL REFERENCES services(id),
    role TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX service_files_service ON service_files(service_id);
