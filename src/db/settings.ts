/**
 * The learner's own settings (`user_settings`): today only the currency their money is shown in.
 * There are no exchange rates: changing the currency changes how amounts are written, never
 * the amounts.
 */
import { guarded, type SaveRef } from './answers'
import type { Db } from './client'
import { firstRow, type Query } from './query'

export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const
export type Currency = (typeof CURRENCIES)[number]

/** The currency when the learner has not chosen one. */
export const DEFAULT_CURRENCY: Currency = 'USD'

export const isCurrency = (s: unknown): s is Currency =>
  typeof s === 'string' && (CURRENCIES as readonly string[]).includes(s)

const currencyOf = (row: { currency: string } | null): Currency =>
  row && isCurrency(row.currency) ? row.currency : DEFAULT_CURRENCY

/**
 * The learner's currency, read only on an exercise that has one of `tools` (so a page without
 * them reads nothing); the default when they have not chosen one.
 */
export function currencyQuery(
  db: Db,
  userId: string,
  exerciseId: string,
  tools: readonly string[],
): Query<Currency> {
  const names = tools.map((_, i) => `?${i + 3}`).join(', ')
  const found = firstRow(
    db
      .prepare(
        `SELECT s.currency FROM user_settings s
         WHERE s.user_id = ?1
           AND EXISTS (SELECT 1 FROM placements t WHERE t.exercise_id = ?2 AND t.active = 1
                       AND t.kind = 'tool' AND t.config ->> '$.tool' IN (${names}))`,
      )
      .bind(userId, exerciseId, ...tools),
    (row: { currency: string }) => row,
  )
  return { statements: found.statements, read: (results) => currencyOf(found.read(results)) }
}

/** The statement that sets the learner's currency, if the save it rides with wins. */
export function currencyWrite(db: Db, save: SaveRef, currency: Currency): D1PreparedStatement {
  return guarded(
    db,
    save,
    (won) => `INSERT INTO user_settings (user_id, currency) SELECT ?1, ?2 WHERE ${won}
      ON CONFLICT (user_id) DO UPDATE SET currency = excluded.currency`,
    save.userId,
    currency,
  )
}
