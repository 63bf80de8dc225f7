/** The mindset profiles' typed rows: one per mindset written about, the person and why sealed. */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const MINDSET_PROFILES = rowTable('mindset_profiles', ['mindset', 'content_ct'] as const)

/** The statements that store a placement's profiles (already sealed), if the save wins. */
export function mindsetWrites(
  db: Db,
  save: SaveRef,
  profiles: readonly { mindset: string; contentCt: string }[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    MINDSET_PROFILES,
    profiles.map((p) => ({ mindset: p.mindset, content_ct: p.contentCt })),
  )
}
