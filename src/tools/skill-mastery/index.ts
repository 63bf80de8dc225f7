/**
 * Skill mastery sorting: each of the learner's skills (from every skill tagger) goes into one of
 * five levels, from the ones they use most to the ones they use least.
 */
import { number, object, record, string } from 'zod'
import type { StoredSkill } from '../../db/tools/skills'
import { masterySkillsQuery, masteryWrites } from '../../db/tools/skill-mastery'
import { oneValue } from '../../lib/forms'
import { openLearnerSkills } from '../skills'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { LearnerSkill, MasteryValue } from '../values'

type Ctx = ToolContext<'skill-mastery', LearnerSkill[]>

/** The five levels, most used first. */
export const MASTERY_LEVELS = [
  'Use it most',
  'Use it often',
  'Use it sometimes',
  'Use it now and then',
  'Use it least',
] as const

/** The form field of a skill's level: the key with its `:` made safe for an id. */
export const levelField = (key: string) => `level-${key.replace(':', '-')}`

/** Applies the posted levels of the learner's own skills; any other skill named is a problem. */
function applyLevels(
  value: MasteryValue,
  form: Form,
  ctx: Ctx,
): { ok: true; value: MasteryValue } | { ok: false; error: string; field: string } {
  const skills = ctx.refs
  const known = new Map(skills.map((s) => [levelField(s.key), s]))
  for (const name of Object.keys(form)) {
    if (name.startsWith('level-') && !known.has(name)) {
      return {
        ok: false,
        error:
          'One of the skills on this page is no longer in your skills. Reload the page to see them as they are now',
        field: skills[0] ? levelField(skills[0].key) : 'skills',
      }
    }
  }
  const levels = { ...value.levels }
  for (const [field, skill] of known) {
    if (!(field in form)) continue
    const raw = oneValue(form[field])
    if (raw === '') {
      delete levels[skill.key]
      continue
    }
    const level = /^[1-5]$/.test(raw) ? Number(raw) : NaN
    if (!Number.isInteger(level)) {
      return { ok: false, error: `Choose how often you use “${skill.name}”`, field }
    }
    levels[skill.key] = level
  }
  return { ok: true, value: { levels } }
}

export const skillMastery: ToolModule<'skill-mastery', MasteryValue, LearnerSkill[]> = {
  name: 'skill-mastery',
  about: 'Your skills sorted by how much you use them, from most to least.',
  shape: object({ levels: record(string(), number().int().min(1).max(5)) }),
  empty: () => ({ levels: {} }),
  // Earlier words are kept and shown by the framework; the levels start unsorted.
  fromLegacy: () => ({ levels: {} }),
  actions: {
    save(value, form, ctx): ActionResult<MasteryValue> {
      const applied = applyLevels(value, form, ctx)
      if (!applied.ok) return applied
      return { ok: true, value: applied.value, announce: 'Your sorting is saved.' }
    },
    done(value, form, ctx): ActionResult<MasteryValue> {
      const applied = applyLevels(value, form, ctx)
      if (!applied.ok) return applied
      return { ok: true, value: applied.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    if (!finishing || ctx.optional) return null
    const unsorted = ctx.refs.filter((s) => value.levels[s.key] === undefined)
    if (unsorted.length === 0) return null
    const first = unsorted[0]!
    return {
      error:
        unsorted.length === 1
          ? `Choose how often you use “${first.name}”`
          : `Choose how often you use each skill: ${unsorted.length} are not sorted yet, starting with “${first.name}”`,
      field: levelField(first.key),
    }
  },
  reads: (db, scope) => masterySkillsQuery(db, scope.userId, scope.exerciseId),
  openRefs: (found, unseal) => openLearnerSkills(found as StoredSkill[], unseal),
  async domain(db, save, value) {
    const levels = Object.entries(value.levels).map(([key, level]) => ({ key, level }))
    return masteryWrites(db, save, levels)
  },
  lines(value, ctx) {
    const names = new Map(ctx.refs.map((s) => [s.key, s.name]))
    return MASTERY_LEVELS.flatMap((label, i) => {
      const here = Object.entries(value.levels)
        .filter(([key, level]) => level === i + 1 && names.has(key))
        .map(([key]) => names.get(key)!)
      return here.length ? [`${label}: ${here.join(', ')}`] : []
    })
  },
  view: (value, ctx) => ({
    tool: 'skill-mastery',
    value,
    skills: ctx.refs,
    levels: [...MASTERY_LEVELS],
  }),
}
