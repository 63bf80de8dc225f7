/**
 * The connection resolver through the real routes and a real D1: a small workbook whose second
 * exercise brings back what the first one holds, as a mention in content, a hydrated prompt, a
 * referenced list and a pre-filled ranking. Precedence (saved wins, new items offered without
 * losing edits), empty states, another learner's data, and the page's two round trips.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildWorkbook, workbookStatements } from '../content'
import { parseFilter } from '../content/connections'
import { get, postForm } from '../../test/helpers'
import { all, dom, one, text, type HTMLElement } from '../../test/html'
import { runSeed } from '../../test/sql'
import { formFields, postAction } from '../../test/tools'
import { learner } from '../../test/workbook-fixture'
import type { ConnectionItem } from './open'
import { applyFilter } from './resolve'
import { shorten } from './present'

const MODULE = `
id: m
title: Connected
summary: Two exercises, the second bringing back the first.
exercises:
  - id: src
    title: Where it starts
    blocks:
      - content: The start.
      - prompt: { id: line, kind: text, label: One line about you., optional: true }
      - tool:
          id: things
          tool: list-builder
          label: List a few things.
          optional: true
          config: { itemLabel: Thing }
      - content: Done here.
  - id: dst
    title: Where it comes back
    blocks:
      - content: Earlier you listed {{things}}, and they come back here.
        connections:
          - { use: mention, from: src.things, as: things, fallback: a few things }
      - prompt:
          id: again
          kind: textarea
          label: Say it again, better.
          connections:
            - { use: hydrate, from: src.line }
      - prompt:
          id: look
          kind: text
          label: Which one matters?
          connections:
            - { use: reference, from: src.things }
      - tool:
          id: order
          tool: ranking
          label: Put them in order.
          connections:
            - { use: prefill, from: src.things }
      - content: The end.
`

beforeAll(async () => {
  const parts = parse(`
parts:
  - id: p
    title: Part
    summary: The only part.
    modules: [m]
`)
  const { workbook, errors } = buildWorkbook(parts, [{ file: 'm.yaml', doc: parse(MODULE) }])
  if (errors.length) throw new Error(errors.join('\n'))
  await runSeed(workbookStatements(workbook))
})

const THINGS = { exercise: 'src', placement: 'src.things' }
const ORDER = { exercise: 'dst', placement: 'dst.order' }

async function page(token: string, path = '/workbook/dst') {
  const res = await get(path, { token })
  expect(res.status).toBe(200)
  return { res, html: dom(await res.text()) }
}
const block = (root: HTMLElement, localId: string) => one(root, `#b-${localId}`)
const echo = (root: HTMLElement, localId: string, use: string) =>
  one(block(root, localId), `[data-connection][data-use="${use}"]`)

/** A learner who has answered the first exercise: a line, and a list built through the tool. */
async function learnerWith(line: string | null, things: string[]) {
  const who = await learner()
  const { token } = who
  if (line !== null) {
    const res = await postForm(
      '/workbook/src/answers/src.line',
      { answer: line, version: '0' },
      { token },
    )
    expect(res.status).toBe(303)
  }
  for (const thing of things) await addThing(token, thing)
  if (things.length) {
    const done = await postAction(THINGS, 'done', await fields(token, '/workbook/src', 'things'), {
      token,
    })
    expect(done.status).toBe(303)
  }
  return who
}

async function fields(token: string, path: string, localId: string) {
  return formFields(block((await page(token, path)).html, localId))
}

async function addThing(token: string, thing: string) {
  const path = '/workbook/src'
  const html = (await page(token, path)).html
  // Reopen the finished list to add to it, as the learner's "Change" link does.
  const open = html.querySelector('#b-things form') ? path : '/workbook/src/answers/src.things/edit'
  const res = await postAction(
    THINGS,
    'add',
    { ...(await fields(token, open, 'things')), new: thing },
    { token },
  )
  expect(res.status).toBe(303)
}

describe('connections on the page', () => {
  it('mention the items in content text, and start a text prompt from the earlier line', async () => {
    const { token } = await learnerWith('Amber likes maps', ['Amber one', 'Amber two'])
    await learnerWith('Birch likes boats', ['Birch one'])
    const { res, html } = await page(token)
    const mention = echo(html, 'c1', 'mention')
    expect(mention.getAttribute('data-connection')).toBe('src.things')
    expect(text(block(html, 'c1'))).toBe(
      'Earlier you listed Amber one and Amber two, and they come back here.',
    )
    const hydrate = echo(html, 'again', 'hydrate')
    expect(text(hydrate)).toContain('This starts from your answer in Where it starts')
    expect(one(hydrate, 'a').getAttribute('href')).toBe('/workbook/src#b-line')
    expect(text(one(block(html, 'again'), 'textarea'))).toBe('Amber likes maps')
    expect(html.toString()).not.toContain('Birch')
    // However many connections: the session, then one batch.
    expect(res.headers.get('Server-Timing')).toContain('db;desc="2 queries"')
  })

  it('keeps a saved answer over the earlier words, and lists the items beside a later prompt', async () => {
    const { token } = await learnerWith('Amber likes maps', ['Amber one', 'Amber two'])
    await learnerWith('Birch likes boats', ['Birch one'])
    await postForm(
      '/workbook/dst/answers/dst.again',
      { answer: 'My own words', version: '0' },
      {
        token,
      },
    )
    const edit = (await page(token, '/workbook/dst/answers/dst.again/edit')).html
    expect(text(one(block(edit, 'again'), 'textarea'))).toBe('My own words')
    expect(text(echo(edit, 'again', 'hydrate'))).toContain(
      'Linked to your answer in Where it starts',
    )
    const reference = echo(edit, 'look', 'reference')
    expect(all(reference, 'li').map(text)).toEqual(['Amber one', 'Amber two'])
    expect(one(reference, 'a').getAttribute('href')).toBe('/workbook/src#b-things')
    expect(edit.toString()).not.toContain('Birch')
  })

  it('pre-fills a tool with the items while unsaved, then offers new ones without losing edits', async () => {
    const { token } = await learnerWith('Amber likes maps', ['Amber one', 'Amber two'])
    await learnerWith('Birch likes boats', ['Birch one'])
    await postForm('/workbook/dst/answers/dst.again', { answer: 'Again', version: '0' }, { token })
    await postForm('/workbook/dst/answers/dst.look', { answer: 'One', version: '0' }, { token })
    const first = (await page(token)).html
    const order = block(first, 'order')
    const values = () => all(order, 'input[name^="text-"]').map((i) => i.getAttribute('value'))
    expect(values()).toEqual(['Amber one', 'Amber two'])
    expect(text(echo(first, 'order', 'prefill'))).toContain('This starts from your list in')
    expect(first.toString()).not.toContain('Birch')

    // The learner edits one item and saves: their words win from now on.
    const ids = all(order, 'input[name^="text-"]').map((i) => i.getAttribute('name')!)
    const saved = await postAction(
      ORDER,
      'save',
      { ...formFields(order), [ids[0]!]: 'Amber one, reworded', [ids[1]!]: 'Amber two' },
      { token },
    )
    expect(saved.status).toBe(303)
    const after = block((await page(token)).html, 'order')
    expect(all(after, 'input[name^="text-"]').map((i) => i.getAttribute('value'))).toEqual([
      'Amber one, reworded',
      'Amber two',
    ])
    // Nothing new at the source: no offer, even though "Amber one" is no longer word for word.
    expect(text(after)).not.toContain('Bring in')

    // The source grows: the ranking offers what is new, and only that.
    await addThing(token, 'Amber three')
    const grown = block((await page(token)).html, 'order')
    expect(text(one(grown, 'button[formaction*="bring-in"]'))).toBe(
      'Bring in 1 new item from Where it starts',
    )
    const brought = await postAction(ORDER, 'bring-in', formFields(grown), { token })
    expect(brought.status).toBe(303)
    const final = block((await page(token)).html, 'order')
    expect(all(final, 'input[name^="text-"]').map((i) => i.getAttribute('value'))).toEqual([
      'Amber one, reworded',
      'Amber two',
      'Amber three',
    ])
    expect(final.querySelector('button[formaction*="bring-in"]')).toBeNull()
  })

  it('does not offer again an item the learner removed', async () => {
    const { token } = await learnerWith('Amber likes maps', ['Amber one', 'Amber two'])
    await postForm('/workbook/dst/answers/dst.again', { answer: 'Again', version: '0' }, { token })
    await postForm('/workbook/dst/answers/dst.look', { answer: 'One', version: '0' }, { token })
    const order = block((await page(token)).html, 'order')
    const second = all(order, 'button[formaction*="/remove"]')[1]!
    const url = new URL(second.getAttribute('formaction')!, 'http://x')
    const removed = await postAction(ORDER, 'remove', formFields(order), {
      token,
      item: url.searchParams.get('item')!,
    })
    expect(removed.status).toBe(303)
    const after = block((await page(token)).html, 'order')
    expect(all(after, 'input[name^="text-"]').map((i) => i.getAttribute('value'))).toEqual([
      'Amber one',
    ])
    expect(after.querySelector('button[formaction*="bring-in"]')).toBeNull()
  })

  it('says calmly when a source is empty, with the way back to it, for every use', async () => {
    const { token } = await learnerWith('', [])
    const done = await postAction(THINGS, 'done', await fields(token, '/workbook/src', 'things'), {
      token,
    })
    expect(done.status).toBe(303)
    const expectEmpty = (el: HTMLElement, href: string) => {
      expect(el.hasAttribute('data-empty')).toBe(true)
      expect(one(el, 'a').getAttribute('href')).toBe(href)
    }
    const first = (await page(token)).html
    // The mention's fallback takes the token's place, linked to where the list is made.
    expect(text(block(first, 'c1'))).toBe(
      'Earlier you listed a few things, and they come back here.',
    )
    expectEmpty(echo(first, 'c1', 'mention'), '/workbook/src#b-things')
    expectEmpty(echo(first, 'again', 'hydrate'), '/workbook/src#b-line')
    expect(text(one(block(first, 'again'), 'textarea'))).toBe('')
    await postForm('/workbook/dst/answers/dst.again', { answer: 'Again', version: '0' }, { token })
    const second = (await page(token)).html
    expectEmpty(echo(second, 'look', 'reference'), '/workbook/src#b-things')
    expect(text(echo(second, 'look', 'reference'))).toContain('Nothing is in your list')
    await postForm('/workbook/dst/answers/dst.look', { answer: 'None', version: '0' }, { token })
    const third = (await page(token)).html
    expectEmpty(echo(third, 'order', 'prefill'), '/workbook/src#b-things')
    expect(all(block(third, 'order'), 'input[name^="text-"]')).toEqual([])
  })
})

describe('the filters', () => {
  const items = (n: number, extra: (i: number) => Partial<ConnectionItem> = () => ({})) =>
    Array.from({ length: n }, (_, i) => ({ text: `i${i}`, key: `i${i}`, ...extra(i) }))
  const filter = (text: string) => {
    const read = parseFilter(text)
    if (!read.ok) throw new Error(read.message)
    return read.filter
  }
  const texts = (found: ConnectionItem[]) => found.map((i) => i.text)

  it('top N takes N, all when there are fewer, sorted by mastery with unsorted skills left out', () => {
    const skills = items(5, (i) => ({ mastery: [3, 1, null, 1, 2][i] }))
    expect(texts(applyFilter(skills, filter('top 3 by mastery')))).toEqual(['i1', 'i3', 'i4'])
    expect(texts(applyFilter(skills, filter('top 4 by mastery')))).toEqual(['i1', 'i3', 'i4', 'i0'])
    // Five items, one unsorted: N = 4, 5 and 6 all give the four sorted ones.
    expect(applyFilter(skills, filter('top 5 by mastery'))).toHaveLength(4)
    expect(applyFilter(skills, filter('top 6 by mastery'))).toHaveLength(4)
    const ranked = items(3, (i) => ({ rank: 3 - i }))
    expect(texts(applyFilter(ranked, filter('top 2 by rank')))).toEqual(['i2', 'i1'])
    expect(texts(applyFilter(ranked, filter('top 3 by rank')))).toEqual(['i2', 'i1', 'i0'])
    const rated = items(3, (i) => ({ rating: [2, 5, 5][i] }))
    expect(texts(applyFilter(rated, filter('top 2 by rating')))).toEqual(['i1', 'i2'])
  })

  it('story N is the Nth story, and nothing when there are fewer', () => {
    const stories = items(2)
    expect(texts(applyFilter(stories, filter('story 1')))).toEqual(['i0'])
    expect(texts(applyFilter(stories, filter('story 2')))).toEqual(['i1'])
    expect(applyFilter(stories, filter('story 3'))).toEqual([])
  })

  it('high-flow keeps energy of at least 1 with focus of at least 4, exactly at the edges', () => {
    const entries = [
      { text: 'edge', key: 'a', energy: 1, focus: 4 },
      { text: 'low focus', key: 'b', energy: 1, focus: 3 },
      { text: 'no energy', key: 'c', energy: 0, focus: 5 },
      { text: 'peak', key: 'd', energy: 2, focus: 5 },
    ]
    expect(texts(applyFilter(entries, filter('high-flow')))).toEqual(['edge', 'peak'])
  })

  it('latest is the last one; category keeps one kind of skill', () => {
    expect(texts(applyFilter(items(3), filter('latest')))).toEqual(['i2'])
    expect(applyFilter([], filter('latest'))).toEqual([])
    const skills = items(3, (i) => ({ category: ['knowledge', 'transferable', 'knowledge'][i] }))
    expect(texts(applyFilter(skills, filter('category knowledge')))).toEqual(['i0', 'i2'])
  })

  it('cuts long text at a word boundary', () => {
    expect(shorten('one two three four', 12)).toBe('one two…')
    expect(shorten('short', 12)).toBe('short')
  })
})
