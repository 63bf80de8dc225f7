import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { hmacHex, normaliseEmail, pepperKey } from './pepper'
import {
  postForm,
  signIn,
  signUp,
  strongPassword,
  uniqueEmail,
  userIdFor,
} from '../../test/helpers'
import { auditEvents } from '../../test/sql'

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

    const rows = await auditEvents((await userIdFor(email))!)
    expect(rows.map((r) => r.event)).toEqual(['sign-up', 'sign-in-failed', 'sign-in', 'sign-out'])

    const ipHash = await hmacHex(await pepperKey(env.PEPPER), 'ip', ip)
    for (const row of rows) expect(row.ip_hash).toBe(ipHash)

    const all = JSON.stringify(await auditEvents()).toLowerCase()
    for (const text of [email, normaliseEmail(email), email.split('@')[0]!, ip, '203.0.113']) {
      expect(all).not.toContain(text.toLowerCase())
    }
  })
})
