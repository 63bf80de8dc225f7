/**
 * An exercise's thread, assembled from its view model: which block each item is, in which state,
 * and where focus goes after an htmx swap. The full page and the fragments both use it.
 */
import { ToolBlock } from '../tools/tool-block'
import type { ToolFrame, ToolView } from '../tools/tool'
import { AnsweredBlock, ContentBlock, EndBlock, QuestionBlock } from './blocks'
import type { Answer, AnswerValue, Echo, QuestionView } from './question'

/** One visible item of the thread, in walk order. */
export type ThreadItemView =
  | {
      type: 'content'
      localId: string
      text: string
      /** The earlier answers its `{{tokens}}` quote, by token. */
      mentions?: Readonly<Record<string, Echo>>
    }
  | {
      type: 'answered'
      localId: string
      question: QuestionView
      answer: Answer
      /** The id of the form this block shows when it is changed. */
      submissionId: string
    }
  | { type: 'current'; localId: string; question: QuestionView; submissionId: string }
  /** An interactive tool, in whichever state its frame says. */
  | { type: 'tool'; localId: string; frame: ToolFrame; view: ToolView }

/** Where the learner goes when the exercise is complete. */
export type ThreadEnd = {
  next: { id: string; title: string; moduleTitle: string } | null
  /** The next exercise is in the same module (no "this starts a new module" note). */
  sameModule: boolean
}

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

/**
 * One thread item as its block, with `override` applied when it names this item.
 * @example <ThreadItem item={item} override={{ mode: 'edit', localId: item.localId }} autofocus />
 */
export function ThreadItem(props: {
  item: ThreadItemView
  override?: Override
  /** Show the error summary inside the block (an htmx swap does not re-render the page's top). */
  inlineSummary?: boolean
  autofocus?: boolean
}) {
  const { item, autofocus } = props
  if (item.type === 'content') {
    return (
      <ContentBlock
        localId={item.localId}
        text={item.text}
        mentions={item.mentions}
        autofocus={autofocus}
      />
    )
  }
  if (item.type === 'tool') {
    return (
      <ToolBlock
        frame={item.frame}
        view={item.view}
        inlineSummary={props.inlineSummary}
        autofocus={autofocus}
      />
    )
  }
  const { question, submissionId } = item
  const o = props.override?.localId === item.localId ? props.override : undefined
  const answer = item.type === 'answered' ? item.answer : undefined
  if (o?.mode === 'conflict') {
    return (
      <QuestionBlock
        question={question}
        mode="conflict"
        value={o.mine}
        saved={o.saved}
        version={o.saved.version}
        submissionId={submissionId}
        autofocus={autofocus}
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
        submissionId={submissionId}
        replacing={o.wasAnswered && answer?.unreadable}
        inlineSummary={props.inlineSummary}
        autofocus={autofocus}
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
        submissionId={submissionId}
        replacing={answer.unreadable}
        autofocus={autofocus}
      />
    )
  }
  if (answer) return <AnsweredBlock question={question} answer={answer} autofocus={autofocus} />
  return (
    <QuestionBlock
      question={question}
      mode="current"
      value={question.initial}
      version={0}
      submissionId={submissionId}
      autofocus={autofocus}
    />
  )
}

/**
 * The thread's items from index `from` on, then the end block when the exercise is complete
 * (`end` is set). With `autofocusFirst` (a swap that appended new blocks), the first rendered
 * block takes focus.
 */
export function Thread(props: {
  items: ThreadItemView[]
  end: ThreadEnd | null
  override?: Override
  from?: number
  autofocusFirst?: boolean
}) {
  const shown = props.items.slice(props.from ?? 0)
  const focusFirst = props.autofocusFirst === true
  type Row = Parameters<typeof EndBlock>[0]['summary'][number]
  const summary = props.items.flatMap((item): Row[] =>
    item.type === 'answered'
      ? [{ label: item.question.label, question: item.question, answer: item.answer }]
      : item.type === 'tool'
        ? [{ label: item.frame.label, lines: item.frame.lines }]
        : [],
  )
  return (
    <>
      {shown.map((item, i) => (
        <ThreadItem item={item} override={props.override} autofocus={focusFirst && i === 0} />
      ))}
      {props.end ? (
        <EndBlock
          summary={summary}
          next={props.end.next}
          sameModule={props.end.sameModule}
          autofocus={focusFirst && shown.length === 0}
        />
      ) : null}
    </>
  )
}
