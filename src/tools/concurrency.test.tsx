/**
 * Concurrency of the tools (issue 13 §2): for every built tool in the registry, twenty valid
 * actions posted at once from the same base version, through the app, against real local D1.
 * What this proves, tool by tool:
 * - the twenty saves really overlap (all are waiting on the database at the same moment), and
 *   exactly one is applied (303 without JavaScript, 200 with htmx); the other nineteen get a 409
 *   with the conflict notice;
 * - the revisions gain one 'saved' and nineteen 'conflict' entries, nineteen different changes
 *   kept, and the saved one is the answer itself;
 * - the tool's typed rows are exactly the winner's: the same, random ids aside, as the rows of a
 *   second learner who made the winner's change alone, and every random id in them is one the
 *   stored answer holds. No mix of two saves, no duplicates, nothing from a loser.
 * A tool added to the registry without a case here fails the first test.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ExportDocument } from '../account/transfer'
import { TOOL_MODULES } from './registry'
import { get } from '../../test/helpers'
import { all, text, type HTMLElement } from '../../test/html'
import { RACERS, statusCounts, submissionId } from '../../test/concurrency'
import {
  answeredBefore,
  insertMasterSkill,
  revisions,
  watchingBatches,
  type ToolTable,
} from '../../test/sql'
import { formFields, postAction, toolBlock } from '../../test/tools'
import { loadToolWorkbook, toolLearner } from '../../test/tool-fixture'
import { CONFLICT_NOTICE } from './act'

const PAGE = '/workbook/tools'

/** Every built tool in one exercise; the ranking takes the list's items, the sorter the tags. */
const BLOCKS = `
      - tool:
          id: list
          tool: list-builder
          label: Which values matter to you?
          config: { itemLabel: Value, minItems: 2, maxItems: 30 }
      - tool:
          id: rank
          tool: ranking
          label: Put your values in order.
          config: { itemLabel: Value, count: 5 }
          connections: [{ use: prefill, from: tools.list }]
      - tool:
          id: tags
          tool: skill-tagger
          label: Name your skills.
          config: { minSkills: 1 }
      - tool:
          id: sort
          tool: skill-mastery
          label: Sort your skills.
      - tool:
          id: story
          tool: soared-story
          label: Write a story.
          config: { maxStories: 2 }
      - tool:
          id: money
          tool: budget
          label: What does a month cost you?
          config: {}
      - tool:
          id: ratings
          tool: competency-rating
          label: Where are you today on each competency?
          config: {}
      - tool:
          id: matrix
          tool: decision-matrix
          label: Compare your options.
          config: { maxOptions: 3 }
      - tool:
          id: log
          tool: flow-log
          label: When were you absorbed, or drained?
          config: {}
      - tool:
          id: tree
          tool: idea-tree
          label: Grow an idea tree.
          config: {}
      - tool:
          id: balance
          tool: life-balance
          label: How satisfied are you with each area of your life?
          config: {}
      - tool:
          id: people
          tool: mindset-profiles
          label: Who shows each mindset?
      - tool:
          id: lens
          tool: personality-type
          label: Which type sounds most like you?
          config: {}
      - tool:
          id: setback
          tool: reframe
          label: Look at a setback again.
          config: {}
      - tool:
          id: line
          tool: timeline
          label: Your milestones.
          config: {}`

type Learner = Awaited<ReturnType<typeof toolLearner>>

/** How to reach one tool, and the valid action racer `i` posts to it. */
type ToolCase = {
  /** The block's local id in the exercise. */
  id: string
  tables: ToolTable[]
  /** Brings a new learner to the tool (by default: everything before it answered). */
  reach?: (who: Learner) => Promise<void>
  action: string
  /** Racer `i`'s fields (beside the hidden ones), read against the tool as shown. */
  form: (i: number, tool: HTMLElement) => Record<string, string>
  item?: (i: number, tool: HTMLElement) => string
  /** False where the tool cannot take twenty different changes (the racers' values repeat). */
  distinct?: false
}

const n = (i: number) => String(i + 1).padStart(2, '0')
const TYPES = 'ISTJ ISFJ INFJ INTJ ISTP ISFP INFP INTP ESTP ESFP ENFP ENTP ESTJ ESFJ ENFJ ENTJ'
const placementOf = (id: string) => `tools.${id}`
const toolOf = (id: string) => ({ exercise: 'tools', placement: placementOf(id) })
const blockOf = (who: Learner, id: string) => toolBlock(who.token, PAGE, `#b-${id}`)

/** Posts one action to a tool as its own form would, expecting it to be applied. */
async function act(who: Learner, id: string, action: string, more: Record<string, string> = {}) {
  const fields = formFields(await blockOf(who, id))
  const res = await postAction(toolOf(id), action, { ...fields, ...more }, { token: who.token })
  expect(res.status, `${id} ${action}`).toBe(303)
}

const CASES: Record<keyof typeof TOOL_MODULES, ToolCase> = {
  'list-builder': {
    id: 'list',
    tables: ['list_items'],
    action: 'add',
    form: (i) => ({ new: `Value ${n(i)}` }),
  },
  ranking: {
    id: 'rank',
    tables: ['ranked_items'],
    // Two values listed and the comparison started: each racer picks one of the two, which
    // ranks them. Only two outcomes, so the racers' values repeat.
    reach: async (who) => {
      await answeredBefore(who.userId, placementOf('rank'), [placementOf('list')])
      await act(who, 'list', 'add', { new: 'Honesty' })
      await act(who, 'list', 'add', { new: 'Craft' })
      await act(who, 'list', 'done')
      await act(who, 'rank', 'start')
    },
    action: 'choose',
    form: () => ({}),
    item: (i, tool) => {
      const want = i % 2 === 0 ? 'Honesty' : 'Craft'
      const button = all(tool, 'button[formaction*="/choose"]').find((b) => text(b) === want)!
      return new URL(button.getAttribute('formaction')!, 'http://x').searchParams.get('item')!
    },
    distinct: false,
  },
  'skill-tagger': {
    id: 'tags',
    tables: ['user_skills'],
    action: 'custom',
    form: (i) => ({ 'new-name': `Mending nets ${n(i)}`, 'new-category': 'knowledge' }),
  },
  'skill-mastery': {
    id: 'sort',
    tables: ['skill_mastery'],
    reach: async (who) => {
      await answeredBefore(who.userId, placementOf('sort'))
      await insertMasterSkill(who.userId, placementOf('tags'), 'teaching', 1)
      await insertMasterSkill(who.userId, placementOf('tags'), 'negotiating', 2)
    },
    action: 'save',
    form: (i) => ({
      'level-m-teaching': String((i % 5) + 1),
      'level-m-negotiating': String(Math.floor(i / 5) + 1),
    }),
  },
  'soared-story': {
    id: 'story',
    tables: ['stories', 'story_skills'],
    action: 'save',
    form: (i) => ({
      title: `The borrowed cars ${n(i)}`,
      type: 'challenge',
      situation: 'The food bank lost its van the week before the holidays.',
      obstacle: 'Two hundred boxes had to reach families across town in three days.',
      action: 'I borrowed cars from neighbours and drew up routes by postcode.',
      result: 'Every box arrived, a day early, and nobody drove twice.',
      evaluation: 'Asking for help was the strongest move I made.',
      discovery: 'I plan best when the pressure is real and shared.',
    }),
  },
  budget: {
    id: 'money',
    tables: ['budget_lines'],
    action: 'add-expense',
    form: (i) => ({
      'expense-label': `Rent ${n(i)}`,
      'expense-amount': String(600 + i),
      'expense-period': 'month',
    }),
  },
  'competency-rating': {
    id: 'ratings',
    tables: ['competency_ratings'],
    action: 'save',
    form: (i) => ({
      'level-teamwork': String((i % 5) + 1),
      'level-communication': String(Math.floor(i / 5) + 1),
    }),
  },
  'decision-matrix': {
    id: 'matrix',
    tables: ['career_options'],
    action: 'save',
    form: (i) => ({
      'title-o1': `Community nurse ${n(i)}`,
      'description-o1': 'Visiting patients at home.',
      'notes-o1': '',
      'story-o1': '4',
      'work-o1': '3',
      'life-o1': '2',
      'unknowns-o1': '3',
      'title-o2': 'Market stall',
      'description-o2': '',
      'notes-o2': '',
      'story-o2': '3',
      'work-o2': '2',
      'life-o2': '5',
      'unknowns-o2': '1',
    }),
  },
  'flow-log': {
    id: 'log',
    tables: ['flow_entries'],
    action: 'add',
    form: (i) => ({
      day: new Date().toISOString().slice(0, 10),
      activity: `Gardening ${n(i)}`,
      energy: '1',
      focus: '4',
      notes: '',
    }),
  },
  'idea-tree': {
    id: 'tree',
    tables: ['idea_nodes'],
    action: 'add',
    form: (i) => ({ center: `Gardens ${n(i)}` }),
    item: () => 'center',
  },
  'life-balance': {
    id: 'balance',
    tables: ['life_balance_rounds', 'life_balance_scores'],
    action: 'save',
    form: (i) => ({ 'score-1': String((i % 10) + 1), notes: `A calm week ${n(i)}` }),
  },
  'mindset-profiles': {
    id: 'people',
    tables: ['mindset_profiles'],
    action: 'save',
    form: (i) => ({ 'person-curiosity': `Ada ${n(i)}` }),
  },
  'personality-type': {
    id: 'lens',
    tables: ['personality_results'],
    action: 'save',
    // Sixteen types for twenty racers: four values repeat.
    form: (i) => ({ type: TYPES.split(' ')[i % 16]! }),
    distinct: false,
  },
  reframe: {
    id: 'setback',
    tables: ['reframes'],
    action: 'save',
    form: (i) => ({ situation: `The interview went badly ${n(i)}` }),
  },
  timeline: {
    id: 'line',
    tables: ['milestones'],
    action: 'add',
    form: (i) => ({
      title: `Apply for roles ${n(i)}`,
      year: String(new Date().getUTCFullYear() + 1),
      quarter: '',
      category: 'work',
      description: '',
    }),
  },
}

beforeAll(async () => {
  await loadToolWorkbook(BLOCKS)
})

/** A new learner at the tool, with the tool's block as they see it. */
async function learnerAt(c: ToolCase) {
  const who = await toolLearner()
  await (c.reach ?? ((w: Learner) => answeredBefore(w.userId, placementOf(c.id))))(who)
  return { who, tool: await blockOf(who, c.id) }
}

/** What the learner's export opens of the tool: its answer's value and its typed rows. */
async function opened(who: Learner, c: ToolCase) {
  const res = await get('/account/export.json', { token: who.token })
  expect(res.status).toBe(200)
  // The stand-in answers before the tool (see answeredBefore) are unreadable, and left out.
  const doc = (await res.json()) as ExportDocument
  const mine = (r: Record<string, unknown>) => r.placement_id === placementOf(c.id)
  const answer = doc.tables.answers.find(mine)
  const rows = Object.fromEntries(c.tables.map((t) => [t, doc.tables[t].filter(mine)]))
  const conflicts = doc.tables.answer_revisions
    .filter((r) => mine(r) && r.kind === 'conflict')
    .map((r) => JSON.stringify(r.body))
  return { answer: answer?.body as { value: unknown } | undefined, rows, conflicts }
}

/** A random id (src/tools/items.ts: eight base64url characters), perhaps after a kind prefix. */
const RANDOM_ID = /^([a-z]:)?[A-Za-z0-9_-]{8}$/

/** A value with its random ids made alike, so two learners' rows can be compared. */
function withoutIds(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(RANDOM_ID, '$1#')
  if (Array.isArray(value)) return value.map(withoutIds)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIds(v)]))
  }
  return value
}

/** The random ids in some rows: each must be one the stored answer holds. */
const idsIn = (rows: Record<string, Record<string, unknown>[]>) =>
  Object.values(rows)
    .flat()
    .flatMap((r) => Object.entries(r))
    .filter(([k, v]) => k !== 'placement_id' && typeof v === 'string' && RANDOM_ID.test(v))
    .map(([, v]) => (v as string).replace(/^[a-z]:/, ''))

describe('twenty parallel saves of every built tool', () => {
  it('has a case for every tool in the registry', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(TOOL_MODULES).sort())
  })

  for (const name of Object.keys(TOOL_MODULES) as (keyof typeof TOOL_MODULES)[]) {
    it(`applies exactly one of twenty, and keeps the rows to the winner's: ${name}`, async () => {
      const c = CASES[name]
      expect(c, `no concurrency case for the tool ${name}`).toBeDefined()
      const { who, tool } = await learnerAt(c)
      const hidden = formFields(tool)
      const before = await revisions(who.userId, placementOf(c.id))
      const watch = watchingBatches(env.DB)
      // Half without JavaScript, half with htmx, all from the version the page was shown at.
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          postAction(
            toolOf(c.id),
            c.action,
            { ...c.form(i, tool), version: hidden.version, submission: submissionId() },
            {
              token: who.token,
              item: c.item?.(i, tool),
              htmx: i % 2 === 1,
              env: { ...env, DB: watch.db },
            },
          ),
        ),
      )
      expect(watch.maxSavesInFlight()).toBe(RACERS)
      const counts = statusCounts(responses)
      expect(counts[409], JSON.stringify(counts)).toBe(RACERS - 1)
      const winner = responses.findIndex((r) => r.status !== 409)
      expect(responses[winner]!.status).toBe(winner % 2 === 1 ? 200 : 303)
      for (const r of responses.filter((_, i) => i !== winner)) {
        expect(await r.text()).toContain(CONFLICT_NOTICE)
      }

      // One saved and nineteen conflict revisions more; the saved one is the answer.
      const after = await revisions(who.userId, placementOf(c.id))
      const kinds = (list: typeof after) => list.map((r) => r.kind)
      expect(kinds(after).filter((k) => k === 'saved').length).toBe(
        kinds(before).filter((k) => k === 'saved').length + 1,
      )
      expect(kinds(after).filter((k) => k === 'conflict').length).toBe(
        kinds(before).filter((k) => k === 'conflict').length + RACERS - 1,
      )
      const mine = await opened(who, c)
      const value = JSON.stringify(mine.answer)
      expect(mine.conflicts).toHaveLength(RACERS - 1)
      if (c.distinct !== false) {
        // Twenty different changes: nineteen kept as conflicts, one applied.
        expect(new Set([...mine.conflicts, value]).size).toBe(RACERS)
      }

      // The rows are the winner's alone: every id in them is one the answer holds, and they
      // are what the winner's change makes for a learner who made it on their own.
      for (const id of idsIn(mine.rows)) expect(value).toContain(id)
      const solo = await learnerAt(c)
      const alone = await postAction(
        toolOf(c.id),
        c.action,
        { ...c.form(winner, solo.tool), ...formFields(solo.tool) },
        { token: solo.who.token, item: c.item?.(winner, solo.tool) },
      )
      expect(alone.status).toBe(303)
      const theirs = await opened(solo.who, c)
      expect(withoutIds(mine.rows)).toEqual(withoutIds(theirs.rows))
      expect(withoutIds(mine.answer)).toEqual(withoutIds(theirs.answer))
    })
  }
})

describe('one tool submission sent five times at once', () => {
  /** Five posts of one "Add" form, with the same submission id, all at once. */
  async function fiveAtOnce() {
    const c = CASES['list-builder']
    const { who, tool } = await learnerAt(c)
    const form = { ...formFields(tool), new: 'Clicked twice' }
    const watch = watchingBatches(env.DB)
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        postAction(toolOf(c.id), 'add', form, {
          token: who.token,
          htmx: i % 2 === 1,
          env: { ...env, DB: watch.db },
        }),
      ),
    )
    expect(watch.maxSavesInFlight()).toBe(5)
    return { c, who, responses }
  }

  it('applies it once, and writes its row and its revision once', async () => {
    const { c, who, responses } = await fiveAtOnce()
    for (const r of responses) expect([200, 303]).toContain(r.status)
    expect((await revisions(who.userId, placementOf(c.id))).map((r) => r.kind)).toEqual(['saved'])
    const mine = await opened(who, c)
    expect(mine.rows.list_items!.map((r) => r.text)).toEqual(['Clicked twice'])
  })

  // The repeats all read the tool at version 0, so each applies the action itself; its new ids
  // come from the form's submission and version (src/tools/items.ts `withIdsFrom`), so each
  // makes the very same value, and the save recognises the repeats as saved.
  it('answers every one of the five as saved', async () => {
    const { responses } = await fiveAtOnce()
    expect(responses.map((r) => r.status)).toEqual([303, 200, 303, 200, 303])
  })
})
