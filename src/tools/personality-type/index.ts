/**
 * The personality type: the learner picks one of the 16 types, or, not sure, answers the four
 * preference questions, whose letters make a type. The chosen type's summary is shown as one
 * lens among many. Types and questions are reference data (seed/reference/personality-types.yaml).
 */
import { array, enum as oneOf, literal, number, object, string, union } from 'zod'
import { jsonText } from '../json'
import { PREFERENCE_LETTERS } from '../../content/reference'
import { personalityQuery, personalityResultWrites } from '../../db/tools/personality-type'
import { oneValue } from '../../lib/forms'
import { keptFields } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type {
  PersonalityRefs,
  PersonalityTypeRef,
  PersonalityValue,
  PreferenceRef,
} from '../values'

export type { PersonalityRefs, PersonalityValue }

type Ctx = ToolContext<'personality-type', PersonalityRefs | null>

const TYPE_CODE = /^[EI][SN][TF][JP]$/
const typeCode = string().regex(TYPE_CODE)
const letter = oneOf(['E', 'I', 'S', 'N', 'T', 'F', 'J', 'P'])

/** The reference rows as `personalityQuery` reads them, their config parsed. */
const stored = object({
  types: array(
    object({
      id: typeCode,
      ordinal: number(),
      config: jsonText(object({ name: string().min(1), summary: string().min(1) })),
    }),
  ),
  preferences: array(
    object({
      id: string().min(1),
      ordinal: number(),
      config: jsonText(
        object({
          question: string().min(1),
          options: array(object({ letter, name: string().min(1), hint: string().min(1) })).length(
            2,
          ),
        }),
      ),
    }),
  ),
})

/** The letters each question offers, in order: a letter must sit at its own question's place. */
const lettersShape = array(letter.nullable())
  .length(PREFERENCE_LETTERS.length)
  .refine((letters) =>
    letters.every((l, i) => l === null || (PREFERENCE_LETTERS[i] as readonly string[]).includes(l)),
  )

const empty = (): PersonalityValue => ({
  mode: 'pick',
  picked: null,
  letters: PREFERENCE_LETTERS.map(() => null),
})

/** The form field of one preference question. */
export const preferenceField = (id: string) => `pref-${id}`

/** The type the value comes to, and how; null while there is none. */
export function resultOf(
  value: PersonalityValue,
): { code: string; via: 'picked' | 'preferences' } | null {
  if (value.mode === 'pick') return value.picked ? { code: value.picked, via: 'picked' } : null
  if (value.letters.some((l) => l === null)) return null
  return { code: value.letters.join(''), via: 'preferences' }
}

const typeNamed = (ctx: Ctx, code: string): PersonalityTypeRef | undefined =>
  ctx.refs?.types.find((t) => t.code === code)

const preferencesOf = (ctx: Ctx): PreferenceRef[] => ctx.refs?.preferences ?? []

/** The field a problem links to when it is not about one question: the first control shown. */
function firstField(value: PersonalityValue, ctx: Ctx): string {
  const first = preferencesOf(ctx)[0]
  return value.mode === 'preferences' && first ? preferenceField(first.id) : 'type'
}

type Applied =
  | { ok: true; value: PersonalityValue }
  | { ok: false; error: string; field: string; kept: Record<string, string> }

/**
 * The choices posted in the form, applied to the value: a `type` that is one of the 16, and
 * `pref-<id>` answers that are one of their question's two letters. A question left unanswered
 * keeps its saved letter.
 */
export function applyChoices(value: PersonalityValue, form: Form, ctx: Ctx): Applied {
  const kept = keptFields(form)
  let picked = value.picked
  if ('type' in form) {
    const code = oneValue(form.type)
    if (!typeNamed(ctx, code)) {
      return {
        ok: false,
        error: 'Choose one of the 16 types listed, or choose “I am not sure”',
        field: firstField(value, ctx),
        kept,
      }
    }
    picked = code
  }
  const preferences = preferencesOf(ctx)
  const letters = [...value.letters]
  for (const key of Object.keys(form)) {
    if (!key.startsWith('pref-')) continue
    const at = preferences.findIndex((p) => preferenceField(p.id) === key)
    const question = preferences[at]
    if (!question) {
      return {
        ok: false,
        error:
          'One of those answers is for a question this page does not have. Reload the page and answer again',
        field: firstField(value, ctx),
        kept,
      }
    }
    const chosen = question.options.find((o) => o.letter === oneValue(form[key]))
    if (!chosen) {
      return {
        ok: false,
        error: `Choose one of the two answers to “${question.question}”`,
        field: key,
        kept,
      }
    }
    letters[at] = chosen.letter
  }
  return { ok: true, value: { ...value, picked, letters } }
}

/** What to say, and where focus goes, once the value is saved. */
function saved(value: PersonalityValue, ctx: Ctx): ActionResult<PersonalityValue> {
  const result = resultOf(value)
  const type = result && typeNamed(ctx, result.code)
  if (result && type) {
    const how = result.via === 'picked' ? 'You chose' : 'Your answers point to'
    return {
      ok: true,
      value,
      announce: `Saved. ${how} ${type.code}: ${type.name}. Its summary is below.`,
      focus: 'result',
    }
  }
  if (value.mode === 'preferences') {
    const answered = value.letters.filter((l) => l !== null).length
    return {
      ok: true,
      value,
      announce: `Saved. You have answered ${answered} of the ${value.letters.length} questions.`,
      focus: 'show',
    }
  }
  return { ok: true, value, announce: 'Saved.', focus: 'show' }
}

/** A type's code from an earlier plain-text answer, when it names exactly one of the 16. */
export function typeFromText(text: string, ctx: Ctx): string | null {
  const codes = new Set(text.match(/\b[EI][SN][TF][JP]\b/g) ?? [])
  if (codes.size !== 1) return null
  const code = [...codes][0]!
  return typeNamed(ctx, code) ? code : null
}

export const personalityType: ToolModule<
  'personality-type',
  PersonalityValue,
  PersonalityRefs | null
> = {
  name: 'personality-type',
  about: 'A four-letter personality type: one lens on how you like to work, not a verdict.',
  shape: object({
    mode: union([literal('pick'), literal('preferences')]),
    picked: typeCode.nullable(),
    letters: lettersShape,
  }),
  empty,
  fromLegacy: (text, ctx) => ({ ...empty(), picked: typeFromText(text, ctx) }),
  actions: {
    // Enter on any radio, and the "show" button: keep what is chosen, and show its type.
    save(value, form, ctx) {
      const applied = applyChoices(value, form, ctx)
      return applied.ok ? saved(applied.value, ctx) : applied
    },
    unsure(value, form, ctx) {
      const applied = applyChoices(value, form, ctx)
      if (!applied.ok) return applied
      const first = preferencesOf(ctx)[0]
      return {
        ok: true,
        value: { ...applied.value, mode: 'preferences' },
        announce: `Here are ${preferencesOf(ctx).length} questions instead. Your type appears once you have answered them all.`,
        focus: first ? preferenceField(first.id) : undefined,
      }
    },
    pick(value, form, ctx) {
      const applied = applyChoices(value, form, ctx)
      if (!applied.ok) return applied
      return {
        ok: true,
        value: { ...applied.value, mode: 'pick' },
        announce: 'Here is the list of the 16 types to choose from.',
        focus: 'type',
      }
    },
    done(value, form, ctx) {
      const applied = applyChoices(value, form, ctx)
      if (!applied.ok) return applied
      return { ok: true, value: applied.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    if (!finishing || ctx.optional) return null
    if (value.mode === 'pick') {
      return value.picked
        ? null
        : {
            error:
              'Choose the type that fits you best before you continue, or choose “I am not sure” to answer four questions instead',
            field: 'type',
          }
    }
    const at = value.letters.findIndex((l) => l === null)
    if (at < 0) return null
    const question = preferencesOf(ctx)[at]
    return {
      error: question
        ? `Answer “${question.question}” before you continue`
        : 'Answer all four questions before you continue',
      field: question ? preferenceField(question.id) : 'type',
    }
  },
  reads: (db, scope) => personalityQuery(db, scope.exerciseId),
  async openRefs(found) {
    const parsed = stored.parse(found)
    return {
      types: parsed.types.map((t) => ({ code: t.id, ...t.config })),
      preferences: parsed.preferences.map((p) => ({
        id: p.id,
        question: p.config.question,
        options: p.config.options,
      })),
    }
  },
  async domain(db, save, value) {
    const result = resultOf(value)
    return personalityResultWrites(
      db,
      save,
      result ? { typeId: result.code, via: result.via } : null,
    )
  },
  lines(value, ctx) {
    const result = resultOf(value)
    if (!result) return []
    const type = typeNamed(ctx, result.code)
    return [
      type ? `${type.code}: ${type.name}` : result.code,
      result.via === 'picked'
        ? 'You chose this type yourself.'
        : 'It came from your answers to the four preference questions.',
    ]
  },
  view(value, ctx) {
    const result = resultOf(value)
    const type = result && typeNamed(ctx, result.code)
    return {
      tool: 'personality-type',
      mode: value.mode,
      types: (ctx.refs?.types ?? []).map((t) => ({ code: t.code, name: t.name })),
      picked: value.picked,
      preferences: preferencesOf(ctx).map((p, i) => ({ ...p, chosen: value.letters[i] ?? null })),
      result: result && type ? { ...type, via: result.via } : null,
    }
  },
}
