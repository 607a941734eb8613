-- Each organisation's wording of the letters of 依申请公开, where it differs from the
-- built-in defaults.
CREATE TABLE letter_templates (
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (org_id, kind)
);
