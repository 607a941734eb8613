-- 政策解读: an interpretation is a document of its own (索引号, workflow, attachments,
-- search) tied to the one policy it explains and the version of that policy it was
-- written for. The tie moves here from document_relations, so that it is held once.
ALTER TABLE documents ADD COLUMN needs_interpretation BIGINT NOT NULL DEFAULT 0;
-- Raised whenever a published text changes (title, 文号 or body), so an interpretation
-- can say which text it explains.
ALTER TABLE documents ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TABLE interpretations (
    document_id BIGINT PRIMARY KEY REFERENCES documents(id),
    policy_id BIGINT NOT NULL REFERENCES documents(id),
    policy_version BIGINT NOT NULL,
    form TEXT NOT NULL,
    held_on TEXT,
    place TEXT NOT NULL DEFAULT '',
    speakers TEXT NOT NULL DEFAULT '',
    -- The policy's validity when the interpretation was last confirmed to still stand.
    reviewed_validity TEXT NOT NULL DEFAULT 'valid',
    created_at TEXT NOT NULL
);
CREATE INDEX interpretations_policy ON interpretations(policy_id);
CREATE TABLE interpretation_qa (
    document_id BIGINT NOT NULL REFERENCES documents(id),
    position BIGINT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (document_id, position)
);
INSERT INTO interpretations (document_id, policy_id, policy_version, form, created_at)
    SELECT r.from_id, MIN(r.to_id), 1, 'text', MIN(r.created_at) FROM document_relations r
    WHERE r.kind = 'interprets' GROUP BY r.from_id;
DELETE FROM document_relations WHERE kind = 'interprets';
