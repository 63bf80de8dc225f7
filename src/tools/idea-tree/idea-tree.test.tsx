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
import { fromText, ideaTree, type IdeaTreeValue } from '.'

const TREE = { exercise: 'tools', placement: 'tools.tree', block: '#b-tree' }
const SHALLOW = { exercise: 'tools', placement: 'tools.shallow', block: '#b-shallow' }
const page = '/workbook/tools'
const edit = `/workbook/tools/answers/${TREE.placement}/edit`

beforeAll(async () => {
  await loadToolWorkbook(`
      - tool:
          id: tree
          tool: idea-tree
          label: Grow an idea tree.
          config: {}
      - tool:
          id: shallow
          tool: idea-tree
          label: A one-ring tree.
          optional: true
          config: { depth: 1 }`)
})

const ctx = (settings: { depth?: number } = {}, optional = false) => ({
  placementId: 'tools.tree',
  settings,
  optional,
  refs: null,
  siblings: new Map(),
})

/** A tree: the center `c`, three branches `b1`…`b3`, and `kids` branches under `b1`. */
function grown(kids = 0): IdeaTreeValue {
  return {
    nodes: [
      { id: 'c', parent: null, text: 'Fixing things' },
      { id: 'b1', parent: 'c', text: 'Bikes' },
      ...Array.from({ length: kids }, (_, i) => ({ id: `k${i}`, parent: 'b1', text: `Kid ${i}` })),
      { id: 'b2', parent: 'c', text: 'Clocks' },
      { id: 'b3', parent: 'c', text: 'Code' },
    ],
  }
}

const act = (action: string, value: IdeaTreeValue, form: Record<string, string>, c = ctx()) =>
  ideaTree.actions[action]!(value, form, c)

/** The tree as the page shows it: each idea's words with the ideas under it, by nesting. */
type Shown = { text: string; branches: Shown[] }
function shownTree(block: HTMLElement): Shown[] {
  const walk = (list: HTMLElement): Shown[] =>
    list.childNodes
      .filter((n): n is HTMLElement => (n as HTMLElement).tagName === 'LI')
      .map((li) => {
        const input = one(li, 'input[name^="text-"]')
        const sub = li.childNodes.find((n): n is HTMLElement => (n as HTMLElement).tagName === 'UL')
        return { text: input.getAttribute('value') ?? '', branches: sub ? walk(sub) : [] }
      })
  const root = block.querySelector('ul.dt-idea-tree__root')
  return root ? walk(root) : []
}
const block = (token: string, path = page) => toolBlock(token, path, TREE.block)
/** The id of the idea showing `words`. */
const idOf = (tool: HTMLElement, words: string) =>
  all(tool, 'input[name^="text-"]')
    .find((i) => i.getAttribute('value') === words)!
    .getAttribute('name')!
    .slice('text-'.length)

async function plant(token: string, center: string) {
  const res = await postAction(
    TREE,
    'add',
    { ...formFields(await block(token)), center },
    { token, item: 'center' },
  )
  expect(res.status).toBe(303)
}
async function branch(token: string, parent: string, words: string) {
  const tool = await block(token)
  const id = idOf(tool, parent)
  const res = await postAction(
    TREE,
    'add',
    { ...formFields(tool), [`new-${id}`]: words },
    { token, item: id },
  )
  expect(res.status, words).toBe(303)
}

describe('the idea tree value', () => {
  it('is a tree: parents first, each id once, one center', () => {
    expect(ideaTree.shape.safeParse(grown(3)).success).toBe(true)
    expect(ideaTree.shape.safeParse({ nodes: [] }).success).toBe(true)
    const bad: unknown[] = [
      {
        nodes: [
          { id: 'b1', parent: 'c', text: 'x' },
          { id: 'c', parent: null, text: 'y' },
        ],
      },
      {
        nodes: [
          { id: 'c', parent: null, text: 'x' },
          { id: 'c', parent: 'c', text: 'y' },
        ],
      },
      {
        nodes: [
          { id: 'c', parent: null, text: 'x' },
          { id: 'd', parent: null, text: 'y' },
        ],
      },
      { nodes: [{ id: 'bad id!', parent: null, text: 'x' }] },
      { nodes: 'Fixing things' },
    ]
    for (const v of bad) expect(ideaTree.shape.safeParse(v).success, JSON.stringify(v)).toBe(false)
  })

  it('takes a depth from 1 to 5 as its only setting', () => {
    const settings = TOOLS['idea-tree'].settings
    for (const ok of [{}, { depth: 1 }, { depth: 5 }])
      expect(settings.safeParse(ok).success, JSON.stringify(ok)).toBe(true)
    for (const bad of [{ depth: 0 }, { depth: 6 }, { depth: 1.5 }, { rings: 2 }])
      expect(settings.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })

  it('checks branches, depth and length at their boundaries', () => {
    expect(ideaTree.check(grown(3), ctx(), true)).toBeNull()
    expect(ideaTree.check(grown(4), ctx(), false)?.error).toMatch(/more than 3 branches/)
    const deep = grown(1)
    deep.nodes.push({ id: 'd', parent: 'k0', text: 'Too deep' })
    expect(ideaTree.check(deep, ctx({ depth: 3 }), true)).toBeNull()
    expect(ideaTree.check(deep, ctx(), false)).toEqual({
      error: 'This tree goes 2 rings deep. Remove “Too deep”',
      field: 'text-d',
    })
    const long = (n: number) => ({
      nodes: [{ id: 'c', parent: null, text: 'x'.repeat(n) }],
    })
    expect(ideaTree.check(long(120), ctx(), false)).toBeNull()
    expect(ideaTree.check(long(121), ctx(), false)?.field).toBe('text-c')
  })

  it('needs the center and three branches to finish, unless optional', () => {
    expect(ideaTree.check({ nodes: [] }, ctx(), false)).toBeNull()
    expect(ideaTree.check({ nodes: [] }, ctx(), true)).toEqual({
      error: 'Write your center idea before you continue',
      field: 'center',
    })
    const two = { nodes: grown().nodes.slice(0, 3) }
    expect(ideaTree.check(two, ctx(), true)).toEqual({
      error: 'Add one more branch to “Fixing things” before you continue: a tree needs at least 3',
      field: 'new-c',
    })
    expect(ideaTree.check({ nodes: [] }, ctx({}, true), true)).toBeNull()
    expect(ideaTree.check(two, ctx({}, true), true)).toBeNull()
  })
})

describe('the idea tree actions', () => {
  it('plants the center, then adds branches under the idea named, after its own', () => {
    const planted = act('add', { nodes: [] }, { item: 'center', center: ' Gardens ' })
    expect(planted.ok && planted.value.nodes.map((n) => n.text)).toEqual(['Gardens'])
    const r = act('add', grown(1), { item: 'b1', 'new-b1': 'Repair café' })
    if (!r.ok) throw new Error(r.error)
    // Bikes' branches stay together, before Clocks, so the order is parent first, siblings kept.
    expect(r.value.nodes.map((n) => n.text)).toEqual([
      'Fixing things',
      'Bikes',
      'Kid 0',
      'Repair café',
      'Clocks',
      'Code',
    ])
    expect(r.value.nodes[3]!.parent).toBe('b1')
    expect(r.announce).toBe('Added “Repair café” as a branch of “Bikes”. It has 2 branches of 3.')
    expect(r.focus).toBe('new-b1')
  })

  it('applies every typed edit and every typed branch before the action', () => {
    const r = act('add', grown(), {
      item: 'b2',
      'text-b1': 'Bicycles',
      'new-b2': 'Watches',
      'new-b3': 'Robots',
    })
    if (!r.ok) throw new Error(r.error)
    expect(ideaTree.lines(r.value, ctx())).toEqual([
      'Center: Fixing things',
      'Fixing things › Bicycles',
      'Fixing things › Clocks',
      'Fixing things › Clocks › Watches',
      'Fixing things › Code',
      'Fixing things › Code › Robots',
    ])
  })

  it('refuses a fourth branch, a branch past the depth, an empty one and bad words, keeping them', () => {
    const cases: [
      IdeaTreeValue,
      Record<string, string>,
      RegExp,
      string,
      ReturnType<typeof ctx>?,
    ][] = [
      [grown(3), { item: 'b1', 'new-b1': 'Fourth' }, /already has 3 branches/, 'text-b1'],
      [grown(1), { item: 'k0', 'new-k0': 'Deeper' }, /as deep as this tree goes/, 'text-k0'],
      [grown(), { item: 'b1', 'new-b1': '  ' }, /Write the branch to add to “Bikes”/, 'new-b1'],
      [grown(), { item: 'b1', 'new-b1': 'x'.repeat(121) }, /120 characters or fewer/, 'new-b1'],
      [grown(), { item: 'b1', 'text-b2': '', 'new-b1': 'Kept' }, /is empty/, 'text-b2'],
      [{ nodes: [] }, { item: 'center', center: '' }, /center idea first/, 'center'],
      [grown(), { item: 'center', center: 'Again' }, /already has a center/, 'text-c'],
      [grown(), { item: 'nope', 'new-b1': 'Kept' }, /no longer in your tree/, 'text-c'],
    ]
    for (const [value, form, message, field, c] of cases) {
      const r = act('add', value, form, c)
      if (r.ok) throw new Error(`accepted ${JSON.stringify(form)}`)
      expect(r.error).toMatch(message)
      expect(r.field).toBe(field)
      if (form['new-b1'] === 'Kept') expect(r.kept?.['new-b1']).toBe('Kept')
    }
    // A one-ring tree has no branches of branches.
    const shallow = act('add', grown(), { item: 'b1', 'new-b1': 'Deeper' }, ctx({ depth: 1 }))
    expect(shallow.ok).toBe(false)
  })

  it('removes an idea with everything under it, and says so', () => {
    const r = act('remove', grown(2), { item: 'b1' })
    if (!r.ok) throw new Error(r.error)
    expect(r.value.nodes.map((n) => n.id)).toEqual(['c', 'b2', 'b3'])
    expect(r.announce).toBe('Removed “Bikes” and the 2 ideas that grew from it.')
    const leaf = act('remove', grown(), { item: 'b3' })
    expect(leaf.ok && leaf.announce).toBe('Removed “Code”.')
    const all = act('remove', grown(2), { item: 'c' })
    expect(all.ok && all.value.nodes).toEqual([])
    expect(act('remove', grown(), { item: 'k9' }).ok).toBe(false)
  })

  it('makes a tree from indented plain text, within the depth and three branches', () => {
    const v = fromText(
      'Fixing things\n  - Bikes\n      Repair café\n      Couriers\n  - Clocks\n\tWatches\n  - Code\n  - Fourth\n',
      2,
    )
    expect(ideaTree.shape.safeParse(v).success).toBe(true)
    expect(ideaTree.lines(v, ctx())).toEqual([
      'Center: Fixing things',
      'Fixing things › Bikes',
      'Fixing things › Bikes › Repair café',
      'Fixing things › Bikes › Couriers',
      'Fixing things › Clocks',
      'Fixing things › Clocks › Watches',
      'Fixing things › Code',
    ])
    expect(fromText('One\n  Two\n    Three', 1).nodes.map((n) => n.text)).toEqual(['One', 'Two'])
    expect(fromText('\n\n', 2).nodes).toEqual([])
  })
})

describe('the idea tree in the workbook', () => {
  it('grows two rings without JavaScript, each action a 303, rows written and sealed', async () => {
    const { token, userId } = await toolLearner()
    const first = await block(token)
    expect(text(first)).toContain('Your center idea')
    const res = await postAction(
      TREE,
      'add',
      { ...formFields(first), center: 'Fixing things' },
      { token, item: 'center' },
    )
    expect(res.status).toBe(303)
    const rootId = idOf(await block(token), 'Fixing things')
    expect(res.headers.get('Location')).toBe(`${page}#tree-new-${rootId}`)
    for (const b of ['Bikes', 'Clocks', 'Code']) await branch(token, 'Fixing things', b)
    await branch(token, 'Bikes', 'Repair café')
    await branch(token, 'Bikes', 'Couriers')
    expect(shownTree(await block(token))).toEqual([
      {
        text: 'Fixing things',
        branches: [
          {
            text: 'Bikes',
            branches: [
              { text: 'Repair café', branches: [] },
              { text: 'Couriers', branches: [] },
            ],
          },
          { text: 'Clocks', branches: [] },
          { text: 'Code', branches: [] },
        ],
      },
    ])
    expect(await answerComplete(userId, TREE.placement)).toBe(0)
    const rows = await toolRows('idea_nodes', userId, TREE.placement)
    const tool = await block(token)
    const bikes = idOf(tool, 'Bikes')
    expect(rows.map((r) => [r.node_id, r.parent_id, r.depth, r.position])).toEqual([
      [rootId, null, 0, 1],
      [bikes, rootId, 1, 1],
      [idOf(tool, 'Repair café'), bikes, 2, 1],
      [idOf(tool, 'Couriers'), bikes, 2, 2],
      [idOf(tool, 'Clocks'), rootId, 1, 2],
      [idOf(tool, 'Code'), rootId, 1, 3],
    ])
    const db = await wholeDatabaseText()
    expect(db).not.toContain('Repair café')
    expect(db).not.toContain('Fixing things')

    // The buttons name the idea they act on, and a remove says what goes with it.
    const buttons = all(tool, 'button').map(text)
    expect(buttons).toContain('Add a branch to “Clocks”')
    expect(buttons).toContain('Remove with the 2 ideas under it “Bikes”')
    expect(buttons).toContain('Remove “Code”')
    // Branches of branches are as deep as the default tree goes: no add there.
    expect(buttons).not.toContain('Add a branch to “Couriers”')

    const done = await postAction(TREE, 'done', formFields(tool), { token })
    expect(done.status).toBe(303)
    expect(await answerComplete(userId, TREE.placement)).toBe(1)
    const finished = text(await block(token))
    expect(finished).toContain('Fixing things › Bikes › Repair café')

    // Removing Bikes removes its branches too.
    const reopened = await block(token, edit)
    const removed = await postAction(TREE, 'remove', formFields(reopened), {
      token,
      item: bikes,
    })
    expect(removed.status).toBe(303)
    expect((await toolRows('idea_nodes', userId, TREE.placement)).map((r) => r.node_id)).toEqual([
      rootId,
      idOf(tool, 'Clocks'),
      idOf(tool, 'Code'),
    ])

    // The learner's tools page lists the tree where it was made, in plain words.
    const own = await get('/tools/idea-tree', { token })
    expect(own.status).toBe(200)
    const ownText = text(dom(await own.text()))
    expect(ownText).toContain('Fixing things › Clocks')
    expect(ownText).not.toContain('Repair café')
  })

  it('answers htmx with the tool block itself, announced, focus on the next branch field', async () => {
    const { token } = await toolLearner()
    await plant(token, 'Gardens')
    const tool = await block(token)
    const rootId = idOf(tool, 'Gardens')
    const res = await postAction(
      TREE,
      'add',
      { ...formFields(tool), [`new-${rootId}`]: 'Allotments' },
      { token, item: rootId, htmx: true },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const root = dom(await res.text())
    const swapped = one(root, TREE.block)
    expect(shownTree(swapped)[0]!.branches.map((b) => b.text)).toEqual(['Allotments'])
    expect(text(one(root, '#dt-status'))).toBe(
      'Added “Allotments” as a branch of “Gardens”. It has 1 branch of 3.',
    )
    expect(one(swapped, `#tree-new-${rootId}`).hasAttribute('autofocus')).toBe(true)
    expect(formFields(swapped).version).toBe('2')
  })

  it('refuses bad input with a 422, an error summary whose link lands, and the words kept', async () => {
    const { token, userId } = await toolLearner()
    const empty = await postAction(TREE, 'done', formFields(await block(token)), { token })
    expect(empty.status).toBe(422)
    const emptyHtml = await empty.text()
    const emptyHref = one(one(dom(emptyHtml), '.dt-error-summary'), 'a').getAttribute('href')!
    expect(emptyHref).toBe('#tree-center')
    expect(dom(emptyHtml).querySelector(emptyHref)).not.toBeNull()

    await plant(token, 'Gardens')
    for (const b of ['Allotments', 'Seeds', 'Parks']) await branch(token, 'Gardens', b)
    const tool = await block(token)
    const seeds = idOf(tool, 'Seeds')
    for (const k of ['One', 'Two', 'Three']) await branch(token, 'Seeds', k)
    const full = await block(token)
    const parks = idOf(full, 'Parks')
    const cases: [string, Record<string, string>, string | undefined, RegExp][] = [
      ['add', { [`new-${parks}`]: '   ' }, parks, /Write the branch to add/],
      ['add', { [`new-${parks}`]: 'x'.repeat(121) }, parks, /120 characters or fewer/],
      ['add', { [`new-${parks}`]: 'Bell\u0007s' }, parks, /hidden control character/],
      [
        'add',
        { [`new-${seeds}`]: 'Fourth', [`new-${parks}`]: 'Kept words' },
        seeds,
        /already has 3/,
      ],
      ['remove', { [`new-${parks}`]: 'Kept words' }, 'not-mine', /no longer in your tree/],
      ['save', { [`text-${seeds}`]: '', [`new-${parks}`]: 'Kept words' }, undefined, /is empty/],
    ]
    const version = (await answerRow(userId, TREE.placement))?.version
    for (const [action, more, item, message] of cases) {
      const res = await postAction(TREE, action, { ...formFields(full), ...more }, { token, item })
      expect(res.status, String(message)).toBe(422)
      const html = await res.text()
      const summary = one(dom(html), '.dt-error-summary')
      expect(text(summary)).toMatch(message)
      const href = one(summary, 'a').getAttribute('href')!
      expect(dom(html).querySelector(href), href).not.toBeNull()
      if (more[`new-${parks}`] === 'Kept words') expect(html).toContain('value="Kept words"')
    }
    expect((await answerRow(userId, TREE.placement))?.version).toBe(version)
  })

  it('keeps a stale save from a second tab from touching the tree', async () => {
    const { token, userId } = await toolLearner()
    await plant(token, 'Gardens')
    const tool = await block(token)
    const rootId = idOf(tool, 'Gardens')
    const tabA = formFields(tool)
    const tabB = formFields(await block(token))
    const a = await postAction(
      TREE,
      'add',
      { ...tabA, [`new-${rootId}`]: 'From A' },
      {
        token,
        item: rootId,
      },
    )
    expect(a.status).toBe(303)
    const before = await toolRows('idea_nodes', userId, TREE.placement)
    const stale = await postAction(
      TREE,
      'add',
      { ...tabB, [`new-${rootId}`]: 'From B' },
      {
        token,
        item: rootId,
      },
    )
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('value="From B"')
    expect(await toolRows('idea_nodes', userId, TREE.placement)).toEqual(before)
    expect((await revisions(userId, TREE.placement)).map((r) => r.kind)).toContain('conflict')
  })

  it('writes nothing when the save fails at any statement of its batch', async () => {
    const { token, userId } = await toolLearner()
    await plant(token, 'Gardens')
    const tool = await block(token)
    const rootId = idOf(tool, 'Gardens')
    const fields = { ...formFields(tool), [`new-${rootId}`]: 'Allotments' }
    const saved = await expectAtomicSave(
      (env) => postAction(TREE, 'add', fields, { token, env, item: rootId }),
      { userId, placement: TREE.placement, tables: ['idea_nodes'] },
      8,
    )
    expect(saved.status).toBe(303)
  })

  it('does not act on another learner’s ideas', async () => {
    const a = await toolLearner()
    await plant(a.token, 'Private center')
    const aRoot = idOf(await block(a.token), 'Private center')
    const b = await toolLearner()
    await plant(b.token, 'Mine')
    for (const action of ['remove', 'add']) {
      const res = await postAction(
        TREE,
        action,
        { ...formFields(await block(b.token)), [`new-${aRoot}`]: 'Sneaky' },
        { token: b.token, item: aRoot },
      )
      expect(res.status, action).toBe(422)
      const html = await res.text()
      expect(html).toContain('no longer in your tree')
      expect(html).not.toContain('Private center')
    }
    expect(shownTree(await block(a.token))).toEqual([{ text: 'Private center', branches: [] }])
    expect((await toolRows('idea_nodes', b.userId, TREE.placement)).length).toBe(1)
  })

  it('keeps an earlier plain-text answer, shows it, and offers it as a starting tree', async () => {
    const { token, userId } = await toolLearner()
    await postForm(
      `/workbook/tools/answers/${TREE.placement}`,
      { answer: 'Gardens\n  Allotments\n    Seed swaps\n  Parks', version: '0' },
      { token },
    )
    const answered = await block(token)
    expect(text(answered)).toContain('You wrote this here before this tool existed')
    const start = await block(token, edit)
    expect(shownTree(start)).toEqual([
      {
        text: 'Gardens',
        branches: [
          { text: 'Allotments', branches: [{ text: 'Seed swaps', branches: [] }] },
          { text: 'Parks', branches: [] },
        ],
      },
    ])
    // The starting ideas' ids hold from the page to the post after it.
    const parks = idOf(start, 'Parks')
    const res = await postAction(
      TREE,
      'save',
      { ...formFields(start), [`text-${parks}`]: 'City parks' },
      { token },
    )
    expect(res.status).toBe(303)
    expect((await toolRows('idea_nodes', userId, TREE.placement)).length).toBe(4)
    const after = await block(token, edit)
    expect(shownTree(after)[0]!.branches[1]!.text).toBe('City parks')
    expect(text(after)).toContain('You wrote this here before this tool existed')
  })

  it('may be left empty where optional, and grows only one ring where the depth is 1', async () => {
    const { token, userId } = await toolLearner()
    await plant(token, 'Gardens')
    for (const b of ['Allotments', 'Seeds', 'Parks']) await branch(token, 'Gardens', b)
    expect((await postAction(TREE, 'done', formFields(await block(token)), { token })).status).toBe(
      303,
    )
    const shallow = await toolBlock(token, page, SHALLOW.block)
    expect(text(shallow)).toContain('Save and continue (you can leave it empty)')
    const fields = { ...formFields(shallow), center: 'Maps' }
    expect((await postAction(SHALLOW, 'add', fields, { token, item: 'center' })).status).toBe(303)
    const planted = await toolBlock(token, page, SHALLOW.block)
    const maps = idOf(planted, 'Maps')
    const added = await postAction(
      SHALLOW,
      'add',
      { ...formFields(planted), [`new-${maps}`]: 'Old maps' },
      { token, item: maps },
    )
    expect(added.status).toBe(303)
    const grownShallow = await toolBlock(token, page, SHALLOW.block)
    const buttons = all(grownShallow, 'button').map(text)
    expect(buttons).toContain('Add a branch to “Maps”')
    expect(buttons).not.toContain('Add a branch to “Old maps”')
    expect((await postAction(SHALLOW, 'done', formFields(grownShallow), { token })).status).toBe(
      303,
    )
    expect(await answerComplete(userId, SHALLOW.placement)).toBe(1)
  })
})
