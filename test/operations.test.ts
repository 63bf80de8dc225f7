/**
 * The operator's hand-run steps in docs/operations.md, run against the real app: what the
 * runbook says they do is what they do.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { fromBase64Url, toHex, utf8 } from '../src/lib/bytes'
import { get, postForm, userIdFor } from './helpers'
import { textareaValue, versionField } from './html'
import {
  answerRow,
  endAllSessions,
  endSessionsOf,
  makeRevisionCurrent,
  revisionIds,
  userIdByEmailHash,
} from './sql'
import { ANSWER, learner, loadFixtureWorkbook } from './workbook-fixture'

const EDIT = '/workbook/ex-one/answers/ex-one.first/edit'

beforeAll(async () => {
  await loadFixtureWorkbook()
})

/** The runbook's formula for `email_hash`, written out afresh rather than taken from the app. */
async function runbookEmailHash(pepper: string, email: string) {
  const key = await crypto.subtle.importKey(
    'raw',
    fromBase64Url(pepper.trim()),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const message = `email\u0000${email.normalize('NFKC').trim().toLowerCase()}`
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(message))))
}

describe('docs/operations.md, by hand', () => {
  it('finds a learner by the email hash the runbook describes', async () => {
    const { email } = await learner()
    const typed = `  ${email.toUpperCase()} `
    expect(await userIdByEmailHash(await runbookEmailHash(env.PEPPER, typed))).toBe(
      await userIdFor(email),
    )
  })

  it('makes a kept saved revision current, readable, and safe from a tab still open', async () => {
    const { email, token } = await learner()
    await postForm(ANSWER, { answer: 'First draft', version: '0' }, { token })
    await postForm(ANSWER, { answer: 'Second draft', version: '1' }, { token })
    await postForm(ANSWER, { answer: 'Third draft', version: '2' }, { token })
    const userId = (await userIdFor(email))!
    const first = (await revisionIds(userId, 'ex-one.first')).find((r) => r.version === 1)!
    expect(first.kind).toBe('saved')
    await makeRevisionCurrent(userId, 'ex-one.first', first.id)
    expect((await answerRow(userId, 'ex-one.first'))!.version).toBe(1)
    const edit = await (await get(EDIT, { token })).text()
    expect(textareaValue(edit)).toBe('First draft')
    expect(versionField(edit)).toBe('1')
    // A tab still on version 3 meets a conflict: nothing is overwritten.
    const stale = await postForm(ANSWER, { answer: 'From an old tab', version: '3' }, { token })
    expect(stale.status).toBe(303)
    expect(stale.headers.get('Location')).toContain('/conflict/')
    expect((await answerRow(userId, 'ex-one.first'))!.version).toBe(1)
    // A fresh page saves on from it; every kept revision still opens in the learner's export.
    const next = await postForm(ANSWER, { answer: 'Fourth draft', version: '1' }, { token })
    expect(next.status).toBe(303)
    expect((await answerRow(userId, 'ex-one.first'))!.version).toBe(2)
    const exported = (await (await get('/account/export.json', { token })).json()) as {
      unreadable: number
    }
    expect(exported.unreadable).toBe(0)
  })

  it('shows the answer as unreadable if the version is not carried with it, as the runbook warns', async () => {
    const { email, token } = await learner()
    await postForm(ANSWER, { answer: 'First draft', version: '0' }, { token })
    await postForm(ANSWER, { answer: 'Second draft', version: '1' }, { token })
    const userId = (await userIdFor(email))!
    const first = (await revisionIds(userId, 'ex-one.first'))[0]!
    await makeRevisionCurrent(userId, 'ex-one.first', first.id, { keepVersion: true })
    const page = await (await get('/workbook/ex-one', { token })).text()
    expect(page).toContain('dt-answer__unreadable')
    expect(page).not.toContain('First draft')
  })

  it("ends one learner's sessions, and then everyone's, by deleting rows", async () => {
    const a = await learner()
    const b = await learner()
    await endSessionsOf((await userIdFor(a.email))!)
    const signedOut = await get('/account', { token: a.token })
    expect(signedOut.status).toBe(303)
    expect(signedOut.headers.get('Location')).toBe('/sign-in?next=%2Faccount')
    expect((await get('/account', { token: b.token })).status).toBe(200)
    await endAllSessions()
    expect((await get('/account', { token: b.token })).status).toBe(303)
  })
})
