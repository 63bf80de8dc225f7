/**
 * The ranking: the learner gathers a few items (often the list builder's items from earlier in
 * the exercise), then puts them in order by answering one question at a time, "which matters
 * more to you?", and may adjust the result by hand. Three steps: items, compare, ranked.
 */
import { array, boolean, discriminatedUnion, literal, number, object } from 'zod'
import { rankedItemWrites } from '../../db/tools/ranking'
import { oneValue } from '../../lib/forms'
import {
  applyEdits,
  itemId,
  itemsShape,
  keptEdits,
  linesOf,
  newId,
  move,
  type Item,
  plural,
} from '../items'
import { addNew, unknownItem } from '../list-builder'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { RankingValue } from '../values'
import { answer, begin, mostLeft, mostQuestions, question } from './insertion'

export type { RankingValue }
type Ctx = ToolContext<'ranking', null>

/** The defaults when a placement does not set them. */
export const RANKING_DEFAULTS = { count: 10, itemLabel: 'item' }

/** The most items the first step holds: a whole list builder's list (its own maximum). */
export const MAX_ITEMS = 100

/** The most starting items made from an earlier plain-text answer. */
export const LEGACY_MAX = 20

export const rankingLimits = (ctx: Ctx) => {
  const noun = (ctx.settings.itemLabel ?? RANKING_DEFAULTS.itemLabel).toLowerCase()
  return { count: ctx.settings.count ?? RANKING_DEFAULTS.count, noun, nouns: `${noun}s` }
}
type Limits = ReturnType<typeof rankingLimits>

const comparing = object({
  order: array(itemId).min(1),
  pending: array(itemId).min(1),
  low: number().int().min(0),
  high: number().int().min(1),
  asked: number().int().min(0),
})
// `fromList` is what values saved before the connections marked as started from a list; it is
// still read, and no longer set.
const base = { items: itemsShape.max(MAX_ITEMS), fromList: boolean().optional() }

/** The value's structure: its ids unique, and comparisons that account for every item once. */
export const rankingShape = discriminatedUnion('step', [
  object({ step: literal('items'), ...base }),
  object({ step: literal('compare'), ...base, compare: comparing }),
  object({ step: literal('ranked'), ...base }),
]).superRefine((value, issue) => {
  const ids = value.items.map((item) => item.id)
  if (new Set(ids).size !== ids.length) {
    issue.addIssue({ code: 'custom', message: 'an item id is used twice' })
  }
  if (value.step !== 'compare') return
  const c = value.compare
  const placed = [...c.order, ...c.pending]
  if (placed.length !== ids.length || !ids.every((id) => placed.includes(id))) {
    issue.addIssue({ code: 'custom', message: 'the comparisons do not match the items' })
  }
  if (!(c.low < c.high && c.high <= c.order.length)) {
    issue.addIssue({ code: 'custom', message: 'the comparisons are out of range' })
  }
})

/** Where a problem with the step the learner is on links to: a control that is on the page. */
const stepField = (value: RankingValue) =>
  value.step === 'items' ? 'start' : value.step === 'compare' ? 'choice-1' : 'ranked'

/**
 * The items step: the learner's edits kept, and what is typed in the new field added (it must
 * be there when `required`, the Add button).
 */
function keepTyped(
  value: Extract<RankingValue, { step: 'items' }>,
  form: Form,
  ctx: Ctx,
  required: boolean,
): ActionResult<RankingValue> {
  const l = rankingLimits(ctx)
  const typed = typedItems(value, form, l, required)
  if (!typed.ok) return typed
  return {
    ok: true,
    value: { ...value, items: typed.items },
    announce: addedOrSaved(typed.added, typed.items, l),
    focus: 'new',
  }
}

/** An action that belongs to another step (an old page, or another tab): nothing changes. */
function notNow(value: RankingValue, form: Form, error: string): ActionResult<never> {
  return {
    ok: false,
    error,
    field: stepField(value),
    kept: value.step === 'items' ? keptEdits(value.items, form) : undefined,
  }
}

const CHANGED =
  'The page may be out of date, perhaps because it changed in another tab: carry on from here'

/**
 * The first step's edits and any item typed into the add field: what every action of that step
 * starts from, so nothing typed is lost.
 */
function typedItems(
  value: RankingValue,
  form: Form,
  l: Limits,
  required: boolean,
): { ok: true; items: Item[]; added?: string } | (ActionResult<never> & { ok: false }) {
  const edits = applyEdits(value.items, form, l.noun)
  if (!edits.ok) return edits
  const kept = keptEdits(value.items, form)
  const over = edits.items.length - l.count
  if (over > 0 && oneValue(form.new).trim() !== '') {
    return {
      ok: false,
      error: `You have ${plural(edits.items.length, l.noun, l.nouns)}, more than the ${l.count} that can be put in order. Remove ${over} before you add another`,
      field: 'new',
      kept,
    }
  }
  const added = addNew(edits.items, form, { max: l.count, noun: l.noun }, required)
  if (!added.ok) return { ...added, kept }
  return added
}

const addedOrSaved = (added: string | undefined, items: Item[], l: Limits) =>
  added
    ? `Added “${added}”. You have ${plural(items.length, l.noun, l.nouns)}.`
    : 'Your changes are saved.'

function firstQuestion(value: RankingValue, items: Item[], l: Limits): ActionResult<RankingValue> {
  return {
    ok: true,
    value: {
      step: 'compare',
      items,
      fromList: value.fromList,
      compare: begin(items.map((i) => i.id)),
    },
    announce: `Question 1 of at most ${mostQuestions(items.length)}: which matters more to you?`,
    focus: 'choice-1',
  }
}

function moveAction(by: -1 | 1) {
  return (value: RankingValue, form: Form, ctx: Ctx): ActionResult<RankingValue> => {
    if (value.step === 'compare') {
      return notNow(value, form, 'Answer the questions first; then you can move any of them')
    }
    let items = value.items
    if (value.step === 'items') {
      const edits = applyEdits(value.items, form, rankingLimits(ctx).noun)
      if (!edits.ok) return edits
      items = edits.items
    }
    const moved = move(items, oneValue(form.item), by)
    if (!moved) {
      if (value.step === 'items') return unknownItem(value, form)
      return {
        ok: false,
        error: `That item is no longer in your order. ${CHANGED}`,
        field: 'ranked',
      }
    }
    const item = moved.items[moved.position - 1]!
    // At the top or bottom the button just pressed is gone: focus goes to the other one.
    const edge = by < 0 ? moved.position === 1 : moved.position === moved.items.length
    const direction = by < 0 !== edge ? 'up' : 'down'
    return {
      ok: true,
      value: { ...value, items: moved.items },
      announce: `Moved “${item.text}” ${by < 0 ? 'up' : 'down'}. It is now ${moved.position} of ${moved.items.length}.`,
      focus: `${direction}-${item.id}`,
    }
  }
}

/** Starting items for a learner who answered here in plain text: a numbered list keeps its order. */
function legacyLines(text: string): string[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  const numbers = lines.map((line) => /^\s*(\d+)[.)]/.exec(line)?.[1])
  if (lines.length < 2 || numbers.some((n) => n === undefined)) return linesOf(text)
  const sorted = lines
    .map((line, i) => ({ line, n: Number(numbers[i]), i }))
    .sort((a, b) => a.n - b.n || a.i - b.i)
  return linesOf(sorted.map((s) => s.line).join('\n'))
}

export const ranking: ToolModule<'ranking', RankingValue> = {
  name: 'ranking',
  about: 'What matters most to you, put in order by comparing two at a time.',
  shape: rankingShape,
  // A ranking's starting items come from its prefill connections (src/connections).
  empty: () => ({ step: 'items', items: [] }),
  // Ids made from the line's place, for the same reason: the page and the post agree on them.
  fromLegacy: (text) => ({
    step: 'items',
    items: legacyLines(text)
      .slice(0, LEGACY_MAX)
      .map((line, i) => ({ id: `l${i + 1}`, text: line })),
  }),
  actions: {
    // What Enter in any field does: keep the edits, and add what is typed in the new field.
    save(value, form, ctx) {
      if (value.step !== 'items') return { ok: true, value, announce: 'Your changes are saved.' }
      return keepTyped(value, form, ctx, false)
    },
    add(value, form, ctx) {
      if (value.step !== 'items') {
        return notNow(
          value,
          form,
          `To add one, first choose “Change your ${rankingLimits(ctx).nouns}”`,
        )
      }
      return keepTyped(value, form, ctx, true)
    },
    remove(value, form, ctx) {
      if (value.step !== 'items') {
        return notNow(
          value,
          form,
          `To remove one, first choose “Change your ${rankingLimits(ctx).nouns}”`,
        )
      }
      const l = rankingLimits(ctx)
      const edits = applyEdits(value.items, form, l.noun)
      if (!edits.ok) return edits
      const id = oneValue(form.item)
      const gone = edits.items.find((item) => item.id === id)
      if (!gone) return unknownItem(value, form)
      const items = edits.items.filter((item) => item.id !== id)
      return {
        ok: true,
        value: { ...value, items },
        announce: `Removed “${gone.text}”. You have ${plural(items.length, l.noun, l.nouns)}.`,
        focus: 'new',
      }
    },
    up: moveAction(-1),
    down: moveAction(1),
    start(value, form, ctx) {
      if (value.step !== 'items') {
        return notNow(value, form, `You have already started putting them in order. ${CHANGED}`)
      }
      const l = rankingLimits(ctx)
      const typed = typedItems(value, form, l, false)
      if (!typed.ok) return typed
      const { items } = typed
      const kept = keptEdits(value.items, form)
      if (items.length < 2) {
        const more = items.length === 0 ? `two ${l.nouns}` : `one more ${l.noun}`
        return {
          ok: false,
          error: `Add ${more} first: it takes at least two to put in order`,
          field: 'new',
          kept,
        }
      }
      if (items.length > l.count) {
        return {
          ok: false,
          error: `Keep at most ${l.count} ${l.nouns} to put in order. Remove ${items.length - l.count} first`,
          field: 'start',
          kept,
        }
      }
      return firstQuestion(value, items, l)
    },
    choose(value, form) {
      if (value.step !== 'compare') {
        return notNow(value, form, `There is no question to answer now. ${CHANGED}`)
      }
      const { placing, against } = question(value.compare)
      const id = oneValue(form.item)
      if (id !== placing && id !== against) {
        return {
          ok: false,
          error: `That choice is not one of the two shown now. ${CHANGED}`,
          field: 'choice-1',
        }
      }
      const byId = new Map(value.items.map((item) => [item.id, item]))
      const chosen = byId.get(id)!.text
      const next = answer(value.compare, id === placing)
      if ('done' in next) {
        const items = next.done.map((i) => byId.get(i)!)
        return {
          ok: true,
          value: { step: 'ranked', items, fromList: value.fromList },
          announce: `You chose “${chosen}”. That was the last question: “${items[0]!.text}” comes first. Move any of them if the order does not feel right.`,
          focus: 'ranked',
        }
      }
      return {
        ok: true,
        value: { ...value, compare: next },
        announce: `You chose “${chosen}”. Question ${next.asked + 1}.`,
        focus: 'choice-1',
      }
    },
    restart(value, form, ctx) {
      if (value.step === 'items') {
        return notNow(value, form, 'There are no questions to start again yet')
      }
      return firstQuestion(value, value.items, rankingLimits(ctx))
    },
    'edit-items'(value, form, ctx) {
      const l = rankingLimits(ctx)
      if (value.step === 'items') return ranking.actions.save!(value, form, ctx)
      return {
        ok: true,
        value: { step: 'items', items: value.items, fromList: value.fromList },
        announce:
          value.step === 'ranked'
            ? `Back to your ${l.nouns}. Your order is cleared: put them in order again when you are ready.`
            : `Back to your ${l.nouns}. Your answers so far are cleared.`,
        focus: 'new',
      }
    },
    done(value, form, ctx) {
      if (value.step === 'ranked') return { ok: true, value, announce: 'Saved.' }
      const l = rankingLimits(ctx)
      if (value.step === 'compare') {
        return notNow(value, form, `Put your ${l.nouns} in order first: answer the question below`)
      }
      const typed = typedItems(value, form, l, false)
      if (!typed.ok) return typed
      // An optional ranking may be left empty.
      if (ctx.optional && typed.items.length === 0) {
        return { ok: true, value: { ...value, items: [] }, announce: 'Saved.' }
      }
      return notNow(
        value,
        form,
        `Put your ${l.nouns} in order first: choose “Start putting them in order”`,
      )
    },
  },
  check(value, ctx, finishing) {
    const l = rankingLimits(ctx)
    const field = stepField(value)
    if (value.items.length > MAX_ITEMS) {
      return { error: `This can hold at most ${MAX_ITEMS} ${l.nouns}. Remove some`, field }
    }
    if (!finishing) return null
    if (ctx.optional && value.step === 'items' && value.items.length === 0) return null
    if (value.step !== 'ranked') return { error: `Put your ${l.nouns} in order first`, field }
    if (value.items.length > l.count) {
      const over = value.items.length - l.count
      return {
        error: `Keep at most ${l.count} ${l.nouns}: choose “Change your ${l.nouns}” and remove ${over}`,
        field,
      }
    }
    return null
  },
  async domain(db, save, value, seal) {
    if (value.step !== 'ranked') return rankedItemWrites(db, save, [])
    const ranked = await Promise.all(
      value.items.map(async (item) => ({
        id: item.id,
        textCt: await seal('ranked_items', item.id, item.text),
      })),
    )
    return rankedItemWrites(db, save, ranked)
  },
  texts: (value) => value.items.map((item) => item.text),
  // New items join the end: a ranked list stays ranked, with them last, to move by hand; a
  // comparison in progress places them too.
  addItems(value, texts) {
    const room = Math.max(0, MAX_ITEMS - value.items.length)
    const added = texts.slice(0, room).map((text) => ({ id: newId(), text }))
    const items = [...value.items, ...added]
    if (value.step !== 'compare') return { ...value, items }
    return {
      ...value,
      items,
      compare: { ...value.compare, pending: [...value.compare.pending, ...added.map((i) => i.id)] },
    }
  },
  lines(value) {
    if (value.step === 'ranked') return value.items.map((item, i) => `${i + 1}. ${item.text}`)
    if (value.items.length === 0) return []
    return ['Not in order yet:', ...value.items.map((item) => item.text)]
  },
  view(value, ctx) {
    const l = rankingLimits(ctx)
    const common = {
      tool: 'ranking' as const,
      items: value.items,
      ...l,
      mostQuestions: mostQuestions(Math.min(value.items.length, l.count)),
    }
    if (value.step !== 'compare') return { ...common, step: value.step }
    const c = value.compare
    const { placing, against } = question(c)
    const byId = new Map(value.items.map((item) => [item.id, item]))
    // The item being placed is shown first and second in turn, so neither place leads.
    const [first, second] = c.asked % 2 === 0 ? [placing, against] : [against, placing]
    return {
      ...common,
      step: 'compare',
      question: {
        number: c.asked + 1,
        moreAtMost: mostLeft(c),
        first: byId.get(first)!,
        second: byId.get(second)!,
      },
    }
  },
}
