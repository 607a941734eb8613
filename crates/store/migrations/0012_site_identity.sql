-- The website's identity (名称, 主办/承办单位, 网站标识码, ICP and public-security
-- records, 联系我们) as one typed record, and the images the site shows or prints:
-- the emblem in the header, each organisation's seal on its letters.
CREATE TABLE site_settings (
    id BIGINT PRIMARY KEY,
    identity TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE images (
    name TEXT PRIMARY KEY,
    blob_key TEXT NOT NULL,
    content_type TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
