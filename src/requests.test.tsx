import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import app, { MAX_BODY_BYTES } from './app'
import { bcryptCallCount } from './auth/password'
import {
  get,
  ORIGIN,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../test/helpers'
import { one, text } from '../test/html'
import { expectHtmlPage, expectNoInternals, FORM, rawPost } from '../test/pages'

describe('cross-site request forgery', () => {
  it('rejects a cross-site form post with 403', async () => {
    const email = uniqueEmail('csrf')
    const password = strongPassword()
    const res = await rawPost(
      '/sign-up',
      new URLSearchParams({ email, password, confirm: password }).toString(),
      {
        Origin: 'http://evil.example',
        'CF-Connecting-IP': uniqueIp(),
      },
    )
    const html = await res.text()
    expect(res.status).toBe(403)
    expectHtmlPage(res, html)
    expect(html).toContain('This request was blocked')
    expect(html).not.toContain('Forbidden') // hono's bare-text default
    expectNoInternals(html)
    // The handler never ran: no account was created.
    expect(await userIdFor(email)).toBeNull()
  })

  it('refuses a form post with no Origin but Sec-Fetch-Site: cross-site', async () => {
    const res = await rawPost('/sign-in', 'email=a%40example.com&password=x', {
      'Sec-Fetch-Site': 'cross-site',
      'CF-Connecting-IP': uniqueIp(),
    })
    expect(res.status).toBe(403)
    expectHtmlPage(res, await res.text())
  })

  it('refuses a form post with neither Origin nor Sec-Fetch-Site', async () => {
    const res = await rawPost('/sign-in', 'email=a%40example.com&password=x', {
      'CF-Connecting-IP': uniqueIp(),
    })
    expect(res.status).toBe(403)
  })

  it('lets a same-origin form post through, by Origin or by Sec-Fetch-Site', async () => {
    // An empty form reaches the handler and fails validation (422), which proves CSRF let it in.
    const byOrigin = await rawPost('/sign-in', '', {
      Origin: ORIGIN,
      'CF-Connecting-IP': uniqueIp(),
    })
    const bySite = await rawPost('/sign-in', '', {
      'Sec-Fetch-Site': 'same-origin',
      'CF-Connecting-IP': uniqueIp(),
    })
    expect(byOrigin.status).toBe(422)
    expect(bySite.status).toBe(422)
  })
})

describe('every unsafe request', () => {
  /** An unsafe request with exactly the headers given (and the learner's session cookie). */
  const send = (method: string, path: string, headers: Record<string, string>, token?: string) =>
    Promise.resolve(
      app.request(
        path,
        {
          method,
          headers: {
            'CF-Connecting-IP': uniqueIp(),
            ...(token ? { Cookie: `__Host-dt_session=${token}` } : {}),
            ...headers,
          },
          body: 'email=a%40example.com',
        },
        env,
      ),
    )
  const POSTS = app.routes
    .filter((r) => r.method === 'POST')
    .map((r) => r.path.replace(':exerciseId', 'ex-one').replace(':placementId', 'ex-one.first'))
  const ORIGINS: Record<string, string>[] = [
    { Origin: ORIGIN },
    { Origin: 'http://evil.example' },
    { 'Sec-Fetch-Site': 'cross-site' },
    { 'Sec-Fetch-Site': 'same-origin' },
    {},
  ]

  it('covers every POST route of the app', () => {
    expect(POSTS).toEqual(
      expect.arrayContaining([
        '/sign-up',
        '/sign-in',
        '/sign-out',
        '/recover',
        '/recovery-code/saved',
        '/account/password',
        '/workbook/ex-one/answers/ex-one.first',
      ]),
    )
  })

  it('refuses anything but a form with 415 on every POST route, whatever its origin, and acts on nothing', async () => {
    const { token } = await signUp(uniqueEmail('not-a-form'), strongPassword(), uniqueIp())
    for (const path of POSTS) {
      for (const type of ['application/json', 'text/plain', 'application/xml', undefined]) {
        for (const origin of ORIGINS) {
          const headers = { ...origin, ...(type ? { 'Content-Type': type } : {}) }
          const res = await send('POST', path, headers, token)
          expect(res.status, `${path} ${type} ${JSON.stringify(origin)}`).toBe(415)
        }
      }
    }
    // Nothing happened: still signed in, and the recovery code is still waiting to be seen.
    expect((await get('/account', { token })).status).toBe(200)
    expect((await get('/recovery-code', { token })).status).toBe(200)
    const page = await send('POST', '/sign-out', { 'Content-Type': 'application/json' }, token)
    expectHtmlPage(page, await page.text())
    // Four types by four origins for every POST route: a bounded loop that grows with the app.
  }, 30_000)

  it('refuses a cross-site form with 403 on every POST route, by Origin or by Sec-Fetch-Site', async () => {
    const { token } = await signUp(uniqueEmail('cross-site'), strongPassword(), uniqueIp())
    for (const path of POSTS) {
      for (const type of [FORM, 'multipart/form-data; boundary=x']) {
        const crossSite: Record<string, string>[] = [
          { Origin: 'http://evil.example' },
          { 'Sec-Fetch-Site': 'cross-site' },
          {},
        ]
        for (const origin of crossSite) {
          const res = await send('POST', path, { ...origin, 'Content-Type': type }, token)
          expect(res.status, `${path} ${type} ${JSON.stringify(origin)}`).toBe(403)
        }
      }
    }
    expect((await get('/account', { token })).status).toBe(200)
  }, 30_000)

  it('checks the origin of every unsafe method, not only POST', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const cross = await send(method, '/no/such/route', {
        Origin: 'http://evil.example',
        'Content-Type': FORM,
      })
      expect(cross.status, method).toBe(403)
      const json = await send(method, '/no/such/route', {
        Origin: ORIGIN,
        'Content-Type': 'application/json',
      })
      expect(json.status, method).toBe(415)
      const same = await send(method, '/no/such/route', { Origin: ORIGIN, 'Content-Type': FORM })
      expect(same.status, method).toBe(404)
    }
  })

  it('answers a malformed multipart body with 400 and an HTML page, never a 500', async () => {
    const res = await send('POST', '/sign-in', {
      Origin: ORIGIN,
      'Content-Type': 'multipart/form-data; boundary=----nothing-like-it',
    })
    const html = await res.text()
    expect(res.status).toBe(400)
    expectHtmlPage(res, html)
    expect(html).toContain('We could not read that request')
    expectNoInternals(html)
  })
})

describe('request size', () => {
  it('returns 413 as an HTML page for a body over MAX_BODY_BYTES', async () => {
    const body = `email=${'a'.repeat(MAX_BODY_BYTES)}`
    expect(body.length).toBeGreaterThan(MAX_BODY_BYTES)
    const before = bcryptCallCount()
    const res = await rawPost('/sign-in', body, { Origin: ORIGIN, 'CF-Connecting-IP': uniqueIp() })
    const html = await res.text()
    expect(res.status).toBe(413)
    expectHtmlPage(res, html)
    expect(html).toContain('That was too much to send at once')
    expectNoInternals(html)
    expect(bcryptCallCount()).toBe(before)
  })

  it('returns 413 for an oversized body even when it is streamed without a length', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(64 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const res = await app.request(
      '/sign-in',
      {
        method: 'POST',
        headers: { 'Content-Type': FORM, Origin: ORIGIN, 'CF-Connecting-IP': uniqueIp() },
        body: stream,
      },
      env,
    )
    expect(res.status).toBe(413)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
  })

  it('accepts a body just under the limit', async () => {
    const body = `note=${'a'.repeat(MAX_BODY_BYTES - 100)}`
    const res = await rawPost('/sign-in', body, { Origin: ORIGIN, 'CF-Connecting-IP': uniqueIp() })
    expect(res.status).toBe(422) // reached the handler, which wants an email and password
  })
})
