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
const save = (userId: string, baseVersion: number, more: Partial<SaveInput> = {}): SaveInput => ({
  userId,
  placementId: PLACEMENT,
  bodyCt: `ct-${crypto.randomUUID()}`,
  baseVersion,
  now: new Date().toISOString(),
  submissionId: crypto.randomUUID(),
  complete: true,
  quotaBytes: 1024 * 1024,
  keepRevisions: 20,
  ...more,
})

/** A domain row that must appear only when its save wins. */
const domainNote = (db: Db, s: SaveInput, note: string) => guardedScratchNote(db, s, DOMAIN, note)

describe('saving an answer, statement by statement', () => {
  it('stores a first save at version 1 with a saved revision, in one round trip', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    const first = save(userId, 0)
    expect(await run(db, saveAnswerQuery(db, first))).toEqual({ status: 'won', version: 1 })
    expect(db.roundTrips).toBe(1)
    expect(db.writes).toBe(5)
    expect((await answerRow(userId, PLACEMENT))?.body_ct).toBe(first.bodyCt)
    expect(await revisions(userId, PLACEMENT)).toEqual([
      { version: 1, kind: 'saved', body_ct: first.bodyCt, seen_at: null },
    ])
  })

  it('updates from the version it was based on', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    await run(db, saveAnswerQuery(db, save(userId, 0)))
    const second = save(userId, 1)
    expect(await run(db, saveAnswerQuery(db, second))).toEqual({ status: 'won', version: 2 })
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
    expect(outcome).toMatchObject({
      status: 'conflict',
      current: { bodyCt: newer.bodyCt, version: 2 },
    })
    expect((await answerRow(userId, PLACEMENT))?.body_ct).toBe(newer.bodyCt)
    expect((await revisions(userId, PLACEMENT)).at(-1)).toEqual({
      version: 1,
      kind: 'conflict',
      body_ct: stale.bodyCt,
      seen_at: null,
    })
  })

  it('refuses a stale first save (a second tab that also started from nothing)', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    const tabA = save(userId, 0)
    await run(db, saveAnswerQuery(db, tabA))
    const tabB = save(userId, 0)
    const outcome = await run(db, saveAnswerQuery(db, tabB))
    expect(outcome).toMatchObject({
      status: 'conflict',
      current: { bodyCt: tabA.bodyCt, version: 1 },
    })
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
      expect(outcome.status).toBe('conflict')
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
      expect(statements).toBe(7) // upsert, saved, seen, prune, conflict, the domain row, read-back
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

  it('recognises a retry of a submission that already won: no conflict, no second revision', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    const first = save(userId, 0)
    await run(db, saveAnswerQuery(db, first))
    // The response was lost; the browser sends the same submission again (new IV, same id).
    const retry = save(userId, 0, { submissionId: first.submissionId })
    const outcome = await run(db, saveAnswerQuery(db, retry))
    expect(outcome).toMatchObject({ status: 'repeat', current: { bodyCt: first.bodyCt } })
    expect((await revisions(userId, PLACEMENT)).map((r) => r.kind)).toEqual(['saved'])
  })

  it('refuses a save that would take the learner past their storage quota, and stores nothing', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    const small = save(userId, 0, { bodyCt: 'x'.repeat(100), quotaBytes: 1000 })
    expect((await run(db, saveAnswerQuery(db, small))).status).toBe('won')
    // 200 stored (answer and revision); another 2 × 500 would pass 1,000.
    const big = save(userId, 1, { bodyCt: 'y'.repeat(500), quotaBytes: 1000 })
    expect(await run(db, saveAnswerQuery(db, big))).toEqual({ status: 'full' })
    expect((await answerRow(userId, PLACEMENT))?.body_ct).toBe(small.bodyCt)
    expect(await revisions(userId, PLACEMENT)).toHaveLength(1)
    // A stale save over quota does not store its conflict revision either.
    const stale = save(userId, 0, { bodyCt: 'z'.repeat(500), quotaBytes: 1000 })
    expect((await run(db, saveAnswerQuery(db, stale))).status).toBe('conflict')
    expect(await revisions(userId, PLACEMENT)).toHaveLength(1)
  })

  it('keeps the first and the most recent revisions, and never prunes a conflict before it is seen', async () => {
    const db = countingDb(env.DB)
    const userId = await newUser()
    let version = 0
    const write = async (bodyCt: string) => {
      const outcome = await run(
        db,
        saveAnswerQuery(db, save(userId, version, { bodyCt, keepRevisions: 3 })),
      )
      if (outcome.status === 'won') version = outcome.version
      return outcome.status
    }
    const kept = async () => (await revisions(userId, PLACEMENT)).map((r) => r.body_ct)
    for (const text of ['v1', 'v2', 'v3', 'v4']) expect(await write(text)).toBe('won')
    expect(await kept()).toEqual(['v1', 'v2', 'v3', 'v4'])
    // A stale tab's text is kept as a conflict, not yet seen.
    const stale = save(userId, 1, { bodyCt: 'stale', keepRevisions: 3 })
    expect((await run(db, saveAnswerQuery(db, stale))).status).toBe('conflict')
    const conflict = (await revisions(userId, PLACEMENT)).find((r) => r.kind === 'conflict')
    expect(conflict?.seen_at).toBeNull()
    // The next save is the learner's choice: the conflict is seen, and only then may it go.
    expect(await write('v5')).toBe('won')
    expect(await kept()).toEqual(['v1', 'v4', 'stale', 'v5'])
    const seen = (await revisions(userId, PLACEMENT)).find((r) => r.kind === 'conflict')
    expect(seen?.seen_at).not.toBeNull()
    expect(await write('v6')).toBe('won')
    expect(await kept()).toEqual(['v1', 'stale', 'v5', 'v6'])
    expect(await write('v7')).toBe('won')
    expect(await kept()).toEqual(['v1', 'v5', 'v6', 'v7'])
  })
})
