import { describedBy, LabelledControl } from './field-parts'
import type { Choice } from './choices'

/**
 * A native select: one choice from a longer list, with a blank first option.
 * @example <Select name="city" label="Which city?" choices={[{ value: 'leeds', label: 'Leeds' }]} value="leeds" />
 */
export function Select(props: {
  name: string
  label: string
  choices: Choice[]
  id?: string
  hint?: string
  error?: string
  value?: string
  optional?: boolean
  heading?: 'h1' | 'h2'
  /** Focus this control when it arrives (an htmx swap that moved the learner on). */
  autofocus?: boolean
}) {
  const id = props.id ?? props.name
  return (
    <LabelledControl
      id={id}
      label={props.label}
      hint={props.hint}
      error={props.error}
      optional={props.optional}
      heading={props.heading}
    >
      <select
        class={`dt-select${props.error ? ' dt-select--error' : ''}`}
        id={id}
        name={props.name}
        autofocus={props.autofocus}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        <option value="">Choose one</option>
        {props.choices.map((c) => (
          <option value={c.value} selected={c.value === props.value}>
            {c.label}
          </option>
        ))}
      </select>
    </LabelledControl>
  )
}
