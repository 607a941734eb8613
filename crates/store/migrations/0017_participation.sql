-- 公众参与 beyond comments: surveys with their answers (one per person, by a keyed hash
-- of a mobile number), records of hearings and forums, the register of deputies'
-- suggestions and members' proposals with their replies, and responses to public
-- concerns.
CREATE TABLE surveys (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    consultation_id BIGINT REFERENCES consultations(id),
    title TEXT NOT NULL,
    intro TEXT NOT NULL,
    questions TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX surveys_org ON surveys(org_id);
CREATE TABLE survey_answers (
    id {{ID}},
    survey_id BIGINT NOT NULL REFERENCES surveys(id),
    respondent_key TEXT NOT NULL,
    answers TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (survey_id, respondent_key)
);
CREATE TABLE hearings (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    consultation_id BIGINT REFERENCES consultations(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    place TEXT NOT NULL,
    participants TEXT NOT NULL,
    notice TEXT NOT NULL,
    minutes TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX hearings_org ON hearings(org_id);
CREATE TABLE proposals (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    proposer TEXT NOT NULL,
    received_on TEXT NOT NULL,
    result TEXT,
    reply TEXT NOT NULL DEFAULT '',
    replied_on TEXT,
    withheld_reason TEXT NOT NULL DEFAULT '',
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org_id, kind, year, number)
);
CREATE TABLE concerns (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    title TEXT NOT NULL,
    gravity TEXT NOT NULL,
    arose_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE concern_responses (
    id {{ID}},
    concern_id BIGINT NOT NULL REFERENCES concerns(id),
    form TEXT NOT NULL,
    at TEXT NOT NULL,
    content TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX concern_responses_concern ON concern_responses(concern_id);
