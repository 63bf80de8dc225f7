/**
 * The personality type: one of the 16 types to pick, or, for a learner who is not sure, the four
 * preference questions whose answers make a type. The type reached is shown with its summary and
 * a plain reminder that it is one way of looking, not a verdict.
 */
import { Radios } from '../components/choices'
import { ActionButton, fieldError, focused, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type Props = { frame: ToolFrame; view: Extract<ToolView, { tool: 'personality-type' }> }

function Result(props: Props) {
  const { frame, view } = props
  const result = view.result
  if (!result) return null
  const id = toolFieldId(frame, 'result')
  return (
    <section
      class="dt-type-result"
      id={id}
      tabindex={-1}
      autofocus={focused(frame, 'result')}
      aria-labelledby={`${id}-heading`}
    >
      <h3 class="dt-type-result__title" id={`${id}-heading`}>
        {result.code}: {result.name}
      </h3>
      <p class="dt-hint">
        {result.via === 'picked'
          ? 'You chose this type yourself.'
          : 'Your answers to the four questions point to this type.'}
      </p>
      <p>{result.summary}</p>
      <p class="dt-tool-note">
        Take this as one lens to look through, not a verdict. You are far more than four letters,
        and preferences often shift with time, with the setting and with the people around you. Keep
        what rings true, and let the rest go.
      </p>
    </section>
  )
}

function Pick(props: Props) {
  const { frame, view } = props
  return (
    <>
      <p class="dt-hint">Not sure which type fits? Four short questions can suggest one.</p>
      <p>
        <ActionButton frame={frame} action="unsure" id="unsure">
          I am not sure
        </ActionButton>
      </p>
      <div class="dt-type-choices">
        <Radios
          id={toolFieldId(frame, 'type')}
          name="type"
          legend="Choose one of the 16 types"
          hint="If you have taken a personality questionnaire before, choose the type it gave you, or the one you recognize yourself in."
          error={fieldError(frame, 'type')}
          value={shown(frame, 'type', view.picked ?? '')}
          autofocus={focused(frame, 'type')}
          choices={view.types.map((t) => ({ value: t.code, label: `${t.code}: ${t.name}` }))}
        />
      </div>
      <p>
        <ActionButton frame={frame} action="save" id="show">
          Show this type
        </ActionButton>
      </p>
    </>
  )
}

function Preferences(props: Props) {
  const { frame, view } = props
  return (
    <>
      <p>
        For each question, choose the answer that sounds more like you most of the time. There are
        no better or worse answers.
      </p>
      {view.preferences.map((p) => {
        const name = `pref-${p.id}`
        return (
          <Radios
            id={toolFieldId(frame, name)}
            name={name}
            legend={p.question}
            error={fieldError(frame, name)}
            value={shown(frame, name, p.chosen ?? '')}
            autofocus={focused(frame, name)}
            choices={p.options.map((o) => ({
              value: o.letter,
              label: `${o.name} (${o.letter})`,
              hint: o.hint,
            }))}
          />
        )
      })}
      <p>
        <ActionButton frame={frame} action="save" id="show">
          Show my type
        </ActionButton>
      </p>
      {view.result ? null : (
        <p class="dt-hint">Your type appears here once you have answered all four questions.</p>
      )}
      <p>
        <ActionButton frame={frame} action="pick" id="pick">
          Choose from the 16 types instead
        </ActionButton>
      </p>
    </>
  )
}

export function PersonalityTypeTool(props: Props) {
  return (
    <>
      {props.view.mode === 'pick' ? <Pick {...props} /> : <Preferences {...props} />}
      <Result {...props} />
    </>
  )
}
