import { beforeAll, describe, expect, it } from 'vitest'
import { todayIso } from '../../lib/bytes'
import { all, dom, one, text } from '../../../test/html'
import { get, postForm } from '../../../test/helpers'
import {
  answerComplete,
  answerRow,
  revisions,
  toolRows,
  wholeDatabaseText,
} from '../../../test/sql'
import { expectAtomicSave, formFields, postAction, toolBlock } from '../../../test/tools'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import {
  applyScores,
  DEFAULT_AREAS,
  lifeBalance,
  MAX_ROUNDS,
  scoresFromText,
  type BalanceValue,
} from '.'

const TOOL = { exercise: 'tools', placement: 'tools.balance', block: '#b-balance' }
const page = `/workbook/${TOOL.exercise}`
const edit = `/workbook/tools/answers/${TOOL.placement}/edit`

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: balance
          tool: life-balance
          label: How satisfied are you with each area of your life?
          config: {}`)
})

const ctx = (areas?: string[], optional = false) => ({
  placementId: TOOL.placement,
  settings: areas ? { areas } : {},
  optional,
  refs: null,
  siblings: new Map(),
})
const AREAS = [...DEFAULT_AREAS]
/** Every area scored, as the form posts it. */
const scores = (...s: number[]) =>
  Object.fromEntries(s.map((n, i) => [`score-${i + 1}`, String(n)]))
const value = (...rounds: Record<string, number>[]): BalanceValue => ({
  rounds: rounds.map((s, i) => ({
    id: `r${i + 1}`,
    takenOn: '2026-01-0' + (i + 1),
    scores: s,
    notes: '',
  })),
})

const block = (token: string, path = page) => toolBlock(token, path, TOOL.block)
const chosen = async (token: string, path = page) =>
  Object.fromEntries(
    all(await block(token, path), 'select').map((s) => [
      s.getAttribute('name'),
      one(s, 'option[selected]').getAttribute('value'),
    ]),
  )
const rowsOf = async (userId: string) => ({
  rounds: (await toolRows('life_balance_rounds', userId, TOOL.placement)).sort(
    (a, b) => Number(a.position) - Number(b.position),
  ),
  scores: (await toolRows('life_balance_scores', userId, TOOL.placement))
    .map((r) => [r.round_id, r.area, r.score])
    .sort(),
})

describe('the life balance value', () => {
  it('holds dated rounds of scores from 1 to 10, and refuses anything else', () => {
    const shape = lifeBalance.shape
    expect(shape.safeParse({ rounds: [] }).success).toBe(true)
    expect(shape.safeParse(value({ Work: 1, Play: 10 })).success).toBe(true)
    for (const bad of [0, 11, 2.5, '3', null]) {
      expect(shape.safeParse(value({ Work: bad as number })).success, String(bad)).toBe(false)
    }
    const undated = { rounds: [{ id: 'r1', takenOn: 'today', scores: {}, notes: '' }] }
    expect(shape.safeParse(undated).success).toBe(false)
    expect(
      shape.safeParse({ rounds: [{ id: 'a b', takenOn: '2026-01-01', scores: {}, notes: '' }] })
        .success,
    ).toBe(false)
  })

  it('applies posted scores and notes to the latest round only, from 1 to 10', () => {
    const start = value({ Work: 2, Play: 2 }, { Work: 5 })
    const ok = applyScores(start, { 'score-2': '9', 'score-3': '', notes: ' Busy month ' }, ctx())
    expect(ok.ok && ok.value.rounds).toEqual([
      start.rounds[0],
      { ...start.rounds[1], scores: { Work: 5, Play: 9 }, notes: 'Busy month' },
    ])
    // An emptied choice takes the score away again.
    const cleared = applyScores(start, { 'score-1': '' }, ctx())
    expect(cleared.ok && cleared.value.rounds[1]!.scores).toEqual({})
    for (const bad of ['0', '11', '5.0', 'five', ' 5', '-1']) {
      const r = applyScores(start, { 'score-1': bad }, ctx())
      expect(r.ok, bad).toBe(false)
      if (!r.ok) {
        expect(r.field).toBe('score-1')
        expect(r.error).toBe('Choose a score from 1 to 10 for “Work”')
      }
    }
    for (const unknown of ['score-5', 'score-0', 'score-x', 'score-01']) {
      const r = applyScores(start, { [unknown]: '3' }, ctx())
      expect(r.ok, unknown).toBe(false)
      if (!r.ok) expect(r.field).toBe('score-1')
    }
    // The first save of an empty value makes round 1, dated by the server.
    const first = applyScores({ rounds: [] }, scores(3), ctx())
    expect(first.ok && first.value.rounds).toMatchObject([
      { takenOn: todayIso(), scores: { Work: 3 } },
    ])
    // The placement's own areas, up to 20.
    const twenty = Array.from({ length: 20 }, (_, i) => `Area ${i + 1}`)
    const max = applyScores({ rounds: [] }, { 'score-20': '10' }, ctx(twenty))
    expect(max.ok && max.value.rounds[0]!.scores).toEqual({ 'Area 20': 10 })
    expect(applyScores({ rounds: [] }, { 'score-21': '10' }, ctx(twenty)).ok).toBe(false)
    const long = applyScores(start, { notes: 'x'.repeat(2001) }, ctx())
    expect(!long.ok && long.field).toBe('notes')
  })

  it('starts a new round, dated today, only once the latest is fully scored', () => {
    const full = lifeBalance.actions.round!(value({ Work: 1 }), scores(4, 5, 6, 7), ctx())
    expect(full.ok).toBe(true)
    if (!full.ok) return
    expect(full.value.rounds).toHaveLength(2)
    expect(full.value.rounds[0]).toMatchObject({
      id: 'r1',
      takenOn: '2026-01-01',
      scores: { Work: 4, Play: 5, Love: 6, Health: 7 },
    })
    expect(full.value.rounds[1]).toMatchObject({ takenOn: todayIso(), scores: {}, notes: '' })
    expect(full.announce).toBe('Round 2 is started, dated today. Your earlier round is kept.')
    expect(full.focus).toBe('score-1')
    const partial = lifeBalance.actions.round!(value({}), scores(4, 5), ctx())
    expect(!partial.ok && partial).toMatchObject({ field: 'score-3', kept: { 'score-1': '4' } })
    const many = value(
      ...Array.from({ length: MAX_ROUNDS }, () => ({ Work: 1, Play: 1, Love: 1, Health: 1 })),
    )
    const refused = lifeBalance.actions.round!(many, {}, ctx())
    expect(!refused.ok && refused.field).toBe('new-round')
    expect(lifeBalance.check(many, ctx(), false)).toBeNull()
    expect(
      lifeBalance.check({ rounds: [...many.rounds, many.rounds[0]!] }, ctx(), false)?.field,
    ).toBe('new-round')
  })

  it('needs every area of the latest round scored to finish, unless optional', () => {
    expect(
      lifeBalance.check(value({ Work: 1, Play: 2, Love: 3, Health: 4 }), ctx(), true),
    ).toBeNull()
    const gap = lifeBalance.check(value({ Work: 1, Love: 3 }), ctx(), true)
    expect(gap).toEqual({
      error: 'Choose a score for “Play” before you continue: 2 areas still need a score',
      field: 'score-2',
    })
    expect(lifeBalance.check(value({}), ctx(), true)?.field).toBe('score-1')
    expect(lifeBalance.check({ rounds: [] }, ctx(), true)?.field).toBe('score-1')
    expect(lifeBalance.check(value({ Work: 1 }), ctx(), false)).toBeNull()
    expect(lifeBalance.check({ rounds: [] }, ctx(undefined, true), true)).toBeNull()
  })

  it('says the latest round in plain words, beside the one before it', () => {
    expect(lifeBalance.lines({ rounds: [] }, ctx())).toEqual([])
    expect(lifeBalance.lines(value({ Play: 3, Work: 8 }), ctx())).toEqual([
      'Scored on 1 January 2026',
      'Work: 8 of 10',
      'Play: 3 of 10',
    ])
    const two = value({ Work: 2 }, { Work: 6, Health: 5 })
    two.rounds[1]!.notes = 'Better sleep.'
    expect(lifeBalance.lines(two, ctx())).toEqual([
      'Round 2, started 2 January 2026; the round before it was started 1 January 2026',
      'Work: 6 of 10 (was 2)',
      'Health: 5 of 10',
      'Notes: Better sleep.',
    ])
  })

  it('takes "Area - 4" lines from an earlier plain-text answer, and nothing it is unsure of', () => {
    const text = [
      'Work - 4',
      '- Play: 7/10 (not much lately)',
      'love 10 out of 10',
      'Health - 4.5',
      'Health 45',
      'Sleep - 3',
    ].join('\n')
    expect(scoresFromText(text, ctx())).toEqual({ Work: 4, Play: 7, Love: 10 })
    expect(scoresFromText('Work - 3\nwork - 5', ctx())).toEqual({})
    expect(lifeBalance.fromLegacy('Just fine overall', ctx())).toEqual({ rounds: [] })
    expect(lifeBalance.fromLegacy('Work - 3', ctx()).rounds).toMatchObject([
      { id: 'r1', scores: { Work: 3 } },
    ])
  })
})

describe('the life balance in the workbook', () => {
  it('shows a labelled score for each default area, with the ends in words, and no chart yet', async () => {
    const { token } = await toolLearner()
    const tool = await block(token)
    const selects = all(tool, 'select')
    expect(selects.map((s) => text(one(tool, `label[for="${s.id}"]`)))).toEqual(AREAS)
    expect(selects[0]!.id).toBe('balance-score-1')
    const options = all(selects[0]!, 'option').map(text)
    expect(options[0]).toBe('Not scored yet')
    expect(options[1]).toBe('1, not at all satisfied')
    expect(options[10]).toBe('10, completely satisfied')
    expect(text(one(tool, 'legend'))).toBe('Round 1, dated when you first save it')
    expect(tool.querySelector('svg')).toBeNull()
    expect(tool.querySelector('#balance-new-round')).toBeNull()
    expect(one(tool, 'textarea[name="notes"]').id).toBe('balance-notes')
  })

  it('saves without JavaScript as dated rows, notes sealed, and shows the chart', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), ...scores(6, 3), notes: 'Long hours at the depot' },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#balance-score-3`)
    expect(await chosen(token)).toEqual({
      'score-1': '6',
      'score-2': '3',
      'score-3': '',
      'score-4': '',
    })
    const rows = await rowsOf(userId)
    expect(rows.rounds).toMatchObject([{ position: 1, taken_on: todayIso() }])
    expect(String(rows.rounds[0]!.notes_ct)).not.toContain('depot')
    const id = rows.rounds[0]!.round_id
    expect(rows.scores).toEqual([
      [id, 'Play', 3],
      [id, 'Work', 6],
    ])
    expect(await wholeDatabaseText()).not.toContain('Long hours at the depot')
    expect(await answerComplete(userId, TOOL.placement)).toBe(0)
    const tool = await block(token)
    expect(text(one(tool, 'svg title'))).toBe('Your life balance')
    expect(all(tool, 'details table tbody tr').map((r) => all(r, 'th, td').map(text))).toEqual([
      ['Work', '6'],
      ['Play', '3'],
      ['Love', 'Not scored'],
      ['Health', 'Not scored'],
    ])
    expect(text(one(tool, 'textarea'))).toBe('Long hours at the depot')
  })

  it('answers htmx with the tool block itself, announced, varying on HX-Request', async () => {
    const { token } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), ...scores(6) },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const tool = one(root, TOOL.block)
    expect(one(tool, '#balance-score-1 option[value="6"]').hasAttribute('selected')).toBe(true)
    expect(one(tool, '#balance-score-2').hasAttribute('autofocus')).toBe(true)
    expect(text(one(root, '#dt-status'))).toBe(
      'Your scores are saved. You have scored 1 of 4 areas.',
    )
    expect(formFields(tool).version).toBe('1')
  })

  it('keeps every round, dated, and shows the latest beside the one before it', async () => {
    const { token, userId } = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), ...scores(2, 3, 4, 5), notes: 'First go' },
      { token },
    )
    const started = await postAction(TOOL, 'round', formFields(await block(token)), {
      token,
      htmx: true,
    })
    expect(started.status).toBe(200)
    const root = dom(await started.text())
    expect(text(one(root, '#dt-status'))).toBe(
      'Round 2 is started, dated today. Your earlier round is kept.',
    )
    expect(one(root, '#balance-score-1').hasAttribute('autofocus')).toBe(true)
    expect(await chosen(token)).toEqual({
      'score-1': '',
      'score-2': '',
      'score-3': '',
      'score-4': '',
    })
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), ...scores(7, 8, 9, 10) },
      { token },
    )
    await postAction(TOOL, 'round', formFields(await block(token)), { token })
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), ...scores(1, 1, 1, 1) },
      { token },
    )
    const tool = await block(token)
    const date = text(one(tool, 'legend')).replace('Round 3, started ', '')
    expect(text(one(tool, 'svg title'))).toBe('Your life balance, then and now')
    expect(all(tool, 'details thead th').map(text)).toEqual([
      'Area',
      `Round 2, ${date}`,
      `Round 3, ${date}`,
    ])
    expect(all(tool, 'details tbody tr').map((r) => all(r, 'th, td').map(text))[0]).toEqual([
      'Work',
      '7',
      '1',
    ])
    // Every earlier round stays listed, dated, with its notes.
    const earlier = all(tool, '.dt-balance__rounds li').map((li) =>
      all(li, 'p').map(text).join(' '),
    )
    expect(earlier).toEqual([
      `Round 1, started ${date}: Work 2, Play 3, Love 4, Health 5. Notes: First go`,
      `Round 2, started ${date}: Work 7, Play 8, Love 9, Health 10.`,
    ])
    const rows = await rowsOf(userId)
    expect(rows.rounds.map((r) => [r.position, r.taken_on])).toEqual([
      [1, todayIso()],
      [2, todayIso()],
      [3, todayIso()],
    ])
    expect(rows.rounds[1]!.notes_ct).toBeNull()
    expect(rows.scores).toHaveLength(12)
  })

  it('refuses a bad score, an unknown area or an unfinished round with a 422, keeping the input', async () => {
    const { token, userId } = await toolLearner()
    await postAction(TOOL, 'save', { ...formFields(await block(token)), ...scores(5) }, { token })
    const fields = formFields(await block(token))
    const cases: [string, Record<string, string>, RegExp, string][] = [
      ['save', { 'score-2': '11' }, /Choose a score from 1 to 10 for “Play”/, 'score-2'],
      ['save', { 'score-9': '3' }, /an area this page does not have/, 'score-1'],
      ['round', {}, /Choose a score for “Love” before you start a new round/, 'score-3'],
      ['done', {}, /Choose a score for “Love” before you continue/, 'score-3'],
      [
        'save',
        { notes: 'y'.repeat(2001) },
        /Your notes: This must be 2,000 characters or fewer/,
        'notes',
      ],
    ]
    for (const [action, more, message, field] of cases) {
      const res = await postAction(
        TOOL,
        action,
        { ...fields, 'score-2': '8', notes: 'Kept words', ...more },
        { token },
      )
      expect(res.status, JSON.stringify(more)).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(href).toBe(`#balance-${field}`)
      expect(dom(html).querySelector(href), href).not.toBeNull()
      if (field !== 'score-2') {
        expect(one(dom(html), '#balance-score-2 option[value="8"]').hasAttribute('selected')).toBe(
          true,
        )
      }
      if (field !== 'notes') expect(text(one(dom(html), 'textarea'))).toBe('Kept words')
    }
    expect((await answerRow(userId, TOOL.placement))?.version).toBe(1)
    expect(await chosen(token)).toMatchObject({ 'score-1': '5', 'score-2': '' })
  })

  it('finishes once every area is scored, with a summary in plain words', async () => {
    const { token, userId } = await toolLearner()
    const done = await postAction(
      TOOL,
      'done',
      { ...formFields(await block(token)), ...scores(4, 6, 8, 10) },
      { token },
    )
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, TOOL.placement)).toBe(1)
    const summary = all(await block(token), '.dt-answer__list li').map(text)
    expect(summary.slice(1)).toEqual([
      'Work: 4 of 10',
      'Play: 6 of 10',
      'Love: 8 of 10',
      'Health: 10 of 10',
    ])
  })

  it('keeps a stale save from a second tab from touching the rounds', async () => {
    const { token, userId } = await toolLearner()
    await postAction(TOOL, 'save', { ...formFields(await block(token)), ...scores(2) }, { token })
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect((await postAction(TOOL, 'save', { ...tabA, ...scores(3) }, { token })).status).toBe(303)
    const before = await rowsOf(userId)
    const stale = await postAction(TOOL, 'round', { ...tabB, ...scores(9, 9, 9, 9) }, { token })
    expect(stale.status).toBe(409)
    expect(await rowsOf(userId)).toEqual(before)
    expect(await chosen(token)).toMatchObject({ 'score-1': '3' })
    expect((await revisions(userId, TOOL.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), ...scores(2, 2, 2, 2), notes: 'One' },
      { token },
    )
    const fields = formFields(await block(token))
    // The save: answer, 3 revision writes, conflict, rounds and scores (delete and insert each), read back.
    const saved = await expectAtomicSave(
      (env) => postAction(TOOL, 'round', fields, { token, env }),
      { userId, placement: TOOL.placement, tables: ['life_balance_rounds', 'life_balance_scores'] },
      10,
    )
    expect(saved.status).toBe(303)
    expect((await rowsOf(userId)).rounds).toHaveLength(2)
  })

  it('keeps each learner’s rounds their own', async () => {
    const a = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(a.token)), ...scores(9), notes: 'Mine' },
      { token: a.token },
    )
    const b = await toolLearner()
    expect(await chosen(b.token)).toMatchObject({ 'score-1': '' })
    expect(text(await block(b.token))).not.toContain('Mine')
    // An area field the page does not have is refused, whoever's page it came from.
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(b.token)), 'score-12': '3' },
      { token: b.token },
    )
    expect(res.status).toBe(422)
    expect(await res.text()).not.toContain('Mine')
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(b.token)), ...scores(1) },
      { token: b.token },
    )
    expect(await chosen(a.token)).toMatchObject({ 'score-1': '9' })
    expect(await chosen(b.token)).toMatchObject({ 'score-1': '1' })
    expect((await rowsOf(a.userId)).scores.map((s) => s.slice(1))).toEqual([['Work', 9]])
  })

  it('keeps an earlier plain-text answer, shows it, and starts from the scores it names', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TOOL.placement}`,
      { answer: 'Work - 4\nPlay: 7\nLove is complicated.', version: '0' },
      { token },
    )
    const answered = await block(token)
    expect(text(answered)).toContain('You wrote this here before this tool existed')
    expect(text(answered)).toContain('Love is complicated.')
    expect(await chosen(token, edit)).toEqual({
      'score-1': '4',
      'score-2': '7',
      'score-3': '',
      'score-4': '',
    })
    expect(text(await block(token, edit))).toContain('We have used it to make a start below')
    const res = await postAction(TOOL, 'save', formFields(await block(token, edit)), { token })
    expect(res.status).toBe(303)
    const rows = await rowsOf(userId)
    expect(rows.scores).toEqual([
      ['r1', 'Play', 7],
      ['r1', 'Work', 4],
    ])
    expect(text(await block(token, edit))).toContain('Love is complicated.')
  })

  it('is found only by its real actions', async () => {
    const { token } = await toolLearner()
    const fields = formFields(await block(token))
    expect((await postAction(TOOL, 'add', fields, { token })).status).toBe(404)
    expect((await postAction(TOOL, 'toString', fields, { token })).status).toBe(404)
    expect((await get(page, { token })).status).toBe(200)
  })
})
