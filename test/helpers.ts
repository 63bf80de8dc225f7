/**
 * Shared helpers for route tests: form posts with a same-origin Origin header, the session cookie
 * carried by hand, and unique emails and client addresses. Raw SQL lives in test/sql.ts, HTML
 * parsing in test/html.ts.
 */
import { env } from 'cloudflare:test'
import app from '../src/app'
import { emailHash } from '../src/auth/accounts'
import { pepperKey } from '../src/auth/pepper'
import { rateLimitKey, type Limit } from '../src/auth/rate-limit'
import { dom, one, text } from './html'
import { setRateLimit, userIdByEmailHash } from './sql'

export const ORIGIN = 'http://localhost'
export const COOKIE_NAME = '__Host-dt_session'

type Env = typeof env

export type RequestOptions = {
  /** The session token to send as the `__Host-dt_session` cookie. */
  token?: string
  /** A device cookie to send, as `name=value` (see `deviceCookie`). */
  device?: string
  /** The client address (CF-Connecting-IP); rate-limit counters are keyed on it. */
  ip?: string
  headers?: Record<string, string>
  env?: Env
}

function headersFor(opts: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const cookies = [opts.token ? `${COOKIE_NAME}=${opts.token}` : '', opts.device ?? ''].filter(
    Boolean,
  )
  if (cookies.length) headers.Cookie = cookies.join('; ')
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

/**
 * A same-origin multipart POST with one file, as a browser sends a file upload.
 * @example postFile('/account/import', 'file', 'export.json', json, { token })
 */
export function postFile(
  path: string,
  field: string,
  file: { name: string; content: string | Uint8Array; type?: string } | null,
  opts: RequestOptions = {},
): Promise<Response> {
  const body = new FormData()
  if (file) {
    body.append(
      field,
      new File([file.content], file.name, { type: file.type ?? 'application/json' }),
    )
  } else body.append(field, new File([], '', { type: 'application/octet-stream' }))
  return Promise.resolve(
    app.request(
      path,
      { method: 'POST', headers: { Origin: ORIGIN, ...headersFor(opts) }, body },
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

export const DEVICE_COOKIE = '__Host-dt_device'

/** The device cookie a response sets (`name=value`), or undefined. */
export function deviceCookie(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${DEVICE_COOKIE}=`))
    ?.split(';')[0]
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

/** A learner who has just signed up through the app: their details, session and id. */
export type NewLearner = {
  email: string
  password: string
  ip: string
  token: string
  userId: string
}

/**
 * Signs a new learner up, with a unique email, password and client address.
 * @example const a = await newLearner('export')
 */
export async function newLearner(label = 'learner'): Promise<NewLearner> {
  const email = uniqueEmail(label)
  const password = strongPassword(label)
  const ip = uniqueIp()
  const { token } = await signUp(email, password, ip)
  return { email, password, ip, token, userId: (await userIdFor(email))! }
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
  if (res.status !== 200) throw new Error(`no recovery code on ${path} (status ${res.status})`)
  const code = text(one(dom(html), '#recovery-code'))
  if (!/^[0-9A-Z-]+$/.test(code)) throw new Error(`not a recovery code: ${code}`)
  return code
}

/** The page with its per-request CSP nonce blanked out, for byte-for-byte comparisons. */
export function withoutNonce(html: string): string {
  return html.replace(/nonce="[^"]*"/g, 'nonce=""')
}

/** The user id for an email, looked up the way the app does (by HMAC), or null. */
export async function userIdFor(email: string): Promise<string | null> {
  return userIdByEmailHash(await emailHash(await pepperKey(env.PEPPER), email))
}

/** Whether the token still opens /account (200) or is sent to sign in (303). */
export async function accountStatus(token: string) {
  const res = await get('/account', { token })
  return { status: res.status, location: res.headers.get('Location'), html: await res.text() }
}

/** Fills a rate-limit counter to its maximum in the current window, so the next attempt is over. */
export async function fillRateLimit(limit: Limit, identifier: string) {
  const key = await rateLimitKey(await pepperKey(env.PEPPER), limit, identifier)
  // Do not fill a window about to close: the request that follows must land in the same one.
  const left = limit.windowSeconds - (Math.floor(Date.now() / 1000) % limit.windowSeconds)
  if (left <= 2) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 50))
  const seconds = Math.floor(Date.now() / 1000)
  await setRateLimit(key, seconds - (seconds % limit.windowSeconds), limit.max)
}
