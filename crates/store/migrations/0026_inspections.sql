-- Saved self-inspections: what was found in each unit on the day, its score and rank,
-- and each finding's rectification (整改) with its history.
CREATE TABLE inspections (
    id {{ID}},
    -- The organisation inspected, with the units under it.
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    run_on TEXT NOT NULL,
    -- The points table in force, as its setting's text.
    points TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX inspections_org ON inspections(org_id, id);

CREATE TABLE inspection_units (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    rank BIGINT NOT NULL,
    points BIGINT NOT NULL,
    vetoed BIGINT NOT NULL,
    PRIMARY KEY (inspection_id, org_id)
);

CREATE TABLE inspection_findings (
    id {{ID}},
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    rule TEXT NOT NULL,
    veto BIGINT NOT NULL,
    page TEXT NOT NULL,
    detail TEXT NOT NULL,
    -- Its rectification: open, assigned, responded, closed.
    status TEXT NOT NULL DEFAULT 'open',
    due_on TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX inspection_findings_run ON inspection_findings(inspection_id, org_id);
CREATE INDEX inspection_findings_org ON inspection_findings(org_id, status);

CREATE TABLE rectification_steps (
    id {{ID}},
    finding_id BIGINT NOT NULL REFERENCES inspection_findings(id),
    step TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    actor_id BIGINT REFERENCES users(id),
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX rectification_steps_finding ON rectification_steps(finding_id, id);
