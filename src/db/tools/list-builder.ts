/** The list builder's typed rows: one per item, in the learner's order. */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const LIST_ITEMS = rowTable('list_items', ['item_id', 'position', 'text_ct'])

/** The statements that store a list's items (their text already sealed), if the save wins. */
export function listItemWrites(
  db: Db,
  save: SaveRef,
  items: readonly { id: string; textCt: string }[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    LIST_ITEMS,
    items.map((item, i) => ({ item_id: item.id, position: i + 1, text_ct: item.textCt })),
  )
}
