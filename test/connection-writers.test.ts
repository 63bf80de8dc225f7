/**
 * The connection tests' writers, proven on their own: for each kind of source block in the real
 * workbook (every prompt kind, every tool, the plain-text trackers), the writer saves through the
 * app's routes, the answer is complete, and a tool's typed rows hold what the writer says it
 * wrote. So a failing connection test is about the connection, never the writer.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Placement, Workbook } from '../src/content'
import {
  connectionWriters,
  expectedItems,
  loadRealWorkbook,
  realWorkbook,
  type Written,
} from './connection-writers'
import { userIdFor } from './helpers'
import { answerComplete, answeredBefore, answerRow, toolRows, type ToolTable } from './sql'
import { realReference } from './tool-fixture'
import { learner } from './workbook-fixture'

// Built when the tests are collected (building is pure), loaded into this file's D1 once.
const workbook: Workbook = realWorkbook()
const writers = connectionWriters(workbook, realReference())

beforeAll(async () => {
  await loadRealWorkbook()
})

/** Each tool's typed table, and how many rows the written items make there. */
const TABLES: Record<string, [ToolTable, (w: Written) => number]> = {
  'list-builder': ['list_items', (w) => w.items.length],
  'skill-tagger': ['user_skills', (w) => w.items.length],
  'skill-mastery': ['skill_mastery', (w) => w.items.filter((i) => i.level !== null).length],
  ranking: ['ranked_items', (w) => w.items.length],
  'soared-story': ['stories', (w) => w.items.length],
  'flow-log': ['flow_entries', (w) => w.items.length],
  // The first item is the month's figures, not a line.
  budget: ['budget_lines', (w) => w.items.length - 1],
  'life-balance': ['life_balance_scores', (w) => w.items.length * 2],
  'personality-type': ['personality_results', () => 1],
  'competency-rating': ['competency_ratings', (w) => w.items.length],
  'idea-tree': ['idea_nodes', (w) => w.items.length],
  'decision-matrix': ['career_options', (w) => w.items.length],
  timeline: ['milestones', (w) => w.items.length],
  reframe: ['reframes', () => 1],
  'mindset-profiles': ['mindset_profiles', (w) => w.items.length],
}

const kindOf = (p: Placement) =>
  p.kind === 'tool' ? p.config.tool : p.kind === 'prompt' ? p.config.prompt : 'content'

/** The first placement of each kind in the real workbook (content blocks aside). */
function oneOfEachKind(): [string, string][] {
  const seen = new Map<string, string>()
  for (const p of workbook.placements) {
    if (p.kind === 'content' || seen.has(kindOf(p))) continue
    seen.set(kindOf(p), p.id)
  }
  return [...seen.entries()].sort()
}

async function writer(id: string, marker: string) {
  const who = await learner()
  const userId = (await userIdFor(who.email))!
  const plan = writers.placementsFor(id)
  await answeredBefore(userId, plan.at(-1)!, plan)
  const written = await writers.writeSource(who.token, id, marker)
  return { ...who, userId, written }
}

describe('every kind of source block has a writer that saves through the routes', () => {
  it('covers every prompt kind and every tool of the workbook', () => {
    const kinds = oneOfEachKind().map(([kind]) => kind)
    for (const kind of ['text', 'textarea', 'slider', 'radio', 'checkboxes', 'select']) {
      if (workbook.placements.some((p) => kindOf(p) === kind)) expect(kinds).toContain(kind)
    }
    expect(kinds).toEqual(expect.arrayContaining(Object.keys(TABLES)))
  })

  it.each(oneOfEachKind())('%s (%s)', async (kind, id) => {
    const { userId, written } = await writer(id, 'Amber-1')
    expect(written.items.length).toBeGreaterThan(0)
    for (const planned of writers.placementsFor(id)) {
      expect(await answerComplete(userId, planned), planned).toBe(1)
    }
    const table = TABLES[kind]
    if (table) {
      const [name, rows] = table
      const stored = await toolRows(name, userId, id)
      if (kind === 'skill-mastery') {
        // Every tagger's skills, each sorted at the mastery placement, but the one added after.
        expect(stored.length).toBe(rows(written))
        expect(new Set(stored.map((r) => r.level)).size).toBeGreaterThan(1)
      } else {
        expect(stored.length).toBe(rows(written))
      }
    } else {
      // A plain answer: stored, and not as plain text.
      const row = await answerRow(userId, id)
      expect(row?.body_ct).toBeTruthy()
      for (const item of written.private) expect(row!.body_ct).not.toContain(item)
    }
  })
})

describe('the data the filters need', () => {
  it('skills: distinct mastery levels, and one skill without a level', async () => {
    const mastery = workbook.placements.find((p) => kindOf(p) === 'skill-mastery')!
    const tagger = workbook.placements.find((p) => kindOf(p) === 'skill-tagger')!
    const plan = writers.placementsFor(tagger.id, `${mastery.id}-after`)
    expect(plan).toEqual([tagger.id])
    // Written for a target after the mastery sorting: the levels are there.
    const later = workbook.placements.find(
      (p) => p.exerciseId !== mastery.exerciseId && writers.walk(p.id) > writers.walk(mastery.id),
    )!
    const who = await learner()
    const userId = (await userIdFor(who.email))!
    const planned = writers.placementsFor(tagger.id, later.id)
    expect(planned).toEqual([tagger.id, mastery.id])
    await answeredBefore(userId, later.id, planned)
    const written = await writers.writeSource(who.token, tagger.id, 'Amber-2', { before: later.id })
    const levels = written.items.map((i) => i.level)
    expect(levels.filter((l) => l === null)).toHaveLength(1)
    const set = levels.filter((l): l is number => l !== null)
    expect(new Set(set).size).toBe(set.length)
    expect(await toolRows('skill_mastery', userId, mastery.id)).toHaveLength(set.length)
    expect(await toolRows('user_skills', userId, tagger.id)).toHaveLength(written.items.length)
    const top = expectedItems(written, 'top 2 by mastery').shown
    expect(top.map((i) => i.level)).toEqual([1, 2])
  })

  it('flow: entries on both sides of the high-flow boundary', async () => {
    const flow = workbook.placements.find((p) => kindOf(p) === 'flow-log')!
    const { written } = await writer(flow.id, 'Amber-3')
    const { shown, hidden } = expectedItems(written, 'high-flow')
    expect(shown.map((i) => [i.energy, i.focus])).toEqual([
      [1, 4],
      [2, 5],
    ])
    expect(hidden.map((i) => [i.energy, i.focus])).toEqual(
      expect.arrayContaining([
        [0, 5],
        [1, 3],
      ]),
    )
    expect(expectedItems(written, 'latest').shown).toEqual([written.items.at(-1)])
  })

  it('stories: two of them, for story N', async () => {
    const story = workbook.placements.find((p) => kindOf(p) === 'soared-story')!
    const { written } = await writer(story.id, 'Amber-4')
    expect(written.items.map((i) => i.story)).toEqual([1, 2])
    expect(expectedItems(written, 'story 2').shown.map((i) => i.text)).toEqual(['Amber-4 story 2'])
    expect(expectedItems(written, 'story 3').shown).toEqual([])
  })

  it('ranking: the rank order is not the order the items were added in', async () => {
    const ranking = workbook.placements.find((p) => kindOf(p) === 'ranking')!
    const { written } = await writer(ranking.id, 'Amber-5')
    expect(written.items.map((i) => i.text)).not.toEqual(written.items.map((i) => i.text).sort())
    expect(expectedItems(written, 'top 2 by rank').shown).toEqual(written.items.slice(0, 2))
  })
})
