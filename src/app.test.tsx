import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import app, { MAX_BODY_BYTES } from './app'
import { bcryptCallCount } from './auth/password'
import {
  get,
  ORIGIN,
  postForm,
  strongPassword,
  uniqueEmail,
  uniqueIp,
  userIdFor,
} from '../test/helpers'

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
  expect(html).toContain('<main id="main"')
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1)
}

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
    const scriptNonces = [...html.matchAll(/<script\b[^>]*>/g)].map(
      (m) => /nonce="([^"]*)"/.exec(m[0])?.[1],
    )
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
  })

  it('sends the security headers on error pages too', async () => {
    const res = await get('/no/such/page')
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'self'")
    expect(res.headers.get('Strict-Transport-Security')).toContain('max-age=31536000')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
  })
})

describe('health', () => {
  it('answers GET /health with 200', async () => {
    const res = await get('/health')
    expect(res.status).toBe(200)
  })
})

describe('the layout', () => {
  it('has one polite live region, a skip link to #main, <main id="main">, lang="en" and deferred scripts', async () => {
    for (const path of ['/', '/sign-in', '/no/such/page']) {
      const html = await (await get(path)).text()
      const live = html.match(/aria-live="[^"]*"/g) ?? []
      expect(live, path).toEqual(['aria-live="polite"'])
      expect(html, path).toMatch(/<div id="dt-status"[^>]*role="status"[^>]*aria-live="polite"/)
      expect(html, path).toMatch(/<html lang="en">/)
      expect(html.match(/<main id="main"[\s>]/g), path).toHaveLength(1)

      const skip = html.search(/<a\b[^>]*href="#main"[^>]*>/)
      expect(skip, path).toBeGreaterThan(-1)
      // The skip link is the first link in the body.
      expect(skip, path).toBe(html.search(/<a\b/))

      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      expect(scripts, path).toHaveLength(2)
      for (const tag of scripts) expect(tag, path).toMatch(/\sdefer(=""|\s|>)/)
    }
  })
})
