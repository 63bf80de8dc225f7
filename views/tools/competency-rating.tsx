/**
 * The competency self-rating: one section per group, and in it one radio group per competency,
 * each level named and described for that competency. A short list of the groups at the top and
 * a save button at the end of each group keep a long page easy to move through.
 */
import { ErrorMessage } from '../components/field-parts'
import { ActionButton, fieldError, focused, shown } from './parts'
import { toolFieldId, type CompetencyGroupView, type ToolFrame, type ToolView } from './tool'

type Props = { frame: ToolFrame; view: Extract<ToolView, { tool: 'competency-rating' }> }

const groupHeadingId = (frame: ToolFrame, id: string) => toolFieldId(frame, `group-${id}`)

/** One competency: its name as the legend, what it means as the hint, then its five levels. */
function CompetencyLevels(props: {
  frame: ToolFrame
  competency: CompetencyGroupView['competencies'][number]
  /** Its position on the page: short ids for its radios and hints keep a long page small. */
  n: number
  levelNames: string[]
}) {
  const { frame, competency: c } = props
  const short = toolFieldId(frame, `c${props.n}`)
  const name = `level-${c.id}`
  const id = toolFieldId(frame, name)
  const error = fieldError(frame, name)
  const chosen = shown(frame, name, c.level === null ? '' : String(c.level))
  return (
    <div class={`dt-field dt-rating${error ? ' dt-field--error' : ''}`}>
      <fieldset class="dt-fieldset" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
        <legend class="dt-legend">{c.name}</legend>
        <div id={`${id}-hint`} class="dt-hint">
          {c.description}
        </div>
        <ErrorMessage id={id} error={error} />
        <div class="dt-radios dt-levels">
          {props.levelNames.map((levelName, i) => {
            // The first radio carries the group's id, so the error summary's link lands on it.
            const itemId = i === 0 ? id : `${short}-${i + 1}`
            const hintId = `${short}-${i + 1}h`
            const value = String(i + 1)
            return (
              <div class="dt-choice">
                <input
                  class="dt-choice__input"
                  id={itemId}
                  name={name}
                  type="radio"
                  value={value}
                  checked={chosen === value}
                  aria-describedby={hintId}
                  autofocus={i === 0 && focused(frame, name)}
                />
                <label class="dt-choice__label" for={itemId}>
                  {value} {levelName}
                </label>
                <div id={hintId} class="dt-hint dt-choice__hint">
                  {c.levels[i]}
                </div>
              </div>
            )
          })}
        </div>
      </fieldset>
    </div>
  )
}

export function CompetencyRatingTool(props: Props) {
  const { frame, view } = props
  const names = view.levelNames
  // Counted from what the page shows, so a problem's page counts the choices kept on it.
  const rated = view.groups
    .flatMap((g) => g.competencies)
    .filter((c) => /^[1-5]$/.test(shown(frame, `level-${c.id}`, String(c.level ?? '')))).length
  return (
    <>
      <p class="dt-rating-intro">
        Levels run from 1, {names[0]?.toLowerCase()}, to {names.length},{' '}
        {names[names.length - 1]?.toLowerCase()}. You have rated {rated} of {view.total}.
      </p>
      {view.groups.length > 1 ? (
        <nav class="dt-rating-nav" aria-label="Competency groups">
          <ul>
            {view.groups.map((g) => (
              <li>
                <a href={`#${groupHeadingId(frame, g.id)}`}>{g.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {view.groups.map((g) => (
        <section class="dt-rating-group" aria-labelledby={groupHeadingId(frame, g.id)}>
          <h3 class="dt-rating-group__title" id={groupHeadingId(frame, g.id)}>
            {g.name}
          </h3>
          {g.description ? <p class="dt-hint">{g.description}</p> : null}
          {g.competencies.map((c) => (
            <CompetencyLevels
              frame={frame}
              competency={c}
              n={view.groups.flatMap((x) => x.competencies).indexOf(c) + 1}
              levelNames={view.levelNames}
            />
          ))}
          <p>
            <ActionButton frame={frame} action="save" item={g.id} id={`save-${g.id}`}>
              Save my ratings
            </ActionButton>
          </p>
        </section>
      ))}
    </>
  )
}
