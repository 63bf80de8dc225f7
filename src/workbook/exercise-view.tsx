/**
 * Assembles an exercise's thread from its data: which blocks show, in which state, and where
 * focus goes after an HTMX swap. Shared by the full page and the fragments.
 */
import type { ExerciseData } from '../db/workbook'
import type { Markup } from '../lib/render'
import type { ContentConfig } from '../content'
import type { Answer, AnswerValue } from './answers'
import { questionView, type QuestionView } from './present'
import type { Thread, ThreadItem } from './thread'
import { AnsweredBlock, ContentBlock, EndBlock, QuestionBlock } from '../../views/workbook/blocks'

/** A question shown as a form instead of its normal state: being changed, invalid, or in conflict. */
export type Override =
  | { mode: 'edit'; localId: string }
  | {
      mode: 'invalid'
      localId: string
      error: string
      typed: AnswerValue
      version: number
      wasAnswered: boolean
    }
  | { mode: 'conflict'; localId: string; mine: AnswerValue; saved: Answer }

type Options = { override?: Override; inlineSummary?: boolean; autofocusFrom?: number }

/** One thread item as its block. */
export function renderItem(item: ThreadItem, opts: Options & { autofocus?: boolean } = {}): Markup {
  if (item.type === 'content') {
    return (
      <ContentBlock
        localId={item.localId}
        text={(item.placement.config as ContentConfig).text}
        autofocus={opts.autofocus}
      />
    )
  }
  const question = questionView(item.placement)
  const o = opts.override?.localId === item.localId ? opts.override : undefined
  const answer = item.type === 'answered' ? item.answer : undefined
  if (o?.mode === 'conflict') {
    return (
      <QuestionBlock
        question={question}
        mode="conflict"
        value={o.mine}
        saved={o.saved}
        version={o.saved.version}
        autofocus={opts.autofocus}
      />
    )
  }
  if (o?.mode === 'invalid') {
    return (
      <QuestionBlock
        question={question}
        mode={o.wasAnswered ? 'edit' : 'current'}
        value={o.typed}
        version={o.version}
        error={o.error}
        inlineSummary={opts.inlineSummary}
        autofocus={opts.autofocus}
      />
    )
  }
  if (o?.mode === 'edit' && answer) {
    return (
      <QuestionBlock
        question={question}
        mode="edit"
        value={answer.value}
        version={answer.version}
        autofocus={opts.autofocus}
      />
    )
  }
  if (answer)
    return <AnsweredBlock question={question} answer={answer} autofocus={opts.autofocus} />
  return <QuestionBlock question={question} mode="current" version={0} autofocus={opts.autofocus} />
}

/** The end block, when the exercise is complete. */
function renderEnd(data: ExerciseData, thread: Thread, autofocus = false): Markup {
  if (!thread.complete) return <></>
  const summary: { question: QuestionView; answer: Answer }[] = []
  for (const item of thread.items) {
    if (item.type === 'answered')
      summary.push({ question: questionView(item.placement), answer: item.answer })
  }
  const next = data.context.next
  return (
    <EndBlock
      summary={summary}
      next={next}
      sameModule={!!next && next.moduleTitle === data.context.moduleTitle}
      autofocus={autofocus}
    />
  )
}

/**
 * Thread items from index `from` on, plus the end block if complete. The first rendered block
 * takes focus when `autofocusFirst` is set (a swap that appended new blocks).
 */
export function renderThread(
  data: ExerciseData,
  thread: Thread,
  opts: Options & { from?: number; autofocusFirst?: boolean } = {},
): Markup {
  const from = opts.from ?? 0
  const items = thread.items.slice(from)
  const focusIndex = opts.autofocusFirst ? (items.length > 0 ? 0 : -1) : -1
  return (
    <>
      {items.map((item, i) => renderItem(item, { ...opts, autofocus: i === focusIndex }))}
      {renderEnd(data, thread, opts.autofocusFirst === true && items.length === 0)}
    </>
  )
}
