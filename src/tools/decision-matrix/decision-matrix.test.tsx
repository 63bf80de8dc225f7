import { beforeAll, describe, expect, it } from 'vitest'
import { TOOLS } from '../../content/tools'
import { all, dom, one, text, type HTMLElement } from '../../../test/html'
import { get, postForm } from '../../../test/helpers'
import {
  answerComplete,
  answerRow,
  revisions,
  toolRows,
  wholeDatabaseText,
} from '../../../test/sql'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import { expectAtomicSave, formFields, postAction, toolBlock } from '../../../test/tools'
import {
  applyEdits,
  blankOption,
  decisionMatrix,
  sortedOptions,
  sortOf,
  type CareerOption,
  type OptionsValue,
} from '.'

const MATRIX = { exercise: 'tools', placement: 'tools.matrix', block: '#b-matrix' }
const page = '/workbook/tools'

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: matrix
          tool: decision-matrix
          label: Compare your options.
          hint: Two or three is plenty.
          config: { maxOptions: 3 }
      - tool:
          id: other
          tool: decision-matrix
          label: Compare some more.
          optional: true
          config: {}`)
})

// ---------------------------------------------------------------------------------------------
// Pure helpers

const ctx = (settings: { maxOptions?: number } = {}, optional = false, refs = null) => ({
  placementId: 'tools.matrix',
  settings,
  optional,
  refs,
  siblings: new Map(),
})

const rated = (
  id: string,
  title: string,
  [story, work, life, unknowns]: (number | null)[] = [4, 3, 5, 2],
): CareerOption => ({
  id,
  title,
  description: `About ${title}.`,
  ratings: { story: story!, work: work!, life: life!, unknowns: unknowns! },
  notes: '',
})

const valueOf = (...options: CareerOption[]): OptionsValue => ({ options })

/** The form fields of one option, as a learner would fill them in. */
const optionFields = (
  id: string,
  title: string,
  [story, work, life, unknowns]: number[] = [4, 3, 5, 2],
  more: { description?: string; notes?: string } = {},
) => ({
  [`title-${id}`]: title,
  [`description-${id}`]: more.description ?? '',
  [`notes-${id}`]: more.notes ?? '',
  [`story-${id}`]: String(story),
  [`work-${id}`]: String(work),
  [`life-${id}`]: String(life),
  [`unknowns-${id}`]: String(unknowns),
})

describe('the career options value', () => {
  it('holds options with ids, text and ratings from 1 to 5 (or none yet), and refuses anything else', () => {
    expect(decisionMatrix.shape.safeParse(valueOf(rated('a', 'Nurse'))).success).toBe(true)
    expect(decisionMatrix.shape.safeParse(valueOf(blankOption('a'))).success).toBe(true)
    expect(decisionMatrix.shape.safeParse(valueOf()).success).toBe(true)
    const bad: unknown[] = [
      valueOf(rated('bad id!', 'Nurse')),
      valueOf(rated('a', 'Nurse', [0, 3, 3, 3])),
      valueOf(rated('a', 'Nurse', [6, 3, 3, 3])),
      valueOf(rated('a', 'Nurse', [2.5, 3, 3, 3])),
      valueOf({ ...rated('a', 'Nurse'), ratings: { story: 3 } as never }),
      valueOf({ ...rated('a', 'Nurse'), notes: undefined as never }),
      { options: Array.from({ length: 11 }, (_, i) => rated(`o${i}`, 'x')) },
      'Nurse, baker',
    ]
    for (const v of bad)
      expect(decisionMatrix.shape.safeParse(v).success, JSON.stringify(v)).toBe(false)
  })

  it('takes maxOptions from 2 to 10 as its only setting', () => {
    const settings = TOOLS['decision-matrix'].settings
    for (const ok of [{}, { maxOptions: 2 }, { maxOptions: 10 }])
      expect(settings.safeParse(ok).success, JSON.stringify(ok)).toBe(true)
    for (const bad of [
      { maxOptions: 1 },
      { maxOptions: 11 },
      { maxOptions: 2.5 },
      { criteriaCount: 5 },
    ])
      expect(settings.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })

  it('checks the limits at their boundaries', () => {
    const c = ctx({ maxOptions: 2 })
    const two = valueOf(rated('a', 'A'), rated('b', 'B'))
    expect(decisionMatrix.check(two, c, true)).toBeNull()
    expect(
      decisionMatrix.check(valueOf(rated('a', 'A'), rated('b', 'B'), rated('c', 'C')), c, false),
    ).toEqual({ error: 'This compares at most 2 options. Remove one', field: 'add' })
    // Five by default.
    const five = valueOf(...['a', 'b', 'c', 'd', 'e'].map((id) => rated(id, id)))
    expect(decisionMatrix.check(five, ctx(), true)).toBeNull()
    expect(
      decisionMatrix.check({ options: [...five.options, rated('f', 'f')] }, ctx(), false),
    ).not.toBeNull()
    expect(decisionMatrix.check(valueOf(rated('a', 'x'.repeat(120))), c, false)).toBeNull()
    expect(decisionMatrix.check(valueOf(rated('a', 'x'.repeat(121))), c, false)).toEqual({
      error: 'The title of option 1 must be 120 characters or fewer',
      field: 'title-a',
    })
    const notes = (n: number) => valueOf({ ...rated('a', 'A'), notes: 'n'.repeat(n) })
    expect(decisionMatrix.check(notes(1000), c, false)).toBeNull()
    expect(decisionMatrix.check(notes(1001), c, false)?.field).toBe('notes-a')
  })

  it('finishes with two options, each with a title and all four ratings, unless optional', () => {
    const c = ctx()
    expect(decisionMatrix.check(valueOf(rated('a', 'A')), c, false)).toBeNull()
    expect(decisionMatrix.check(valueOf(rated('a', 'A')), c, true)).toEqual({
      error: 'Add one more option before you continue: comparing needs at least two',
      field: 'add',
    })
    expect(decisionMatrix.check(valueOf(), c, true)?.error).toMatch(/^Add two options/)
    expect(decisionMatrix.check(valueOf(rated('a', 'A'), blankOption('b')), c, true)).toEqual({
      error: 'Give option 2 a title before you continue, or remove it',
      field: 'title-b',
    })
    const noLife = rated('b', 'Baker', [3, 3, null, 3])
    expect(decisionMatrix.check(valueOf(rated('a', 'A'), noLife), c, true)).toEqual({
      error: 'Rate “Baker” on life needs before you continue: each option needs all four ratings',
      field: 'life-b',
    })
    expect(decisionMatrix.check(valueOf(), ctx({}, true), true)).toBeNull()
    expect(decisionMatrix.check(valueOf(blankOption('a')), ctx({}, true), true)).toBeNull()
  })
})

describe('the career options actions', () => {
  const act = (
    name: string,
    value: OptionsValue,
    form: Record<string, unknown>,
    c: ReturnType<typeof ctx> = ctx(),
  ) => decisionMatrix.actions[name]!(value, form, c)

  it('applies the typed fields of every option before every action', () => {
    const value = valueOf(blankOption('a'), rated('b', 'Baker'))
    const typed = { ...optionFields('a', 'Nurse', [5, 4, 3, 2], { notes: 'Ask Sam' }), item: 'b' }
    for (const name of ['save', 'add', 'remove', 'done']) {
      const result = act(name, value, typed)
      expect(result.ok, name).toBe(true)
      if (!result.ok) continue
      expect(result.value.options[0], name).toEqual({
        id: 'a',
        title: 'Nurse',
        description: '',
        ratings: { story: 5, work: 4, life: 3, unknowns: 2 },
        notes: 'Ask Sam',
      })
    }
    // A field not posted leaves its part as it was, a rating too.
    const kept = applyEdits(value, { 'title-b': 'Bakery owner' })
    expect(kept.ok && kept.value.options[1]).toEqual({
      ...rated('b', 'Baker'),
      title: 'Bakery owner',
    })
  })

  it('refuses a rating outside 1 to 5, text over its limit, and hidden characters, keeping what was typed', () => {
    const value = valueOf(blankOption('a'))
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { 'title-a': 'Nurse', 'work-a': '6' },
        'work-a',
        /rating from 1 to 5 for work needs of option 1/,
      ],
      [{ 'title-a': 'Nurse', 'story-a': 'lots' }, 'story-a', /rating from 1 to 5/],
      [{ 'title-a': 'Nurse', 'unknowns-a': '' }, 'unknowns-a', /rating from 1 to 5/],
      [{ 'title-a': 'x'.repeat(121) }, 'title-a', /^The title of option 1: .*120 characters/],
      [{ 'title-a': 'Nurse', 'notes-a': 'n'.repeat(1001) }, 'notes-a', /1,000 characters/],
      [{ 'title-a': 'Nurse', 'description-a': 'Bell\u0007' }, 'description-a', /hidden control/],
    ]
    for (const [form, field, message] of cases) {
      const result = applyEdits(value, form)
      expect(result.ok, field).toBe(false)
      if (result.ok) continue
      expect(result.field).toBe(field)
      expect(result.error).toMatch(message)
      expect(result.kept['title-a']).toBe(form['title-a'])
    }
    expect(
      applyEdits(value, { 'title-a': 'x'.repeat(120), 'story-a': '1', 'work-a': '5' }).ok,
    ).toBe(true)
  })

  it('adds a blank option up to the maximum, focused on its title', () => {
    const c = ctx({ maxOptions: 2 })
    const added = act('add', valueOf(rated('a', 'A')), {}, c)
    expect(added.ok).toBe(true)
    if (!added.ok) return
    const fresh = added.value.options[1]!
    expect(fresh).toEqual(blankOption(fresh.id))
    expect(fresh.id).not.toBe('a')
    expect(added.focus).toBe(`title-${fresh.id}`)
    const again = act('add', added.value, { 'title-a': 'Kept' }, c)
    expect(again).toMatchObject({ ok: false, field: 'add', kept: { 'title-a': 'Kept' } })
    expect(!again.ok && again.error).toMatch(/2 options, the most this compares/)
  })

  it('removes the option its button names, and refuses one it does not have', () => {
    const value = valueOf(rated('a', 'Nurse'), rated('b', 'Baker'))
    const gone = act('remove', value, { item: 'a' })
    expect(gone.ok && gone.value).toEqual(valueOf(rated('b', 'Baker')))
    expect(gone.ok && gone.announce).toBe('Removed “Nurse”. You have 1 option.')
    const unknown = act('remove', value, { item: 'nope', 'title-a': 'Kept' })
    expect(unknown).toMatchObject({ ok: false, field: 'title-a', kept: { 'title-a': 'Kept' } })
    expect(!unknown.ok && unknown.error).toMatch(/no longer among your options/)
    expect(act('remove', valueOf(), { item: 'a' })).toMatchObject({ ok: false, field: 'add' })
  })
})

describe('sorting the comparison', () => {
  it('puts the highest rating first, unrated last, ties in the learner’s order', () => {
    const options = [
      rated('a', 'A', [2, 5, 1, 1]),
      rated('b', 'B', [4, null, 1, 1]),
      rated('c', 'C', [4, 3, 1, 1]),
      rated('d', 'D', [5, 3, 1, 1]),
    ]
    expect(sortedOptions(options, 'story').map((o) => o.id)).toEqual(['d', 'b', 'c', 'a'])
    expect(sortedOptions(options, 'work').map((o) => o.id)).toEqual(['a', 'c', 'd', 'b'])
    expect(sortedOptions(options, null).map((o) => o.id)).toEqual(['a', 'b', 'c', 'd'])
    // The learner's own order is never changed by sorting.
    expect(options.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('reads only the four criteria from the query string', () => {
    expect(sortOf(new URLSearchParams('sort=life&options=matrix'))).toEqual({
      sort: 'life',
      options: 'matrix',
    })
    for (const q of ['sort=total', 'sort=', '', 'sort=__proto__', 'sort=title'])
      expect(sortOf(new URLSearchParams(q)).sort, q).toBeNull()
  })

  it('sorts only the assessment the link names', () => {
    const value = valueOf(rated('a', 'A', [1, 1, 1, 1]), rated('b', 'B', [5, 5, 5, 5]))
    const view = (refs: unknown) =>
      decisionMatrix.view(value, { ...ctx(), refs: refs as never }) as {
        sorted: string[]
        sort: unknown
      }
    expect(view({ sort: 'work', options: 'matrix' })).toMatchObject({
      sort: 'work',
      sorted: ['b', 'a'],
    })
    expect(view({ sort: 'work', options: 'other' })).toMatchObject({
      sort: null,
      sorted: ['a', 'b'],
    })
    expect(view(null)).toMatchObject({ sort: null, sorted: ['a', 'b'] })
  })
})

describe('an earlier plain-text answer, and the plain words', () => {
  it('becomes one option per line, up to the maximum, titled but not rated', () => {
    const value = decisionMatrix.fromLegacy(
      '- Nurse\n\n* Baker\n3. Gardener\nPlumber',
      ctx({ maxOptions: 3 }),
    )
    expect(value.options.map((o) => [o.id, o.title])).toEqual([
      ['o1', 'Nurse'],
      ['o2', 'Baker'],
      ['o3', 'Gardener'],
    ])
    expect(value.options[0]!.ratings).toEqual({
      story: null,
      work: null,
      life: null,
      unknowns: null,
    })
    expect(decisionMatrix.fromLegacy('   ', ctx())).toEqual(decisionMatrix.empty(ctx()))
  })

  it('says each option with its ratings, its description and its notes', () => {
    const value = valueOf(
      { ...rated('a', 'Nurse', [4, 3, null, 2]), notes: 'Night shifts?' },
      blankOption('b'),
    )
    expect(decisionMatrix.lines(value, ctx())).toEqual([
      'Nurse, out of 5: fit with your story 4, work needs 3, life needs not rated, unknowns 2',
      'About Nurse.',
      'Notes: Night shifts?',
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// In the workbook

const block = (token: string, path = page) => toolBlock(token, path, MATRIX.block)
const fieldValue = (root: HTMLElement, name: string) => {
  const el = one(root, `[name="${name}"]`)
  return el.tagName === 'TEXTAREA' ? el.textContent.replace(/^\n/, '') : el.getAttribute('value')
}
const checked = (root: HTMLElement, name: string) =>
  all(root, `input[name="${name}"][checked]`).map((i) => i.getAttribute('value'))

const TWO = {
  ...optionFields('o1', 'Community nurse', [4, 3, 2, 3], {
    description: 'Visiting patients at home.',
    notes: 'Ask about the night rota.',
  }),
  ...optionFields('o2', 'Market stall', [3, 2, 5, 1], { description: 'Selling plants.' }),
}

describe('the career options assessment in the workbook', () => {
  it('compares two options without JavaScript, each action a 303 back to the tool, the text sealed', async () => {
    const { token, userId } = await toolLearner()
    const first = await block(token)
    // Two blank options to start, each a fieldset with its ratings as radio groups.
    expect(all(first, 'legend.dt-option__title').map(text)).toEqual(['Option 1', 'Option 2'])
    expect(all(first, 'input[name="story-o1"][type="radio"]')).toHaveLength(5)
    expect(text(first)).toContain('5 is the better end')
    expect(all(first, 'table')).toHaveLength(0)

    const res = await postAction(MATRIX, 'save', { ...formFields(first), ...TWO }, { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#matrix-add`)
    const saved = await block(token)
    expect(fieldValue(saved, 'title-o1')).toBe('Community nurse')
    expect(fieldValue(saved, 'notes-o1')).toBe('Ask about the night rota.')
    expect(checked(saved, 'life-o2')).toEqual(['5'])
    expect(await answerComplete(userId, MATRIX.placement)).toBe(0)

    const rows = await toolRows('career_options', userId, MATRIX.placement)
    expect(
      rows.map((r) => [r.option_id, r.position, r.story_fit, r.work_fit, r.life_fit, r.unknowns]),
    ).toEqual([
      ['o1', 1, 4, 3, 2, 3],
      ['o2', 2, 3, 2, 5, 1],
    ])
    expect(String(rows[0]!.content_ct)).toMatch(/^v2\./)
    const db = await wholeDatabaseText()
    for (const t of [
      'Community nurse',
      'Visiting patients',
      'night rota',
      'Market stall',
      'Selling plants',
    ])
      expect(db).not.toContain(t)

    // Side by side: options as rows, the four ratings as columns, in the learner's order.
    const table = one(saved, 'table')
    expect(text(one(table, 'caption'))).toMatch(/in the order you added them/)
    expect(all(table, 'thead th[scope="col"]').map(text)).toEqual([
      'Option',
      'Sort by Fit with your story (highest first)',
      'Sort by Work needs (highest first)',
      'Sort by Life needs (highest first)',
      'Sort by Unknowns (highest first)',
    ])
    expect(all(table, 'tbody th[scope="row"]').map(text)).toEqual([
      'Community nurse',
      'Market stall',
    ])
    expect(all(table, '[aria-sort]')).toHaveLength(0)

    const done = await postAction(MATRIX, 'done', formFields(await block(token)), { token })
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, MATRIX.placement)).toBe(1)
    const summary = all(
      one(dom(await (await get(page, { token })).text()), MATRIX.block),
      '.dt-answer__list li',
    ).map(text)
    expect(summary).toContain(
      'Community nurse, out of 5: fit with your story 4, work needs 3, life needs 2, unknowns 3',
    )
  })

  it('sorts the table by any rating through a GET link, saying how it is sorted', async () => {
    const { token } = await toolLearner()
    await postAction(MATRIX, 'save', { ...formFields(await block(token)), ...TWO }, { token })
    const shown = await block(token)
    const link = all(shown, 'thead a').find((a) => text(a).includes('Life needs'))!
    const href = link.getAttribute('href')!
    expect(href).toBe('/workbook/tools?sort=life&options=matrix#matrix-compare')
    const sorted = await block(token, href.split('#')[0])
    const table = one(sorted, 'table')
    expect(table.getAttribute('id')).toBe('matrix-compare')
    expect(text(one(table, 'caption'))).toMatch(/sorted by life needs, highest first/)
    expect(all(table, 'tbody th').map(text)).toEqual(['Market stall', 'Community nurse'])
    const marked = all(table, '[aria-sort]')
    expect(marked.map((th) => [th.getAttribute('aria-sort'), th.getAttribute('scope')])).toEqual([
      ['descending', 'col'],
    ])
    expect(text(marked[0]!)).toContain('Life needs')
    // The editable fields keep the learner's order; a link goes back to it.
    expect(all(sorted, 'legend.dt-option__title').map(text)).toEqual([
      'Option 1: Community nurse',
      'Option 2: Market stall',
    ])
    expect(all(sorted, 'a').map(text)).toContain('Show them in the order you added them')
    // Another assessment's sort, or a sort that is no rating, changes nothing here.
    for (const q of ['?sort=life&options=other', '?sort=total&options=matrix']) {
      const plain = one(await block(token, `${page}${q}`), 'table')
      expect(all(plain, 'tbody th').map(text), q).toEqual(['Community nurse', 'Market stall'])
      expect(all(plain, '[aria-sort]'), q).toHaveLength(0)
    }
  })

  it('answers htmx with the tool block itself, announced, varying on HX-Request', async () => {
    const { token } = await toolLearner()
    const res = await postAction(
      MATRIX,
      'add',
      { ...formFields(await block(token)), ...TWO },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    expect(text(one(root, '#dt-status'))).toBe('Added option 3. Your other options are saved.')
    const tool = one(root, MATRIX.block)
    const titles = all(tool, 'input[name^="title-"]')
    expect(titles).toHaveLength(3)
    expect(titles[2]!.hasAttribute('autofocus')).toBe(true)
    expect(titles[2]!.getAttribute('value')).toBe('')
    // Three is this placement's most: no more adding, said plainly.
    expect(all(tool, 'button').map(text)).not.toContain('Add another option')
    expect(text(one(tool, '#matrix-add'))).toMatch(/the most this compares/)
    expect(all(tool, 'button').map(text)).toContain('Remove “Market stall”')
    expect(formFields(tool).version).toBe('1')
    // Enter in a field of a full tool keeps focus on the note that takes the add button's place.
    const saved = await postAction(MATRIX, 'save', formFields(tool), { token, htmx: true })
    expect(one(dom(await saved.text()), '#matrix-add').hasAttribute('autofocus')).toBe(true)
  })

  it('refuses bad input with a 422, an error summary whose link lands, and the input kept', async () => {
    const { token, userId } = await toolLearner()
    const fields = formFields(await block(token))
    const cases: [string, Record<string, string>, string | undefined, RegExp, string][] = [
      ['done', { ...TWO, 'title-o2': '' }, undefined, /Give option 2 a title/, '#matrix-title-o2'],
      [
        'save',
        { ...TWO, 'work-o1': '9' },
        undefined,
        /rating from 1 to 5 for work needs/,
        '#matrix-work-o1',
      ],
      [
        'save',
        { ...TWO, 'notes-o2': 'n'.repeat(1001) },
        undefined,
        /1,000 characters/,
        '#matrix-notes-o2',
      ],
      ['remove', TWO, 'not-mine', /no longer among your options/, '#matrix-title-o1'],
    ]
    for (const [action, more, item, message, target] of cases) {
      const res = await postAction(MATRIX, action, { ...fields, ...more }, { token, item })
      expect(res.status, action).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(href).toBe(target)
      expect(dom(html).querySelector(href), href).not.toBeNull()
      const tool = one(dom(html), MATRIX.block)
      expect(fieldValue(tool, 'title-o1')).toBe('Community nurse')
      expect(fieldValue(tool, 'description-o1')).toBe('Visiting patients at home.')
      expect(checked(tool, 'story-o1')).toEqual(['4'])
    }
    // Unrated, with the rest filled: the link lands on the first radio of that rating.
    const unrated = Object.fromEntries(Object.entries(TWO).filter(([k]) => k !== 'unknowns-o2'))
    const res = await postAction(MATRIX, 'done', { ...fields, ...unrated }, { token })
    expect(res.status).toBe(422)
    const html = await res.text()
    const href = one(one(dom(html), '.dt-error-summary'), 'a').getAttribute('href')!
    expect(href).toBe('#matrix-unknowns-o2')
    expect(one(dom(html), href).getAttribute('type')).toBe('radio')
    expect(text(one(dom(html), MATRIX.block))).toMatch(/Rate “Market stall” on unknowns/)
    expect(await answerRow(userId, MATRIX.placement)).toBeNull()
    expect(await toolRows('career_options', userId, MATRIX.placement)).toEqual([])
  })

  it('keeps a stale save from a second tab from touching the options', async () => {
    const { token, userId } = await toolLearner()
    await postAction(MATRIX, 'save', { ...formFields(await block(token)), ...TWO }, { token })
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect(
      (await postAction(MATRIX, 'save', { ...tabA, 'title-o1': 'From A' }, { token })).status,
    ).toBe(303)
    const before = await toolRows('career_options', userId, MATRIX.placement)
    const stale = await postAction(
      MATRIX,
      'save',
      { ...tabB, 'title-o1': 'From B', 'story-o1': '1' },
      { token },
    )
    expect(stale.status).toBe(409)
    const html = await stale.text()
    expect(html).toContain('This changed somewhere else')
    expect(html).toContain('value="From B"')
    expect(await toolRows('career_options', userId, MATRIX.placement)).toEqual(before)
    expect((await revisions(userId, MATRIX.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    expect(
      (await postAction(MATRIX, 'save', { ...formFields(await block(token)), ...TWO }, { token }))
        .status,
    ).toBe(303)
    const fields = { ...formFields(await block(token)), ...TWO, 'title-o1': 'Renamed' }
    // Batch 2 is the save: the answer, 3 revision writes, the conflict, the delete and insert of
    // the options, and the read back.
    const saved = await expectAtomicSave(
      (env) => postAction(MATRIX, 'add', fields, { token, env }),
      { userId, placement: MATRIX.placement, tables: ['career_options'] },
      8,
    )
    expect(saved.status).toBe(303)
    expect(await toolRows('career_options', userId, MATRIX.placement)).toHaveLength(3)
  })

  it('does not act on another learner’s options', async () => {
    const a = await toolLearner()
    await postAction(
      MATRIX,
      'add',
      { ...formFields(await block(a.token)), ...TWO, 'title-o1': 'Private plan' },
      { token: a.token },
    )
    const aId = (await toolRows('career_options', a.userId, MATRIX.placement))
      .map((r) => String(r.option_id))
      .find((id) => !['o1', 'o2'].includes(id))!
    expect(aId).toBeTruthy()
    const b = await toolLearner()
    const res = await postAction(MATRIX, 'remove', formFields(await block(b.token)), {
      token: b.token,
      item: aId,
    })
    expect(res.status).toBe(422)
    expect(await res.text()).not.toContain('Private plan')
    expect(await toolRows('career_options', b.userId, MATRIX.placement)).toEqual([])
    expect(await toolRows('career_options', a.userId, MATRIX.placement)).toHaveLength(3)
    expect(fieldValue(await block(a.token), 'title-o1')).toBe('Private plan')
  })

  it('keeps an earlier plain-text answer, shows it, and offers its lines as options', async () => {
    const { token, userId } = await toolLearner()
    const legacy = 'Nurse: 4, 3, 5\nBaker: 2, 2, 4'
    await postForm(
      `/workbook/tools/answers/${MATRIX.placement}`,
      { answer: legacy, version: '0' },
      { token },
    )
    expect(text(await block(token))).toContain('You wrote this here before this tool existed')
    const edit = `/workbook/tools/answers/${MATRIX.placement}/edit`
    const offered = await block(token, edit)
    expect(fieldValue(offered, 'title-o1')).toBe('Nurse: 4, 3, 5')
    expect(fieldValue(offered, 'title-o2')).toBe('Baker: 2, 2, 4')
    expect(checked(offered, 'story-o1')).toEqual([])
    // A sort link on the reopened tool comes back to the same view.
    const res = await postAction(
      MATRIX,
      'save',
      {
        ...formFields(offered),
        ...optionFields('o1', 'Nurse'),
        ...optionFields('o2', 'Baker', [1, 1, 1, 1]),
      },
      { token },
    )
    expect(res.status).toBe(303)
    expect(await toolRows('career_options', userId, MATRIX.placement)).toHaveLength(2)
    const again = await block(token, edit)
    expect(text(again)).toContain('Nurse: 4, 3, 5')
    const href = all(again, 'thead a')[0]!.getAttribute('href')!
    expect(href).toBe(`${edit}?sort=story&options=matrix#matrix-compare`)
  })
})
