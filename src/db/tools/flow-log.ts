/** The flow log's typed rows: one per entry, its day and levels clear, its words sealed. */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const FLOW_ENTRIES = rowTable('flow_entries', [
  'entry_id',
  'day',
  'energy',
  'focus',
  'content_ct',
])

/** The statements that store a log's entries (activity and notes already sealed), if the save wins. */
export function flowEntryWrites(
  db: Db,
  save: SaveRef,
  rows: readonly {
    entry_id: string
    day: string
    energy: number
    focus: number
    content_ct: string
  }[],
): D1PreparedStatement[] {
  return replaceRows(db, save, FLOW_ENTRIES, rows)
}
