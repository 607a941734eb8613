-- 政务新媒体: the accounts units run on other platforms, with the record of their
-- opening, merging and closing, each on an approval.
CREATE TABLE media_accounts (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    platform TEXT NOT NULL,
    name TEXT NOT NULL,
    handle TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    -- open, merged, closed
    status TEXT NOT NULL,
    -- When it last posted, as the unit reports it (the platforms are not fetched).
    last_post_on TEXT,
    merged_into BIGINT REFERENCES media_accounts(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX media_accounts_org ON media_accounts(org_id, platform);

CREATE TABLE media_changes (
    id {{ID}},
    account_id BIGINT NOT NULL REFERENCES media_accounts(id),
    change TEXT NOT NULL,
    on_date TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approval TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX media_changes_account ON media_changes(account_id, id);
