import { env } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import app, { MAX_BODY_BYTES } from './app'
import { bcryptCallCount } from './auth/password'
import { LIMITS } from './auth/rate-limit'
import {
  fillRateLimit,
  get,
  ORIGIN,
  postForm,
  signUp,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../test/helpers'
import { all, dom, one, text } from '../test/html'
import { failingAt } from '../test/sql'

const FORM = 'application/x-www-form-urlencoded'

/** A urlencoded POST with whatever headers the test gives, and no helpful defaults. */
function rawPost(path: string, body: string, headers: Record<string, string>, bindings = env) {
  return Promise.resolve(
    app.request(
      path,
      { method: 'POST', headers: { 'Content-Type': FORM, ...headers }, body },
      bindings,
    ),
  )
}

/** Checks a response is one of our full HTML pages (layout and one h1), not a bare string. */
function expectHtmlPage(res: Response, html: string) {
  expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
  const page = dom(html)
  expect(all(page, 'main#main')).toHaveLength(1)
  expect(all(page, 'h1')).toHaveLength(1)
}

/** The header's navigation links and buttons, by their text. */
function headerNav(html: string): string[] {
  return all(dom(html), 'header nav a, header nav button').map(text)
}
const SIGNED_IN_NAV = ['Workbook', 'Account', 'Sign out']
const SIGNED_OUT_NAV = ['Sign in', 'Create an account']

/** Signs of leaked internals: stack frames, exception names, SQL. */
function expectNoInternals(html: string) {
  expect(html).not.toMatch(/^\s*at\s/m) // stack frame lines
  expect(html).not.toMatch(/\bat \S+ \(?\S+:\d+:\d+\)?/) // "at fn (file:line:col)"
  expect(html).not.toMatch(/\w*(Error|Exception):/) // "TypeError:", "HTTPException:"
  expect(html).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|SQLITE|D1_ERROR)\b/)
  expect(html).not.toMatch(/\.tsx?\b|node_modules/)
}

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
  })

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
  })

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

describe('error pages', () => {
  it('serves the 404 page as HTML with one h1 and no stack trace', async () => {
    const res = await get('/no/such/page')
    const html = await res.text()
    expect(res.status).toBe(404)
    expectHtmlPage(res, html)
    expect(html).toContain('Page not found')
    expectNoInternals(html)
  })

  it('quotes a reference on every error page, and the log line of a 500 carries the same one', async () => {
    const notFound = await (await get('/no/such/page')).text()
    const ref404 = text(one(dom(notFound), '.dt-reference .dt-code'))
    expect(ref404).toMatch(/^[0-9a-f]{12}$/)
    const again = text(
      one(dom(await (await get('/no/such/page')).text()), '.dt-reference .dt-code'),
    )
    expect(again).not.toBe(ref404)

    const logged: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      logged.push(String(line))
    })
    try {
      const res = await postForm(
        '/sign-in',
        { email: uniqueEmail('ref'), password: strongPassword() },
        { ip: uniqueIp(), env: { ...env, PEPPER: undefined as unknown as string } },
      )
      expect(res.status).toBe(500)
      const reference = text(one(dom(await res.text()), '.dt-reference .dt-code'))
      const line = JSON.parse(logged.find((l) => l.startsWith('{'))!)
      expect(line).toMatchObject({ level: 'error', kind: 'config', reference })
    } finally {
      spy.mockRestore()
    }
  })

  it('serves a real 500 (no PEPPER configured) as the generic HTML error page with no internals', async () => {
    const password = strongPassword()
    const res = await postForm(
      '/sign-in',
      { email: uniqueEmail('pepperless'), password },
      { ip: uniqueIp(), env: { ...env, PEPPER: undefined as unknown as string } },
    )
    const html = await res.text()
    expect(res.status).toBe(500)
    expectHtmlPage(res, html)
    expect(html).toContain('Sorry, something went wrong')
    expect(html).not.toContain('PEPPER')
    expect(html).not.toContain('Error:')
    expect(html).not.toContain('at ')
    expect(html).not.toContain('ConfigError')
    expect(html).not.toContain(password)
    expectNoInternals(html)
  })
})

describe('security headers', () => {
  it('sends a strict CSP whose script nonce matches the page and changes per request', async () => {
    const first = await get('/')
    const second = await get('/')
    const csp = first.headers.get('Content-Security-Policy') ?? ''
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name!, values] as const
      }),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    const scriptSrc = directives.get('script-src') ?? []
    expect(scriptSrc).not.toContain("'unsafe-inline'")
    expect(scriptSrc).not.toContain("'unsafe-eval'")
    const nonce = scriptSrc.map((v) => /^'nonce-(.+)'$/.exec(v)?.[1]).find(Boolean)
    expect(nonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/)

    const html = await first.text()
    const scriptNonces = all(dom(html), 'script').map((s) => s.getAttribute('nonce'))
    expect(scriptNonces.length).toBeGreaterThanOrEqual(2)
    expect(scriptNonces.every((n) => n === nonce)).toBe(true)

    const secondNonce = /'nonce-([^']+)'/.exec(
      second.headers.get('Content-Security-Policy') ?? '',
    )?.[1]
    expect(secondNonce).toBeTruthy()
    expect(secondNonce).not.toBe(nonce)
    expect(await second.text()).toContain(`nonce="${secondNonce}"`)
  })

  it('sends HSTS for a year, nosniff, a referrer policy, COOP, no-store and Vary: HX-Request', async () => {
    const res = await get('/')
    expect(res.headers.get('Strict-Transport-Security')).toMatch(/(^|;\s*)max-age=31536000\b/)
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(res.headers.get('Referrer-Policy')).toMatch(
      /^(same-origin|strict-origin|strict-origin-when-cross-origin|no-referrer)$/,
    )
    expect(res.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect((res.headers.get('Vary') ?? '').split(',').map((v) => v.trim())).toContain('HX-Request')
    const permissions = res.headers.get('Permissions-Policy') ?? ''
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
      expect(permissions).toContain(`${feature}=()`)
    }
  })

  it('sends the security headers on error pages too', async () => {
    const res = await get('/no/such/page')
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'self'")
    expect(res.headers.get('Strict-Transport-Security')).toContain('max-age=31536000')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
  })
})

describe('the layout', () => {
  it('has one polite live region, a skip link to #main, <main id="main">, lang="en" and deferred scripts', async () => {
    for (const path of ['/', '/sign-in', '/no/such/page']) {
      const html = await (await get(path)).text()
      const page = dom(html)
      const live = all(page, '[aria-live]')
      expect(
        live.map((e) => e.getAttribute('aria-live')),
        path,
      ).toEqual(['polite'])
      expect(live[0]!.id, path).toBe('dt-status')
      expect(live[0]!.getAttribute('role'), path).toBe('status')
      expect(one(page, 'html').getAttribute('lang'), path).toBe('en')
      expect(all(page, 'main#main'), path).toHaveLength(1)

      // The skip link is the first link in the body, and points at <main>.
      const links = all(page, 'body a')
      expect(links[0]?.getAttribute('href'), path).toBe('#main')

      const scripts = all(page, 'script')
      expect(scripts, path).toHaveLength(2)
      for (const tag of scripts) expect(tag.hasAttribute('defer'), path).toBe(true)
    }
  })

  it('shows a signed-in learner their own header on every page, error pages too', async () => {
    const email = uniqueEmail('shell')
    const { token } = await signUp(email, strongPassword(), uniqueIp())
    const signedOut = await (await get('/no/such/page')).text()
    expect(headerNav(signedOut)).toEqual(SIGNED_OUT_NAV)

    const notFound = await get('/no/such/page', { token })
    expect(notFound.status).toBe(404)
    expect(headerNav(await notFound.text())).toEqual(SIGNED_IN_NAV)

    // 403: a same-site post that lost its Origin (a privacy tool can strip it).
    const forbidden = await rawPost('/sign-out', '', {
      Cookie: `__Host-dt_session=${token}`,
      'CF-Connecting-IP': uniqueIp(),
    })
    expect(forbidden.status).toBe(403)
    expect(headerNav(await forbidden.text())).toEqual(SIGNED_IN_NAV)

    const tooLarge = await rawPost('/account/password', `current=${'a'.repeat(MAX_BODY_BYTES)}`, {
      Origin: ORIGIN,
      Cookie: `__Host-dt_session=${token}`,
      'CF-Connecting-IP': uniqueIp(),
    })
    expect(tooLarge.status).toBe(413)
    expect(headerNav(await tooLarge.text())).toEqual(SIGNED_IN_NAV)

    await fillRateLimit(LIMITS.passwordChangeAccount, (await userIdFor(email))!)
    const password = strongPassword()
    const limited = await postForm(
      '/account/password',
      { current: 'whatever it was', password, confirm: password },
      { token, ip: uniqueIp() },
    )
    expect(limited.status).toBe(429)
    expect(headerNav(await limited.text())).toEqual(SIGNED_IN_NAV)

    // 500: the database fails under a signed-in request, after the session was read.
    const failing = { ...env, DB: failingAt(env.DB, { batch: 1, statement: 0 }) }
    const broken = await get('/workbook/contents', { token, env: failing })
    expect(broken.status).toBe(500)
    expect(headerNav(await broken.text())).toEqual(SIGNED_IN_NAV)
  })
})

describe('Vary: HX-Request', () => {
  const varies = (res: Response) => (res.headers.get('Vary') ?? '').split(',').map((v) => v.trim())

  it('is sent where the answer differs for htmx: sign-in redirects and held saves', async () => {
    // requireUser: a redirect for a browser, HX-Redirect for htmx.
    const plain = await get('/workbook')
    const htmx = await get('/workbook', { headers: { 'HX-Request': 'true' } })
    expect(plain.status).toBe(303)
    expect(htmx.status).toBe(401)
    expect(htmx.headers.get('HX-Redirect')).toBe('/sign-in?next=%2Fworkbook')
    expect(varies(plain)).toContain('HX-Request')
    expect(varies(htmx)).toContain('HX-Request')
  })
})
