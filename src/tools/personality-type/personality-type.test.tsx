import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { countingDb } from '../../db/client'
import { run } from '../../db/query'
import { personalityQuery } from '../../db/tools/personality-type'
import { all, dom, one, text, type HTMLElement } from '../../../test/html'
import { postForm } from '../../../test/helpers'
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
  applyChoices,
  personalityType,
  resultOf,
  typeFromText,
  type PersonalityRefs,
  type PersonalityValue,
} from '.'

const TOOL = { exercise: 'tools', placement: 'tools.lens', block: '#b-lens' }
const page = `/workbook/${TOOL.exercise}`
const edit = `/workbook/tools/answers/${TOOL.placement}/edit`

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: lens
          tool: personality-type
          label: Which type sounds most like you?
          config: {}`)
})

const reference = realReference().personality
const REFS: PersonalityRefs = {
  types: reference.types.map((t) => ({ code: t.code, name: t.name, summary: t.summary })),
  preferences: reference.preferences.map((p) => ({
    id: p.id,
    question: p.question,
    options: p.options.map((o) => ({
      letter: letterOf(o.letter),
      name: o.name,
      hint: o.hint,
    })),
  })),
}
function letterOf(l: string) {
  const known = ['E', 'I', 'S', 'N', 'T', 'F', 'J', 'P'] as const
  const found = known.find((k) => k === l)
  if (!found) throw new Error(`not a preference letter: ${l}`)
  return found
}
const PREFS = REFS.preferences.map((p) => p.id)
const ctx = (optional = false) => ({
  placementId: 'tools.type',
  settings: {},
  optional,
  refs: REFS,
  siblings: new Map(),
})
const value = (v: Partial<PersonalityValue>): PersonalityValue => ({
  mode: 'pick',
  picked: null,
  letters: [null, null, null, null],
  ...v,
})
/** The four answers as the form posts them. */
const answers = (letters: string) =>
  Object.fromEntries(PREFS.map((id, i) => [`pref-${id}`, letters[i]!]))

const block = (token: string, path = page) => toolBlock(token, path, TOOL.block)
const checkedIn = (root: HTMLElement) =>
  Object.fromEntries(
    all(root, 'input[type="radio"][checked]').map((r) => [
      r.getAttribute('name'),
      r.getAttribute('value'),
    ]),
  )
const result = (root: HTMLElement) => root.querySelector('#lens-result')

describe('the personality type value', () => {
  it('holds a mode, a picked type and four letters in their places, and refuses anything else', () => {
    const shape = personalityType.shape
    expect(shape.safeParse(value({})).success).toBe(true)
    expect(shape.safeParse(value({ picked: 'INFP' })).success).toBe(true)
    expect(
      shape.safeParse(value({ mode: 'preferences', letters: ['I', 'N', null, 'P'] })).success,
    ).toBe(true)
    const bad: unknown[] = [
      { ...value({}), mode: 'quiz' },
      value({ picked: 'ABCD' }),
      value({ picked: 'infp' }),
      value({ letters: ['I', 'N', 'F'] }),
      // Each letter only at its own question's place.
      value({ letters: ['N', 'I', null, null] }),
      { ...value({}), letters: ['X', null, null, null] },
    ]
    for (const v of bad) expect(shape.safeParse(v).success, JSON.stringify(v)).toBe(false)
  })

  it('applies a posted type or answers, and refuses unknown types, letters and questions', () => {
    const start = value({ letters: ['E', null, null, null] })
    const picked = applyChoices(start, { type: 'INFP' }, ctx())
    expect(picked.ok && picked.value.picked).toBe('INFP')
    const answered = applyChoices(start, { 'pref-information': 'N', version: '2' }, ctx())
    expect(answered.ok && answered.value.letters).toEqual(['E', 'N', null, null])
    const refusals: [Record<string, string>, string][] = [
      [{ type: 'ABCD' }, 'type'],
      [{ type: 'infp' }, 'type'],
      [{ type: '' }, 'type'],
      [{ 'pref-energy': 'N' }, 'pref-energy'],
      [{ 'pref-energy': 'e' }, 'pref-energy'],
      [{ 'pref-mood': 'E' }, 'type'],
    ]
    for (const [form, field] of refusals) {
      const r = applyChoices(start, form, ctx())
      expect(r.ok, JSON.stringify(form)).toBe(false)
      if (!r.ok) expect(r.field).toBe(field)
    }
    // A problem not about one question links to the first control the page shows.
    const asking = { ...start, mode: 'preferences' as const }
    for (const form of [{ type: 'ABCD' }, { 'pref-mood': 'E' }]) {
      const r = applyChoices(asking, form, ctx())
      expect(!r.ok && r.field).toBe(`pref-${PREFS[0]}`)
    }
  })

  it('comes to a type by picking, or once all four questions are answered', () => {
    expect(resultOf(value({ picked: 'ISTJ' }))).toEqual({ code: 'ISTJ', via: 'picked' })
    expect(resultOf(value({ mode: 'preferences', picked: 'ISTJ' }))).toBeNull()
    expect(resultOf(value({ mode: 'preferences', letters: ['I', 'N', 'T', null] }))).toBeNull()
    expect(resultOf(value({ mode: 'preferences', letters: ['I', 'N', 'T', 'J'] }))).toEqual({
      code: 'INTJ',
      via: 'preferences',
    })
  })

  it('needs a type to finish: a pick, or every question answered, unless optional', () => {
    expect(personalityType.check(value({}), ctx(), true)?.field).toBe('type')
    expect(personalityType.check(value({}), ctx(), false)).toBeNull()
    expect(personalityType.check(value({}), ctx(true), true)).toBeNull()
    expect(personalityType.check(value({ picked: 'ENFP' }), ctx(), true)).toBeNull()
    const partly = value({ mode: 'preferences', letters: ['E', 'N', null, null] })
    const refused = personalityType.check(partly, ctx(), true)
    expect(refused?.field).toBe(`pref-${PREFS[2]}`)
    expect(refused?.error).toContain(REFS.preferences[2]!.question)
    const full = value({ mode: 'preferences', letters: ['E', 'N', 'F', 'P'] })
    expect(personalityType.check(full, ctx(), true)).toBeNull()
  })

  it('says the type in plain words, and how it was reached', () => {
    expect(personalityType.lines(value({ picked: 'INFP' }), ctx())).toEqual([
      'INFP: The principled dreamer',
      'You chose this type yourself.',
    ])
    const full = value({ mode: 'preferences', letters: ['I', 'N', 'F', 'P'] })
    expect(personalityType.lines(full, ctx())).toEqual([
      'INFP: The principled dreamer',
      'It came from your answers to the four preference questions.',
    ])
    expect(personalityType.lines(value({}), ctx())).toEqual([])
  })

  it('takes a type from an earlier plain-text answer only when it names exactly one', () => {
    expect(typeFromText('I took a test once and got INFP.', ctx())).toBe('INFP')
    expect(typeFromText('INFP, maybe INFJ', ctx())).toBeNull()
    expect(typeFromText('infp', ctx())).toBeNull()
    expect(typeFromText('XINFP', ctx())).toBeNull()
    expect(personalityType.fromLegacy('ENTJ', ctx())).toEqual(value({ picked: 'ENTJ' }))
  })
})

describe('the personality type in the workbook', () => {
  it('reads the types and questions only on an exercise that has the tool', async () => {
    const here = await run(countingDb(env.DB), personalityQuery(countingDb(env.DB), 'tools'))
    expect(here.types).toHaveLength(16)
    expect(here.preferences.map((p) => p.id)).toEqual(PREFS)
    expect(
      await run(countingDb(env.DB), personalityQuery(countingDb(env.DB), 'elsewhere')),
    ).toEqual({
      types: [],
      preferences: [],
    })
  })

  it('offers the 16 types by their letters and names, and a way to say "I am not sure"', async () => {
    const { token } = await toolLearner()
    const tool = await block(token)
    const radios = all(tool, 'input[name="type"]')
    expect(radios).toHaveLength(16)
    expect(text(one(tool, `label[for="${radios[6]!.id}"]`))).toBe('INFP: The principled dreamer')
    expect(radios[0]!.id).toBe('lens-type')
    expect(all(tool, 'button').map(text)).toContain('I am not sure')
    expect(result(tool)).toBeNull()
  })

  it('shows a picked type with its summary and a calm note, and stores it as a row', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), type: 'INFP' },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#lens-result`)
    const tool = await block(token)
    expect(checkedIn(tool)).toEqual({ type: 'INFP' })
    const shown = result(tool)!
    expect(text(one(shown, 'h3'))).toBe('INFP: The principled dreamer')
    expect(text(shown)).toContain(REFS.types[6]!.summary)
    expect(text(shown)).toContain('not a verdict')
    expect(text(shown)).toContain('more than four letters')
    expect(await answerComplete(userId, TOOL.placement)).toBe(0)
    expect(await toolRows('personality_results', userId, TOOL.placement)).toEqual([
      { user_id: userId, placement_id: TOOL.placement, type_id: 'INFP', via: 'picked' },
    ])
    expect(await wholeDatabaseText()).not.toContain('"letters"')
  })

  it('answers "I am not sure" with the four questions, and their answers with a type (htmx)', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(TOOL, 'unsure', formFields(await block(token)), {
      token,
      htmx: true,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const tool = one(root, TOOL.block)
    expect(text(one(root, '#dt-status'))).toMatch(/4 questions instead/)
    const sets = all(tool, 'fieldset')
    expect(sets.map((s) => text(one(s, 'legend')))).toEqual(REFS.preferences.map((p) => p.question))
    const first = all(sets[0]!, 'input[type="radio"]')
    expect(first.map((r) => text(one(tool, `label[for="${r.id}"]`)))).toEqual([
      'Extraversion (E)',
      'Introversion (I)',
    ])
    expect(text(one(tool, `#${first[1]!.getAttribute('aria-describedby')}`))).toBe(
      REFS.preferences[0]!.options[1]!.hint,
    )
    // Focus goes to the first question's first answer.
    expect(one(tool, `#lens-pref-${PREFS[0]}`).hasAttribute('autofocus')).toBe(true)
    expect(all(tool, 'input[name="type"]')).toHaveLength(0)

    const answered = await postAction(
      TOOL,
      'save',
      { ...formFields(tool), ...answers('INTJ') },
      { token, htmx: true },
    )
    const after = one(dom(await answered.text()), TOOL.block)
    expect(text(one(result(after)!, 'h3'))).toBe('INTJ: The long-range planner')
    expect(result(after)!.hasAttribute('autofocus')).toBe(true)
    expect(text(result(after)!)).toContain('Your answers to the four questions point to this type')
    expect(await toolRows('personality_results', userId, TOOL.placement)).toEqual([
      { user_id: userId, placement_id: TOOL.placement, type_id: 'INTJ', via: 'preferences' },
    ])

    // Back to picking: nothing is lost either way.
    const picking = await postAction(TOOL, 'pick', formFields(after), { token })
    expect(picking.status).toBe(303)
    expect(picking.headers.get('Location')).toBe(`${page}#lens-type`)
    expect(all(await block(token), 'input[name="type"]')).toHaveLength(16)
    expect(await toolRows('personality_results', userId, TOOL.placement)).toEqual([])
    await postAction(TOOL, 'unsure', formFields(await block(token)), { token })
    expect(checkedIn(await block(token))).toEqual(answers('INTJ'))
  })

  it('refuses unknown types, letters and questions with a 422, keeping the choices', async () => {
    const { token, userId } = await toolLearner()
    await postAction(TOOL, 'unsure', formFields(await block(token)), { token })
    const fields = formFields(await block(token))
    const cases: [string, Record<string, string>, RegExp][] = [
      ['save', { type: 'ABCD' }, /one of the 16 types/],
      ['save', { [`pref-${PREFS[1]}`]: 'Q' }, /Choose one of the two answers/],
      ['done', { [`pref-${PREFS[1]}`]: 'E' }, /Choose one of the two answers/],
      ['save', { 'pref-mood': 'E' }, /question this page does not have/],
      ['unsure', { type: 'XXXX' }, /one of the 16 types/],
    ]
    for (const [action, more, message] of cases) {
      const res = await postAction(
        TOOL,
        action,
        { ...fields, [`pref-${PREFS[0]}`]: 'I', ...more },
        { token },
      )
      expect(res.status, JSON.stringify(more)).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(dom(html).querySelector(href), href).not.toBeNull()
      expect(checkedIn(one(dom(html), TOOL.block))[`pref-${PREFS[0]}`]).toBe('I')
    }
    expect((await answerRow(userId, TOOL.placement))?.version).toBe(1)
  })

  it('needs a type to continue: a missing answer links to its question', async () => {
    const { token, userId } = await toolLearner()
    const none = await postAction(TOOL, 'done', formFields(await block(token)), { token })
    expect(none.status).toBe(422)
    const noneHtml = await none.text()
    expect(one(one(dom(noneHtml), '.dt-error-summary'), 'a').getAttribute('href')).toBe(
      '#lens-type',
    )
    expect(dom(noneHtml).querySelector('#lens-type')).not.toBeNull()

    await postAction(TOOL, 'unsure', formFields(await block(token)), { token })
    const three = Object.fromEntries(Object.entries(answers('ESFP')).slice(0, 3))
    const missing = await postAction(
      TOOL,
      'done',
      { ...formFields(await block(token)), ...three },
      { token },
    )
    expect(missing.status).toBe(422)
    const html = await missing.text()
    const link = one(one(dom(html), '.dt-error-summary'), 'a')
    expect(link.getAttribute('href')).toBe(`#lens-pref-${PREFS[3]}`)
    expect(text(link)).toContain(REFS.preferences[3]!.question)
    expect(dom(html).querySelector(`#lens-pref-${PREFS[3]}-error`)).not.toBeNull()
    expect(checkedIn(one(dom(html), TOOL.block))).toEqual(three)
    expect(await toolRows('personality_results', userId, TOOL.placement)).toEqual([])

    const done = await postAction(
      TOOL,
      'done',
      { ...formFields(await block(token)), ...answers('ESFP') },
      { token },
    )
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe(`${page}#b-c2`)
    expect(await answerComplete(userId, TOOL.placement)).toBe(1)
    expect(all(await block(token), '.dt-answer__list li').map(text)).toEqual([
      'ESFP: The lively companion',
      'It came from your answers to the four preference questions.',
    ])
  })

  it('keeps a stale save from a second tab from touching the result', async () => {
    const { token, userId } = await toolLearner()
    await postAction(TOOL, 'save', { ...formFields(await block(token)), type: 'ISTJ' }, { token })
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect((await postAction(TOOL, 'save', { ...tabA, type: 'ENTP' }, { token })).status).toBe(303)
    const before = await toolRows('personality_results', userId, TOOL.placement)
    const stale = await postAction(TOOL, 'save', { ...tabB, type: 'ISFJ' }, { token })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('This changed somewhere else')
    expect(await toolRows('personality_results', userId, TOOL.placement)).toEqual(before)
    expect(checkedIn(await block(token))).toEqual({ type: 'ENTP' })
    expect((await revisions(userId, TOOL.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    await postAction(TOOL, 'save', { ...formFields(await block(token)), type: 'ISTJ' }, { token })
    const fields = { ...formFields(await block(token)), type: 'ENFJ' }
    // The save: answer, 3 revision writes, conflict, delete and insert of the result, read back.
    const saved = await expectAtomicSave(
      (env) => postAction(TOOL, 'save', fields, { token, env }),
      { userId, placement: TOOL.placement, tables: ['personality_results'] },
      8,
    )
    expect(saved.status).toBe(303)
    expect(checkedIn(await block(token))).toEqual({ type: 'ENFJ' })
  })

  it('keeps each learner’s type their own', async () => {
    const a = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(a.token)), type: 'INFJ' },
      {
        token: a.token,
      },
    )
    const b = await toolLearner()
    const bTool = await block(b.token)
    expect(checkedIn(bTool)).toEqual({})
    expect(result(bTool)).toBeNull()
    const refused = await postAction(
      TOOL,
      'save',
      { ...formFields(bTool), type: 'NOPE' },
      {
        token: b.token,
      },
    )
    expect(refused.status).toBe(422)
    const refusedTool = one(dom(await refused.text()), TOOL.block)
    expect(checkedIn(refusedTool)).toEqual({})
    expect(result(refusedTool)).toBeNull()
    await postAction(TOOL, 'save', { ...formFields(bTool), type: 'ESTP' }, { token: b.token })
    expect(checkedIn(await block(a.token))).toEqual({ type: 'INFJ' })
    expect(await toolRows('personality_results', a.userId, TOOL.placement)).toEqual([
      { user_id: a.userId, placement_id: TOOL.placement, type_id: 'INFJ', via: 'picked' },
    ])
  })

  it('keeps an earlier plain-text answer, shows it, and starts from the type it names', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TOOL.placement}`,
      { answer: 'A quiz at school said ENFP, which felt about right.', version: '0' },
      { token },
    )
    const answered = await block(token)
    expect(text(answered)).toContain('You wrote this here before this tool existed')
    expect(text(answered)).toContain('A quiz at school said ENFP')
    const shown = await block(token, edit)
    expect(checkedIn(shown)).toEqual({ type: 'ENFP' })
    expect(text(shown)).toContain('We have used it to make a start below')
    const res = await postAction(TOOL, 'save', formFields(shown), { token })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${edit}#lens-result`)
    expect(await toolRows('personality_results', userId, TOOL.placement)).toEqual([
      { user_id: userId, placement_id: TOOL.placement, type_id: 'ENFP', via: 'picked' },
    ])
    expect(text(await block(token, edit))).toContain('A quiz at school said ENFP')
  })
})
