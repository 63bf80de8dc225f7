-- An uploaded export waits here, encrypted under the learner's data key, between the import's
-- preview and the learner's confirmation. It is split into chunks so a large file stays under
-- D1's size for one value. The confirmation (or a new upload, or cancelling) removes it; the
-- scheduled clean-up removes any left for more than a day.
CREATE TABLE import_staging (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  chunk INTEGER NOT NULL CHECK (chunk >= 0),
  body_ct TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, chunk)
);
CREATE INDEX import_staging_by_time ON import_staging (created_at);
