/**
 * Import (issue 12 §4): upload a JSON export, see what it holds, confirm; all or nothing. Every
 * bad file gets a clear 422 with an error summary and changes nothing; a failure injected at any
 * point of the confirming batch changes nothing either.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { LEARNER_TABLES, ROWS_TABLES } from '../db/learner-data'
import { MAX_IMPORT_BYTES, SCHEMA_VERSION, type ExportDocument } from './transfer'
import { loadRealWorkbook } from '../../test/connection-writers'
import { fillAccount } from '../../test/full-account'
import {
  get,
  newLearner,
  postFile,
  postForm,
  signUp,
  uniqueIp,
  userIdFor,
} from '../../test/helpers'
import { all, dom, one, text } from '../../test/html'
import {
  auditEvents,
  count,
  failingInLongBatch,
  learnerSnapshot,
  setSessionConfirmed,
} from '../../test/sql'
import type { Reference, Workbook } from '../content'

let workbook: Workbook
let reference: Reference
/** A learner with everything filled, and their export: made once, read by every test. */
let full: { token: string; userId: string; document: ExportDocument; json: string }

async function exportOf(token: string): Promise<ExportDocument> {
  const res = await get('/account/export.json', { token })
  expect(res.status).toBe(200)
  return (await res.json()) as ExportDocument
}

const upload = (token: string, content: string | Uint8Array, name = 'dreamtree.json') =>
  postFile('/account/import', 'file', { name, content }, { token })

/** The error summary's messages on a page. */
async function problems(res: Response): Promise<string[]> {
  const page = dom(await res.text())
  return all(one(page, '.dt-error-summary'), 'li').map(text)
}

beforeAll(async () => {
  ;({ workbook, reference } = await loadRealWorkbook())
  const a = await newLearner('import-source')
  await fillAccount(a.token, workbook, reference, 'Lark-Ärger-🐦')
  const res = await get('/account/export.json', { token: a.token })
  const json = await res.text()
  full = { token: a.token, userId: a.userId, document: JSON.parse(json) as ExportDocument, json }
}, 240_000)

describe('restoring from an export', () => {
  it('previews the file, changes nothing until confirmed, then restores it exactly', async () => {
    const b = await newLearner('import-target')
    // B has a little of their own first: the restore replaces it.
    await fillAccount(
      b.token,
      { ...workbook, placements: workbook.placements.slice(0, 6) },
      reference,
      'Wren',
    )
    const before = await learnerSnapshot(b.userId, LEARNER_TABLES)
    const res = await upload(b.token, full.json)
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account/import/preview')
    expect(await learnerSnapshot(b.userId, LEARNER_TABLES)).toEqual({
      ...before,
      // The only change so far: the staged file, encrypted.
      import_staging: (await learnerSnapshot(b.userId, ['import_staging'])).import_staging,
    })
    const staged = (await learnerSnapshot(b.userId, ['import_staging'])).import_staging as {
      body_ct: string
    }[]
    expect(staged.length).toBeGreaterThan(0)
    for (const row of staged) expect(row.body_ct).not.toContain('Lark')

    const preview = await get('/account/import/preview', { token: b.token })
    expect(preview.status).toBe(200)
    const page = dom(await preview.text())
    const counts = Object.fromEntries(
      all(page, 'table tbody tr').map((tr) => [text(one(tr, 'th')), Number(text(one(tr, 'td')))]),
    )
    expect(counts.Answers).toBe(full.document.tables.answers.length)
    expect(counts.Stories).toBe(full.document.tables.stories.length)
    expect(text(one(page, 'main'))).toContain('This export was made on')

    const done = await postForm('/account/import/confirm', {}, { token: b.token })
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe('/account?changed=imported')
    const after = await exportOf(b.token)
    // What comes back different, by design: when each export was made, and the account's email.
    expect(after.tables).toEqual(full.document.tables)
    expect(after.profile.displayName).toBe(full.document.profile.displayName)
    expect((await learnerSnapshot(b.userId, ['import_staging'])).import_staging).toEqual([])
    expect((await auditEvents(b.userId)).map((e) => e.event)).toContain('imported')
    // The source learner is untouched.
    expect((await exportOf(full.token)).tables).toEqual(full.document.tables)
  }, 120_000)

  it('round-trips: export, delete the account, sign up again, import, export the same', async () => {
    const a = await newLearner('import-round-trip')
    await fillAccount(a.token, workbook, reference, 'Kestrel-Ünï-🪶')
    const named = await postForm('/account/profile', { display_name: 'Kes 🪶' }, { token: a.token })
    expect(named.status).toBe(303)
    const first = await (await get('/account/export.json', { token: a.token })).text()
    // Delete the account, as the learner does.
    const checked = await postForm('/account/delete', { password: a.password }, { token: a.token })
    expect(checked.headers.get('Location')).toBe('/account/delete/confirm')
    const gone = await postForm('/account/delete/confirm', {}, { token: a.token })
    expect(gone.headers.get('Location')).toBe('/goodbye')
    expect(await learnerSnapshot(a.userId, ['users', 'answers'])).toEqual({
      users: [],
      answers: [],
    })
    // Sign up again with the same email, and restore the file.
    const { token } = await signUp(a.email, a.password, uniqueIp())
    const again = (await userIdFor(a.email))!
    expect(again).not.toBe(a.userId)
    expect((await upload(token, first)).status).toBe(303)
    expect((await postForm('/account/import/confirm', {}, { token })).status).toBe(303)
    const second = await (await get('/account/export.json', { token })).text()
    // Identical, apart from what is documented as made anew (src/account/transfer.ts).
    const without = (json: string) => ({ ...(JSON.parse(json) as ExportDocument), exportedAt: '' })
    expect(without(second)).toEqual(without(first))
    expect(without(second).profile.displayName).toBe('Kes 🪶')
    expect(second).not.toContain(a.userId)
  }, 180_000)

  it('refuses every kind of bad file with a clear message, and changes nothing', async () => {
    const b = await newLearner('import-bad')
    const before = await learnerSnapshot(b.userId, LEARNER_TABLES)
    const doc = full.document
    const variant = (change: (d: Record<string, unknown>) => void) => {
      const copy = JSON.parse(full.json) as Record<string, unknown>
      change(copy)
      return JSON.stringify(copy)
    }
    const cases: [string, string | Uint8Array, string][] = [
      ['not JSON', 'this is a letter, not data', 'it is not JSON'],
      ['JSON, not an export', '{"hello": "there"}', 'not a DreamTree export'],
      [
        'a newer schema',
        variant((d) => (d.schemaVersion = SCHEMA_VERSION + 1)),
        'made by a newer version of DreamTree',
      ],
      [
        'another edition',
        variant((d) => (d.workbook = 'dreamtree-workbook-0')),
        'another edition of the workbook',
      ],
      [
        'a row with a column it should not have',
        variant((d) => {
          const tables = d.tables as Record<string, Record<string, unknown>[]>
          tables.answers![0]!.user_id = 'someone-else'
        }),
        'changed or damaged',
      ],
      [
        'a table missing',
        variant((d) => delete (d.tables as Record<string, unknown>).stories),
        'changed or damaged',
      ],
      [
        'a block this workbook does not have',
        variant((d) => {
          const tables = d.tables as Record<string, Record<string, unknown>[]>
          tables.answers![0]!.placement_id = 'no-such-exercise.no-such-block'
        }),
        'exercises this workbook does not have',
      ],
      ['too large', new Uint8Array(MAX_IMPORT_BYTES + 1).fill(32), 'larger than 8 MB'],
    ]
    expect(doc.tables.answers.length).toBeGreaterThan(0)
    for (const [what, content, message] of cases) {
      const res = await upload(b.token, content)
      expect([what, res.status]).toEqual([what, 422])
      const said = await problems(res)
      expect([what, said.join(' ')]).toEqual([what, expect.stringContaining(message)])
    }
    const empty = await postFile('/account/import', 'file', null, { token: b.token })
    expect(empty.status).toBe(422)
    expect(await problems(empty)).toEqual(['Choose your export file to upload'])
    expect(await learnerSnapshot(b.userId, LEARNER_TABLES)).toEqual(before)
  }, 120_000)

  it('changes nothing when the confirming batch fails at any point, and keeps the file to try again', async () => {
    const b = await newLearner('import-fault')
    await fillAccount(
      b.token,
      { ...workbook, placements: workbook.placements.slice(0, 6) },
      reference,
      'Finch',
    )
    expect((await upload(b.token, full.json)).status).toBe(303)
    const before = await learnerSnapshot(b.userId, LEARNER_TABLES)
    // Every statement position of the confirming batch, until one past its end goes through.
    let statement = 0
    for (; statement < 500; statement++) {
      const failing = { ...env, DB: failingInLongBatch(env.DB, { longerThan: 10, statement }) }
      const res = await postForm('/account/import/confirm', {}, { token: b.token, env: failing })
      if (res.status === 303) break
      expect([statement, res.status]).toEqual([statement, 422])
      expect((await problems(res)).join(' ')).toContain('nothing was restored')
      expect(await learnerSnapshot(b.userId, LEARNER_TABLES)).toEqual(before)
    }
    // The file stayed staged through every failure, so the first try without one restored it:
    // a DELETE and an INSERT for every table, the name, the staged file and the audit row.
    expect(statement).toBeGreaterThan(2 * ROWS_TABLES.length)
    expect((await exportOf(b.token)).tables).toEqual(full.document.tables)
  }, 120_000)

  it('keeps each learner’s staged file their own, and refuses cross-site posts', async () => {
    const a = await newLearner('import-a')
    const b = await newLearner('import-b')
    expect((await upload(b.token, full.json)).status).toBe(303)
    // A has nothing staged: the preview and confirmation send A back to the upload.
    const preview = await get('/account/import/preview', { token: a.token })
    expect(preview.status).toBe(303)
    expect(preview.headers.get('Location')).toBe('/account/import')
    const confirm = await postForm('/account/import/confirm', {}, { token: a.token })
    expect(confirm.headers.get('Location')).toBe('/account/import')
    expect(await count('answers', `user_id = '${a.userId}'`)).toBe(0)
    // A cross-site confirmation is refused, and B's workbook stays as it was.
    const forged = await postForm(
      '/account/import/confirm',
      {},
      {
        token: b.token,
        headers: { Origin: 'https://elsewhere.example', 'Sec-Fetch-Site': 'cross-site' },
      },
    )
    expect(forged.status).toBe(403)
    expect(await count('answers', `user_id = '${b.userId}'`)).toBe(0)
    // Cancelling forgets the file.
    expect((await postForm('/account/import/cancel', {}, { token: b.token })).status).toBe(303)
    expect((await get('/account/import/preview', { token: b.token })).status).toBe(303)
  })

  it('asks for the password again after 10 minutes, at every step', async () => {
    const b = await newLearner('import-sudo')
    await setSessionConfirmed(b.token, new Date(Date.now() - 11 * 60 * 1000).toISOString())
    for (const res of [
      await get('/account/import', { token: b.token }),
      await upload(b.token, full.json),
      await get('/account/import/preview', { token: b.token }),
      await postForm('/account/import/confirm', {}, { token: b.token }),
    ]) {
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toMatch(/^\/account\/confirm\?next=%2Faccount%2Fimport/)
    }
    expect(await count('import_staging', `user_id = '${b.userId}'`)).toBe(0)
  })
})
