/** Maps placements, answers and the thread to the view models the workbook views declare. */
import type { AnswerablePlacement } from '../content/model'
import { TOOLS } from '../content/tools'
import type { ExerciseContext } from '../db/workbook'
import type { QuestionControl, QuestionView } from '../../views/workbook/question'
import type { ThreadEnd, ThreadItemView } from '../../views/workbook/thread'
import { randomBytes, toBase64Url } from '../lib/bytes'
import { questionOf } from './answers'
import { localIdOf, type Thread } from './thread'

/** The view model of an answerable placement. */
export function questionView(placement: AnswerablePlacement): QuestionView {
  const question = questionOf(placement)
  let control: QuestionControl
  switch (question.prompt) {
    case 'text':
    case 'textarea':
      control = { control: question.prompt, maxLength: question.maxLength }
      break
    case 'slider': {
      const { min, max, minLabel, maxLabel } = question
      control = { control: 'slider', min, max, minLabel, maxLabel }
      break
    }
    default:
      control = { control: question.prompt, options: question.options }
  }
  return {
    placementId: placement.id,
    exerciseId: placement.exerciseId,
    localId: localIdOf(placement),
    label: question.label,
    hint: question.hint,
    optional: !!question.optional,
    ...control,
    tool:
      placement.kind === 'tool'
        ? { name: placement.config.tool, title: TOOLS[placement.config.tool].title }
        : undefined,
  }
}

/** The thread's items as the views show them. */
export function threadItems(thread: Thread): ThreadItemView[] {
  return thread.items.map((item): ThreadItemView => {
    if (item.type === 'content') {
      return { type: 'content', localId: item.localId, text: item.placement.config.text }
    }
    const question = questionView(item.placement)
    // Each form shown gets its own submission id, so a retry of it is known as already saved.
    const submissionId = toBase64Url(randomBytes(16))
    return item.type === 'answered'
      ? { type: 'answered', localId: item.localId, question, answer: item.answer, submissionId }
      : { type: 'current', localId: item.localId, question, submissionId }
  })
}

/** Where a complete exercise leads; null while it is not complete. */
export function threadEnd(context: ExerciseContext, thread: Thread): ThreadEnd | null {
  if (!thread.complete) return null
  const next = context.next
  return { next, sameModule: !!next && next.moduleTitle === context.moduleTitle }
}
