/** The failure reframer: the seven parts of one reframe, each a labelled textarea with its hint. */
import { TextArea } from '../components/text-area'
import { fieldError, focused, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type Props = { frame: ToolFrame; view: Extract<ToolView, { tool: 'reframe' }> }

export function ReframeTool(props: Props) {
  const { frame, view } = props
  return (
    <fieldset class="dt-fieldset">
      <legend class="dt-legend">Your reframe, in seven parts</legend>
      <p class="dt-tool-intro">
        Take the parts in order. A few honest sentences for each is plenty.
      </p>
      {view.parts.map((p) => (
        <TextArea
          name={p.part}
          id={toolFieldId(frame, p.part)}
          label={p.label}
          optional={p.optional}
          hint={`${p.hint} Up to ${view.max.toLocaleString('en-US')} characters.`}
          value={shown(frame, p.part, p.text)}
          error={fieldError(frame, p.part)}
          autofocus={focused(frame, p.part)}
          rows={4}
        />
      ))}
    </fieldset>
  )
}
