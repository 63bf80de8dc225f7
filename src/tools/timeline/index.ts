/**
 * The career timeline: milestones with a year, an optional quarter, a category, a title and a
 * few words, shown in date order from this year on (the server's date). Milestones in earlier
 * years are kept and shown apart, under "Before <year>", not refused: a plan made last year
 * should not stop saving when the calendar turns. One form below the timeline adds a milestone,
 * or changes the one the learner chose; every button is a real form post.
 */
import { array, enum as oneOf, nullable, number, object, string } from 'zod'
import { milestoneWrites } from '../../db/tools/timeline'
import { oneValue } from '../../lib/forms'
import { itemId, newId, readText } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { Milestone, MilestoneCategory, TimelineValue } from '../values'

export type { Milestone, MilestoneCategory, TimelineValue }
type Ctx = ToolContext<'timeline', null>

export const CATEGORIES = ['work', 'education', 'personal', 'skill'] as const
export const CATEGORY_NAMES: Record<MilestoneCategory, string> = {
  work: 'Work',
  education: 'Education',
  personal: 'Personal',
  skill: 'Skill',
}
export const QUARTER_NAMES = [
  'January to March',
  'April to June',
  'July to September',
  'October to December',
]

export const TITLE_MAX = 120
export const DESCRIPTION_MAX = 1000
export const MOST_MILESTONES = 30
/** The years a milestone may have (what the table holds). */
export const FIRST_YEAR = 1900
export const LAST_YEAR = 2200

/** This year, by the server's clock. */
export const thisYear = () => new Date().getUTCFullYear()

/** The fields of the form below the timeline. */
export const FIELDS = ['title', 'year', 'quarter', 'category', 'description'] as const

const milestone = object({
  id: itemId,
  year: number().int().min(FIRST_YEAR).max(LAST_YEAR),
  quarter: nullable(number().int().min(1).max(4)),
  category: oneOf(CATEGORIES),
  title: string(),
  description: string(),
})

export const timelineShape = object({
  milestones: array(milestone).max(MOST_MILESTONES * 2),
  editing: nullable(itemId),
}).refine(
  (v) => new Set(v.milestones.map((m) => m.id)).size === v.milestones.length,
  'a milestone twice',
)

/** Date order: by year, a milestone with no quarter before the quarters of its year. */
export function inOrder(milestones: Milestone[]): Milestone[] {
  return [...milestones].sort((a, b) => a.year - b.year || (a.quarter ?? 0) - (b.quarter ?? 0))
}

/** The date in words: "2027" or "2027, April to June". */
export const dateWords = (m: Pick<Milestone, 'year' | 'quarter'>) =>
  m.quarter ? `${m.year}, ${QUARTER_NAMES[m.quarter - 1]}` : String(m.year)

type Problem = { ok: false; error: string; field: string; kept: Record<string, string> }

function kept(form: Form): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of FIELDS) if (f in form) out[f] = oneValue(form[f])
  return out
}
const problem = (form: Form, error: string, field: string): Problem => ({
  ok: false,
  error,
  field,
  kept: kept(form),
})

/** Whether anything is typed in the form. */
const typed = (form: Form) =>
  FIELDS.some((f) => f !== 'quarter' && f !== 'category' && oneValue(form[f]).trim() !== '') ||
  oneValue(form.quarter) !== '' ||
  oneValue(form.category) !== ''

/** The milestone typed in the form, checked; `id` is the one it is (new or being changed). */
export function readMilestone(
  form: Form,
  id: string,
): { ok: true; milestone: Milestone } | Problem {
  const title = readText(form.title, TITLE_MAX)
  if (!title.ok) return problem(form, `The title: ${title.error}`, 'title')
  if (title.text === '') return problem(form, 'Give the milestone a short title', 'title')
  const yearText = oneValue(form.year).trim()
  if (yearText === '') return problem(form, 'Enter the year of the milestone, such as 2027', 'year')
  if (!/^\d{4}$/.test(yearText))
    return problem(form, 'Enter the year as four digits, such as 2027', 'year')
  const year = Number(yearText)
  if (year < FIRST_YEAR || year > LAST_YEAR)
    return problem(form, `Enter a year from ${FIRST_YEAR} to ${LAST_YEAR}`, 'year')
  const quarterText = oneValue(form.quarter)
  if (!['', '1', '2', '3', '4'].includes(quarterText))
    return problem(form, 'Choose a quarter of the year, or any time in the year', 'quarter')
  const category = oneValue(form.category)
  if (!(CATEGORIES as readonly string[]).includes(category))
    return problem(form, 'Choose whether this is work, education, personal or a skill', 'category')
  const description = readText(form.description, DESCRIPTION_MAX)
  if (!description.ok) return problem(form, `The description: ${description.error}`, 'description')
  return {
    ok: true,
    milestone: {
      id,
      year,
      quarter: quarterText === '' ? null : Number(quarterText),
      category: category as MilestoneCategory,
      title: title.text,
      description: description.text,
    },
  }
}

/**
 * Puts what is typed in the form into the timeline: a new milestone, or the changes to the one
 * open. With nothing typed, the timeline is as it was (unless `required`).
 */
function applyForm(
  value: TimelineValue,
  form: Form,
  required: boolean,
): { ok: true; value: TimelineValue; put: Milestone | null; changed: boolean } | Problem {
  const editing = value.editing && value.milestones.some((m) => m.id === value.editing)
  if (!editing && !required && !typed(form)) return { ok: true, value, put: null, changed: false }
  const read = readMilestone(form, editing ? value.editing! : newId())
  if (!read.ok) return read
  if (!editing && value.milestones.length >= MOST_MILESTONES)
    return problem(
      form,
      `Your timeline already has ${MOST_MILESTONES} milestones, the most it holds. Remove one to make room`,
      'title',
    )
  const others = value.milestones.filter((m) => m.id !== read.milestone.id)
  return {
    ok: true,
    value: { milestones: inOrder([...others, read.milestone]), editing: null },
    put: read.milestone,
    changed: !!editing,
  }
}

const count = (n: number) => `${n} ${n === 1 ? 'milestone' : 'milestones'}`

function putWords(r: { put: Milestone | null; changed: boolean; value: TimelineValue }) {
  if (!r.put) return 'Your changes are saved.'
  const where = r.value.milestones.findIndex((m) => m.id === r.put!.id) + 1
  return r.changed
    ? `Saved your changes to “${r.put.title}”, ${dateWords(r.put)}.`
    : `Added “${r.put.title}”, ${dateWords(r.put)}. It is ${where} of ${count(r.value.milestones.length)} in date order.`
}

function unknownMilestone(form: Form): ActionResult<never> {
  return problem(
    form,
    'That milestone is no longer in your timeline. It may have been removed in another tab',
    'title',
  )
}

export const timeline: ToolModule<'timeline', TimelineValue> = {
  name: 'timeline',
  about: 'Milestones by year and quarter, laid out in order from this year forward.',
  shape: timelineShape,
  empty: () => ({ milestones: [], editing: null }),
  fromLegacy: (text) => fromText(text, thisYear()),
  actions: {
    add(value, form) {
      const r = applyForm(value, form, true)
      if (!r.ok) return r
      return { ok: true, value: r.value, announce: putWords(r), focus: 'title' }
    },
    // What Enter in any field does: keep what is typed, adding or changing the milestone.
    save(value, form) {
      const r = applyForm(value, form, false)
      if (!r.ok) return r
      return { ok: true, value: r.value, announce: putWords(r), focus: 'title' }
    },
    edit(value, form) {
      const id = oneValue(form.item)
      if (!value.milestones.some((m) => m.id === id)) return unknownMilestone(form)
      // Whatever is typed in the form is kept first, so opening another loses nothing.
      const r = applyForm(value, form, false)
      if (!r.ok) return r
      const open = r.value.milestones.find((m) => m.id === id)!
      return {
        ok: true,
        value: { ...r.value, editing: id },
        announce: `“${open.title}” is open for changing in the form below the timeline.`,
        focus: 'title',
      }
    },
    cancel(value) {
      const open = value.milestones.find((m) => m.id === value.editing)
      return {
        ok: true,
        value: { ...value, editing: null },
        announce: open ? `“${open.title}” is left as it was.` : 'Nothing was open for changing.',
        focus: 'title',
      }
    },
    remove(value, form) {
      const id = oneValue(form.item)
      const gone = value.milestones.find((m) => m.id === id)
      if (!gone) return unknownMilestone(form)
      // A new milestone typed in the form is kept; changes to the one removed go with it.
      const start = value.editing === id ? { ...value, editing: null } : value
      const r =
        value.editing === id ? { ok: true as const, value: start } : applyForm(start, form, false)
      if (!r.ok) return r
      const milestones = r.value.milestones.filter((m) => m.id !== id)
      return {
        ok: true,
        value: { milestones, editing: r.value.editing === id ? null : r.value.editing },
        announce: `Removed “${gone.title}”. Your timeline has ${count(milestones.length)}.`,
        focus: 'title',
      }
    },
    done(value, form) {
      const r = applyForm(value, form, false)
      if (!r.ok) return r
      return { ok: true, value: { ...r.value, editing: null }, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    if (value.milestones.length > MOST_MILESTONES)
      return {
        error: `Your timeline can hold at most ${MOST_MILESTONES} milestones. Remove one`,
        field: 'title',
      }
    for (const m of value.milestones) {
      if ([...m.title].length === 0 || [...m.title].length > TITLE_MAX)
        return { error: `Each title must be 1 to ${TITLE_MAX} characters`, field: 'title' }
      if ([...m.description].length > DESCRIPTION_MAX)
        return {
          error: `Each description must be ${DESCRIPTION_MAX.toLocaleString('en-US')} characters or fewer`,
          field: 'description',
        }
    }
    if (finishing && !ctx.optional && value.milestones.length === 0)
      return { error: 'Add at least one milestone before you continue', field: 'title' }
    return null
  },
  async domain(db, save, value, seal) {
    const rows = await Promise.all(
      value.milestones.map(async (m) => ({
        id: m.id,
        year: m.year,
        quarter: m.quarter,
        category: m.category,
        contentCt: await seal(
          'milestones',
          m.id,
          JSON.stringify({ title: m.title, description: m.description }),
        ),
      })),
    )
    return milestoneWrites(db, save, rows)
  },
  lines: (value) =>
    inOrder(value.milestones).map(
      (m) =>
        `${dateWords(m)} (${CATEGORY_NAMES[m.category].toLowerCase()}): ${m.title}${m.description ? `. ${m.description}` : ''}`,
    ),
  view: (value) => ({
    tool: 'timeline',
    value: { ...value, milestones: inOrder(value.milestones) },
    year: thisYear(),
    categories: CATEGORIES.map((c) => ({ value: c, label: CATEGORY_NAMES[c] })),
    quarters: QUARTER_NAMES,
    titleMax: TITLE_MAX,
    descriptionMax: DESCRIPTION_MAX,
    max: MOST_MILESTONES,
  }),
}

const SEASONS: [RegExp, number][] = [
  [/\b(q1|winter|january|february|march)\b/i, 1],
  [/\b(q2|spring|april|may|june)\b/i, 2],
  [/\b(q3|summer|july|august|september)\b/i, 3],
  [/\b(q4|autumn|fall|october|november|december)\b/i, 4],
]

/**
 * Milestones from an earlier plain-text answer, one per line: a four-digit year in the line
 * is its year (else `year`), a season, month or Q1–Q4 its quarter. Each starts as personal, to
 * be changed; the text itself stays shown beside the timeline.
 */
export function fromText(text: string, year: number): TimelineValue {
  const milestones = text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((line) => line !== '')
    .slice(0, MOST_MILESTONES)
    .map((line, i): Milestone => {
      const found = /\b(19\d\d|2[01]\d\d|2200)\b/.exec(line)
      const quarter = SEASONS.find(([re]) => re.test(line))?.[1] ?? null
      return {
        // Fixed ids: until the first save, the page and the post after it must agree on them.
        id: `m${i + 1}`,
        year: found ? Number(found[1]) : year,
        quarter,
        category: 'personal',
        title: [...line].slice(0, TITLE_MAX).join(''),
        description: '',
      }
    })
  return { milestones: inOrder(milestones), editing: null }
}
