/**
 * Opening what the data sources read (src/db/sources.ts) into plain items: one list of items per
 * connection, each item's text decrypted with the learner's key. A row that cannot be opened is
 * left out, so a damaged source reads as less, never as an error on a later page.
 */
import type { SessionUser } from '../env'
import type { ConnectionMeta, SourceRows } from '../db/sources'
import type { DataSource } from '../content/model'
import { openAnswer } from '../workbook/answers'
import { unsealFor } from '../tools/reads'
import { budgetTotals } from '../tools/budget'
import { formatMoney, monthly } from '../tools/budget/money'
import type { CurrencyCode } from '../tools/values'
import type { Unseal } from '../tools/types'

/** One thing a source holds, in words, with the figures its filters sort on. */
export type ConnectionItem = {
  /** The item in the learner's words (or the reference name), as shown. */
  text: string
  /** The same text folded, to know an item already brought in. */
  key: string
  /** Skills: 1 (used most) … 5, or null when not sorted yet. */
  mastery?: number | null
  category?: string
  /** Rankings and values: 1 is first. */
  rank?: number
  /** Competencies: 1 … 5, 5 strongest. */
  rating?: number
  /** Career options: the sum of their ratings. */
  score?: number
  energy?: number
  focus?: number
}

/** Folds text for comparing: lower case, one space between words. */
export const fold = (text: string) => text.toLocaleLowerCase('en').replace(/\s+/g, ' ').trim()

const item = (text: string, extra: Omit<ConnectionItem, 'text' | 'key'> = {}): ConnectionItem => ({
  text,
  key: fold(text),
  ...extra,
})

/** The parsed JSON of a sealed row, or null when it cannot be opened or read. */
async function openJson<T>(
  unseal: Unseal,
  table: string,
  placementId: string,
  rowKey: string,
  ct: string,
): Promise<T | null> {
  try {
    return JSON.parse(await unseal(table, placementId, rowKey, ct)) as T
  } catch {
    return null
  }
}

async function openText(
  unseal: Unseal,
  table: string,
  placementId: string,
  rowKey: string,
  ct: string,
): Promise<string | null> {
  try {
    return await unseal(table, placementId, rowKey, ct)
  } catch {
    return null
  }
}

const present = <T>(values: (T | null)[]): T[] => values.filter((v): v is T => v !== null)

type Opener<N extends DataSource> = (
  rows: SourceRows[N],
  meta: ConnectionMeta,
  ctx: { user: SessionUser; unseal: Unseal },
) => Promise<ConnectionItem[]>

/** A prompt's answer as items: checkbox options one each, a slider's place on its scale. */
const openAnswerItems: Opener<'answer'> = async (rows, meta, { user }) => {
  const stored = rows[0]
  if (!stored) return []
  const answer = await openAnswer(user, stored).catch(() => null)
  const value = answer?.value
  if (value === undefined || value === null || value === '') return []
  if (Array.isArray(value)) return value.filter((v) => v.trim() !== '').map((v) => item(v))
  if (typeof value === 'number') {
    const config = meta.from.config
    const scale =
      'prompt' in config && config.prompt === 'slider'
        ? ` on a scale of ${config.min} to ${config.max}`
        : ''
    return [item(`${value}${scale}`)]
  }
  if (typeof value === 'string') return value.trim() ? [item(value.trim())] : []
  // A tool's value where a plain answer was expected: its earlier plain text, if any.
  return value.legacy?.trim() ? [item(value.legacy.trim())] : []
}

type Extra = Omit<ConnectionItem, 'text' | 'key'>
type SealedRow = { placementId: string }

/** Each row opened by `open`, in order; a row that gives nothing is left out. */
async function eachRow<R>(
  rows: readonly R[],
  open: (row: R) => Promise<ConnectionItem | null>,
): Promise<ConnectionItem[]> {
  return present(await Promise.all(rows.map(open)))
}

/** An opener for rows whose text is sealed as it is (a list's items, a tree's ideas). */
function sealedText<R extends SealedRow & { textCt: string }>(
  table: string | ((row: R) => string),
  key: (row: R) => string,
  extra: (row: R) => Extra = () => ({}),
): (rows: R[], meta: ConnectionMeta, ctx: { unseal: Unseal }) => Promise<ConnectionItem[]> {
  return (rows, _meta, { unseal }) =>
    eachRow(rows, async (r) => {
      const name = typeof table === 'string' ? table : table(r)
      const text = await openText(unseal, name, r.placementId, key(r), r.textCt)
      return text ? item(text, extra(r)) : null
    })
}

/** An opener for rows whose sealed JSON holds the item's words in one field. */
function sealedField<R extends SealedRow & { contentCt: string }>(
  table: string,
  key: (row: R) => string,
  field: string,
  extra: (row: R) => Extra = () => ({}),
  unnamed?: string,
): (rows: R[], meta: ConnectionMeta, ctx: { unseal: Unseal }) => Promise<ConnectionItem[]> {
  return (rows, _meta, { unseal }) =>
    eachRow(rows, async (r) => {
      const json = await openJson<Record<string, unknown>>(
        unseal,
        table,
        r.placementId,
        key(r),
        r.contentCt,
      )
      const value = json?.[field]
      const text = (typeof value === 'string' ? value.trim() : '') || unnamed
      return text ? item(text, extra(r)) : null
    })
}

const OPENERS: { [N in DataSource]: Opener<N> } = {
  answer: openAnswerItems,
  async skills(rows, _meta, { unseal }) {
    const seen = new Set<string>()
    const out: ConnectionItem[] = []
    for (const s of rows) {
      if (seen.has(s.skillKey)) continue
      seen.add(s.skillKey)
      const name =
        s.masterName ??
        (s.nameCt
          ? await openText(unseal, 'user_skills', s.placementId, s.skillKey, s.nameCt)
          : null)
      if (name) out.push(item(name, { mastery: s.mastery, category: s.category }))
    }
    return out
  },
  list: sealedText('list_items', (r) => r.itemId),
  ranking: sealedText(
    'ranked_items',
    (r) => r.itemId,
    (r) => ({ rank: r.rank }),
  ),
  values: sealedText(
    (r) => r.table,
    (r) => r.itemId,
    (r) => ({ rank: r.rank }),
  ),
  // A story without a title is still a story: it is named as one.
  stories: sealedField(
    'stories',
    (r) => r.storyId,
    'title',
    () => ({}),
    'Untitled story',
  ),
  flow: sealedField(
    'flow_entries',
    (r) => r.entryId,
    'activity',
    (r) => ({ energy: r.energy, focus: r.focus }),
  ),
  async budget(rows, _meta, { unseal }) {
    const currency = (rows[0]?.currency ?? 'USD') as CurrencyCode
    const lines = present(
      await Promise.all(
        rows.map(async (r) => {
          const line = await openJson<{ label?: string; cents?: number }>(
            unseal,
            'budget_lines',
            r.placementId,
            r.lineId,
            r.contentCt,
          )
          if (!line || typeof line.cents !== 'number') return null
          return {
            id: r.lineId,
            kind: r.kind,
            label: line.label?.trim() || 'A line with no name',
            cents: line.cents,
            period: r.period,
            essential: r.essential,
          }
        }),
      ),
    )
    if (lines.length === 0) return []
    const totals = budgetTotals({ currency, lines })
    const money = (cents: number) => formatMoney(cents, currency)
    // The month in figures first, then each line as the learner ordered it.
    return [
      item(
        `Each month: income ${money(totals.income.month)}, costs ${money(totals.all.month)} (essential ${money(totals.essential.month)})`,
      ),
      ...lines.map((l) => item(`${l.label}: ${money(monthly(l.cents, l.period))} a month`)),
    ]
  },
  async 'life-balance'(rows) {
    return rows.map((r) => item(`${r.area}: ${r.score} of 10`, { rating: r.score }))
  },
  async personality(rows) {
    return rows.map((r) => {
      const config = JSON.parse(r.config) as { name?: string }
      return item(config.name ? `${r.typeId}, ${config.name}` : r.typeId)
    })
  },
  async competencies(rows) {
    return rows.map((r) => {
      const config = JSON.parse(r.config) as { name?: string }
      return item(config.name ?? r.competencyId, { rating: r.level })
    })
  },
  'idea-tree': sealedText('idea_nodes', (r) => r.nodeId),
  options: sealedField(
    'career_options',
    (r) => r.optionId,
    'title',
    (r) => ({ score: r.score }),
  ),
  milestones: sealedField('milestones', (r) => r.milestoneId, 'title'),
  reframes: sealedField('reframes', (r) => r.reframeId, 'statement'),
  mindsets: sealedField('mindset_profiles', (r) => r.mindset, 'person'),
}

/** The items one connection's source holds for this learner, in the source's order. */
export function openItems<N extends DataSource>(
  name: N,
  rows: SourceRows[N],
  meta: ConnectionMeta,
  user: SessionUser,
): Promise<ConnectionItem[]> {
  const own = rows.filter((r) => r.cid === meta.id) as SourceRows[N]
  return OPENERS[name](own, meta, { user, unseal: unsealFor(user) })
}
