import { beforeAll, describe, expect, it } from 'vitest'
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
import { applyProfiles, MINDSETS, mindsetProfiles, profilesFromText, type MindsetValue } from '.'

const TOOL = { exercise: 'tools', placement: 'tools.people', block: '#b-people' }
const page = `/workbook/${TOOL.exercise}`
const edit = `/workbook/tools/answers/${TOOL.placement}/edit`
const IDS = MINDSETS.map((m) => m.id)

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: people
          tool: mindset-profiles
          label: Who shows each mindset?`)
})

const ctx = (optional = false) => ({
  placementId: TOOL.placement,
  settings: {},
  optional,
  refs: null,
  siblings: new Map(),
})
/** Every mindset written, as the form posts it. */
const everything = (tag = '') =>
  Object.fromEntries(
    IDS.flatMap((id) => [
      [`person-${id}`, `Person ${id}${tag}`],
      [`why-${id}`, `Because ${id}${tag}`],
    ]),
  )

const block = (token: string, path = page) => toolBlock(token, path, TOOL.block)
const typed = async (token: string, path = page) =>
  Object.fromEntries(
    all(await block(token, path), 'input[name^="person-"], textarea')
      .map(
        (e) =>
          [
            e.getAttribute('name'),
            e.tagName === 'TEXTAREA' ? text(e) : (e.getAttribute('value') ?? ''),
          ] as const,
      )
      .filter(([, v]) => v !== ''),
  )
const rowsOf = async (userId: string) =>
  (await toolRows('mindset_profiles', userId, TOOL.placement)).map((r) => r.mindset).sort()

describe('the mindset profiles value', () => {
  it('holds a person and why for the five mindsets only', () => {
    const shape = mindsetProfiles.shape
    expect(shape.safeParse({ profiles: {} }).success).toBe(true)
    expect(
      shape.safeParse({ profiles: { curiosity: { person: 'Ada', why: 'Asks' } } }).success,
    ).toBe(true)
    expect(shape.safeParse({ profiles: { courage: { person: 'Ada', why: 'Asks' } } }).success).toBe(
      false,
    )
    expect(shape.safeParse({ profiles: { curiosity: { person: 3, why: '' } } }).success).toBe(false)
  })

  it('applies typed people and reasons, and takes away a mindset emptied of both', () => {
    const start: MindsetValue = { profiles: { awareness: { person: 'Sam', why: 'Notices' } } }
    const ok = applyProfiles(start, {
      'person-curiosity': ' Ada ',
      'why-curiosity': '',
      'person-awareness': '',
      'why-awareness': '',
    })
    expect(ok).toEqual({ ok: true, value: { profiles: { curiosity: { person: 'Ada', why: '' } } } })
    const long = applyProfiles(start, { 'person-reframing': 'x'.repeat(201) })
    expect(!long.ok && long).toMatchObject({
      field: 'person-reframing',
      kept: { 'person-reframing': 'x'.repeat(201) },
    })
    const hidden = applyProfiles(start, { 'why-curiosity': 'a\u0007b' })
    expect(!hidden.ok && hidden.field).toBe('why-curiosity')
    // Fields for mindsets that do not exist are ignored, never stored.
    const foreign = applyProfiles(start, { 'person-courage': 'Me' })
    expect(foreign).toEqual({ ok: true, value: start })
  })

  it('needs all five, person and why, to finish, unless optional', () => {
    const all5 = applyProfiles({ profiles: {} }, everything())
    if (!all5.ok) throw new Error('not applied')
    expect(mindsetProfiles.check(all5.value, ctx(), true)).toBeNull()
    const noWhy = applyProfiles(all5.value, { 'why-reframing': '' })
    if (!noWhy.ok) throw new Error('not applied')
    expect(mindsetProfiles.check(noWhy.value, ctx(), true)).toEqual({
      error: 'Say why they show “Reframing” before you continue: it is the only one left',
      field: 'why-reframing',
    })
    expect(mindsetProfiles.check({ profiles: {} }, ctx(), true)).toEqual({
      error: 'Name someone who shows “Curiosity” before you continue: 5 mindsets still need words',
      field: 'person-curiosity',
    })
    expect(mindsetProfiles.check({ profiles: {} }, ctx(), false)).toBeNull()
    expect(mindsetProfiles.check({ profiles: {} }, ctx(true), true)).toBeNull()
  })

  it('says each profile in plain words, and reads "Mindset: person - why" lines', () => {
    expect(
      mindsetProfiles.lines(
        {
          profiles: {
            reframing: { person: 'Jo', why: 'Turns problems round.' },
            curiosity: { person: '', why: 'Asks' },
          },
        },
        ctx(),
      ),
    ).toEqual(['Curiosity: no one named yet. Asks', 'Reframing: Jo. Turns problems round.'])
    expect(
      profilesFromText(
        'Curiosity: my aunt Rosa - she asks everyone\nbias to action: Lee because he just starts\nAwareness: Kim\nAwareness: Pat\nCourage: Me',
      ),
    ).toEqual({
      curiosity: { person: 'my aunt Rosa', why: 'she asks everyone' },
      'bias-to-action': { person: 'Lee', why: 'he just starts' },
    })
  })
})

describe('the mindset profiles in the workbook', () => {
  it('shows a fieldset per mindset, its name as legend and its meaning as hint', async () => {
    const { token } = await toolLearner()
    const tool = await block(token)
    const sets = all(tool, 'fieldset')
    expect(sets.map((s) => text(one(s, 'legend')))).toEqual(MINDSETS.map((m) => m.name))
    for (const [i, set] of sets.entries()) {
      expect(text(one(tool, `#${set.getAttribute('aria-describedby')}`))).toBe(
        MINDSETS[i]!.description,
      )
      expect(all(set, 'input, textarea')).toHaveLength(2)
    }
    expect(text(one(tool, 'label[for="people-person-bias-to-action"]'))).toBe(
      'Who shows bias to action?',
    )
  })

  it('saves without JavaScript, sealed, one row per mindset written', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      {
        ...formFields(await block(token)),
        'person-curiosity': 'Aunt Rosamund',
        'why-curiosity': 'She questions the bus drivers',
      },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#people-person-bias-to-action`)
    expect(await rowsOf(userId)).toEqual(['curiosity'])
    expect(await wholeDatabaseText()).not.toContain('Aunt Rosamund')
    expect(await wholeDatabaseText()).not.toContain('bus drivers')
    expect(await typed(token)).toEqual({
      'person-curiosity': 'Aunt Rosamund',
      'why-curiosity': 'She questions the bus drivers',
    })
  })

  it('answers htmx with its block, announced, varying on HX-Request', async () => {
    const { token } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'person-awareness': 'Kim' },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    expect(one(one(root, TOOL.block), '#people-person-curiosity').hasAttribute('autofocus')).toBe(
      true,
    )
    expect(text(one(root, '#dt-status'))).toBe(
      'Your profiles are saved. You have written about 0 of 5 mindsets.',
    )
  })

  it('refuses a text too long, or finishing with gaps, with a 422 keeping the input', async () => {
    const { token, userId } = await toolLearner()
    const fields = formFields(await block(token))
    const cases: [string, Record<string, string>, RegExp, string][] = [
      [
        'save',
        { 'person-reframing': 'y'.repeat(201) },
        /Reframing: The person: This must be 200 characters or fewer/,
        'person-reframing',
      ],
      [
        'done',
        {},
        /Name someone who shows “Bias to action” before you continue: 4 mindsets still need words/,
        'person-bias-to-action',
      ],
    ]
    for (const [action, more, message, field] of cases) {
      const res = await postAction(
        TOOL,
        action,
        { ...fields, 'person-curiosity': 'Kept name', 'why-curiosity': 'Kept why', ...more },
        { token },
      )
      expect(res.status).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      expect(one(summary, 'a').getAttribute('href')).toBe(`#people-${field}`)
      expect(dom(html).querySelector(`#people-${field}`)).not.toBeNull()
      expect(one(dom(html), '#people-person-curiosity').getAttribute('value')).toBe('Kept name')
    }
    expect(await answerRow(userId, TOOL.placement)).toBeNull()
  })

  it('finishes with all five, summarized in plain words', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(
      TOOL,
      'done',
      { ...formFields(await block(token)), ...everything() },
      { token },
    )
    expect(res.status).toBe(303)
    expect(await answerComplete(userId, TOOL.placement)).toBe(1)
    expect(await rowsOf(userId)).toEqual([...IDS].sort())
    expect(all(await block(token), '.dt-answer__list li').map(text)[0]).toBe(
      'Curiosity: Person curiosity. Because curiosity',
    )
  })

  it('keeps a stale save from a second tab from touching the rows', async () => {
    const { token, userId } = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'person-curiosity': 'A' },
      { token },
    )
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    await postAction(TOOL, 'save', { ...tabA, 'person-awareness': 'B' }, { token })
    const before = await toolRows('mindset_profiles', userId, TOOL.placement)
    const stale = await postAction(TOOL, 'save', { ...tabB, 'person-reframing': 'C' }, { token })
    expect(stale.status).toBe(409)
    expect(await toolRows('mindset_profiles', userId, TOOL.placement)).toEqual(before)
    expect((await revisions(userId, TOOL.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), 'person-curiosity': 'A' },
      { token },
    )
    const fields = { ...formFields(await block(token)), 'person-awareness': 'B' }
    // The save: answer, 3 revision writes, conflict, delete and insert of the profiles, read back.
    const saved = await expectAtomicSave(
      (env) => postAction(TOOL, 'save', fields, { token, env }),
      { userId, placement: TOOL.placement, tables: ['mindset_profiles'] },
      8,
    )
    expect(saved.status).toBe(303)
    expect(await rowsOf(userId)).toEqual(['awareness', 'curiosity'])
  })

  it('keeps each learner’s profiles their own', async () => {
    const a = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(a.token)), 'person-curiosity': 'Only mine' },
      { token: a.token },
    )
    const b = await toolLearner()
    expect(text(await block(b.token))).not.toContain('Only mine')
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(a.token)), 'person-curiosity': 'Taken over' },
      { token: b.token },
    )
    // A's form posted by B can only ever reach B's own answer; A's stays as it was.
    expect([303, 409, 422]).toContain(res.status)
    expect(await res.text()).not.toContain('Only mine')
    expect(await typed(a.token)).toEqual({ 'person-curiosity': 'Only mine' })
    expect((await toolRows('mindset_profiles', a.userId, TOOL.placement)).length).toBe(1)
    expect(text(await block(b.token))).not.toContain('Only mine')
  })

  it('keeps an earlier plain-text answer, shows it, and starts from the lines it can read', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TOOL.placement}`,
      { answer: 'Curiosity: Rosa - she asks\nThe others I am not sure of.', version: '0' },
      { token },
    )
    expect(text(await block(token))).toContain('The others I am not sure of.')
    expect(await typed(token, edit)).toEqual({
      'person-curiosity': 'Rosa',
      'why-curiosity': 'she asks',
    })
    expect(text(await block(token, edit))).toContain('We have used it to make a start below')
    expect(
      (await postAction(TOOL, 'save', formFields(await block(token, edit)), { token })).status,
    ).toBe(303)
    expect(await rowsOf(userId)).toEqual(['curiosity'])
  })

  it('is found only by its real actions', async () => {
    const { token } = await toolLearner()
    expect((await postAction(TOOL, 'add', formFields(await block(token)), { token })).status).toBe(
      404,
    )
    expect((await get(page, { token })).status).toBe(200)
  })
})
