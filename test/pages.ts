/**
 * Checks for whole pages in route tests: a response is one of our full HTML pages, leaks no
 * internals, and shows the header a signed-in learner or a visitor should see.
 */
import { env } from 'cloudflare:test'
import { expect } from 'vitest'
import app from '../src/app'
import { all, dom, text } from './html'

export const FORM = 'application/x-www-form-urlencoded'

/** A urlencoded POST with whatever headers the test gives, and no helpful defaults. */
export function rawPost(
  path: string,
  body: string,
  headers: Record<string, string>,
  bindings = env,
): Promise<Response> {
  return Promise.resolve(
    app.request(
      path,
      { method: 'POST', headers: { 'Content-Type': FORM, ...headers }, body },
      bindings,
    ),
  )
}

/** Checks a response is one of our full HTML pages (layout and one h1), not a bare string. */
export function expectHtmlPage(res: Response, html: string) {
  expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
  const page = dom(html)
  expect(all(page, 'main#main')).toHaveLength(1)
  expect(all(page, 'h1')).toHaveLength(1)
}

/** The header's navigation links and buttons, by their text. */
export function headerNav(html: string): string[] {
  return all(dom(html), 'header nav a, header nav button').map(text)
}
export const SIGNED_IN_NAV = ['Workbook', 'Your tools', 'Account', 'Sign out']
export const SIGNED_OUT_NAV = ['Sign in', 'Create an account']

/** Signs of leaked internals: stack frames, exception names, SQL. */
export function expectNoInternals(html: string) {
  expect(html).not.toMatch(/^\s*at\s/m) // stack frame lines
  expect(html).not.toMatch(/\bat \S+ \(?\S+:\d+:\d+\)?/) // "at fn (file:line:col)"
  expect(html).not.toMatch(/\w*(Error|Exception):/) // "TypeError:", "HTTPException:"
  expect(html).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|SQLITE|D1_ERROR)\b/)
  expect(html).not.toMatch(/\.tsx?\b|node_modules/)
}
