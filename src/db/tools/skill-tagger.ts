/**
 * The skill tagger's rows (the learner's skills, `user_skills`) and its reads: a search of the
 * master skills list, and the one skill a button names.
 */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import { join, rows, type Query } from '../query'
import { replaceRows, rowTable } from './rows'

export const USER_SKILLS = rowTable('user_skills', [
  'skill_key',
  'position',
  'category',
  'skill_id',
  'name_ct',
])

import type { ReferenceSkill as MasterSkill } from '../../content/reference'

/** What the tagger's reads found: the search on one tagger, and the skill a button names. */
export type TaggerFound = {
  placementId: string | null
  q: string
  results: MasterSkill[]
  named: MasterSkill | null
}

/** The most results a search shows: enough to choose from, small enough for a slow phone. */
export const SEARCH_LIMIT = 25

/** A tagged skill as stored: from the master list (by id) or the learner's own (name sealed). */
export type TaggedRow = { key: string; category: MasterSkill['category'] } & (
  { skillId: string; nameCt?: undefined } | { skillId?: undefined; nameCt: string }
)

/** The statements that store a tagger's skills, if the save wins. */
export function taggedSkillWrites(
  db: Db,
  save: SaveRef,
  skills: readonly TaggedRow[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    USER_SKILLS,
    skills.map((s, i) => ({
      skill_key: s.key,
      position: i + 1,
      category: s.category,
      skill_id: s.skillId ?? null,
      name_ct: s.nameCt ?? null,
    })),
  )
}

/** `text` for a LIKE pattern, its wildcards escaped with `\`. */
const likeText = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

const TAGGER_HERE = `EXISTS (SELECT 1 FROM placements t WHERE t.exercise_id = ?2 AND t.active = 1
  AND t.kind = 'tool' AND t.config ->> '$.tool' = 'skill-tagger')`

/**
 * What the tagger reads: the master skills matching a search on one tagger placement (in that
 * placement's category, if it has one), and the skill an Add button names. Both read nothing on
 * a page without a tagger.
 */
export function taggerReadsQuery(
  db: Db,
  scope: { exerciseId: string; placementId: string | null; search: string; item: string },
): Query<TaggerFound> {
  const term = scope.search.trim().toLocaleLowerCase('en-US')
  const search = rows(
    db
      .prepare(
        `SELECT s.id, s.name, s.category FROM skills s
         JOIN placements t ON t.id = ?1 AND t.exercise_id = ?2 AND t.active = 1 AND t.kind = 'tool'
           AND t.config ->> '$.tool' = 'skill-tagger'
         WHERE s.active = 1 AND ?3 <> '' AND s.folded LIKE '%' || ?3 || '%' ESCAPE '\\'
           AND (t.config ->> '$.settings.category' IS NULL OR t.config ->> '$.settings.category' = s.category)
         ORDER BY s.folded LIKE ?3 || '%' ESCAPE '\\' DESC, s.folded
         LIMIT ?4`,
      )
      .bind(scope.placementId ?? '', scope.exerciseId, likeText(term), SEARCH_LIMIT),
    (found: MasterSkill[]) => found,
  )
  const named = rows(
    db
      .prepare(
        `SELECT id, name, category FROM skills WHERE id = ?1 AND active = 1 AND ${TAGGER_HERE}`,
      )
      .bind(scope.item, scope.exerciseId),
    (found: MasterSkill[]) => found[0] ?? null,
  )
  return join([search, named], ([results, named]) => ({
    placementId: scope.placementId,
    q: scope.search.trim(),
    results,
    named,
  }))
}
