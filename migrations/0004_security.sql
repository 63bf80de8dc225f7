-- Security hardening (see docs/architecture.md, "Threat model").
-- Clear columns only: versions, counters, times and random ids; nothing personal.

-- How each password-wrapped key was derived: 1 = PBKDF2 over the bare password (upgraded at the
-- next sign-in), 2 = PBKDF2 over HMAC(pepper, password). Recovery keys are 1 (HKDF).
ALTER TABLE wrapped_keys ADD COLUMN kdf_version INTEGER NOT NULL DEFAULT 1 CHECK (kdf_version IN (1, 2));

-- When the last attempt was counted (unix seconds), for backoff between repeated failures.
ALTER TABLE rate_limits ADD COLUMN last_at INTEGER NOT NULL DEFAULT 0;

-- The random id of the form submission that wrote the answer, so a retry of the same submission
-- after a lost response is recognised as already saved.
ALTER TABLE answers ADD COLUMN submission_id TEXT;

-- For conflict revisions: when the learner saved that answer again after seeing the conflict.
-- Unseen conflicts are never pruned.
ALTER TABLE answer_revisions ADD COLUMN seen_at TEXT;

-- A recovery code is consumed once: the first batch to claim it inserts this row; a racing
-- second one fails on the key and changes nothing. `code_ref` is SHA-256 of the wrapped key the
-- code opened (no secret).
CREATE TABLE recovery_claims (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_ref TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, code_ref)
);

-- The scheduled clean-up reads these.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX audit_events_by_time ON audit_events (created_at);
