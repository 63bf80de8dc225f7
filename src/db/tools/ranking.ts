/** The ranking's typed rows: one per item once the learner has put them in order, by rank. */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const RANKED_ITEMS = rowTable('ranked_items', ['item_id', 'rank', 'text_ct'])

/**
 * The statements that store a ranking (its items' text already sealed), most important first,
 * if the save wins. An empty list (not ranked yet) leaves only the guarded delete.
 */
export function rankedItemWrites(
  db: Db,
  save: SaveRef,
  ranked: readonly { id: string; textCt: string }[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    RANKED_ITEMS,
    ranked.map((item, i) => ({ item_id: item.id, rank: i + 1, text_ct: item.textCt })),
  )
}
