-- 互动交流: messages written to an organisation, dispatched to the competent unit and
-- answered, with their steps; public consultations on drafts with their comments and
-- the adoption feedback; deployment settings such as the message reply time.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE message_counters (
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    last_serial BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);
CREATE TABLE messages (
    id {{ID}},
    tracking_number TEXT NOT NULL UNIQUE,
    query_code_hash TEXT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    handling_org_id BIGINT REFERENCES organisations(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    writer TEXT NOT NULL,
    publish_consent BIGINT NOT NULL,
    received_on TEXT NOT NULL,
    reply_workdays BIGINT NOT NULL,
    refusal_reason TEXT,
    refusal_note TEXT NOT NULL DEFAULT '',
    reply TEXT NOT NULL DEFAULT '',
    replied_by_org_id BIGINT REFERENCES organisations(id),
    answered_on TEXT,
    public_title TEXT NOT NULL DEFAULT '',
    public_body TEXT NOT NULL DEFAULT '',
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX messages_org ON messages(org_id, status);
CREATE INDEX messages_handling ON messages(handling_org_id, status);
CREATE INDEX messages_published ON messages(published_at);
CREATE TABLE message_steps (
    id {{ID}},
    message_id BIGINT NOT NULL REFERENCES messages(id),
    action TEXT NOT NULL,
    org_id BIGINT REFERENCES organisations(id),
    note TEXT NOT NULL,
    actor TEXT NOT NULL,
    on_date TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX message_steps_message ON message_steps(message_id);
CREATE TABLE consultations (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    title TEXT NOT NULL,
    draft TEXT NOT NULL,
    explanation TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    shortened_reason TEXT NOT NULL,
    other_ways TEXT NOT NULL,
    document_id BIGINT REFERENCES documents(id),
    comment_count BIGINT NOT NULL DEFAULT 0,
    published_at TEXT,
    feedback TEXT,
    feedback_published_at TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX consultations_org ON consultations(org_id);
CREATE INDEX consultations_document ON consultations(document_id);
CREATE TABLE consultation_comments (
    id {{ID}},
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    number BIGINT NOT NULL,
    writer TEXT NOT NULL,
    body TEXT NOT NULL,
    public BIGINT NOT NULL,
    status TEXT NOT NULL,
    moderation_note TEXT NOT NULL DEFAULT '',
    adoption TEXT,
    reason TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (consultation_id, number)
);
