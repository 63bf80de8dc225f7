/**
 * The exercise as a conversation: what the learner has reached, in walk order. Content blocks
 * and answered prompts up to the first unanswered prompt or unfinished tool (the current one); everything after it
 * stays hidden until it is reached. When every prompt is answered the exercise is complete.
 */
import type { AnswerablePlacement, ContentPlacement, Placement } from '../content/model'
import type { Answer } from './answers'

export type ThreadItem =
  | { type: 'content'; placement: ContentPlacement; localId: string }
  | { type: 'answered'; placement: AnswerablePlacement; localId: string; answer: Answer }
  | {
      type: 'current'
      placement: AnswerablePlacement
      localId: string
      /** A tool's value so far, while the learner is still working in it. */
      answer?: Answer
    }

export type Thread = { items: ThreadItem[]; complete: boolean }

/** The id of a placement within its exercise (`transferable-skills.skill-list` → `skill-list`). */
export function localIdOf(placement: Pick<Placement, 'id' | 'exerciseId'>): string {
  const prefix = `${placement.exerciseId}.`
  return placement.id.startsWith(prefix) ? placement.id.slice(prefix.length) : placement.id
}

/**
 * Builds the visible thread. The next block is always the next placement in ordinal order,
 * never `ordinal + 1`, so deactivated placements leave no holes.
 */
export function buildThread(placements: Placement[], answers: Map<string, Answer>): Thread {
  const items: ThreadItem[] = []
  for (const placement of [...placements].sort((a, b) => a.ordinal - b.ordinal)) {
    const localId = localIdOf(placement)
    if (placement.kind === 'content') {
      items.push({ type: 'content', placement, localId })
      continue
    }
    const answer = answers.get(placement.id)
    if (!answer) {
      items.push({ type: 'current', placement, localId })
      return { items, complete: false }
    }
    if (!answer.complete) {
      // A tool still being worked in: its value so far, and nothing after it yet.
      items.push({ type: 'current', placement, localId, answer })
      return { items, complete: false }
    }
    items.push({ type: 'answered', placement, localId, answer })
  }
  return { items, complete: true }
}
