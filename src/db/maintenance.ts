/** The scheduled clean-up's statements: rows past their use or their stated retention. */
import type { Db } from './client'

/** Sessions past their absolute expiry, or idle since before `idleSince`. */
export function purgeSessions(db: Db, now: string, idleSince: string) {
  return db
    .prepare('DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2')
    .bind(now, idleSince)
}

/** Rate-limit counters whose window started before `before` (unix seconds). */
export function purgeRateLimits(db: Db, before: number) {
  return db.prepare('DELETE FROM rate_limits WHERE window_start < ?1').bind(before)
}

/** Audit events older than `before`. */
export function purgeAuditEvents(db: Db, before: string) {
  return db.prepare('DELETE FROM audit_events WHERE created_at < ?1').bind(before)
}

/** Recovery-code claims older than `before`: a claim only matters while a code could race. */
export function purgeRecoveryClaims(db: Db, before: string) {
  return db.prepare('DELETE FROM recovery_claims WHERE created_at < ?1').bind(before)
}

/** Uploaded exports never confirmed, staged before `before`. */
export function purgeImportStaging(db: Db, before: string) {
  return db.prepare('DELETE FROM import_staging WHERE created_at < ?1').bind(before)
}
