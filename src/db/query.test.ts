import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { countingDb } from './client'
import { batch, commit, firstRow, join, rows, run, writes } from './query'
import {
  createScratchTable,
  dropScratchTable,
  insertScratchNote,
  noRows,
  oneWord,
  readThrough,
  scratchNotes,
  selectOne,
  selectScratchNotes,
  twoNumbers,
} from '../../test/sql'

const numbers = (db: ReturnType<typeof countingDb>, n: number) =>
  rows(twoNumbers(db, n), (r: { n: number }[]) => r.map((x) => x.n))

describe('queries', () => {
  it('run alone in one round trip, read into a typed value', async () => {
    const db = countingDb(env.DB)
    expect(await run(db, numbers(db, 1))).toEqual([1, 2])
    const none = firstRow(noRows(db), (r: { n: number }) => r.n)
    expect(await run(db, none)).toBeNull()
    expect(db.roundTrips).toBe(2)
  })

  it('join in one batch, each result in its own place and type', async () => {
    const db = countingDb(env.DB)
    const word = firstRow(oneWord(db), (r: { w: string }) => r.w)
    const [a, w, b] = await batch(db, [numbers(db, 10), word, numbers(db, 20)])
    expect(a).toEqual([10, 11])
    expect(w).toBe('tree')
    expect(b).toEqual([20, 21])
    expect(db.roundTrips).toBe(1)
  })

  it('compose: a joined query joins others, still one round trip', async () => {
    const db = countingDb(env.DB)
    const pair = join([numbers(db, 1), numbers(db, 5)], ([x, y]) => ({ sum: [...x, ...y] }))
    const [inner, last] = await batch(db, [pair, numbers(db, 9)])
    expect(inner).toEqual({ sum: [1, 2, 5, 6] })
    expect(last).toEqual([9, 10])
    expect(db.roundTrips).toBe(1)
  })

  it('carry writes beside reads, atomically, and count them', async () => {
    const table = 'query_test_notes'
    await createScratchTable(table)
    try {
      const db = countingDb(env.DB)
      const insert = (note: string) => insertScratchNote(db, table, 'u', note)
      const [changed, listed] = await batch(db, [
        writes([insert('a'), insert('b')]),
        rows(selectScratchNotes(db, table), (r: { note: string }[]) => r.map((x) => x.note)),
      ])
      expect(changed).toEqual([1, 1])
      expect(listed).toEqual(['a', 'b'])
      expect(db.roundTrips).toBe(1)
      expect(db.writes).toBe(2)
      await commit(db, [insert('c')])
      expect(await scratchNotes(table, 'u')).toEqual(['a', 'b', 'c'])
    } finally {
      await dropScratchTable(table)
    }
  })

  it('cost nothing when there is nothing to run', async () => {
    const db = countingDb(env.DB)
    expect(await run(db, writes([]))).toEqual([])
    expect(await batch(db, [])).toEqual([])
    expect(db.roundTrips).toBe(0)
  })
})

describe('the counting gateway', () => {
  it('counts round trips and writes through withSession too, so replicas cannot slip past', async () => {
    const db = countingDb(env.DB)
    const session = db.withSession('first-unconstrained')
    await readThrough(session)
    await selectOne(db)
    expect(db.roundTrips).toBe(3)
    expect(db.writes).toBe(0)
    expect(typeof session.getBookmark()).not.toBe('undefined')
  })
})
