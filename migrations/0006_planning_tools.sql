-- The planning and reflection tools (issue: tools, part 2). As in 0005: text and money are
-- ciphertext under the learner's data key (`*_ct`); ids, positions, levels, ratings, categories
-- and dates stay clear so SQL can filter and sort. Every learner row is keyed by
-- (user_id, placement_id, …) and goes when the learner goes.

-- The learner's own settings: the currency their money is shown in (no exchange rates).
CREATE TABLE user_settings (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  currency TEXT NOT NULL DEFAULT 'USD' CHECK (currency IN ('USD', 'EUR', 'GBP'))
);

-- Flow log: dated entries; energy −2…+2 and focus 1…5 stay clear, so high-flow entries
-- (energy ≥ 1 and focus ≥ 4) can be found in SQL.
CREATE TABLE flow_entries (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  entry_id TEXT NOT NULL,
  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  energy INTEGER NOT NULL CHECK (energy BETWEEN -2 AND 2),
  focus INTEGER NOT NULL CHECK (focus BETWEEN 1 AND 5),
  content_ct TEXT NOT NULL,                          -- the activity and the notes
  PRIMARY KEY (user_id, placement_id, entry_id)
);
CREATE INDEX flow_entries_by_day ON flow_entries (user_id, day);
CREATE INDEX flow_entries_by_flow ON flow_entries (user_id, energy, focus);

-- Life balance: every round is kept, dated, with a score per area.
CREATE TABLE life_balance_rounds (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  round_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  taken_on TEXT NOT NULL,
  notes_ct TEXT,
  PRIMARY KEY (user_id, placement_id, round_id)
);
CREATE TABLE life_balance_scores (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  round_id TEXT NOT NULL,
  area TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
  PRIMARY KEY (user_id, placement_id, round_id, area)
);

-- Budget: income and expense lines; the amount (integer cents) and the label are ciphertext.
CREATE TABLE budget_lines (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  line_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('income', 'expense')),
  period TEXT NOT NULL CHECK (period IN ('month', 'year')),
  essential INTEGER NOT NULL DEFAULT 0 CHECK (essential IN (0, 1)),
  content_ct TEXT NOT NULL,                          -- the label and the amount in cents
  PRIMARY KEY (user_id, placement_id, line_id)
);

-- Mindset profiles: for each mindset, a person who embodies it and why.
CREATE TABLE mindset_profiles (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  mindset TEXT NOT NULL CHECK (mindset IN ('curiosity', 'bias-to-action', 'reframing', 'awareness', 'radical-collaboration')),
  content_ct TEXT NOT NULL,
  PRIMARY KEY (user_id, placement_id, mindset)
);

-- Failure reframer: one row per reframe; its seven parts are one ciphertext.
CREATE TABLE reframes (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  reframe_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  content_ct TEXT NOT NULL,
  PRIMARY KEY (user_id, placement_id, reframe_id)
);

-- Idea tree: nodes with their parent (null for the root), depth and position among siblings.
CREATE TABLE idea_nodes (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  node_id TEXT NOT NULL,
  parent_id TEXT,
  depth INTEGER NOT NULL CHECK (depth >= 0),
  position INTEGER NOT NULL,
  text_ct TEXT NOT NULL,
  PRIMARY KEY (user_id, placement_id, node_id)
);

-- Career timeline: milestones by year and quarter.
CREATE TABLE milestones (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  milestone_id TEXT NOT NULL,
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  quarter INTEGER CHECK (quarter BETWEEN 1 AND 4),
  category TEXT NOT NULL CHECK (category IN ('work', 'education', 'personal', 'skill')),
  content_ct TEXT NOT NULL,                          -- the title and the description
  PRIMARY KEY (user_id, placement_id, milestone_id)
);
CREATE INDEX milestones_by_date ON milestones (user_id, year, quarter);

-- Career options assessment (the seed's decision-matrix): ratings 1–5 stay clear.
CREATE TABLE career_options (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placement_id TEXT NOT NULL REFERENCES placements(id),
  option_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  story_fit INTEGER CHECK (story_fit BETWEEN 1 AND 5),
  work_fit INTEGER CHECK (work_fit BETWEEN 1 AND 5),
  life_fit INTEGER CHECK (life_fit BETWEEN 1 AND 5),
  unknowns INTEGER CHECK (unknowns BETWEEN 1 AND 5),
  content_ct TEXT NOT NULL,                          -- the title, description and notes
  PRIMARY KEY (user_id, placement_id, option_id)
);
