/**
 * The learner's skills: one typed collection, written by every skill tagger placement and drawn
 * on by every later skills tool (mastery sorting, SOARED stories, …). A skill from the master
 * list is named by its id (`m:<id>`); a custom skill (`c:<random>`) has its name as ciphertext.
 */
import type { Db } from '../client'
import { rows, type Query } from '../query'

/** A learner's skill as stored, before its custom name is opened. */
export type StoredSkill = {
  placementId: string
  skillKey: string
  position: number
  category: 'transferable' | 'self-management' | 'knowledge'
  /** The master list's name, or null for a custom skill. */
  masterName: string | null
  /** A custom skill's name, as ciphertext. */
  nameCt: string | null
  /** The most recent mastery level set for it (1 = used most … 5 = used least), if any. */
  mastery: number | null
}

type Row = {
  placement_id: string
  skill_key: string
  position: number
  category: StoredSkill['category']
  master_name: string | null
  name_ct: string | null
  mastery: number | null
}

/**
 * The learner's skills in walk order of the taggers that wrote them, each with its latest
 * mastery. Scoped in SQL to an exercise that has one of `tools`, so a page without them reads
 * nothing.
 */
export function learnerSkillsQuery(
  db: Db,
  userId: string,
  exerciseId: string,
  tools: readonly string[],
): Query<StoredSkill[]> {
  const names = tools.map((_, i) => `?${i + 3}`).join(', ')
  return rows(
    db
      .prepare(
        `SELECT u.placement_id, u.skill_key, u.position, u.category, s.name AS master_name, u.name_ct,
           (SELECT m.level FROM skill_mastery m WHERE m.user_id = u.user_id AND m.skill_key = u.skill_key
            ORDER BY m.rowid DESC LIMIT 1) AS mastery
         FROM user_skills u
         JOIN placements p ON p.id = u.placement_id
         JOIN exercises e ON e.id = p.exercise_id
         LEFT JOIN skills s ON s.id = u.skill_id
         WHERE u.user_id = ?1
           AND EXISTS (SELECT 1 FROM placements t WHERE t.exercise_id = ?2 AND t.active = 1
                       AND t.kind = 'tool' AND t.config ->> '$.tool' IN (${names}))
         ORDER BY e.seq, p.ordinal, u.position`,
      )
      .bind(userId, exerciseId, ...tools),
    (found: Row[]) =>
      found.map((r) => ({
        placementId: r.placement_id,
        skillKey: r.skill_key,
        position: r.position,
        category: r.category,
        masterName: r.master_name,
        nameCt: r.name_ct,
        mastery: r.mastery,
      })),
  )
}
