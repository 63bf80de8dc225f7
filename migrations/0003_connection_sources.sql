-- Each connection names the registered data source that reads it (see DATA_SOURCES in
-- src/content/model.ts), so a source can scope its own query to one exercise's connections in
-- SQL, in the same batch as the page. Existing rows read plain answers until the seed reloads.

ALTER TABLE connections ADD COLUMN source TEXT NOT NULL DEFAULT 'answers';
CREATE INDEX connections_by_source_name ON connections (source, placement_id);
