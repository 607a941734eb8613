-- 依申请公开: applications, their steps, and the counters of their tracking numbers.
-- The applicant's personal data sits in one JSON column that only staff views read;
-- public tracking reads the status columns only. Dates with legal meaning are TEXT
-- 'YYYY-MM-DD' in China time, as everywhere.

CREATE TABLE applications (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    tracking_number TEXT NOT NULL UNIQUE,
    -- sha256 of the secret query code given to the applicant once.
    query_code_hash TEXT NOT NULL,
    channel TEXT NOT NULL,
    received_on TEXT NOT NULL,
    status TEXT NOT NULL,
    applicant_kind TEXT NOT NULL,
    -- The checked applicant (name, identity document, contact) as JSON.
    applicant TEXT NOT NULL,
    -- sha256 of the identity document kind and number: counts an applicant's
    -- applications per month (fees) without reading personal data.
    applicant_key TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    doc_number_normalized TEXT NOT NULL,
    description TEXT NOT NULL,
    delivery_form TEXT NOT NULL,
    delivery_way TEXT NOT NULL,
    assigned_org_id BIGINT REFERENCES organisations(id),
    outcome TEXT,
    replied_on TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX applications_org_status ON applications(org_id, status);
CREATE INDEX applications_org_received ON applications(org_id, received_on);
CREATE INDEX applications_applicant ON applications(org_id, applicant_key, received_on);

-- Every step of an application, in order: the history the reply clock is computed
-- from, and the record of 登记、受理、办理、答复、送达、归档.
CREATE TABLE application_steps (
    id {{ID}},
    application_id BIGINT NOT NULL REFERENCES applications(id),
    action TEXT NOT NULL,
    -- The step's legal date (receipt, notice, reply, delivery …), China time.
    on_date TEXT NOT NULL,
    status_after TEXT NOT NULL,
    -- The step's particulars as JSON (reasons, outcome, basis, fee, pause kind …).
    detail TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX application_steps_application ON application_steps(application_id, id);

CREATE TABLE application_counters (
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    year BIGINT NOT NULL,
    last_serial BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);
