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
