/** Maps placements, answers and the thread to the view models the workbook views declare. */
import type { AnswerablePlacement } from '../content/model'
import { NOTHING_CONNECTED, type Connected, type Resolved } from '../connections/resolve'
import { echoOf, hydrateText, itemNoun, prefillItems } from '../connections/present'
import { bringable } from '../tools/act'
import { TOOLS } from '../content/tools'
import type { ExerciseContext } from '../db/workbook'
import type { QuestionControl, QuestionView } from '../../views/workbook/question'
import type { ThreadEnd, ThreadItemView } from '../../views/workbook/thread'
import { randomBytes, toBase64Url } from '../lib/bytes'
import { isToolAnswer, questionOf } from './answers'
import { localIdOf, type Thread } from './thread'
import { toolModule } from '../tools/registry'
import { contextOf, toolItem, toolState, type ToolState } from '../tools/present'
import type { ToolRefs } from '../tools/reads'

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

/**
 * A tool block shown other than its thread state says: reopened to change, or with a problem
 * (422), or after meeting a newer version (409).
 */
export type ToolOverride = {
  localId: string
  state?: 'edit'
  error?: { field: string; message: string }
  kept?: Record<string, string>
  notice?: string
  focus?: string
  /** Query parameters the tool's actions carry (a search kept on screen). */
  query?: Record<string, string>
  /** The value to show instead of the stored one (what an action made, refused). */
  toolState?: ToolState
}

/** The thread's items as the views show them. Built tools become tool blocks. */
export function threadItems(
  thread: Thread,
  opts: { refs?: ToolRefs; tool?: ToolOverride; connected?: Connected } = {},
): ThreadItemView[] {
  const siblings = siblingValues(thread)
  const connected = opts.connected ?? NOTHING_CONNECTED
  return thread.items.map((item): ThreadItemView => {
    const here = connected.get(item.placement.id) ?? []
    if (item.type === 'content') {
      const mentions = Object.fromEntries(
        here.filter((r) => r.params.as).map((r) => [r.params.as!, echoOf(r)]),
      )
      return {
        type: 'content',
        localId: item.localId,
        text: item.placement.config.text,
        ...(here.length ? { mentions } : {}),
      }
    }
    // Each form shown gets its own submission id, so a retry of it is known as already saved.
    const submissionId = toBase64Url(randomBytes(16))
    const module = item.placement.kind === 'tool' ? toolModule(item.placement.config.tool) : null
    if (item.placement.kind === 'tool' && module) {
      const o = opts.tool?.localId === item.localId ? opts.tool : undefined
      const refs = opts.refs?.get(module.name) ?? null
      const ctx = contextOf(item.placement, refs, siblings)
      const answer = item.answer
      // A finished tool is a summary, unless it is reopened or its last change had a problem.
      const reopened = o?.state === 'edit' || !!o?.error || !!o?.notice
      const state = item.type === 'answered' ? (reopened ? 'edit' : 'answered') : 'current'
      const prefill = prefillItems(here)
      const current = o?.toolState ?? toolState(module, answer, ctx, prefill)
      const fresh = bringable(module, current, prefill)
      const tool = toolItem(module, item.placement, {
        state,
        siblings,
        toolState: current,
        echoes: here.map((r) => echoOf(r, r.use === 'prefill' && !!current.prefilled)),
        bringIn: fresh.length
          ? { count: fresh.length, noun: itemNoun(item.placement), from: prefillTitles(here) }
          : undefined,
        version: answer?.version ?? 0,
        submissionId,
        refs,
        error: o?.error,
        kept: o?.kept,
        notice: o?.notice,
        focus: o?.focus,
        query: o?.query,
      })
      return { type: 'tool', localId: item.localId, ...tool }
    }
    const question: QuestionView = {
      ...questionView(item.placement),
      ...(here.length ? { echoes: here.map((r) => echoOf(r, isHydrate(r) && !item.answer)) } : {}),
    }
    const initial = hydrateText(here)
    if (
      initial &&
      !item.answer &&
      (question.control === 'text' || question.control === 'textarea')
    ) {
      question.initial = [...initial].slice(0, question.maxLength).join('')
    }
    return item.type === 'answered'
      ? { type: 'answered', localId: item.localId, question, answer: item.answer, submissionId }
      : { type: 'current', localId: item.localId, question, submissionId }
  })
}

const isHydrate = (r: Resolved) => r.use === 'hydrate' || r.use === 'prefill'

/** The exercises a block's prefill connections come from, each once. */
const prefillTitles = (here: readonly Resolved[]) => [
  ...new Set(here.filter((r) => r.use === 'prefill').map((r) => r.from.exerciseTitle)),
]

/** The tool values of an exercise's answered blocks, by local id: what one tool may build on. */
export function siblingValues(thread: Thread): Map<string, unknown> {
  const values = new Map<string, unknown>()
  for (const item of thread.items) {
    if (item.type === 'content' || !item.answer || item.answer.unreadable) continue
    const value = item.answer.value
    if (isToolAnswer(value)) values.set(item.localId, value.data)
  }
  return values
}

/** Where a complete exercise leads; null while it is not complete. */
export function threadEnd(context: ExerciseContext, thread: Thread): ThreadEnd | null {
  if (!thread.complete) return null
  const next = context.next
  return { next, sameModule: !!next && next.moduleTitle === context.moduleTitle }
}
