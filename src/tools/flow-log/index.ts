/**
 * The flow log: dated entries of what the learner was doing, how their energy felt (−2 … +2) and
 * how absorbed they were (1 … 5), with notes. Recent entries show newest first, the high-flow
 * ones (energy at least +1 and focus at least 4) marked in words, beside a chart of both over
 * time. One entry is edited in place at a time; the form below always adds a new one.
 */
import { todayIso } from '../../lib/bytes'
import { array, number, object, string } from 'zod'
import { flowEntryWrites } from '../../db/tools/flow-log'
import { oneValue } from '../../lib/forms'
import { itemId, newId, readText, plural } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { FlowEntry, FlowValue } from '../values'

export type { FlowEntry, FlowValue }
type Ctx = ToolContext<'flow-log', null>

/** Energy from −2 to +2, lowest first, in calm words. */
export const ENERGY_LEVELS = [
  { value: -2, label: 'drained' },
  { value: -1, label: 'low' },
  { value: 0, label: 'steady' },
  { value: 1, label: 'lifted' },
  { value: 2, label: 'energized' },
] as const

/** Focus from 1 to 5, lowest first. */
export const FOCUS_LEVELS = [
  { value: 1, label: 'scattered' },
  { value: 2, label: 'distracted' },
  { value: 3, label: 'engaged' },
  { value: 4, label: 'focused' },
  { value: 5, label: 'absorbed' },
] as const

export const energyLabel = (n: number) => ENERGY_LEVELS.find((l) => l.value === n)?.label ?? ''
export const focusLabel = (n: number) => FOCUS_LEVELS.find((l) => l.value === n)?.label ?? ''

/** A moment of high flow: energy lifted or more, and focus focused or more. */
export const isHighFlow = (e: Pick<FlowEntry, 'energy' | 'focus'>) => e.energy >= 1 && e.focus >= 4

/** The most entries one log holds, and the most characters of an activity and of the notes. */
export const FLOW_MAX = 100
export const ACTIVITY_MAX = 200
export const NOTES_MAX = 1000

export const FLOW_DEFAULTS = { minEntries: 1 }

export const flowLimits = (ctx: Pick<Ctx, 'settings' | 'optional'>) => ({
  min: ctx.optional ? 0 : (ctx.settings.minEntries ?? FLOW_DEFAULTS.minEntries),
  max: FLOW_MAX,
})

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** The latest day an entry may have: a year after `today`. */
export function latestDay(today: string): string {
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() + 1)
  return d.toISOString().slice(0, 10)
}

/** Whether `day` is a real calendar day written `YYYY-MM-DD`. */
export function isRealDay(day: string): boolean {
  const m = day.match(ISO_DAY)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** Why a posted day cannot be an entry's day, or null. */
export function dayProblem(day: string, today: string): string | null {
  if (day === '') return 'Enter the day, for example 2026-12-01'
  if (!ISO_DAY.test(day)) {
    return 'Enter the day as year, month and day with dashes, for example 2026-12-01'
  }
  if (!isRealDay(day)) return 'That day does not exist. Check the month and the day'
  if (day < '1900-01-01') return 'Enter a day from 1900 onward'
  if (day > latestDay(today)) {
    return `That day is more than a year from now. Enter a day up to ${latestDay(today)}`
  }
  return null
}

const entryShape = object({
  id: itemId,
  day: string().refine(isRealDay, 'not a day'),
  activity: string()
    .min(1)
    .max(ACTIVITY_MAX * 4),
  energy: number().int().min(-2).max(2),
  focus: number().int().min(1).max(5),
  notes: string().max(NOTES_MAX * 4),
})

/** The entries newest first: by day, and on the same day the one added last first. */
export function newestFirst(entries: readonly FlowEntry[]): FlowEntry[] {
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.day === b.entry.day ? b.i - a.i : a.entry.day < b.entry.day ? 1 : -1))
    .map((x) => x.entry)
}

/** An entry in plain words: the summary line and the name its buttons carry. */
export const entryName = (e: Pick<FlowEntry, 'day' | 'activity'>) => `${e.day}, “${e.activity}”`

type Draft = Omit<FlowEntry, 'id'>
type Read =
  | { ok: true; blank: true }
  | { ok: true; blank: false; entry: Draft }
  | { ok: false; error: string; field: string }

/** A level posted from a radio group, or null when none was chosen (or it is out of range). */
function readLevel(raw: unknown, min: number, max: number): number | null | 'bad' {
  const text = oneValue(raw).trim()
  if (text === '') return null
  if (!/^[+-]?\d$/.test(text)) return 'bad'
  const n = Number(text)
  return n >= min && n <= max ? n : 'bad'
}

/**
 * One entry's fields from the form (`<prefix>day`, `activity`, `energy`, `focus`, `notes`). An
 * entry with nothing chosen or written (the day aside, which has a default) is blank.
 */
export function readEntry(form: Form, prefix: '' | 'e-', today: string): Read {
  const f = (name: string) => `${prefix}${name}`
  const activity = readText(form[f('activity')], ACTIVITY_MAX)
  if (!activity.ok)
    return { ok: false, error: `What you were doing: ${activity.error}`, field: f('activity') }
  const notes = readText(form[f('notes')], NOTES_MAX)
  if (!notes.ok) return { ok: false, error: `Notes: ${notes.error}`, field: f('notes') }
  const energy = readLevel(form[f('energy')], -2, 2)
  const focus = readLevel(form[f('focus')], 1, 5)
  if (energy === 'bad')
    return { ok: false, error: 'Choose your energy from the five given', field: f('energy') }
  if (focus === 'bad')
    return { ok: false, error: 'Choose your focus from the five given', field: f('focus') }
  if (activity.text === '' && notes.text === '' && energy === null && focus === null) {
    return { ok: true, blank: true }
  }
  const day = oneValue(form[f('day')]).trim()
  const problem = dayProblem(day, today)
  if (problem) return { ok: false, error: problem, field: f('day') }
  if (activity.text === '')
    return { ok: false, error: 'Write what you were doing', field: f('activity') }
  if (energy === null)
    return { ok: false, error: 'Choose how your energy felt', field: f('energy') }
  if (focus === null) return { ok: false, error: 'Choose how focused you were', field: f('focus') }
  return {
    ok: true,
    blank: false,
    entry: { day, activity: activity.text, energy, focus, notes: notes.text },
  }
}

/** The entry being edited, with the learner's changes from the form; a problem keeps them. */
function applyEdit(value: FlowValue, form: Form, today: string) {
  const editing = value.entries.find((e) => e.id === value.editing)
  if (!editing || !('e-activity' in form)) return { ok: true as const, value }
  const read = readEntry(form, 'e-', today)
  if (!read.ok) return read
  if (read.blank) {
    return {
      ok: false as const,
      error: 'This entry is empty. Write what you were doing, or remove the entry',
      field: 'e-activity',
    }
  }
  const entries = value.entries.map((e) => (e.id === editing.id ? { id: e.id, ...read.entry } : e))
  return { ok: true as const, value: { ...value, entries } }
}

/** Adds the new entry typed into the form, if any (`required`: the Add button, so it must be there). */
function addDraft(value: FlowValue, form: Form, today: string, required: boolean) {
  const read = readEntry(form, '', today)
  if (!read.ok) return read
  if (read.blank) {
    if (!required) return { ok: true as const, value, added: null }
    return { ok: false as const, error: 'Write what you were doing', field: 'activity' }
  }
  if (value.entries.length >= FLOW_MAX) {
    return {
      ok: false as const,
      error: `Your log already has ${plural(value.entries.length, 'entry', 'entries')}, the most it can hold. Remove one to make room`,
      field: 'activity',
    }
  }
  const entry: FlowEntry = { id: newId(), ...read.entry }
  return {
    ok: true as const,
    value: { ...value, entries: [...value.entries, entry] },
    added: entry,
  }
}

const addedSentence = (e: FlowEntry, count: number) =>
  `Added ${entryName(e)}${isHighFlow(e) ? ', a moment of high flow' : ''}. Your log has ${plural(count, 'entry', 'entries')}.`

/** A button that names an entry the log does not have (an old page, or someone else's). */
function unknownEntry(): ActionResult<never> {
  return {
    ok: false,
    error: 'That entry is no longer in your log. It may have been removed in another tab',
    field: 'activity',
  }
}

/** Edits first, then the new entry; `required` when the Add button was chosen. */
function saveAll(required: boolean, close: boolean) {
  return (value: FlowValue, form: Form): ActionResult<FlowValue> => {
    const today = todayIso()
    const edited = applyEdit(value, form, today)
    if (!edited.ok) return edited
    const added = addDraft(edited.value, form, today, required)
    if (!added.ok) return added
    const next = close ? { ...added.value, editing: null } : added.value
    if (added.added) {
      return {
        ok: true,
        value: next,
        announce: addedSentence(added.added, next.entries.length),
        focus: 'activity',
      }
    }
    return { ok: true, value: next, announce: 'Your changes are saved.', focus: 'activity' }
  }
}

export const flowLog: ToolModule<'flow-log', FlowValue> = {
  name: 'flow-log',
  about: 'A dated log of what you were doing, how your energy felt and how absorbed you were.',
  shape: object({ entries: array(entryShape), editing: itemId.nullable() }),
  empty: () => ({ entries: [], editing: null }),
  // An earlier plain-text log has no dependable days or levels: it starts no entries, and its
  // words stay shown beside the tool.
  fromLegacy: () => ({ entries: [], editing: null }),
  actions: {
    add: saveAll(true, false),
    save: saveAll(false, false),
    done(value, form) {
      const result = saveAll(false, true)(value, form)
      return result.ok ? { ...result, announce: 'Saved.' } : result
    },
    edit(value, form) {
      const edited = applyEdit(value, form, todayIso())
      if (!edited.ok) return edited
      const id = oneValue(form.item)
      const entry = edited.value.entries.find((e) => e.id === id)
      if (!entry) return unknownEntry()
      return {
        ok: true,
        value: { ...edited.value, editing: id },
        announce: `Editing ${entryName(entry)}.`,
        focus: 'e-activity',
      }
    },
    update(value, form) {
      const edited = applyEdit(value, form, todayIso())
      if (!edited.ok) return edited
      const entry = edited.value.entries.find((e) => e.id === value.editing)
      if (!entry) return unknownEntry()
      return {
        ok: true,
        value: { ...edited.value, editing: null },
        announce: `Saved your changes to ${entryName(entry)}.`,
        focus: `edit-${entry.id}`,
      }
    },
    cancel(value) {
      const entry = value.entries.find((e) => e.id === value.editing)
      return {
        ok: true,
        value: { ...value, editing: null },
        announce: 'Stopped editing. That entry is as it was.',
        focus: entry ? `edit-${entry.id}` : 'activity',
      }
    },
    remove(value, form) {
      const id = oneValue(form.item)
      // Changes to another entry being edited are kept; the entry removed goes with its edits.
      const edited =
        value.editing === id ? { ok: true as const, value } : applyEdit(value, form, todayIso())
      if (!edited.ok) return edited
      const gone = edited.value.entries.find((e) => e.id === id)
      if (!gone) return unknownEntry()
      const entries = edited.value.entries.filter((e) => e.id !== id)
      return {
        ok: true,
        value: { entries, editing: edited.value.editing === id ? null : edited.value.editing },
        announce: `Removed ${entryName(gone)}. Your log has ${plural(entries.length, 'entry', 'entries')}.`,
        focus: 'activity',
      }
    },
  },
  check(value, ctx, finishing) {
    const { min, max } = flowLimits(ctx)
    if (value.entries.length > max) {
      return {
        error: `Your log can hold at most ${plural(max, 'entry', 'entries')}. Remove one`,
        field: 'activity',
      }
    }
    if (finishing && value.entries.length < min) {
      const more = min - value.entries.length
      return {
        error: `Add ${more === 1 ? 'one more entry' : `${more} more entries`} before you continue: this log needs at least ${min}`,
        field: 'activity',
      }
    }
    return null
  },
  async domain(db, save, value, seal) {
    const rows = await Promise.all(
      value.entries.map(async (e) => ({
        entry_id: e.id,
        day: e.day,
        energy: e.energy,
        focus: e.focus,
        content_ct: await seal(
          'flow_entries',
          e.id,
          JSON.stringify({ activity: e.activity, notes: e.notes }),
        ),
      })),
    )
    return flowEntryWrites(db, save, rows)
  },
  lines: (value) =>
    newestFirst(value.entries).map(
      (e) =>
        `${e.day}: ${e.activity}. Energy ${energyLabel(e.energy)}, focus ${focusLabel(e.focus)}${isHighFlow(e) ? ' (high flow)' : ''}.${e.notes ? ` ${e.notes}` : ''}`,
    ),
  view: (value, ctx) => {
    const { min, max } = flowLimits(ctx)
    const editing = value.entries.some((e) => e.id === value.editing) ? value.editing : null
    return {
      tool: 'flow-log',
      entries: newestFirst(value.entries).map((e) => ({ ...e, highFlow: isHighFlow(e) })),
      editing,
      today: todayIso(),
      latest: latestDay(todayIso()),
      min,
      max,
      energyLevels: ENERGY_LEVELS.map((l) => ({ ...l })),
      focusLevels: FOCUS_LEVELS.map((l) => ({ ...l })),
    }
  },
}
