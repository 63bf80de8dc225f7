/**
 * The career options assessment (the seed's `decision-matrix`): the learner describes a few
 * career options and rates each from 1 to 5 on four fixed criteria (fit with their story, their
 * work needs, their life needs, and how little is still unknown), with notes. The options are
 * compared side by side in a table that a plain GET link sorts by any rating.
 */
import { array, number, object, string } from 'zod'
import { careerOptionWrites } from '../../db/tools/decision-matrix'
import { oneValue } from '../../lib/forms'
import { itemId, keptFields, linesOf, newId, readText, plural } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { CareerOption, OptionCriterion, OptionsRefs, OptionsValue } from '../values'

export type { CareerOption, OptionCriterion, OptionsRefs, OptionsValue }
type Ctx = ToolContext<'decision-matrix', OptionsRefs | null>

/** The criteria, in the order the table shows them. On every one, 5 is the better end. */
export const CRITERIA = [
  'story',
  'work',
  'life',
  'unknowns',
] as const satisfies readonly OptionCriterion[]

/** Each criterion in words: its column heading, and what a rating of it means. */
export const CRITERION_WORDS: Record<OptionCriterion, { name: string; question: string }> = {
  story: {
    name: 'Fit with your story',
    question: 'How well does it fit your story: your skills, values and what you enjoy?',
  },
  work: {
    name: 'Work needs',
    question: 'How well does it meet what you need from work, such as pay, hours and the people?',
  },
  life: {
    name: 'Life needs',
    question: 'How well does it fit the rest of your life, such as health, caring and travel?',
  },
  unknowns: {
    name: 'Unknowns',
    question:
      'How much do you already know about it? 1 means most is still unknown, 5 means little is.',
  },
}

/** The most characters of an option's title, and of its description and its notes. */
export const TITLE_MAX = 120
export const TEXT_MAX = 1000

export const OPTIONS_DEFAULTS = { maxOptions: 5 }

export const maxOptions = (ctx: Pick<Ctx, 'settings'>) =>
  ctx.settings.maxOptions ?? OPTIONS_DEFAULTS.maxOptions

const rating = number().int().min(1).max(5).nullable()

const optionShape = object({
  id: itemId,
  title: string(),
  description: string(),
  ratings: object({ story: rating, work: rating, life: rating, unknowns: rating }),
  notes: string(),
})

/** A new option with nothing written or rated. */
export const blankOption = (id: string = newId()): CareerOption => ({
  id,
  title: '',
  description: '',
  ratings: { story: null, work: null, life: null, unknowns: null },
  notes: '',
})

/** The form field of one part of an option. */
export const optionField = (
  part: 'title' | 'description' | 'notes' | OptionCriterion,
  id: string,
) => `${part}-${id}`

/** The name an option goes by in messages and button labels. */
export const optionName = (option: CareerOption, position: number) =>
  option.title ? `“${option.title}”` : `option ${position}`

type Applied =
  | { ok: true; value: OptionsValue }
  | { ok: false; error: string; field: string; kept: Record<string, string> }

/**
 * Applies the learner's edits to every option from the posted form. A text field that was not
 * posted leaves its text as it was; a rating not posted (no radio chosen) stays as it was.
 */
export function applyEdits(value: OptionsValue, form: Form): Applied {
  const kept = keptFields(form)
  const fail = (field: string, error: string): Applied => ({ ok: false, error, field, kept })
  const options: CareerOption[] = []
  for (const [i, option] of value.options.entries()) {
    const next: CareerOption = { ...option, ratings: { ...option.ratings } }
    const n = i + 1
    for (const [part, max, words] of [
      ['title', TITLE_MAX, 'The title'],
      ['description', TEXT_MAX, 'The description'],
      ['notes', TEXT_MAX, 'The notes'],
    ] as const) {
      const field = optionField(part, option.id)
      if (!(field in form)) continue
      const read = readText(form[field], max)
      if (!read.ok) return fail(field, `${words} of option ${n}: ${read.error}`)
      next[part] = read.text
    }
    for (const c of CRITERIA) {
      const field = optionField(c, option.id)
      if (!(field in form)) continue
      const raw = oneValue(form[field])
      if (!/^[1-5]$/.test(raw)) {
        return fail(
          field,
          `Choose a rating from 1 to 5 for ${CRITERION_WORDS[c].name.toLowerCase()} of option ${n}`,
        )
      }
      next.ratings[c] = Number(raw)
    }
    options.push(next)
  }
  return { ok: true, value: { options } }
}

/** A button that names an option the learner does not have (an old page, or someone else's). */
function unknownOption(value: OptionsValue, form: Form): ActionResult<never> {
  return {
    ok: false,
    error: 'That option is no longer among your options. It may have been removed in another tab',
    field: value.options[0] ? optionField('title', value.options[0].id) : 'add',
    kept: keptFields(form),
  }
}

/** Why the options cannot be finished yet: fewer than two, or one without a title or a rating. */
export function unfinished(value: OptionsValue, ctx: Pick<Ctx, 'optional'>) {
  if (ctx.optional) return null
  for (const [i, option] of value.options.entries()) {
    const name = optionName(option, i + 1)
    if (option.title === '') {
      return {
        error: `Give option ${i + 1} a title before you continue, or remove it`,
        field: optionField('title', option.id),
      }
    }
    const missing = CRITERIA.find((c) => option.ratings[c] === null)
    if (missing) {
      return {
        error: `Rate ${name} on ${CRITERION_WORDS[missing].name.toLowerCase()} before you continue: each option needs all four ratings`,
        field: optionField(missing, option.id),
      }
    }
  }
  if (value.options.length < 2) {
    return {
      error: `Add ${value.options.length === 0 ? 'two options' : 'one more option'} before you continue: comparing needs at least two`,
      field: 'add',
    }
  }
  return null
}

/** The first ids of a value that is not saved yet: fixed, so the page and its post agree. */
const FIRST_IDS = ['o1', 'o2']

/** Reads the sort the page asks for, for the assessment it names. */
export function sortOf(search: URLSearchParams): OptionsRefs {
  const sort = search.get('sort')
  return {
    sort: (CRITERIA as readonly string[]).includes(sort ?? '') ? (sort as OptionCriterion) : null,
    options: search.get('options'),
  }
}

/**
 * The options in the table's order: by one rating, highest first (unrated last), ties kept in
 * the learner's order; or, with no sort, as the learner added them.
 */
export function sortedOptions(options: CareerOption[], by: OptionCriterion | null): CareerOption[] {
  if (!by) return options
  return [...options].sort((a, b) => (b.ratings[by] ?? 0) - (a.ratings[by] ?? 0))
}

const edited = (announce: string, focus?: string) => (value: OptionsValue, form: Form) => {
  const applied = applyEdits(value, form)
  if (!applied.ok) return applied
  return { ok: true as const, value: applied.value, announce, focus }
}

export const decisionMatrix: ToolModule<'decision-matrix', OptionsValue, OptionsRefs | null> = {
  name: 'decision-matrix',
  about:
    'Your career options side by side, each rated on how it fits your story, your work needs, your life needs and how much is still unknown.',
  shape: object({ options: array(optionShape).max(10) }),
  empty: () => ({ options: FIRST_IDS.map((id) => blankOption(id)) }),
  fromLegacy: (text, ctx) => {
    const titles = linesOf(text, TITLE_MAX).slice(0, maxOptions(ctx))
    if (titles.length === 0) return { options: FIRST_IDS.map((id) => blankOption(id)) }
    return {
      options: titles.map((title, i) => ({ ...blankOption(`o${i + 1}`), title })),
    }
  },
  actions: {
    // What Enter in a field does: keep what is typed.
    save: edited('Your changes are saved.', 'add'),
    add(value, form, ctx) {
      const applied = applyEdits(value, form)
      if (!applied.ok) return applied
      const max = maxOptions(ctx)
      if (applied.value.options.length >= max) {
        return {
          ok: false,
          error: `You have ${plural(applied.value.options.length, 'option')}, the most this compares. Remove one to make room`,
          field: 'add',
          kept: keptFields(form),
        }
      }
      const option = blankOption()
      const options = [...applied.value.options, option]
      return {
        ok: true,
        value: { options },
        announce: `Added option ${options.length}. Your other options are saved.`,
        focus: optionField('title', option.id),
      }
    },
    remove(value, form) {
      const applied = applyEdits(value, form)
      if (!applied.ok) return applied
      const id = oneValue(form.item)
      const position = applied.value.options.findIndex((o) => o.id === id)
      if (position < 0) return unknownOption(value, form)
      const gone = applied.value.options[position]!
      const options = applied.value.options.filter((o) => o.id !== id)
      return {
        ok: true,
        value: { options },
        announce: `Removed ${optionName(gone, position + 1)}. You have ${plural(options.length, 'option')}.`,
        focus: 'add',
      }
    },
    done: edited('Saved.'),
  },
  check(value, ctx, finishing) {
    const max = maxOptions(ctx)
    if (value.options.length > max) {
      return { error: `This compares at most ${plural(max, 'option')}. Remove one`, field: 'add' }
    }
    for (const [i, o] of value.options.entries()) {
      if ([...o.title].length > TITLE_MAX) {
        return {
          error: `The title of option ${i + 1} must be ${TITLE_MAX} characters or fewer`,
          field: optionField('title', o.id),
        }
      }
      for (const part of ['description', 'notes'] as const) {
        if ([...o[part]].length > TEXT_MAX) {
          return {
            error: `The ${part} of option ${i + 1} must be ${TEXT_MAX.toLocaleString('en-US')} characters or fewer`,
            field: optionField(part, o.id),
          }
        }
      }
    }
    return finishing ? unfinished(value, ctx) : null
  },
  // No SQL: the sort is the page's own query string, read in the page's batch for free.
  reads: (_db, scope) => ({ statements: [], read: () => sortOf(scope.search) }),
  openRefs: async (found) => found as OptionsRefs,
  async domain(db, save, value, seal) {
    const rows = await Promise.all(
      value.options.map(async (o) => ({
        id: o.id,
        ...o.ratings,
        contentCt: await seal(
          'career_options',
          o.id,
          JSON.stringify({ title: o.title, description: o.description, notes: o.notes }),
        ),
      })),
    )
    return careerOptionWrites(db, save, rows)
  },
  texts: (value) => value.options.map((o) => o.title).filter((t) => t !== ''),
  // New options take the place of blank ones first, then join the end while there is room.
  addItems(value, texts, ctx) {
    const options = [...value.options]
    for (const title of texts.map((t) => [...t].slice(0, TITLE_MAX).join(''))) {
      const blank = options.findIndex(
        (o) =>
          o.title === '' && o.description === '' && CRITERIA.every((c) => o.ratings[c] === null),
      )
      if (blank >= 0) options[blank] = { ...options[blank]!, title }
      else if (options.length < maxOptions(ctx)) options.push({ ...blankOption(newId()), title })
    }
    return { options }
  },
  lines: (value) =>
    value.options
      .filter((o) => o.title !== '' || CRITERIA.some((c) => o.ratings[c] !== null))
      .flatMap((o, i) => {
        const rated = CRITERIA.map(
          (c) => `${CRITERION_WORDS[c].name.toLowerCase()} ${o.ratings[c] ?? 'not rated'}`,
        ).join(', ')
        return [
          `${o.title || `Option ${i + 1}`}, out of 5: ${rated}`,
          ...(o.description ? [o.description] : []),
          ...(o.notes ? [`Notes: ${o.notes}`] : []),
        ]
      }),
  view: (value, ctx) => {
    const asked = ctx.refs
    const local = ctx.placementId.slice(ctx.placementId.indexOf('.') + 1)
    const sort = asked && asked.options === local ? asked.sort : null
    return {
      tool: 'decision-matrix',
      value,
      max: maxOptions(ctx),
      sort,
      sorted: sortedOptions(value.options, sort).map((o) => o.id),
    }
  },
}
