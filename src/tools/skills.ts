/** The learner's skills as the skills tools see them: custom names opened, each skill once. */
import type { StoredSkill } from '../db/tools/skills'
import type { Unseal } from './types'
import type { LearnerSkill } from './values'

/**
 * Opens the stored skills into the learner's one collection, each key once (the first tagger
 * that named it wins). A custom name that cannot be opened is shown as such, never dropped.
 */
export async function openLearnerSkills(
  stored: StoredSkill[],
  unseal: Unseal,
): Promise<LearnerSkill[]> {
  const seen = new Set<string>()
  const out: LearnerSkill[] = []
  for (const s of stored) {
    if (seen.has(s.skillKey)) continue
    seen.add(s.skillKey)
    const name =
      s.masterName ??
      (s.nameCt
        ? await unseal('user_skills', s.placementId, s.skillKey, s.nameCt).catch(
            () => '(a skill we could not open)',
          )
        : '')
    out.push({ key: s.skillKey, name, category: s.category, mastery: s.mastery })
  }
  return out
}
