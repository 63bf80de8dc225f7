/**
 * The career options assessment's typed rows: one per option, in the learner's order, with its
 * four ratings clear (1–5, or null while not rated) and its title, description and notes sealed
 * as one ciphertext.
 */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const CAREER_OPTIONS = rowTable('career_options', [
  'option_id',
  'position',
  'story_fit',
  'work_fit',
  'life_fit',
  'unknowns',
  'content_ct',
] as const)

/** An option as it is written: its text already sealed. */
export type CareerOptionRow = {
  id: string
  story: number | null
  work: number | null
  life: number | null
  unknowns: number | null
  contentCt: string
}

/** The statements that store a placement's options, if the save wins (one or two). */
export function careerOptionWrites(
  db: Db,
  save: SaveRef,
  options: readonly CareerOptionRow[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    CAREER_OPTIONS,
    options.map((o, i) => ({
      option_id: o.id,
      position: i + 1,
      story_fit: o.story,
      work_fit: o.work,
      life_fit: o.life,
      unknowns: o.unknowns,
      content_ct: o.contentCt,
    })),
  )
}
