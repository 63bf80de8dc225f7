/**
 * Deleting an account: every row of the learner in every table on the list of the learner's data
 * (learner-data.ts), so a table added to that list later is deleted too, with nothing to change
 * here. The statements go in one batch, which D1 runs as one transaction: all of it, or nothing.
 */
import { auditStatement } from './audit'
import type { Db } from './client'
import { LEARNER_DATA } from './learner-data'
import { clearRateLimits } from './rate-limits'

const NAME = /^[a-z_]+$/

/** A table or column name from the list, checked before it is spliced into SQL. */
function sqlName(name: string): string {
  if (!NAME.test(name)) throw new Error(`bad SQL name: ${name}`)
  return name
}

/**
 * The tables in the order they are emptied, each with the column that names the learner: the
 * children first, the users table (which every other table points at) last, so no foreign key
 * is left pointing at nothing mid-batch. Every name is checked, since it is spliced into SQL.
 * @example eraseOrder() // [['credentials', 'user_id'], …, ['users', 'id']]
 */
export function eraseOrder(
  tables: Readonly<Record<string, { owner: string }>> = LEARNER_DATA,
): [table: string, owner: string][] {
  const last = (owner: string) => Number(owner === 'id')
  return Object.entries(tables)
    .map(([table, { owner }]): [string, string] => [sqlName(table), sqlName(owner)])
    .sort(([, a], [, b]) => last(a) - last(b))
}

/**
 * The statements that delete a learner and everything they own: their rows in every table on
 * the list, the rate-limit counters whose keys the caller could compute (`rateLimitKeys`), and
 * one 'account-deleted' audit row that names no one (no user id, no address), so the log still
 * shows that a deletion happened, and when.
 * @example await commit(db, eraseLearner(db, user.id, keys, nowIso(Date.now())))
 */
export function eraseLearner(
  db: Db,
  userId: string,
  rateLimitKeys: readonly string[],
  now: string,
): D1PreparedStatement[] {
  const rows = eraseOrder().map(([table, owner]) =>
    db.prepare(`DELETE FROM ${table} WHERE ${owner} = ?1`).bind(userId),
  )
  return [
    ...rows,
    ...clearRateLimits(db, [...rateLimitKeys]),
    auditStatement(db, 'account-deleted', null, null, now),
  ]
}
