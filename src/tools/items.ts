/**
 * What the list-like tools share: items with stable ids, the learner's edits to them from the
 * posted form, moving one up or down, and the checks on a piece of text.
 */
import { array, object, string } from 'zod'
import { randomBytes, toBase64Url } from '../lib/bytes'
import { oneValue } from '../lib/forms'
import { textProblem } from '../workbook/answers'
import type { Form } from './types'

import type { Item } from './values'

export type { Item }

export const itemId = string().regex(/^[A-Za-z0-9_-]{1,32}$/)
export const itemsShape = array(object({ id: itemId, text: string() }))

/** Where new ids come from while an action runs (`withIdsFrom`); random otherwise. */
let idSource: (() => string) | null = null

/** A fresh item id. */
export const newId = () => idSource?.() ?? toBase64Url(randomBytes(6))

/**
 * Runs a tool's action with its new ids drawn from `seed` (the form's submission id and base
 * version), so the same form sent twice at once, a double click, makes the very same value, and
 * the second is recognised as a repeat of the first rather than a change from elsewhere. The
 * ids only need to be distinct within one learner's value; they are not secrets.
 * @example const result = withIdsFrom(`${submissionId}:${baseVersion}`, () => module.actions.add(value, form, ctx))
 */
export function withIdsFrom<T>(seed: string, act: () => T): T {
  const previous = idSource
  let n = 0
  idSource = () => seededId(`${seed}:${n++}`)
  try {
    return act()
  } finally {
    idSource = previous
  }
}

/** Six bytes from two 32-bit FNV-1a hashes of `text` (with different offsets), in base64url. */
function seededId(text: string): string {
  const hash = (offset: number) => {
    let h = offset >>> 0
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i)
      h = Math.imul(h, 0x01000193) >>> 0
    }
    return h
  }
  const [a, b] = [hash(0x811c9dc5), hash(0x1b873593)]
  return toBase64Url(
    new Uint8Array([
      a >>> 24,
      (a >>> 16) & 255,
      (a >>> 8) & 255,
      a & 255,
      b >>> 24,
      (b >>> 16) & 255,
    ]),
  )
}

/** The most characters one item may have. */
export const ITEM_MAX = 300

const thousands = (n: number) => n.toLocaleString('en-US')

/**
 * Posted text, cleaned (line endings, outer space) and checked: never changed silently beyond
 * that, never stored when it holds hidden characters or runs past `max`.
 */
export function readText(
  raw: unknown,
  max: number,
): { ok: true; text: string } | { ok: false; error: string } {
  const text = oneValue(raw).replace(/\r\n?/g, '\n').trim()
  const problem = textProblem(text)
  if (problem) return { ok: false, error: problem }
  const length = [...text].length
  if (length > max) {
    return {
      ok: false,
      error: `This must be ${thousands(max)} characters or fewer. It is ${thousands(length)} now`,
    }
  }
  return { ok: true, text }
}

/** The form field that edits an item's text. */
export const textField = (id: string) => `text-${id}`

/**
 * Applies the learner's edits to the items' texts (`text-<id>` fields). A field that is absent
 * leaves its item as it was; an emptied item is a problem, so nothing is removed by accident.
 */
export function applyEdits(
  items: Item[],
  form: Form,
  noun: string,
):
  | { ok: true; items: Item[] }
  | { ok: false; error: string; field: string; kept: Record<string, string> } {
  const out: Item[] = []
  for (const [i, item] of items.entries()) {
    const field = textField(item.id)
    if (!(field in form)) {
      out.push(item)
      continue
    }
    const read = readText(form[field], ITEM_MAX)
    const kept = keptEdits(items, form)
    if (!read.ok)
      return { ok: false, error: `${capital(noun)} ${i + 1}: ${read.error}`, field, kept }
    if (read.text === '') {
      return {
        ok: false,
        error: `${capital(noun)} ${i + 1} is empty. Write something, or remove it`,
        field,
        kept,
      }
    }
    out.push({ id: item.id, text: read.text })
  }
  return { ok: true, items: out }
}

/** What the learner typed into the edit fields, to show again with a problem. */
export function keptEdits(items: Item[], form: Form): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const item of items) {
    const field = textField(item.id)
    if (field in form) kept[field] = oneValue(form[field])
  }
  for (const key of ['new', 'new-name']) if (key in form) kept[key] = oneValue(form[key])
  return kept
}

/** Moves the item with `id` one place up (-1) or down (+1); null when it is not in the list. */
export function move<T extends { id: string }>(
  items: T[],
  id: string,
  by: -1 | 1,
): { items: T[]; position: number } | null {
  const from = items.findIndex((item) => item.id === id)
  if (from < 0) return null
  const to = Math.min(items.length - 1, Math.max(0, from + by))
  const next = [...items]
  const [moved] = next.splice(from, 1)
  next.splice(to, 0, moved!)
  return { items: next, position: to + 1 }
}

/** The learner's plain-text answer split into items, one per non-empty line, bullets removed. */
export function linesOf(text: string, max = ITEM_MAX): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((line) => line !== '')
    .map((line) => [...line].slice(0, max).join(''))
}

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** A count with its noun: `plural(1, 'entry', 'entries')` is "1 entry". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** Every text field the learner posted (not the form's own hidden fields), to show again. */
export function keptFields(form: Form): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [key, value] of Object.entries(form)) {
    if (['version', 'submission', 'item'].includes(key)) continue
    const text = oneValue(value)
    if (typeof value === 'string' || Array.isArray(value)) kept[key] = text
  }
  return kept
}
