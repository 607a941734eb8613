-- Catalog items are named by a stable id (the same 二级事项 may appear on several rows
-- that differ in 公开内容). Links to items move to that id; an item made before ids
-- existed has the id "一级事项/二级事项", which is what the old links name.
CREATE TABLE catalog_item_links (
    catalog_id BIGINT NOT NULL REFERENCES catalogs(id),
    item_id TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES documents(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (catalog_id, item_id, document_id)
);
CREATE INDEX catalog_item_links_document ON catalog_item_links(document_id);
INSERT INTO catalog_item_links (catalog_id, item_id, document_id, created_at)
    SELECT catalog_id, item_first || '/' || item_second, document_id, created_at FROM catalog_links;
DROP TABLE catalog_links;
