/**
 * Deleting the account (issue 12, section 5): the password again, a plain confirmation, then
 * everything of the learner goes in one batch. A learner who wrote through the real routes into
 * every kind of block leaves no value anywhere in the database that holds their user id, their
 * email hash or their words; another learner keeps every row and their session.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Placement } from '../content'
import { emailHash } from '../auth/accounts'
import { pepperKey } from '../auth/pepper'
import { clientNetwork, LIMITS, rateLimitKey, type Limit } from '../auth/rate-limit'
import { connectionWriters, loadRealWorkbook, realWorkbook } from '../../test/connection-writers'
import {
  accountStatus,
  deviceCookie,
  fillRateLimit,
  get,
  type NewLearner,
  newLearner,
  postFile,
  postForm,
  sessionToken,
  shownRecoveryCode,
  signIn,
  signUp,
  strongPassword,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { all, dom, one, text } from '../../test/html'
import { expectHtmlPage, rawPost } from '../../test/pages'
import {
  anonymousDeletions,
  answeredBefore,
  insertToolRows,
  iso,
  rateLimitKeys,
  rowsOwnedBy,
  setSessionConfirmedAt,
  valuesContaining,
} from '../../test/sql'
import { realReference } from '../../test/tool-fixture'

const workbook = realWorkbook()
const writers = connectionWriters(workbook, realReference())

beforeAll(async () => {
  await loadRealWorkbook()
})

const kindOf = (p: Placement) =>
  p.kind === 'tool' ? p.config.tool : p.kind === 'prompt' ? p.config.prompt : 'content'

const SKIPPED = ['content', 'skill-mastery', 'idea-tree']
const seq = new Map(workbook.exercises.map((e) => [e.id, e.seq]))

/**
 * The first placement of each kind (every prompt kind, every tool) in the real workbook, in walk
 * order, so each is written before anything later is marked answered.
 */
function oneOfEachKind(): string[] {
  const seen = new Map<string, string>()
  const walk = [...workbook.placements].sort(
    (a, b) => seq.get(a.exerciseId)! - seq.get(b.exerciseId)! || a.ordinal - b.ordinal,
  )
  for (const p of walk) {
    const kind = kindOf(p)
    if (kind !== 'content' && !SKIPPED.includes(kind) && !seen.has(kind)) seen.set(kind, p.id)
  }
  return [...seen.values()]
}

type Learner = NewLearner

/**
 * Writes marker text into each of `placements` (in walk order) through the real save routes.
 * Everything before each is marked answered except the placements written here, so none of them
 * holds a stand-in answer when its turn comes. The skill mastery is left out: its writer tags
 * at every tagger before it again, which a finished tagger refuses.
 */
async function writeInto(who: Learner, placements: string[], marker: string) {
  for (const id of placements) {
    await answeredBefore(who.userId, id, placements)
    await writers.writeSource(who.token, id, marker, { before: id })
  }
}

/** Steps 1 and 2: the password on the delete page, then on to the confirmation. */
async function confirmWithPassword(who: Learner) {
  const res = await postForm('/account/delete', { password: who.password }, { token: who.token })
  expect(res.status).toBe(303)
  expect(res.headers.get('Location')).toBe('/account/delete/confirm')
}

const deleteNow = (who: Learner, device?: string) =>
  postForm('/account/delete/confirm', {}, { token: who.token, ip: who.ip, device })

describe('deleting the account', () => {
  it('deletes every row of the learner in every table, so nothing anywhere holds their id, email hash or words', async () => {
    const marker = `Ünïcødé-🌳-${crypto.randomUUID().slice(0, 8)}`
    const a = await newLearner('delete-a')
    const b = await newLearner('delete-b')
    await writeInto(a, oneOfEachKind(), marker)
    await writeInto(b, oneOfEachKind().slice(0, 3), `${marker}-kept`)
    // A recovery through the route: a recovery claim, and a new password and session.
    const code = await shownRecoveryCode(a.token)
    a.password = strongPassword('new')
    const recovered = await postForm(
      '/recover',
      { email: a.email, code, password: a.password, confirm: a.password },
      { ip: a.ip },
    )
    expect(recovered.status).toBe(303)
    a.token = sessionToken(recovered)!
    // Counters of every kind keyed to A: a sign-in that earns the device cookie, then a wrong
    // password from this device (the device lane) and one without it (account and network),
    // a wrong password check (per user), and the saves above (per user).
    const signedIn = await signIn(a.email, a.password, a.ip)
    const device = deviceCookie(signedIn.res)!
    await postForm('/sign-in', { email: a.email, password: 'not it at all' }, { ip: a.ip, device })
    await postForm('/sign-in', { email: a.email, password: 'not it at all' }, { ip: a.ip })
    await postForm('/account/delete', { password: 'not it either' }, { token: a.token })
    // An import uploaded and never confirmed: its staged file goes too.
    const exported = await get('/account/export.json', { token: a.token })
    expect(
      (
        await postFile(
          '/account/import',
          'file',
          { name: 'export.json', content: await exported.text() },
          { token: a.token },
        )
      ).status,
    ).toBe(303)
    // The tables the route writers above leave empty (the mastery and the idea tree are not
    // written: their writers expect a learner with nothing before them), as stand-in rows.
    await insertToolRows(a.userId, 'idea-trees.tree', [
      'skill_mastery',
      'story_skills',
      'idea_nodes',
    ])

    const owned = await rowsOwnedBy(a.userId)
    const empty = Object.entries(owned).filter(([, rows]) => rows.length === 0)
    expect(
      empty.map(([t]) => t),
      'tables where A has no row to delete',
    ).toEqual([])
    const pepper = await pepperKey(env.PEPPER)
    const hash = await emailHash(pepper, a.email)
    const deviceId = /=([^.]+)\./.exec(device)![1]!
    const network = clientNetwork(a.ip)
    const countersOfA: [Limit, string][] = [
      [LIMITS.confirmAccount, a.userId],
      [LIMITS.saveUser, a.userId],
      [LIMITS.signInAccount, hash],
      [LIMITS.recoverAccount, hash],
      [LIMITS.signInAccountIp, `${hash}:${network}`],
      [LIMITS.recoverAccountIp, `${hash}:${network}`],
      [LIMITS.signInDevice, `${hash}:${deviceId}`],
    ]
    const keysOfA = await Promise.all(countersOfA.map(([l, id]) => rateLimitKey(pepper, l, id)))
    expect(await rateLimitKeys()).toEqual(expect.arrayContaining(keysOfA))
    const needles = [a.userId, hash, marker, a.email.toLowerCase()]
    // Before: the id and the email hash are in many places; the words and the email never are,
    // being encrypted.
    const before = new Set((await valuesContaining(needles)).map((f) => f.needle))
    expect(before).toEqual(new Set([a.userId, hash]))
    const kept = await rowsOwnedBy(b.userId)
    const logged = await anonymousDeletions()

    await confirmWithPassword(a)
    const res = await deleteNow(a, device)

    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/goodbye')
    expect(res.headers.get('Clear-Site-Data')).toBe('"cache", "storage"')
    const cleared = res.headers.getSetCookie()
    expect(cleared.some((c) => /dt_session=;/.test(c) && /Max-Age=0/.test(c))).toBe(true)
    expect(cleared.some((c) => /dt_device=;/.test(c) && /Max-Age=0/.test(c))).toBe(true)
    // Nothing, in any column of any row of any table, names A or holds their words.
    expect(await valuesContaining(needles)).toEqual([])
    const left = new Set(await rateLimitKeys())
    expect(keysOfA.filter((k) => left.has(k))).toEqual([])
    // One anonymous row says that an account was deleted, and nothing of whose.
    expect(await anonymousDeletions()).toBe(logged + 1)
    // B keeps every row, and their session still opens their account.
    expect(await rowsOwnedBy(b.userId)).toEqual(kept)
    expect((await accountStatus(b.token)).status).toBe(200)
    const page = await get('/tools', { token: b.token })
    expect(await page.text()).toContain(`${marker}-kept`)
  }, 120_000)

  it('leaves a cookie that opens nothing, an email and password that sign in to nothing, and the email free to sign up again', async () => {
    const a = await newLearner('delete-after')
    await confirmWithPassword(a)
    expect((await deleteNow(a)).status).toBe(303)
    for (const path of ['/account', '/account/delete', '/tools', '/workbook', '/recovery-code']) {
      const res = await get(path, { token: a.token })
      expect(res.status, path).toBe(303)
      expect(res.headers.get('Location'), path).toMatch(/^\/sign-in\?next=/)
    }
    const again = await signIn(a.email, a.password, uniqueIp())
    expect(again.res.status).toBe(422)
    expect(again.token).toBeUndefined()
    const fresh = await signUp(a.email, a.password, uniqueIp())
    expect((await accountStatus(fresh.token)).status).toBe(200)
    expect(await userIdFor(a.email)).not.toBe(a.userId)
  })

  it('shows a calm goodbye page, signed out', async () => {
    const res = await get('/goodbye')
    const html = await res.text()
    expect(res.status).toBe(200)
    expectHtmlPage(res, html)
    const root = dom(html)
    expect(text(one(root, 'h1'))).toBe('Your account has been deleted')
    expect(one(root, 'main a[href="/"]')).toBeTruthy()
    expect(text(one(root, 'main'))).not.toContain('!')
  })
})

describe('the steps before it', () => {
  it('explains what deletion does, offers the export first, and asks for the password', async () => {
    const a = await newLearner('delete-page')
    const account = dom(await (await get('/account', { token: a.token })).text())
    expect(one(account, 'main a[href="/account/delete"]')).toBeTruthy()
    const res = await get('/account/delete', { token: a.token })
    const root = dom(await res.text())
    expect(res.status).toBe(200)
    expect(text(one(root, 'h1'))).toBe('Delete your account')
    expect(text(one(root, 'main'))).toContain('It cannot be undone')
    const links = all(root, 'main a').map((l) => l.getAttribute('href'))
    expect(links).toEqual(
      expect.arrayContaining(['/account/export.zip', '/account/export.json', '/account/print']),
    )
    const form = one(root, 'form[action="/account/delete"]')
    expect(form.getAttribute('method')).toBe('post')
    expect(one(form, 'input[type="password"][name="password"]')).toBeTruthy()
  })

  it('answers a wrong or empty password with 422 and an error summary, and deletes nothing', async () => {
    const a = await newLearner('delete-wrong')
    const before = await rowsOwnedBy(a.userId)
    for (const [password, message] of [
      ['not my password', 'The password is not right'],
      ['', 'Enter your password'],
    ]) {
      const res = await postForm('/account/delete', { password: password! }, { token: a.token })
      const html = await res.text()
      expect(res.status).toBe(422)
      const root = dom(html)
      expect(text(one(root, 'title'))).toMatch(/^Error: /)
      const summary = one(root, '.dt-error-summary')
      expect(text(summary)).toContain(message)
      expect(one(summary, 'a[href="#password"]')).toBeTruthy()
    }
    expect(await rowsOwnedBy(a.userId)).toEqual(before)
  })

  it('pauses password checks after too many, with the too-many-attempts page', async () => {
    const a = await newLearner('delete-limited')
    await fillRateLimit(LIMITS.confirmAccount, a.userId)
    const res = await postForm('/account/delete', { password: a.password }, { token: a.token })
    expect(res.status).toBe(429)
    expect(await res.text()).toContain('Too many attempts')
    expect((await accountStatus(a.token)).status).toBe(200)
  })

  it('shows a confirmation with a real form button and a way back, and no script', async () => {
    const a = await newLearner('delete-confirm')
    await confirmWithPassword(a)
    const res = await get('/account/delete/confirm', { token: a.token })
    const html = await res.text()
    expect(res.status).toBe(200)
    const root = dom(html)
    const form = one(root, 'form[action="/account/delete/confirm"]')
    expect(form.getAttribute('method')).toBe('post')
    expect(text(one(form, 'button[type="submit"]'))).toBe('Delete my account and everything in it')
    expect(text(one(root, 'main a[href="/account"]'))).toBe('Keep my account')
    expect(one(root, 'main a[href="/account/export.zip"]')).toBeTruthy()
    expect(html).not.toMatch(/confirm\(|onclick|onsubmit/)
  })

  it('sends a stale confirmation back to the password check, and deletes nothing', async () => {
    const a = await newLearner('delete-stale')
    await setSessionConfirmedAt(a.token, iso(-11 * 60 * 1000))
    const before = await rowsOwnedBy(a.userId)
    const res = await deleteNow(a)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account/confirm?next=%2Faccount%2Fdelete')
    const page = await get('/account/delete/confirm', { token: a.token })
    expect(page.headers.get('Location')).toBe('/account/confirm?next=%2Faccount%2Fdelete%2Fconfirm')
    expect(await rowsOwnedBy(a.userId)).toEqual(before)
    expect((await accountStatus(a.token)).status).toBe(200)
  })

  it('refuses a cross-site deletion with 403, and deletes nothing', async () => {
    const a = await newLearner('delete-csrf')
    const before = await rowsOwnedBy(a.userId)
    const cookie = `__Host-dt_session=${a.token}`
    const crossSite: Record<string, string>[] = [
      { Origin: 'http://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ]
    for (const headers of crossSite) {
      for (const path of ['/account/delete', '/account/delete/confirm']) {
        const res = await rawPost(path, `password=${encodeURIComponent(a.password)}`, {
          ...headers,
          Cookie: cookie,
        })
        expect(res.status, path).toBe(403)
      }
    }
    expect(await rowsOwnedBy(a.userId)).toEqual(before)
    expect((await accountStatus(a.token)).status).toBe(200)
  })

  it('sends a signed-out visitor to sign in', async () => {
    for (const path of ['/account/delete', '/account/delete/confirm']) {
      const res = await get(path)
      expect(res.status, path).toBe(303)
      expect(res.headers.get('Location'), path).toBe(`/sign-in?next=${encodeURIComponent(path)}`)
    }
    const post = await postForm('/account/delete/confirm', {})
    expect(post.status).toBe(303)
    expect(post.headers.get('Location')).toMatch(/^\/sign-in\?next=/)
  })
})
