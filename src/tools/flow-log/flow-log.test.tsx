import { beforeAll, describe, expect, it } from 'vitest'
import { todayIso } from '../../lib/bytes'
import { all, dom, one, text, type HTMLElement } from '../../../test/html'
import { get, postForm } from '../../../test/helpers'
import {
  answerComplete,
  answerRow,
  revisions,
  toolRows,
  wholeDatabaseText,
} from '../../../test/sql'
import { formFields, postAction, toolBlock, expectAtomicSave } from '../../../test/tools'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import {
  dayProblem,
  flowLog,
  isHighFlow,
  latestDay,
  newestFirst,
  readEntry,
  type FlowEntry,
  type FlowValue,
} from '.'

const TOOL = { exercise: 'tools', placement: 'tools.log', block: '#b-log' }
const page = `/workbook/${TOOL.exercise}`

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: log
          tool: flow-log
          label: What were you doing when you noticed you were absorbed, or drained?
          config:
            minEntries: 2`)
})

const ctx = (settings: { minEntries?: number } = {}, optional = false) => ({
  placementId: TOOL.placement,
  settings,
  optional,
  refs: null,
  siblings: new Map(),
})
const entry = (i: number, more: Partial<FlowEntry> = {}): FlowEntry => ({
  id: `e${i}`,
  day: '2026-11-0' + ((i % 9) + 1),
  activity: `Activity ${i}`,
  energy: 0,
  focus: 3,
  notes: '',
  ...more,
})
const log = (n: number): FlowValue => ({
  entries: Array.from({ length: n }, (_, i) => entry(i)),
  editing: null,
})

const block = (token: string, path = page) => toolBlock(token, path, TOOL.block)
const fields = (tool: HTMLElement) => formFields(tool)
const moment = (activity: string, energy: string, focus: string, more = {}) => ({
  day: todayIso(),
  activity,
  energy,
  focus,
  notes: '',
  ...more,
})

/** Adds entries through the plain (no-JS) form, as a learner would. */
async function addEntries(token: string, entries: Record<string, string>[]) {
  for (const e of entries) {
    const res = await postAction(TOOL, 'add', { ...fields(await block(token)), ...e }, { token })
    expect(res.status, JSON.stringify(await res.clone().text()).slice(0, 300)).toBe(303)
  }
}
const shownEntries = async (token: string) =>
  all(await block(token), '.dt-flow-entry').map((li) => text(one(li, '.dt-flow-entry__head')))

describe('the flow log value', () => {
  it('holds dated entries with levels in range, and refuses anything else', () => {
    expect(flowLog.shape.safeParse(log(2)).success).toBe(true)
    const bad = (more: Partial<FlowEntry>) =>
      flowLog.shape.safeParse({ entries: [entry(1, more)], editing: null }).success
    expect(bad({ energy: 2, focus: 5 })).toBe(true)
    expect(bad({ energy: -2, focus: 1 })).toBe(true)
    expect(bad({ energy: 3 })).toBe(false)
    expect(bad({ energy: -3 })).toBe(false)
    expect(bad({ focus: 0 })).toBe(false)
    expect(bad({ focus: 6 })).toBe(false)
    expect(bad({ energy: 1.5 })).toBe(false)
    expect(bad({ day: '2026-02-30' })).toBe(false)
    expect(bad({ activity: '' })).toBe(false)
    expect(flowLog.shape.safeParse({ entries: [], editing: 'bad id!' }).success).toBe(false)
  })

  it('refuses impossible days and days more than a year ahead', () => {
    const today = '2026-12-01'
    expect(latestDay(today)).toBe('2027-12-01')
    expect(dayProblem('2027-12-01', today)).toBeNull()
    expect(dayProblem('2027-12-02', today)).toMatch(/more than a year from now/)
    expect(dayProblem('2026-12-01', today)).toBeNull()
    expect(dayProblem('2024-02-29', today)).toBeNull()
    expect(dayProblem('2025-02-29', today)).toMatch(/does not exist/)
    expect(dayProblem('2026-13-01', today)).toMatch(/does not exist/)
    expect(dayProblem('2026-04-31', today)).toMatch(/does not exist/)
    expect(dayProblem('1/12/2026', today)).toMatch(/for example 2026-12-01/)
    expect(dayProblem('', today)).toMatch(/Enter the day/)
    expect(dayProblem('1899-12-31', today)).toMatch(/from 1900/)
    // A leap day a year on is not a day: its year later is refused by its own check.
    expect(latestDay('2028-02-29')).toBe('2029-03-01')
  })

  it('marks high flow at energy +1 or more and focus 4 or more', () => {
    expect(isHighFlow({ energy: 1, focus: 4 })).toBe(true)
    expect(isHighFlow({ energy: 2, focus: 5 })).toBe(true)
    expect(isHighFlow({ energy: 0, focus: 5 })).toBe(false)
    expect(isHighFlow({ energy: 2, focus: 3 })).toBe(false)
  })

  it('reads an entry from the form, blank when nothing is chosen or written', () => {
    const today = '2026-12-01'
    expect(readEntry({ day: today }, '', today)).toEqual({ ok: true, blank: true })
    expect(
      readEntry({ day: today, activity: 'Baking', energy: '+1', focus: '4' }, '', today),
    ).toEqual({
      ok: true,
      blank: false,
      entry: { day: today, activity: 'Baking', energy: 1, focus: 4, notes: '' },
    })
    const problem = (form: Record<string, string>) => {
      const read = readEntry(
        { day: today, activity: 'Baking', energy: '0', focus: '3', ...form },
        '',
        today,
      )
      return read.ok ? null : [read.field, read.error]
    }
    expect(problem({ energy: '' })).toEqual(['energy', 'Choose how your energy felt'])
    expect(problem({ energy: '3' })?.[0]).toBe('energy')
    expect(problem({ energy: '-3' })?.[0]).toBe('energy')
    expect(problem({ energy: '1e0' })?.[0]).toBe('energy')
    expect(problem({ focus: '0' })?.[0]).toBe('focus')
    expect(problem({ focus: '6' })?.[0]).toBe('focus')
    expect(problem({ activity: '' })?.[0]).toBe('activity')
    expect(problem({ activity: 'x'.repeat(201) })?.[1]).toMatch(/200 characters or fewer/)
    expect(problem({ notes: 'x'.repeat(1001) })?.[0]).toBe('notes')
    expect(problem({ day: '2026-02-30' })?.[0]).toBe('day')
    expect(problem({ day: '2027-12-02' })?.[1]).toMatch(/more than a year/)
    expect(problem({ energy: '-2', focus: '1' })).toBeNull()
    expect(problem({ energy: '2', focus: '5' })).toBeNull()
  })

  it('checks the placement’s minimum when finishing, and the most a log holds', () => {
    expect(flowLog.check(log(1), ctx(), true)).toBeNull()
    expect(flowLog.check(log(0), ctx(), true)?.error).toMatch(/one more entry/)
    expect(flowLog.check(log(0), ctx(), false)).toBeNull()
    expect(flowLog.check(log(2), ctx({ minEntries: 3 }), true)?.error).toMatch(/one more entry/)
    expect(flowLog.check(log(1), ctx({ minEntries: 3 }), true)?.error).toMatch(/2 more entries/)
    expect(flowLog.check(log(0), ctx({ minEntries: 3 }, true), true)).toBeNull()
    expect(flowLog.check(log(100), ctx(), false)).toBeNull()
    expect(flowLog.check(log(101), ctx(), false)?.error).toMatch(/at most 100 entries/)
  })

  it('edits, cancels and removes entries by id, and refuses ids it does not have', () => {
    const value = log(2)
    const edit = flowLog.actions.edit!(value, { item: 'e1' }, ctx())
    expect(edit).toMatchObject({ ok: true, value: { editing: 'e1' }, focus: 'e-activity' })
    if (!edit.ok) throw new Error('edit')
    const changed = flowLog.actions.update!(
      edit.value,
      {
        'e-day': '2026-11-05',
        'e-activity': 'Mending',
        'e-energy': '1',
        'e-focus': '5',
        'e-notes': 'Quiet',
      },
      ctx(),
    )
    expect(changed).toMatchObject({ ok: true, value: { editing: null }, focus: 'edit-e1' })
    if (!changed.ok) throw new Error('update')
    expect(changed.value.entries[1]).toEqual({
      id: 'e1',
      day: '2026-11-05',
      activity: 'Mending',
      energy: 1,
      focus: 5,
      notes: 'Quiet',
    })
    const cancelled = flowLog.actions.cancel!(edit.value, { 'e-activity': 'Not kept' }, ctx())
    expect(cancelled.ok && cancelled.value).toEqual({ ...value, editing: null })
    const removed = flowLog.actions.remove!(value, { item: 'e0' }, ctx())
    expect(removed.ok && removed.value.entries.map((e) => e.id)).toEqual(['e1'])
    for (const action of ['edit', 'remove'] as const) {
      const refused = flowLog.actions[action]!(value, { item: 'elsewhere' }, ctx())
      expect(refused).toMatchObject({ ok: false, field: 'activity' })
    }
    expect(flowLog.actions.update!(value, {}, ctx())).toMatchObject({ ok: false })
  })

  it('applies the changes typed into the entry being edited before any other action', () => {
    const editing = { ...log(2), editing: 'e0' }
    const typed = {
      'e-day': '2026-11-09',
      'e-activity': 'Typed before removing',
      'e-energy': '2',
      'e-focus': '5',
      'e-notes': '',
    }
    const removed = flowLog.actions.remove!(editing, { ...typed, item: 'e1' }, ctx())
    expect(removed.ok && removed.value).toEqual({
      entries: [
        {
          id: 'e0',
          day: '2026-11-09',
          activity: 'Typed before removing',
          energy: 2,
          focus: 5,
          notes: '',
        },
      ],
      editing: 'e0',
    })
    const added = flowLog.actions.add!(
      editing,
      { ...typed, day: '2026-11-10', activity: 'New one', energy: '0', focus: '3' },
      ctx(),
    )
    expect(added.ok && added.value.entries.map((e) => e.activity)).toEqual([
      'Typed before removing',
      'Activity 1',
      'New one',
    ])
    // A problem in the edit is a 422 on its own field, whatever the button.
    const bad = flowLog.actions.add!(editing, { ...typed, 'e-focus': '9' }, ctx())
    expect(bad).toMatchObject({ ok: false, field: 'e-focus' })
  })

  it('lists entries newest first, by day and then by when they were added', () => {
    const entries = [
      entry(1, { day: '2026-11-02' }),
      entry(2, { day: '2026-11-03' }),
      entry(3, { day: '2026-11-02' }),
    ]
    expect(newestFirst(entries).map((e) => e.id)).toEqual(['e2', 'e3', 'e1'])
    expect(
      flowLog.lines(
        { entries: [entry(4, { energy: 1, focus: 4, notes: 'Calm.' })], editing: null },
        ctx(),
      ),
    ).toEqual(['2026-11-05: Activity 4. Energy lifted, focus focused (high flow). Calm.'])
  })
})

describe('the flow log in the workbook', () => {
  it('logs entries without JavaScript, each a 303, with typed rows and sealed words', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(
      TOOL,
      'add',
      {
        ...fields(await block(token)),
        ...moment('Fixing the bike with my son', '2', '5', { notes: 'Lost track of time' }),
      },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#log-activity`)
    await addEntries(token, [moment('Filling in forms', '-1', '2', { day: '2026-11-30' })])
    expect(await shownEntries(token)).toEqual([
      `${todayIso()}: Fixing the bike with my son`,
      '2026-11-30: Filling in forms',
    ])
    const tool = await block(token)
    const high = all(tool, '.dt-flow-entry').map((li) => text(li))
    expect(high[0]).toContain('High flow')
    expect(high[0]).toContain('Energy energized (+2), focus absorbed (5).')
    expect(high[1]).not.toContain('High flow')
    // Still short of the two-entry minimum? No: two entries, but not finished yet.
    expect(await answerComplete(userId, TOOL.placement)).toBe(0)
    const rows = await toolRows('flow_entries', userId, TOOL.placement)
    expect(rows.map((r) => [r.day, r.energy, r.focus])).toEqual([
      [todayIso(), 2, 5],
      ['2026-11-30', -1, 2],
    ])
    const db = await wholeDatabaseText()
    for (const words of ['Fixing the bike', 'Lost track of time', 'Filling in forms']) {
      expect(db).not.toContain(words)
    }
    // The chart and its table show both.
    const table = one(tool, '.dt-chart table')
    expect(all(table, 'tbody tr').map((r) => text(one(r, 'th')))).toEqual([
      '2026-11-30',
      todayIso(),
    ])
    expect(one(tool, 'svg[role="img"]').getAttribute('aria-labelledby')).toBe(
      'log-chart-title log-chart-desc',
    )
  })

  it('defaults the day to today, and names the entry each button acts on', async () => {
    const { token } = await toolLearner()
    const empty = await block(token)
    expect(one(empty, '#log-day').getAttribute('value')).toBe(todayIso())
    expect(one(empty, '#log-day').getAttribute('type')).toBe('date')
    expect(text(empty)).toContain('for example 2026-12-01')
    expect(empty.querySelector('.dt-chart')).toBeNull()
    await addEntries(token, [moment('Baking bread', '1', '4')])
    const buttons = all(await block(token), 'button').map(text)
    expect(buttons).toContain(`Edit the entry for ${todayIso()}, “Baking bread”`)
    expect(buttons).toContain(`Remove the entry for ${todayIso()}, “Baking bread”`)
  })

  it('answers htmx with the tool block itself, announced, varying on HX-Request', async () => {
    const { token } = await toolLearner()
    const res = await postAction(
      TOOL,
      'add',
      { ...fields(await block(token)), ...moment('Sketching', '1', '4') },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const tool = one(root, TOOL.block)
    expect(text(one(tool, '.dt-flow-entry'))).toContain('High flow')
    expect(one(tool, '#log-activity').hasAttribute('autofocus')).toBe(true)
    expect(text(one(root, '#dt-status'))).toBe(
      `Added ${todayIso()}, “Sketching”, a moment of high flow. Your log has 1 entry.`,
    )
    expect(fields(tool).version).toBe('1')
  })

  it('refuses bad input with a 422, an error summary and the learner’s words kept', async () => {
    const { token, userId } = await toolLearner()
    await addEntries(token, [moment('Gardening', '0', '3')])
    const base = fields(await block(token))
    const cases: [string, Record<string, string>, string | undefined, RegExp, string][] = [
      [
        'add',
        moment('Kept words', '1', '4', { day: '2026-02-30' }),
        undefined,
        /does not exist/,
        '#log-day',
      ],
      [
        'add',
        moment('Kept words', '1', '4', { day: `${Number(todayIso().slice(0, 4)) + 2}-01-01` }),
        undefined,
        /more than a year/,
        '#log-day',
      ],
      [
        'add',
        moment('Kept words', '', '4'),
        undefined,
        /Choose how your energy felt/,
        '#log-energy',
      ],
      ['add', moment('Kept words', '9', '4'), undefined, /five given/, '#log-energy'],
      ['add', moment('Kept words', '3', '4'), undefined, /five given/, '#log-energy'],
      ['add', moment('Kept words', '-3', '4'), undefined, /five given/, '#log-energy'],
      ['add', moment('Kept words', '1', '6'), undefined, /five given/, '#log-focus'],
      [
        'add',
        moment('', '1', '4', { notes: 'Kept words' }),
        undefined,
        /Write what you were doing/,
        '#log-activity',
      ],
      [
        'add',
        moment('x'.repeat(201), '1', '4', { notes: 'Kept words' }),
        undefined,
        /200 characters/,
        '#log-activity',
      ],
      ['add', { day: todayIso() }, undefined, /Write what you were doing/, '#log-activity'],
      [
        'remove',
        moment('Kept words', '', ''),
        'not-mine',
        /no longer in your log/,
        '#log-activity',
      ],
      ['edit', moment('Kept words', '', ''), 'not-mine', /no longer in your log/, '#log-activity'],
    ]
    for (const [action, more, item, message, target] of cases) {
      const res = await postAction(TOOL, action, { ...base, ...more }, { token, item })
      expect(res.status, `${action} ${message}`).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(href).toBe(target)
      expect(dom(html).querySelector(href), href).not.toBeNull()
      if (Object.values(more).includes('Kept words')) expect(html).toContain('Kept words')
      if (more.energy === '1') {
        expect(one(dom(html), '#log-energy-4').hasAttribute('checked')).toBe(true)
      }
    }
    expect(await shownEntries(token)).toEqual([`${todayIso()}: Gardening`])
    expect((await answerRow(userId, TOOL.placement))?.version).toBe(1)
  })

  it('edits an entry in place and removes one, keeping the rows in step', async () => {
    const { token, userId } = await toolLearner()
    await addEntries(token, [moment('Gardening', '0', '3'), moment('Reading', '-1', '2')])
    const ids = (await toolRows('flow_entries', userId, TOOL.placement)).map((r) =>
      String(r.entry_id),
    )
    const editing = await postAction(TOOL, 'edit', fields(await block(token)), {
      token,
      item: ids[0],
    })
    expect(editing.status).toBe(303)
    const open = await block(token)
    expect(text(one(open, '.dt-flow-entry--editing legend'))).toBe(
      `Editing the entry for ${todayIso()}, “Gardening”`,
    )
    expect(one(open, '#log-e-activity').getAttribute('value')).toBe('Gardening')
    // A problem with the edit keeps what was typed.
    const bad = await postAction(
      TOOL,
      'update',
      {
        ...fields(open),
        'e-day': todayIso(),
        'e-activity': 'Gardening at dawn',
        'e-energy': '5',
        'e-focus': '5',
      },
      { token },
    )
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(one(one(dom(badHtml), '.dt-error-summary'), 'a').getAttribute('href')).toBe(
      '#log-e-energy',
    )
    expect(badHtml).toContain('value="Gardening at dawn"')
    const saved = await postAction(
      TOOL,
      'update',
      {
        ...fields(open),
        'e-day': '2026-11-20',
        'e-activity': 'Gardening at dawn',
        'e-energy': '2',
        'e-focus': '4',
        'e-notes': '',
      },
      { token },
    )
    expect(saved.status).toBe(303)
    expect(await shownEntries(token)).toEqual([
      `${todayIso()}: Reading`,
      '2026-11-20: Gardening at dawn',
    ])
    const rows = await toolRows('flow_entries', userId, TOOL.placement)
    expect(rows.map((r) => [r.entry_id, r.day, r.energy, r.focus])).toEqual([
      [ids[0], '2026-11-20', 2, 4],
      [ids[1], todayIso(), -1, 2],
    ])
    const removed = await postAction(TOOL, 'remove', fields(await block(token)), {
      token,
      item: ids[1],
    })
    expect(removed.status).toBe(303)
    expect(await shownEntries(token)).toEqual(['2026-11-20: Gardening at dawn'])
    expect((await toolRows('flow_entries', userId, TOOL.placement)).map((r) => r.entry_id)).toEqual(
      [ids[0]],
    )
  })

  it('needs the placement’s minimum of entries to finish, then shows a summary', async () => {
    const { token, userId } = await toolLearner()
    await addEntries(token, [moment('Gardening', '0', '3')])
    const short = await postAction(TOOL, 'done', fields(await block(token)), { token })
    expect(short.status).toBe(422)
    expect(await short.text()).toContain('Add one more entry before you continue')
    // The entry typed with Save and continue is added first, and counts.
    const done = await postAction(
      TOOL,
      'done',
      { ...fields(await block(token)), ...moment('Teaching a friend to knit', '2', '4') },
      { token },
    )
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, TOOL.placement)).toBe(1)
    const summary = all(await block(token), '.dt-answer__list li').map(text)
    expect(summary).toEqual([
      `${todayIso()}: Teaching a friend to knit. Energy energized, focus focused (high flow).`,
      `${todayIso()}: Gardening. Energy steady, focus engaged.`,
    ])
  })

  it('keeps a stale save from a second tab from touching the entries', async () => {
    const { token, userId } = await toolLearner()
    await addEntries(token, [moment('Gardening', '0', '3')])
    const tabA = fields(await block(token))
    const tabB = fields(await block(token))
    expect(
      (await postAction(TOOL, 'add', { ...tabA, ...moment('From A', '1', '4') }, { token })).status,
    ).toBe(303)
    const before = await toolRows('flow_entries', userId, TOOL.placement)
    const stale = await postAction(
      TOOL,
      'add',
      { ...tabB, ...moment('From B', '1', '4') },
      { token },
    )
    expect(stale.status).toBe(409)
    const html = await stale.text()
    expect(html).toContain('This changed somewhere else')
    expect(html).toContain('value="From B"')
    expect(await toolRows('flow_entries', userId, TOOL.placement)).toEqual(before)
    expect((await revisions(userId, TOOL.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    await addEntries(token, [moment('Gardening', '0', '3')])
    const form = { ...fields(await block(token)), ...moment('Cooking for ten', '1', '4') }
    // Answer, three revision writes, conflict, delete and insert of the entries, read back.
    const saved = await expectAtomicSave(
      (env) => postAction(TOOL, 'add', form, { token, env }),
      { userId, placement: TOOL.placement, tables: ['flow_entries'] },
      8,
    )
    expect(saved.status).toBe(303)
    expect((await toolRows('flow_entries', userId, TOOL.placement)).length).toBe(2)
  })

  it('does not act on another learner’s entries', async () => {
    const a = await toolLearner()
    await addEntries(a.token, [moment('Private moment', '1', '4')])
    const [aRow] = await toolRows('flow_entries', a.userId, TOOL.placement)
    const b = await toolLearner()
    for (const action of ['remove', 'edit']) {
      const res = await postAction(TOOL, action, fields(await block(b.token)), {
        token: b.token,
        item: String(aRow!.entry_id),
      })
      expect(res.status).toBe(422)
      expect(await res.text()).not.toContain('Private moment')
    }
    expect(await toolRows('flow_entries', a.userId, TOOL.placement)).toEqual([aRow])
    expect(await toolRows('flow_entries', b.userId, TOOL.placement)).toEqual([])
  })

  it('keeps an earlier plain-text answer and shows it; it starts no entries', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TOOL.placement}`,
      { answer: 'Fixing the bike, 5, energized\nFilling in forms, 2, flat', version: '0' },
      { token },
    )
    const edit = `/workbook/tools/answers/${TOOL.placement}/edit`
    const shownBlock = await block(token, edit)
    expect(text(shownBlock)).toContain('You wrote this here before this tool existed')
    expect(text(shownBlock)).toContain('Fixing the bike, 5, energized')
    expect(all(shownBlock, '.dt-flow-entry')).toHaveLength(0)
    const res = await postAction(
      TOOL,
      'add',
      { ...fields(shownBlock), ...moment('Fixing the bike', '2', '5') },
      { token },
    )
    expect(res.status).toBe(303)
    expect((await toolRows('flow_entries', userId, TOOL.placement)).length).toBe(1)
    expect(text(await block(token, edit))).toContain('Filling in forms, 2, flat')
  })

  it('keeps the page with a full chart of 50 entries small', async () => {
    const { token } = await toolLearner()
    for (let i = 0; i < 50; i++) {
      const res = await postAction(
        TOOL,
        'add',
        {
          ...fields(await block(token)),
          ...moment(`Moment number ${i} of a long month`, String((i % 5) - 2), String(1 + (i % 5))),
        },
        { token, htmx: true },
      )
      expect(res.status).toBe(200)
    }
    const html = await (await get(page, { token })).text()
    expect(all(one(dom(html), TOOL.block), '.dt-chart tbody tr')).toHaveLength(50)
    const gzip = new Blob([html]).stream().pipeThrough(new CompressionStream('gzip'))
    const size = (await new Response(gzip).arrayBuffer()).byteLength
    // The page's own HTML, gzipped: about 6 KB (the shared CSS and scripts are the bench's).
    expect(size).toBeLessThan(12 * 1024)
  })

  it('is shown on the learner’s tools page', async () => {
    const { token } = await toolLearner()
    await addEntries(token, [moment('Gardening', '0', '3')])
    const html = await (await get('/tools/flow-log', { token })).text()
    expect(html).toContain('Gardening. Energy steady, focus engaged.')
    expect(all(dom(html), 'a').map(text)).toContain('Log a moment of flow')
  })
})
