import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { answerQuery, saveAnswerQuery, type SaveInput } from './answers'
import { countingDb, type Db } from './client'
import { run } from './query'
import {
  answerRow,
  createScratchTable,
  dropScratchTable,
  failingAt,
  guardedScratchNote,
  insertUser,
  revisions,
  scratchNotes,
} from '../../test/sql'
import { loadFixtureWorkbook } from '../../test/workbook-fixture'

const PLACEMENT = 'ex-one.first'
const DOMAIN = 'answers_test_domain'

beforeAll(async () => {
  await loadFixtureWorkbook()
})

const newUser = () => insertUser()

/** A save as the workbook makes one; the ciphertext only has to be unique. */
const save = (userId: string, baseVersion: number, bodyCt = `ct-${crypto.randomUUID()}`) =>
  ({
    userId,
    placementId: PLACEMENT,
    bodyCt,
    baseVersion,
    now: new Date().toISOString(),
  }) satisfies SaveInput

/** A domain row that must appear only when its save wins. */
const domainNote = (db: Db, s: SaveInput, note: string) => guardedScratchNote(db, s, DOMAIN, note)

describe('saving an answer, statement by statement', () => {
  it('stores a first save at version 1 with a saved revision, in one round trip', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    const first = save(userId, 0)
    expect(await run(db, saveAnswerQuery(db, first))).toEqual({ won: true, version: 1 })
    expect(db.roundTrips).toBe(1)
    expect(db.writes).toBe(3)
    expect((await answerRow(userId, PLACEMENT))?.body_ct).toBe(first.bodyCt)
    expect(await revisions(userId, PLACEMENT)).toEqual([
      { version: 1, kind: 'saved', body_ct: first.bodyCt },
    ])
  })

  it('updates from the version it was based on', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    await run(db, saveAnswerQuery(db, save(userId, 0)))
    const second = save(userId, 1)
    expect(await run(db, saveAnswerQuery(db, second))).toEqual({ won: true, version: 2 })
    expect(await run(db, answerQuery(db, userId, PLACEMENT))).toMatchObject({
      placementId: PLACEMENT,
      bodyCt: second.bodyCt,
      version: 2,
    })
    expect((await revisions(userId, PLACEMENT)).map((r) => [r.version, r.kind])).toEqual([
      [1, 'saved'],
      [2, 'saved'],
    ])
  })

  it('refuses a stale save, keeps its text as a conflict revision and returns the newer answer', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    await run(db, saveAnswerQuery(db, save(userId, 0)))
    const newer = save(userId, 1)
    await run(db, saveAnswerQuery(db, newer))
    const stale = save(userId, 1)
    const outcome = await run(db, saveAnswerQuery(db, stale))
    expect(outcome).toMatchObject({ won: false, current: { bodyCt: newer.bodyCt, version: 2 } })
    expect((await answerRow(userId, PLACEMENT))?.body_ct).toBe(newer.bodyCt)
    expect((await revisions(userId, PLACEMENT)).at(-1)).toEqual({
      version: 1,
      kind: 'conflict',
      body_ct: stale.bodyCt,
    })
  })

  it('refuses a stale first save (a second tab that also started from nothing)', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    const tabA = save(userId, 0)
    await run(db, saveAnswerQuery(db, tabA))
    const tabB = save(userId, 0)
    const outcome = await run(db, saveAnswerQuery(db, tabB))
    expect(outcome).toMatchObject({ won: false, current: { bodyCt: tabA.bodyCt, version: 1 } })
    expect((await revisions(userId, PLACEMENT)).map((r) => [r.version, r.kind, r.body_ct])).toEqual(
      [
        [1, 'saved', tabA.bodyCt],
        [0, 'conflict', tabB.bodyCt],
      ],
    )
  })

  it("writes a save's domain rows only when the save wins", async () => {
    await createScratchTable(DOMAIN)
    try {
      const db = countingDb(env.DB)
      const userId = await newUser()
      const first = save(userId, 0)
      await run(db, saveAnswerQuery(db, first, [domainNote(db, first, 'from the first save')]))
      const stale = save(userId, 0)
      const outcome = await run(db, saveAnswerQuery(db, stale, [domainNote(db, stale, 'stale')]))
      expect(outcome.won).toBe(false)
      expect(await scratchNotes(DOMAIN, userId)).toEqual(['from the first save'])
    } finally {
      await dropScratchTable(DOMAIN)
    }
  })

  it('writes nothing at all when any statement of the save fails', async () => {
    await createScratchTable(DOMAIN)
    try {
      const probe = countingDb(env.DB)
      const statements = saveAnswerQuery(probe, save('nobody', 0), [
        domainNote(probe, save('nobody', 0), 'x'),
      ]).statements.length
      expect(statements).toBe(5) // upsert, two revisions, the domain row, the read-back
      for (let position = 0; position < statements; position++) {
        const db = countingDb(failingAt(env.DB, { statement: position }))
        const userId = await newUser()
        const s = save(userId, 0)
        await expect(
          run(db, saveAnswerQuery(db, s, [domainNote(db, s, 'must not stay')])),
          `failure at statement ${position}`,
        ).rejects.toThrow()
        expect(await answerRow(userId, PLACEMENT), `answer, failure at ${position}`).toBeNull()
        expect(await revisions(userId, PLACEMENT), `revisions, failure at ${position}`).toEqual([])
        expect(await scratchNotes(DOMAIN, userId), `domain, failure at ${position}`).toEqual([])
      }
    } finally {
      await dropScratchTable(DOMAIN)
    }
  })
})
