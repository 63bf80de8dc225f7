/**
 * The competency self-rating's SQL: the competencies it rates (reference data, read only on an
 * exercise that has the tool) and the learner's typed rows, one level per rated competency.
 */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { rows, type Query } from '../query'
import { replaceRows, rowTable } from './rows'

export const COMPETENCY_RATINGS = rowTable('competency_ratings', ['competency_id', 'level'])

/** A competency as stored: its config is JSON (group name and description, name, levels). */
export type StoredCompetency = { id: string; groupId: string; ordinal: number; config: string }

type Row = { id: string; group_id: string; ordinal: number; config: string }

/**
 * The active competencies in their order, scoped in SQL to an exercise that has a
 * competency-rating tool, so a page without one reads nothing.
 */
export function competenciesQuery(db: Db, exerciseId: string): Query<StoredCompetency[]> {
  return rows(
    db
      .prepare(
        `SELECT c.id, c.group_id, c.ordinal, c.config FROM competencies c
         WHERE c.active = 1
           AND EXISTS (SELECT 1 FROM placements t WHERE t.exercise_id = ?1 AND t.active = 1
                       AND t.kind = 'tool' AND t.config ->> '$.tool' = 'competency-rating')
         ORDER BY c.ordinal`,
      )
      .bind(exerciseId),
    (found: Row[]) =>
      found.map((r) => ({ id: r.id, groupId: r.group_id, ordinal: r.ordinal, config: r.config })),
  )
}

/** The statements that store the learner's ratings, if the save wins. */
export function competencyRatingWrites(
  db: Db,
  save: SaveRef,
  ratings: readonly { competencyId: string; level: number }[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    COMPETENCY_RATINGS,
    ratings.map((r) => ({ competency_id: r.competencyId, level: r.level })),
  )
}
