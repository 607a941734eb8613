-- The day a document became 主动公开 after it was formed (the yearly re-review converted
-- it): the 20-working-day publication clock of 条例 Art.26 counts from that change.
ALTER TABLE documents ADD COLUMN proactive_since TEXT;
