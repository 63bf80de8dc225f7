import { Button } from '../components/button'
import { ErrorSummary } from '../components/error-summary'
import type { ExercisePlace } from './question'
import { fieldId } from './question-control'
import { errorHref } from '../tools/tool'
import { Thread, type Override, type ThreadEnd, type ThreadItemView } from './thread'
import { UnshownProblem, type Unshown } from './held-answer'

/** Where the exercise sits: part, module, and "exercise 3 of 6". */
export function Position(props: { place: ExercisePlace }) {
  const p = props.place
  return (
    <nav class="dt-position" aria-label="Where you are">
      <ol class="dt-breadcrumbs">
        <li>
          <a href={`/workbook/contents#part-${p.partId}`}>{p.partTitle}</a>
        </li>
        <li>
          <a href={`/workbook/contents#module-${p.moduleId}`}>{p.moduleTitle}</a>
        </li>
        <li aria-current="page">
          Exercise {p.position} of {p.moduleSize}
        </li>
      </ol>
    </nav>
  )
}

/** What the error summary says of a conflict, linking to the question to choose in. */
export const CONFLICT_MESSAGE =
  'This answer was changed somewhere else after you opened the page. Choose which version to keep'

/** A tool's problem, for the summary at the top: its error, or the note that it changed elsewhere. */
function toolProblem(items: ThreadItemView[]) {
  for (const item of items) {
    if (item.type !== 'tool') continue
    const f = item.frame
    if (f.error) return { href: errorHref(f, f.error.field), message: f.error.message }
    if (f.notice) return { href: `#b-${f.localId}`, message: f.notice }
  }
  return undefined
}

/** An exercise as a thread: the workbook's words, the learner's answers, the current question. */
export function ExercisePage(props: {
  place: ExercisePlace
  items: ThreadItemView[]
  end: ThreadEnd | null
  override?: Override
  /** A problem with a block this page does not show: the summary links to the words instead. */
  unshown?: Unshown
}) {
  const p = props.place
  const o = props.override
  const u = props.unshown
  // An invalid answer and a conflict are both flagged at the top, each linking to its question.
  const problem =
    o?.mode === 'invalid'
      ? { href: `#${fieldId(o.localId)}`, message: o.error }
      : o?.mode === 'conflict'
        ? { href: `#${fieldId(o.localId)}`, message: CONFLICT_MESSAGE }
        : toolProblem(props.items)
  return (
    <>
      {u ? <UnshownProblem unshown={u} /> : problem ? <ErrorSummary errors={[problem]} /> : null}
      <Position place={p} />
      <h1>{p.title}</h1>
      <ol class="dt-thread" id="thread">
        <Thread items={props.items} end={props.end} override={props.override} />
      </ol>
      <nav class="dt-pager" aria-label="Exercises">
        <ul>
          {p.previous ? (
            <li>
              <a href={`/workbook/${p.previous.id}`} rel="prev">
                Previous: {p.previous.title}
              </a>
            </li>
          ) : null}
          <li>
            <a href="/workbook/contents">All exercises</a>
          </li>
        </ul>
      </nav>
    </>
  )
}

/** An exercise the learner has not reached yet: says what comes first. */
export function NotYetPage(props: {
  place: ExercisePlace
  frontier: { id: string; title: string }
  /** Words a learner sent to this exercise before reaching it: shown, so they are not lost. */
  unsaved?: string
}) {
  return (
    <>
      <Position place={props.place} />
      <h1>{props.place.title}</h1>
      <p>This exercise builds on the ones before it, so it opens once you reach it.</p>
      {props.unsaved ? (
        <div class="dt-answer dt-held">
          <p class="dt-answer__who">What you wrote here was not saved. Here it is, to copy:</p>
          <p class="dt-answer__text">{props.unsaved}</p>
        </div>
      ) : null}
      <p>
        You are currently on <strong>{props.frontier.title}</strong>.
      </p>
      <p>
        <Button href={`/workbook/${props.frontier.id}`}>Go to {props.frontier.title}</Button>
      </p>
      <p>
        <a href="/workbook/contents">See all exercises</a>
      </p>
    </>
  )
}
