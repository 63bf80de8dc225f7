/**
 * A learner with everything filled: every answerable block of the real workbook (every prompt
 * kind, every tool) saved in walk order through the app's own routes, each with its own marker
 * text. For the export, import and deletion tests, and anything else that needs "a full account".
 */
import type { Reference, Workbook } from '../src/content'
import { all } from './html'
import { connectionWriters, ToolSession } from './connection-writers'
import { forgetRateLimits } from './sql'

/** Every answerable placement of the workbook in walk order, as the writers see it. */
function walkOrder(workbook: Workbook) {
  const seq = new Map(workbook.exercises.map((e) => [e.id, e.seq]))
  return workbook.placements
    .filter((p) => p.kind !== 'content')
    .sort((a, b) => seq.get(a.exerciseId)! - seq.get(b.exerciseId)! || a.ordinal - b.ordinal)
}

/**
 * Saves every answerable block for the learner of `token`, in walk order, each with
 * `<marker>-<n>` in its text. Returns the texts only this learner wrote (the writers' `private`).
 * @example const markers = await fillAccount(token, workbook, reference, 'Quill-Ärger-🦉')
 */
export async function fillAccount(
  token: string,
  workbook: Workbook,
  reference: Reference,
  marker: string,
): Promise<string[]> {
  const writers = connectionWriters(workbook, reference)
  const written: string[] = []
  let n = 0
  for (const p of walkOrder(workbook)) {
    // A learner saving this much this fast would be paused; this journey is not a learner.
    if (n % 40 === 0) await forgetRateLimits()
    if (p.kind === 'tool' && p.config.tool === 'skill-mastery') {
      // The skills are already tagged in their own blocks: sort each one, and finish.
      const s = await new ToolSession(token, p).open()
      const LEVELS = [3, 1, 2, 5, 4]
      const fields = all(s.block, 'select[name^="level-"]').map((select, i): [string, string] => [
        select.getAttribute('name')!,
        String(LEVELS[i % 5]),
      ])
      await s.act('done', fields)
      n++
      continue
    }
    // `before` the block itself: each writer saves its own block and nothing after it.
    const w = await writers.writeSource(token, p.id, `${marker}-${++n}`, { before: p.id })
    written.push(...w.private)
  }
  return written
}
