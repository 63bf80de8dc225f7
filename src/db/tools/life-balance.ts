/**
 * The life balance's typed rows: one per round, dated, with its notes sealed, and one per score
 * (the area's name and the score stay clear, so rounds can be compared in SQL).
 */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { replaceRows, rowTable } from './rows'

export const BALANCE_ROUNDS = rowTable('life_balance_rounds', [
  'round_id',
  'position',
  'taken_on',
  'notes_ct',
] as const)
export const BALANCE_SCORES = rowTable('life_balance_scores', [
  'round_id',
  'area',
  'score',
] as const)

/** A round as it is written: its notes already sealed (null when it has none). */
export type RoundRow = {
  id: string
  takenOn: string
  notesCt: string | null
  scores: readonly { area: string; score: number }[]
}

/**
 * The statements that store a placement's rounds and their scores, if the save wins: two for
 * each table (one when it has no rows), so at most four.
 */
export function balanceWrites(
  db: Db,
  save: SaveRef,
  rounds: readonly RoundRow[],
): D1PreparedStatement[] {
  return [
    ...replaceRows(
      db,
      save,
      BALANCE_ROUNDS,
      rounds.map((r, i) => ({
        round_id: r.id,
        position: i + 1,
        taken_on: r.takenOn,
        notes_ct: r.notesCt,
      })),
    ),
    ...replaceRows(
      db,
      save,
      BALANCE_SCORES,
      rounds.flatMap((r) =>
        r.scores.map((s) => ({ round_id: r.id, area: s.area, score: s.score })),
      ),
    ),
  ]
}
