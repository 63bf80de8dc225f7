/**
 * Reading the page that holds a learner's words after a failed save (views/workbook/held-answer
 * NotSavedPanel): what it shows, and the form that sends them again.
 */
import { expect } from 'vitest'
import { all, dom, one, text } from './html'
import { expectHtmlPage, expectNoInternals } from './pages'

/** The held form: where it posts, and its fields, in order. */
export type HeldForm = { action: string; fields: [string, string][] }

/**
 * Checks a response is the calm 503 page holding the learner's words: a full page with no
 * internals, Retry-After, `words` shown, and a form that posts every one of `posted` again to
 * `action`. Returns the form, to send it again.
 */
export async function expectWordsHeld(
  res: Response,
  expected: { action: string; posted: Record<string, string>; words: string[] },
): Promise<HeldForm> {
  const html = await res.text()
  expect(res.status).toBe(503)
  expect(res.headers.get('Retry-After')).toBe('5')
  expectHtmlPage(res, html)
  expectNoInternals(html)
  const page = dom(html)
  expect(text(one(page, 'h1'))).toBe('We could not save your answer')
  const shown = text(one(page, '.dt-held'))
  for (const word of expected.words) expect(shown).toContain(word)
  const form = one(page, '#not-saved form')
  expect(form.getAttribute('action')).toBe(expected.action)
  const fields = all(form, 'input[type="hidden"]').map(
    (i) => [i.getAttribute('name') ?? '', i.getAttribute('value') ?? ''] as [string, string],
  )
  for (const [name, value] of Object.entries(expected.posted)) {
    expect(fields, `the held form carries ${name}`).toContainEqual([name, value])
  }
  return { action: expected.action, fields }
}
