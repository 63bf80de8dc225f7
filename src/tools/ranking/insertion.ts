/**
 * Putting items in order by asking about two at a time: binary insertion. The order so far is
 * kept; each item still waiting is placed in it by a binary search, one question per step. For
 * n items that is at most the sum of ⌈log₂(k + 1)⌉ for k = 1 … n − 1 questions (25 for 10).
 */
import type { Comparing } from '../values'

/** The least k with 2^k ≥ n: the most questions a binary search among n places needs. */
export function ceilLog2(n: number): number {
  let k = 0
  while (2 ** k < n) k++
  return k
}

/** The comparisons for `ids` (at least two), before the first question. */
export function begin(ids: readonly string[]): Comparing {
  return { order: ids.slice(0, 1), pending: ids.slice(1), low: 0, high: 1, asked: 0 }
}

const middle = (c: Comparing) => Math.floor((c.low + c.high) / 2)

/** The question now: the item being placed, and the one in the order it is weighed against. */
export function question(c: Comparing): { placing: string; against: string } {
  return { placing: c.pending[0]!, against: c.order[middle(c)]! }
}

/**
 * The comparisons after one answer: `placingMatters` is true when the item being placed matters
 * more than the one it was weighed against. When the last item finds its place, the whole order.
 */
export function answer(c: Comparing, placingMatters: boolean): Comparing | { done: string[] } {
  const mid = middle(c)
  const low = placingMatters ? c.low : mid + 1
  const high = placingMatters ? mid : c.high
  const asked = c.asked + 1
  if (low < high) return { ...c, low, high, asked }
  const order = [...c.order]
  order.splice(low, 0, c.pending[0]!)
  const pending = c.pending.slice(1)
  if (pending.length === 0) return { done: order }
  return { order, pending, low: 0, high: order.length, asked }
}

/** The most questions that can follow the one asked now. */
export function mostLeft(c: Comparing): number {
  let left = ceilLog2(c.high - c.low + 1) - 1
  for (let i = 1; i < c.pending.length; i++) left += ceilLog2(c.order.length + i + 1)
  return left
}

/** The most questions putting n items in order can take. */
export function mostQuestions(n: number): number {
  let most = 0
  for (let k = 1; k < n; k++) most += ceilLog2(k + 1)
  return most
}
