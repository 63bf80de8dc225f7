/**
 * Sessions. The cookie carries 256 random bits; the database keeps only SHA-256 of them and the
 * data key wrapped under HKDF(token). Expiry is enforced here, on the server:
 * - idle: 2 hours without a request;
 * - absolute: 7 days after sign-in, whatever the activity.
 * `last_seen_at` is written at most once every 5 minutes.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { findSession, insertSession, touchSession } from '../db/sessions'
import type { Db } from '../db/client'
import { commit } from '../db/query'
import { nowIso, randomBytes, sha256Hex, toBase64Url } from '../lib/bytes'
import { navigate } from '../lib/render'
import { encryptText, importDataKey, sessionKek, unwrapDataKey, wrapDataKey } from './keys'

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000
export const SESSION_TOUCH_MS = 5 * 60 * 1000
const COOKIE = 'dt_session'

/** Production cookies use the `__Host-` prefix and Secure; development allows plain http. */
function isDevelopment(c: Context<AppEnv>) {
  return c.env.ENVIRONMENT === 'development'
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, and Secure with `__Host-` in production. */
export function setSessionCookie(c: Context<AppEnv>, token: string) {
  const options = {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  } as const
  if (isDevelopment(c)) setCookie(c, COOKIE, token, options)
  else setCookie(c, COOKIE, token, { ...options, secure: true, prefix: 'host' })
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(c: Context<AppEnv>) {
  if (isDevelopment(c)) deleteCookie(c, COOKIE, { path: '/' })
  else deleteCookie(c, COOKIE, { path: '/', secure: true, prefix: 'host' })
}

function readToken(c: Context<AppEnv>): string | undefined {
  const token = isDevelopment(c) ? getCookie(c, COOKIE) : getCookie(c, COOKIE, 'host')
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined
}

/** The id (SHA-256 of the token) of the session whose cookie came with this request, or null. */
export async function presentedSessionId(c: Context<AppEnv>): Promise<string | null> {
  const token = readToken(c)
  return token ? sha256Hex(token) : null
}

/** Whether a session is still live at `now` (idle and absolute expiry). */
export function sessionIsLive(s: { lastSeenAt: string; expiresAt: string }, now: number): boolean {
  return now < Date.parse(s.expiresAt) && now - Date.parse(s.lastSeenAt) < SESSION_IDLE_MS
}

/**
 * A new session for a user whose raw data key is in hand: the token for the cookie, and the
 * statement that stores its hash, to run in the caller's batch.
 */
export async function newSession(
  db: Db,
  userId: string,
  rawDataKey: Uint8Array,
  now = Date.now(),
  /** A coarse name for the device (src/auth/device-hint.ts), stored encrypted. */
  device?: string,
) {
  const token = toBase64Url(randomBytes(32))
  const id = await sha256Hex(token)
  const wrappedKey = await wrapDataKey(await sessionKek(token), rawDataKey)
  const deviceCt = device
    ? await encryptText(await importDataKey(rawDataKey), device, sessionDeviceContext(userId, id))
    : null
  const statement = insertSession(db, {
    id,
    userId,
    wrappedKey,
    deviceCt,
    now: nowIso(now),
    expiresAt: nowIso(now + SESSION_ABSOLUTE_MS),
  })
  return { token, id, statement }
}

/** What a session's device name is bound to: its owner and the session. */
export const sessionDeviceContext = (userId: string, sessionId: string) =>
  `session-device:${userId}:${sessionId}`

/** Loads the session (one query), unwraps the data key, and sets `c.var.user` (or null). */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  c.set('user', null)
  const token = readToken(c)
  if (token) {
    const session = await findSession(c.var.db, await sha256Hex(token))
    const now = Date.now()
    if (session && sessionIsLive(session, now)) {
      try {
        const raw = await unwrapDataKey(await sessionKek(token), session.wrappedKey)
        c.set('user', {
          id: session.userId,
          sessionId: session.id,
          dataKey: await importDataKey(raw),
          emailCt: session.emailCt,
          pendingRecoveryCt: session.pendingRecoveryCt,
          displayNameCt: session.displayNameCt,
          confirmedAt: session.confirmedAt,
        })
      } catch {
        // A token that cannot unwrap its key is treated as no session at all.
      }
      if (now - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_MS) {
        await commit(c.var.db, [touchSession(c.var.db, session.id, nowIso(now))])
      }
    }
  }
  await next()
})

/** Sends a signed-out visitor to sign in, then back here; HTMX requests navigate fully. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.user) return next()
  const url = new URL(c.req.url)
  const next_ = c.req.method === 'GET' ? url.pathname + url.search : url.pathname
  return navigate(c, `/sign-in?next=${encodeURIComponent(next_)}`, 303, 401)
})
