-- Domains a deployment adds to the 26 of seed 000 (the list is extensible).
CREATE TABLE catalog_domains (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
