-- Gazettes: the organisations that run one (with its title), their issues with the
-- e-edition's hashes and log position, and each issue's table of contents.
CREATE TABLE gazettes (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    title TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE gazette_issues (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    year BIGINT NOT NULL,
    number BIGINT NOT NULL,
    total_number BIGINT NOT NULL,
    published_on TEXT NOT NULL,
    pdf_key TEXT NOT NULL,
    pdf_size BIGINT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    pdf_sm3 TEXT NOT NULL,
    leaf_index BIGINT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    UNIQUE (org_id, year, number),
    UNIQUE (org_id, total_number)
);
CREATE TABLE gazette_articles (
    id {{ID}},
    issue_id BIGINT NOT NULL REFERENCES gazette_issues(id),
    position BIGINT NOT NULL,
    section TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    document_id BIGINT REFERENCES documents(id),
    page BIGINT
);
CREATE INDEX gazette_articles_issue ON gazette_articles(issue_id);
