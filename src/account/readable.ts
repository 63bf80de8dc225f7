/**
 * The learner's workbook made readable, from the export document and the workbook's outline:
 * parts → exercises → blocks, each block with its question or tool's label and what the learner
 * wrote or made, in words. Plain answers become text; tools become tables (or a nested list, for
 * the idea tree) from their typed rows. The ZIP's Markdown files and the print view are both
 * rendered from this one model.
 */
import type { AnswerablePlacement, ToolPlacement } from '../content/model'
import { OWN } from '../content/own'
import { isCurrency, DEFAULT_CURRENCY } from '../db/settings'
import type { Outline, OutlineBlock, ReferenceNames } from '../db/outline'
import { budgetTotals } from '../tools/budget'
import { formatMoney, monthly } from '../tools/budget/money'
import { CRITERIA, CRITERION_WORDS } from '../tools/decision-matrix'
import { energyLabel, focusLabel } from '../tools/flow-log'
import { areasOf, longDate } from '../tools/life-balance'
import { MINDSETS } from '../tools/mindset-profiles'
import { REFRAME_PARTS } from '../tools/reframe'
import { MASTERY_LEVELS } from '../tools/skill-mastery'
import { STORY_PARTS } from '../tools/soared-story'
import { CATEGORY_NAMES, dateWords } from '../tools/timeline'
import type { BudgetLine, MilestoneCategory } from '../tools/values'
import type { RowsTableName } from '../db/learner-data'
import type { ExportDocument, ExportRow } from './transfer'
import type {
  ReadableBlock,
  ReadableExercise,
  ReadableNode,
  ReadablePart,
  ReadablePiece,
  ReadableTable,
  ReadableWorkbook,
} from '../../views/account/readable'

const str = (v: unknown) =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v)
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0))
const field = (v: unknown, key: string) =>
  v && typeof v === 'object' ? str((v as Record<string, unknown>)[key]) : ''
const byNumber = (key: string) => (a: ExportRow, b: ExportRow) => num(a[key]) - num(b[key])
const capital = (s: string) => s.charAt(0).toLocaleUpperCase('en-US') + s.slice(1)

const STORY_WORDS: Record<string, string> = {
  challenge: 'A challenge',
  reframe: 'A reframe',
  other: 'Something else',
}
const SKILL_CATEGORY_WORDS: Record<string, string> = {
  transferable: 'Transferable',
  'self-management': 'Self-management',
  knowledge: 'Knowledge',
}

const table = (
  caption: string,
  columns: string[],
  rows: string[][],
  rowHeaders = false,
): ReadablePiece => ({ kind: 'table', table: { caption, columns, rows, rowHeaders } })
const text = (t: string): ReadablePiece => ({ kind: 'text', text: t })
const note = (t: string): ReadablePiece => ({ kind: 'note', text: t })
const rating = (v: unknown) => (v === null || v === undefined ? 'Not rated' : `${num(v)} of 5`)

/** The document's rows, grouped for reading: each tool table's rows by placement. */
class Rows {
  private readonly byPlacement = new Map<string, ExportRow[]>()
  constructor(private readonly document: ExportDocument) {}

  of(table: RowsTableName, placementId: string): ExportRow[] {
    const key = `${table} ${placementId}`
    let found = this.byPlacement.get(key)
    if (!found) {
      found = this.document.tables[table].filter((r) => r.placement_id === placementId)
      this.byPlacement.set(key, found)
    }
    return found
  }

  ofTable(table: RowsTableName): ExportRow[] {
    return this.document.tables[table]
  }
}

/** What reading a tool needs beside its own rows: the learner's skills, and public names. */
type Context = {
  rows: Rows
  names: ReferenceNames
  /** Each skill key's name, from whichever tagger wrote it. */
  skillNames: Map<string, { name: string; category: string }>
  /** Each skill key's latest mastery level, in walk order of the sorting blocks. */
  mastery: Map<string, number>
  currency: string
}

function skillIndex(rows: Rows, names: ReferenceNames) {
  const out = new Map<string, { name: string; category: string }>()
  for (const r of rows.ofTable('user_skills')) {
    const key = str(r.skill_key)
    if (out.has(key)) continue
    const name = r.name ? str(r.name) : (names.skills.get(str(r.skill_id)) ?? 'A skill')
    out.set(key, {
      name,
      category: SKILL_CATEGORY_WORDS[str(r.category)] ?? capital(str(r.category)),
    })
  }
  return out
}

const masteryWords = (level: number | undefined) =>
  level === undefined ? 'Not sorted yet' : (MASTERY_LEVELS[level - 1] ?? `Level ${level}`)

/** Each tool's typed rows, in words; an empty array when the tool holds no rows. */
const TOOLS: Partial<
  Record<ToolPlacement['config']['tool'], (p: ToolPlacement, c: Context) => ReadablePiece[]>
> = {
  'list-builder'(p, c) {
    const items = c.rows.of('list_items', p.id).sort(byNumber('position'))
    if (!items.length) return []
    const setting = p.config.tool === 'list-builder' ? p.config.settings.itemLabel : undefined
    const heading = capital(setting ?? 'item')
    return [
      table(
        p.config.label,
        ['#', heading],
        items.map((r, i) => [String(i + 1), str(r.text)]),
      ),
    ]
  },
  ranking(p, c) {
    const items = c.rows.of('ranked_items', p.id).sort(byNumber('rank'))
    if (!items.length) return []
    const setting = p.config.tool === 'ranking' ? p.config.settings.itemLabel : undefined
    return [
      table(
        p.config.label,
        ['Rank', capital(setting ?? 'item')],
        items.map((r) => [String(num(r.rank)), str(r.text)]),
      ),
    ]
  },
  'skill-tagger'(p, c) {
    const skills = c.rows.of('user_skills', p.id).sort(byNumber('position'))
    if (!skills.length) return []
    return [
      table(
        p.config.label,
        ['Skill', 'Category', 'How much you use it'],
        skills.map((r) => {
          const key = str(r.skill_key)
          const named = c.skillNames.get(key)
          return [named?.name ?? 'A skill', named?.category ?? '', masteryWords(c.mastery.get(key))]
        }),
      ),
    ]
  },
  'skill-mastery'(p, c) {
    const levels = c.rows.of('skill_mastery', p.id).sort(byNumber('level'))
    if (!levels.length) return []
    return [
      table(
        p.config.label,
        ['Skill', 'Category', 'How much you use it'],
        levels.map((r) => {
          const named = c.skillNames.get(str(r.skill_key))
          return [named?.name ?? 'A skill', named?.category ?? '', masteryWords(num(r.level))]
        }),
      ),
    ]
  },
  'soared-story'(p, c) {
    const stories = c.rows.of('stories', p.id).sort(byNumber('position'))
    const tags = c.rows.of('story_skills', p.id)
    return stories.map((s, i) => {
      const id = str(s.story_id)
      const skills = tags
        .filter((t) => t.story_id === id)
        .map((t) => c.skillNames.get(str(t.skill_key))?.name ?? 'A skill')
      const title = field(s.content, 'title') || `Story ${i + 1}`
      return table(
        title,
        ['Part', 'What you wrote'],
        [
          ['Kind of story', STORY_WORDS[str(s.story_type)] ?? 'Not chosen yet'],
          ...STORY_PARTS.map((part) => [capital(part), field(s.content, part)]),
          ['Skills it shows', skills.join(', ')],
        ],
        true,
      )
    })
  },
  'competency-rating'(p, c) {
    const ratings = new Map(
      c.rows.of('competency_ratings', p.id).map((r) => [str(r.competency_id), num(r.level)]),
    )
    const rated = c.names.competencies.filter((k) => ratings.has(k.id))
    if (!rated.length) return []
    return [
      table(
        p.config.label,
        ['Competency', 'Your rating', 'What that level looks like'],
        rated.map((k) => {
          const level = ratings.get(k.id)!
          return [k.name, `${level} of 5`, k.levels[level - 1] ?? '']
        }),
        true,
      ),
    ]
  },
  'personality-type'(p, c) {
    const result = c.rows.of('personality_results', p.id)[0]
    if (!result) return []
    const code = str(result.type_id)
    const name = c.names.types.get(code)
    return [
      text(name ? `${code}: ${name}` : code),
      note(
        result.via === 'picked'
          ? 'You chose this type yourself.'
          : 'Your answers to the four questions point to this type.',
      ),
    ]
  },
  'flow-log'(p, c) {
    const entries = [...c.rows.of('flow_entries', p.id)].sort(
      (a, b) =>
        str(a.day).localeCompare(str(b.day)) || str(a.entry_id).localeCompare(str(b.entry_id)),
    )
    if (!entries.length) return []
    return [
      table(
        p.config.label,
        ['Day', 'What you were doing', 'Energy', 'Focus', 'Notes'],
        entries.map((e) => [
          longDate(str(e.day)),
          field(e.content, 'activity'),
          capital(energyLabel(num(e.energy))),
          capital(focusLabel(num(e.focus))),
          field(e.content, 'notes'),
        ]),
      ),
    ]
  },
  'life-balance'(p, c) {
    const rounds = c.rows.of('life_balance_rounds', p.id).sort(byNumber('position'))
    const scores = c.rows.of('life_balance_scores', p.id)
    const areas = p.config.tool === 'life-balance' ? areasOf(p.config) : []
    return rounds.flatMap((r, i) => {
      const own = scores.filter((s) => s.round_id === r.round_id)
      const named = [...areas, ...own.map((s) => str(s.area)).filter((a) => !areas.includes(a))]
      const pieces: ReadablePiece[] = [
        table(
          `Round ${i + 1}, taken on ${longDate(str(r.taken_on))}`,
          ['Area', 'Score (1 to 10)'],
          named.map((area) => {
            const score = own.find((s) => s.area === area)
            return [area, score ? `${num(score.score)} of 10` : 'Not scored']
          }),
          true,
        ),
      ]
      if (str(r.notes)) pieces.push(text(str(r.notes)))
      return pieces
    })
  },
  budget(p, c) {
    const rows = c.rows.of('budget_lines', p.id).sort(byNumber('position'))
    if (!rows.length) return []
    const currency = isCurrency(c.currency) ? c.currency : DEFAULT_CURRENCY
    const lines: BudgetLine[] = rows.map((r) => ({
      id: str(r.line_id),
      kind: r.kind === 'income' ? 'income' : 'expense',
      label: field(r.content, 'label'),
      cents: num((r.content as { cents?: unknown } | null)?.cents),
      period: r.period === 'year' ? 'year' : 'month',
      essential: num(r.essential) === 1,
    }))
    const money = (cents: number) => formatMoney(cents, currency)
    const totals = budgetTotals({ currency, lines })
    const left = totals.left.month
    return [
      table(
        p.config.label,
        ['Line', 'Kind', 'Amount', 'Per', 'Essential', 'A month'],
        lines.map((l) => [
          l.label,
          l.kind === 'income' ? 'Income' : 'Cost',
          money(l.cents),
          l.period,
          l.kind === 'income' ? '' : l.essential ? 'Yes' : 'No',
          money(monthly(l.cents, l.period)),
        ]),
      ),
      table(
        'Monthly totals, before tax',
        ['Total', 'A month', 'A year'],
        [
          ['Income', money(totals.income.month), money(totals.income.year)],
          ['Essential costs', money(totals.essential.month), money(totals.essential.year)],
          ['All costs', money(totals.all.month), money(totals.all.year)],
          [
            left < 0 ? 'Short each month' : 'Left over',
            money(Math.abs(left)),
            money(Math.abs(totals.left.year)),
          ],
        ],
        true,
      ),
    ]
  },
  'mindset-profiles'(p, c) {
    const profiles = new Map(
      c.rows.of('mindset_profiles', p.id).map((r) => [str(r.mindset), r.content]),
    )
    const written = MINDSETS.filter((m) => profiles.has(m.id))
    if (!written.length) return []
    return [
      table(
        p.config.label,
        ['Mindset', 'Who shows it', 'Why'],
        written.map((m) => {
          const profile = profiles.get(m.id)
          return [m.name, field(profile, 'person'), field(profile, 'why')]
        }),
        true,
      ),
    ]
  },
  reframe(p, c) {
    return c.rows
      .of('reframes', p.id)
      .sort(byNumber('position'))
      .map((r) =>
        table(
          p.config.label,
          ['Part', 'What you wrote'],
          REFRAME_PARTS.map((part) => [part.label, field(r.content, part.part)]),
          true,
        ),
      )
  },
  'idea-tree'(p, c) {
    const nodes = c.rows.of('idea_nodes', p.id).sort(byNumber('position'))
    const children = (parent: string | null): ReadableNode[] =>
      nodes
        .filter((n) => (n.parent_id ?? null) === parent)
        .map((n) => ({ text: str(n.text), children: children(str(n.node_id)) }))
    const tree = children(null)
    return tree.length ? [{ kind: 'tree', nodes: tree }] : []
  },
  timeline(p, c) {
    const milestones = [...c.rows.of('milestones', p.id)].sort(
      (a, b) => num(a.year) - num(b.year) || num(a.quarter) - num(b.quarter),
    )
    if (!milestones.length) return []
    return [
      table(
        p.config.label,
        ['When', 'Kind', 'Milestone', 'What happened'],
        milestones.map((m) => [
          dateWords({ year: num(m.year), quarter: m.quarter === null ? null : num(m.quarter) }),
          CATEGORY_NAMES[str(m.category) as MilestoneCategory] ?? capital(str(m.category)),
          field(m.content, 'title'),
          field(m.content, 'description'),
        ]),
      ),
    ]
  },
  'decision-matrix'(p, c) {
    const options = c.rows.of('career_options', p.id).sort(byNumber('position'))
    if (!options.length) return []
    const column = { story: 'story_fit', work: 'work_fit', life: 'life_fit', unknowns: 'unknowns' }
    return [
      table(
        p.config.label,
        ['Option', 'What it is', ...CRITERIA.map((k) => CRITERION_WORDS[k].name), 'Notes'],
        options.map((o) => [
          field(o.content, 'title'),
          field(o.content, 'description'),
          ...CRITERIA.map((k) => rating(o[column[k]])),
          field(o.content, 'notes'),
        ]),
      ),
    ]
  },
}

type AnswerRow = { body: unknown; complete: number }

/** A plain answer in words: text as written, choices joined, a slider as "7 of 10". */
function promptPieces(p: Extract<AnswerablePlacement, { kind: 'prompt' }>, value: unknown) {
  if (typeof value === 'number') {
    const max = p.config.prompt === 'slider' ? p.config.max : null
    return [text(max === null ? String(value) : `${value} of ${max}`)]
  }
  if (Array.isArray(value)) {
    const chosen = value.map(str).filter(Boolean)
    return [chosen.length ? text(chosen.join(', ')) : note('None chosen.')]
  }
  const written = str(value).trim()
  return [written ? text(written) : note('Left blank.')]
}

/** What the learner made in a tool: its rows, or the plain text it was answered in. */
function toolPieces(p: ToolPlacement, value: unknown, c: Context): ReadablePiece[] {
  if (typeof value === 'string') return [value.trim() ? text(value.trim()) : note('Left blank.')]
  const pieces = TOOLS[p.config.tool]?.(p, c) ?? []
  if (pieces.length) return pieces
  const legacy = field(value, 'legacy').trim()
  return [legacy ? text(legacy) : note('Nothing here yet.')]
}

function blockOf(b: OutlineBlock, answer: AnswerRow, c: Context): ReadableBlock {
  const value = (answer.body as { value?: unknown } | null)?.value ?? null
  const p = b.placement
  const pieces = p.kind === 'prompt' ? promptPieces(p, value) : toolPieces(p, value, c)
  if (!answer.complete) pieces.push(note('Still in progress.'))
  return { id: p.id, label: p.config.label, pieces }
}

/**
 * The learner's workbook in words, part by part, from their export document and the outline.
 * An exercise with no answer yet is named once, in its part's `notYet`.
 * @example const readable = readableWorkbook(await learnerDocument(c), await loadOutline(db, id))
 */
export function readableWorkbook(document: ExportDocument, outline: Outline): ReadableWorkbook {
  const rows = new Rows(document)
  const walk = new Map(outline.blocks.map((b, i) => [b.placement.id, i]))
  const mastery = new Map<string, number>()
  for (const r of [...rows.ofTable('skill_mastery')].sort(
    (a, b) => (walk.get(str(a.placement_id)) ?? 0) - (walk.get(str(b.placement_id)) ?? 0),
  ))
    mastery.set(str(r.skill_key), num(r.level))
  const c: Context = {
    rows,
    names: outline.names,
    skillNames: skillIndex(rows, outline.names),
    mastery,
    currency: str(rows.ofTable('user_settings')[0]?.currency),
  }
  const answers = new Map(
    rows
      .ofTable('answers')
      .map((a) => [
        str(a.placement_id),
        { body: a.body, complete: num(a.complete) } satisfies AnswerRow,
      ]),
  )

  const parts: ReadablePart[] = []
  const own: ReadableBlock[] = []
  let exercise = null as ReadableExercise | null
  for (const b of outline.blocks) {
    const answer = answers.get(b.placement.id)
    if (b.exerciseId === OWN) {
      if (answer) own.push(blockOf(b, answer, c))
      continue
    }
    let part = parts.at(-1)
    if (part?.id !== b.partId) {
      part = {
        id: b.partId,
        number: parts.length + 1,
        title: b.partTitle,
        exercises: [],
        notYet: [],
      }
      parts.push(part)
    }
    if (exercise?.id !== b.exerciseId) {
      // Named as not answered until its first answered block moves it to the part's exercises.
      exercise = { id: b.exerciseId, title: b.exerciseTitle, blocks: [] }
      part.notYet.push(b.exerciseTitle)
    }
    if (!answer) continue
    if (!exercise.blocks.length) {
      part.notYet.pop()
      part.exercises.push(exercise)
    }
    exercise.blocks.push(blockOf(b, answer, c))
  }
  return { madeAt: document.exportedAt, parts, own }
}

/** `1-roots.md`: a part's Markdown file, named by its place and title. */
export const partFileName = (part: Pick<ReadablePart, 'number' | 'title'>) =>
  `${part.number}-${
    part.title
      .toLocaleLowerCase('en-US')
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'part'
  }.md`

export type { ReadableTable }
