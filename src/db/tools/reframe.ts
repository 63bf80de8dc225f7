/** The failure reframer's typed row: one per reframe, its seven parts sealed as one ciphertext. */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const REFRAMES = rowTable('reframes', ['reframe_id', 'position', 'content_ct'])

/** The statements that store a placement's reframes (already sealed), if the save wins. */
export function reframeWrites(
  db: Db,
  save: SaveRef,
  reframes: readonly { id: string; contentCt: string }[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    REFRAMES,
    reframes.map((r, i) => ({ reframe_id: r.id, position: i + 1, content_ct: r.contentCt })),
  )
}
