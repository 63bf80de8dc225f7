/** The security audit log: events without content and without raw identifiers. */
import type { Db } from './client'

export type AuditEvent =
  | 'sign-up'
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-out'
  | 'rate-limited'
  | 'password-changed'
  | 'recovery-used'
  | 'recovery-failed'

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
