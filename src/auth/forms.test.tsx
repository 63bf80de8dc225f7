import { describe, expect, it } from 'vitest'
import {
  get,
  postForm,
  sessionToken,
  strongPassword,
  uniqueEmail,
  uniqueIp,
} from '../../test/helpers'
import {
  all,
  dom,
  firstElement,
  fragmentTitle,
  one,
  summaryLinks,
  text,
  titleOf,
} from '../../test/html'

describe('form errors', () => {
  it('answers a malformed sign-up with 422, an error summary, an "Error: " title and the email kept', async () => {
    const password = 'secret-pass-that-must-not-echo'
    const res = await postForm(
      '/sign-up',
      { email: 'not-an-email', password, confirm: 'different' },
      { ip: uniqueIp() },
    )
    const html = await res.text()
    const page = dom(html)
    expect(res.status).toBe(422)
    expect(text(one(page, '#error-summary h2'))).toBe('There is a problem')
    const links = summaryLinks(html)
    expect(links[0]![0]).toBe('#email')
    expect(links[0]![1]).toMatch(/^Enter an email address in the correct format/)
    expect(links.map(([href]) => href)).toContain('#confirm')
    expect(titleOf(html).startsWith('Error: ')).toBe(true)
    const email = one(page, 'input[name="email"]')
    expect(email.getAttribute('value')).toBe('not-an-email')
    expect(email.id).toBe('email')
    expect(email.getAttribute('aria-invalid')).toBe('true')
    expect(html).not.toContain(password)
    expect(html).not.toContain('value="different"')
    for (const input of all(page, 'input[type="password"]')) {
      expect(input.hasAttribute('value')).toBe(false)
    }
  })

  it('answers an empty sign-in with 422 and a summary linking to both fields', async () => {
    const res = await postForm('/sign-in', { email: '', password: '' }, { ip: uniqueIp() })
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(summaryLinks(html)).toEqual([
      ['#email', 'Enter your email address'],
      ['#password', 'Enter your password'],
    ])
    expect(titleOf(html)).toMatch(/^Error: Sign in/)
  })

  it('keeps a typed email on a failed sign-in but never the password', async () => {
    const email = uniqueEmail('echo').toLowerCase()
    const password = 'wrong-password-do-not-echo'
    const html = await (await postForm('/sign-in', { email, password }, { ip: uniqueIp() })).text()
    expect(one(dom(html), 'input[name="email"]').getAttribute('value')).toBe(email)
    expect(html).not.toContain(password)
  })

  it('a page without errors has a title without "Error: "', async () => {
    const html = await (await get('/sign-up')).text()
    expect(titleOf(html).startsWith('Error')).toBe(false)
    expect(html).not.toContain('There is a problem')
    expect(dom(html).querySelector('#error-summary')).toBeNull()
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
    const root = firstElement(html)
    expect(root.tagName).toBe('DIV')
    expect(root.id).toBe('auth-panel')
    expect(fragmentTitle(html)).toBe('Error: Create an account – DreamTree')
    expect(
      html.startsWith('<title>Error: Create an account – DreamTree</title><div id="auth-panel">'),
    ).toBe(true)
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
    expect(one(dom(html), 'main #auth-panel')).toBeTruthy()
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

  it('asks for the confirmation in words that differ from its label', async () => {
    const res = await attempt(strongPassword('a'), '')
    const html = await res.text()
    expect(res.status).toBe(422)
    const error = text(one(dom(html), '#confirm-error')).replace(/^Error:\s*/, '')
    const label = text(one(dom(html), 'label[for="confirm"]'))
    expect(error).toBe('Enter the same password again, to confirm it')
    expect(error).not.toBe(label)
  })

  it('refuses a mismatched confirmation', async () => {
    const res = await attempt(strongPassword('a'), strongPassword('b'))
    const html = await res.text()
    expect(res.status).toBe(422)
    expect(summaryLinks(html)).toEqual([['#confirm', 'The passwords do not match']])
  })
})
