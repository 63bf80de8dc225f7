/**
 * The daily clean-up (the Worker's `scheduled` handler, on the cron in wrangler.toml). It keeps
 * unauthenticated traffic from growing the database without bound, and keeps audit rows no
 * longer than their stated retention.
 */
import { dbOf } from './db/client'
import {
  purgeAuditEvents,
  purgeImportStaging,
  purgeRateLimits,
  purgeRecoveryClaims,
  purgeSessions,
} from './db/maintenance'
import { commit } from './db/query'
import { SESSION_IDLE_MS } from './auth/session'
import { nowIso } from './lib/bytes'

const DAY_MS = 24 * 60 * 60 * 1000

/** How long rows are kept, as the README states. */
export const RETENTION = {
  /** Security events (sign-ins, failures, lockouts, changes): a year. */
  auditDays: 365,
  /** Rate-limit counters: two days (their longest window is an hour). */
  rateLimitDays: 2,
  /** Recovery-code claims: a week (they only matter while two requests race). */
  recoveryClaimDays: 7,
  /** An uploaded export waiting for the learner to confirm the import: a day. */
  importStagingDays: 1,
}

/**
 * Deletes expired and idle sessions, old rate-limit counters, old recovery claims, unconfirmed
 * imports and audit events past their retention, in one batch.
 * @example await cleanUp(env, Date.now())
 */
export async function cleanUp(env: { DB: D1Database }, now: number) {
  const db = dbOf(env)
  await commit(db, [
    purgeSessions(db, nowIso(now), nowIso(now - SESSION_IDLE_MS)),
    purgeRateLimits(db, Math.floor((now - RETENTION.rateLimitDays * DAY_MS) / 1000)),
    purgeRecoveryClaims(db, nowIso(now - RETENTION.recoveryClaimDays * DAY_MS)),
    purgeAuditEvents(db, nowIso(now - RETENTION.auditDays * DAY_MS)),
    purgeImportStaging(db, nowIso(now - RETENTION.importStagingDays * DAY_MS)),
  ])
}
