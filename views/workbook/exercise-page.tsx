import type { Child } from 'hono/jsx'
import type { ExerciseContext } from '../../src/db/workbook'
import { Button } from '../components/button'
import { ErrorSummary } from '../components/error-summary'
import { Layout } from '../layout/layout'
import { fieldId } from './blocks'

/** Where the exercise sits: part, module, and "exercise 3 of 6". */
export function Position(props: { context: ExerciseContext }) {
  const c = props.context
  return (
    <nav class="dt-position" aria-label="Where you are">
      <ol class="dt-breadcrumbs">
        <li>
          <a href={`/workbook/contents#part-${c.partId}`}>{c.partTitle}</a>
        </li>
        <li>
          <a href={`/workbook/contents#module-${c.moduleId}`}>{c.moduleTitle}</a>
        </li>
        <li aria-current="page">
          Exercise {c.position} of {c.moduleSize}
        </li>
      </ol>
    </nav>
  )
}

/** An exercise as a thread: the workbook's words, the learner's answers, the current question. */
export function ExercisePage(props: {
  nonce?: string
  context: ExerciseContext
  /** The thread's blocks, already rendered. */
  blocks: Child
  error?: { localId: string; message: string }
  conflict?: boolean
  status?: string
}) {
  const c = props.context
  return (
    <Layout
      title={c.title}
      nonce={props.nonce}
      signedIn={true}
      hasErrors={!!props.error}
      status={props.status}
    >
      {props.error ? (
        <ErrorSummary
          errors={[{ href: `#${fieldId(props.error.localId)}`, message: props.error.message }]}
        />
      ) : null}
      <Position context={c} />
      <h1>{c.title}</h1>
      <ol class="dt-thread" id="thread">
        {props.blocks}
      </ol>
      <nav class="dt-pager" aria-label="Exercises">
        <ul>
          {c.previous ? (
            <li>
              <a href={`/workbook/${c.previous.id}`} rel="prev">
                Previous: {c.previous.title}
              </a>
            </li>
          ) : null}
          <li>
            <a href="/workbook/contents">All exercises</a>
          </li>
        </ul>
      </nav>
    </Layout>
  )
}

/** An exercise the learner has not reached yet: says what comes first. */
export function NotYetPage(props: {
  nonce?: string
  context: ExerciseContext
  frontier: { id: string; title: string }
}) {
  return (
    <Layout title={props.context.title} nonce={props.nonce} signedIn={true}>
      <Position context={props.context} />
      <h1>{props.context.title}</h1>
      <p>This exercise builds on the ones before it, so it opens once you reach it.</p>
      <p>
        You are currently on <strong>{props.frontier.title}</strong>.
      </p>
      <p>
        <Button href={`/workbook/${props.frontier.id}`}>Go to {props.frontier.title}</Button>
      </p>
      <p>
        <a href="/workbook/contents">See all exercises</a>
      </p>
    </Layout>
  )
}
