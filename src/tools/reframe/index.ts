/**
 * The failure reframer: one setback, worked through in seven parts, from what happened and how
 * it felt to what it taught, what comes next, and a fairer way to tell it. Every part but the
 * silver lining is needed to finish (none is, on an optional placement): not every setback has
 * a bright side, and the tool does not pretend otherwise.
 */
import { object, string } from 'zod'
import { reframeWrites } from '../../db/tools/reframe'
import { keptFields, readText } from '../items'
import type { ToolModule } from '../types'
import type { ReframePart, ReframeValue } from '../values'

export type { ReframePart, ReframeValue }

/** The parts in order, each with its label and a short hint. */
export const REFRAME_PARTS: { part: ReframePart; label: string; hint: string }[] = [
  {
    part: 'situation',
    label: 'What happened',
    hint: 'The plain facts, as someone watching would have told them.',
  },
  {
    part: 'feelings',
    label: 'What I felt at first',
    hint: 'The feelings, and the thought that came with them, even the unfair ones.',
  },
  {
    part: 'learned',
    label: 'What I learned',
    hint: 'About the situation, about other people, or about yourself.',
  },
  {
    part: 'change',
    label: 'What I would do differently',
    hint: 'One or two things that were in your hands.',
  },
  {
    part: 'silver',
    label: 'Any silver lining',
    hint: 'Something good that came of it, if there is one. It is fine to leave this empty.',
  },
  {
    part: 'next',
    label: 'My next step',
    hint: 'One small thing you can do from here.',
  },
  {
    part: 'statement',
    label: 'The story, reframed',
    hint: 'One or two sentences that are both kinder and true, such as “I…”.',
  },
]

export const PARTS = REFRAME_PARTS.map((p) => p.part)

/** The parts that may stay empty when the learner finishes. */
export const OPTIONAL_PARTS: readonly ReframePart[] = ['silver']

/** The most characters of each part. */
export const PART_MAX = 2000

/** The one reframe's row id: a placement holds one reframe. */
export const REFRAME_ID = 'r1'

const blank = (): Record<ReframePart, string> =>
  Object.fromEntries(PARTS.map((p) => [p, ''])) as Record<ReframePart, string>

const labelOf = (part: ReframePart) => REFRAME_PARTS.find((p) => p.part === part)!.label

const isEmpty = (value: ReframeValue) => PARTS.every((p) => value.parts[p] === '')

const part = () => string().max(PART_MAX * 4)
const partsShape = object({
  situation: part(),
  feelings: part(),
  learned: part(),
  change: part(),
  silver: part(),
  next: part(),
  statement: part(),
})

/** The parts posted, cleaned and checked; a part not posted stays as it was. */
function applyParts(value: ReframeValue, form: Record<string, unknown>) {
  const parts = { ...value.parts }
  for (const part of PARTS) {
    if (!(part in form)) continue
    const read = readText(form[part], PART_MAX)
    if (!read.ok) {
      return {
        ok: false as const,
        error: `${labelOf(part)}: ${read.error}`,
        field: part,
        kept: keptFields(form),
      }
    }
    parts[part] = read.text
  }
  return { ok: true as const, value: { parts } }
}

export const reframe: ToolModule<'reframe', ReframeValue> = {
  name: 'reframe',
  about:
    'A setback looked at again, part by part, until you can tell it in a way that is kinder and still true.',
  shape: object({ parts: partsShape }),
  empty: () => ({ parts: blank() }),
  // The earlier answer asked for the story and a fairer view of it: it starts the reframe.
  fromLegacy: (text) => ({
    parts: { ...blank(), statement: [...text.trim()].slice(0, PART_MAX).join('') },
  }),
  actions: {
    save(value, form) {
      const applied = applyParts(value, form)
      if (!applied.ok) return applied
      return { ok: true, value: applied.value, announce: 'Your reframe is saved.' }
    },
    done(value, form) {
      const applied = applyParts(value, form)
      if (!applied.ok) return applied
      return { ok: true, value: applied.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    if (!finishing || ctx.optional) return null
    const missing = PARTS.find((p) => !OPTIONAL_PARTS.includes(p) && value.parts[p].trim() === '')
    if (!missing) return null
    return {
      error: `Write “${labelOf(missing)}” before you continue. Only the silver lining may stay empty`,
      field: missing,
    }
  },
  async domain(db, save, value, seal) {
    if (isEmpty(value)) return reframeWrites(db, save, [])
    const contentCt = await seal('reframes', REFRAME_ID, JSON.stringify(value.parts))
    return reframeWrites(db, save, [{ id: REFRAME_ID, contentCt }])
  },
  lines: (value) =>
    REFRAME_PARTS.filter((p) => value.parts[p.part] !== '').map(
      (p) => `${p.label}: ${value.parts[p.part]}`,
    ),
  view: (value) => ({
    tool: 'reframe',
    parts: REFRAME_PARTS.map((p) => ({
      ...p,
      text: value.parts[p.part],
      optional: OPTIONAL_PARTS.includes(p.part),
    })),
    max: PART_MAX,
  }),
}
