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
  fromText,
  inOrder,
  readMilestone,
  thisYear,
  timeline,
  type Milestone,
  type TimelineValue,
} from '.'

const LINE = { exercise: 'tools', placement: 'tools.line', block: '#b-line' }
const page = '/workbook/tools'
const edit = `/workbook/tools/answers/${LINE.placement}/edit`
const YEAR = thisYear()

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: line
          tool: timeline
          label: Your milestones.
          config: {}`)
})

const ctx = (optional = false) => ({
  placementId: 'tools.line',
  settings: {},
  optional,
  refs: null,
  siblings: new Map(),
})
const m = (id: string, year: number, quarter: number | null = null, title = id): Milestone => ({
  id,
  year,
  quarter,
  category: 'work',
  title,
  description: '',
})
const valueOf = (...milestones: Milestone[]): TimelineValue => ({ milestones, editing: null })
const act = (action: string, value: TimelineValue, form: Record<string, string>, c = ctx()) =>
  timeline.actions[action]!(value, form, c)
const fields = (title: string, year: string, more: Record<string, string> = {}) => ({
  title,
  year,
  quarter: '',
  category: 'work',
  description: '',
  ...more,
})

/** The timeline as the page shows it: each list's dates and titles, in order. */
function shown(block: HTMLElement) {
  return all(block, 'ol.dt-timeline').map((ol) =>
    all(ol, 'li').map((li) => `${text(one(li, 'h4'))}: ${text(one(li, 'strong'))}`),
  )
}
const block = (token: string, path = page) => toolBlock(token, path, LINE.block)
const idOf = (tool: HTMLElement, title: string) =>
  all(tool, 'button[formaction*="/remove?item="]')
    .find((b) => text(b) === `Remove “${title}”`)!
    .getAttribute('formaction')!
    .split('item=')[1]!

async function add(token: string, form: Record<string, string>) {
  const res = await postAction(
    LINE,
    'add',
    { ...formFields(await block(token)), ...form },
    { token },
  )
  expect(res.status, JSON.stringify(form)).toBe(303)
}

describe('the timeline value', () => {
  it('holds dated milestones in the four categories, and refuses anything else', () => {
    expect(timeline.shape.safeParse(valueOf(m('a', 2027, 2), m('b', 2030))).success).toBe(true)
    const bad: unknown[] = [
      valueOf(m('a', 1899)),
      valueOf(m('a', 2201)),
      valueOf(m('a', 2027, 5)),
      valueOf(m('a', 2027, 0)),
      valueOf({ ...m('a', 2027), category: 'hobby' as never }),
      valueOf(m('a', 2027), m('a', 2028)),
      { milestones: [], editing: 'bad id!' },
      'Finish the course, spring',
    ]
    for (const v of bad) expect(timeline.shape.safeParse(v).success, JSON.stringify(v)).toBe(false)
  })

  it('takes no settings', () => {
    expect(TOOLS.timeline.settings.safeParse({}).success).toBe(true)
    expect(TOOLS.timeline.settings.safeParse({ depth: 2 }).success).toBe(false)
  })

  it('puts milestones in date order, a year with no quarter before its quarters', () => {
    const order = inOrder([m('c', 2028, 3), m('a', 2027), m('d', 2028), m('b', 2027, 1)])
    expect(order.map((x) => x.id)).toEqual(['a', 'b', 'd', 'c'])
  })

  it('reads a milestone from the form, at the boundaries of each field', () => {
    const ok = (form: Record<string, string>) => readMilestone(form, 'x').ok
    expect(ok(fields('A', '1900'))).toBe(true)
    expect(ok(fields('A', '2200', { quarter: '4', category: 'skill' }))).toBe(true)
    expect(ok(fields('x'.repeat(120), '2027', { description: 'y'.repeat(1000) }))).toBe(true)
    const problems: [Record<string, string>, string, RegExp][] = [
      [fields('', '2027'), 'title', /short title/],
      [fields('x'.repeat(121), '2027'), 'title', /120 characters/],
      [fields('A', ''), 'year', /Enter the year/],
      [fields('A', '27'), 'year', /four digits/],
      [fields('A', '1899'), 'year', /from 1900 to 2200/],
      [fields('A', '2201'), 'year', /from 1900 to 2200/],
      [fields('A', '2027', { quarter: '5' }), 'quarter', /quarter/],
      [fields('A', '2027', { category: 'hobby' }), 'category', /work, education, personal/],
      [fields('A', '2027', { description: 'y'.repeat(1001) }), 'description', /1,000/],
    ]
    for (const [form, field, message] of problems) {
      const r = readMilestone(form, 'x')
      if (r.ok) throw new Error(`accepted ${JSON.stringify(form).slice(0, 80)}`)
      expect(r.field).toBe(field)
      expect(r.error).toMatch(message)
      expect(r.kept.title).toBe(form.title)
    }
  })

  it('checks its limits, and needs one milestone to finish unless optional', () => {
    expect(timeline.check(valueOf(), ctx(), false)).toBeNull()
    expect(timeline.check(valueOf(), ctx(), true)?.error).toMatch(/at least one milestone/)
    expect(timeline.check(valueOf(), ctx(true), true)).toBeNull()
    const many = (n: number) => valueOf(...Array.from({ length: n }, (_, i) => m(`m${i}`, 2030)))
    expect(timeline.check(many(30), ctx(), true)).toBeNull()
    expect(timeline.check(many(31), ctx(), false)?.error).toMatch(/at most 30/)
  })
})

describe('the timeline actions', () => {
  it('adds in date order, announcing where the milestone fell', () => {
    const r = act('add', valueOf(m('a', 2030)), fields('Course', '2028', { quarter: '2' }))
    if (!r.ok) throw new Error(r.error)
    expect(r.value.milestones.map((x) => x.title)).toEqual(['Course', 'a'])
    expect(r.announce).toBe(
      'Added “Course”, 2028, April to June. It is 1 of 2 milestones in date order.',
    )
    expect(r.focus).toBe('title')
  })

  it('opens one for changing, keeping a new one typed in the form first', () => {
    const r = act('edit', valueOf(m('a', 2030)), { ...fields('Typed', '2029'), item: 'a' })
    if (!r.ok) throw new Error(r.error)
    expect(r.value.editing).toBe('a')
    expect(r.value.milestones.map((x) => x.title)).toEqual(['Typed', 'a'])
    const changed = act('add', r.value, fields('Moved on', '2031', { category: 'skill' }))
    if (!changed.ok) throw new Error(changed.error)
    expect(changed.value.editing).toBeNull()
    expect(changed.value.milestones.map((x) => [x.id, x.title, x.year])).toEqual([
      [r.value.milestones[0]!.id, 'Typed', 2029],
      ['a', 'Moved on', 2031],
    ])
    expect(changed.announce).toBe('Saved your changes to “Moved on”, 2031.')
    const left = act('cancel', r.value, fields('Ignored', '2040'))
    expect(left.ok && left.value.milestones[1]!.title).toBe('a')
  })

  it('removes one, and refuses a milestone it does not have', () => {
    const r = act('remove', valueOf(m('a', 2030), m('b', 2031)), { item: 'a' })
    expect(r.ok && r.value.milestones.map((x) => x.id)).toEqual(['b'])
    expect(r.ok && r.announce).toBe('Removed “a”. Your timeline has 1 milestone.')
    for (const action of ['remove', 'edit']) {
      const gone = act(action, valueOf(m('a', 2030)), { item: 'zz', title: 'Kept' })
      expect(gone.ok).toBe(false)
      if (!gone.ok) {
        expect(gone.error).toMatch(/no longer in your timeline/)
        expect(gone.kept?.title).toBe('Kept')
      }
    }
  })

  it('saves with an empty form as it was, and refuses a half-typed one', () => {
    const same = act('save', valueOf(m('a', 2030)), fields('', '', { category: '' }))
    expect(same.ok && same.value.milestones).toHaveLength(1)
    expect(act('save', valueOf(), fields('Half', '', { category: '' })).ok).toBe(false)
    expect(act('add', valueOf(), fields('', '', { category: '' })).ok).toBe(false)
  })

  it('makes milestones from plain text: a year and a season where the line has them', () => {
    const v = fromText(
      '- Finish a first aid course, spring\nApply for roles 2029 Q3\n\nMove house',
      2026,
    )
    expect(timeline.shape.safeParse(v).success).toBe(true)
    expect(v.milestones.map((x) => [x.id, x.year, x.quarter, x.title])).toEqual([
      ['m3', 2026, null, 'Move house'],
      ['m1', 2026, 2, 'Finish a first aid course, spring'],
      ['m2', 2029, 3, 'Apply for roles 2029 Q3'],
    ])
  })

  it('gives the milestones in plain words, in date order', () => {
    const v = valueOf(
      { ...m('b', 2029), title: 'Apply', category: 'work', description: 'Ten places' },
      { ...m('a', 2027, 1), title: 'Course', category: 'education' },
    )
    expect(timeline.lines(v, ctx())).toEqual([
      '2027, January to March (education): Course',
      '2029 (work): Apply. Ten places',
    ])
  })
})

describe('the timeline in the workbook', () => {
  it('adds milestones without JavaScript, in date order from this year on, rows sealed', async () => {
    const { token, userId } = await toolLearner()
    const first = await block(token)
    expect(text(first)).toContain(`Your timeline, from ${YEAR} on`)
    expect(text(first)).toContain('No milestones yet')
    const res = await postAction(
      LINE,
      'add',
      { ...formFields(first), ...fields('Apply for roles', String(YEAR + 2), { quarter: '3' }) },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#line-title`)
    await add(
      token,
      fields('First aid course', String(YEAR + 1), {
        category: 'education',
        description: 'Evenings at the hall',
      }),
    )
    // An earlier year is kept, shown apart under "Before <year>".
    await add(token, fields('Left my old job', String(YEAR - 1), { category: 'personal' }))
    const tool = await block(token)
    expect(shown(tool)).toEqual([
      [`${YEAR + 1}: First aid course`, `${YEAR + 2}, July to September: Apply for roles`],
      [`${YEAR - 1}: Left my old job`],
    ])
    expect(all(tool, 'h3').map(text)).toEqual([`Your timeline, from ${YEAR} on`, `Before ${YEAR}`])
    expect(all(tool, 'button').map(text)).toContain('Change “First aid course”')
    expect(all(tool, 'button').map(text)).toContain('Remove “Apply for roles”')
    expect(await answerComplete(userId, LINE.placement)).toBe(0)

    const rows = await toolRows('milestones', userId, LINE.placement)
    expect(rows.map((r) => [r.year, r.quarter, r.category])).toEqual([
      [YEAR - 1, null, 'personal'],
      [YEAR + 1, null, 'education'],
      [YEAR + 2, 3, 'work'],
    ])
    const db = await wholeDatabaseText()
    expect(db).not.toContain('First aid course')
    expect(db).not.toContain('Evenings at the hall')

    // Change one: it opens in the form, and moves to its new date.
    const course = idOf(tool, 'First aid course')
    const opened = await postAction(LINE, 'edit', formFields(tool), { token, item: course })
    expect(opened.status).toBe(303)
    const open = await block(token)
    expect(one(open, '#line-title').getAttribute('value')).toBe('First aid course')
    expect(text(one(open, 'legend'))).toBe('Change “First aid course”')
    await add(token, fields('First aid course', String(YEAR + 3), { category: 'education' }))
    expect(shown(await block(token))[0]).toEqual([
      `${YEAR + 2}, July to September: Apply for roles`,
      `${YEAR + 3}: First aid course`,
    ])
    const removed = await postAction(LINE, 'remove', formFields(await block(token)), {
      token,
      item: course,
    })
    expect(removed.status).toBe(303)
    expect((await toolRows('milestones', userId, LINE.placement)).length).toBe(2)
    const done = await postAction(LINE, 'done', formFields(await block(token)), { token })
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, LINE.placement)).toBe(1)
    expect(text(await block(token))).toContain(
      `${YEAR + 2}, July to September (work): Apply for roles`,
    )
    // The learner's tools page lists the timeline where it was made, in plain words.
    const own = await get('/tools/timeline', { token })
    expect(own.status).toBe(200)
    expect(text(dom(await own.text()))).toContain(`${YEAR - 1} (personal): Left my old job`)
  })

  it('answers htmx with the tool block itself, announced, focus back on the title', async () => {
    const { token } = await toolLearner()
    const res = await postAction(
      LINE,
      'add',
      { ...formFields(await block(token)), ...fields('Course', String(YEAR + 1)) },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const tool = one(root, LINE.block)
    expect(shown(tool)).toEqual([[`${YEAR + 1}: Course`]])
    expect(text(one(root, '#dt-status'))).toBe(
      `Added “Course”, ${YEAR + 1}. It is 1 of 1 milestone in date order.`,
    )
    expect(one(tool, '#line-title').hasAttribute('autofocus')).toBe(true)
    expect(one(tool, '#line-title').getAttribute('value')).toBe('')
    expect(formFields(tool).version).toBe('1')
  })

  it('refuses bad input with a 422, an error summary whose link lands, and the words kept', async () => {
    const { token, userId } = await toolLearner()
    const empty = await postAction(LINE, 'done', formFields(await block(token)), { token })
    expect(empty.status).toBe(422)
    await add(token, fields('Course', String(YEAR + 1)))
    const tool = await block(token)
    const course = idOf(tool, 'Course')
    const cases: [string, Record<string, string>, string | undefined, RegExp, string][] = [
      ['add', fields('Kept words', ''), undefined, /Enter the year/, 'year'],
      ['add', fields('Kept words', 'soon'), undefined, /four digits/, 'year'],
      ['add', fields('Kept words', '3000'), undefined, /from 1900 to 2200/, 'year'],
      [
        'add',
        fields('Kept words', '2030', { category: '' }),
        undefined,
        /Choose whether/,
        'category',
      ],
      ['add', fields('Kept words', '2030', { quarter: '9' }), undefined, /quarter/, 'quarter'],
      [
        'save',
        fields('Kept words', '2030', { description: 'y'.repeat(1001) }),
        undefined,
        /1,000/,
        'description',
      ],
      ['add', fields('Bell\u0007', '2030'), undefined, /hidden control character/, 'title'],
      ['remove', fields('Kept words', '2030'), 'not-mine', /no longer in your timeline/, 'title'],
      ['edit', fields('Kept words', ''), course, /Enter the year/, 'year'],
    ]
    for (const [action, more, item, message, field] of cases) {
      const res = await postAction(LINE, action, { ...formFields(tool), ...more }, { token, item })
      expect(res.status, String(message)).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(href).toBe(`#line-${field}`)
      expect(dom(html).querySelector(href), href).not.toBeNull()
      if (more.title === 'Kept words') expect(html).toContain('value="Kept words"')
    }
    expect((await answerRow(userId, LINE.placement))?.version).toBe(1)
    expect(shown(await block(token))).toEqual([[`${YEAR + 1}: Course`]])
  })

  it('keeps a stale save from a second tab from touching the milestones', async () => {
    const { token, userId } = await toolLearner()
    await add(token, fields('Course', String(YEAR + 1)))
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    const a = await postAction(LINE, 'add', { ...tabA, ...fields('From A', '2030') }, { token })
    expect(a.status).toBe(303)
    const before = await toolRows('milestones', userId, LINE.placement)
    const stale = await postAction(LINE, 'add', { ...tabB, ...fields('From B', '2031') }, { token })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('value="From B"')
    expect(await toolRows('milestones', userId, LINE.placement)).toEqual(before)
    expect((await revisions(userId, LINE.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    await add(token, fields('Course', String(YEAR + 1)))
    const form = { ...formFields(await block(token)), ...fields('Apply', String(YEAR + 2)) }
    const saved = await expectAtomicSave(
      (env) => postAction(LINE, 'add', form, { token, env }),
      { userId, placement: LINE.placement, tables: ['milestones'] },
      8,
    )
    expect(saved.status).toBe(303)
  })

  it('does not act on another learner’s milestones', async () => {
    const a = await toolLearner()
    await add(a.token, fields('Private plan', String(YEAR + 1)))
    const aId = idOf(await block(a.token), 'Private plan')
    const b = await toolLearner()
    for (const action of ['remove', 'edit']) {
      const res = await postAction(LINE, action, formFields(await block(b.token)), {
        token: b.token,
        item: aId,
      })
      expect(res.status, action).toBe(422)
      expect(await res.text()).not.toContain('Private plan')
    }
    expect(shown(await block(a.token))).toEqual([[`${YEAR + 1}: Private plan`]])
    expect(await toolRows('milestones', b.userId, LINE.placement)).toEqual([])
  })

  it('keeps an earlier plain-text answer, shows it, and offers it as starting milestones', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${LINE.placement}`,
      { answer: `Apply for roles ${YEAR + 2}\nFirst aid course, spring`, version: '0' },
      { token },
    )
    expect(text(await block(token))).toContain('You wrote this here before this tool existed')
    const start = await block(token, edit)
    expect(shown(start)).toEqual([
      [
        `${YEAR}, April to June: First aid course, spring`,
        `${YEAR + 2}: Apply for roles ${YEAR + 2}`,
      ],
    ])
    // The starting milestones' ids hold from the page to the post after it.
    const id = idOf(start, 'First aid course, spring')
    const res = await postAction(LINE, 'remove', formFields(start), { token, item: id })
    expect(res.status).toBe(303)
    expect((await toolRows('milestones', userId, LINE.placement)).length).toBe(1)
    expect(text(await block(token, edit))).toContain('You wrote this here before this tool existed')
  })
})
