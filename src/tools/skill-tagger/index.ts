/**
 * The skill tagger: the learner searches the master skills list and picks skills, or adds their
 * own, each in one of three categories. Together, every tagger's skills are the learner's one
 * collection of skills, which the later skills tools draw on.
 */
import { array, boolean, enum as oneOf, object, string } from 'zod'
import { SKILL_CATEGORIES } from '../../content/tools'
import { taggedSkillWrites, taggerReadsQuery, type TaggerFound } from '../../db/tools/skill-tagger'
import { oneValue } from '../../lib/forms'
import { linesOf, newId, readText, plural } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { MasterSkill, SkillCategory, TaggedSkill, TaggerRefs, TaggerValue } from '../values'

type Ctx = ToolContext<'skill-tagger', TaggerRefs>

export const TAGGER_DEFAULTS = { minSkills: 1, maxSkills: 40 }
/** The most characters a skill of the learner's own may have. */
export const SKILL_NAME_MAX = 80

export const CATEGORY_NAMES: Record<SkillCategory, string> = {
  transferable: 'Transferable skill',
  'self-management': 'Self-management skill',
  knowledge: 'Knowledge',
}

export const taggerLimits = (ctx: Ctx) => ({
  min: ctx.optional ? 0 : (ctx.settings.minSkills ?? TAGGER_DEFAULTS.minSkills),
  max: ctx.settings.maxSkills ?? TAGGER_DEFAULTS.maxSkills,
  category: ctx.settings.category,
})

const fold = (s: string) => s.toLocaleLowerCase('en-US')

function hasRoom(value: TaggerValue, ctx: Ctx, field: string): ActionResult<never> | null {
  const { max } = taggerLimits(ctx)
  if (value.skills.length < max) return null
  return {
    ok: false,
    error: `You already have ${plural(value.skills.length, 'skill')} here, the most this list holds. Remove one to make room`,
    field,
  }
}

/** Adds the skill of the learner's own typed into `new-name`; nothing when it is empty and optional. */
function addCustom(
  value: TaggerValue,
  form: Form,
  ctx: Ctx,
  required: boolean,
): ActionResult<TaggerValue> | { ok: true; value: TaggerValue; announce: null } {
  const read = readText(form['new-name'], SKILL_NAME_MAX)
  if (!read.ok) return { ok: false, error: read.error, field: 'new-name' }
  if (read.text === '') {
    if (!required) return { ok: true, value, announce: null }
    return { ok: false, error: 'Write the skill you want to add', field: 'new-name' }
  }
  const fixed = taggerLimits(ctx).category
  const chosen = oneValue(form['new-category'])
  const category = fixed ?? SKILL_CATEGORIES.find((c) => c === chosen)
  if (!category) {
    return { ok: false, error: 'Choose what kind of skill it is', field: 'new-category' }
  }
  if (value.skills.some((s) => fold(s.name) === fold(read.text))) {
    return { ok: false, error: `“${read.text}” is already in your list`, field: 'new-name' }
  }
  const full = hasRoom(value, ctx, 'new-name')
  if (full) return full
  const skill: TaggedSkill = { key: `c:${newId()}`, name: read.text, category, custom: true }
  return {
    ok: true,
    value: { skills: [...value.skills, skill] },
    announce: `Added “${read.text}”. You have ${plural(value.skills.length + 1, 'skill')} here.`,
  }
}

export const skillTagger: ToolModule<'skill-tagger', TaggerValue, TaggerRefs> = {
  name: 'skill-tagger',
  about:
    'The skills, qualities and knowledge you have named, from the skills list or in your own words.',
  shape: object({
    skills: array(
      object({
        key: string().regex(/^[mc]:[A-Za-z0-9_-]{1,80}$/),
        name: string(),
        category: oneOf(SKILL_CATEGORIES),
        custom: boolean(),
      }),
    ),
  }),
  empty: () => ({ skills: [] }),
  // Earlier plain words become skills of the learner's own, in the placement's category.
  fromLegacy: (text, ctx) => {
    const category = taggerLimits(ctx).category ?? 'transferable'
    const seen = new Set<string>()
    const skills: TaggedSkill[] = []
    // Keys fixed per placement: until the first save, the page and the post after it must
    // agree on them, and no two taggers' keys may meet in the learner's one collection.
    const prefix = ctx.placementId.replace(/[^A-Za-z0-9_-]/g, '-')
    for (const line of linesOf(text, SKILL_NAME_MAX)) {
      if (seen.has(fold(line))) continue
      seen.add(fold(line))
      skills.push({ key: `c:${prefix}-${skills.length + 1}`, name: line, category, custom: true })
    }
    return { skills: skills.slice(0, taggerLimits(ctx).max) }
  },
  actions: {
    add(value, form, ctx) {
      const id = oneValue(form.item)
      const named: MasterSkill | null = ctx.refs.named
      const fixed = taggerLimits(ctx).category
      if (!named || named.id !== id || (fixed && named.category !== fixed)) {
        return { ok: false, error: 'That skill is not on the list. Search again', field: 'q' }
      }
      if (value.skills.some((s) => s.key === `m:${id}`)) {
        return { ok: false, error: `“${named.name}” is already in your list`, field: 'q' }
      }
      const full = hasRoom(value, ctx, 'q')
      if (full) return full
      const skill: TaggedSkill = {
        key: `m:${named.id}`,
        name: named.name,
        category: named.category,
        custom: false,
      }
      return {
        ok: true,
        value: { skills: [...value.skills, skill] },
        announce: `Added “${named.name}”. You have ${plural(value.skills.length + 1, 'skill')} here.`,
        focus: 'q',
      }
    },
    custom(value, form, ctx) {
      const added = addCustom(value, form, ctx, true)
      if (!added.ok) return added
      return { ok: true, value: added.value, announce: added.announce ?? '', focus: 'new-name' }
    },
    save(value, form, ctx) {
      const added = addCustom(value, form, ctx, false)
      if (!added.ok) return added
      return {
        ok: true,
        value: added.value,
        announce: added.announce ?? 'Your skills are saved.',
        focus: 'new-name',
      }
    },
    remove(value, form) {
      const key = oneValue(form.item)
      const gone = value.skills.find((s) => s.key === key)
      if (!gone) {
        return {
          ok: false,
          error: 'That skill is no longer in your list. It may have been removed in another tab',
          field: 'q',
        }
      }
      const skills = value.skills.filter((s) => s.key !== key)
      return {
        ok: true,
        value: { skills },
        announce: `Removed “${gone.name}”. You have ${plural(skills.length, 'skill')} here.`,
        focus: 'q',
      }
    },
    done(value, form, ctx) {
      const added = addCustom(value, form, ctx, false)
      if (!added.ok) return added
      return { ok: true, value: added.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    const { min, max } = taggerLimits(ctx)
    if (value.skills.length > max) {
      return { error: `This list can hold at most ${plural(max, 'skill')}. Remove one`, field: 'q' }
    }
    if (finishing && value.skills.length < min) {
      const more = min - value.skills.length
      return {
        error: `Add ${more === 1 ? 'one more skill' : `${more} more skills`} before you continue: this list needs at least ${min}`,
        field: 'q',
      }
    }
    return null
  },
  reads: (db, scope) => {
    const find = scope.search.get('find')
    return taggerReadsQuery(db, {
      exerciseId: scope.exerciseId,
      placementId: find ? `${scope.exerciseId}.${find}` : null,
      search: scope.search.get('q') ?? '',
      item: scope.search.get('item') ?? '',
    })
  },
  // Nothing the tagger reads is personal: the master list is reference data.
  openRefs: async (found): Promise<TaggerRefs> => found as TaggerFound,
  async domain(db, save, value, seal) {
    const rows = await Promise.all(
      value.skills.map(async (s) =>
        s.custom
          ? { key: s.key, category: s.category, nameCt: await seal('user_skills', s.key, s.name) }
          : { key: s.key, category: s.category, skillId: s.key.slice(2) },
      ),
    )
    return taggedSkillWrites(db, save, rows)
  },
  lines: (value) =>
    value.skills.map((s) => `${s.name} (${CATEGORY_NAMES[s.category].toLowerCase()})`),
  texts: (value) => value.skills.map((s) => s.name),
  addItems(value, texts, ctx) {
    const category = taggerLimits(ctx).category ?? 'transferable'
    const have = new Set(value.skills.map((s) => fold(s.name)))
    const added: TaggedSkill[] = []
    for (const name of texts.map((t) => [...t].slice(0, SKILL_NAME_MAX).join(''))) {
      if (have.has(fold(name))) continue
      have.add(fold(name))
      added.push({ key: `c:${newId()}`, name, category, custom: true })
    }
    const max = Math.max(taggerLimits(ctx).max, value.skills.length)
    return { skills: [...value.skills, ...added].slice(0, max) }
  },
  searched(refs, placementId, q) {
    const count = refs.placementId === placementId ? refs.results.length : 0
    return `${count === 0 ? 'No' : count} skill${count === 1 ? '' : 's'} on the list match “${q}”.`
  },
  view: (value, ctx) => ({
    tool: 'skill-tagger',
    value,
    ...taggerLimits(ctx),
    search:
      ctx.refs.placementId === ctx.placementId && ctx.refs.q !== ''
        ? { q: ctx.refs.q, results: ctx.refs.results }
        : null,
  }),
}
