/**
 * The mindset profiles: one fieldset per mindset, its name as the legend and what it means as
 * the hint, with the person who shows it and why.
 */
import { Field } from '../components/field'
import { TextArea } from '../components/text-area'
import { ActionButton, fieldError, focused, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type Props = { frame: ToolFrame; view: Extract<ToolView, { tool: 'mindset-profiles' }> }

export function MindsetProfilesTool(props: Props) {
  const { frame, view } = props
  return (
    <>
      {view.mindsets.map((m) => {
        const legendHint = toolFieldId(frame, `about-${m.id}`)
        const person = `person-${m.id}`
        const why = `why-${m.id}`
        return (
          <fieldset class="dt-fieldset dt-tool-group" aria-describedby={legendHint}>
            <legend class="dt-legend">{m.name}</legend>
            <div id={legendHint} class="dt-hint">
              {m.description}
            </div>
            <Field
              name={person}
              id={toolFieldId(frame, person)}
              label={`Who shows ${m.name.toLowerCase()}?`}
              hint="Someone you know, or someone you have read about or watched."
              value={shown(frame, person, m.person)}
              error={fieldError(frame, person)}
              autofocus={focused(frame, person)}
              maxlength={200}
            />
            <TextArea
              name={why}
              id={toolFieldId(frame, why)}
              label={`What do they do that shows ${m.name.toLowerCase()}?`}
              value={shown(frame, why, m.why)}
              error={fieldError(frame, why)}
              autofocus={focused(frame, why)}
              rows={3}
            />
          </fieldset>
        )
      })}
      <p>
        <ActionButton frame={frame} action="save" id="save">
          Save my profiles
        </ActionButton>
      </p>
    </>
  )
}
