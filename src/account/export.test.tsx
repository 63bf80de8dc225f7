/**
 * Export (issue 12 §3): `/account/export.json` carries everything the learner has, decrypted,
 * driven by the data list; it needs a recent password (sudo mode), is rate-limited and logged,
 * and never carries another learner's data.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { encryptedColumns, ROWS_TABLES } from '../db/learner-data'
import { sealedColumns, SCHEMA_VERSION, WORKBOOK_EDITION, type ExportDocument } from './transfer'
import { loadRealWorkbook } from '../../test/connection-writers'
import { fillAccount } from '../../test/full-account'
import { get, newLearner, postForm } from '../../test/helpers'
import { dom, one, text } from '../../test/html'
import { auditEvents, learnerRowCount, setSessionConfirmed } from '../../test/sql'
import type { Reference, Workbook } from '../content'

let workbook: Workbook
let reference: Reference

beforeAll(async () => {
  ;({ workbook, reference } = await loadRealWorkbook())
})

async function exported(token: string): Promise<ExportDocument> {
  const res = await get('/account/export.json', { token })
  expect(res.status).toBe(200)
  return (await res.json()) as ExportDocument
}

describe('the JSON export', () => {
  it('names exactly each table’s encrypted columns in its sealing table', () => {
    for (const table of ROWS_TABLES)
      expect(sealedColumns(table)).toEqual(encryptedColumns(table).sort())
  })

  it('carries every row of every table, decrypted, for a learner with everything filled', async () => {
    const a = await newLearner('export-full')
    const b = await newLearner('export-other')
    const mine = 'Quill-Ärger-🦉'
    const markers = (await fillAccount(a.token, workbook, reference, mine)).filter((t) =>
      t.includes(mine),
    )
    const others = (await fillAccount(b.token, workbook, reference, 'Heron-Öde-🐦')).filter((t) =>
      t.includes('Heron'),
    )
    const res = await get('/account/export.json', { token: a.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="dreamtree-\d{4}-\d{2}-\d{2}\.json"$/,
    )
    expect(res.headers.get('Cache-Control')).toContain('no-store')
    const body = await res.text()
    const doc = JSON.parse(body) as ExportDocument
    expect(doc.format).toBe('dreamtree-export')
    expect(doc.schemaVersion).toBe(SCHEMA_VERSION)
    expect(doc.workbook).toBe(WORKBOOK_EDITION)
    expect(doc.profile.email).toBe(a.email.toLowerCase())
    expect(doc.unreadable).toBe(0)
    // Complete by construction: every table on the list, every one of the learner's rows.
    expect(Object.keys(doc.tables).sort()).toEqual([...ROWS_TABLES].sort())
    for (const table of ROWS_TABLES) {
      expect([table, doc.tables[table].length]).toEqual([
        table,
        await learnerRowCount(table, a.userId),
      ])
    }
    // The fixture really fills everything, so the check above is not about empty tables.
    expect(ROWS_TABLES.filter((t) => doc.tables[t].length === 0)).toEqual([])
    // Every marker written is there in clear; no ciphertext and none of the other learner's.
    expect(markers.length).toBeGreaterThan(100)
    expect(markers.filter((m) => !body.includes(m))).toEqual([])
    for (const m of others) expect(body).not.toContain(m)
    expect(body).not.toMatch(/"v[12]\.[A-Za-z0-9_-]{8,}\./)
    expect(body).not.toContain(a.userId)
    // Two exports of the same data differ only in when they were made.
    const again = await exported(a.token)
    expect({ ...again, exportedAt: '' }).toEqual({ ...doc, exportedAt: '' })
  }, 240_000)

  it('asks for the password again after 10 minutes, then sends the learner on to the download', async () => {
    const a = await newLearner('export-sudo')
    await setSessionConfirmed(a.token, new Date(Date.now() - 11 * 60 * 1000).toISOString())
    const res = await get('/account/export.json', { token: a.token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/account/confirm?next=%2Faccount%2Fexport.json')
    const page = dom(await (await get(res.headers.get('Location')!, { token: a.token })).text())
    expect(one(page, 'input[name="next"]').getAttribute('value')).toBe('/account/export.json')
    const wrong = await postForm(
      '/account/confirm',
      { password: 'not the password at all', next: '/account/export.json' },
      { token: a.token },
    )
    expect(wrong.status).toBe(422)
    expect(text(one(dom(await wrong.text()), '.dt-error-summary'))).toContain(
      'The password is not right',
    )
    expect((await get('/account/export.json', { token: a.token })).status).toBe(303)
    const right = await postForm(
      '/account/confirm',
      { password: a.password, next: '/account/export.json' },
      { token: a.token },
    )
    expect(right.status).toBe(303)
    expect(right.headers.get('Location')).toBe('/account/export.json')
    expect((await get('/account/export.json', { token: a.token })).status).toBe(200)
    const events = (await auditEvents(a.userId)).map((e) => e.event)
    expect(events).toContain('password-confirmed')
    expect(events.filter((e) => e === 'exported-json')).toHaveLength(1)
  })

  it('never sends the learner anywhere but their own account pages after the check', async () => {
    const a = await newLearner('export-next')
    for (const next of [
      'https://evil.example/',
      '//evil.example',
      '/workbook/values',
      '/account/confirm',
    ]) {
      const res = await postForm(
        '/account/confirm',
        { password: a.password, next },
        { token: a.token },
      )
      expect([next, res.headers.get('Location')]).toEqual([next, '/account'])
    }
  })

  it('is for signed-in learners only, and logs each download without content', async () => {
    const res = await get('/account/export.json')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/sign-in?next=%2Faccount%2Fexport.json')
    const a = await newLearner('export-log')
    await exported(a.token)
    const logged = (await auditEvents(a.userId)).filter((e) => e.event === 'exported-json')
    expect(logged).toHaveLength(1)
    expect(Object.keys(logged[0]!).sort()).toEqual([
      'created_at',
      'event',
      'id',
      'ip_hash',
      'user_id',
    ])
  })
})
