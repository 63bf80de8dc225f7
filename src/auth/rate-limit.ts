/**
 * Rate limits on sign-in, sign-up, recovery and password change. Every attempt is counted before
 * any bcrypt runs, per IP and per account, with identifiers HMAC'd under the pepper. Windows are
 * fixed; the counters for one request are updated in one batch of atomic upserts.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { hitRateLimits } from '../db/rate-limits'
import { hmacHex } from './pepper'

export type Limit = { scope: string; max: number; windowSeconds: number }

/** The thresholds. Account limits follow ASVS (at most 100 failures an hour); IPs allow bursts. */
export const LIMITS = {
  signInAccount: { scope: 'sign-in:account', max: 100, windowSeconds: 3600 },
  signInIp: { scope: 'sign-in:ip', max: 60, windowSeconds: 300 },
  signUpIp: { scope: 'sign-up:ip', max: 30, windowSeconds: 900 },
  recoverAccount: { scope: 'recover:account', max: 10, windowSeconds: 3600 },
  recoverIp: { scope: 'recover:ip', max: 30, windowSeconds: 900 },
  passwordChangeAccount: { scope: 'password:account', max: 10, windowSeconds: 3600 },
} satisfies Record<string, Limit>

/** The client address Cloudflare reports, or a fixed stand-in when there is none (local tests). */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('CF-Connecting-IP') ?? 'local'
}

/** The client address as the audit log stores it: an HMAC under the pepper, never the address. */
export function ipHash(c: Context<AppEnv>, pepper: CryptoKey): Promise<string> {
  return hmacHex(pepper, 'ip', clientIp(c))
}

/** The HMAC'd key of one counter. Exported so tests can find a counter without raw identifiers. */
export function rateLimitKey(pepper: CryptoKey, limit: Limit, identifier: string): Promise<string> {
  return hmacHex(pepper, 'rate-limit', `${limit.scope}:${identifier}`)
}

/**
 * Counts this attempt against every limit; returns how many seconds to wait if any is exceeded,
 * or null to go ahead.
 * @example const wait = await countAttempt(c, pepper, [[LIMITS.signInIp, clientIp(c)]])
 */
export async function countAttempt(
  c: Context<AppEnv>,
  pepper: CryptoKey,
  attempts: [Limit, string][],
  now = Date.now(),
): Promise<number | null> {
  const seconds = Math.floor(now / 1000)
  const hits = await Promise.all(
    attempts.map(async ([limit, id]) => ({
      key: await rateLimitKey(pepper, limit, id),
      windowStart: seconds - (seconds % limit.windowSeconds),
    })),
  )
  const counts = await hitRateLimits(c.var.db, hits)
  let wait: number | null = null
  attempts.forEach(([limit], i) => {
    if ((counts[i] ?? 0) > limit.max) {
      const left = hits[i]!.windowStart + limit.windowSeconds - seconds
      wait = Math.max(wait ?? 0, left, 1)
    }
  })
  return wait
}
