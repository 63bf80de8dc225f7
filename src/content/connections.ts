/**
 * Connections: how something the learner wrote earlier comes back later. A connection binds a
 * target block to an earlier source block through a registered data source (one query in
 * src/db/sources.ts), with a filter and a use. This file is the vocabulary the seed checks and
 * the resolver share: the uses, the data sources (which blocks each reads, which filters each
 * takes), the filter grammar and the mention tokens of content text.
 *
 * Node runs the content files directly by stripping types, so this file uses erasable syntax
 * only.
 */
import type { ToolName } from './tools.ts'

/** How a connection brings an earlier answer back. */
export const CONNECTION_USES = ['prefill', 'hydrate', 'reference', 'mention'] as const
export type ConnectionUse = (typeof CONNECTION_USES)[number]

/** The filters, by kind. `top` takes a count and an order; `story` a position; `category` a name. */
export const FILTER_KINDS = ['all', 'top', 'story', 'high-flow', 'category', 'latest'] as const
export type FilterKind = (typeof FILTER_KINDS)[number]
export const TOP_ORDERS = ['mastery', 'rank', 'rating', 'score'] as const
export type TopOrder = (typeof TOP_ORDERS)[number]
export const SKILL_CATEGORIES = ['transferable', 'self-management', 'knowledge'] as const
export type SkillCategoryName = (typeof SKILL_CATEGORIES)[number]

export type Filter =
  | { kind: 'all' }
  | { kind: 'top'; n: number; by: TopOrder }
  | { kind: 'story'; n: number }
  | { kind: 'high-flow' }
  | { kind: 'category'; category: SkillCategoryName }
  | { kind: 'latest' }

/** The most a `top N` or `story N` filter may ask for. */
export const FILTER_COUNT_MAX = 20

/** What a filter is called where it has to be named: `top by mastery`, `story N`, `high-flow`. */
export function filterName(filter: Filter): string {
  switch (filter.kind) {
    case 'top':
      return `top N by ${filter.by}`
    case 'story':
      return 'story N'
    case 'category':
      return 'category'
    default:
      return filter.kind
  }
}

/** The filter as written in the content: `top 5 by mastery`, `story 2`, `category knowledge`. */
export function filterText(filter: Filter): string {
  switch (filter.kind) {
    case 'top':
      return `top ${filter.n} by ${filter.by}`
    case 'story':
      return `story ${filter.n}`
    case 'category':
      return `category ${filter.category}`
    default:
      return filter.kind
  }
}

const count = (text: string) => {
  const n = /^[0-9]{1,2}$/.test(text) ? Number(text) : NaN
  return n >= 1 && n <= FILTER_COUNT_MAX ? n : null
}

/**
 * Reads a filter as the content writes it; a message for the editor when it is not one.
 * @example parseFilter('top 5 by mastery') // { ok: true, filter: { kind: 'top', n: 5, by: 'mastery' } }
 */
export function parseFilter(
  text: unknown,
): { ok: true; filter: Filter } | { ok: false; message: string } {
  const fail = {
    ok: false as const,
    message: `"filter" must be one of: all, top N by ${TOP_ORDERS.join('/')}, story N, high-flow, category ${SKILL_CATEGORIES.join('/')}, latest (N from 1 to ${FILTER_COUNT_MAX}); found ${JSON.stringify(text)}`,
  }
  if (text === undefined) return { ok: true, filter: { kind: 'all' } }
  if (typeof text !== 'string') return fail
  const words = text.trim().split(/\s+/)
  const [first, second, third, fourth] = words
  if (words.length === 1 && (first === 'all' || first === 'high-flow' || first === 'latest')) {
    return { ok: true, filter: { kind: first } }
  }
  if (first === 'top' && words.length === 4 && third === 'by') {
    const n = count(second ?? '')
    const by = TOP_ORDERS.find((o) => o === fourth)
    return n && by ? { ok: true, filter: { kind: 'top', n, by } } : fail
  }
  if (first === 'story' && words.length === 2) {
    const n = count(second ?? '')
    return n ? { ok: true, filter: { kind: 'story', n } } : fail
  }
  if (first === 'category' && words.length === 2) {
    const category = SKILL_CATEGORIES.find((c) => c === second)
    return category ? { ok: true, filter: { kind: 'category', category } } : fail
  }
  return fail
}

/** A block a connection reads from, as the checks see it. */
export type SourceBlock = { id: string; kind: 'prompt' | 'tool'; tool?: ToolName }

type SourceSpec = {
  /** What the source reads, for editors' messages and the connections table. */
  about: string
  /** The source blocks this source is the default for. */
  defaultFor: (block: SourceBlock) => boolean
  /** The source blocks it can read at all. */
  reads: (block: SourceBlock) => boolean
  /** The filter names it takes (see filterName). */
  filters: readonly string[]
}

const tool =
  (...names: ToolName[]) =>
  (b: SourceBlock) =>
    b.kind === 'tool' && names.includes(b.tool!)

/** The trackers still answered as plain text (src/tools/registry.ts keeps the same list). */
const PLAIN_TEXT_TOOLS: readonly ToolName[] = [
  'contact-tracker',
  'organisation-tracker',
  'posting-analysis',
]
const plainAnswer = (b: SourceBlock) =>
  b.kind === 'prompt' || (b.kind === 'tool' && PLAIN_TEXT_TOOLS.includes(b.tool!))

/**
 * The registered data sources. Each name is one query in src/db/sources.ts, scoped in SQL to the
 * connections of one exercise, so a page without that source reads nothing.
 */
export const SOURCES = {
  answer: {
    about: 'the plain answer of a prompt',
    defaultFor: plainAnswer,
    reads: plainAnswer,
    filters: ['all', 'latest'],
  },
  skills: {
    about: 'the skills named there, each with its latest mastery',
    defaultFor: tool('skill-tagger', 'skill-mastery'),
    reads: tool('skill-tagger', 'skill-mastery'),
    filters: ['all', 'top N by mastery', 'category', 'latest'],
  },
  list: {
    about: 'the items of a list',
    defaultFor: tool('list-builder'),
    reads: tool('list-builder'),
    filters: ['all', 'latest'],
  },
  ranking: {
    about: 'the items of a ranking, in rank order',
    defaultFor: tool('ranking'),
    reads: tool('ranking'),
    filters: ['all', 'top N by rank'],
  },
  values: {
    about: 'the work or life values, in rank order',
    defaultFor: () => false,
    reads: (b) =>
      tool('ranking', 'list-builder')(b) &&
      (b.id.startsWith('work-values.') || b.id.startsWith('life-values.')),
    filters: ['all', 'top N by rank'],
  },
  stories: {
    about: 'SOARED stories, by title',
    defaultFor: tool('soared-story'),
    reads: tool('soared-story'),
    filters: ['all', 'story N', 'latest'],
  },
  flow: {
    about: 'flow log entries',
    defaultFor: tool('flow-log'),
    reads: tool('flow-log'),
    filters: ['all', 'high-flow', 'latest'],
  },
  budget: {
    about: 'budget lines, as monthly figures',
    defaultFor: tool('budget'),
    reads: tool('budget'),
    filters: ['all'],
  },
  'life-balance': {
    about: 'the latest life balance scores',
    defaultFor: tool('life-balance'),
    reads: tool('life-balance'),
    filters: ['all'],
  },
  personality: {
    about: 'the personality type chosen',
    defaultFor: tool('personality-type'),
    reads: tool('personality-type'),
    filters: ['all'],
  },
  competencies: {
    about: 'competency ratings, strongest first when filtered',
    defaultFor: tool('competency-rating'),
    reads: tool('competency-rating'),
    filters: ['all', 'top N by rating'],
  },
  'idea-tree': {
    about: 'the ideas of an idea tree',
    defaultFor: tool('idea-tree'),
    reads: tool('idea-tree'),
    filters: ['all', 'latest'],
  },
  options: {
    about: 'career options, best scored first when filtered',
    defaultFor: tool('decision-matrix'),
    reads: tool('decision-matrix'),
    filters: ['all', 'top N by score'],
  },
  milestones: {
    about: 'milestones, in date order',
    defaultFor: tool('timeline'),
    reads: tool('timeline'),
    filters: ['all', 'latest'],
  },
  reframes: {
    about: 'the fairer statement of a reframe',
    defaultFor: tool('reframe'),
    reads: tool('reframe'),
    filters: ['all'],
  },
  mindsets: {
    about: 'the people named for each mindset',
    defaultFor: tool('mindset-profiles'),
    reads: tool('mindset-profiles'),
    filters: ['all'],
  },
} as const satisfies Record<string, SourceSpec>

export type DataSource = keyof typeof SOURCES
export const DATA_SOURCES = Object.keys(SOURCES) as DataSource[]

export function isDataSource(name: unknown): name is DataSource {
  return typeof name === 'string' && Object.hasOwn(SOURCES, name)
}

/** The data source a block is read through when the connection names none. */
export function defaultSource(block: SourceBlock): DataSource | null {
  return DATA_SOURCES.find((name) => SOURCES[name].defaultFor(block)) ?? null
}

/** Why this source cannot read this block with this filter, or null. */
export function sourceMisfit(name: DataSource, block: SourceBlock, filter: Filter): string | null {
  const spec: SourceSpec = SOURCES[name]
  const what = block.kind === 'prompt' ? 'a prompt' : `a ${block.tool} tool`
  if (!spec.reads(block)) return `the "${name}" source reads ${spec.about}, not ${what}`
  if (!spec.filters.includes(filterName(filter))) {
    return `the "${name}" source takes the filters ${spec.filters.join(', ')}; "${filterText(filter)}" does not fit it`
  }
  return null
}

/** A mention token in content text: `{{name}}`. */
export const MENTION_TOKEN = /\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}/g

/** The token names a content text uses, in order, each once. */
export function mentionTokens(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION_TOKEN)].map((m) => m[1]!))]
}

/** Anything that looks like a token but is not one (`{{ }}`, `{{Skills}}`, a lone `{{`). */
export function brokenTokens(text: string): string[] {
  const rest = text.replace(MENTION_TOKEN, '')
  return [...rest.matchAll(/\{\{[^}]*\}?\}?|\}\}/g)].map((m) => m[0])
}
