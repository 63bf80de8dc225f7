/**
 * The budget's typed rows: one per line, kind, period and essential clear, the label and the
 * amount in cents sealed together. The learner's currency is a setting of their own
 * (src/db/settings.ts), written in the same guarded batch.
 */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { currencyWrite, type Currency } from '../settings'
import { replaceRows, rowTable } from './rows'

export const BUDGET_LINES = rowTable('budget_lines', [
  'line_id',
  'position',
  'kind',
  'period',
  'essential',
  'content_ct',
])

/** The statements that store a budget's lines (already sealed) and its currency, if the save wins. */
export function budgetWrites(
  db: Db,
  save: SaveRef,
  lines: readonly {
    id: string
    kind: 'income' | 'expense'
    period: 'month' | 'year'
    essential: boolean
    contentCt: string
  }[],
  currency: Currency,
): D1PreparedStatement[] {
  return [
    ...replaceRows(
      db,
      save,
      BUDGET_LINES,
      lines.map((line, i) => ({
        line_id: line.id,
        position: i + 1,
        kind: line.kind,
        period: line.period,
        essential: line.essential ? 1 : 0,
        content_ct: line.contentCt,
      })),
    ),
    currencyWrite(db, save, currency),
  ]
}
