-- The workbook: content (parts → modules → exercises → placements, plus connections) and the
-- learner's answers with their revisions.
-- Content is public text loaded from seed/ by stable id; it is never deleted, only deactivated.
-- Answers: clear columns are ids, version and timestamps; body_ct is AES-GCM ciphertext of the
-- answer's JSON under the learner's data key.

CREATE TABLE parts (
  id TEXT PRIMARY KEY,
  ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE modules (
  id TEXT PRIMARY KEY,
  part_id TEXT NOT NULL REFERENCES parts(id),
  ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX modules_by_part ON modules (part_id, ordinal);

CREATE TABLE exercises (
  id TEXT PRIMARY KEY,
  module_id TEXT NOT NULL REFERENCES modules(id),
  ordinal INTEGER NOT NULL CHECK (ordinal >= 1),   -- position within the module
  seq INTEGER NOT NULL CHECK (seq >= 1),           -- position in the whole walk order
  title TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX exercises_by_module ON exercises (module_id, ordinal);
CREATE INDEX exercises_by_seq ON exercises (active, seq);

CREATE TABLE placements (
  id TEXT PRIMARY KEY,                              -- '<exercise-id>.<local-id>'
  exercise_id TEXT NOT NULL REFERENCES exercises(id),
  ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('content', 'prompt', 'tool')),
  config TEXT NOT NULL CHECK (json_valid(config)),  -- labels, options, limits, tool settings
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX placements_by_exercise ON placements (exercise_id, active, ordinal);

CREATE TABLE connections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  placement_id TEXT NOT NULL REFERENCES placements(id),        -- where the data comes back
  source_placement_id TEXT NOT NULL REFERENCES placements(id), -- where it was written
  use TEXT NOT NULL CHECK (use IN ('prefill', 'mention', 'reference')),
  params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params))
);
CREATE INDEX connections_by_placement ON connections (placement_id);
CREATE INDEX connections_by_source ON connections (source_placement_id);

CREATE TABLE answers (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  body_ct TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, placement_id)
);
CREATE INDEX answers_by_recency ON answers (user_id, updated_at);

CREATE TABLE answer_revisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  version INTEGER NOT NULL,                          -- the answer version it became, or was based on
  kind TEXT NOT NULL CHECK (kind IN ('saved', 'conflict')),
  body_ct TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX answer_revisions_by_answer ON answer_revisions (user_id, placement_id, id);
