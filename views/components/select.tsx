import { describedBy, frameOf, LabelledControl, type ControlProps } from './field-parts'
import type { Choice } from './choices'

/**
 * A native select: one choice from a longer list, with a blank first option.
 * @example <Select name="city" label="Which city?" choices={[{ value: 'leeds', label: 'Leeds' }]} value="leeds" />
 */
export function Select(props: ControlProps & { choices: Choice[] }) {
  const id = props.id ?? props.name
  return (
    <LabelledControl {...frameOf(props)}>
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
