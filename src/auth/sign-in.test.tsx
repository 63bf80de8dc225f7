import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../lib/bytes'
import { HOSTILE_NEXT } from '../../test/hostile'
import {
  get,
  postForm,
  sessionToken,
  signIn,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
  withoutNonce,
} from '../../test/helpers'
import { sessionRows } from '../../test/sql'

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

    const ids = (await sessionRows((await userIdFor(email))!)).map((r) => String(r.id))
    expect(ids.sort()).toEqual(
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

  it('never sends a learner off the site through next: not when signed in, not after signing in', async () => {
    const email = uniqueEmail('next-table')
    const password = strongPassword()
    const { token } = await signUp(email, password, uniqueIp())
    for (const next of HOSTILE_NEXT) {
      const res = await get(`/sign-in?next=${encodeURIComponent(next)}`, { token })
      expect(res.status, JSON.stringify(next)).toBe(303)
      expect(res.headers.get('Location'), JSON.stringify(next)).toBe('/')
    }
    // After a sign-in, in the Location and in HX-Redirect; a CR or LF gives the same safe answer.
    for (const next of [
      '/\t/evil.example',
      '/\r\nSet-Cookie: x=y',
      '//evil.example/',
      '/%2F/evil',
    ]) {
      const plain = await postForm('/sign-in', { email, password, next }, { ip: uniqueIp() })
      expect(plain.status, JSON.stringify(next)).toBe(303)
      expect(plain.headers.get('Location')).toBe('/')
      const htmx = await postForm(
        '/sign-in',
        { email, password, next },
        { ip: uniqueIp(), headers: { 'HX-Request': 'true' } },
      )
      expect(htmx.headers.get('HX-Redirect')).toBe('/')
    }
  }, 30_000)
})
