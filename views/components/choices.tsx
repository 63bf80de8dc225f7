import { describedBy, ErrorMessage, Hint, LabelText, QuestionHeading } from './field-parts'

export type Choice = { value: string; label: string; hint?: string }

type ChoicesProps = {
  name: string
  legend: string
  choices: Choice[]
  id?: string
  hint?: string
  error?: string
  optional?: boolean
  /** Lay the choices out in a row (for short numeric scales). */
  inline?: boolean
  /** Wrap the legend's text in a heading when the question is the heading of its block. */
  heading?: 'h1' | 'h2'
  /** Focus the first choice when the group arrives (an htmx swap that moved the learner on). */
  autofocus?: boolean
}

function ChoiceGroup(
  props: ChoicesProps & { type: 'radio' | 'checkbox'; checked: (value: string) => boolean },
) {
  const id = props.id ?? props.name
  return (
    <div class={`dt-field${props.error ? ' dt-field--error' : ''}`}>
      <fieldset class="dt-fieldset" aria-describedby={describedBy(id, props.hint, props.error)}>
        <legend class="dt-legend">
          <QuestionHeading heading={props.heading}>
            <LabelText label={props.legend} optional={props.optional} />
          </QuestionHeading>
        </legend>
        <Hint id={id} hint={props.hint} />
        <ErrorMessage id={id} error={props.error} />
        <div
          class={`${props.type === 'radio' ? 'dt-radios' : 'dt-checkboxes'}${props.inline ? ' dt-choices--inline' : ''}`}
        >
          {props.choices.map((choice, i) => {
            // The first control carries the group's id, so error summary links land on it.
            const itemId = i === 0 ? id : `${id}-${i + 1}`
            return (
              <div class="dt-choice">
                <input
                  class="dt-choice__input"
                  id={itemId}
                  name={props.name}
                  type={props.type}
                  value={choice.value}
                  checked={props.checked(choice.value)}
                  autofocus={props.autofocus && i === 0}
                  aria-describedby={choice.hint ? `${itemId}-item-hint` : undefined}
                />
                <label class="dt-choice__label" for={itemId}>
                  {choice.label}
                </label>
                {choice.hint ? (
                  <div id={`${itemId}-item-hint`} class="dt-hint dt-choice__hint">
                    {choice.hint}
                  </div>
                ) : null}
              </div>
            )
          })}
        </div>
      </fieldset>
    </div>
  )
}

/**
 * One choice from a few, in a fieldset with a legend.
 * @example <Radios name="when" legend="When do you work best?" choices={[{ value: 'am', label: 'Mornings' }, { value: 'pm', label: 'Evenings' }]} value="am" />
 */
export function Radios(props: ChoicesProps & { value?: string }) {
  return <ChoiceGroup {...props} type="radio" checked={(v) => v === props.value} />
}

/**
 * Any number of choices, in a fieldset with a legend.
 * @example <Checkboxes name="kinds" legend="Which apply?" choices={choices} values={['a']} />
 */
export function Checkboxes(props: ChoicesProps & { values?: string[] }) {
  return (
    <ChoiceGroup {...props} type="checkbox" checked={(v) => (props.values ?? []).includes(v)} />
  )
}
