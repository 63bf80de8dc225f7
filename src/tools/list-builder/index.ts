/**
 * The list builder: the learner adds, edits, removes and reorders short items, between the
 * placement's minimum and maximum. Placed many times; each placement has its own label, hint
 * and item noun.
 */
import { object } from 'zod'
import { listItemWrites } from '../../db/tools/list-builder'
import { oneValue } from '../../lib/forms'
import {
  applyEdits,
  itemsShape,
  keptEdits,
  linesOf,
  move,
  newId,
  readText,
  ITEM_MAX,
  type Item,
  plural,
} from '../items'
import type { ActionResult, Form, ToolContext, ToolModule } from '../types'
import type { ListValue } from '../values'

export type { ListValue }
type Ctx = ToolContext<'list-builder', null>

/** The defaults when a placement does not set them. */
export const LIST_DEFAULTS = { minItems: 1, maxItems: 20, itemLabel: 'item' }

export const listLimits = (ctx: Ctx) => ({
  min: ctx.optional ? 0 : (ctx.settings.minItems ?? LIST_DEFAULTS.minItems),
  max: ctx.settings.maxItems ?? LIST_DEFAULTS.maxItems,
  noun: (ctx.settings.itemLabel ?? LIST_DEFAULTS.itemLabel).toLowerCase(),
})

/** Edits first, then the action: every button posts the whole form, so no typing is lost. */
function edited(value: ListValue, form: Form, ctx: Ctx) {
  return applyEdits(value.items, form, listLimits(ctx).noun)
}

/** Adds the item typed into `new`, if any; a problem when there is no room or it is invalid. */
export function addNew(
  items: Item[],
  form: Form,
  ctx: { max: number; noun: string },
  required: boolean,
): { ok: true; items: Item[]; added?: string } | { ok: false; error: string; field: string } {
  const read = readText(form.new, ITEM_MAX)
  if (!read.ok) return { ok: false, error: read.error, field: 'new' }
  if (read.text === '') {
    if (!required) return { ok: true, items }
    return { ok: false, error: `Write the ${ctx.noun} to add`, field: 'new' }
  }
  if (items.length >= ctx.max) {
    return {
      ok: false,
      error: `Your list already has ${plural(items.length, ctx.noun)}, the most it can hold. Remove one to make room`,
      field: 'new',
    }
  }
  return { ok: true, items: [...items, { id: newId(), text: read.text }], added: read.text }
}

function moveAction(by: -1 | 1) {
  return (value: ListValue, form: Form, ctx: Ctx): ActionResult<ListValue> => {
    const edits = edited(value, form, ctx)
    if (!edits.ok) return edits
    const moved = move(edits.items, oneValue(form.item), by)
    if (!moved) return unknownItem(value, form)
    const item = moved.items[moved.position - 1]!
    return {
      ok: true,
      value: { items: moved.items },
      announce: `Moved “${item.text}” ${by < 0 ? 'up' : 'down'}. It is now ${moved.position} of ${moved.items.length}.`,
      focus: `${by < 0 ? 'up' : 'down'}-${item.id}`,
    }
  }
}

/** A button that names an item the learner's list does not have (an old page, or someone else's). */
export function unknownItem(value: { items: Item[] }, form: Form): ActionResult<never> {
  return {
    ok: false,
    error: 'That item is no longer in your list. It may have been removed in another tab',
    field: value.items[0] ? `text-${value.items[0].id}` : 'new',
    kept: keptEdits(value.items, form),
  }
}

export const listBuilder: ToolModule<'list-builder', ListValue> = {
  name: 'list-builder',
  about: 'Short lists you build in the workbook, in your own words and your own order.',
  shape: object({ items: itemsShape }),
  empty: () => ({ items: [] }),
  fromLegacy: (text, ctx) => ({
    items: linesOf(text)
      .slice(0, listLimits(ctx).max)
      // Fixed ids: until the first save, the page and the post after it must agree on them.
      .map((line, i) => ({ id: `l${i + 1}`, text: line })),
  }),
  actions: {
    add(value, form, ctx) {
      const edits = edited(value, form, ctx)
      if (!edits.ok) return edits
      const limits = listLimits(ctx)
      const added = addNew(edits.items, form, limits, true)
      if (!added.ok) return { ...added, kept: keptEdits(value.items, form) }
      return {
        ok: true,
        value: { items: added.items },
        announce: `Added “${added.added}”. Your list has ${plural(added.items.length, limits.noun)}.`,
        focus: 'new',
      }
    },
    // What Enter in any field does: keep the edits, and add what is typed in the new field.
    save(value, form, ctx) {
      const edits = edited(value, form, ctx)
      if (!edits.ok) return edits
      const limits = listLimits(ctx)
      const added = addNew(edits.items, form, limits, false)
      if (!added.ok) return { ...added, kept: keptEdits(value.items, form) }
      const announce = added.added
        ? `Added “${added.added}”. Your list has ${plural(added.items.length, limits.noun)}.`
        : 'Your changes are saved.'
      return { ok: true, value: { items: added.items }, announce, focus: 'new' }
    },
    remove(value, form, ctx) {
      const edits = edited(value, form, ctx)
      if (!edits.ok) return edits
      const id = oneValue(form.item)
      const gone = edits.items.find((item) => item.id === id)
      if (!gone) return unknownItem(value, form)
      const items = edits.items.filter((item) => item.id !== id)
      return {
        ok: true,
        value: { items },
        announce: `Removed “${gone.text}”. Your list has ${plural(items.length, listLimits(ctx).noun)}.`,
        focus: 'new',
      }
    },
    up: moveAction(-1),
    down: moveAction(1),
    done(value, form, ctx) {
      const edits = edited(value, form, ctx)
      if (!edits.ok) return edits
      const added = addNew(edits.items, form, listLimits(ctx), false)
      if (!added.ok) return { ...added, kept: keptEdits(value.items, form) }
      return { ok: true, value: { items: added.items }, announce: 'Saved.' }
    },
  },
  check(value, ctx, finishing) {
    const { min, max, noun } = listLimits(ctx)
    if (value.items.length > max) {
      return { error: `Your list can have at most ${plural(max, noun)}. Remove one`, field: 'new' }
    }
    if (finishing && value.items.length < min) {
      const more = min - value.items.length
      return {
        error: `Add ${more === 1 ? `one more ${noun}` : `${more} more ${noun}s`} before you continue: this list needs at least ${min}`,
        field: 'new',
      }
    }
    return null
  },
  async domain(db, save, value, seal) {
    const items = await Promise.all(
      value.items.map(async (item) => ({
        id: item.id,
        textCt: await seal('list_items', item.id, item.text),
      })),
    )
    return listItemWrites(db, save, items)
  },
  lines: (value) => value.items.map((item) => item.text),
  texts: (value) => value.items.map((item) => item.text),
  addItems: (value, texts, ctx) => ({
    items: [...value.items, ...texts.map((text) => ({ id: newId(), text }))].slice(
      0,
      Math.max(listLimits(ctx).max, value.items.length),
    ),
  }),
  view: (value, ctx) => ({ tool: 'list-builder', value, ...listLimits(ctx) }),
}
