/**
 * "Sudo mode": the sensitive account actions (export, import, a new recovery code, an email
 * change, deletion) need the password proved in this session within the last 10 minutes. Opening
 * a session takes the password or the recovery code, so a fresh session counts; after that the
 * learner re-enters the password at /account/confirm, or in the form of the action itself.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv, SessionUser } from '../env'
import { auditStatement } from '../db/audit'
import { commit } from '../db/query'
import { confirmSession } from '../db/sessions'
import { findPasswordHash } from '../db/users'
import { nowIso } from '../lib/bytes'
import { navigate } from '../lib/render'
import { verifyPassword } from './password'
import { pepperKey } from './pepper'
import { countAttempt, ipHash, LIMITS } from './rate-limit'

export const SUDO_MS = 10 * 60 * 1000

/** Whether the learner proved their password in this session within the last 10 minutes. */
export function recentlyConfirmed(user: SessionUser, now = Date.now()): boolean {
  const at = Date.parse(user.confirmedAt)
  return Number.isFinite(at) && now - at < SUDO_MS && at <= now + 60_000
}

/** Where the password is re-entered before going on to `next` (a path under /account). */
export const confirmPath = (next: string) => `/account/confirm?next=${encodeURIComponent(next)}`

/**
 * Lets a request through only in sudo mode. Otherwise a GET goes to the password check and comes
 * back; any other request (whose form cannot be carried across) goes to the check and then to
 * the page it was posted from, `back` (the account page by default).
 */
export function requireRecentPassword(back = '/account') {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.var.user && recentlyConfirmed(c.var.user)) return next()
    const url = new URL(c.req.url)
    const then = c.req.method === 'GET' ? url.pathname + url.search : back
    return navigate(c, confirmPath(then), 303)
  })
}

export type Confirmation = { ok: true } | { ok: false; wait?: number }

/**
 * Checks the learner's password for a sensitive action, counted against a per-account limit. On
 * success the session is marked confirmed (with an audit row), so the next 10 minutes of
 * sensitive actions go through without asking again. `also` joins that batch: the action's own
 * statements, so the check and the change are written together. It may be a function that makes
 * them, run only once the password is proved: for statements that need the password itself
 * (unwrapping the data key), so that a wrong one costs no key derivation and writes nothing.
 * @example await confirmPassword(c, password, () => renewRecoveryCode(db, pepper, user, password, ip))
 */
export async function confirmPassword(
  c: Context<AppEnv>,
  password: string,
  also: D1PreparedStatement[] | (() => Promise<D1PreparedStatement[]>) = [],
): Promise<Confirmation> {
  const user = c.var.user!
  const pepper = await pepperKey(c.env.PEPPER)
  const wait = await countAttempt(c, pepper, [[LIMITS.confirmAccount, user.id]], {
    userId: user.id,
  })
  if (wait) return { ok: false, wait }
  const hash = await findPasswordHash(c.var.db, user.id)
  if (!hash || !(await verifyPassword(pepper, password, hash))) return { ok: false }
  const statements = typeof also === 'function' ? await also() : also
  const now = nowIso(Date.now())
  await commit(c.var.db, [
    confirmSession(c.var.db, user.id, user.sessionId, now),
    auditStatement(c.var.db, 'password-confirmed', user.id, await ipHash(c, pepper), now),
    ...statements,
  ])
  user.confirmedAt = now
  return { ok: true }
}
