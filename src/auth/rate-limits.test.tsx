import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { emailHash } from './accounts'
import { bcryptCallCount } from './password'
import { pepperKey } from './pepper'
import { LIMITS, rateLimitKey } from './rate-limit'
import {
  fillRateLimit,
  postForm,
  sessionToken,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { dom, one, text } from '../../test/html'
import { rateLimitKeys } from '../../test/sql'

const pepper = () => pepperKey(env.PEPPER)

describe('rate limits', () => {
  it('answers sign-in with 429, Retry-After and an HTML page, before any hashing, once the account limit is reached', async () => {
    const email = uniqueEmail('limited')
    const password = strongPassword()
    await signUp(email, password, uniqueIp())
    await fillRateLimit(LIMITS.signInAccount, await emailHash(await pepper(), email))

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
    await fillRateLimit(LIMITS.signInAccount, await emailHash(await pepper(), email))
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
    const heading = one(dom(html), 'h1')
    expect(text(heading)).toBe('Too many attempts')
    expect(heading.getAttribute('tabindex')).toBe('-1')
    expect(heading.hasAttribute('autofocus')).toBe(true)
  })

  it('counts every sign-in attempt: one under the limit still hashes', async () => {
    const email = uniqueEmail('under')
    const password = strongPassword()
    await signUp(email, password, uniqueIp())
    const limit = LIMITS.signInAccount
    await fillRateLimit({ ...limit, max: limit.max - 1 }, await emailHash(await pepper(), email))
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
    await fillRateLimit(LIMITS.signUpIp, ip)

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
    const keys = await rateLimitKeys()
    expect(keys.length).toBeGreaterThan(0)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(keys).toContain(await rateLimitKey(await pepper(), LIMITS.signInIp, ip))
  })
})
