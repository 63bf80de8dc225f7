-- The learner owns their data (issue 12): a display name, a fresh password check for sensitive
-- actions ("sudo mode"), and the audit log's words for the new account events.

-- The name the learner wants to be called: AES-GCM ciphertext under their data key, or none.
ALTER TABLE users ADD COLUMN display_name_ct TEXT;

-- When the learner last proved their password in this session (ISO time). A session is opened
-- by a password or a recovery code, so its `created_at` counts as a check too; sensitive actions
-- (export, import, a new recovery code, an email change, deletion) need one in the last 10 minutes.
ALTER TABLE sessions ADD COLUMN confirmed_at TEXT;

-- SQLite cannot change a CHECK, so the audit log is rebuilt with the new event names. Its rows
-- are copied across unchanged, ids included, so the keyset pages stay in order.
CREATE TABLE audit_events_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  event TEXT NOT NULL CHECK (event IN (
    'sign-up', 'sign-in', 'sign-in-failed', 'sign-out', 'rate-limited',
    'password-changed', 'recovery-used', 'recovery-failed',
    'session-ended', 'password-confirmed', 'email-changed', 'profile-changed',
    'recovery-code-renewed', 'exported-json', 'exported-zip', 'printed', 'imported',
    'account-deleted'
  )),
  ip_hash TEXT,                             -- HMAC(pepper, IP), hex; never the address
  created_at TEXT NOT NULL
);
INSERT INTO audit_events_next (id, user_id, event, ip_hash, created_at)
  SELECT id, user_id, event, ip_hash, created_at FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_next RENAME TO audit_events;
CREATE INDEX audit_events_by_user ON audit_events (user_id, created_at);
CREATE INDEX audit_events_by_time ON audit_events (created_at);
