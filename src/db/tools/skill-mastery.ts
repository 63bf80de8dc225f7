/** Skill mastery's rows: one level per skill, so the skills can be read by mastery. */
import type { SaveRef } from '../answers'
import type { Db } from '../client'
import type { Query } from '../query'
import { replaceRows, rowTable } from './rows'
import { learnerSkillsQuery, type StoredSkill } from './skills'

export const SKILL_MASTERY = rowTable('skill_mastery', ['skill_key', 'level'])

/** The statements that store the levels, if the save wins. */
export function masteryWrites(
  db: Db,
  save: SaveRef,
  levels: readonly { key: string; level: number }[],
): D1PreparedStatement[] {
  return replaceRows(
    db,
    save,
    SKILL_MASTERY,
    levels.map((l) => ({ skill_key: l.key, level: l.level })),
  )
}

/** The learner's skills, on a page that sorts them. */
export function masterySkillsQuery(
  db: Db,
  userId: string,
  exerciseId: string,
): Query<StoredSkill[]> {
  return learnerSkillsQuery(db, userId, exerciseId, ['skill-mastery'])
}
