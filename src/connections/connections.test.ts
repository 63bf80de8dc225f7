/**
 * Every connection the content declares, end to end (issue 11, section 4). One test per
 * connection, generated from the built workbook's `connections`, so a connection added to the
 * YAML is tested with no change here:
 *   1. two learners each save marker data at the source, through the real save routes;
 *   2. each has answered everything before the target (test/sql.ts `answeredBefore`);
 *   3. learner A opens the target exercise;
 *   4. the target block holds `[data-connection=<source>][data-use=<use>]`, with A's items after
 *      the connection's filter (a mention quotes at most three), and B's never appear.
 * Then an empty source for each use, and the filters at their boundaries.
 *
 * The test knows only the routes, the content, the reference data and the rendering contract of
 * the connections spec; nothing of how the engine resolves a connection.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { MENTION_ITEMS, REFERENCE_ITEMS } from './present'
import type { ConnectionRow, Placement } from '../content'
import {
  connectionWriters,
  expectedItems,
  loadRealWorkbook,
  realWorkbook,
  sourceOf,
  type SourceName,
  type Written,
  type WriteOptions,
} from '../../test/connection-writers'
import { get, userIdFor } from '../../test/helpers'
import { all, dom, text, type HTMLElement } from '../../test/html'
import { answeredBefore } from '../../test/sql'
import { realReference } from '../../test/tool-fixture'
import { learner } from '../../test/workbook-fixture'

// Built when the tests are collected (building is pure); loaded into this file's D1 once.
const workbook = realWorkbook()
const writers = connectionWriters(workbook, realReference())

beforeAll(async () => {
  await loadRealWorkbook()
})

/** A connection as the tests read it, whatever extra fields the row carries. */
type Connection = {
  name: string
  target: Placement
  from: Placement
  use: string
  source: SourceName
  filter: string
}

const placements = new Map(workbook.placements.map((p) => [p.id, p]))
const localIdOf = (p: Placement) => p.id.slice(p.exerciseId.length + 1)

function readConnection(row: ConnectionRow): Connection {
  const loose = row as ConnectionRow & { filter?: unknown; params?: Record<string, unknown> }
  const params = loose.params ?? {}
  const filter = String(loose.filter ?? params.filter ?? 'all')
  const from = placements.get(row.sourcePlacementId)!
  const target = placements.get(row.placementId)!
  const source = sourceOf(from, String(loose.source ?? params.source ?? ''))
  return {
    name: `${row.sourcePlacementId} → ${row.placementId} (${row.use}, ${filter})`,
    target,
    from,
    use: row.use,
    source,
    filter,
  }
}

const CONNECTIONS = workbook.connections.map(readConnection)

/** A mention quotes at most MENTION_ITEMS, a reference lists at most REFERENCE_ITEMS ("and N more"). */
const limitOf = (use: Connection['use']) =>
  use === 'mention' ? MENTION_ITEMS : use === 'reference' ? REFERENCE_ITEMS : Infinity

/** A new learner who has reached the target, with data written at the source (unless `empty`). */
async function learnerAt(
  c: Connection,
  marker: string,
  opts: WriteOptions & { empty?: boolean } = {},
): Promise<{ token: string; written: Written | null }> {
  const who = await learner()
  const userId = (await userIdFor(who.email))!
  const plan = opts.empty ? [] : writers.placementsFor(c.from.id, c.target.id)
  await answeredBefore(userId, c.target.id, plan)
  if (opts.empty) return { token: who.token, written: null }
  const written = await writers.writeSource(who.token, c.from.id, marker, {
    ...opts,
    before: c.target.id,
  })
  return { token: who.token, written }
}

/** The target exercise as the learner sees it: the page's HTML and the target's block. */
async function targetPage(c: Connection, token: string) {
  const res = await get(`/workbook/${c.target.exerciseId}`, { token })
  const html = await res.text()
  expect(res.status, `GET /workbook/${c.target.exerciseId}`).toBe(200)
  const block = dom(html).querySelector(`#b-${localIdOf(c.target)}`)
  if (!block) throw new Error(`the target block #b-${localIdOf(c.target)} is not on the page`)
  return { html, block }
}

/** The connection's element inside the target block (failing the test when it is missing). */
function connectionElement(c: Connection, block: HTMLElement): HTMLElement {
  const selector = `[data-connection="${c.from.id}"][data-use="${c.use}"]`
  const element = block.querySelector(selector)
  expect(element, `${selector} inside #b-${localIdOf(c.target)}`).not.toBeNull()
  return element!
}

/** Everything a learner can read in an element: its text and its fields' values. */
function readable(element: HTMLElement): string {
  const values = all(element, 'input[value], option[selected]').map(
    (e) => e.getAttribute('value') ?? text(e),
  )
  return [text(element), ...values].join('\n')
}

/**
 * Where the items must appear: a prefill's in the tool's own form and a hydrate's in the field,
 * so anywhere in the block; a reference's list and a mention's sentence inside the element.
 */
const whereShown = (c: Connection, block: HTMLElement, element: HTMLElement) =>
  c.use === 'prefill' || c.use === 'hydrate' ? readable(block) : readable(element)

/** The text a quote must hold: a long item may be cut at a word boundary, so its start. */
const quoted = (item: string) => (item.length > 40 ? item.slice(0, 24) : item)

/** Asserts what A's target shows for A's data, and that B's data is nowhere on A's page. */
function expectShown(
  c: Connection,
  page: { html: string; block: HTMLElement },
  mine: Written,
  theirs: Written | null,
) {
  const element = connectionElement(c, page.block)
  const { shown, hidden } = expectedItems(mine, c.filter)
  const limit = limitOf(c.use)
  const visible = shown.slice(0, limit)
  const seen = whereShown(c, page.block, element)
  for (const item of visible) expect(seen, `${c.name}: “${item.text}”`).toContain(quoted(item.text))
  // What the limit leaves out is counted, so nothing is silently dropped.
  if (shown.length > limit) {
    expect(seen, `${c.name}: how many more`).toContain(`${shown.length - limit} more`)
  }
  // What the filter or the mention's limit leaves out is not quoted: inside the element for a
  // mention or a reference; in the block for a prefill or hydrate only where the text is the
  // learner's own (a competency's name, say, may be on a tool for another reason).
  const inElement = c.use === 'mention' || c.use === 'reference'
  const left = [...hidden, ...shown.slice(limit)].filter(
    (i) => inElement || mine.private.includes(i.text),
  )
  for (const item of left) expect(seen, `${c.name}: not “${item.text}”`).not.toContain(item.text)
  if (visible.length === 0) expect(element.hasAttribute('data-empty'), 'data-empty').toBe(true)
  else expect(element.hasAttribute('data-empty'), 'no data-empty').toBe(false)
  for (const marker of theirs?.private ?? []) {
    expect(page.html, `another learner's “${marker}”`).not.toContain(marker)
  }
}

describe('every connection the content declares', () => {
  it('has connections to test, each between placements of the workbook', () => {
    expect(CONNECTIONS.length).toBeGreaterThan(0)
    for (const c of CONNECTIONS) {
      expect(c.from, c.name).toBeDefined()
      expect(c.target, c.name).toBeDefined()
    }
  })

  it.each(CONNECTIONS.map((c, i) => ({ ...c, i })))('$name', async (c) => {
    const a = await learnerAt(c, `Amber-${c.i}`, { variant: 0 })
    const b = await learnerAt(c, `Birch-${c.i}`, { variant: 1 })
    expectShown(c, await targetPage(c, a.token), a.written!, b.written)
  })
})

// ---------------------------------------------------------------------------------------------
// Empty sources

const USES = ['prefill', 'hydrate', 'reference', 'mention'] as const

describe('an empty source, for each use', () => {
  for (const use of USES) {
    const c = CONNECTIONS.find((x) => x.use === use)
    if (!c) {
      it.todo(`${use}: no connection of this use in the content yet`)
      continue
    }
    it(`${use}: a calm sentence and a link back to the source (${c.name})`, async () => {
      // The source is answered, but with nothing the app can open: nothing to bring back.
      const a = await learnerAt(c, 'Amber-empty', { empty: true })
      const page = await targetPage(c, a.token)
      const element = connectionElement(c, page.block)
      expect(element.hasAttribute('data-empty'), 'data-empty').toBe(true)
      const href = `/workbook/${c.from.exerciseId}#b-${localIdOf(c.from)}`
      const links = all(element, 'a').map((link) => link.getAttribute('href'))
      expect(links, `a link to ${href}`).toContain(href)
      expect(text(element).length, 'a sentence').toBeGreaterThan(10)
    })
  }
})

// ---------------------------------------------------------------------------------------------
// Filters at their boundaries

const TOP = /^top (\d+) by (mastery|rank|rating|score)$/
const STORY = /^story (\d+)$/

/** One connection of each kind of filter and source, for its boundary tests. */
function firstOfEach(filter: RegExp) {
  const seen = new Set<string>()
  return CONNECTIONS.filter((c) => {
    const m = filter.exec(c.filter)
    const key = m ? `${c.source} ${m[2] ?? ''} ${c.use}` : ''
    if (!m || seen.has(key)) return false
    seen.add(key)
    return true
  })
}

describe('top N at its boundary: N - 1, N and N + 1 items', () => {
  const tops = firstOfEach(TOP)
  if (tops.length === 0) it.todo('no connection with a "top N" filter in the content yet')
  describe.each(tops)('$name', (c) => {
    const n = Number(TOP.exec(c.filter)![1])
    it.for([
      ['N - 1', n - 1],
      ['N', n],
      ['N + 1', n + 1],
    ] as const)('%s', async ([, count], ctx) => {
      if (count < 1) return ctx.skip()
      const a = await learnerAt(c, 'Amber-top', { variant: 0, count })
      const byMastery = TOP.exec(c.filter)![2] === 'mastery'
      const qualifying = a.written!.items.filter((i) => !byMastery || typeof i.level === 'number')
      // A placement's own limits (a minimum, a maximum) may not let the writer reach the count.
      if (qualifying.length !== count) return ctx.skip()
      const page = await targetPage(c, a.token)
      expectShown(c, page, a.written!, null)
      const { shown, hidden } = expectedItems(a.written!, c.filter)
      expect(shown).toHaveLength(Math.min(count, n))
      expect(hidden.length >= (count > n ? 1 : 0)).toBe(true)
    })
  })
})

describe('story N when there are fewer stories than N', () => {
  const stories = firstOfEach(STORY)
  if (stories.length === 0) it.todo('no connection with a "story N" filter in the content yet')
  it.for(stories)('$name', async (c, ctx) => {
    const n = Number(STORY.exec(c.filter)![1])
    if (n < 2) return ctx.skip()
    const a = await learnerAt(c, 'Amber-story', { count: n - 1 })
    expect(a.written!.items.length).toBe(n - 1)
    const page = await targetPage(c, a.token)
    const element = connectionElement(c, page.block)
    expect(element.hasAttribute('data-empty'), 'data-empty').toBe(true)
    for (const item of a.written!.items) expect(readable(element)).not.toContain(item.text)
  })
})

describe('high-flow at its boundary', () => {
  const flows = CONNECTIONS.filter((c) => c.filter === 'high-flow')
  if (flows.length === 0) it.todo('no connection with a "high-flow" filter in the content yet')
  it.each(flows)(
    '$name: energy 0 with focus 5, and energy 1 with focus 3, are left out',
    async (c) => {
      const a = await learnerAt(c, 'Amber-flow', { count: 0 })
      expect(expectedItems(a.written!, 'high-flow').shown).toEqual([])
      const page = await targetPage(c, a.token)
      const element = connectionElement(c, page.block)
      expect(element.hasAttribute('data-empty'), 'data-empty').toBe(true)
      for (const item of a.written!.items) {
        expect(whereShown(c, page.block, element)).not.toContain(item.text)
      }
    },
  )
})
