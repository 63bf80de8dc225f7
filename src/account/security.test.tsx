/** The learner's own security log: newest first, a page at a time by keyset, nothing of others. */
import { describe, expect, it } from 'vitest'
import { get, signUp, strongPassword, uniqueEmail, uniqueIp, userIdFor } from '../../test/helpers'
import { all, dom, one, text } from '../../test/html'
import { insertSignIns } from '../../test/sql'
import { AUDIT_PAGE } from '../db/audit'

async function learnerWithEvents(signIns: number) {
  const email = uniqueEmail('security')
  const { token } = await signUp(email, strongPassword(), uniqueIp())
  const userId = (await userIdFor(email))!
  await insertSignIns(userId, signIns)
  return { token, userId }
}

async function page(token: string, path = '/account/security') {
  const res = await get(path, { token })
  const html = await res.text()
  return { res, html, root: dom(html) }
}

const rowsOf = (root: ReturnType<typeof dom>) =>
  all(root, 'table.dt-events tbody tr').map((tr) => all(tr, 'td').map(text))

describe('the security events page', () => {
  it('shows the learner’s events newest first, in words, with no addresses', async () => {
    const { token } = await learnerWithEvents(2)
    const { res, html, root } = await page(token)
    expect(res.status).toBe(200)
    const rows = rowsOf(root)
    // The sign-up happened last (the two sign-ins were recorded as an hour earlier).
    expect(rows.map((r) => r[1])).toEqual(['Account created', 'Signed in', 'Signed in'])
    expect(rows[0]![0]).toMatch(
      /^\w+ \d{1,2}, \d{4} at \d{2}:\d{2} UTC$|^\w+ \d{1,2}, \d{4}, \d{2}:\d{2} UTC$/,
    )
    expect(html).not.toContain('f'.repeat(64))
    expect(root.querySelector('a[href^="/account/security?before="]')).toBeNull()
  })

  it('pages back by the last id shown, without OFFSET, until the oldest', async () => {
    const { token } = await learnerWithEvents(AUDIT_PAGE + 5)
    const first = await page(token)
    expect(rowsOf(first.root)).toHaveLength(AUDIT_PAGE)
    const older = one(first.root, 'a[href^="/account/security?before="]').getAttribute('href')!
    const second = await page(token, older)
    const rest = rowsOf(second.root)
    // 25 sign-ins and the sign-up: 26 in all, 20 on the first page.
    expect(rest).toHaveLength(AUDIT_PAGE + 6 - AUDIT_PAGE)
    expect(second.root.querySelector('a[href^="/account/security?before="]')).toBeNull()
    expect(one(second.root, 'a[href="/account/security"]')).toBeTruthy()
  })

  it('never shows another learner’s events, and refuses a cursor that is not one', async () => {
    const a = await learnerWithEvents(0)
    const b = await learnerWithEvents(AUDIT_PAGE)
    expect(rowsOf((await page(a.token)).root)).toEqual([[expect.any(String), 'Account created']])
    const bOlder = one(
      (await page(b.token)).root,
      'a[href^="/account/security?before="]',
    ).getAttribute('href')!
    // Another learner's event as the cursor finds nothing: no rows of theirs, none of A's.
    const paged = await page(a.token, bOlder)
    expect(rowsOf(paged.root)).toEqual([])
    expect(text(paged.root)).toContain('There are no events older than these.')
    for (const bad of ['x', '0', '-1', '1e9', '99999999999999999999']) {
      expect((await get(`/account/security?before=${bad}`, { token: a.token })).status, bad).toBe(
        404,
      )
    }
  })

  it('asks a signed-out visitor to sign in', async () => {
    const res = await get('/account/security')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toMatch(/^\/sign-in/)
  })
})
