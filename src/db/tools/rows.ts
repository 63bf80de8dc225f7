/**
 * How a tool's typed rows are written: for one save, the placement's rows are deleted and the
 * new ones inserted, both guarded by the save's "this save won" predicate, so a stale save from
 * a second tab leaves them untouched. The new rows travel as one JSON array through
 * `json_each`, so a save is two statements however many rows it has.
 */
import { guarded, type SaveRef } from '../answers'
import type { Db } from '../client'

/** A table of tool rows and its own columns (beside `user_id` and `placement_id`). */
export type RowTable<C extends string> = { name: string; columns: readonly C[] }

const NAME = /^[a-z_]+$/

/** A table's definition, its names checked once, since they are spliced into SQL. */
export function rowTable<const C extends string>(name: string, columns: readonly C[]): RowTable<C> {
  for (const n of [name, ...columns]) if (!NAME.test(n)) throw new Error(`bad SQL name: ${n}`)
  return { name, columns }
}

export type RowValue = string | number | null

/**
 * The statements that make the placement's rows in `table` exactly `rows`, if this save wins.
 * @example replaceRows(db, save, LIST_ITEMS, [{ item_id: 'a1', position: 1, text_ct: ct }])
 */
export function replaceRows<C extends string>(
  db: Db,
  save: SaveRef,
  table: RowTable<C>,
  rows: readonly Record<C, RowValue>[],
): D1PreparedStatement[] {
  const remove = guarded(
    db,
    save,
    (won) => `DELETE FROM ${table.name} WHERE user_id = ?1 AND placement_id = ?2 AND ${won}`,
    save.userId,
    save.placementId,
  )
  if (rows.length === 0) return [remove]
  const columns = table.columns.join(', ')
  const values = table.columns.map((c) => `j.value ->> '$.${c}'`).join(', ')
  const insert = guarded(
    db,
    save,
    (won) => `INSERT INTO ${table.name} (user_id, placement_id, ${columns})
      SELECT ?1, ?2, ${values} FROM json_each(?3) j WHERE ${won}`,
    save.userId,
    save.placementId,
    JSON.stringify(rows),
  )
  return [remove, insert]
}
