import { env } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { MAX_BODY_BYTES } from './app'
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
import {
  expectHtmlPage,
  expectNoInternals,
  headerNav,
  rawPost,
  SIGNED_IN_NAV,
  SIGNED_OUT_NAV,
} from '../test/pages'
import { failingAt } from '../test/sql'

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
