/**
 * The competency self-rating: for each competency of the placement's groups, the learner chooses
 * the level (1–5) that fits them today. The competencies and what each level looks like are
 * reference data (seed/reference/competencies.yaml), read only on an exercise with this tool.
 */
import { array, enum as oneOf, number, object, record, string } from 'zod'
import { jsonText } from '../json'
import { COMPETENCY_GROUPS } from '../../content/tools'
import { competenciesQuery, competencyRatingWrites } from '../../db/tools/competency-rating'
import { oneValue } from '../../lib/forms'
import { keptFields } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { CompetencyRef, CompetencyValue } from '../values'
import type { CompetencyGroupView } from '../../../views/tools/tool'

export type { CompetencyRef, CompetencyValue }

type Ctx = ToolContext<'competency-rating', CompetencyRef[] | null>

/** The five levels' fixed names, level 1 first. */
export const LEVEL_NAMES = [
  'Starting out',
  'Developing',
  'Capable',
  'Strong',
  'Leading others',
] as const

export const LEVELS = LEVEL_NAMES.length

const competencyId = string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
const level = number().int().min(1).max(LEVELS)

/** The competencies as `competenciesQuery` reads them, their config parsed. */
const storedCompetencies = array(
  object({
    id: competencyId,
    groupId: oneOf(COMPETENCY_GROUPS),
    ordinal: number(),
    config: jsonText(
      object({
        groupName: string().min(1),
        // Written by the seed since the tool was built; an older row shows none.
        groupDescription: string().optional(),
        name: string().min(1),
        description: string().min(1),
        levels: array(string().min(1)).length(LEVELS),
      }),
    ),
  }),
)

/** The competencies this placement rates: its groups (all by default), in the seed's order. */
export function shownCompetencies(ctx: Ctx): CompetencyRef[] {
  const groups = ctx.settings.groups ?? COMPETENCY_GROUPS
  return (ctx.refs ?? []).filter((c) => groups.includes(c.group))
}

/** The form field that holds one competency's level. */
export const levelField = (id: string) => `level-${id}`

const competencies = (n: number) => `${n} ${n === 1 ? 'competency' : 'competencies'}`

/**
 * The ratings posted in the form, applied to the value: every `level-<id>` field names a shown
 * competency and a level from 1 to 5. A competency left unchosen keeps its saved level.
 */
export function applyRatings(
  value: CompetencyValue,
  form: Form,
  ctx: Ctx,
):
  | { ok: true; value: CompetencyValue }
  | { ok: false; error: string; field: string; kept: Record<string, string> } {
  const shown = shownCompetencies(ctx)
  const byId = new Map(shown.map((c) => [c.id, c]))
  const ratings: Record<string, number> = { ...value.ratings }
  const kept = keptFields(form)
  for (const key of Object.keys(form)) {
    if (!key.startsWith('level-')) continue
    const competency = byId.get(key.slice('level-'.length))
    if (!competency) {
      return {
        ok: false,
        error:
          'One of those ratings is for a competency this page does not have. Reload the page and choose your levels again',
        field: shown[0] ? levelField(shown[0].id) : 'save',
        kept,
      }
    }
    const raw = oneValue(form[key])
    if (!/^[1-5]$/.test(raw)) {
      return {
        ok: false,
        error: `Choose a level from 1 to ${LEVELS} for “${competency.name}”`,
        field: key,
        kept,
      }
    }
    ratings[competency.id] = Number(raw)
  }
  return { ok: true, value: { ratings } }
}

/** How many of the shown competencies have a level. */
export function ratedCount(value: CompetencyValue, ctx: Ctx): { rated: number; total: number } {
  const shown = shownCompetencies(ctx)
  return {
    rated: shown.filter((c) => value.ratings[c.id] !== undefined).length,
    total: shown.length,
  }
}

function progress(value: CompetencyValue, ctx: Ctx): string {
  const { rated, total } = ratedCount(value, ctx)
  return rated === total
    ? `You have rated all ${competencies(total)}.`
    : `You have rated ${rated} of ${total}.`
}

/** Where focus goes after a save: the button pressed, else the first competency still unrated. */
function focusAfterSave(value: CompetencyValue, form: Form, ctx: Ctx): string | undefined {
  const group = oneValue(form.item)
  if ((COMPETENCY_GROUPS as readonly string[]).includes(group)) return `save-${group}`
  const next = shownCompetencies(ctx).find((c) => value.ratings[c.id] === undefined)
  return next ? levelField(next.id) : undefined
}

/**
 * An earlier plain-text answer's "Name - 3" lines (or "Name: 3", "Name 3/5"), where the name is
 * exactly a shown competency's and no other line gives it another level. Anything less certain
 * is left for the learner to rate; their words stay shown beside the tool.
 */
export function ratingsFromText(text: string, ctx: Ctx): Record<string, number> {
  const byName = new Map(shownCompetencies(ctx).map((c) => [fold(c.name), c.id]))
  const found = new Map<string, Set<number>>()
  for (const line of text.split('\n')) {
    const m = line.match(LEGACY_LINE)
    if (!m) continue
    const id = byName.get(fold(m[1]!))
    if (!id) continue
    found.set(id, (found.get(id) ?? new Set()).add(Number(m[2])))
  }
  const ratings: Record<string, number> = {}
  for (const [id, levels] of found) if (levels.size === 1) ratings[id] = [...levels][0]!
  return ratings
}

// A bullet or number, the name, a dash, colon or space, the level, perhaps "/5" or "of 5", then
// nothing, or words set off from it ("3.5" and "35" are not levels).
const LEGACY_LINE =
  /^\s*(?:(?:[-*•]|\d+[.)])\s*)?(.+?)\s*(?:[-–—:=]|\s)\s*([1-5])(?:\s*(?:\/|out of|of)\s*5)?(?:\s*[-–—,;:(].*|\.(?!\d).*|\s+[a-z].*)?$/i

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US')

export const competencyRating: ToolModule<
  'competency-rating',
  CompetencyValue,
  CompetencyRef[] | null
> = {
  name: 'competency-rating',
  about:
    'How you see your own strengths at work, competency by competency, in five described levels.',
  shape: object({ ratings: record(competencyId, level) }),
  empty: () => ({ ratings: {} }),
  fromLegacy: (text, ctx) => ({ ratings: ratingsFromText(text, ctx) }),
  actions: {
    // Enter on any radio, and each group's save button: keep every level chosen.
    save(value, form, ctx): ActionResult<CompetencyValue> {
      const applied = applyRatings(value, form, ctx)
      if (!applied.ok) return applied
      return {
        ok: true,
        value: applied.value,
        announce: `Your ratings are saved. ${progress(applied.value, ctx)}`,
        focus: focusAfterSave(applied.value, form, ctx),
      }
    },
    done(value, form, ctx) {
      const applied = applyRatings(value, form, ctx)
      if (!applied.ok) return applied
      return { ok: true, value: applied.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    if (!finishing || ctx.optional) return null
    const shown = shownCompetencies(ctx)
    const unrated = shown.filter((c) => value.ratings[c.id] === undefined)
    const first = unrated[0]
    if (!first) return null
    const rest =
      unrated.length === 1
        ? 'it is the only one left'
        : `${competencies(unrated.length)} still need a level`
    return {
      error: `Choose a level for “${first.name}” before you continue: ${rest}`,
      field: levelField(first.id),
    }
  },
  reads: (db, scope) => competenciesQuery(db, scope.exerciseId),
  async openRefs(found) {
    return storedCompetencies.parse(found).map((c) => ({
      id: c.id,
      group: c.groupId,
      groupName: c.config.groupName,
      groupDescription: c.config.groupDescription ?? '',
      name: c.config.name,
      description: c.config.description,
      levels: c.config.levels,
    }))
  },
  async domain(db, save, value) {
    const ratings = Object.entries(value.ratings).map(([competencyId, level]) => ({
      competencyId,
      level,
    }))
    return competencyRatingWrites(db, save, ratings)
  },
  lines(value, ctx) {
    const named = new Map((ctx.refs ?? []).map((c) => [c.id, c.name]))
    const order = shownCompetencies(ctx).map((c) => c.id)
    const ids = [
      ...order.filter((id) => value.ratings[id] !== undefined),
      ...Object.keys(value.ratings).filter((id) => !order.includes(id)),
    ]
    return ids.map((id) => {
      const n = value.ratings[id]!
      return `${named.get(id) ?? id}: ${LEVEL_NAMES[n - 1]} (${n} of ${LEVELS})`
    })
  },
  view(value, ctx) {
    const groups: CompetencyGroupView[] = []
    for (const c of shownCompetencies(ctx)) {
      let group = groups.find((g) => g.id === c.group)
      if (!group) {
        group = {
          id: c.group,
          name: c.groupName,
          description: c.groupDescription,
          competencies: [],
        }
        groups.push(group)
      }
      group.competencies.push({
        id: c.id,
        name: c.name,
        description: c.description,
        levels: c.levels,
        level: value.ratings[c.id] ?? null,
      })
    }
    return {
      tool: 'competency-rating',
      groups,
      levelNames: [...LEVEL_NAMES],
      total: ratedCount(value, ctx).total,
    }
  },
}
