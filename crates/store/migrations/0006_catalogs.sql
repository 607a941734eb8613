-- 政务公开事项标准目录: one catalog per organisation and domain, derived from a
-- reference catalog or standing alone; every change makes a new version, and a
-- published version is never changed again.
CREATE TABLE catalogs (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    domain TEXT NOT NULL,
    reference_id BIGINT REFERENCES catalogs(id),
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    published_version BIGINT,
    filed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org_id, domain)
);

CREATE TABLE catalog_versions (
    catalog_id BIGINT NOT NULL REFERENCES catalogs(id),
    version BIGINT NOT NULL,
    -- The items as JSON, and the reference items left out with their reasons.
    items TEXT NOT NULL,
    removed TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    published_at TEXT,
    PRIMARY KEY (catalog_id, version)
);

-- The lifecycle steps (报送, 审核, 退回, 发布, 备案), in order.
CREATE TABLE catalog_steps (
    id {{ID}},
    catalog_id BIGINT NOT NULL REFERENCES catalogs(id),
    action TEXT NOT NULL,
    version BIGINT NOT NULL,
    note TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX catalog_steps_catalog ON catalog_steps(catalog_id, id);
