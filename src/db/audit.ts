/** The security audit log: events without content and without raw identifiers. */
import type { Db } from './client'
import { rows, run } from './query'

export type AuditEvent =
  | 'sign-up'
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-out'
  | 'rate-limited'
  | 'password-changed'
  | 'recovery-used'
  | 'recovery-failed'
  | 'session-ended'
  | 'password-confirmed'
  | 'email-changed'
  | 'profile-changed'
  | 'recovery-code-renewed'
  | 'exported-json'
  | 'exported-zip'
  | 'printed'
  | 'imported'
  | 'account-deleted'

/** A statement recording one event; batch it with the change it describes. */
export function auditStatement(
  db: Db,
  event: AuditEvent,
  userId: string | null,
  ipHash: string | null,
  now: string,
) {
  return db
    .prepare(
      'INSERT INTO audit_events (user_id, event, ip_hash, created_at) VALUES (?1, ?2, ?3, ?4)',
    )
    .bind(userId, event, ipHash, now)
}

/**
 * The event of ending one of the learner's own sessions, written only if that session exists and
 * is theirs. Put it before the delete in one batch, so the two happen together or not at all.
 */
export function auditSessionEnded(
  db: Db,
  userId: string,
  sessionId: string,
  ipHash: string,
  now: string,
) {
  return db
    .prepare(
      `INSERT INTO audit_events (user_id, event, ip_hash, created_at)
       SELECT ?1, 'session-ended', ?3, ?4 WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ?2 AND user_id = ?1)`,
    )
    .bind(userId, sessionId, ipHash, now)
}

/**
 * A lockout: the first refused attempt of a window. The learner is named by id, or found by the
 * email hash they were guessed at (none when no account has it).
 */
export function auditRateLimited(
  db: Db,
  subject: { userId: string } | { emailHash: string } | null,
  ipHash: string,
  now: string,
) {
  if (subject && 'emailHash' in subject) {
    return db
      .prepare(
        `INSERT INTO audit_events (user_id, event, ip_hash, created_at)
         VALUES ((SELECT id FROM users WHERE email_hash = ?1), 'rate-limited', ?2, ?3)`,
      )
      .bind(subject.emailHash, ipHash, now)
  }
  return auditStatement(db, 'rate-limited', subject?.userId ?? null, ipHash, now)
}

/** One of the learner's security events, as their own log shows it: what and when, no content. */
export type AuditListed = { id: number; event: AuditEvent; createdAt: string }

/** How many events one page of the learner's log shows. */
export const AUDIT_PAGE = 20

/**
 * A page of the learner's own security events, newest first: those older than their event
 * `before` (keyset pagination on when and the id, along the (user_id, created_at) index; no
 * OFFSET), and whether there are more after them. An id that is not theirs gives nothing.
 */
export async function learnerAuditPage(
  db: Db,
  userId: string,
  before: number | null,
): Promise<{ events: AuditListed[]; more: boolean }> {
  const found = await run(
    db,
    rows(
      db
        .prepare(
          `SELECT id, event, created_at FROM audit_events
           WHERE user_id = ?1 AND (?2 IS NULL OR (created_at, id) <
             ((SELECT created_at FROM audit_events WHERE id = ?2 AND user_id = ?1), ?2))
           ORDER BY created_at DESC, id DESC LIMIT ?3`,
        )
        .bind(userId, before, AUDIT_PAGE + 1),
      (r: { id: number; event: AuditEvent; created_at: string }[]) =>
        r.map((e) => ({ id: e.id, event: e.event, createdAt: e.created_at })),
    ),
  )
  return { events: found.slice(0, AUDIT_PAGE), more: found.length > AUDIT_PAGE }
}
