-- Notifications in the back office, an e-mail address per account for the daily
-- digest of due-soon and overdue work, and the digests sent (one per person per day,
-- whichever node sends it).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN digest BIGINT NOT NULL DEFAULT 1;
CREATE TABLE notifications (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    target TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);
CREATE TABLE digests (
    user_id BIGINT NOT NULL REFERENCES users(id),
    day TEXT NOT NULL,
    items BIGINT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (user_id, day)
);
