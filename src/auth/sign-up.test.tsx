import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../lib/bytes'
import { emailHash } from './accounts'
import { normaliseEmail, pepperKey } from './pepper'
import {
  accountStatus,
  COOKIE_NAME,
  get,
  postForm,
  sessionToken,
  shownRecoveryCode,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { sessionRows, userRow, wholeDatabaseText } from '../../test/sql'

const pepper = () => pepperKey(env.PEPPER)

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

    const sessions = await sessionRows(userId)
    const user = await userRow(userId)
    expect(sessions).toHaveLength(1)
    for (const row of [...sessions, user!]) {
      for (const value of Object.values(row)) expect(String(value)).not.toContain(token)
    }
    expect(await wholeDatabaseText()).not.toContain(token)
    expect(sessions[0]!.id).toBe(await sha256Hex(token))
    expect(sessions[0]!.id).toMatch(/^[0-9a-f]{64}$/)
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
    expect((await userRow((await userIdFor(email))!))?.pending_recovery_ct).toBeNull()
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
