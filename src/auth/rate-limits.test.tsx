import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { emailHash } from './accounts'
import { bcryptCallCount } from './password'
import { pepperKey } from './pepper'
import { clientNetwork, LIMITS, rateLimitKey } from './rate-limit'
import {
  deviceCookie,
  fillRateLimit,
  postForm,
  sessionToken,
  signIn,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { dom, one, text } from '../../test/html'
import { auditEvents, rateLimitKeys } from '../../test/sql'

const pepper = () => pepperKey(env.PEPPER)
const hashOf = async (email: string) => emailHash(await pepper(), email)
const WRONG = 'certainly not the password'

/** A learner with an account, and the IP they usually sign in from. */
async function learner(label: string) {
  const email = uniqueEmail(label)
  const password = strongPassword()
  const ip = uniqueIp()
  await signUp(email, password, ip)
  return { email, password, ip, hash: await hashOf(email) }
}

describe('rate limits on sign-in', () => {
  it('answers 429 with Retry-After and an HTML page, before any hashing, once one network has failed too often', async () => {
    const { email, password, ip, hash } = await learner('limited')
    await fillRateLimit(LIMITS.signInAccountIp, `${hash}:${clientNetwork(ip)}`)

    const before = bcryptCallCount()
    const res = await postForm('/sign-in', { email, password }, { ip })
    const html = await res.text()
    expect(res.status).toBe(429)
    expect(bcryptCallCount()).toBe(before)
    const retryAfter = Number(res.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.signInAccountIp.windowSeconds)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('Too many attempts')
    expect(sessionToken(res)).toBeUndefined()
    // Another network is not held back by this one's failures.
    expect((await postForm('/sign-in', { email, password }, { ip: uniqueIp() })).status).toBe(303)
  })

  it('answers an htmx sign-in over the limit with the message swapped into <main>', async () => {
    const { email, password, ip, hash } = await learner('limited-htmx')
    await fillRateLimit(LIMITS.signInAccountIp, `${hash}:${clientNetwork(ip)}`)
    const res = await postForm(
      '/sign-in',
      { email, password },
      { ip, headers: { 'HX-Request': 'true' } },
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

  it('cannot be turned against a learner: guesses from many addresses slow down, and the learner’s own browser gets in', async () => {
    const { email, password, ip, hash } = await learner('lockout')
    const device = deviceCookie((await signIn(email, password, ip)).res)
    expect(device).toMatch(/^__Host-dt_device=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/)
    // An attacker has spent the account's whole hourly ceiling from addresses all over.
    await fillRateLimit(LIMITS.signInAccount, hash)

    // Past the ceiling, untrusted guesses still reach bcrypt, but only one a minute.
    const first = await postForm('/sign-in', { email, password: WRONG }, { ip: uniqueIp() })
    expect(first.status).toBe(422)
    const before = bcryptCallCount()
    const second = await postForm('/sign-in', { email, password: WRONG }, { ip: uniqueIp() })
    expect(second.status).toBe(429)
    expect(bcryptCallCount()).toBe(before)
    expect(Number(second.headers.get('Retry-After'))).toBeLessThanOrEqual(60)

    // The learner's browser holds a device cookie for this account: its attempts have their own lane.
    const mine = await postForm('/sign-in', { email, password }, { ip: uniqueIp(), device })
    expect(mine.status).toBe(303)
    // A device cookie for another account earns nothing here.
    const other = await learner('other')
    const otherDevice = deviceCookie((await signIn(other.email, other.password, other.ip)).res)
    const borrowed = await postForm(
      '/sign-in',
      { email, password: WRONG },
      { ip: uniqueIp(), device: otherDevice },
    )
    expect(borrowed.status).toBe(429)
  })

  it('counts failures, not successes: signing in clears this client’s own failures', async () => {
    const { email, password, ip, hash } = await learner('success')
    const limit = LIMITS.signInAccountIp
    await fillRateLimit({ ...limit, max: limit.max - 1 }, `${hash}:${clientNetwork(ip)}`)
    // One attempt left, used well: the count is cleared, so later typos have the full allowance.
    expect((await postForm('/sign-in', { email, password }, { ip })).status).toBe(303)
    const before = bcryptCallCount()
    expect((await postForm('/sign-in', { email, password: WRONG }, { ip })).status).toBe(422)
    expect(bcryptCallCount()).toBe(before + 1)
  })

  it('backs off between repeated failures from one client', async () => {
    const { email, ip } = await learner('backoff')
    const statuses: number[] = []
    let refused: Response | undefined
    for (let i = 0; i < 8 && !refused; i++) {
      const before = bcryptCallCount()
      const res = await postForm('/sign-in', { email, password: WRONG }, { ip })
      statuses.push(res.status)
      if (res.status === 429) {
        expect(bcryptCallCount()).toBe(before)
        refused = res
      }
    }
    // Three failures are free; then each waits twice as long as the last.
    expect(statuses.slice(0, 3)).toEqual([422, 422, 422])
    expect(refused).toBeDefined()
    expect(statuses.length).toBeLessThanOrEqual(6)
    expect(Number(refused!.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1)
  })

  it('counts an IPv6 client by its /64', async () => {
    expect(clientNetwork('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
    expect(clientNetwork('2001:DB8:0001:0002::9')).toBe('2001:db8:1:2::/64')
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(clientNetwork('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(clientNetwork('203.0.113.9')).toBe('203.0.113.9')
    const { email, password, hash } = await learner('six')
    await fillRateLimit(LIMITS.signInAccountIp, `${hash}:2001:db8:77:1::/64`)
    const res = await postForm('/sign-in', { email, password }, { ip: '2001:db8:77:1:aaaa::42' })
    expect(res.status).toBe(429)
  })

  it('records a lockout in the audit log once per window, with the learner and no address', async () => {
    const { email, password, ip, hash } = await learner('audited')
    await fillRateLimit(LIMITS.signInAccountIp, `${hash}:${clientNetwork(ip)}`)
    expect((await postForm('/sign-in', { email, password }, { ip })).status).toBe(429)
    expect((await postForm('/sign-in', { email, password }, { ip })).status).toBe(429)
    const events = (await auditEvents((await userIdFor(email))!)).map((e) => e.event)
    expect(events.filter((e) => e === 'rate-limited')).toHaveLength(1)
    expect(JSON.stringify(await auditEvents())).not.toContain(ip)
  })

  it('keys counters on HMACs, never on the raw email or address', async () => {
    const email = uniqueEmail('keys')
    const ip = uniqueIp()
    await postForm('/sign-in', { email, password: 'whatever it is here' }, { ip })
    const keys = await rateLimitKeys()
    expect(keys.length).toBeGreaterThan(0)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(keys).toContain(await rateLimitKey(await pepper(), LIMITS.signInIp, clientNetwork(ip)))
  })
})

describe('rate limits on sign-up and recovery', () => {
  it('answers sign-up with 429 before any hashing once the per-network limit is reached', async () => {
    const ip = uniqueIp()
    const email = uniqueEmail('flood')
    const password = strongPassword()
    await fillRateLimit(LIMITS.signUpIp, clientNetwork(ip))

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

  it('slows untrusted recovery guesses past the account ceiling instead of refusing them all', async () => {
    const { email, hash } = await learner('recover-slow')
    await fillRateLimit(LIMITS.recoverAccount, hash)
    const password = strongPassword()
    const form = { email, code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG', password, confirm: password }
    expect((await postForm('/recover', form, { ip: uniqueIp() })).status).toBe(422)
    expect((await postForm('/recover', form, { ip: uniqueIp() })).status).toBe(429)
  })
})
