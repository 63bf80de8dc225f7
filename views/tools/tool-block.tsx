/**
 * A tool as a block of the exercise thread: `b-<localId>`, its own htmx target. Being worked in,
 * it is one form whose buttons each post to one action of the tool; finished, it is a summary
 * with a way to change it. The tool's own view fills the middle.
 */
import { ErrorSummary } from '../components/error-summary'
import { BudgetTool } from './budget'
import { CompetencyRatingTool } from './competency-rating'
import { DecisionMatrixTool } from './decision-matrix'
import { FlowLogTool } from './flow-log'
import { ListBuilderTool } from './list-builder'
import { SkillMasteryTool } from './skill-mastery'
import { SkillTaggerTool, TaggerSearch } from './skill-tagger'
import { ActionButton } from './parts'
import { SoaredStoryTool } from './soared-story'
import { RankingTool } from './ranking'
import { ReframeTool } from './reframe'
import { PersonalityTypeTool } from './personality-type'
import { IdeaTreeTool } from './idea-tree'
import { TimelineTool } from './timeline'
import { LifeBalanceTool } from './life-balance'
import { MindsetProfilesTool } from './mindset-profiles'
import { actionUrl, errorHref, type ToolFrame, type ToolView } from './tool'
import { Echoes } from '../workbook/echoes'
import type { BringIn } from '../workbook/question'

const blockId = (localId: string) => `b-${localId}`

/** The tool's interactive part, by tool: the one switch the views need. */
function ToolBody(props: { frame: ToolFrame; view: ToolView }) {
  switch (props.view.tool) {
    case 'list-builder':
      return <ListBuilderTool frame={props.frame} view={props.view} />
    case 'skill-tagger':
      return <SkillTaggerTool frame={props.frame} view={props.view} />
    case 'skill-mastery':
      return <SkillMasteryTool frame={props.frame} view={props.view} />
    case 'soared-story':
      return <SoaredStoryTool frame={props.frame} view={props.view} />
    case 'ranking':
      return <RankingTool frame={props.frame} view={props.view} />
    case 'competency-rating':
      return <CompetencyRatingTool frame={props.frame} view={props.view} />
    case 'personality-type':
      return <PersonalityTypeTool frame={props.frame} view={props.view} />
    case 'budget':
      return <BudgetTool frame={props.frame} view={props.view} />
    case 'reframe':
      return <ReframeTool frame={props.frame} view={props.view} />
    case 'decision-matrix':
      return <DecisionMatrixTool frame={props.frame} view={props.view} />
    case 'idea-tree':
      return <IdeaTreeTool frame={props.frame} view={props.view} />
    case 'timeline':
      return <TimelineTool frame={props.frame} view={props.view} />
    case 'flow-log':
      return <FlowLogTool frame={props.frame} view={props.view} />
    case 'life-balance':
      return <LifeBalanceTool frame={props.frame} view={props.view} />
    case 'mindset-profiles':
      return <MindsetProfilesTool frame={props.frame} view={props.view} />
  }
}

/** What a tool shows before its form: a form of its own, such as a search (forms cannot nest). */
function ToolBefore(props: { frame: ToolFrame; view: ToolView }) {
  switch (props.view.tool) {
    case 'skill-tagger':
      return <TaggerSearch frame={props.frame} view={props.view} />
    default:
      return null
  }
}

/** The learner's earlier plain-text answer, kept and shown: nothing is dropped. */
function Legacy(props: { frame: ToolFrame }) {
  const f = props.frame
  if (!f.legacy) return null
  return (
    <div class="dt-tool-legacy">
      <p class="dt-answer__who">You wrote this here before this tool existed:</p>
      <blockquote class="dt-answer">
        {f.legacy
          .split(/\n\s*\n/)
          .filter((p) => p.trim() !== '')
          .map((p) => (
            <p class="dt-answer__text">{p}</p>
          ))}
      </blockquote>
      {f.fromLegacy ? (
        <p>
          We have used it to make a start below. Change anything you like; nothing is saved until
          you choose a button.
        </p>
      ) : null}
    </div>
  )
}

/** "Bring in 2 new skills from …": items added at the tool's sources since it was saved. */
function BringInButton(props: { frame: ToolFrame; bringIn: BringIn }) {
  const b = props.bringIn
  return (
    <ActionButton frame={props.frame} action="bring-in">
      Bring in {b.count} new {b.count === 1 ? b.noun : `${b.noun}s`}
      {b.from.length ? ` from ${b.from.join(' and ')}` : ''}
    </ActionButton>
  )
}

/** The summary of a finished tool: its value in plain words. */
export function ToolSummary(props: { lines: string[] }) {
  if (props.lines.length === 0) return <p class="dt-answer__blank">You left this empty.</p>
  return (
    <ul class="dt-answer__list">
      {props.lines.map((line) => (
        <li>{line}</li>
      ))}
    </ul>
  )
}

export function ToolBlock(props: {
  frame: ToolFrame
  view: ToolView
  /** Show the error summary inside the block (an htmx swap does not re-render the page's top). */
  inlineSummary?: boolean
  autofocus?: boolean
}) {
  const f = props.frame
  const editUrl = `/workbook/${f.exerciseId}/answers/${encodeURIComponent(f.placementId)}/edit`
  if (f.state === 'answered') {
    return (
      <li
        class="dt-block dt-block--answered dt-block--tool"
        id={blockId(f.localId)}
        tabindex={props.autofocus ? -1 : undefined}
        autofocus={props.autofocus}
      >
        <h2 class="dt-block__question">{f.label}</h2>
        <div class="dt-answer">
          <p class="dt-answer__who">Yours:</p>
          <ToolSummary lines={f.lines} />
        </div>
        <Legacy frame={f} />
        <Echoes echoes={f.echoes} />
        {f.bringIn ? (
          <form
            method="post"
            action={actionUrl(f, 'bring-in')}
            hx-post={actionUrl(f, 'bring-in')}
            hx-target={`#${blockId(f.localId)}`}
            hx-swap="outerHTML"
          >
            <input type="hidden" name="version" value={String(f.version)} />
            <input type="hidden" name="submission" value={f.submissionId} />
            <BringInButton frame={f} bringIn={f.bringIn} />
          </form>
        ) : null}
        <p class="dt-block__actions">
          <a
            href={`${editUrl}#${blockId(f.localId)}`}
            hx-get={editUrl}
            hx-target={`#${blockId(f.localId)}`}
            hx-swap="outerHTML"
          >
            Change<span class="dt-visually-hidden"> “{f.label}”</span>
          </a>
        </p>
      </li>
    )
  }
  // Arriving after a swap that moved the learner on, with nothing else to focus: the heading.
  const focusBlock = !!props.autofocus && !f.error && !f.focus
  const headingId = `${blockId(f.localId)}-heading`
  return (
    <li
      class="dt-block dt-block--question dt-block--tool"
      id={blockId(f.localId)}
      tabindex={focusBlock ? -1 : undefined}
      autofocus={focusBlock}
      aria-labelledby={headingId}
    >
      {f.error && props.inlineSummary ? (
        <ErrorSummary errors={[{ href: errorHref(f, f.error.field), message: f.error.message }]} />
      ) : null}
      <h2 class="dt-block__question" id={headingId}>
        {f.label}
        {f.optional ? <span class="dt-optional"> (optional)</span> : null}
      </h2>
      {f.hint ? <p class="dt-hint">{f.hint}</p> : null}
      {f.notice ? (
        <div class="dt-conflict" role="status">
          <p>{f.notice}</p>
        </div>
      ) : null}
      <Legacy frame={f} />
      <Echoes echoes={f.echoes} />
      <ToolBefore frame={f} view={props.view} />
      <form
        method="post"
        action={actionUrl(f, 'save')}
        novalidate
        hx-post={actionUrl(f, 'save')}
        hx-target={`#${blockId(f.localId)}`}
        hx-swap="outerHTML"
      >
        {/* Enter in any field submits the form's first button: this one keeps what is typed. */}
        <button
          type="submit"
          class="dt-visually-hidden"
          formaction={actionUrl(f, 'save')}
          tabindex={-1}
          aria-hidden="true"
        >
          Save
        </button>
        <input type="hidden" name="version" value={String(f.version)} />
        <input type="hidden" name="submission" value={f.submissionId} />
        {f.bringIn ? (
          <p class="dt-bring-in">
            <BringInButton frame={f} bringIn={f.bringIn} />
          </p>
        ) : null}
        <ToolBody frame={f} view={props.view} />
        <p class="dt-tool-done">
          {f.state === 'current' ? (
            <ActionButton frame={f} action="done" variant="primary">
              {f.own
                ? 'Save and finish'
                : f.optional
                  ? 'Save and continue (you can leave it empty)'
                  : 'Save and continue'}
            </ActionButton>
          ) : (
            <>
              <ActionButton frame={f} action="done" variant="primary">
                Save changes
              </ActionButton>
              <a
                class="dt-cancel"
                href={f.own?.back ?? `/workbook/${f.exerciseId}#${blockId(f.localId)}`}
              >
                Back without saving the fields above
              </a>
            </>
          )}
        </p>
        <p class="dt-hint">Each button saves as it goes. Nothing you add is lost on a reload.</p>
      </form>
    </li>
  )
}
