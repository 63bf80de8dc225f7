import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../lib/bytes'
import { emailHash } from './accounts'
import { bcryptCallCount } from './password'
import { hmacHex, normaliseEmail, pepperKey } from './pepper'
import { LIMITS, rateLimitKey, type Limit } from './rate-limit'
import {
  COOKIE_NAME,
  get,
  postForm,
  sessionToken,
  shownRecoveryCode,
  signIn,
  signUp,
  strongPassword,
  titleOf,
  uniqueEmail,
  uniqueIp,
  userIdFor,
  wholeDatabaseText,
  withoutNonce,
} from '../../test/helpers'

const pepper = () => pepperKey(env.PEPPER)
const HOUR = 60 * 60 * 1000

async function sessionRow(token: string) {
  return env.DB.prepare('SELECT * FROM sessions WHERE id = ?1')
    .bind(await sha256Hex(token))
    .first<Record<string, string>>()
}

async function sessionCount(userId: string) {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?1')
    .bind(userId)
    .first<{ n: number }>()
  return row?.n ?? 0
}

/** Whether the token still opens /account (200) or is sent to sign in (303). */
async function accountStatus(token: string) {
  const res = await get('/account', { token })
  return { status: res.status, location: res.headers.get('Location'), html: await res.text() }
}

/** Fills a rate-limit counter to its maximum in the current window, so the next attempt is over. */
async function fillCounter(limit: Limit, identifier: string) {
  const key = await rateLimitKey(await pepper(), limit, identifier)
  // Do not fill a window about to close: the request that follows must land in the same one.
  const left = limit.windowSeconds - (Math.floor(Date.now() / 1000) % limit.windowSeconds)
  if (left <= 2) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 50))
  const seconds = Math.floor(Date.now() / 1000)
  const windowStart = seconds - (seconds % limit.windowSeconds)
  await env.DB.prepare(
    'INSERT OR REPLACE INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3)',
  )
    .bind(key, windowStart, limit.max)
    .run()
}

describe('sign-up', () => {
  it('creates an account, 303s to /recovery-code and sets a __Host- session cookie of 256 bits', async () => {
    const email = uniqueEmail('signup')
    const res = await postForm(
      '/sign-up',
      { email, password: strongPassword(), confirm: '' },
      { ip: uniqueIp() },
    )
    expect(res.status).toBe(422) // control: the missing confirmation is refused

    const password = strongPassword()
    const ok = await postForm(
      '/sign-up',
      { email, password, confirm: password },
      { ip: uniqueIp() },
    )
    expect(ok.status).toBe(303)
    expect(ok.headers.get('Location')).toBe('/recovery-code')
    expect(await userIdFor(email)).not.toBeNull()

    const cookies = ok.headers.getSetCookie()
    expect(cookies).toHaveLength(1)
    const cookie = cookies[0]!
    const [pair, ...attributes] = cookie.split(';').map((p) => p.trim())
    const attrs = attributes.map((a) => a.toLowerCase())
    expect(pair!.startsWith(`${COOKIE_NAME}=`)).toBe(true)
    expect(attrs).toContain('httponly')
    expect(attrs).toContain('secure')
    expect(attrs).toContain('samesite=lax')
    expect(attrs).toContain('path=/')
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false)

    const token = sessionToken(ok)!
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 43 base64url characters = 256 bits
    const bytes = Uint8Array.from(atob(token.replace(/-/g, '+').replace(/_/g, '/') + '='), (c) =>
      c.charCodeAt(0),
    )
    expect(bytes).toHaveLength(32)

    // The cookie opens the account.
    expect((await accountStatus(token)).status).toBe(200)
  })

  it('stores only the SHA-256 of the session token, never the token itself', async () => {
    const email = uniqueEmail('token')
    const { token } = await signUp(email, strongPassword(), uniqueIp())
    const userId = (await userIdFor(email))!

    const sessions = await env.DB.prepare('SELECT * FROM sessions WHERE user_id = ?1')
      .bind(userId)
      .all()
    const users = await env.DB.prepare('SELECT * FROM users WHERE id = ?1').bind(userId).all()
    expect(sessions.results).toHaveLength(1)
    for (const row of [...sessions.results, ...users.results]) {
      for (const value of Object.values(row)) expect(String(value)).not.toContain(token)
    }
    expect(await wholeDatabaseText()).not.toContain(token)
    expect(sessions.results[0]!.id).toBe(await sha256Hex(token))
    expect(sessions.results[0]!.id).toMatch(/^[0-9a-f]{64}$/)
  })

  it('leaves no plaintext email or recovery code anywhere in the database', async () => {
    const email = uniqueEmail('plain')
    const { token } = await signUp(email, strongPassword(), uniqueIp())
    const code = await shownRecoveryCode(token)
    const localPart = email.split('@')[0]!

    const everything = await wholeDatabaseText()
    expect(everything).toContain(await emailHash(await pepper(), email)) // the scan does see this user
    for (const secret of [
      email,
      normaliseEmail(email),
      localPart,
      localPart.toLowerCase(),
      code,
      code.replace(/-/g, ''),
    ]) {
      expect(everything.toLowerCase()).not.toContain(secret.toLowerCase())
    }
  })

  it('shows the recovery code once, and never again after it is marked saved', async () => {
    const email = uniqueEmail('once')
    const { token } = await signUp(email, strongPassword(), uniqueIp())
    const code = await shownRecoveryCode(token)
    expect(code.replace(/-/g, '')).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    // Shown again until acknowledged (a reload must not lose it).
    expect(await shownRecoveryCode(token)).toBe(code)

    const saved = await postForm('/recovery-code/saved', {}, { token })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('Location')).toBe('/')

    const after = await get('/recovery-code', { token })
    expect(after.status).toBe(303)
    expect(after.headers.get('Location')).toBe('/')
    expect(await after.text()).not.toContain(code)
    const row = await env.DB.prepare('SELECT pending_recovery_ct FROM users WHERE id = ?1')
      .bind(await userIdFor(email))
      .first()
    expect(row?.pending_recovery_ct).toBeNull()
  })

  it('refuses a second account for the same email, whatever its case', async () => {
    const email = uniqueEmail('twice')
    await signUp(email, strongPassword(), uniqueIp())
    const password = strongPassword()
    const res = await postForm(
      '/sign-up',
      { email: email.toUpperCase(), password, confirm: password },
      { ip: uniqueIp() },
    )
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('An account with this email address already exists')
    expect(sessionToken(res)).toBeUndefined()
  })
})

describe('sign-in', () => {
  it('gives identical responses for an unknown email and a wrong password', async () => {
    const email = uniqueEmail('same')
    const ip = uniqueIp()
    const unknown = await postForm(
      '/sign-in',
      { email, password: 'not the password at all' },
      { ip },
    )
    await signUp(email, strongPassword(), uniqueIp())
    const wrong = await postForm('/sign-in', { email, password: 'not the password at all' }, { ip })

    expect(unknown.status).toBe(422)
    expect(wrong.status).toBe(unknown.status)
    const unknownHtml = await unknown.text()
    expect(unknownHtml).toContain('The email address or password is not right')
    expect(withoutNonce(await wrong.text())).toBe(withoutNonce(unknownHtml))
    expect(sessionToken(unknown)).toBeUndefined()
    expect(sessionToken(wrong)).toBeUndefined()
  })

  it('opens a new session with a new id on every sign-in', async () => {
    const email = uniqueEmail('fresh')
    const password = strongPassword()
    const ip = uniqueIp()
    const { token: first } = await signUp(email, password, ip)
    const a = await signIn(email, password, ip)
    const b = await signIn(email, password, ip)
    expect(a.res.status).toBe(303)
    expect(b.res.status).toBe(303)
    expect(a.token).toBeTruthy()
    expect(b.token).toBeTruthy()
    expect(new Set([first, a.token, b.token]).size).toBe(3)

    const ids = await env.DB.prepare('SELECT id FROM sessions WHERE user_id = ?1')
      .bind(await userIdFor(email))
      .all<{ id: string }>()
    expect(ids.results.map((r) => r.id).sort()).toEqual(
      (await Promise.all([first, a.token!, b.token!].map(sha256Hex))).sort(),
    )
  })

  it('signs in with the email in any case, and returns to a safe next page', async () => {
    const email = uniqueEmail('next')
    const password = strongPassword()
    const ip = uniqueIp()
    await signUp(email, password, ip)
    const res = await postForm(
      '/sign-in',
      { email: `  ${email.toUpperCase()} `, password, next: '/account' },
      { ip },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account')
    const offsite = await postForm('/sign-in', { email, password, next: '//evil.example/' }, { ip })
    expect(offsite.headers.get('Location')).toBe('/')
  })
})

describe('sessions', () => {
  it('sign-out deletes the session on the server, and the old cookie no longer works', async () => {
    const email = uniqueEmail('signout')
    const ip = uniqueIp()
    const { token } = await signUp(email, strongPassword(), ip)
    expect(await sessionRow(token)).not.toBeNull()

    const res = await postForm('/sign-out', {}, { token, ip })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/signed-out')
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE_NAME}=`))
    expect(cleared).toBeDefined()
    expect(cleared!).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i)

    expect(await sessionRow(token)).toBeNull()
    const after = await accountStatus(token)
    expect(after.status).toBe(303)
    expect(after.location).toMatch(/^\/sign-in(\?|$)/)
  })

  it('rejects a session idle for 3 hours', async () => {
    const { token } = await signUp(uniqueEmail('idle'), strongPassword(), uniqueIp())
    expect((await accountStatus(token)).status).toBe(200)
    await env.DB.prepare('UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1')
      .bind(await sha256Hex(token), new Date(Date.now() - 3 * HOUR).toISOString())
      .run()
    const after = await accountStatus(token)
    expect(after.status).toBe(303)
    expect(after.location).toMatch(/^\/sign-in\?next=/)
  })

  it('rejects a session past its absolute expiry, however recently used', async () => {
    const { token } = await signUp(uniqueEmail('absolute'), strongPassword(), uniqueIp())
    expect((await accountStatus(token)).status).toBe(200)
    await env.DB.prepare('UPDATE sessions SET expires_at = ?2, last_seen_at = ?3 WHERE id = ?1')
      .bind(
        await sha256Hex(token),
        new Date(Date.now() - 1000).toISOString(),
        new Date().toISOString(),
      )
      .run()
    const after = await accountStatus(token)
    expect(after.status).toBe(303)
    expect(after.location).toMatch(/^\/sign-in\?next=/)
  })

  it('does not rewrite last_seen_at on a GET within 5 minutes, but does after', async () => {
    const { token } = await signUp(uniqueEmail('touch'), strongPassword(), uniqueIp())
    const id = await sha256Hex(token)
    const fourMinutesAgo = new Date(Date.now() - 4 * 60 * 1000).toISOString()
    await env.DB.prepare('UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1')
      .bind(id, fourMinutesAgo)
      .run()

    expect((await accountStatus(token)).status).toBe(200)
    expect((await sessionRow(token))?.last_seen_at).toBe(fourMinutesAgo)

    const sixMinutesAgo = new Date(Date.now() - 6 * 60 * 1000).toISOString()
    await env.DB.prepare('UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1')
      .bind(id, sixMinutesAgo)
      .run()
    expect((await accountStatus(token)).status).toBe(200)
    const touched = (await sessionRow(token))!.last_seen_at!
    expect(touched).not.toBe(sixMinutesAgo)
    expect(Date.now() - Date.parse(touched)).toBeLessThan(60 * 1000)
  })

  it('ignores a forged or malformed cookie', async () => {
    const forged = 'A'.repeat(43)
    expect((await accountStatus(forged)).status).toBe(303)
    expect((await accountStatus('short')).status).toBe(303)
  })
})

describe('form errors', () => {
  it('answers a malformed sign-up with 422, an error summary, an "Error: " title and the email kept', async () => {
    const password = 'secret-pass-that-must-not-echo'
    const res = await postForm(
      '/sign-up',
      { email: 'not-an-email', password, confirm: 'different' },
      { ip: uniqueIp() },
    )
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(html).toContain('There is a problem')
    expect(html).toMatch(/<a href="#email">Enter an email address in the correct format/)
    expect(html).toContain('href="#confirm"')
    expect(titleOf(html).startsWith('Error: ')).toBe(true)
    expect(html).toMatch(/<input[^>]*name="email"[^>]*value="not-an-email"/)
    expect(html).not.toContain(password)
    expect(html).not.toContain('value="different"')
    expect(html).toMatch(/<input[^>]*id="email"[^>]*aria-invalid="true"/)
  })

  it('answers an empty sign-in with 422 and a summary linking to both fields', async () => {
    const res = await postForm('/sign-in', { email: '', password: '' }, { ip: uniqueIp() })
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(html).toContain('<a href="#email">Enter your email address</a>')
    expect(html).toContain('<a href="#password">Enter your password</a>')
    expect(titleOf(html)).toMatch(/^Error: Sign in/)
  })

  it('keeps a typed email on a failed sign-in but never the password', async () => {
    const email = uniqueEmail('echo').toLowerCase()
    const password = 'wrong-password-do-not-echo'
    const html = await (await postForm('/sign-in', { email, password }, { ip: uniqueIp() })).text()
    expect(html).toContain(`value="${email}"`)
    expect(html).not.toContain(password)
  })

  it('a page without errors has a title without "Error: "', async () => {
    const html = await (await get('/sign-up')).text()
    expect(titleOf(html).startsWith('Error')).toBe(false)
    expect(html).not.toContain('There is a problem')
  })
})

describe('HTMX', () => {
  it('answers an invalid HTMX post with only the #auth-panel fragment, 422 and Vary: HX-Request', async () => {
    const res = await postForm(
      '/sign-up',
      { email: 'nope', password: 'short', confirm: 'short' },
      { ip: uniqueIp(), headers: { 'HX-Request': 'true' } },
    )
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(html.startsWith('<div id="auth-panel">')).toBe(true)
    expect(html).not.toMatch(/<html|<!DOCTYPE|<head|<main/i)
    expect(html).toContain('There is a problem')
    expect((res.headers.get('Vary') ?? '').split(',').map((v) => v.trim())).toContain('HX-Request')
  })

  it('answers the same invalid post without HX-Request with the full page', async () => {
    const res = await postForm(
      '/sign-up',
      { email: 'nope', password: 'short', confirm: 'short' },
      { ip: uniqueIp() },
    )
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('<div id="auth-panel">')
  })

  it('answers a valid HTMX sign-up with HX-Redirect: /recovery-code and the cookie', async () => {
    const email = uniqueEmail('htmx')
    const password = strongPassword()
    const res = await postForm(
      '/sign-up',
      { email, password, confirm: password },
      { ip: uniqueIp(), headers: { 'HX-Request': 'true' } },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('HX-Redirect')).toBe('/recovery-code')
    expect(res.headers.get('Location')).toBeNull()
    expect(sessionToken(res)).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})

describe('password rules', () => {
  const attempt = (password: string, confirm = password) =>
    postForm('/sign-up', { email: uniqueEmail('rules'), password, confirm }, { ip: uniqueIp() })

  it('refuses an 11-character password', async () => {
    const res = await attempt('abcdefghijk')
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Password must be 12 characters or more')
  })

  it('accepts a 12-character password', async () => {
    const res = await attempt('abcdefghijk7')
    expect(res.status).toBe(303)
  })

  it('accepts a 128-character password', async () => {
    const password = `${crypto.randomUUID()} `.repeat(4).slice(0, 128)
    expect(password).toHaveLength(128)
    const res = await attempt(password)
    expect(res.status).toBe(303)
  })

  it('refuses a common password with its message', async () => {
    const res = await attempt('qwertyuiopasdfgh')
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(
      'This password is one of the most common, so it is easy to guess. Choose a different one',
    )
  })

  it('refuses a mismatched confirmation', async () => {
    const res = await attempt(strongPassword('a'), strongPassword('b'))
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(html).toContain('<a href="#confirm">The passwords do not match</a>')
  })
})

describe('rate limits', () => {
  it('answers sign-in with 429, Retry-After and an HTML page, before any hashing, once the account limit is reached', async () => {
    const email = uniqueEmail('limited')
    const password = strongPassword()
    await signUp(email, password, uniqueIp())
    await fillCounter(LIMITS.signInAccount, await emailHash(await pepper(), email))

    const before = bcryptCallCount()
    const res = await postForm('/sign-in', { email, password }, { ip: uniqueIp() })
    const html = await res.text()
    expect(res.status).toBe(429)
    expect(bcryptCallCount()).toBe(before)
    const retryAfter = Number(res.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.signInAccount.windowSeconds)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('Too many attempts')
    expect(sessionToken(res)).toBeUndefined()
  })

  it('answers an htmx sign-in over the limit with the message swapped into <main>', async () => {
    const email = uniqueEmail('limited-htmx')
    const password = strongPassword()
    await signUp(email, password, uniqueIp())
    await fillCounter(LIMITS.signInAccount, await emailHash(await pepper(), email))
    const res = await postForm(
      '/sign-in',
      { email, password },
      { ip: uniqueIp(), headers: { 'HX-Request': 'true' } },
    )
    const html = await res.text()
    expect(res.status).toBe(429)
    expect(res.headers.get('HX-Retarget')).toBe('#main')
    expect(res.headers.get('HX-Reswap')).toBe('innerHTML')
    expect(html).not.toContain('<html')
    expect(html).toContain('<h1 tabindex="-1" autofocus="">Too many attempts</h1>')
  })

  it('counts every sign-in attempt: one under the limit still hashes', async () => {
    const email = uniqueEmail('under')
    const password = strongPassword()
    await signUp(email, password, uniqueIp())
    const limit = LIMITS.signInAccount
    await fillCounter({ ...limit, max: limit.max - 1 }, await emailHash(await pepper(), email))
    const before = bcryptCallCount()
    const res = await postForm('/sign-in', { email, password }, { ip: uniqueIp() })
    expect(res.status).toBe(303)
    expect(bcryptCallCount()).toBe(before + 1)
    const next = await postForm('/sign-in', { email, password }, { ip: uniqueIp() })
    expect(next.status).toBe(429)
  })

  it('answers sign-up with 429 before any hashing once the per-IP limit is reached', async () => {
    const ip = uniqueIp()
    const email = uniqueEmail('flood')
    const password = strongPassword()
    await fillCounter(LIMITS.signUpIp, ip)

    const before = bcryptCallCount()
    const res = await postForm('/sign-up', { email, password, confirm: password }, { ip })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1)
    expect(await res.text()).toContain('Too many attempts')
    expect(bcryptCallCount()).toBe(before)
    expect(await userIdFor(email)).toBeNull()

    // Another address is not affected.
    const other = await postForm(
      '/sign-up',
      { email, password, confirm: password },
      { ip: uniqueIp() },
    )
    expect(other.status).toBe(303)
  })

  it('keys counters on HMACs, never on the raw email or address', async () => {
    const email = uniqueEmail('keys')
    const ip = uniqueIp()
    await postForm('/sign-in', { email, password: 'whatever it is here' }, { ip })
    const keys = await env.DB.prepare('SELECT key FROM rate_limits').all<{ key: string }>()
    expect(keys.results.length).toBeGreaterThan(0)
    for (const { key } of keys.results) expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(keys.results.map((r) => r.key)).toContain(
      await rateLimitKey(await pepper(), LIMITS.signInIp, ip),
    )
  })
})

describe('password change', () => {
  it('keeps the data readable, retires the old password and signs out other sessions', async () => {
    const email = uniqueEmail('change')
    const ip = uniqueIp()
    const oldPassword = strongPassword('old')
    const newPassword = strongPassword('new')
    const { token: here } = await signUp(email, oldPassword, ip)
    const elsewhere = (await signIn(email, oldPassword, ip)).token!
    expect((await accountStatus(elsewhere)).status).toBe(200)

    const wrong = await postForm(
      '/account/password',
      { current: 'not my password at all', password: newPassword, confirm: newPassword },
      { token: here, ip },
    )
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('Your current password is not right')

    const res = await postForm(
      '/account/password',
      { current: oldPassword, password: newPassword, confirm: newPassword },
      { token: here, ip },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account?changed=password')

    // Other sessions are gone; this one carries on.
    expect(await sessionRow(elsewhere)).toBeNull()
    expect((await accountStatus(elsewhere)).status).toBe(303)
    expect((await accountStatus(here)).status).toBe(200)
    expect(await sessionCount((await userIdFor(email))!)).toBe(1)

    const fresh = await signIn(email, newPassword, ip)
    expect(fresh.res.status).toBe(303)
    const account = await accountStatus(fresh.token!)
    expect(account.status).toBe(200)
    expect(account.html).toContain(normaliseEmail(email))

    const old = await signIn(email, oldPassword, ip)
    expect(old.res.status).toBe(422)
    expect(old.token).toBeUndefined()
  }, 20_000) // several bcrypt runs of about 100 ms each; slow CI machines need headroom
})

describe('recovery', () => {
  it('resets the password with the recovery code, keeps the data readable and issues a new code', async () => {
    const email = uniqueEmail('recover')
    const ip = uniqueIp()
    const oldPassword = strongPassword('old')
    const newPassword = strongPassword('new')
    const { token: before } = await signUp(email, oldPassword, ip)
    const code = await shownRecoveryCode(before)
    await postForm('/recovery-code/saved', {}, { token: before })

    // Typed carelessly: lower case, spaces for hyphens.
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `
    const res = await postForm(
      '/recover',
      { email, code: typed, password: newPassword, confirm: newPassword },
      { ip },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/recovery-code?after=recovery')
    const token = sessionToken(res)!
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const newCode = await shownRecoveryCode(token, '/recovery-code?after=recovery')
    expect(newCode).not.toBe(code)
    // Every earlier session has ended.
    expect(await sessionRow(before)).toBeNull()

    const signedIn = await signIn(email, newPassword, ip)
    expect(signedIn.res.status).toBe(303)
    const account = await accountStatus(signedIn.token!)
    expect(account.status).toBe(200)
    expect(account.html).toContain(normaliseEmail(email))
    expect((await signIn(email, oldPassword, ip)).res.status).toBe(422)

    // The old code no longer unlocks anything; the new one does.
    const reused = await postForm(
      '/recover',
      { email, code, password: oldPassword, confirm: oldPassword },
      { ip },
    )
    expect(reused.status).toBe(422)
  }, 20_000) // several bcrypt runs of about 100 ms each; slow CI machines need headroom

  it('gives a wrong code exactly the same answer as an unknown email', async () => {
    const email = uniqueEmail('badcode')
    const ip = uniqueIp()
    const password = strongPassword()
    const form = { email, code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG', password, confirm: password }
    const unknown = await postForm('/recover', form, { ip })
    await signUp(email, strongPassword(), uniqueIp())
    const wrong = await postForm('/recover', form, { ip })

    expect(unknown.status).toBe(422)
    expect(wrong.status).toBe(422)
    const unknownHtml = await unknown.text()
    expect(unknownHtml).toContain('The email address or recovery code is not right')
    expect(withoutNonce(await wrong.text())).toBe(withoutNonce(unknownHtml))
    expect(sessionToken(wrong)).toBeUndefined()
  })
})

describe('the audit log', () => {
  it('records sign-up, sign-in, sign-in-failed and sign-out, with no email or address text', async () => {
    const email = uniqueEmail('audit')
    const ip = '203.0.113.77'
    const password = strongPassword()
    const { token } = await signUp(email, password, ip)
    expect((await signIn(email, 'a wrong password for sure', ip)).res.status).toBe(422)
    const { token: second } = await signIn(email, password, ip)
    expect((await postForm('/sign-out', {}, { token: second!, ip })).status).toBe(303)
    expect(token).toBeTruthy()

    const userId = (await userIdFor(email))!
    const rows = await env.DB.prepare('SELECT * FROM audit_events WHERE user_id = ?1 ORDER BY id')
      .bind(userId)
      .all<Record<string, unknown>>()
    expect(rows.results.map((r) => r.event)).toEqual([
      'sign-up',
      'sign-in-failed',
      'sign-in',
      'sign-out',
    ])

    const ipHash = await hmacHex(await pepper(), 'ip', ip)
    for (const row of rows.results) expect(row.ip_hash).toBe(ipHash)

    const all = JSON.stringify(
      (await env.DB.prepare('SELECT * FROM audit_events').all()).results,
    ).toLowerCase()
    for (const text of [email, normaliseEmail(email), email.split('@')[0]!, ip, '203.0.113']) {
      expect(all).not.toContain(text.toLowerCase())
    }
  })
})
