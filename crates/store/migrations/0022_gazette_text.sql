-- The text of each gazette article as printed, so readers search within the gazette,
-- not only its contents.
ALTER TABLE gazette_articles ADD COLUMN body TEXT NOT NULL DEFAULT '';
