/**
 * The blocks of an exercise thread. Each is an `<li>` with a stable id (`b-<local id>`) that is
 * also its own HTMX target, so a save swaps exactly the block it came from.
 */
import { Button } from '../components/button'
import { Checkboxes } from '../components/choices'
import { ErrorSummary } from '../components/error-summary'
import { ToolSummary } from '../tools/tool-block'
import { AnswerText, ContentText } from './answer-text'
import type { Answer, AnswerValue, Echo, QuestionView } from './question'
import { Echoes } from './echoes'
import { fieldId, QuestionControl } from './question-control'

const blockId = (localId: string) => `b-${localId}`
const answerUrl = (q: QuestionView) =>
  `/workbook/${q.exerciseId}/answers/${encodeURIComponent(q.placementId)}`

/** Focus lands here after a swap: the first new block (it has tabindex="-1"). */
type Focus = { autofocus?: boolean }

/** A block of the workbook's own words. */
export function ContentBlock(
  props: { localId: string; text: string; mentions?: Readonly<Record<string, Echo>> } & Focus,
) {
  return (
    <li
      class="dt-block dt-block--content"
      id={blockId(props.localId)}
      tabindex={props.autofocus ? -1 : undefined}
      autofocus={props.autofocus}
    >
      <ContentText text={props.text} mentions={props.mentions} />
    </li>
  )
}

/** A question the learner has answered: their words, and a way to change them. */
export function AnsweredBlock(props: { question: QuestionView; answer: Answer } & Focus) {
  const q = props.question
  const editUrl = `${answerUrl(q)}/edit`
  return (
    <li
      class="dt-block dt-block--answered"
      id={blockId(q.localId)}
      tabindex={props.autofocus ? -1 : undefined}
      autofocus={props.autofocus}
    >
      <h2 class="dt-block__question">{q.label}</h2>
      <div class="dt-answer">
        <p class="dt-answer__who">You wrote:</p>
        <AnswerText question={q} value={props.answer.value} unreadable={props.answer.unreadable} />
      </div>
      <p class="dt-block__actions">
        <a
          href={`${editUrl}#${blockId(q.localId)}`}
          hx-get={editUrl}
          hx-target={`#${blockId(q.localId)}`}
          hx-swap="outerHTML"
        >
          {props.answer.unreadable ? (
            <>
              Write a new answer<span class="dt-visually-hidden"> to “{q.label}”</span>
            </>
          ) : (
            <>
              Change<span class="dt-visually-hidden"> your answer to “{q.label}”</span>
            </>
          )}
        </a>
      </p>
    </li>
  )
}

/**
 * A question as a form: the current one, one being changed, or one whose save met a newer
 * version (conflict), where both texts are shown and the learner chooses.
 */
export function QuestionBlock(
  props: {
    question: QuestionView
    mode: 'current' | 'edit' | 'conflict'
    value?: AnswerValue
    version: number
    error?: string
    saved?: Answer
    /** This form's own id: a retry of the same submission is known as already saved. */
    submissionId: string
    /** The answer being changed could not be opened: replacing it needs a ticked box. */
    replacing?: boolean
    /** Show the error summary inside the block (HTMX swaps, where the page's top is not re-rendered). */
    inlineSummary?: boolean
  } & Focus,
) {
  const q = props.question
  const target = `#${blockId(q.localId)}`
  // Focus on arrival: a conflict's explanation first; otherwise the question's own control. With
  // an error, the error summary takes focus instead.
  const focusBlock = !!props.autofocus && !props.error && props.mode === 'conflict'
  const focusControl = !!props.autofocus && !props.error && props.mode !== 'conflict'
  return (
    <li
      class={`dt-block dt-block--question${props.mode === 'conflict' ? ' dt-block--conflict' : ''}`}
      id={blockId(q.localId)}
      tabindex={focusBlock ? -1 : undefined}
      autofocus={focusBlock}
    >
      {props.error && props.inlineSummary ? (
        <ErrorSummary errors={[{ href: `#${fieldId(q.localId)}`, message: props.error }]} />
      ) : null}
      {props.mode === 'conflict' && props.saved ? (
        <div class="dt-conflict">
          <h2>This answer changed somewhere else</h2>
          <p>
            A newer version was saved, perhaps in another tab or on another device, after this page
            was opened. Nothing has been lost. Here is the saved version:
          </p>
          <div class="dt-answer">
            <AnswerText
              question={q}
              value={props.saved.value}
              unreadable={props.saved.unreadable}
            />
          </div>
          <p>
            Below is what you just wrote. Keep it as it is, combine the two, or keep the saved
            version.
          </p>
        </div>
      ) : null}
      <Echoes echoes={q.echoes} />
      {q.tool ? (
        <p class="dt-tool-note">
          <strong>Plain-text version.</strong> This will become an interactive {q.tool.title}. For
          now, answer in your own words; the tool will pick up what you write here.
        </p>
      ) : null}
      <form
        method="post"
        action={answerUrl(q)}
        novalidate
        hx-post={answerUrl(q)}
        hx-target={target}
        hx-swap="outerHTML"
      >
        <input type="hidden" name="version" value={String(props.version)} />
        <input type="hidden" name="submission" value={props.submissionId} />
        <QuestionControl
          question={q}
          value={props.value}
          error={props.error}
          autofocus={focusControl}
        />
        {props.replacing ? (
          <>
            <input type="hidden" name="replacing" value="unreadable" />
            <Checkboxes
              name="replace"
              id={`${fieldId(q.localId)}-replace`}
              legend="Replace the answer we could not open?"
              hint="The earlier answer stays stored as it is until you save."
              choices={[{ value: 'yes', label: 'Yes, replace it with what I have written here' }]}
              values={[]}
            />
          </>
        ) : null}
        {props.mode === 'current' ? (
          <Button>
            {q.optional ? 'Save and continue (you can leave it blank)' : 'Save and continue'}
          </Button>
        ) : (
          <Button>{props.mode === 'conflict' ? 'Keep my version' : 'Save changes'}</Button>
        )}
        {props.mode !== 'current' ? (
          <a class="dt-cancel" href={`/workbook/${q.exerciseId}#${blockId(q.localId)}`}>
            {props.mode === 'conflict' ? 'Keep the saved version' : 'Cancel'}
          </a>
        ) : null}
      </form>
    </li>
  )
}

/** The end of an exercise: what the learner wrote, and where to go next. */
export function EndBlock(
  props: {
    /** Each answer in the learner's words: a prompt's answer, or a tool's value as lines. */
    summary: (
      { label: string; question: QuestionView; answer: Answer } | { label: string; lines: string[] }
    )[]
    next: { id: string; title: string; moduleTitle: string } | null
    sameModule: boolean
  } & Focus,
) {
  return (
    <li
      class="dt-block dt-block--end"
      id="b-end"
      tabindex={props.autofocus ? -1 : undefined}
      autofocus={props.autofocus}
    >
      <h2>You have finished this exercise</h2>
      <p>Here is what you wrote. You can change any answer above at any time.</p>
      <dl class="dt-summary">
        {props.summary.map((row) => (
          <div class="dt-summary__row">
            <dt>{row.label}</dt>
            <dd>
              {'lines' in row ? (
                <ToolSummary lines={row.lines} />
              ) : (
                <AnswerText
                  question={row.question}
                  value={row.answer.value}
                  unreadable={row.answer.unreadable}
                />
              )}
            </dd>
          </div>
        ))}
      </dl>
      {props.next ? (
        <p>
          <Button href={`/workbook/${props.next.id}`}>Next: {props.next.title}</Button>
          {props.sameModule ? null : (
            <span class="dt-next-module">This starts a new module: {props.next.moduleTitle}.</span>
          )}
        </p>
      ) : (
        <p>
          This was the last exercise in the workbook. Take a moment with what you have written.{' '}
          <a href="/workbook/contents">Look back over all of it</a>.
        </p>
      )}
    </li>
  )
}
