/** Server-side sessions. Rows hold SHA-256(token) and the data key wrapped under HKDF(token). */
import type { Db } from './client'
import { firstRow, rows, run } from './query'

export type SessionRow = {
  id: string
  userId: string
  wrappedKey: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  emailCt: string
  pendingRecoveryCt: string | null
  displayNameCt: string | null
  confirmedAt: string
}

type Row = {
  id: string
  user_id: string
  wrapped_key: string
  created_at: string
  last_seen_at: string
  expires_at: string
  email_ct: string
  pending_recovery_ct: string | null
  display_name_ct: string | null
  confirmed_at: string
}

function rowToSession(row: Row): SessionRow {
  return {
    id: row.id,
    userId: row.user_id,
    wrappedKey: row.wrapped_key,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    emailCt: row.email_ct,
    pendingRecoveryCt: row.pending_recovery_ct,
    displayNameCt: row.display_name_ct,
    confirmedAt: row.confirmed_at,
  }
}

/** The session and its user, in one query. Expiry is checked by the caller against the clock. */
export function findSession(db: Db, sessionId: string): Promise<SessionRow | null> {
  const statement = db
    .prepare(
      `SELECT s.id, s.user_id, s.wrapped_key, s.created_at, s.last_seen_at, s.expires_at,
              COALESCE(s.confirmed_at, s.created_at) AS confirmed_at,
              u.email_ct, u.pending_recovery_ct, u.display_name_ct
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ?1`,
    )
    .bind(sessionId)
  return run(db, firstRow(statement, rowToSession))
}

/** Creates a session. */
export function insertSession(
  db: Db,
  s: {
    id: string
    userId: string
    wrappedKey: string
    deviceCt: string | null
    now: string
    expiresAt: string
  },
) {
  return db
    .prepare(
      `INSERT INTO sessions (id, user_id, wrapped_key, created_at, last_seen_at, expires_at, device_ct)
       VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)`,
    )
    .bind(s.id, s.userId, s.wrappedKey, s.now, s.expiresAt, s.deviceCt)
}

/** One of a learner's sessions as the account page lists it. */
export type SessionListed = {
  id: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  /** The device's coarse name, as ciphertext; null for sessions opened before it was kept. */
  deviceCt: string | null
}

/** A learner's sessions that have not reached their absolute expiry, most recently used first. */
export function listSessions(db: Db, userId: string, now: string): Promise<SessionListed[]> {
  return run(
    db,
    rows(
      db
        .prepare(
          `SELECT id, created_at, last_seen_at, expires_at, device_ct FROM sessions
           WHERE user_id = ?1 AND expires_at > ?2 ORDER BY last_seen_at DESC, created_at DESC`,
        )
        .bind(userId, now),
      (
        found: {
          id: string
          created_at: string
          last_seen_at: string
          expires_at: string
          device_ct: string | null
        }[],
      ) =>
        found.map((r) => ({
          id: r.id,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          expiresAt: r.expires_at,
          deviceCt: r.device_ct,
        })),
    ),
  )
}

/** Records that the learner proved their password in this session just now (sudo mode). */
export function confirmSession(db: Db, userId: string, sessionId: string, now: string) {
  return db
    .prepare('UPDATE sessions SET confirmed_at = ?3 WHERE id = ?1 AND user_id = ?2')
    .bind(sessionId, userId, now)
}

/** Records activity; the caller writes at most once every few minutes. */
export function touchSession(db: Db, sessionId: string, now: string) {
  return db.prepare('UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1').bind(sessionId, now)
}

/** Ends one session of one user. */
export function deleteSession(db: Db, userId: string, sessionId: string) {
  return db.prepare('DELETE FROM sessions WHERE id = ?1 AND user_id = ?2').bind(sessionId, userId)
}

/** Ends a session by id, whoever it belongs to: the presenter of its cookie holds its token. */
export function deleteSessionById(db: Db, sessionId: string) {
  return db.prepare('DELETE FROM sessions WHERE id = ?1').bind(sessionId)
}

/** Ends every session of a user except, optionally, one. */
export function deleteOtherSessions(db: Db, userId: string, keepId: string | null) {
  return db.prepare('DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2').bind(userId, keepId)
}

/** Clears a user's expired sessions (run on sign-in, never on a GET). */
export function deleteExpiredSessions(db: Db, userId: string, now: string) {
  return db
    .prepare('DELETE FROM sessions WHERE user_id = ?1 AND expires_at <= ?2')
    .bind(userId, now)
}
