-- Published content tagged with the catalog item it fulfils, for the compliance check
-- and the portal's links from each item to its content.
CREATE TABLE catalog_links (
    catalog_id BIGINT NOT NULL REFERENCES catalogs(id),
    item_first TEXT NOT NULL,
    item_second TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES documents(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (catalog_id, item_first, item_second, document_id)
);
CREATE INDEX catalog_links_document ON catalog_links(document_id);
