import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { all, dom, one, text } from '../../../test/html'
import { get, postForm } from '../../../test/helpers'
import { answerComplete, revisions, toolRows, wholeDatabaseText } from '../../../test/sql'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import { formFields, postAction, toolBlock, expectAtomicSave } from '../../../test/tools'
import type { ActionResult, Form } from '../types'
import { ceilLog2, mostQuestions } from './insertion'
import { ranking, type RankingValue } from '.'
import { toolState } from '../present'

const LIST = { exercise: 'tools', placement: 'tools.list', block: '#b-list' }
const RANK = { exercise: 'tools', placement: 'tools.rank', block: '#b-rank' }
const page = '/workbook/tools'

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: list
          tool: list-builder
          label: Which values matter to you?
          config: { itemLabel: Value, minItems: 2, maxItems: 20 }
      - tool:
          id: rank
          tool: ranking
          label: Put your values in order.
          config: { itemLabel: Value, count: 5 }
          connections: [{ use: prefill, from: tools.list }]`)
})

// ---------------------------------------------------------------------------------------------
// The module as pure functions

type Settings = { count?: number; itemLabel?: string }
const ctx = (settings: Settings = {}, siblings = new Map<string, unknown>(), optional = false) => ({
  placementId: 'tools.rank',
  settings,
  optional,
  refs: null,
  siblings,
})
const itemsOf = (texts: string[]) => texts.map((t, i) => ({ id: `i${i}`, text: t }))
const itemsStep = (texts: string[]): RankingValue => ({ step: 'items', items: itemsOf(texts) })

/** The value an action made, failing the test if it was refused. */
function applied(result: ActionResult<RankingValue>): RankingValue {
  if (!result.ok) throw new Error(`refused: ${result.error}`)
  return result.value
}
const act = (name: string, value: RankingValue, form: Form = {}, c = ctx({ count: 20 })) =>
  ranking.actions[name]!(value, form, c)

/**
 * Puts `texts` in order through the pure actions, answering each question by `truth` (the
 * learner's real order: a lower index matters more), choosing from the two buttons the view
 * shows. Returns the order reached and the number of questions asked.
 */
function rankBy(texts: string[], truth: string[]) {
  const c = ctx({ count: 20 })
  let value = applied(act('start', itemsStep(texts), {}, c))
  let asked = 0
  while (value.step === 'compare') {
    const view = ranking.view(value, c)
    if (view.tool !== 'ranking' || !view.question) throw new Error('no question shown')
    const { first, second } = view.question
    expect(view.question.number).toBe(asked + 1)
    const pick = truth.indexOf(first.text) < truth.indexOf(second.text) ? first : second
    value = applied(act('choose', value, { item: pick.id }, c))
    asked++
    if (asked > 500) throw new Error('too many questions')
  }
  expect(value.step).toBe('ranked')
  return { order: value.items.map((i) => i.text), asked }
}

/** A small seeded random source, so every run tries the same permutations. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
function shuffled<T>(list: T[], random: () => number): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('the ranking value', () => {
  it('holds one of three steps, and refuses values that do not hang together', () => {
    const ok = (v: unknown) => ranking.shape.safeParse(v).success
    expect(ok(itemsStep(['a', 'b']))).toBe(true)
    expect(ok({ ...itemsStep(['a', 'b']), step: 'ranked' })).toBe(true)
    const compare = {
      step: 'compare',
      items: itemsOf(['a', 'b', 'c']),
      compare: { order: ['i0'], pending: ['i1', 'i2'], low: 0, high: 1, asked: 0 },
    }
    expect(ok(compare)).toBe(true)
    expect(ok({ ...compare, step: 'sorting' })).toBe(false)
    expect(
      ok({
        step: 'items',
        items: [
          { id: 'a', text: 'x' },
          { id: 'a', text: 'y' },
        ],
      }),
    ).toBe(false)
    // Comparisons that leave an item out, name one twice, or search outside the order.
    const c = compare.compare
    expect(ok({ ...compare, compare: { ...c, pending: ['i1'] } })).toBe(false)
    expect(ok({ ...compare, compare: { ...c, pending: ['i1', 'i1'] } })).toBe(false)
    expect(ok({ ...compare, compare: { ...c, high: 2 } })).toBe(false)
    expect(ok({ ...compare, compare: { ...c, low: 1 } })).toBe(false)
    expect(ok({ ...compare, compare: { ...c, asked: -1 } })).toBe(false)
    expect(ok({ ...compare, compare: { ...c, low: 0.5 } })).toBe(false)
    const many = Array.from({ length: 101 }, (_, i) => `v${i}`)
    expect(ok(itemsStep(many.slice(0, 100)))).toBe(true)
    expect(ok(itemsStep(many))).toBe(false)
  })

  it('checks the placement’s count when finishing, and only a ranked value finishes', () => {
    const five = ctx({ count: 5 })
    const ranked = (n: number): RankingValue => ({
      step: 'ranked',
      items: itemsOf(Array.from({ length: n }, (_, i) => `v${i}`)),
    })
    expect(ranking.check(ranked(5), five, true)).toBeNull()
    expect(ranking.check(ranked(6), five, true)?.error).toMatch(/Keep at most 5 items/)
    expect(ranking.check(itemsStep(['a', 'b']), five, true)?.error).toBe(
      'Put your items in order first',
    )
    // More than the count while still choosing which to keep is fine, until finishing.
    expect(ranking.check(itemsStep(['a', 'b', 'c', 'd', 'e', 'f', 'g']), five, false)).toBeNull()
    expect(ranking.check(itemsStep([]), ctx({}, new Map(), true), true)).toBeNull()
  })

  it('starts from the items its prefill connections bring, with ids fixed by their place', () => {
    const prefill = [
      { text: 'Honesty', key: 'honesty' },
      { text: 'Craft', key: 'craft' },
    ]
    const state = toolState(ranking, undefined, ctx({}) as never, prefill)
    expect(state.value).toEqual({
      step: 'items',
      items: [
        { id: 'l1', text: 'Honesty' },
        { id: 'l2', text: 'Craft' },
      ],
    })
    expect(state.prefilled).toEqual(['honesty', 'craft'])
    // Nothing brought: it starts empty.
    expect(toolState(ranking, undefined, ctx({}) as never).value).toEqual({
      step: 'items',
      items: [],
    })
  })

  it('makes starting items from an earlier plain-text answer, keeping an order it already had', () => {
    const texts = (text: string) => ranking.fromLegacy(text, ctx()).items.map((i) => i.text)
    expect(texts('Honesty\n\n- Craft\n* Family')).toEqual(['Honesty', 'Craft', 'Family'])
    expect(texts('2. Craft\n1) Honesty\n3. Family')).toEqual(['Honesty', 'Craft', 'Family'])
    const long = Array.from({ length: 30 }, (_, i) => `Value ${i + 1}`).join('\n')
    expect(texts(long)).toHaveLength(20)
    // The same text gives the same ids: the page and the next post agree on them.
    expect(ranking.fromLegacy('A\nB', ctx())).toEqual(ranking.fromLegacy('A\nB', ctx()))
  })

  it('puts ten items in order in at most ⌈10·log₂10⌉ questions, whatever the true order', () => {
    const texts = Array.from({ length: 10 }, (_, i) => `Value ${i + 1}`)
    const bound = Math.ceil(10 * Math.log2(10))
    expect(bound).toBe(34)
    const random = seeded(20240601)
    const truths = [
      texts,
      [...texts].reverse(),
      ...Array.from({ length: 200 }, () => shuffled(texts, random)),
    ]
    let most = 0
    for (const truth of truths) {
      // The items start in one order; the learner's true order is another.
      const { order, asked } = rankBy(shuffled(texts, random), truth)
      expect(order).toEqual(truth)
      expect(asked).toBeLessThanOrEqual(bound)
      most = Math.max(most, asked)
    }
    expect(most).toBeLessThanOrEqual(25)
    expect(mostQuestions(10)).toBe(25)
  })

  it('stays within ⌈n·log₂n⌉ for every size it takes, sorted and reversed', () => {
    for (let n = 2; n <= 20; n++) {
      const texts = Array.from({ length: n }, (_, i) => `V${i}`)
      for (const truth of [texts, [...texts].reverse()]) {
        for (const start of [texts, [...texts].reverse()]) {
          const { order, asked } = rankBy(start, truth)
          expect(order).toEqual(truth)
          expect(asked).toBeLessThanOrEqual(Math.ceil(n * Math.log2(n)))
          expect(asked).toBeLessThanOrEqual(mostQuestions(n))
        }
      }
    }
    expect([1, 2, 3, 4, 5, 8, 9].map(ceilLog2)).toEqual([0, 1, 2, 2, 3, 3, 4])
  })

  it('tells the learner at most how many questions are left, never fewer than come', () => {
    const texts = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
    const c = ctx({ count: 20 })
    let value = applied(act('start', itemsStep(texts), {}, c))
    const shown: number[] = []
    while (value.step === 'compare') {
      const view = ranking.view(value, c)
      if (view.tool !== 'ranking') throw new Error('not a ranking')
      shown.push(view.question!.moreAtMost)
      // Always the first button: every answer still leaves the bound true.
      value = applied(act('choose', value, { item: view.question!.first.id }, c))
    }
    shown.forEach((more, i) => expect(more).toBeGreaterThanOrEqual(shown.length - 1 - i))
    expect(shown[shown.length - 1]).toBe(0)
  })

  it('takes a choice only of one of the two items on screen', () => {
    const c = ctx({ count: 20 })
    const value = applied(act('start', itemsStep(['a', 'b', 'c']), {}, c))
    const view = ranking.view(value, c)
    if (view.tool !== 'ranking') throw new Error('not a ranking')
    const onScreen = [view.question!.first.id, view.question!.second.id]
    const other = ['i0', 'i1', 'i2'].find((id) => !onScreen.includes(id))!
    for (const item of [other, 'nope', '']) {
      const result = act('choose', value, { item }, c)
      expect(result.ok, item).toBe(false)
      if (!result.ok) expect(result.field).toBe('choice-1')
    }
  })

  it('needs two to start and at most the count, and finishes only once ranked', () => {
    const five = ctx({ count: 5, itemLabel: 'Value' })
    const one = act('start', itemsStep(['a']), {}, five)
    expect(one.ok || one.error).toMatch(/Add one more value first/)
    const six = act('start', itemsStep(['a', 'b', 'c', 'd', 'e', 'f']), {}, five)
    expect(six.ok || six.error).toBe('Keep at most 5 values to put in order. Remove 1 first')
    if (!six.ok) expect(six.field).toBe('start')
    // Typed words ride along: an item typed into the add field is put in order too.
    const typed = applied(act('start', itemsStep(['a']), { new: 'b' }, five))
    expect(typed.items.map((i) => i.text)).toEqual(['a', 'b'])
    const done = act('done', typed, {}, five)
    expect(done.ok || done.error).toMatch(/^Put your values in order first/)
    const early = act('done', itemsStep(['a', 'b']), {}, five)
    expect(early.ok || early.error).toMatch(/^Put your values in order first/)
    // An optional ranking may be left empty.
    expect(act('done', itemsStep([]), {}, ctx({}, new Map(), true)).ok).toBe(true)
  })

  it('moves ranked items by hand, starts again, and goes back to the items', () => {
    const c = ctx({ count: 20 })
    const ranked: RankingValue = { step: 'ranked', items: itemsOf(['a', 'b', 'c']) }
    const up = applied(act('up', ranked, { item: 'i2' }, c))
    expect(up.items.map((i) => i.text)).toEqual(['a', 'c', 'b'])
    const top = act('up', up, { item: 'i2' }, c)
    expect(top.ok && top.focus).toBe('down-i2')
    expect(act('up', ranked, { item: 'someone-else' }, c).ok).toBe(false)
    const again = applied(act('restart', ranked, {}, c))
    expect(again.step).toBe('compare')
    const back = applied(act('edit-items', again, {}, c))
    expect(back).toEqual({ step: 'items', items: ranked.items })
    // Not the step for it: a calm refusal, never a change.
    expect(act('choose', ranked, { item: 'i0' }, c).ok).toBe(false)
    expect(act('remove', again, { item: 'i0' }, c).ok).toBe(false)
    expect(act('up', again, { item: 'i1' }, c).ok).toBe(false)
    expect(act('restart', back, {}, c).ok).toBe(false)
    expect(act('done', ranked, {}, c).ok).toBe(true)
  })

  it('says the value in words: numbered once ranked, marked as not in order before', () => {
    const items = itemsOf(['Honesty', 'Craft'])
    expect(ranking.lines({ step: 'ranked', items }, ctx())).toEqual(['1. Honesty', '2. Craft'])
    expect(ranking.lines({ step: 'items', items }, ctx())).toEqual([
      'Not in order yet:',
      'Honesty',
      'Craft',
    ])
    expect(ranking.lines({ step: 'items', items: [] }, ctx())).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// The ranking in the workbook

const block = (token: string, path = page) => toolBlock(token, path, RANK.block)
const fields = async (token: string, path = page) => formFields(await block(token, path))

/** A learner who has listed `values` in the list builder and reached the ranking. */
async function learnerAtRanking(values = ['Honesty', 'Craft', 'Family', 'Learning']) {
  const who = await toolLearner()
  for (const value of values) {
    const list = formFields(await toolBlock(who.token, page, LIST.block))
    const res = await postAction(LIST, 'add', { ...list, new: value }, { token: who.token })
    expect(res.status).toBe(303)
  }
  const list = formFields(await toolBlock(who.token, page, LIST.block))
  expect((await postAction(LIST, 'done', list, { token: who.token })).status).toBe(303)
  return who
}

/** The two choices on screen: [id, text] each. */
async function choices(token: string, path = page) {
  return all(await block(token, path), 'button[formaction*="/choose"]').map(
    (b) =>
      [new URL(b.getAttribute('formaction')!, 'http://x').searchParams.get('item')!, text(b)] as [
        string,
        string,
      ],
  )
}

/** Answers every question by `truth` (earlier matters more), through the plain form. */
async function answerAll(token: string, truth: string[]) {
  for (let guard = 0; guard < 30; guard++) {
    const pair = await choices(token)
    if (pair.length === 0) return
    const [pick] = [...pair].sort((a, b) => truth.indexOf(a[1]) - truth.indexOf(b[1]))
    const res = await postAction(RANK, 'choose', await fields(token), { token, item: pick![0] })
    expect(res.status).toBe(303)
  }
  throw new Error('the questions did not end')
}

/** Words nothing else in the database holds, to look for in it. */
const VALUES = ['Honesty always', 'Fine craft', 'Family time', 'Lifelong learning']

const orderShown = async (token: string, path = page) =>
  all(await block(token, path), '.dt-ranking-order__text').map(text)

describe('the ranking in the workbook', () => {
  it('starts from the list above, asks, ranks and saves its rows, without JavaScript', async () => {
    const { token, userId } = await learnerAtRanking(VALUES)
    const start = await block(token)
    expect(text(one(start, '[data-use="prefill"]'))).toContain(
      'This starts from your list in Trying a tool',
    )
    expect(all(start, 'input[name^="text-"]').map((i) => i.getAttribute('value'))).toEqual([
      ...VALUES,
    ])
    // Before it is ranked there are no rows, only the guarded delete.
    const edited = await postAction(RANK, 'save', await fields(token), { token })
    expect(edited.status).toBe(303)
    expect(await toolRows('ranked_items', userId, RANK.placement)).toEqual([])

    const res = await postAction(RANK, 'start', await fields(token), { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#rank-choice-1`)
    const asking = await block(token)
    expect(text(one(asking, 'legend'))).toBe('Which matters more to you?')
    expect(text(asking)).toMatch(/Question 1\. At most 4 more to go\./)
    expect(await answerComplete(userId, RANK.placement)).toBe(0)

    const truth = ['Family time', 'Honesty always', 'Lifelong learning', 'Fine craft']
    await answerAll(token, truth)
    expect(await orderShown(token)).toEqual(truth)
    const rows = await toolRows('ranked_items', userId, RANK.placement)
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4])
    const ids = all(await block(token), 'button[formaction*="/down"]').map((b) =>
      new URL(b.getAttribute('formaction')!, 'http://x').searchParams.get('item'),
    )
    expect(rows.map((r) => r.item_id).slice(0, 3)).toEqual(ids)
    const db = await wholeDatabaseText()
    for (const word of truth) expect(db).not.toContain(word)

    // By hand: "Lifelong learning" up one place.
    const buttons = all(await block(token), 'button').map(text)
    expect(buttons).toContain('Move up “Lifelong learning”')
    expect(buttons).toContain('Move down “Family time”')
    expect(buttons).not.toContain('Move up “Family time”')
    const learning = rows.find((r) => r.rank === 3)!.item_id as string
    const up = await postAction(RANK, 'up', await fields(token), { token, item: learning })
    expect(up.status).toBe(303)
    expect(await orderShown(token)).toEqual([
      'Family time',
      'Lifelong learning',
      'Honesty always',
      'Fine craft',
    ])
    const after = await toolRows('ranked_items', userId, RANK.placement)
    expect(after.find((r) => r.item_id === learning)?.rank).toBe(2)

    const done = await postAction(RANK, 'done', await fields(token), { token })
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, RANK.placement)).toBe(1)
    const finished = text(await block(token))
    expect(finished).toContain('1. Family time')
    expect(finished).toContain('2. Lifelong learning')

    // Going back to the items clears the order and its rows.
    const edit = `/workbook/tools/answers/${RANK.placement}/edit`
    const back = await postAction(RANK, 'edit-items', await fields(token, edit), { token })
    expect(back.status).toBe(303)
    expect(await toolRows('ranked_items', userId, RANK.placement)).toEqual([])
    expect(all(await block(token, edit), 'input[name^="text-"]')).toHaveLength(4)
  })

  it('answers htmx with the block, announced, focus on the next question’s first button', async () => {
    const { token } = await learnerAtRanking()
    const started = await postAction(RANK, 'start', await fields(token), { token, htmx: true })
    expect(started.status).toBe(200)
    expect(started.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await started.text())
    const tool = one(root, RANK.block)
    expect(one(tool, '#rank-choice-1').hasAttribute('autofocus')).toBe(true)
    expect(text(one(root, '#dt-status'))).toBe(
      'Question 1 of at most 5: which matters more to you?',
    )
    const [first] = await choices(token)
    const chosen = await postAction(RANK, 'choose', formFields(tool), {
      token,
      htmx: true,
      item: first![0],
    })
    expect(chosen.status).toBe(200)
    const next = dom(await chosen.text())
    expect(one(one(next, RANK.block), '#rank-choice-1').hasAttribute('autofocus')).toBe(true)
    expect(text(one(next, '#dt-status'))).toBe(`You chose “${first![1]}”. Question 2.`)
    expect(text(one(next, RANK.block))).toContain('Question 2.')
  })

  it('refuses what does not fit with a 422, an error summary and the typed words kept', async () => {
    const { token, userId } = await learnerAtRanking(['Honesty', 'Craft', 'Family', 'Learning'])
    const items = await block(token)
    const firstField = one(items, 'input[name^="text-"]').getAttribute('name')!
    const base = await fields(token)
    const cases: [string, Record<string, string>, string | undefined, RegExp, string][] = [
      ['done', { new: 'Kept words' }, undefined, /Put your values in order first/, '#rank-start'],
      ['choose', { new: 'Kept words' }, 'i0', /no question to answer now/, '#rank-start'],
      ['add', { new: 'x'.repeat(301) }, undefined, /300 characters or fewer/, '#rank-new'],
      ['save', { [firstField]: '', new: 'Kept words' }, undefined, /Value 1 is empty/, ''],
      ['remove', { new: 'Kept words' }, 'not-mine', /no longer in your list/, ''],
      ['restart', { new: 'Kept words' }, undefined, /no questions to start again/, '#rank-start'],
    ]
    for (const [action, more, item, message, target] of cases) {
      const res = await postAction(RANK, action, { ...base, ...more }, { token, item })
      expect(res.status, action).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary), action).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      if (target) expect(href).toBe(target)
      expect(dom(html).querySelector(href), href).not.toBeNull()
      if (more.new === 'Kept words') expect(html, action).toContain('value="Kept words"')
    }
    // A fifth fits; a sixth would be more than the five this ranking puts in order.
    const six = await postAction(RANK, 'add', { ...base, new: 'Faith' }, { token })
    expect(six.status).toBe(303)
    const f = await fields(token)
    const seventh = await postAction(RANK, 'add', { ...f, new: 'Peace' }, { token })
    expect(seventh.status).toBe(422)
    expect(await seventh.text()).toContain('value="Peace"')

    // Now in the compare step: a choice that is not on screen, or a finish, is refused.
    expect((await postAction(RANK, 'start', f, { token })).status).toBe(303)
    const c = await fields(token)
    const onScreen = (await choices(token)).map(([id]) => id)
    const names = all(items, 'input[name^="text-"]').map((i) =>
      i.getAttribute('name')!.slice('text-'.length),
    )
    const other = names.find((id) => !onScreen.includes(id))!
    for (const [action, item, message] of [
      ['choose', other, /not one of the two shown now/],
      ['done', undefined, /Put your values in order first: answer the question below/],
      ['remove', other, /first choose “Change your values”/],
    ] as const) {
      const res = await postAction(RANK, action, c, { token, item })
      expect(res.status, action).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      expect(one(summary, 'a').getAttribute('href')).toBe('#rank-choice-1')
      expect(dom(html).querySelector('#rank-choice-1')).not.toBeNull()
    }
    expect(await choices(token)).toHaveLength(2)
    expect(await toolRows('ranked_items', userId, RANK.placement)).toEqual([])
  })

  it('asks the learner to keep at most the count before comparing', async () => {
    const { token } = await learnerAtRanking(['A', 'B', 'C', 'D', 'E', 'F', 'G'])
    const shown = text(await block(token))
    expect(shown).toContain(
      'You have 7 values. Keep at most 5: remove 2 before you put them in order.',
    )
    const res = await postAction(RANK, 'start', await fields(token), { token })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(text(one(dom(html), '.dt-error-summary'))).toContain(
      'Keep at most 5 values to put in order. Remove 2 first',
    )
    expect(one(dom(html), '#rank-start').getAttribute('aria-describedby')).toBe(
      'rank-start-hint rank-start-error',
    )
  })

  it('keeps a stale save from a second tab from touching the rows', async () => {
    const { token, userId } = await learnerAtRanking(['Honesty', 'Craft'])
    expect((await postAction(RANK, 'start', await fields(token), { token })).status).toBe(303)
    const tabA = await fields(token)
    const tabB = await fields(token)
    const [pick] = await choices(token)
    expect((await postAction(RANK, 'choose', tabA, { token, item: pick![0] })).status).toBe(303)
    const before = await toolRows('ranked_items', userId, RANK.placement)
    expect(before).toHaveLength(2)
    const stale = await postAction(RANK, 'restart', tabB, { token })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('This changed somewhere else')
    expect(await toolRows('ranked_items', userId, RANK.placement)).toEqual(before)
    expect(await orderShown(token)).toEqual([
      pick![1],
      pick![1] === 'Honesty' ? 'Craft' : 'Honesty',
    ])
    expect((await revisions(userId, RANK.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save that ranks fails at any statement of its batch', async () => {
    const { token, userId } = await learnerAtRanking(['Honesty', 'Craft'])
    expect((await postAction(RANK, 'start', await fields(token), { token })).status).toBe(303)
    const f = await fields(token)
    const [pick] = await choices(token)
    // Batch 2 is the save: answer, 3 revision writes, conflict, delete and insert of the rows,
    // and the read back.
    const saved = await expectAtomicSave(
      (env) => postAction(RANK, 'choose', f, { token, item: pick![0], env }),
      { userId, placement: RANK.placement, tables: ['ranked_items'] },
      8,
    )
    expect(saved.status).toBe(303)
    expect(await toolRows('ranked_items', userId, RANK.placement)).toHaveLength(2)
  })

  it('does not act on another learner’s items', async () => {
    const a = await learnerAtRanking(['Private value', 'Another private one'])
    // Items brought from the list take ids from their place (l1, l2…), the same for everyone;
    // one the learner adds here has an id of its own, which another learner's items never have.
    const added = await postAction(
      RANK,
      'add',
      { ...(await fields(a.token)), new: 'A third private one' },
      { token: a.token },
    )
    expect(added.status).toBe(303)
    const own = all(await block(a.token), 'input[name^="text-"]')
      .map((i) => i.getAttribute('name')!.slice('text-'.length))
      .find((id) => !/^l[0-9]+$/.test(id))!
    expect(
      (await postAction(RANK, 'start', await fields(a.token), { token: a.token })).status,
    ).toBe(303)
    const aPick = [own]
    const b = await learnerAtRanking(['Mine', 'Also mine'])
    expect(
      (await postAction(RANK, 'start', await fields(b.token), { token: b.token })).status,
    ).toBe(303)
    const res = await postAction(RANK, 'choose', await fields(b.token), {
      token: b.token,
      item: aPick![0],
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).not.toContain('Private value')
    expect(await choices(a.token)).toHaveLength(2)
    expect(await toolRows('ranked_items', a.userId, RANK.placement)).toEqual([])
    expect(own).toMatch(/^[A-Za-z0-9_-]{8}$/)
  })

  it('keeps an earlier plain-text answer, shows it, and offers it as starting items', async () => {
    const { token, userId } = await learnerAtRanking()
    await postForm(
      `/workbook/tools/answers/${RANK.placement}`,
      { answer: '1. Faith\n2. Health', version: '0' },
      { token },
    )
    const edit = `/workbook/tools/answers/${RANK.placement}/edit`
    const answered = await block(token)
    expect(text(answered)).toContain('You wrote this here before this tool existed')
    // The learner's own words for this block come first, not the list above.
    const reopened = await block(token, edit)
    expect(all(reopened, 'input[name^="text-"]').map((i) => i.getAttribute('value'))).toEqual([
      'Faith',
      'Health',
    ])
    expect(reopened.querySelector('[data-use="prefill"]')?.textContent).not.toContain(
      'This starts from',
    )
    // An edit typed into a starting item sticks, since its id is the same on the next post.
    const name = one(reopened, 'input[name^="text-"]').getAttribute('name')!
    const res = await postAction(
      RANK,
      'save',
      { ...formFields(reopened), [name]: 'Faith and doubt' },
      { token },
    )
    expect(res.status).toBe(303)
    const saved = await block(token, edit)
    expect(all(saved, 'input[name^="text-"]').map((i) => i.getAttribute('value'))).toEqual([
      'Faith and doubt',
      'Health',
    ])
    expect(text(saved)).toContain('1. Faith')
    expect(await toolRows('ranked_items', userId, RANK.placement)).toEqual([])
  })
})
