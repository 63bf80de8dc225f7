import { beforeAll, describe, expect, it } from 'vitest'
import { all, dom, one, text } from '../../../test/html'
import { postForm } from '../../../test/helpers'
import {
  answerComplete,
  answerRow,
  revisions,
  toolRows,
  wholeDatabaseText,
} from '../../../test/sql'
import { formFields, postAction, toolBlock, expectAtomicSave } from '../../../test/tools'
import { loadToolWorkbook, toolLearner } from '../../../test/tool-fixture'
import { PART_MAX, PARTS, reframe, type ReframeValue } from '.'

const TOOL = { exercise: 'tools', placement: 'tools.setback', block: '#b-setback' }
const page = `/workbook/${TOOL.exercise}`
const edit = `/workbook/tools/answers/${TOOL.placement}/edit`

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: setback
          tool: reframe
          label: Look at a setback again.
          config: {}`)
})

const block = (token: string, path = page) => toolBlock(token, path, TOOL.block)
const ctx = (optional = false) => ({
  placementId: TOOL.placement,
  settings: {},
  optional,
  refs: null,
  siblings: new Map(),
})

/** Every part written, the silver lining left empty. */
const FILLED: Record<string, string> = {
  situation: 'I was not offered the job after the final interview.',
  feelings: 'Embarrassed, and sure I had wasted everyone’s time.',
  learned: 'They wanted someone who had led a team already.',
  change: 'Ask earlier what the role needs in its first year.',
  silver: '',
  next: 'Offer to lead the next small project at work.',
  statement: 'I reached the last two, and I know now what to grow.',
}
const value = (parts: Partial<Record<string, string>>): ReframeValue => ({
  parts: { ...reframe.empty(ctx()).parts, ...parts },
})

describe('the reframer value', () => {
  it('holds the seven parts, and refuses anything else', () => {
    expect(reframe.shape.safeParse(value(FILLED)).success).toBe(true)
    expect(reframe.shape.safeParse({ parts: { situation: 'x' } }).success).toBe(false)
    expect(reframe.shape.safeParse({ parts: { ...FILLED, situation: 3 } }).success).toBe(false)
    expect(PARTS).toHaveLength(7)
  })

  it('needs every part but the silver lining to finish, unless optional', () => {
    expect(reframe.check(value(FILLED), ctx(), true)).toBeNull()
    expect(reframe.check(value({ ...FILLED, next: '' }), ctx(), true)).toMatchObject({
      field: 'next',
      error: /Write “My next step” before you continue/,
    })
    expect(reframe.check(value({}), ctx(), true)?.field).toBe('situation')
    expect(reframe.check(value({}), ctx(), false)).toBeNull()
    expect(reframe.check(value({}), ctx(true), true)).toBeNull()
  })

  it('checks each part’s length at its boundary', () => {
    const at = reframe.actions.save!(value({}), { learned: 'a'.repeat(PART_MAX) }, ctx())
    expect(at.ok).toBe(true)
    const over = reframe.actions.save!(value({}), { learned: 'a'.repeat(PART_MAX + 1) }, ctx())
    expect(over).toMatchObject({ ok: false, field: 'learned', error: /2,000 characters/ })
  })

  it('starts the reframed statement from an earlier plain-text answer', () => {
    expect(reframe.fromLegacy('  A fairer view.  ', ctx()).parts.statement).toBe('A fairer view.')
  })
})

describe('the reframer in the workbook', () => {
  it('saves the parts as one sealed row, then finishes, without JavaScript', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), situation: FILLED.situation! },
      { token },
    )
    expect(res.status).toBe(303)
    expect(await answerComplete(userId, TOOL.placement)).toBe(0)
    const early = await postAction(TOOL, 'done', formFields(await block(token)), { token })
    expect(early.status).toBe(422)
    const html = await early.text()
    const summary = one(dom(html), '.dt-error-summary')
    expect(text(summary)).toContain('Write “What I felt at first” before you continue')
    expect(dom(html).querySelector(one(summary, 'a').getAttribute('href')!)).not.toBeNull()

    const done = await postAction(
      TOOL,
      'done',
      { ...formFields(await block(token)), ...FILLED },
      { token },
    )
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, TOOL.placement)).toBe(1)
    const rows = await toolRows('reframes', userId, TOOL.placement)
    expect(rows.map((r) => [r.reframe_id, r.position])).toEqual([['r1', 1]])
    const db = await wholeDatabaseText()
    expect(db).not.toContain('final interview')
    expect(db).not.toContain('what to grow')
    expect(text(await block(token))).toContain('The story, reframed: I reached the last two')
  })

  it('answers htmx with the block, announced, and labels each part', async () => {
    const { token } = await toolLearner()
    const tool = await block(token)
    for (const part of PARTS) {
      const field = one(tool, `#setback-${part}`)
      expect(one(tool, `label[for="setback-${part}"]`)).toBeTruthy()
      expect(field.getAttribute('aria-describedby')).toContain(`setback-${part}-hint`)
    }
    expect(text(one(tool, 'label[for="setback-silver"]'))).toContain('(optional)')
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(tool), learned: 'Patience.' },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    expect(text(one(root, '#dt-status'))).toBe('Your reframe is saved.')
    expect(one(root, TOOL.block).querySelector('#setback-learned')!.textContent).toContain(
      'Patience.',
    )
  })

  it('refuses hidden characters with a 422 and keeps every typed part', async () => {
    const { token, userId } = await toolLearner()
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(await block(token)), situation: 'Kept words', next: 'Bell\u0007' },
      { token },
    )
    expect(res.status).toBe(422)
    const html = await res.text()
    const href = one(one(dom(html), '.dt-error-summary'), 'a').getAttribute('href')!
    expect(href).toBe('#setback-next')
    expect(dom(html).querySelector(href)).not.toBeNull()
    expect(html).toContain('Kept words')
    expect(await answerRow(userId, TOOL.placement)).toBeNull()
  })

  it('keeps a stale save from a second tab from touching the row', async () => {
    const { token, userId } = await toolLearner()
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect(
      (await postAction(TOOL, 'save', { ...tabA, situation: 'From A' }, { token })).status,
    ).toBe(303)
    const before = await toolRows('reframes', userId, TOOL.placement)
    const stale = await postAction(TOOL, 'save', { ...tabB, situation: 'From B' }, { token })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('From B')
    expect(await toolRows('reframes', userId, TOOL.placement)).toEqual(before)
    expect((await revisions(userId, TOOL.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    expect(
      (
        await postAction(
          TOOL,
          'save',
          { ...formFields(await block(token)), situation: 'First' },
          { token },
        )
      ).status,
    ).toBe(303)
    const fields = { ...formFields(await block(token)), situation: 'Second' }
    // The answer, 3 revision writes, the conflict, delete and insert of the row, the read back.
    const saved = await expectAtomicSave(
      (e) => postAction(TOOL, 'save', fields, { token, env: e }),
      { userId, placement: TOOL.placement, tables: ['reframes'] },
      8,
    )
    expect(saved.status).toBe(303)
  })

  it('never shows another learner’s reframe', async () => {
    const a = await toolLearner()
    await postAction(
      TOOL,
      'save',
      { ...formFields(await block(a.token)), situation: 'Private setback' },
      { token: a.token },
    )
    const b = await toolLearner()
    const html = await (
      await postAction(TOOL, 'save', formFields(await block(b.token)), { token: b.token })
    ).text()
    expect(html).not.toContain('Private setback')
    expect(text(await block(b.token))).not.toContain('Private setback')
    expect((await toolRows('reframes', b.userId, TOOL.placement)).length).toBe(0)
    expect((await toolRows('reframes', a.userId, TOOL.placement)).length).toBe(1)
  })

  it('keeps an earlier plain-text answer, shows it, and starts the reframe from it', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TOOL.placement}`,
      { answer: 'I thought I had failed. I had not.', version: '0' },
      { token },
    )
    expect(text(await block(token))).toContain('You wrote this here before this tool existed')
    const shownBlock = await block(token, edit)
    expect(one(shownBlock, '#setback-statement').textContent).toContain('I thought I had failed.')
    const res = await postAction(
      TOOL,
      'save',
      { ...formFields(shownBlock), situation: 'A missed deadline.' },
      { token },
    )
    expect(res.status).toBe(303)
    expect((await toolRows('reframes', userId, TOOL.placement)).length).toBe(1)
    const again = await block(token, edit)
    expect(one(again, '#setback-statement').textContent).toContain('I thought I had failed.')
    expect(text(again)).toContain('You wrote this here before this tool existed')
    void all
  })
})
