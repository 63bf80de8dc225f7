/**
 * Shared helpers for route tests: form posts with a same-origin Origin header, the session cookie
 * carried by hand, unique emails and client addresses, and a whole-database scan.
 */
import { env } from 'cloudflare:test'
import app from '../src/app'
import { emailHash } from '../src/auth/accounts'
import { pepperKey } from '../src/auth/pepper'

export const ORIGIN = 'http://localhost'
export const COOKIE_NAME = '__Host-dt_session'

type Env = typeof env

export type RequestOptions = {
  /** The session token to send as the `__Host-dt_session` cookie. */
  token?: string
  /** The client address (CF-Connecting-IP); rate-limit counters are keyed on it. */
  ip?: string
  headers?: Record<string, string>
  env?: Env
}

function headersFor(opts: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  if (opts.token) headers.Cookie = `${COOKIE_NAME}=${opts.token}`
  if (opts.ip) headers['CF-Connecting-IP'] = opts.ip
  return { ...headers, ...opts.headers }
}

/** A GET through the app. */
export function get(path: string, opts: RequestOptions = {}): Promise<Response> {
  return Promise.resolve(app.request(path, { headers: headersFor(opts) }, opts.env ?? env))
}

/**
 * A same-origin urlencoded form POST through the app. Pass pairs to repeat a key (checkboxes).
 * @example postForm('/sign-in', { email, password }, { ip })
 */
export function postForm(
  path: string,
  fields: Record<string, string> | [string, string][],
  opts: RequestOptions = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(
      path,
      {
        method: 'POST',
        headers: {
          Origin: ORIGIN,
          'Content-Type': 'application/x-www-form-urlencoded',
          ...headersFor(opts),
        },
        body: new URLSearchParams(fields).toString(),
      },
      opts.env ?? env,
    ),
  )
}

/** An email address no other test uses. Mixed case on purpose: the app must normalise it. */
export function uniqueEmail(label = 'learner'): string {
  return `${label}-${crypto.randomUUID()}@Example.com`
}

/** A client address no other test uses (IPv6, from the 2001:db8::/32 documentation range). */
export function uniqueIp(): string {
  const groups = Array.from(crypto.getRandomValues(new Uint16Array(6)), (n) => n.toString(16))
  return `2001:db8:${groups.join(':')}`
}

/** The session token a response sets, or undefined. */
export function sessionToken(res: Response): string | undefined {
  for (const cookie of res.headers.getSetCookie()) {
    const match = new RegExp(`^${COOKIE_NAME}=([^;]*)`).exec(cookie)
    if (match) return match[1]
  }
  return undefined
}

/** A password nobody has used, long enough for the rules. */
export function strongPassword(label = 'pw'): string {
  return `${label} correct horse ${crypto.randomUUID().slice(0, 8)}`
}

/** Signs up through the app and returns the session token (the sign-up must succeed). */
export async function signUp(
  email: string,
  password: string,
  ip: string,
): Promise<{ res: Response; token: string }> {
  const res = await postForm('/sign-up', { email, password, confirm: password }, { ip })
  const token = sessionToken(res)
  if (res.status !== 303 || !token)
    throw new Error(`sign-up failed with ${res.status}: ${await res.text()}`)
  return { res, token }
}

/** Signs in through the app; token is undefined when sign-in fails. */
export async function signIn(
  email: string,
  password: string,
  ip: string,
): Promise<{ res: Response; token?: string }> {
  const res = await postForm('/sign-in', { email, password }, { ip })
  return { res, token: sessionToken(res) }
}

/** The recovery code shown on /recovery-code (or /recovery-code?after=recovery). */
export async function shownRecoveryCode(token: string, path = '/recovery-code'): Promise<string> {
  const res = await get(path, { token })
  const html = await res.text()
  const match = /id="recovery-code">\s*([0-9A-Z-]+)\s*</.exec(html)
  if (res.status !== 200 || !match)
    throw new Error(`no recovery code on ${path} (status ${res.status})`)
  return match[1]!
}

/** The page with its per-request CSP nonce blanked out, for byte-for-byte comparisons. */
export function withoutNonce(html: string): string {
  return html.replace(/nonce="[^"]*"/g, 'nonce=""')
}

/** The text of the page's <title>. */
export function titleOf(html: string): string {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? ''
}

/** Every row of every table (SQLite's and D1's own included where readable), as one string. */
export async function wholeDatabaseText(): Promise<string> {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{
    name: string
  }>()
  const dump: Record<string, unknown[]> = {}
  for (const { name } of tables.results) {
    if (name.startsWith('_cf_')) continue // D1's internal metadata; not readable from a Worker
    const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all()
    dump[name] = rows.results
  }
  return JSON.stringify(dump)
}

/** The user id for an email, looked up the way the app does (by HMAC), or null. */
export async function userIdFor(email: string): Promise<string | null> {
  const hash = await emailHash(await pepperKey(env.PEPPER), email)
  const row = await env.DB.prepare('SELECT id FROM users WHERE email_hash = ?1')
    .bind(hash)
    .first<{ id: string }>()
  return row?.id ?? null
}
