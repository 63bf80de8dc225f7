import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { answerQuery } from './answers'
import { countingDb } from './client'
import { batch } from './query'
import { exerciseQuery, findAnswerablePlacement, loadExercise } from './workbook'
import { insertAnswer, insertUser } from '../../test/sql'
import { loadFixtureWorkbook } from '../../test/workbook-fixture'

beforeAll(async () => {
  await loadFixtureWorkbook()
})

const newUser = () => insertUser()

describe('loading an exercise', () => {
  it('reads the exercise, its typed placements, this learner’s answers and the frontier, in one round trip', async () => {
    const db = countingDb(env.DB)
    const me = await newUser()
    const someoneElse = await newUser()
    await insertAnswer(me, 'ex-one.first')
    await insertAnswer(someoneElse, 'ex-one.pick')
    await insertAnswer(me, 'ex-two.many') // another exercise: not on this page

    const data = await loadExercise(db, me, 'ex-one')
    expect(db.roundTrips).toBe(1)
    expect(db.writes).toBe(0)
    expect(data!.context).toEqual({
      id: 'ex-one',
      title: 'Exercise one',
      seq: 1,
      moduleId: 'm-one',
      moduleTitle: 'Module one',
      partId: 'alpha',
      partTitle: 'Alpha',
      position: 1,
      moduleSize: 2,
      next: { id: 'ex-two', title: 'Exercise two', moduleTitle: 'Module one' },
      previous: null,
    })
    expect(data!.placements.map((p) => [p.id, p.ordinal, p.kind])).toEqual([
      ['ex-one.c1', 1, 'content'],
      ['ex-one.first', 2, 'prompt'],
      ['ex-one.c2', 3, 'content'],
      ['ex-one.pick', 4, 'prompt'],
      ['ex-one.c3', 5, 'content'],
    ])
    const pick = data!.placements.find((p) => p.id === 'ex-one.pick')!
    // The config is typed by its kind: a radio prompt has its options, and nothing made up.
    expect(pick.kind === 'prompt' && pick.config).toEqual({
      prompt: 'radio',
      label: 'Which season suits you?',
      options: ['Spring', 'Autumn'],
    })
    expect(data!.answers.map((a) => [a.placementId, a.version])).toEqual([['ex-one.first', 1]])
    expect(data!.frontier).toMatchObject({ id: 'ex-one', seq: 1 })
  })

  it('is null for an exercise that does not exist', async () => {
    const db = countingDb(env.DB)
    expect(await loadExercise(db, await newUser(), 'no-such-exercise')).toBeNull()
  })

  it('joins other queries in the same batch, so connections and tools add no round trip', async () => {
    const db = countingDb(env.DB)
    const me = await newUser()
    await insertAnswer(me, 'ex-one.first', 4)
    const [page, earlier] = await batch(db, [
      exerciseQuery(db, me, 'ex-two'),
      answerQuery(db, me, 'ex-one.first'),
    ])
    expect(db.roundTrips).toBe(1)
    expect(page?.context.id).toBe('ex-two')
    expect(page?.placements.find((p) => p.kind === 'tool')?.config).toMatchObject({
      tool: 'list-builder',
      settings: { itemLabel: 'Skill' },
    })
    expect(earlier).toMatchObject({ placementId: 'ex-one.first', version: 4 })
  })

  it('finds an answerable placement with the block after it, and never a content block', async () => {
    const db = countingDb(env.DB)
    expect(await findAnswerablePlacement(db, 'ex-one', 'ex-one.first')).toMatchObject({
      placement: { id: 'ex-one.first', kind: 'prompt' },
      nextId: 'ex-one.c2',
    })
    expect(await findAnswerablePlacement(db, 'ex-one', 'ex-one.c1')).toBeNull()
    expect(await findAnswerablePlacement(db, 'ex-two', 'ex-one.first')).toBeNull()
  })
})
