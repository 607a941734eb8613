-- Webhooks: subscribers' servers told of public changes. Deliveries are made from the
-- event log (one per event and webhook, fanned out in order from a cursor kept in
-- `settings`), retried with back-off, and every attempt is kept as the delivery log.
CREATE TABLE webhooks (
    id {{ID}},
    -- Changes in this organisation and the units under it are delivered.
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    -- Topic codes, comma-separated; empty means every topic.
    topics TEXT NOT NULL DEFAULT '',
    -- The platform's address as the registering administrator reached it, for the
    -- absolute links in deliveries.
    origin TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    active BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX webhooks_org ON webhooks(org_id);

CREATE TABLE webhook_deliveries (
    id {{ID}},
    webhook_id BIGINT NOT NULL REFERENCES webhooks(id),
    event_seq BIGINT NOT NULL,
    topic TEXT NOT NULL,
    -- The exact bytes sent (and signed) on every attempt.
    body TEXT NOT NULL,
    -- pending, delivered, failed (given up after the last attempt)
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (webhook_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);

CREATE TABLE webhook_attempts (
    id {{ID}},
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries(id),
    at TEXT NOT NULL,
    -- The HTTP status answered, if any; the error when there was no answer.
    status_code BIGINT,
    error TEXT NOT NULL DEFAULT '',
    duration_ms BIGINT NOT NULL,
    -- Whether an administrator asked for this attempt (redelivery).
    manual BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id);
