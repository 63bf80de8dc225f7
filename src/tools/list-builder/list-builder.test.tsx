import { env } from 'cloudflare:test'
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
import {
  formFields,
  learnerAtList,
  LIST,
  postAction,
  toolBlock,
  expectAtomicSave,
} from '../../../test/tools'
import { loadFixtureWorkbook } from '../../../test/workbook-fixture'
import { listBuilder, type ListValue } from '.'

beforeAll(async () => {
  await loadFixtureWorkbook()
})

const page = `/workbook/${LIST.exercise}`
const block = (token: string, path = page) => toolBlock(token, path, LIST.block)
const itemTexts = async (token: string, path = page) =>
  all(await block(token, path), 'input[name^="text-"]').map((i) => i.getAttribute('value'))

/** Adds items one by one through the plain (no-JS) form, as a learner would. */
async function addItems(token: string, texts: string[]) {
  for (const t of texts) {
    const res = await postAction(
      LIST,
      'add',
      { ...formFields(await block(token)), new: t },
      { token },
    )
    expect(res.status).toBe(303)
  }
}

const ctx = (settings: { minItems?: number; maxItems?: number } = {}, optional = false) => ({
  placementId: 'ex-two.list',
  settings,
  optional,
  refs: null,
  siblings: new Map(),
})
const items = (n: number): ListValue => ({
  items: Array.from({ length: n }, (_, i) => ({ id: `i${i}`, text: `item ${i}` })),
})

describe('the list builder value', () => {
  it('holds items with ids, and refuses anything else', () => {
    expect(listBuilder.shape.safeParse(items(2)).success).toBe(true)
    expect(listBuilder.shape.safeParse({ items: [{ id: 'bad id!', text: 'x' }] }).success).toBe(
      false,
    )
    expect(listBuilder.shape.safeParse({ items: 'a, b' }).success).toBe(false)
  })

  it('checks the placement limits at their boundaries', () => {
    const limits = ctx({ minItems: 2, maxItems: 3 })
    expect(listBuilder.check(items(3), limits, true)).toBeNull()
    expect(listBuilder.check(items(4), limits, false)?.error).toMatch(/at most 3/)
    expect(listBuilder.check(items(2), limits, true)).toBeNull()
    expect(listBuilder.check(items(1), limits, true)?.error).toMatch(/one more item/)
    // Below the minimum is fine while the learner is still building; not when they finish.
    expect(listBuilder.check(items(1), limits, false)).toBeNull()
    expect(listBuilder.check(items(0), ctx({ minItems: 2 }, true), true)).toBeNull()
  })

  it('makes starting items from an earlier plain-text answer, one per line', () => {
    const value = listBuilder.fromLegacy('- Listening\n\n2. Cooking \n* Fixing bikes', ctx())
    expect(value.items.map((i: { text: string }) => i.text)).toEqual([
      'Listening',
      'Cooking',
      'Fixing bikes',
    ])
  })
})

describe('the list builder in the workbook', () => {
  it('adds, edits, moves and removes items without JavaScript, each a 303 back to the tool', async () => {
    const { token, userId } = await learnerAtList()
    const res = await postAction(
      LIST,
      'add',
      { ...formFields(await block(token)), new: 'Listening' },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${page}#list-new`)
    await addItems(token, ['Cooking', 'Fixing bikes'])
    expect(await itemTexts(token)).toEqual(['Listening', 'Cooking', 'Fixing bikes'])
    // Still being built: the thread waits here, and the answer is marked unfinished.
    expect(await answerComplete(userId, LIST.placement)).toBe(0)
    expect(await (await get(page, { token })).text()).not.toContain('That is exercise two done.')

    const rows = await toolRows('list_items', userId, LIST.placement)
    const ids = all(await block(token), 'input[name^="text-"]').map((i) =>
      i.getAttribute('name')!.slice('text-'.length),
    )
    expect(rows.map((r) => r.item_id)).toEqual(ids)
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3])

    // Move "Fixing bikes" up, with an edit to "Cooking" posted in the same form.
    const fields = { ...formFields(await block(token)), [`text-${ids[1]}`]: 'Cooking for many' }
    const moved = await postAction(LIST, 'up', fields, { token, item: ids[2] })
    expect(moved.status).toBe(303)
    expect(await itemTexts(token)).toEqual(['Listening', 'Fixing bikes', 'Cooking for many'])
    const down = await postAction(LIST, 'down', formFields(await block(token)), {
      token,
      item: ids[0],
    })
    expect(down.status).toBe(303)
    expect(await itemTexts(token)).toEqual(['Fixing bikes', 'Listening', 'Cooking for many'])
    const removed = await postAction(LIST, 'remove', formFields(await block(token)), {
      token,
      item: ids[0],
    })
    expect(removed.status).toBe(303)
    expect(await itemTexts(token)).toEqual(['Fixing bikes', 'Cooking for many'])
    const after = await toolRows('list_items', userId, LIST.placement)
    expect(after.map((r) => [r.item_id, r.position])).toEqual([
      [ids[2], 1],
      [ids[1], 2],
    ])
    // The text is ciphertext; the database never holds the learner's words.
    const db = await wholeDatabaseText()
    expect(db).not.toContain('Cooking for many')
    expect(db).not.toContain('Fixing bikes')
  })

  it('names the item each button acts on', async () => {
    const { token } = await learnerAtList()
    await addItems(token, ['Budgeting', 'Teaching'])
    const buttons = all(await block(token), 'button').map(text)
    expect(buttons).toContain('Move down “Budgeting”')
    expect(buttons).toContain('Move up “Teaching”')
    expect(buttons).toContain('Remove “Teaching”')
  })

  it('answers htmx with the tool block itself, announced, varying on HX-Request', async () => {
    const { token } = await learnerAtList()
    const res = await postAction(
      LIST,
      'add',
      { ...formFields(await block(token)), new: 'Listening' },
      { token, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const html = await res.text()
    const root = dom(html)
    const tool = one(root, LIST.block)
    expect(all(tool, 'input[name^="text-"]').map((i) => i.getAttribute('value'))).toEqual([
      'Listening',
    ])
    // Focus stays in the tool, on the field for the next item; the result is announced once.
    expect(one(tool, '#list-new').hasAttribute('autofocus')).toBe(true)
    expect(text(one(root, '#dt-status'))).toBe('Added “Listening”. Your list has 1 skill.')
    // The new version rides in the fragment, so the next action is not stale.
    expect(formFields(tool).version).toBe('1')
  })

  it('refuses bad input with a 422, an error summary and the learner’s words kept', async () => {
    const { token, userId } = await learnerAtList()
    await addItems(token, ['Listening'])
    const fields = formFields(await block(token))
    const id = all(await block(token), 'input[name^="text-"]')[0]!.getAttribute('name')!
    const cases: [string, Record<string, string>, string | undefined, RegExp][] = [
      ['add', { new: '   ' }, undefined, /Write the skill to add/],
      ['add', { new: 'x'.repeat(301) }, undefined, /300 characters or fewer/],
      ['add', { new: 'Tab\u0007bed' }, undefined, /hidden control character/],
      ['remove', { new: 'Kept words' }, 'not-mine', /no longer in your list/],
      ['save', { [id]: '', new: 'Kept words' }, undefined, /Skill 1 is empty/],
      ['done', { [id]: 'Listening', new: 'y'.repeat(400) }, undefined, /300 characters/],
    ]
    for (const [action, more, item, message] of cases) {
      const res = await postAction(LIST, action, { ...fields, ...more }, { token, item })
      expect(res.status, action).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(dom(html).querySelector(href), href).not.toBeNull()
      if (more.new === 'Kept words') expect(html).toContain('value="Kept words"')
    }
    expect(await itemTexts(token)).toEqual(['Listening'])
    expect((await answerRow(userId, LIST.placement))?.version).toBe(1)
  })

  it('holds at most the placement’s maximum, and needs one item to finish', async () => {
    const { token, userId } = await learnerAtList()
    const empty = await postAction(LIST, 'done', formFields(await block(token)), { token })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('Add one more skill before you continue')
    await addItems(
      token,
      Array.from({ length: 20 }, (_, i) => `Skill ${i + 1}`),
    )
    const over = await postAction(
      LIST,
      'add',
      { ...formFields(await block(token)), new: 'One too many' },
      { token },
    )
    expect(over.status).toBe(422)
    const html = await over.text()
    expect(html).toContain('the most it can hold')
    expect(html).toContain('value="One too many"')
    const done = await postAction(LIST, 'done', formFields(await block(token)), { token })
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe(`${page}#b-c2`)
    expect(await answerComplete(userId, LIST.placement)).toBe(1)
    // Finished: a summary of the items, and the thread moves on.
    const html2 = await (await get(page, { token })).text()
    expect(all(one(dom(html2), LIST.block), '.dt-answer__list li')).toHaveLength(20)
    expect(html2).toContain('That is exercise two done.')
  })

  it('keeps a stale save from a second tab from touching the items', async () => {
    const { token, userId } = await learnerAtList()
    await addItems(token, ['Listening'])
    const tabA = formFields(await block(token))
    const tabB = formFields(await block(token))
    expect((await postAction(LIST, 'add', { ...tabA, new: 'From A' }, { token })).status).toBe(303)
    const before = await toolRows('list_items', userId, LIST.placement)
    const stale = await postAction(LIST, 'add', { ...tabB, new: 'From B' }, { token })
    expect(stale.status).toBe(409)
    const html = await stale.text()
    expect(html).toContain('This changed somewhere else')
    expect(html).toContain('value="From B"')
    expect(await toolRows('list_items', userId, LIST.placement)).toEqual(before)
    expect(await itemTexts(token)).toEqual(['Listening', 'From A'])
    // The stale value is kept as a conflict revision, not lost.
    expect((await revisions(userId, LIST.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await learnerAtList()
    await addItems(token, ['Listening'])
    const fields = { ...formFields(await block(token)), new: 'Cooking' }
    // Batch 0 is the session; 1 the reads; 2 the save: answer, 3 revision writes, conflict,
    // delete and insert of the items, and the read back.
    const saved = await expectAtomicSave(
      (env) => postAction(LIST, 'add', fields, { token, env }),
      { userId, placement: LIST.placement, tables: ['list_items'] },
      8,
    )
    expect(saved.status).toBe(303)
  })

  it('does not act on another learner’s items', async () => {
    const a = await learnerAtList()
    await addItems(a.token, ['Private skill'])
    const aId = all(await block(a.token), 'input[name^="text-"]')[0]!.getAttribute('name')!
    const b = await learnerAtList()
    const res = await postAction(LIST, 'remove', formFields(await block(b.token)), {
      token: b.token,
      item: aId.slice('text-'.length),
    })
    expect(res.status).toBe(422)
    expect(await res.text()).not.toContain('Private skill')
    expect(await itemTexts(a.token)).toEqual(['Private skill'])
  })

  it('keeps an earlier plain-text answer, shows it, and offers it as starting items', async () => {
    const { token, userId } = await learnerAtList()
    // An answer from before the tool existed (or from an old open tab): plain text.
    await postForm(
      `/workbook/ex-two/answers/${LIST.placement}`,
      { answer: 'Listening\nCooking', version: '0' },
      { token },
    )
    const answered = await block(token)
    expect(text(answered)).toContain('You wrote this here before this tool existed')
    const edit = `/workbook/ex-two/answers/${LIST.placement}/edit`
    expect(await itemTexts(token, edit)).toEqual(['Listening', 'Cooking'])
    // An edit to a starting item, typed before anything is saved, is kept: the page and the
    // post after it agree on the items' ids.
    const shownBlock = await block(token, edit)
    const first = all(shownBlock, 'input[name^="text-"]')[0]!.getAttribute('name')!
    const res = await postAction(
      LIST,
      'save',
      { ...formFields(shownBlock), [first]: 'Listening closely' },
      { token },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${edit}#list-new`)
    expect((await toolRows('list_items', userId, LIST.placement)).length).toBe(2)
    expect(await itemTexts(token, edit)).toEqual(['Listening closely', 'Cooking'])
    // The words stay shown beside the items.
    expect(text(await block(token, edit))).toContain('Listening')
    expect(text(await block(token, edit))).toContain('You wrote this here before this tool existed')
  })

  it('holds every field of a tool post that arrives after the session ended', async () => {
    const { token } = await learnerAtList()
    await addItems(token, ['Listening'])
    const tool = await block(token)
    const id = all(tool, 'input[name^="text-"]')[0]!.getAttribute('name')!
    const res = await postAction(
      LIST,
      'add',
      { ...formFields(tool), [id]: 'Listening well', new: 'Cooking for ten' },
      { token: '' },
    )
    expect(res.status).toBe(401)
    const panel = one(dom(await res.text()), '#auth-panel')
    expect(text(panel)).toContain('Cooking for ten')
    expect(one(panel, `input[name="${id}"]`).getAttribute('value')).toBe('Listening well')
    expect(one(panel, 'input[name="new"]').getAttribute('value')).toBe('Cooking for ten')
  })

  it('is found only by its real placement and action', async () => {
    const { token } = await learnerAtList()
    const fields = formFields(await block(token))
    expect((await postAction(LIST, 'explode', fields, { token })).status).toBe(404)
    expect((await postAction(LIST, 'constructor', fields, { token })).status).toBe(404)
    expect(
      (await postAction({ exercise: 'ex-two', placement: 'ex-two.many' }, 'add', fields, { token }))
        .status,
    ).toBe(404)
  })
})
