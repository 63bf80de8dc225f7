-- Connections gain a fourth use, hydrate (a text prompt starts filled with earlier words), and
-- content blocks can be targets (a mention inside the text). SQLite cannot change a CHECK, so the
-- table is rebuilt; its rows are public content that the seed reloads, copied across here so the
-- app keeps working between the migration and the seed. The old default source name `answers`
-- becomes `answer` (src/content/connections.ts).

CREATE TABLE connections_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  placement_id TEXT NOT NULL REFERENCES placements(id),        -- where the data comes back
  source_placement_id TEXT NOT NULL REFERENCES placements(id), -- where it was written
  use TEXT NOT NULL CHECK (use IN ('prefill', 'hydrate', 'reference', 'mention')),
  params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  source TEXT NOT NULL DEFAULT 'answer'
);
INSERT INTO connections_next (id, placement_id, source_placement_id, use, params, source)
  SELECT id, placement_id, source_placement_id, use, params,
         CASE source WHEN 'answers' THEN 'answer' ELSE source END
  FROM connections;
DROP TABLE connections;
ALTER TABLE connections_next RENAME TO connections;
CREATE INDEX connections_by_placement ON connections (placement_id);
CREATE INDEX connections_by_source ON connections (source_placement_id);
CREATE INDEX connections_by_source_name ON connections (source, placement_id);
