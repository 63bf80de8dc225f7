-- Accounts, keys, sessions, rate limits and the audit log.
-- Clear columns: ids, kinds, KDF parameters, counters and timestamps (ISO-8601 UTC text).
-- Everything personal is a hash (for look-up) or AES-GCM ciphertext under the learner's data key.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email_hash TEXT NOT NULL UNIQUE,          -- HMAC(pepper, normalised email), hex
  email_ct TEXT NOT NULL,                   -- email, ciphertext under the data key
  pending_recovery_ct TEXT,                 -- a new recovery code not yet acknowledged, ciphertext
  created_at TEXT NOT NULL
);

CREATE TABLE credentials (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,              -- bcrypt(HMAC(pepper, NFKC(password)))
  updated_at TEXT NOT NULL
);

CREATE TABLE wrapped_keys (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('password', 'recovery')),
  kdf TEXT NOT NULL CHECK (kdf IN ('pbkdf2-sha256', 'hkdf-sha256')),
  kdf_iterations INTEGER NOT NULL CHECK (kdf_iterations BETWEEN 1 AND 100000),
  kdf_salt TEXT NOT NULL,
  wrapped_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,                      -- SHA-256 of the cookie token, hex; never the token
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  wrapped_key TEXT NOT NULL,                -- data key wrapped under HKDF(token)
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL                  -- absolute expiry
);
CREATE INDEX sessions_by_user ON sessions (user_id, expires_at);

CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,                     -- HMAC(pepper, scope + identifier), hex
  window_start INTEGER NOT NULL,            -- unix seconds at the start of the fixed window
  count INTEGER NOT NULL CHECK (count >= 0)
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);

CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  event TEXT NOT NULL CHECK (event IN (
    'sign-up', 'sign-in', 'sign-in-failed', 'sign-out', 'rate-limited',
    'password-changed', 'recovery-used', 'recovery-failed'
  )),
  ip_hash TEXT,                             -- HMAC(pepper, IP), hex; never the address
  created_at TEXT NOT NULL
);
CREATE INDEX audit_events_by_user ON audit_events (user_id, created_at);
