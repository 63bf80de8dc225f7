/** The career timeline's typed rows: one per milestone, its date and category clear. */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const MILESTONES = rowTable('milestones', [
  'milestone_id',
  'year',
  'quarter',
  'category',
  'content_ct',
])

export type MilestoneRow = {
  id: string
  year: number
  quarter: number | null
  category: string
  /** The title and description, sealed. */
  contentCt: string
}

/** The statements that store a timeline's milestones, if the save wins. */
export function milestoneWrites(
  db: Db,
  save: SaveRef,
  rows: readonly MilestoneRow[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    MILESTONES,
    rows.map((m) => ({
      milestone_id: m.id,
      year: m.year,
      quarter: m.quarter,
      category: m.category,
      content_ct: m.contentCt,
    })),
  )
}
