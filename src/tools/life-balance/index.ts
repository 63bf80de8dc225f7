/**
 * The life balance: the learner scores each area of their life from 1 (not at all satisfied) to
 * 10 (completely), with notes. Every round is kept, dated by the server; a new round starts
 * empty, and the latest round is shown beside the one before it.
 */
import { todayIso } from '../../lib/bytes'
import { array, number, object, record, string } from 'zod'
import { balanceWrites } from '../../db/tools/life-balance'
import { oneValue } from '../../lib/forms'
import { itemId, keptFields, newId, readText } from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { BalanceRound, BalanceValue } from '../values'

export type { BalanceRound, BalanceValue }
type Ctx = ToolContext<'life-balance', null>

/** The areas when a placement names none. */
export const DEFAULT_AREAS = ['Work', 'Play', 'Love', 'Health'] as const

/** The score's range, and what its two ends mean. */
export const SCORE_MIN = 1
export const SCORE_MAX = 10
export const SCORE_ENDS = { low: 'not at all satisfied', high: 'completely satisfied' } as const

/** The most rounds one placement keeps, and the most characters a round's notes may have. */
export const MAX_ROUNDS = 50
export const NOTES_MAX = 2000

export const areasOf = (ctx: Pick<Ctx, 'settings'>): string[] => [
  ...(ctx.settings.areas ?? DEFAULT_AREAS),
]

/** The form field that holds the latest round's score for the area at `index` (from 1). */
export const scoreField = (index: number) => `score-${index}`

/** Today's date on the server, `YYYY-MM-DD` (UTC): a round's date never comes from the form. */

const day = string().regex(/^\d{4}-\d{2}-\d{2}$/)
const score = number().int().min(SCORE_MIN).max(SCORE_MAX)

const rounds = (n: number) => `${n} ${n === 1 ? 'round' : 'rounds'}`

/** The latest round, or a new one dated today when there is none yet. */
function latest(value: BalanceValue): { rounds: BalanceRound[]; round: BalanceRound } {
  const last = value.rounds[value.rounds.length - 1]
  if (last) return { rounds: value.rounds.slice(0, -1), round: last }
  return { rounds: [], round: { id: newId(), takenOn: todayIso(), scores: {}, notes: '' } }
}

/**
 * The learner's scores and notes from the form, applied to the latest round (made, dated today,
 * when there is none). Only `score-<n>` fields of the shown areas are taken; an empty choice
 * leaves that area unscored. Nothing else in the value changes: earlier rounds stay as they were.
 */
export function applyScores(
  value: BalanceValue,
  form: Form,
  ctx: Pick<Ctx, 'settings'>,
):
  | { ok: true; value: BalanceValue }
  | { ok: false; error: string; field: string; kept: Record<string, string> } {
  const areas = areasOf(ctx)
  const kept = keptFields(form)
  const { rounds: earlier, round } = latest(value)
  const scores: Record<string, number> = { ...round.scores }
  for (const key of Object.keys(form)) {
    if (!key.startsWith('score-')) continue
    const index = key.match(/^score-([1-9]\d?)$/)?.[1]
    const area = index ? areas[Number(index) - 1] : undefined
    if (area === undefined) {
      return {
        ok: false,
        error:
          'One of those scores is for an area this page does not have. Reload the page and choose your scores again',
        field: scoreField(1),
        kept,
      }
    }
    const raw = oneValue(form[key])
    if (raw === '') {
      delete scores[area]
      continue
    }
    if (!/^(?:[1-9]|10)$/.test(raw)) {
      return {
        ok: false,
        error: `Choose a score from ${SCORE_MIN} to ${SCORE_MAX} for “${area}”`,
        field: key,
        kept,
      }
    }
    scores[area] = Number(raw)
  }
  let notes = round.notes
  if ('notes' in form) {
    const read = readText(form.notes, NOTES_MAX)
    if (!read.ok) return { ok: false, error: `Your notes: ${read.error}`, field: 'notes', kept }
    notes = read.text
  }
  return { ok: true, value: { rounds: [...earlier, { ...round, scores, notes }] } }
}

/** The first shown area the latest round has no score for, with its index (from 1). */
export function firstUnscored(
  value: BalanceValue,
  ctx: Pick<Ctx, 'settings'>,
): { area: string; index: number; left: number } | null {
  const areas = areasOf(ctx)
  const round = value.rounds[value.rounds.length - 1]
  const missing = areas.filter((a) => round?.scores[a] === undefined)
  const first = missing[0]
  if (first === undefined) return null
  return { area: first, index: areas.indexOf(first) + 1, left: missing.length }
}

function unscoredProblem(
  value: BalanceValue,
  ctx: Pick<Ctx, 'settings'>,
  why: string,
): { error: string; field: string } | null {
  const gap = firstUnscored(value, ctx)
  if (!gap) return null
  const rest = gap.left === 1 ? 'it is the only one left' : `${gap.left} areas still need a score`
  return { error: `Choose a score for “${gap.area}” ${why}: ${rest}`, field: scoreField(gap.index) }
}

/**
 * An earlier plain-text answer's "Area - 4" lines (or "Area: 4", "Area 4/10"), where the area is
 * exactly one of the shown areas and no other line gives it another score.
 */
export function scoresFromText(text: string, ctx: Pick<Ctx, 'settings'>): Record<string, number> {
  const byName = new Map(areasOf(ctx).map((a) => [fold(a), a]))
  const found = new Map<string, Set<number>>()
  for (const line of text.split('\n')) {
    const m = line.match(LEGACY_LINE)
    if (!m) continue
    const area = byName.get(fold(m[1]!))
    if (!area) continue
    found.set(area, (found.get(area) ?? new Set()).add(Number(m[2])))
  }
  const scores: Record<string, number> = {}
  for (const [area, set] of found) if (set.size === 1) scores[area] = [...set][0]!
  return scores
}

// A bullet or number, the area, a dash, colon or space, the score (1–10), perhaps "/10" or
// "out of 10", then nothing or words set off from it ("4.5" and "45" are not scores).
const LEGACY_LINE =
  /^\s*(?:(?:[-*•]|\d+[.)])\s*)?(.+?)\s*(?:[-–—:=]|\s)\s*(10|[1-9])(?:\s*(?:\/|out of|of)\s*10)?(?:\s*[-–—,;:(].*|\.(?!\d).*|\s+[a-z].*)?$/i

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US')

/** "12 May 2026" from `2026-05-12`, the same on every server. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  const month = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ][(m ?? 1) - 1]
  return `${d} ${month} ${y}`
}

function saved(value: BalanceValue, ctx: Ctx, form: Form): ActionResult<BalanceValue> {
  const gap = firstUnscored(value, ctx)
  const count = areasOf(ctx).length
  return {
    ok: true,
    value,
    announce: gap
      ? `Your scores are saved. You have scored ${count - gap.left} of ${count} areas.`
      : `Your scores are saved. You have scored all ${count} areas.`,
    focus: oneValue(form.item) === 'notes' ? 'save' : gap ? scoreField(gap.index) : 'save',
  }
}

export const lifeBalance: ToolModule<'life-balance', BalanceValue> = {
  name: 'life-balance',
  about:
    'How satisfied you are with each area of your life, from 1 to 10, round by round, so you can see what has changed.',
  shape: object({
    rounds: array(
      object({
        id: itemId,
        takenOn: day,
        scores: record(string().min(1), score),
        notes: string(),
      }),
    ),
  }),
  empty: () => ({ rounds: [] }),
  fromLegacy(text, ctx) {
    const scores = scoresFromText(text, ctx)
    if (Object.keys(scores).length === 0) return { rounds: [] }
    // A fixed id: until the first save, the page and the post after it must agree on it.
    return { rounds: [{ id: 'r1', takenOn: todayIso(), scores, notes: '' }] }
  },
  actions: {
    // Enter in a field, and the "Save my scores" button: keep every score and the notes.
    save(value, form, ctx) {
      const applied = applyScores(value, form, ctx)
      if (!applied.ok) return applied
      return saved(applied.value, ctx, form)
    },
    // Keeps the latest round as it is, and starts an empty one dated today.
    round(value, form, ctx) {
      const applied = applyScores(value, form, ctx)
      if (!applied.ok) return applied
      const refused = unscoredProblem(applied.value, ctx, 'before you start a new round')
      if (refused) return { ok: false, ...refused, kept: keptFields(form) }
      if (applied.value.rounds.length >= MAX_ROUNDS) {
        return {
          ok: false,
          error: `You have kept ${rounds(MAX_ROUNDS)}, the most this tool holds. You can still change the latest one`,
          field: 'new-round',
          kept: keptFields(form),
        }
      }
      const next: BalanceRound = { id: newId(), takenOn: todayIso(), scores: {}, notes: '' }
      const all = [...applied.value.rounds, next]
      return {
        ok: true,
        value: { rounds: all },
        announce: `Round ${all.length} is started, dated today. Your earlier ${all.length === 2 ? 'round is' : 'rounds are'} kept.`,
        focus: scoreField(1),
      }
    },
    done(value, form, ctx) {
      const applied = applyScores(value, form, ctx)
      if (!applied.ok) return applied
      return { ok: true, value: applied.value, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    if (value.rounds.length > MAX_ROUNDS) {
      return { error: `This tool holds at most ${rounds(MAX_ROUNDS)}`, field: 'new-round' }
    }
    if (!finishing || ctx.optional) return null
    return unscoredProblem(value, ctx, 'before you continue')
  },
  async domain(db, save, value, seal) {
    const rows = await Promise.all(
      value.rounds.map(async (r) => ({
        id: r.id,
        takenOn: r.takenOn,
        notesCt: r.notes ? await seal('life_balance_rounds', r.id, r.notes) : null,
        scores: Object.entries(r.scores).map(([area, score]) => ({ area, score })),
      })),
    )
    return balanceWrites(db, save, rows)
  },
  lines(value, ctx) {
    const last = value.rounds[value.rounds.length - 1]
    if (!last) return []
    const before = value.rounds[value.rounds.length - 2]
    const areas = areasOf(ctx)
    const named = [...areas, ...Object.keys(last.scores).filter((a) => !areas.includes(a))]
    const scored = named
      .filter((a) => last.scores[a] !== undefined)
      .map((a) => {
        const was = before?.scores[a]
        return `${a}: ${last.scores[a]} of ${SCORE_MAX}${was === undefined ? '' : ` (was ${was})`}`
      })
    if (scored.length === 0 && !last.notes) return []
    const when =
      value.rounds.length === 1
        ? `Scored on ${longDate(last.takenOn)}`
        : `Round ${value.rounds.length}, started ${longDate(last.takenOn)}; the round before it was started ${longDate(before!.takenOn)}`
    return [when, ...scored, ...(last.notes ? [`Notes: ${last.notes}`] : [])]
  },
  view(value, ctx) {
    return {
      tool: 'life-balance',
      areas: areasOf(ctx),
      rounds: value.rounds,
      min: SCORE_MIN,
      max: SCORE_MAX,
      ends: SCORE_ENDS,
      full: value.rounds.length >= MAX_ROUNDS,
    }
  },
}
