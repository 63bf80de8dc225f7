import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { countingDb } from '../../db/client'
import { run } from '../../db/query'
import { competenciesQuery } from '../../db/tools/competency-rating'
import { all, dom, one, text } from '../../../test/html'
import { get, postForm } from '../../../test/helpers'
import {
  answerComplete,
  answerRow,
  revisions,
  toolRows,
  wholeDatabaseText,
} from '../../../test/sql'
import { formFields, postAction, toolBlock, expectAtomicSave } from '../../../test/tools'
import { loadToolWorkbook, realReference, toolLearner } from '../../../test/tool-fixture'
import {
  applyRatings,
  competencyRating,
  LEVEL_NAMES,
  ratingsFromText,
  type CompetencyRef,
  type CompetencyValue,
} from '.'

const TOOL = { exercise: 'tools', placement: 'tools.ratings', block: '#b-ratings' }
const page = `/workbook/${TOOL.exercise}`
const edit = `/workbook/tools/answers/${TOOL.placement}/edit`

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: ratings
          tool: competency-rating
          label: Where are you today on each competency?
          config: {}`)
})

/** The competencies as the tool's refs hold them, from the real reference data. */
const REFS: CompetencyRef[] = realReference().competencies.map((c) => ({
  id: c.id,
  group: c.group,
  groupName: c.groupName,
  groupDescription: c.groupDescription,
  name: c.name,
  description: c.description,
  levels: c.levels,
}))
const IDS = REFS.map((c) => c.id)

type Groups = ('delivery' | 'interpersonal' | 'strategic')[]
const ctx = (groups?: Groups, optional = false) => ({
  placementId: 'tools.ratings',
  settings: groups ? { groups } : {},
  optional,
  refs: REFS,
  siblings: new Map(),
})
const rated = (ids: string[], level = 3): CompetencyValue => ({
  ratings: Object.fromEntries(ids.map((id) => [id, level])),
})
/** Every competency rated, as the form posts it: `level-<id>` → the level. */
const levels = (ids: string[], level = 3) =>
  Object.fromEntries(ids.map((id) => [`level-${id}`, String(level)]))

const block = (token: string, path = page) => toolBlock(token, path, TOOL.block)
const checked = async (token: string, path = page) =>
  Object.fromEntries(
    all(await block(token, path), 'input[type="radio"][checked]').map((r) => [
      r.getAttribute('name')!.slice('level-'.length),
      Number(r.getAttribute('value')),
    ]),
  )

describe('the competency rating value', () => {
  it('holds a level from 1 to 5 per competency id, and refuses anything else', () => {
    const shape = competencyRating.shape
    expect(shape.safeParse({ ratings: {} }).success).toBe(true)
    expect(shape.safeParse({ ratings: { communication: 1, 'problem-solving': 5 } }).success).toBe(
      true,
    )
    for (const bad of [0, 6, 2.5, '3', null]) {
      expect(shape.safeParse({ ratings: { communication: bad } }).success, String(bad)).toBe(false)
    }
    expect(shape.safeParse({ ratings: { 'Not An Id': 3 } }).success).toBe(false)
    expect(shape.safeParse({ ratings: [3] }).success).toBe(false)
  })

  it('applies posted levels to shown competencies only, and only from 1 to 5', () => {
    const start = rated(['communication'], 2)
    const ok = applyRatings(start, { 'level-teamwork': '4', version: '1' }, ctx())
    expect(ok).toEqual({ ok: true, value: { ratings: { communication: 2, teamwork: 4 } } })
    // A level changed, and one left alone keeps its saved value.
    const changed = applyRatings(start, { 'level-communication': '5' }, ctx())
    expect(changed.ok && changed.value.ratings).toEqual({ communication: 5 })
    for (const bad of ['0', '6', '', '3.0', 'three', ' 3']) {
      const r = applyRatings(start, { 'level-teamwork': bad }, ctx())
      expect(r.ok, bad).toBe(false)
      if (!r.ok) expect(r.field).toBe('level-teamwork')
    }
    const unknown = applyRatings(start, { 'level-juggling': '3' }, ctx())
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.field).toBe(`level-${IDS[0]}`)
    // A competency of a group this placement does not show is refused too.
    const elsewhere = applyRatings(
      start,
      { 'level-planning-and-organizing': '3' },
      ctx(['strategic']),
    )
    expect(elsewhere.ok).toBe(false)
  })

  it('needs every shown competency rated to finish, unless the placement is optional', () => {
    const all15 = rated(IDS)
    expect(competencyRating.check(all15, ctx(), true)).toBeNull()
    const missing = rated(IDS.filter((id) => id !== IDS[3] && id !== IDS[9]))
    const refused = competencyRating.check(missing, ctx(), true)
    expect(refused?.field).toBe(`level-${IDS[3]}`)
    expect(refused?.error).toMatch(/2 competencies still need a level/)
    // Still rating: nothing is refused; optional: finishing with gaps is fine.
    expect(competencyRating.check(missing, ctx(), false)).toBeNull()
    expect(competencyRating.check(rated([]), ctx(undefined, true), true)).toBeNull()
    // Only the placement's groups count.
    const strategic = REFS.filter((c) => c.group === 'strategic').map((c) => c.id)
    expect(competencyRating.check(rated(strategic), ctx(['strategic']), true)).toBeNull()
    expect(competencyRating.check(rated(strategic.slice(1)), ctx(['strategic']), true)?.field).toBe(
      `level-${strategic[0]}`,
    )
  })

  it('shows the placement’s groups with their competencies, levels and the chosen level', () => {
    const view = competencyRating.view(rated(['communication'], 4), ctx(['interpersonal']))
    if (view.tool !== 'competency-rating') throw new Error('wrong view')
    expect(view.groups.map((g) => g.id)).toEqual(['interpersonal'])
    expect(view.groups[0]!.description).toMatch(/\w/)
    expect(view.groups[0]!.competencies).toHaveLength(5)
    expect(view.groups[0]!.competencies[0]).toMatchObject({ id: 'communication', level: 4 })
    expect(view.levelNames).toEqual([...LEVEL_NAMES])
    expect(view.total).toBe(5)
  })

  it('says each rating in plain words, in the seed’s order', () => {
    expect(competencyRating.lines(rated(['teamwork', 'communication'], 3), ctx())).toEqual([
      'Communication: Capable (3 of 5)',
      'Teamwork and collaboration: Capable (3 of 5)',
    ])
    expect(competencyRating.lines({ ratings: { 'problem-solving': 5 } }, ctx())).toEqual([
      'Problem solving: Leading others (5 of 5)',
    ])
  })

  it('takes "Name - 3" lines from an earlier plain-text answer, and nothing it is unsure of', () => {
    const text = [
      'Communication - 3',
      '- Problem solving: 4/5 (the week the van broke down)',
      '2. Teamwork and collaboration 2 because I mostly work alone',
      'Adaptability - 3.5',
      'Planning and organizing: 5 out of 5',
      'Quality and attention to detail - 2',
      'quality and attention to detail - 4',
      'Juggling - 5',
      'I think I am fine at most of these.',
    ].join('\n')
    expect(ratingsFromText(text, ctx())).toEqual({
      communication: 3,
      'problem-solving': 4,
      teamwork: 2,
      'planning-and-organizing': 5,
    })
    expect(ratingsFromText('1', ctx())).toEqual({})
    expect(ratingsFromText('Communication - 3', ctx(['strategic']))).toEqual({})
  })
})

describe('the competency rating in the workbook', () => {
  it('reads the competencies only on an exercise that has the tool', async () => {
    const here = await run(countingDb(env.DB), competenciesQuery(countingDb(env.DB), 'tools'))
    expect(here.map((c) => c.id)).toEqual(IDS)
    expect(
      await run(countingDb(env.DB), competenciesQuery(countingDb(env.DB), 'no-such-exercise')),
    ).toEqual([])
  })

  it('shows one section per group and one radio group per competency, each level described', async () => {
    const { token } = await toolLearner()
    const tool = await block(token)
    const sections = all(tool, 'section.dt-rating-group')
    expect(sections.map((s) => text(one(s, 'h3')))).toEqual([
      'Delivery',
      'Interpersonal',
      'Strategic',
    ])
    expect(text(sections[0]!)).toContain('Getting work done well and on time')
    const sets = all(tool, 'fieldset')
    expect(sets).toHaveLength(15)
    const first = sets[0]!
    expect(text(one(first, 'legend'))).toBe(REFS[0]!.name)
    // The fieldset is described by the competency's meaning; each radio by its level.
    const hint = first.getAttribute('aria-describedby')!
    expect(text(one(tool, `#${hint}`))).toBe(REFS[0]!.description)
    const radios = all(first, 'input[type="radio"]')
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(['1', '2', '3', '4', '5'])
    expect(radios.map((r) => text(one(tool, `label[for="${r.id}"]`)))).toEqual(
      LEVEL_NAMES.map((n, i) => `${i + 1} ${n}`),
    )
    expect(radios.map((r) => text(one(tool, `#${r.getAttribute('aria-describedby')}`)))).toEqual(
      REFS[0]!.levels,
    )
    expect(radios[0]!.id).toBe(`ratings-level-${REFS[0]!.id}`)
  })

  it('saves the levels chosen without JavaScript, as rows, and moves on to the next unrated', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'level-communication': '3', [`level-${IDS[0]}`]: '2' },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#ratings-level-${IDS[1]}`)
    expect(await checked(token)).toEqual({ [IDS[0]!]: 2, communication: 3 })
    expect(await answerComplete(userId, TOOL.placement)).toBe(0)
    const rows = await toolRows('competency_ratings', userId, TOOL.placement)
    expect(rows.map((r) => [r.competency_id, r.level]).sort()).toEqual([
      ['communication', 3],
      [IDS[0], 2],
    ])
    // A group's own save button brings focus back to it.
    const again = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'level-communication': '4' },
      { token, item: 'interpersonal' },
    )
    expect(again.headers.get('Location')).toBe(`${page}#ratings-save-interpersonal`)
    expect(await checked(token)).toEqual({ [IDS[0]!]: 2, communication: 4 })
    // The value is stored encrypted; only ids and levels are clear in the rows.
    expect(await wholeDatabaseText()).not.toContain('"ratings"')
  })

  it('answers htmx with the tool block itself, announced, varying on HX-Request', async () => {
    const { token } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'level-communication': '3' },
      { token, htmx: true, item: 'interpersonal' },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const tool = one(root, TOOL.block)
    expect(one(tool, 'input[name="level-communication"][value="3"]').hasAttribute('checked')).toBe(
      true,
    )
    expect(one(tool, '#ratings-save-interpersonal').hasAttribute('autofocus')).toBe(true)
    expect(text(one(root, '#dt-status'))).toBe('Your ratings are saved. You have rated 1 of 15.')
    expect(formFields(tool).version).toBe('1')
  })

  it('refuses an unknown competency or a level outside 1–5 with a 422, keeping the choices', async () => {
    const { token, userId } = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'level-teamwork': '2' },
      { token },
    )
    const fields = formFields(await block(token))
    const cases: [string, Record<string, string>, RegExp][] = [
      ['save', { 'level-juggling': '3' }, /competency this page does not have/],
      ['save', { 'level-communication': '6' }, /Choose a level from 1 to 5 for “Communication”/],
      ['done', { 'level-communication': '0' }, /Choose a level from 1 to 5/],
      ['save', { 'level-communication': 'x' }, /Choose a level from 1 to 5/],
    ]
    for (const [action, more, message] of cases) {
      const res = await postAction(
        TOOL,
        action,
        { ...fields, 'level-adaptability': '5', ...more },
        { token },
      )
      expect(res.status, JSON.stringify(more)).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(dom(html).querySelector(href), href).not.toBeNull()
      // What was chosen is still chosen on the page that explains the problem, and counted.
      expect(
        one(dom(html), 'input[name="level-adaptability"][value="5"]').hasAttribute('checked'),
      ).toBe(true)
      expect(text(one(dom(html), '.dt-rating-intro'))).toContain('You have rated 2 of 15.')
    }
    expect((await answerRow(userId, TOOL.placement))?.version).toBe(1)
    expect(await checked(token)).toEqual({ teamwork: 2 })
  })

  it('needs every competency rated to continue, linking to the first one unrated', async () => {
    const { token, userId } = await toolLearner()
    const some = levels(IDS.slice(0, 6), 4)
    const refused = await postAction(
      TOOL,
      'done',
      { ...formFields(await block(token)), ...some },
      { token },
    )
    expect(refused.status).toBe(422)
    const html = await refused.text()
    const link = one(one(dom(html), '.dt-error-summary'), 'a')
    expect(link.getAttribute('href')).toBe(`#ratings-level-${IDS[6]}`)
    expect(text(link)).toContain(`Choose a level for “${REFS[6]!.name}” before you continue`)
    expect(dom(html).querySelector(`#ratings-level-${IDS[6]}`)).not.toBeNull()
    expect(one(dom(html), `#ratings-level-${IDS[6]}-error`)).toBeTruthy()
    expect(one(dom(html), `input[name="level-${IDS[0]}"][value="4"]`).hasAttribute('checked')).toBe(
      true,
    )
    expect(await answerRow(userId, TOOL.placement)).toBeNull()

    const done = await postAction(
      TOOL,
      'done',
      { ...formFields(await block(token)), ...levels(IDS, 3), 'level-communication': '5' },
      { token },
    )
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe(`${page}#b-c2`)
    expect(await answerComplete(userId, TOOL.placement)).toBe(1)
    expect(await toolRows('competency_ratings', userId, TOOL.placement)).toHaveLength(15)
    const summary = all(await block(token), '.dt-answer__list li').map(text)
    expect(summary).toHaveLength(15)
    expect(summary).toContain('Communication: Leading others (5 of 5)')
    expect(summary).toContain(`${REFS[0]!.name}: Capable (3 of 5)`)
  })

  it('keeps a stale save from a second tab from touching the ratings', async () => {
    const { token, userId } = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'level-teamwork': '2' },
      { token },
    )
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect(
      (await postAction(TOOL, 'save', { ...tabA, 'level-teamwork': '3' }, { token })).status,
    ).toBe(303)
    const before = await toolRows('competency_ratings', userId, TOOL.placement)
    const stale = await postAction(TOOL, 'save', { ...tabB, 'level-teamwork': '5' }, { token })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('This changed somewhere else')
    expect(await toolRows('competency_ratings', userId, TOOL.placement)).toEqual(before)
    expect(await checked(token)).toEqual({ teamwork: 3 })
    expect((await revisions(userId, TOOL.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'level-teamwork': '2' },
      { token },
    )
    const fields = { ...formFields(await block(token)), 'level-communication': '4' }
    // The save: answer, 3 revision writes, conflict, delete and insert of the ratings, read back.
    const saved = await expectAtomicSave(
      (env) => postAction(TOOL, 'save', fields, { token, env }),
      { userId, placement: TOOL.placement, tables: ['competency_ratings'] },
      8,
    )
    expect(saved.status).toBe(303)
    expect(await checked(token)).toEqual({ teamwork: 2, communication: 4 })
  })

  it('keeps each learner’s ratings their own', async () => {
    const a = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(a.token)), 'level-teamwork': '5' },
      { token: a.token },
    )
    const b = await toolLearner()
    expect(await checked(b.token)).toEqual({})
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(b.token)), 'level-teamwork': '1', 'level-not-mine': '3' },
      { token: b.token },
    )
    expect(res.status).toBe(422)
    expect(
      (
        await postAction(
          TOOL,
          'save',
          { ...formFields(await block(b.token)), 'level-teamwork': '1' },
          { token: b.token },
        )
      ).status,
    ).toBe(303)
    expect(await checked(a.token)).toEqual({ teamwork: 5 })
    expect(await checked(b.token)).toEqual({ teamwork: 1 })
    const aRows = await toolRows('competency_ratings', a.userId, TOOL.placement)
    expect(aRows.map((r) => [r.competency_id, r.level])).toEqual([['teamwork', 5]])
  })

  it('keeps an earlier plain-text answer, shows it, and starts from the ratings it names', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TOOL.placement}`,
      {
        answer: 'Communication - 3\nProblem solving: 4 (the van story)\nThe rest I am unsure of.',
        version: '0',
      },
      { token },
    )
    const answered = await block(token)
    expect(text(answered)).toContain('You wrote this here before this tool existed')
    expect(text(answered)).toContain('The rest I am unsure of.')
    expect(await checked(token, edit)).toEqual({ communication: 3, 'problem-solving': 4 })
    expect(text(await block(token, edit))).toContain('We have used it to make a start below')
    const res = await postAction(TOOL, 'save', formFields(await block(token, edit)), { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${edit}#ratings-level-${IDS[0]}`)
    const rows = await toolRows('competency_ratings', userId, TOOL.placement)
    expect(rows.map((r) => [r.competency_id, r.level])).toEqual([
      ['communication', 3],
      ['problem-solving', 4],
    ])
    expect(text(await block(token, edit))).toContain('The rest I am unsure of.')
  })

  it('says nothing was taken when the earlier answer names no rating it can read', async () => {
    const { token } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TOOL.placement}`,
      { answer: 'Pretty good at most things', version: '0' },
      { token },
    )
    const shown = await block(token, edit)
    expect(text(shown)).toContain('Pretty good at most things')
    expect(text(shown)).not.toContain('We have used it to make a start below')
    expect(await checked(token, edit)).toEqual({})
  })

  it('is found only by its real actions', async () => {
    const { token } = await toolLearner()
    const fields = formFields(await block(token))
    expect((await postAction(TOOL, 'add', fields, { token })).status).toBe(404)
    expect((await postAction(TOOL, 'toString', fields, { token })).status).toBe(404)
    expect((await get(page, { token })).status).toBe(200)
  })
})
