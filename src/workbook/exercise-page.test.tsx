import { env } from 'cloudflare:test'
import type { Db } from '../db/client'
import { toolReadsQuery } from '../tools/reads'
import { sourcesQuery } from '../db/sources'
import { beforeAll, describe, expect, it } from 'vitest'
import { get, postForm } from '../../test/helpers'
import { all, dom, one, text, titleOf } from '../../test/html'
import { revisions } from '../../test/sql'
import { ANSWER, learner, loadFixtureWorkbook } from '../../test/workbook-fixture'

beforeAll(async () => {
  await loadFixtureWorkbook()
})

describe('the exercise page', () => {
  it('sends a new learner from /workbook to the first exercise', async () => {
    const { token } = await learner()
    const res = await get('/workbook', { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/workbook/ex-one')
  })

  it('shows the position, the opening words and only the current question', async () => {
    const { token } = await learner()
    const res = await get('/workbook/ex-one', { token })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(titleOf(html)).toBe('Exercise one – DreamTree')
    expect(html).toContain('Exercise 1 of 2')
    expect(html).toContain('Welcome to the first exercise.')
    expect(html).toContain('What did you enjoy last week?')
    expect(html).toContain('You can write up to 50 characters.')
    expect(html).not.toContain('Which season suits you?')
    expect(html).not.toContain('A bridge between questions.')
  })

  it('costs two D1 round trips, the session then one batch, and writes nothing', async () => {
    const { token } = await learner()
    const res = await get('/workbook/ex-one', { token })
    // The batch: the exercise, its placements, the answers and the frontier, then every tool's
    // reads, each of which reads nothing on a page without its tool, then the connections and
    // one statement for every data source together.
    const sources = sourcesQuery(env.DB as Db, 'u', 'ex-one').statements.length
    expect(sources).toBe(2)
    const reads =
      toolReadsQuery(env.DB as Db, {
        userId: 'u',
        exerciseId: 'ex-one',
        search: new URLSearchParams(),
      }).statements.length + sources
    expect(res.headers.get('Server-Timing')).toBe(
      `db;desc="2 queries", db-writes;desc="0 statements", db-batch;desc="${4 + reads} statements"`,
    )
    const save = await postForm(ANSWER, { answer: 'A write', version: '0' }, { token })
    // Three round trips: the session; the placement, the frontier and the save limit; the save.
    // Its writes: the limit's count, the answer, its revision, conflicts marked seen, old
    // revisions pruned and a conflict revision, each guarded, most of them changing nothing.
    // The last batch is the save itself: those five writes and the answer read back.
    expect(save.headers.get('Server-Timing')).toBe(
      'db;desc="3 queries", db-writes;desc="6 statements", db-batch;desc="6 statements"',
    )
  })

  it('tells a signed-in learner on the home page which exercise they are on', async () => {
    const { token } = await learner()
    const html = await (await get('/', { token })).text()
    expect(html).toContain('You are working on <strong>Exercise one</strong>, in Module one.')
    const main = one(dom(html), 'main')
    expect(main.querySelector('strong')?.textContent).toBe('Exercise one')
    const link = all(main, 'a').find((a) => text(a) === 'Continue the workbook')
    expect(link?.getAttribute('href')).toBe('/workbook')
  })

  it('sends a signed-out visitor to sign in and back', async () => {
    const res = await get('/workbook/ex-one')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/sign-in?next=%2Fworkbook%2Fex-one')
  })

  it('answers 404 for an exercise that does not exist', async () => {
    const { token } = await learner()
    expect((await get('/workbook/no-such-exercise', { token })).status).toBe(404)
  })
})

describe('walking the workbook', () => {
  it('walks across exercises and modules, and the contents page follows', async () => {
    const { token } = await learner()
    const locked = await (await get('/workbook/ex-three', { token })).text()
    expect(locked).toContain('opens once you reach it')
    expect(locked).toContain('href="/workbook/ex-one"')

    await postForm(ANSWER, { answer: 'Done one', version: '0' }, { token })
    const last = await postForm(
      '/workbook/ex-one/answers/ex-one.pick',
      { answer: 'Spring', version: '0' },
      { token },
    )
    expect(last.headers.get('Location')).toBe('/workbook/ex-one#b-c3')
    const end = await (await get('/workbook/ex-one', { token })).text()
    expect(end).toContain('You have finished this exercise')
    expect(end).toContain('Well done on exercise one.')
    expect(end).toContain('href="/workbook/ex-two"')
    expect(end).not.toContain('This starts a new module')

    expect((await get('/workbook', { token })).headers.get('Location')).toBe('/workbook/ex-two')
    await postForm(
      '/workbook/ex-two/answers/ex-two.many',
      [
        ['answer', 'Music'],
        ['version', '0'],
      ],
      { token },
    )
    await postForm(
      '/workbook/ex-two/answers/ex-two.scale',
      { answer: '2', version: '0' },
      { token },
    )
    await postForm(
      '/workbook/ex-two/answers/ex-two.choice',
      { answer: 'Blue', version: '0' },
      { token },
    )
    await postForm(
      '/workbook/ex-two/answers/ex-two.list',
      { answer: 'Listening\nCooking', version: '0' },
      { token },
    )
    const end2 = await (await get('/workbook/ex-two', { token })).text()
    expect(end2).toContain('This starts a new module: Module two.')

    const contents = await (await get('/workbook/contents', { token })).text()
    const items = all(dom(contents), '.dt-contents-item')
    const item = (title: string) => items.find((i) => text(i).startsWith(title))!
    const one_ = item('Exercise one')
    expect(one_.querySelector('a')?.getAttribute('href')).toBe('/workbook/ex-one')
    expect(text(one(one_, '.dt-tag'))).toBe('Done')
    const three = one(item('Exercise three'), 'a')
    expect(three.getAttribute('href')).toBe('/workbook/ex-three')
    expect(three.getAttribute('aria-current')).toBe('step')
    expect(text(one(item('Exercise three'), '.dt-tag'))).toBe('You are here')
    const four = item('Exercise four')
    expect(four.querySelector('a')).toBeNull()
    expect(text(one(four, '.dt-contents-item__title'))).toBe('Exercise four')
    expect(text(one(four, '.dt-tag'))).toMatch(/^Opens later/)
    expect(contents).not.toContain('%')
  })
})
