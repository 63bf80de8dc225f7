/** The list builder: the GOV.UK "add another" pattern, with every action a real form post. */
import { ErrorMessage } from '../components/field-parts'
import { ActionButton, capital, fieldError, focused, shown } from './parts'
import { toolFieldId, type ToolFrame, type ToolView } from './tool'

type Props = { frame: ToolFrame; view: Extract<ToolView, { tool: 'list-builder' }> }

/**
 * The items as editable fields, each with its move and remove buttons, then the field to add
 * one more. Used by the list builder and by the ranking's first step.
 */
export function EditableItems(props: {
  frame: ToolFrame
  items: { id: string; text: string }[]
  noun: string
  max: number
  /** The legend of the items, for screen readers and sighted learners alike. */
  legend: string
}) {
  const { frame, items, noun, max } = props
  const full = items.length >= max
  const newError = fieldError(frame, 'new')
  return (
    <>
      <fieldset class="dt-fieldset">
        <legend class="dt-legend">{props.legend}</legend>
        {items.length === 0 ? (
          <p class="dt-tool-empty">Nothing here yet. Add your first {noun} below.</p>
        ) : (
          <ol class="dt-tool-items">
            {items.map((item, i) => {
              const name = `text-${item.id}`
              const id = toolFieldId(frame, name)
              const error = fieldError(frame, name)
              return (
                <li class={`dt-tool-item${error ? ' dt-field--error' : ''}`}>
                  <label class="dt-label" for={id}>
                    {capital(noun)} {i + 1}
                  </label>
                  <ErrorMessage id={id} error={error} />
                  <input
                    class={`dt-input${error ? ' dt-input--error' : ''}`}
                    id={id}
                    name={name}
                    value={shown(frame, name, item.text)}
                    aria-describedby={error ? `${id}-error` : undefined}
                    aria-invalid={error ? 'true' : undefined}
                    autofocus={focused(frame, name)}
                  />
                  <span class="dt-tool-item__actions">
                    {i > 0 ? (
                      <ActionButton frame={frame} action="up" item={item.id} id={`up-${item.id}`}>
                        Move up<span class="dt-visually-hidden"> “{item.text}”</span>
                      </ActionButton>
                    ) : null}
                    {i < items.length - 1 ? (
                      <ActionButton
                        frame={frame}
                        action="down"
                        item={item.id}
                        id={`down-${item.id}`}
                      >
                        Move down<span class="dt-visually-hidden"> “{item.text}”</span>
                      </ActionButton>
                    ) : null}
                    <ActionButton frame={frame} action="remove" item={item.id} variant="warning">
                      Remove<span class="dt-visually-hidden"> “{item.text}”</span>
                    </ActionButton>
                  </span>
                </li>
              )
            })}
          </ol>
        )}
      </fieldset>
      <div class={`dt-field${newError ? ' dt-field--error' : ''}`}>
        <label class="dt-label" for={toolFieldId(frame, 'new')}>
          {items.length === 0 ? `Your first ${noun}` : `Add another ${noun}`}
        </label>
        <div class="dt-hint" id={`${toolFieldId(frame, 'new')}-hint`}>
          {items.length > max
            ? `You have ${items.length}, more than the ${max} this holds. Remove ${items.length - max} before you add another.`
            : full
              ? `Your list is full: it holds up to ${max}. Remove one to add another.`
              : `You have ${items.length} of up to ${max}.`}
        </div>
        <ErrorMessage id={toolFieldId(frame, 'new')} error={newError} />
        <input
          class={`dt-input${newError ? ' dt-input--error' : ''}`}
          id={toolFieldId(frame, 'new')}
          name="new"
          value={shown(frame, 'new', '')}
          aria-describedby={`${toolFieldId(frame, 'new')}-hint${newError ? ` ${toolFieldId(frame, 'new')}-error` : ''}`}
          aria-invalid={newError ? 'true' : undefined}
          autofocus={focused(frame, 'new')}
        />
      </div>
      <p>
        <ActionButton frame={frame} action="add">
          Add {noun}
        </ActionButton>
      </p>
    </>
  )
}

export function ListBuilderTool(props: Props) {
  const { frame, view } = props
  return (
    <EditableItems
      frame={frame}
      items={view.value.items}
      noun={view.noun}
      max={view.max}
      legend={`Your list${view.min > 0 ? ` (at least ${view.min})` : ''}`}
    />
  )
}
