/**
 * Rate limits. Every attempt is counted before any bcrypt runs, with identifiers HMAC'd under
 * the pepper, in fixed windows; the counters of one request are updated in one batch of atomic
 * upserts.
 *
 * Guesses at an account (sign-in, recovery) follow OWASP's device-cookie approach, so that an
 * attacker cannot lock a learner out:
 * - a browser that signed in to the account before carries a signed device cookie, and its
 *   attempts are counted on their own, generous limit;
 * - every other attempt is counted per (account, network), and against a per-account ceiling
 *   that, once passed, slows untrusted attempts to a trickle instead of refusing them all;
 * - a success clears the learner's own failure counts, and repeated failures back off.
 * IPv6 clients are counted by their /64 network.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import type { Db } from '../db/client'
import { auditRateLimited } from '../db/audit'
import { clearRateLimits, hitRateLimits, type Counted } from '../db/rate-limits'
import { commit } from '../db/query'
import { nowIso } from '../lib/bytes'
import { deviceFor } from './device'
import { hmacHex } from './pepper'

export type Limit = {
  scope: string
  max: number
  windowSeconds: number
  /** After this many attempts in the window, each further one waits 2^(n - backoffAfter) s. */
  backoffAfter?: number
  /** Past `max`, attempts are not refused but go through this slower limit instead. */
  slowLane?: Limit
}

const BACKOFF_MAX_SECONDS = 120

/** The thresholds. Account ceilings follow ASVS (at most 100 failures an hour). */
export const LIMITS = {
  signInIp: { scope: 'sign-in:ip', max: 60, windowSeconds: 300 },
  signInDevice: { scope: 'sign-in:device', max: 20, windowSeconds: 900, backoffAfter: 5 },
  signInAccountIp: { scope: 'sign-in:account-ip', max: 10, windowSeconds: 900, backoffAfter: 3 },
  signInAccount: {
    scope: 'sign-in:account',
    max: 100,
    windowSeconds: 3600,
    slowLane: { scope: 'sign-in:account-slow', max: 1, windowSeconds: 60 },
  },
  signUpIp: { scope: 'sign-up:ip', max: 30, windowSeconds: 900 },
  recoverIp: { scope: 'recover:ip', max: 30, windowSeconds: 900 },
  recoverDevice: { scope: 'recover:device', max: 10, windowSeconds: 3600, backoffAfter: 3 },
  recoverAccountIp: { scope: 'recover:account-ip', max: 5, windowSeconds: 3600, backoffAfter: 2 },
  recoverAccount: {
    scope: 'recover:account',
    max: 10,
    windowSeconds: 3600,
    slowLane: { scope: 'recover:account-slow', max: 1, windowSeconds: 300 },
  },
  passwordChangeAccount: { scope: 'password:account', max: 10, windowSeconds: 3600 },
  /** Re-entering the password for a sensitive action (sudo mode, src/auth/sudo.ts). */
  confirmAccount: { scope: 'confirm:account', max: 10, windowSeconds: 900 },
  /** Downloads of the learner's data (JSON, ZIP, print) and imports, per account. */
  exportAccount: { scope: 'export:account', max: 20, windowSeconds: 3600 },
  importAccount: { scope: 'import:account', max: 10, windowSeconds: 3600 },
  saveUser: { scope: 'save:user', max: 300, windowSeconds: 300 },
} satisfies Record<string, Limit>

/** What names the counters of each limit: whose they are, so deleting an account can find them. */
type KeyedBy = 'network' | 'user' | 'account' | 'account-network' | 'account-device'

/**
 * Each limit's identifier. A new limit must say what it counts by here (the type insists), so an
 * account's deletion cannot forget its counters:
 * - `network`: a client network alone, nobody's account;
 * - `user`: the user id;
 * - `account`: the email hash (and its slow lane, if it has one);
 * - `account-network`: the email hash and a network (`accountNetworkId`);
 * - `account-device`: the email hash and a device cookie's id (`accountDeviceId`).
 */
const KEYED_BY = {
  signInIp: 'network',
  signInDevice: 'account-device',
  signInAccountIp: 'account-network',
  signInAccount: 'account',
  signUpIp: 'network',
  recoverIp: 'network',
  recoverDevice: 'account-device',
  recoverAccountIp: 'account-network',
  recoverAccount: 'account',
  passwordChangeAccount: 'user',
  confirmAccount: 'user',
  exportAccount: 'user',
  importAccount: 'user',
  saveUser: 'user',
} as const satisfies Record<keyof typeof LIMITS, KeyedBy>

/** The identifier of an (account, network) counter. */
const accountNetworkId = (emailHash: string, network: string) => `${emailHash}:${network}`

/** The identifier of an (account, device cookie) counter. */
const accountDeviceId = (emailHash: string, deviceId: string) => `${emailHash}:${deviceId}`

/**
 * The client address Cloudflare reports. On Cloudflare the edge sets `CF-Connecting-IP`, so it
 * is trusted; a deployment behind another proxy must change this. Without it (local tests) a
 * fixed stand-in is used.
 */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('CF-Connecting-IP') ?? 'local'
}

/**
 * The network a client address is counted by: an IPv4 address as it is, an IPv6 address by its
 * /64 (one subscriber usually holds a whole /64), an IPv4-mapped IPv6 address as its IPv4.
 * @example clientNetwork('2001:db8:1:2:3:4:5:6') // '2001:db8:1:2::/64'
 */
export function clientNetwork(ip: string): string {
  const address = ip.trim().toLowerCase()
  if (!address.includes(':')) return address
  const mapped = address.match(/^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/)
  if (mapped) return mapped[1]!
  const [head = '', tail] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
  const prefix = groups
    .slice(0, 4)
    .map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? g.replace(/^0+(?=.)/, '') : 'x'))
  return `${prefix.join(':')}::/64`
}

/** The client address as the audit log stores it: an HMAC under the pepper, never the address. */
export function ipHash(c: Context<AppEnv>, pepper: CryptoKey): Promise<string> {
  return hmacHex(pepper, 'ip', clientIp(c))
}

/** The HMAC'd key of one counter. Exported so tests can find a counter without raw identifiers. */
export function rateLimitKey(pepper: CryptoKey, limit: Limit, identifier: string): Promise<string> {
  return hmacHex(pepper, 'rate-limit', `${limit.scope}:${identifier}`)
}

/** Who an attempt is about, for the audit log of a lockout. */
export type Subject = { userId: string } | { emailHash: string } | null

/** Seconds to wait for a counter of `limit` in the window starting `windowStart`, or 0. */
function waitFor(limit: Limit, windowStart: number, counted: Counted, seconds: number): number {
  if (counted.count > limit.max) return Math.max(windowStart + limit.windowSeconds - seconds, 1)
  const before = counted.before
  if (!limit.backoffAfter || !before || before.windowStart !== windowStart) return 0
  const failures = before.count
  if (failures < limit.backoffAfter) return 0
  const delay = Math.min(2 ** (failures - limit.backoffAfter), BACKOFF_MAX_SECONDS)
  const waited = seconds - before.lastAt
  return waited < delay ? delay - waited : 0
}

/**
 * One limit's count, prepared to run alone or join another batch: `hit` for `hitQuery`, `wait`
 * to read the counter that comes back (seconds to wait, or null), and `lockout`, true when this
 * count is the window's first refusal (worth an audit row).
 * @example const step = await limitStep(pepper, LIMITS.saveUser, user.id)
 */
export async function limitStep(
  pepper: CryptoKey,
  limit: Limit,
  identifier: string,
  now = Date.now(),
) {
  const seconds = Math.floor(now / 1000)
  const key = await rateLimitKey(pepper, limit, identifier)
  const windowStart = seconds - (seconds % limit.windowSeconds)
  return {
    limit,
    identifier,
    hit: { key, windowStart, now: seconds },
    wait: (counted: Counted) => waitFor(limit, windowStart, counted, seconds) || null,
    lockout: (counted: Counted) => counted.count === limit.max + 1,
  }
}

type Step = Awaited<ReturnType<typeof limitStep>>

/** Counts one attempt against each step's limit, in one batch. */
async function hit(c: Context<AppEnv>, steps: Step[]): Promise<[Step, Counted][]> {
  const counted = await hitRateLimits(
    c.var.db,
    steps.map((s) => s.hit),
  )
  return steps.map((s, i) => [s, counted[i]!])
}

/** The audit statement of a lockout: who it was about, and the client's address as an HMAC. */
export async function lockoutAudit(
  c: Context<AppEnv>,
  pepper: CryptoKey,
  subject: Subject,
  now = Date.now(),
) {
  return auditRateLimited(c.var.db, subject, await ipHash(c, pepper), nowIso(now))
}

/**
 * Counts this attempt against every limit; returns how many seconds to wait if any is exceeded
 * (or a backoff has not passed), or null to go ahead. A limit with a slow lane slows instead of
 * refusing. The first refusal of a window is written to the audit log.
 * @example const wait = await countAttempt(c, pepper, [[LIMITS.signUpIp, clientNetwork(clientIp(c))]])
 */
export async function countAttempt(
  c: Context<AppEnv>,
  pepper: CryptoKey,
  attempts: [Limit, string][],
  subject: Subject = null,
  now = Date.now(),
): Promise<number | null> {
  const steps = (list: [Limit, string][]) =>
    Promise.all(list.map(([limit, id]) => limitStep(pepper, limit, id, now)))
  const counted = await hit(c, await steps(attempts))
  let wait = 0
  const slow: [Limit, string][] = []
  for (const [step, count] of counted) {
    if (step.limit.slowLane && count.count > step.limit.max)
      slow.push([step.limit.slowLane, step.identifier])
    else wait = Math.max(wait, step.wait(count) ?? 0)
  }
  if (wait === 0 && slow.length > 0) {
    const slowed = await hit(c, await steps(slow))
    counted.push(...slowed)
    for (const [step, count] of slowed) wait = Math.max(wait, step.wait(count) ?? 0)
  }
  // The first attempt over a limit (or a ceiling) in its window is a lockout worth recording.
  if (counted.some(([step, count]) => step.lockout(count))) {
    await commit(c.var.db, [await lockoutAudit(c, pepper, subject, now)])
  }
  return wait > 0 ? wait : null
}

export type Guess = {
  /** Seconds to wait, or null to go ahead. */
  wait: number | null
  /** The device id of the request's valid device cookie for this account, or null. */
  deviceId: string | null
  /** Statements that forget this client's own failures, for the batch of a success. */
  clearOwn: (db: Db) => D1PreparedStatement[]
}

/**
 * Counts one guess at an account's password (`sign-in`) or recovery code (`recover`), in the
 * lane its device cookie earns: trusted (a valid device cookie for this account) or untrusted.
 */
export async function countGuess(
  c: Context<AppEnv>,
  pepper: CryptoKey,
  kind: 'sign-in' | 'recover',
  emailHash: string,
): Promise<Guess> {
  const limits =
    kind === 'sign-in'
      ? {
          ip: LIMITS.signInIp,
          device: LIMITS.signInDevice,
          accountIp: LIMITS.signInAccountIp,
          account: LIMITS.signInAccount,
        }
      : {
          ip: LIMITS.recoverIp,
          device: LIMITS.recoverDevice,
          accountIp: LIMITS.recoverAccountIp,
          account: LIMITS.recoverAccount,
        }
  const network = clientNetwork(clientIp(c))
  const device = await deviceFor(c, pepper, emailHash)
  const own: [Limit, string] = device
    ? [limits.device, accountDeviceId(emailHash, device)]
    : [limits.accountIp, accountNetworkId(emailHash, network)]
  const attempts: [Limit, string][] = device
    ? [[limits.ip, network], own]
    : [[limits.ip, network], own, [limits.account, emailHash]]
  const wait = await countAttempt(c, pepper, attempts, { emailHash })
  const ownKey = await rateLimitKey(pepper, ...own)
  return { wait, deviceId: device, clearOwn: (db) => clearRateLimits(db, [ownKey]) }
}

/**
 * The keys of every counter of an account that this request can name: those keyed by the user
 * id or the email hash, by the email hash and this request's network, and by the email hash and
 * this browser's device cookie (if it carries a valid one). The (account, network) and (account,
 * device) counters of other networks and devices cannot be named without their addresses or
 * cookies; they hold only an HMAC, stop counting when their window ends (within the hour), and
 * the daily clean-up deletes them.
 * @example const keys = await accountRateLimitKeys(c, pepper, { userId, emailHash })
 */
export async function accountRateLimitKeys(
  c: Context<AppEnv>,
  pepper: CryptoKey,
  who: { userId: string; emailHash: string },
): Promise<string[]> {
  const network = clientNetwork(clientIp(c))
  const device = await deviceFor(c, pepper, who.emailHash)
  const counters: [Limit, string][] = []
  for (const name of Object.keys(KEYED_BY) as (keyof typeof KEYED_BY)[]) {
    const limit: Limit = LIMITS[name]
    const by: KeyedBy = KEYED_BY[name]
    if (by === 'user') counters.push([limit, who.userId])
    if (by === 'account') {
      counters.push([limit, who.emailHash])
      if (limit.slowLane) counters.push([limit.slowLane, who.emailHash])
    }
    if (by === 'account-network') counters.push([limit, accountNetworkId(who.emailHash, network)])
    if (by === 'account-device' && device) {
      counters.push([limit, accountDeviceId(who.emailHash, device)])
    }
  }
  return Promise.all(counters.map(([limit, id]) => rateLimitKey(pepper, limit, id)))
}
