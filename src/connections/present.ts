/**
 * What the views show of each resolved connection (views/workbook/echoes.tsx), and what a
 * prefill gives a tool: its starting items, and the items added at the source since it was
 * saved. Text is cut short here, once: a mention quotes a few items, a reference lists more.
 */
import type { Filter } from '../content/connections'
import type { DataSource, ToolPlacement } from '../content/model'
import type { Echo } from '../../views/workbook/question'
import { fold, type ConnectionItem } from './open'
import type { Resolved } from './resolve'

/** A mention quotes at most this many items, each at most this many characters. */
export const MENTION_ITEMS = 3
export const MENTION_CHARS = 120
/** A reference lists at most this many items, each at most this many characters. */
export const REFERENCE_ITEMS = 12
export const REFERENCE_CHARS = 400

/** Cuts text at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const chars = [...flat]
  if (chars.length <= max) return flat
  const cut = chars.slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?–-]+$/, '')}…`
}

const NOUNS: Record<DataSource, string> = {
  answer: 'your answer',
  skills: 'your skills',
  list: 'your list',
  ranking: 'your ranking',
  values: 'your values',
  stories: 'your stories',
  flow: 'your flow log',
  budget: 'your budget',
  'life-balance': 'your life balance scores',
  personality: 'the personality type you chose',
  competencies: 'your competency ratings',
  'idea-tree': 'your idea tree',
  options: 'your options',
  milestones: 'your milestones',
  reframes: 'your reframe',
  mindsets: 'your mindset profiles',
}

/** What the source holds after its filter, in words: "your list", "the 5 skills you use most". */
export function sourceWords(source: DataSource, filter: Filter): string {
  switch (filter.kind) {
    case 'top':
      switch (filter.by) {
        case 'mastery':
          return `the ${filter.n === 1 ? 'skill' : `${filter.n} skills`} you use most`
        case 'rank':
          return `the top ${filter.n} of ${NOUNS[source]}`
        case 'rating':
          return `the ${filter.n} strongest of ${NOUNS[source]}`
        case 'score':
          return `the ${filter.n} best-scored of ${NOUNS[source]}`
      }
      break
    case 'story':
      return `story ${filter.n} of ${NOUNS[source]}`
    case 'high-flow':
      return 'the high-flow moments in your flow log'
    case 'category':
      return `the ${filter.category} skills you named`
    case 'latest':
      return `the latest of ${NOUNS[source]}`
  }
  return NOUNS[source]
}

/** Sources whose items are the learner's free text, quoted when mentioned. */
const QUOTED: ReadonlySet<DataSource> = new Set(['answer', 'reframes'])

/** One resolved connection as the views show it. */
export function echoOf(r: Resolved, started = false): Echo {
  const [count, chars] =
    r.use === 'mention'
      ? [MENTION_ITEMS, MENTION_CHARS]
      : r.use === 'reference'
        ? [REFERENCE_ITEMS, REFERENCE_CHARS]
        : [r.items.length, Infinity]
  const shown = r.items.slice(0, count)
  return {
    use: r.use,
    from: {
      placementId: r.from.placementId,
      title: r.from.exerciseTitle,
      href: `/workbook/${r.from.exerciseId}#b-${r.from.localId}`,
    },
    what: sourceWords(r.source, r.filter),
    items: shown.map((i) => (chars === Infinity ? i.text : shorten(i.text, chars))),
    more: r.items.length - shown.length,
    quoted: QUOTED.has(r.source),
    ...(r.params.fallback ? { fallback: r.params.fallback } : {}),
    ...(started ? { started } : {}),
  }
}

/** Every item a block's prefill connections bring, each once, in the order they come. */
export function prefillItems(connections: readonly Resolved[] | undefined): ConnectionItem[] {
  const seen = new Set<string>()
  const out: ConnectionItem[] = []
  for (const r of connections ?? []) {
    if (r.use !== 'prefill') continue
    for (const item of r.items) {
      if (seen.has(item.key)) continue
      seen.add(item.key)
      out.push(item)
    }
  }
  return out
}

/** The words a hydrated prompt starts with: each source's items, one per line. */
export function hydrateText(connections: readonly Resolved[] | undefined): string {
  return (connections ?? [])
    .filter((r) => r.use === 'hydrate' || r.use === 'prefill')
    .flatMap((r) => r.items.map((i) => i.text))
    .join('\n')
}

/**
 * The prefill items a saved tool does not have yet: neither among its own texts nor among those
 * it was offered before (so an item the learner removed does not come back).
 */
export function freshItems(
  items: readonly ConnectionItem[],
  own: readonly string[],
  seen: readonly string[],
): ConnectionItem[] {
  const known = new Set([...own.map(fold), ...seen])
  return items.filter((i) => !known.has(i.key))
}

/** What one item of a tool is called, for "Bring in 2 new skills". */
export function itemNoun(placement: ToolPlacement): string {
  switch (placement.config.tool) {
    case 'skill-tagger':
      return 'skill'
    case 'decision-matrix':
      return 'option'
    default: {
      const settings = placement.config.settings as { itemLabel?: string }
      return settings.itemLabel?.toLowerCase() ?? 'item'
    }
  }
}
