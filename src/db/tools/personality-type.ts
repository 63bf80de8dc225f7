/**
 * The personality type's SQL: the 16 types and the four preference questions (reference data,
 * read only on an exercise that has the tool), and the learner's one typed row: the type they
 * reached and how.
 */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { join, rows, type Query } from '../query'
import { replaceRows, rowTable } from './rows'

export const PERSONALITY_RESULTS = rowTable('personality_results', ['type_id', 'via'])

/** A type or a preference question as stored: its config is JSON. */
export type StoredReference = { id: string; ordinal: number; config: string }

const HAS_TOOL = `EXISTS (SELECT 1 FROM placements t WHERE t.exercise_id = ?1 AND t.active = 1
                  AND t.kind = 'tool' AND t.config ->> '$.tool' = 'personality-type')`

const active = (
  db: Db,
  table: 'personality_types' | 'personality_preferences',
  exerciseId: string,
) =>
  rows(
    db
      .prepare(
        `SELECT r.id, r.ordinal, r.config FROM ${table} r
         WHERE r.active = 1 AND ${HAS_TOOL}
         ORDER BY r.ordinal`,
      )
      .bind(exerciseId),
    (found: StoredReference[]) =>
      found.map((r) => ({ id: r.id, ordinal: r.ordinal, config: r.config })),
  )

/**
 * The active types and preference questions in their order, scoped in SQL to an exercise that
 * has a personality-type tool, so a page without one reads nothing.
 */
export function personalityQuery(
  db: Db,
  exerciseId: string,
): Query<{ types: StoredReference[]; preferences: StoredReference[] }> {
  return join(
    [
      active(db, 'personality_types', exerciseId),
      active(db, 'personality_preferences', exerciseId),
    ],
    ([types, preferences]) => ({ types, preferences }),
  )
}

/** The statements that store the type the learner reached (or none), if the save wins. */
export function personalityResultWrites(
  db: Db,
  save: SaveRef,
  result: { typeId: string; via: 'picked' | 'preferences' } | null,
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    PERSONALITY_RESULTS,
    result ? [{ type_id: result.typeId, via: result.via }] : [],
  )
}
