-- Portable schema: written once for SQLite and PostgreSQL. The migration runner
-- replaces {{ID}} with each backend's auto-increment primary key. Integers are
-- BIGINT everywhere, dates are TEXT 'YYYY-MM-DD' (China time), instants are TEXT
-- RFC 3339 in UTC with milliseconds, so that they sort as text on both backends.

CREATE TABLE organisations (
    id {{ID}},
    parent_id BIGINT REFERENCES organisations(id),
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    index_code TEXT NOT NULL UNIQUE,
    intro TEXT NOT NULL DEFAULT '',
    office TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    fax TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    sort_order BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_parent ON organisations(parent_id, sort_order);

CREATE TABLE users (
    id {{ID}},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    platform_admin BIGINT NOT NULL DEFAULT 0,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE role_grants (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, org_id, role)
);
CREATE INDEX role_grants_org ON role_grants(org_id, role);

CREATE TABLE sessions (
    id {{ID}},
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_throttle (
    username TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    locked_until TEXT NOT NULL,
    last_failure_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE index_counters (
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    year BIGINT NOT NULL,
    last_serial BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);

CREATE TABLE documents (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    index_number TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    doc_number_raw TEXT,
    doc_number TEXT,
    doc_code TEXT,
    doc_year BIGINT,
    doc_serial BIGINT,
    doc_scheme TEXT,
    written_on TEXT NOT NULL,
    published_on TEXT,
    topic TEXT NOT NULL,
    category TEXT,
    column_kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    attribute TEXT NOT NULL,
    legal_ground TEXT,
    attribute_reason TEXT NOT NULL,
    state TEXT NOT NULL,
    validity TEXT NOT NULL,
    rereviewed_year BIGINT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org_id, doc_number)
);
CREATE INDEX documents_org_state ON documents(org_id, state, published_on);
CREATE INDEX documents_state_written ON documents(state, written_on);
CREATE INDEX documents_public ON documents(state, published_on);

CREATE TABLE document_coissuers (
    document_id BIGINT NOT NULL REFERENCES documents(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (document_id, org_id)
);

CREATE TABLE document_relations (
    from_id BIGINT NOT NULL REFERENCES documents(id),
    to_id BIGINT NOT NULL REFERENCES documents(id),
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id, kind)
);
CREATE INDEX document_relations_to ON document_relations(to_id);

CREATE TABLE attachments (
    id {{ID}},
    document_id BIGINT NOT NULL REFERENCES documents(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX attachments_document ON attachments(document_id);

CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY,
    schedule TEXT NOT NULL,
    loaded_by TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id {{ID}},
    at TEXT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    ip TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id BIGINT,
    org_id BIGINT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id);
CREATE INDEX audit_log_org ON audit_log(org_id, at);

CREATE TABLE events (
    seq {{ID}},
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id BIGINT,
    org_id BIGINT,
    payload TEXT NOT NULL
);
