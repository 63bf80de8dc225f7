/**
 * Fault injection: what the learner sees, and what the database keeps, when D1 fails. A
 * wrapper around the binding fails a chosen round trip (test/sql.ts `failingCall`, and
 * `failingAt` for one statement of one batch), and SQL triggers refuse a write inside SQLite
 * itself (`abortingTrigger`), so the checks do not rest on the wrapper alone. Each tool's save
 * batch is failed at every statement position in its own test (test/tools.ts `expectAtomicSave`),
 * the import's in src/account/import.test.tsx.
 */
import { env } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { get, postForm, signIn, strongPassword, uniqueIp, userIdFor } from '../test/helpers'
import { expectWordsHeld } from '../test/held'
import { dom, one, text } from '../test/html'
import { expectHtmlPage, expectNoInternals } from '../test/pages'
import {
  abortingTrigger,
  answerRow,
  failingCall,
  failingInLongBatch,
  learnerSnapshot,
  revisions,
  toolRows,
} from '../test/sql'
import { formFields, LIST, learnerAtList, postAction, toolBlock } from '../test/tools'
import { ANSWER, HTMX, learner, loadFixtureWorkbook } from '../test/workbook-fixture'
import { LEARNER_TABLES } from './db/learner-data'

beforeAll(async () => {
  await loadFixtureWorkbook()
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** The structured lines written to console.error while `run` runs, parsed. */
async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
  await run()
  const lines = spy.mock.calls.map((args) => {
    expect(args).toHaveLength(1)
    return JSON.parse(String(args[0])) as Record<string, unknown>
  })
  spy.mockRestore()
  return lines
}

/** The session is read in round trip 0; every later one fails, as when D1 goes away. */
const d1GoneAfterSession = () => ({
  ...env,
  DB: failingCall(env.DB, { call: 1, thereafter: true }),
})

describe('a D1 error on a GET', () => {
  it('gives the generic 500 page, without internals, and logs it once as structured JSON', async () => {
    const { token } = await learner()
    let res: Response | undefined
    const lines = await logLines(async () => {
      res = await get('/workbook/ex-one', { token, env: d1GoneAfterSession() })
    })
    const html = await res!.text()
    expect(res!.status).toBe(500)
    expectHtmlPage(res!, html)
    expectNoInternals(html)
    expect(text(one(dom(html), 'h1'))).toBe('Sorry, something went wrong')
    const reference = text(one(dom(html), '.dt-reference .dt-code'))
    expect(lines).toEqual([
      {
        level: 'error',
        kind: 'Error',
        route: '/workbook/:exerciseId',
        method: 'GET',
        reference,
      },
    ])
  })
})

describe('a save while D1 is unavailable', () => {
  it('holds the answer in a calm 503 page that sends it again, and logs the failure once', async () => {
    const { email, token } = await learner()
    const typed = 'Written while D1 was away — ünïcode kept'
    const posted = { answer: typed, version: '0', submission: 'held-submission-0001' }
    let res: Response | undefined
    const lines = await logLines(async () => {
      res = await postForm(ANSWER, posted, { token, env: d1GoneAfterSession() })
    })
    const held = await expectWordsHeld(res!, { action: ANSWER, posted, words: [typed] })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 'error', method: 'POST' })
    expect(JSON.stringify(lines)).not.toContain('ünïcode')
    // D1 is back: the held form, sent as it is, saves the words.
    const again = await postForm(ANSWER, held.fields, { token })
    expect(again.status).toBe(303)
    const userId = (await userIdFor(email))!
    expect(await revisions(userId, 'ex-one.first')).toHaveLength(1)
    const page = await (await get('/workbook/ex-one', { token })).text()
    expect(page).toContain(typed)
  })

  it('never writes a password back into the page, when the held sign-in form’s save fails', async () => {
    const { email, password } = await learner()
    const posted = { answer: 'Held while signed out', version: '0', email, password }
    let res: Response | undefined
    await logLines(async () => {
      res = await postForm(ANSWER, posted, {
        ip: uniqueIp(),
        env: { ...env, DB: failingCall(env.DB, { call: 0, thereafter: true }) },
      })
    })
    const { password: _, ...carried } = posted
    const held = await expectWordsHeld(res!, {
      action: ANSWER,
      posted: carried,
      words: [posted.answer],
    })
    expect(held.fields.map(([name]) => name)).not.toContain('password')
    expect(JSON.stringify(held.fields)).not.toContain(password)
  })

  it('holds every field of a tool’s action, and the held form applies it once D1 is back', async () => {
    const { token, userId } = await learnerAtList()
    const fields = {
      ...formFields(await toolBlock(token, '/workbook/ex-two', LIST.block)),
      new: 'Knitting',
    }
    let res: Response | undefined
    const lines = await logLines(async () => {
      res = await postAction(LIST, 'add', fields, { token, env: d1GoneAfterSession() })
    })
    expect(lines).toHaveLength(1)
    const action = `/workbook/${LIST.exercise}/tools/${LIST.placement}/add`
    const held = await expectWordsHeld(res!, { action, posted: fields, words: ['Knitting'] })
    expect(await toolRows('list_items', userId, LIST.placement)).toEqual([])
    expect((await postForm(action, held.fields, { token })).status).toBe(303)
    const rows = await toolRows('list_items', userId, LIST.placement)
    expect(rows).toHaveLength(1)
  })

  it('holds a save to the learner’s own tools too', async () => {
    const { token } = await learner()
    const own = '/tools/list-builder/own'
    const fields = { ...formFields(await toolBlock(token, own, '#b-list')), new: 'Bread' }
    let res: Response | undefined
    const lines = await logLines(async () => {
      res = await postForm(`${own}/add`, fields, { token, env: d1GoneAfterSession() })
    })
    expect(lines).toHaveLength(1)
    await expectWordsHeld(res!, { action: `${own}/add`, posted: fields, words: ['Bread'] })
  })
})

describe('a save that landed, but whose answer was lost', () => {
  // With htmx, the round trips are the session (0), the reads (1), the save (2), then the page
  // read for the fragment (3), which fails here: the words are stored, the learner is told
  // they may not be.
  it('is recognised as saved when the same form is sent again', async () => {
    const { email, token } = await learner()
    const userId = (await userIdFor(email))!
    const posted = { answer: 'Landed, then lost', version: '0', submission: 'lost-response-000001' }
    const lines = await logLines(async () => {
      const res = await postForm(ANSWER, posted, {
        token,
        headers: HTMX,
        env: { ...env, DB: failingCall(env.DB, { call: 3 }) },
      })
      expect(res.status).toBe(503)
    })
    expect(lines).toHaveLength(1)
    expect(await revisions(userId, 'ex-one.first')).toHaveLength(1)
    // The button, pressed again, sends the very same form.
    const again = await postForm(ANSWER, posted, { token, headers: HTMX })
    expect(again.status).toBe(200)
    expect(await revisions(userId, 'ex-one.first')).toHaveLength(1)
    expect((await answerRow(userId, 'ex-one.first'))?.version).toBe(1)
  })

  it('is recognised as saved for a tool’s action too', async () => {
    const { token, userId } = await learnerAtList()
    const fields = {
      ...formFields(await toolBlock(token, '/workbook/ex-two', LIST.block)),
      new: 'Sent twice',
    }
    // A tool's fragment is drawn from what the route already read, so no round trip follows
    // its save: a lost answer is one the network dropped, and the test simply ignores it.
    expect((await postAction(LIST, 'add', fields, { token, htmx: true })).status).toBe(200)
    expect(await toolRows('list_items', userId, LIST.placement)).toHaveLength(1)
    const again = await postAction(LIST, 'add', fields, { token, htmx: true })
    expect(again.status).toBe(200)
    expect(await toolRows('list_items', userId, LIST.placement)).toHaveLength(1)
    expect(await revisions(userId, LIST.placement)).toHaveLength(1)
  })
})

describe('a write refused inside SQLite (a trigger aborts it)', () => {
  it('leaves no answer when its revision is refused, and holds the words', async () => {
    const { email, token } = await learner()
    const userId = (await userIdFor(email))!
    const drop = await abortingTrigger('answer_revisions', 'INSERT')
    const posted = {
      answer: 'Refused by SQLite',
      version: '0',
      submission: 'trigger-submission-01',
    }
    try {
      let res: Response | undefined
      const lines = await logLines(async () => {
        res = await postForm(ANSWER, posted, { token })
      })
      expect(lines).toHaveLength(1)
      await expectWordsHeld(res!, { action: ANSWER, posted, words: ['Refused by SQLite'] })
    } finally {
      await drop()
    }
    expect(await answerRow(userId, 'ex-one.first')).toBeNull()
    expect(await revisions(userId, 'ex-one.first')).toEqual([])
  })

  it('leaves a tool’s answer and rows as they were when its rows are refused', async () => {
    const { token, userId } = await learnerAtList()
    const path = '/workbook/ex-two'
    const first = { ...formFields(await toolBlock(token, path, LIST.block)), new: 'Listening' }
    expect((await postAction(LIST, 'add', first, { token })).status).toBe(303)
    const before = await learnerSnapshot(userId, ['answers', 'answer_revisions', 'list_items'])
    const drop = await abortingTrigger('list_items', 'INSERT')
    try {
      const fields = { ...formFields(await toolBlock(token, path, LIST.block)), new: 'Cooking' }
      const res = await logLines(() => postAction(LIST, 'add', fields, { token }))
      expect(res).toHaveLength(1)
    } finally {
      await drop()
    }
    expect(await learnerSnapshot(userId, ['answers', 'answer_revisions', 'list_items'])).toEqual(
      before,
    )
  })
})

describe('changing the password when the database fails', () => {
  /** The learner's credentials, keys and sessions: everything a password change rewrites. */
  const keyRows = (userId: string) =>
    learnerSnapshot(userId, ['users', 'credentials', 'wrapped_keys', 'sessions', 'audit_events'])

  it('changes nothing at whichever statement of its batch it fails', async () => {
    const { email, password, token } = await learner()
    const userId = (await userIdFor(email))!
    const next = strongPassword('next')
    const before = await keyRows(userId)
    const change = (db: D1Database) =>
      postForm(
        '/account/password',
        { current: password, password: next, confirm: next },
        { token, env: { ...env, DB: db } },
      )
    // The change is the request's one batch of five: the password hash, the password-wrapped
    // key, the other sessions ended, the new session, the audit row.
    for (let statement = 0; statement < 5; statement++) {
      const res = await logLines(() =>
        change(failingInLongBatch(env.DB, { longerThan: 4, statement })).then(async (r) => {
          expect(r.status, `statement ${statement}`).toBe(500)
          expectNoInternals(await r.text())
        }),
      )
      expect(res, `statement ${statement}`).toHaveLength(1)
      const after = await keyRows(userId)
      // Only this session's last-seen time may move; nothing else.
      expect(strip(after), `statement ${statement}`).toEqual(strip(before))
    }
    // Past the end of the batch nothing fails, and the change goes through.
    const done = await change(failingInLongBatch(env.DB, { longerThan: 4, statement: 5 }))
    expect(done.status).toBe(303)
    expect((await signIn(email, next, uniqueIp())).token).toBeTruthy()
  })

  it('keeps the old password when SQLite refuses the batch’s audit row', async () => {
    const { email, password, token } = await learner()
    const userId = (await userIdFor(email))!
    const before = await keyRows(userId)
    const drop = await abortingTrigger('audit_events', 'INSERT')
    const next = strongPassword('next')
    try {
      const lines = await logLines(async () => {
        const res = await postForm(
          '/account/password',
          { current: password, password: next, confirm: next },
          { token },
        )
        expect(res.status).toBe(500)
      })
      expect(lines).toHaveLength(1)
    } finally {
      await drop()
    }
    expect(strip(await keyRows(userId))).toEqual(strip(before))
    expect((await signIn(email, password, uniqueIp())).token).toBeTruthy()
  })
})

/** Sessions' last-seen times move on every request; the comparison leaves them out. */
function strip(rows: Record<string, unknown[]>) {
  return {
    ...rows,
    sessions: rows.sessions?.map((s) => ({ ...(s as object), last_seen_at: null })),
  }
}

it('covers every table a learner owns in the snapshots it compares', () => {
  for (const table of ['credentials', 'wrapped_keys', 'sessions', 'audit_events']) {
    expect(LEARNER_TABLES).toContain(table)
  }
})
