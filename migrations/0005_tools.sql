-- Interactive tools (see docs/architecture.md, "Tools"): reference data, and the typed rows each
-- tool writes in the same guarded batch as its answer. Text is ciphertext under the learner's data
-- key (`*_ct`); ids, ordinals, levels, categories and types stay clear so SQL can filter and sort.
-- Every learner row is keyed by (user_id, placement_id, …) and goes when the learner goes.

-- A tool's answer is kept as it is built: 0 while the learner is still working in it (the thread
-- does not move on), 1 once they are done. Plain answers are always complete.
ALTER TABLE answers ADD COLUMN complete INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1));

-- Reference data, loaded with the workbook content by stable id (seed/reference/).
CREATE TABLE skills (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('transferable', 'self-management', 'knowledge')),
  folded TEXT NOT NULL,                 -- lower-cased name, for search
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX skills_by_category ON skills (active, category, folded);

CREATE TABLE competencies (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  config TEXT NOT NULL CHECK (json_valid(config)),  -- group name, name, description, levels
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE personality_types (
  id TEXT PRIMARY KEY CHECK (length(id) = 4),       -- the four letters
  ordinal INTEGER NOT NULL,
  config TEXT NOT NULL CHECK (json_valid(config)),  -- name, summary
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- The four preference pairs that a type is made of (E/I, S/N, T/F, J/P), for "not sure".
CREATE TABLE personality_preferences (
  id TEXT PRIMARY KEY,
  ordinal INTEGER NOT NULL,
  config TEXT NOT NULL CHECK (json_valid(config)),  -- question, the two options
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- List builder: one row per item.
CREATE TABLE list_items (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  item_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  text_ct TEXT NOT NULL,
  PRIMARY KEY (user_id, placement_id, item_id)
);

-- Skill tagger: the learner's skills. A skill from the master list is named by its id; a custom
-- skill's name is ciphertext. `skill_key` is the skill's id in every later skills tool.
CREATE TABLE user_skills (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  skill_key TEXT NOT NULL,
  position INTEGER NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('transferable', 'self-management', 'knowledge')),
  skill_id TEXT REFERENCES skills(id),
  name_ct TEXT,
  CHECK ((skill_id IS NULL) <> (name_ct IS NULL)),
  PRIMARY KEY (user_id, placement_id, skill_key)
);
CREATE INDEX user_skills_by_user ON user_skills (user_id, category);

-- Skill mastery: a level from 1 (used most) to 5 (used least) for each of the learner's skills.
CREATE TABLE skill_mastery (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  skill_key TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (user_id, placement_id, skill_key)
);
CREATE INDEX skill_mastery_by_level ON skill_mastery (user_id, level);

-- Ranking: the resulting order, most important first.
CREATE TABLE ranked_items (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  item_id TEXT NOT NULL,
  rank INTEGER NOT NULL CHECK (rank >= 1),
  text_ct TEXT NOT NULL,
  PRIMARY KEY (user_id, placement_id, item_id)
);
CREATE INDEX ranked_items_by_rank ON ranked_items (user_id, placement_id, rank);

-- SOARED stories: several per placement; the six parts and the title are one ciphertext.
CREATE TABLE stories (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  story_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  story_type TEXT NOT NULL CHECK (story_type IN ('challenge', 'reframe', 'other')),
  content_ct TEXT NOT NULL,
  PRIMARY KEY (user_id, placement_id, story_id)
);
CREATE INDEX stories_by_position ON stories (user_id, position);

-- The learner's own skills tagged to each story.
CREATE TABLE story_skills (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  story_id TEXT NOT NULL,
  skill_key TEXT NOT NULL,
  PRIMARY KEY (user_id, placement_id, story_id, skill_key)
);

-- Competency self-rating: one level (1–5) per competency.
CREATE TABLE competency_ratings (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  competency_id TEXT NOT NULL REFERENCES competencies(id),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (user_id, placement_id, competency_id)
);
CREATE INDEX competency_ratings_by_level ON competency_ratings (user_id, level);

-- Personality type: the four letters, and whether they were picked or came from the preferences.
CREATE TABLE personality_results (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  type_id TEXT NOT NULL REFERENCES personality_types(id),
  via TEXT NOT NULL CHECK (via IN ('picked', 'preferences')),
  PRIMARY KEY (user_id, placement_id)
);
