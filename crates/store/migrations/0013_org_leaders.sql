-- 条例 Art.20(二): an organisation's page states its leaders' names with its functions,
-- address, hours and contact.
ALTER TABLE organisations ADD COLUMN leaders TEXT NOT NULL DEFAULT '';
